"""`nabb uncertainty` on a workbook: the four outputs as a set, exit codes, cells named."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nabb.cli import main
from nabb.io.template import write_input_workbook
from tests.cases import SETTINGS_ONE, tables

YIELD = dict(parameter="hemp_yield", sheet="crops", column="yield_t_per_ha", filter="crop=hemp",
             distribution="uniform", low=1.0, high=5.0, basis="test range")
COST = dict(parameter="hemp_cost", sheet="crops", column="cultivation_cost_eur_per_ha", filter="crop=hemp",
            distribution="triangular", low=400.0, mode=600.0, high=900.0)


def workbook(path: Path, rows: list[dict]) -> Path:
    t = tables()
    t["crops"][0]["max_growth_ha_per_year"] = 1000.0
    t["uncertainty"] = rows
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()}, SETTINGS_ONE)
    return path


def strict_json(text: str):
    def bad(c):
        raise ValueError(f"not strict JSON: {c}")
    return json.loads(text, parse_constant=bad)


def test_writes_the_four_outputs_and_replaces_them_as_a_set(tmp_path):
    wb = workbook(tmp_path / "u.xlsx", [YIELD, COST])
    out = tmp_path / "unc"
    r = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "24", "--seed", "3",
                                  "--out", str(out), "--no-progress"])
    assert r.exit_code == 0, r.output
    from nabb.io.outputs import listing
    assert listing(out) == ["samples.csv", "uncertainty.html", "uncertainty.json", "uncertainty.xlsx"]
    doc = strict_json((out / "uncertainty.json").read_text())
    assert doc["samples"] == 24 and doc["seed"] == 3 and doc["method"] == "lhs" and doc["failed"] == 0
    assert set(doc["probability_target_met"]) == {"2030"}
    assert doc["run"]["input_sha256"] and doc["run"]["versions"]["highspy"]
    assert doc["sensitivity"]["method"] == "prcc"
    assert "P50" in doc["quantiles"]["area_ha"]["hemp"]["2030"]
    assert len(pd.read_csv(out / "samples.csv")) == 24
    html = (out / "uncertainty.html").read_text()
    # self-contained: no script, no stylesheet or image fetched from anywhere
    assert "<script" not in html and "<link" not in html and 'src="' not in html and "url(" not in html
    assert html.count("<svg") >= 10 and 'id="chart-probability"' in html
    # the same seed again: the same json numbers; the set is replaced whole
    r2 = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "24", "--seed", "3",
                                   "--out", str(out), "--no-progress"])
    assert r2.exit_code == 0, r2.output
    doc2 = strict_json((out / "uncertainty.json").read_text())
    assert doc2["quantiles"] == doc["quantiles"] and doc2["sensitivity"] == doc["sensitivity"]


def test_refuses_a_folder_with_other_files(tmp_path):
    wb = workbook(tmp_path / "u.xlsx", [YIELD])
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    r = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "4", "--out", str(out)])
    assert r.exit_code == 2 and str(out) in r.output and "not written by nabb" in r.output, r.output
    assert (out / "thesis.docx").read_text() == "precious"
    assert "reading" not in r.output          # refused before any work


@pytest.mark.parametrize("row, cell", [
    (dict(YIELD, low=6.0, high=5.0), ("G3", "I3")),                              # low > high
    (dict(YIELD, distribution="normal", low=None, high=None, mean=3.0, sd=-1.0), "K3"),  # sd < 0
    (dict(YIELD, column="yield_per_ha"), "C3"),                                  # unknown column
    (dict(YIELD, sheet="crop"), "B3"),                                           # unknown sheet
])
def test_bad_input_exits_2_naming_the_cell(tmp_path, row, cell):
    wb = workbook(tmp_path / "u.xlsx", [row])
    r = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "4", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2, r.output
    cells = cell if isinstance(cell, tuple) else (cell,)
    assert any(f"uncertainty:{c}" in r.output for c in cells), r.output
    assert not (tmp_path / "o").exists()


def test_unknown_parameter_in_a_correlation_and_a_matrix_not_psd_exit_2(tmp_path):
    wb = workbook(tmp_path / "a.xlsx", [dict(YIELD, correlation_group="g", correlation="hemp_costs=0.5"),
                                        dict(COST, correlation_group="g")])
    r = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "4", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "uncertainty:N3" in r.output and "hemp_costs" in r.output, r.output
    third = dict(COST, parameter="margin", column="competing_margin_eur_per_ha", low=800.0, mode=1000.0,
                 high=1200.0, correlation_group="g")
    wb = workbook(tmp_path / "b.xlsx", [dict(YIELD, correlation_group="g", correlation="hemp_cost=-0.9;margin=-0.9"),
                                        dict(COST, correlation_group="g", correlation="margin=-0.9"), third])
    r = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "4", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "positive semi-definite" in r.output, r.output
    assert "uncertainty:N3" in r.output


def test_ctrl_c_keeps_the_finished_samples(tmp_path, monkeypatch):
    import nabb.uncertainty.engine as engine
    real = engine.sample_kpis
    calls = {"n": 0}

    def interrupt_at_the_sixth(*a, **k):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return real(*a, **k)
    monkeypatch.setattr(engine, "sample_kpis", interrupt_at_the_sixth)
    wb = workbook(tmp_path / "u.xlsx", [YIELD])
    out = tmp_path / "unc"
    r = CliRunner().invoke(main, ["uncertainty", str(wb), "--samples", "20", "--out", str(out), "--no-progress"])
    assert r.exit_code == 130, r.output
    doc = strict_json((out / "uncertainty.json").read_text())
    assert doc["interrupted"] is True and doc["solved"] == 5
    assert doc["statuses"]["not_run"] == 15          # counted, never dropped
    assert len(pd.read_csv(out / "samples.csv")) == 20


def test_help_has_examples():
    r = CliRunner().invoke(main, ["uncertainty", "--help"])
    assert r.exit_code == 0 and "Examples:" in r.output and "--scheduler" in r.output
