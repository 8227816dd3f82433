"""nabb compare: input cells that differ, KPI deltas, regions side by side, duals, charts."""
from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

import nabb.compare as cmpmod
from nabb import pipeline
from nabb.reports.compare import write_workbook
from nabb.scenarios import apply_scenario
from tests import fixtures_multi as fm


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    base = fm.make(regions=3)
    folders = {}
    for name in ("base", "high_carbon", "cheap_loans"):
        run_ = pipeline.solve_inputs(apply_scenario(base, name))
        folders[name] = pipeline.write_reports(run_, out)
    return folders


def sheet_rows(path, name):
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[1]
    return [dict(zip(header, r)) for r in rows[2:]]


def test_report_folder_carries_inputs_and_frames(reports):
    doc = json.loads((reports["high_carbon"] / "inputs.json").read_text())
    assert doc["scenario"] == "high_carbon"
    pol = cmpmod._table_frame(doc["tables"]["policy"])
    assert pol["carbon_price_eur_per_t"].tolist() == [200.0, 200.0, 200.0]
    assert (reports["base"] / "frames.json").exists()


def test_compare_workbook(reports, tmp_path):
    out = tmp_path / "compare.xlsx"
    comparison = cmpmod.compare_reports([reports["base"], reports["high_carbon"], reports["cheap_loans"]])
    assert not out.exists()  # the analysis writes nothing; the writer does
    write_workbook(comparison, out)
    lines = comparison.lines()
    assert lines[0].startswith("high_carbon vs base: 3 input cell(s) differ")
    diffs = sheet_rows(out, "Input differences")
    hc = [d for d in diffs if d["compared"] == "high_carbon"]
    assert {(d["sheet"], d["row"], d["column"], d["base"], d["other"]) for d in hc} == {
        ("policy", f"year={y}", "carbon_price_eur_per_t", 80, 200) for y in fm.YEARS}
    cl = [d for d in diffs if d["compared"] == "cheap_loans"]
    assert [(d["sheet"], d["row"], d["other"]) for d in cl] == [("settings", "key=loan_interest_rate", 0)]

    summaries = {k: json.loads((v / "summary.json").read_text()) for k, v in reports.items()}
    kpis = sheet_rows(out, "KPI deltas")
    share = [r for r in kpis if r["year"] == 2028 and r["kpi"] == "import_share"][0]
    want = summaries["high_carbon"]["years"]["2028"]["import_share"] - summaries["base"]["years"]["2028"]["import_share"]
    assert share["change high_carbon"] == pytest.approx(want)
    assert len({r["year"] for r in kpis}) == len(fm.YEARS)

    area = sheet_rows(out, "Area by region")
    assert {"area_ha base", "area_ha high_carbon", "area_ha cheap_loans", "change high_carbon"} <= set(area[0])
    flax = [r for r in area if r["crop"] == "flax" and r["year"] == 2030]
    assert sum(r["area_ha high_carbon"] for r in flax) == pytest.approx(
        summaries["high_carbon"]["years"]["2030"]["area_ha"]["flax"])
    cap = sheet_rows(out, "Capacity by region")
    assert all(r["change high_carbon"] == pytest.approx(r["capacity_t_per_yr high_carbon"]
                                                        - r["capacity_t_per_yr base"]) for r in cap)
    duals = sheet_rows(out, "Target dual changes")
    d2030 = [r for r in duals if r["year"] == 2030][0]
    assert d2030["marginal_cost_eur_per_unit base"] == pytest.approx(
        summaries["base"]["years"]["2030"]["marginal_cost_target_eur_per_home"])
    assert d2030["change high_carbon"] < 0  # credits make the target cheaper
    # Credits by origin no longer move the fixture's commodity prices (the import sets them), so
    # check the sheet's arithmetic row by row instead of expecting a change.
    prices = sheet_rows(out, "Price changes")
    assert prices
    for r in prices:
        assert r["change high_carbon"] == pytest.approx(
            r["price_eur_per_t high_carbon"] - r["price_eur_per_t base"], abs=1e-6)

    with zipfile.ZipFile(out) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = " ".join(z.read(c).decode() for c in charts)
    assert len(charts) == 2 and "lineChart" in xml and "barChart" in xml


def test_rows_added_and_removed():
    a = cmpmod.Report(folder=None, label="a", summary={}, tables={}, settings={"x": 1}, frames=None)  # type: ignore[arg-type]
    t = fm.tables()
    base = fm.make(tables_=t)
    t2 = fm.tables()
    t2["demand"] = [r for r in t2["demand"] if not (r["region"] == "R1" and r["year"] == 2029)]
    t2["imports"].append(dict(commodity="hemp_wool", region="PORT", price_eur_per_t=2000.0))
    other = fm.make(tables_=t2)
    a.tables, a.settings = base.tables, base.settings
    b = cmpmod.Report(folder=None, label="b", summary={}, tables=other.tables,  # type: ignore[arg-type]
                      settings=other.settings, frames=None)
    d = cmpmod.input_differences(a, b)
    got = {(r.sheet, r.row, r.column, r.other) for r in d.itertuples()}
    assert got == {("demand", "region=R1; year=2029; segment=new_build; building_type=house", "(row)", "removed"),
                   ("imports", "commodity=hemp_wool; region=PORT", "(row)", "added")}


def test_report_without_inputs_json_still_compares(reports, tmp_path):
    import shutil
    copy = tmp_path / "old"
    shutil.copytree(reports["high_carbon"], copy)
    (copy / "inputs.json").unlink()
    comparison = cmpmod.compare_reports([reports["base"], copy])
    write_workbook(comparison, tmp_path / "c.xlsx")
    lines = comparison.lines()
    assert any("input differences unavailable" in ln for ln in lines)
    assert sheet_rows(tmp_path / "c.xlsx", "KPI deltas")


def test_cli_compare(reports, tmp_path):
    from nabb.cli import main
    out = tmp_path / "cli.xlsx"
    r = CliRunner().invoke(main, ["compare", str(reports["base"]), str(reports["cheap_loans"]), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.exists() and "cheap_loans vs base: 1 input cell(s) differ" in r.output
    r = CliRunner().invoke(main, ["compare", str(reports["base"]), str(tmp_path)])
    assert r.exit_code == 2 and "summary.json" in r.output


# --------------------------------------------------------------- issue 13 item 16: the lead

def test_kpi_changes_lead_in_words_and_units(reports, tmp_path):
    """compare.xlsx leads with the KPIs that changed, in words and units; the full table of
    every KPI and year follows (with the words added), noise is no change."""
    out = tmp_path / "compare.xlsx"
    comparison = cmpmod.compare_reports([reports["base"], reports["high_carbon"]])
    write_workbook(comparison, out)
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    assert names.index("KPI changes") == 1 and names.index("KPI changes") < names.index("KPI deltas")
    lead = sheet_rows(out, "KPI changes")
    full = sheet_rows(out, "KPI deltas")
    assert lead and len(lead) < len(full)
    # exactly the KPIs whose value moved in some year (relative 1e-6), no raw keys shown
    deltas = comparison.kpi_deltas
    moved = {k for k, g in deltas.groupby("kpi") if any(
        abs(b - a) > 1e-6 * max(1.0, abs(a), abs(b))
        for a, b in zip(g["base"], g["high_carbon"]) if isinstance(a, float) and isinstance(b, float))}
    assert {r["key"] for r in lead} == moved
    assert all("_" not in r["KPI"] and "." not in r["KPI"] for r in lead)
    price = [r for r in lead if r["key"] == "carbon_price_eur_per_t"][0]
    assert (price["KPI"], price["unit"], price["base"], price["this report"], price["change"]) == \
        ("Carbon price", "EUR/t CO2", 80, 200, 120)
    assert price["what changed"].startswith("Carbon price in 2030: up from 80 to 200 EUR/t CO2 "
                                            "(+120 EUR/t CO2, +150%)")
    shares = [r for r in lead if r["unit"] == "%"]
    assert all(0 <= abs(r["this report"]) <= 100 for r in shares)   # in %, not 0.30
    assert all("percentage points" in r["what changed"] for r in shares)
    # the full table keeps every KPI of every year, with the words and the stored unit
    assert {r["kpi"] for r in full} >= moved and "KPI in words" in full[0]
    share_row = [r for r in full if r["kpi"] == "biobased_share"][0]
    assert share_row["unit"] == "share (0-1)" and share_row["KPI in words"].startswith("Biobased share")


def test_kpi_changes_ignore_solver_noise():
    import pandas as pd
    deltas = pd.DataFrame({"year": [2030, 2030], "kpi": ["area_ha.hemp", "co2_stored_t"],
                           "a": [100.0, 1000.0], "b": [100.0 + 1e-9, 1010.0]})

    class R:
        def __init__(self, label):
            self.label = label
    ch = cmpmod.kpi_changes(deltas, [R("a"), R("b")])
    assert ch["kpi"].tolist() == ["co2_stored_t"] and ch["change"].tolist() == [10.0]
    assert cmpmod._years_text([2025, 2026, 2027, 2030, 2032, 2033]) == "2025-2027, 2030, 2032, 2033"
