"""End to end through the CLI: run, template, export, version."""
import json

import highspy
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb import __version__
from nabb.cli import main
from nabb.io.reader import read_workbook
from nabb.io.template import write_input_workbook
from tests.cases import SETTINGS_ONE, tables


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "one.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in tables().items()}, SETTINGS_ONE)
    return path


def test_run_writes_report_and_summary(workbook, tmp_path):
    out = tmp_path / "reports"
    r = CliRunner().invoke(main, ["run", str(workbook), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "biobased share of new-build homes 50.0%" in r.output
    summary = json.loads((out / "base" / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["objective_eur"] == pytest.approx(1_000_000)
    y = summary["years"]["2030"]
    assert y["target_share"] == 0.5 and y["biobased_share"] == pytest.approx(0.5)
    assert y["shortfall_homes"] == pytest.approx(0)
    assert y["area_ha"]["hemp"] == pytest.approx(250)
    assert y["processing_capacity_t"]["decort"] == pytest.approx(100000)
    assert y["co2_stored_t"] == pytest.approx(1500)
    assert y["marginal_cost_target_eur_per_home"] == pytest.approx(2000)
    assert summary["run"]["input_sha256"] == read_workbook(workbook).sha256
    wb = load_workbook(out / "base" / "report.xlsx")
    for sheet in ("Summary", "Balance", "Cultivation", "Processing", "Flows", "Demand", "Prices",
                  "Costs", "Run"):
        assert sheet in wb.sheetnames
        assert wb[sheet].tables, f"{sheet} has no Excel table"
    run_items = {row[0]: row[1] for row in wb["Run"].iter_rows(min_row=2, values_only=True)}
    assert run_items["input_sha256"] == summary["run"]["input_sha256"]
    assert run_items["status"] == "optimal"
    assert "version.pyomo" in run_items and "timing.solve_s" in run_items
    headers = [c.value for c in wb["Cultivation"][1]]
    assert "area [ha]" in headers


def test_rerun_replaces_report_only_when_complete(workbook, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    assert CliRunner().invoke(main, ["run", str(workbook), "--out", str(out)]).exit_code == 0
    before = (out / "base" / "summary.json").read_bytes()
    from nabb.reports import workbook as wbmod

    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(wbmod, "build_report", boom)
    r = CliRunner().invoke(main, ["run", str(workbook), "--out", str(out)])
    assert r.exit_code != 0
    assert (out / "base" / "summary.json").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["base"]   # no temporary folder left behind


def test_template_input_has_schema_headers_and_dropdowns(tmp_path):
    out = tmp_path / "blank.xlsx"
    r = CliRunner().invoke(main, ["template", "input", str(out)])
    assert r.exit_code == 0
    wb = load_workbook(out)
    ws = wb["crops"]
    assert ws["A1"].value == "crop" and ws["C2"].value == "[t/ha]"
    assert ws["A1"].comment is not None
    assert any("arable" in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    r = CliRunner().invoke(main, ["template", "input", str(out)])
    assert r.exit_code == 2   # never overwrites


def test_export_mps_reads_back_in_highs_with_same_optimum(workbook, tmp_path):
    out = tmp_path / "m.mps"
    r = CliRunner().invoke(main, ["export", str(workbook), "--format", "mps", "-o", str(out)])
    assert r.exit_code == 0, r.output
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(out))
    h.run()
    assert h.getInfo().objective_function_value * 1e6 == pytest.approx(1_000_000)


def test_version_and_help():
    r = CliRunner().invoke(main, ["--version"])
    assert __version__ in r.output
    for cmd in (["run"], ["validate"], ["export"], ["schema-doc"], ["template"], ["template", "input"],
                ["template", "capacity"], ["capacity"], ["capacity", "check"], ["capacity", "merge"],
                ["compare"], ["sweep"]):
        h = CliRunner().invoke(main, cmd + ["--help"])
        assert h.exit_code == 0 and "Example" in h.output, cmd


def test_schema_doc_is_up_to_date():
    from pathlib import Path
    from nabb.schema import schema_markdown
    doc = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
    assert doc.read_text() == schema_markdown(), "run: make schema-doc"


def test_infeasible_hard_target_is_an_answer_with_reasons(tmp_path):
    """With hard_targets the target cannot be priced away: the CLI says why, exit 4."""
    t = tables()
    t["demand"][0]["units"] = 10000.0     # needs 2,500 ha; growth allows 1,000 ha
    path = tmp_path / "hard.xlsx"
    settings = dict(SETTINGS_ONE, hard_targets=True)
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()}, settings)
    out = tmp_path / "reports"
    r = CliRunner().invoke(main, ["run", str(path), "--out", str(out)])
    assert r.exit_code == 4, r.output
    assert "infeasible" in r.output.lower()
    assert "why:" in r.output and "crops!F3" in r.output   # the growth limit cell
    summary = json.loads((out / "base" / "summary.json").read_text())
    assert summary["status"] == "infeasible"


def test_outputs_get_the_usual_file_mode(workbook, tmp_path):
    import os
    import stat
    out = tmp_path / "reports"
    assert CliRunner().invoke(main, ["run", str(workbook), "--out", str(out)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE(os.stat(out / "base").st_mode)
    assert mode == 0o777 & ~umask
    blank = tmp_path / "blank.xlsx"
    CliRunner().invoke(main, ["template", "input", str(blank)])
    assert stat.S_IMODE(os.stat(blank).st_mode) == 0o666 & ~umask
