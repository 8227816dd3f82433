"""Any valid workbook gives a report; nothing to balance is invalid; strict JSON; a failed run
keeps the last optimal report (issue 13, items 2-5)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nabb.cli import main
from nabb.io.template import write_input_workbook
from tests import cases

REPORT_FILES = ["frames.json", "inputs.json", "report.html", "report.xlsx", "summary.json"]


def _strict_load(path: Path):
    """json.loads that refuses NaN, Infinity and -Infinity (what strict parsers do)."""
    def refuse(name: str):
        raise ValueError(f"{path.name}: {name} is not JSON")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def _write(path: Path, t: dict, **settings) -> Path:
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()},
                         {**cases.SETTINGS_ONE, **settings})
    return path


def _no_crops() -> dict:
    t = cases.tables()
    t["crops"], t["cultivation"] = [], []
    t["commodities"][0]["kind"] = "intermediate"  # straw is bought, not grown
    t["imports"] = [dict(commodity="straw", region="A", price_eur_per_t=80.0)]
    return t


def _no_processes() -> dict:
    t = cases.tables()
    t["processes"], t["process_io"], t["capacity"] = [], [], []
    t["imports"] = [dict(commodity="wool", region="A", price_eur_per_t=300.0)]
    return t


def _imports_only() -> dict:
    t = _no_processes()
    t["crops"], t["cultivation"] = [], []
    t["commodities"] = [c for c in t["commodities"] if c["commodity"] == "wool"]
    return t


def _two_regions_no_arcs() -> dict:
    t = cases.two_region()
    del t["arcs"]  # no arcs sheet: the homes in B cannot be reached from A
    return t


#: name -> (tables, objective EUR worked out by hand)
#: Homes: 1000, target 50%; a bio home costs 1,000 EUR extra plus 2 t of wool.
MINIMAL = {
    # the tiny case of tests/cases.py: 500 bio homes, 1000 t wool from 2000 t hemp straw on
    # 250 ha: 250 x (600 + 1000) + 2000 t x 50 EUR/t processing + 500 x 1000 = 1,000,000
    "one_region_one_year_no_arcs": (cases.tables(), 1_000_000.0),
    # 2000 t straw imported at 80 EUR/t + 50 EUR/t processing + 500 x 1000 = 760,000
    "no_crops": (_no_crops(), 760_000.0),
    # 1000 t wool imported at 300 EUR/t + 500 x 1000 = 800,000
    "no_processes": (_no_processes(), 800_000.0),
    "imports_only": (_imports_only(), 800_000.0),
    # no wool reaches B: the 500 missing bio homes pay the shortfall penalty (100,000 each,
    # the schema default) = 50,000,000
    "two_regions_no_arcs": (_two_regions_no_arcs(), 50_000_000.0),
}


@pytest.mark.parametrize("name", list(MINIMAL))
def test_minimal_workbook_runs_end_to_end(tmp_path, name):
    t, objective = MINIMAL[name]
    book = _write(tmp_path / f"{name}.xlsx", t)
    out = tmp_path / "reports"
    r = CliRunner().invoke(main, ["run", str(book), "--out", str(out)])
    assert r.exit_code == 0, r.output
    folder = out / "base"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == REPORT_FILES
    assert "nan" not in r.output.lower()
    summary = _strict_load(folder / "summary.json")
    assert summary["status"] == "optimal"
    assert summary["objective_eur"] == pytest.approx(objective, rel=1e-6)
    for name_ in ("inputs.json", "frames.json", ".nabb-output"):
        _strict_load(folder / name_)
    assert "<html" in (folder / "report.html").read_text(encoding="utf-8").lower()


def test_no_processes_console_has_no_nan_utilisation(tmp_path):
    book = _write(tmp_path / "np.xlsx", _no_processes())
    r = CliRunner().invoke(main, ["run", str(book), "--out", str(tmp_path / "r")])
    assert r.exit_code == 0, r.output
    assert "primary processing 0 t input/yr (no capacity)" in r.output
    assert "product lines 0 t output/yr (no capacity)" in r.output


# ------------------------------------------------------------------ nothing to balance
def _blank_with_policy(tmp_path: Path) -> Path:
    path = tmp_path / "blank.xlsx"
    write_input_workbook(path, {"policy": pd.DataFrame([dict(year=2030)])}, {})
    return path


def _no_demand(tmp_path: Path) -> Path:
    t = cases.tables()
    t["demand"] = []
    return _write(tmp_path / "nodemand.xlsx", t)


def _zero_demand(tmp_path: Path) -> Path:
    t = cases.tables()
    t["demand"][0]["units"] = 0.0
    return _write(tmp_path / "zero.xlsx", t)


def _demand_outside_horizon(tmp_path: Path) -> Path:
    t = cases.tables()
    t["demand"][0]["year"] = 2040
    return _write(tmp_path / "later.xlsx", t)


def _no_supply(tmp_path: Path) -> Path:
    t = cases.tables()
    t["crops"], t["cultivation"], t["capacity"] = [], [], []
    t["processes"], t["process_io"] = [], []
    return _write(tmp_path / "nosupply.xlsx", t)


NOTHING = {
    "blank template + policy row": (_blank_with_policy, ["demand:E3 [units]",
                                                         "no demand rows", "crops:A3 [crop]"]),
    "no demand rows": (_no_demand, ["demand:E3 [units]", "no demand rows",
                                    "nothing to balance"]),
    "all demand 0": (_zero_demand, ["demand:E3 [units]", "all with 0 units"]),
    "demand outside the horizon": (_demand_outside_horizon, ["demand only in year(s) 2040",
                                                             "outside the horizon 2030"]),
    "no crops and no imports": (_no_supply, ["crops:A3 [crop]", "nothing to decide"]),
}


@pytest.mark.parametrize("case", list(NOTHING))
def test_nothing_to_balance_is_invalid_input(tmp_path, case):
    make, phrases = NOTHING[case]
    book = make(tmp_path)
    out = tmp_path / "reports"
    for args in (["validate", str(book)], ["run", str(book), "--out", str(out)]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2, r.output
        for phrase in phrases:
            assert phrase in r.output, (phrase, r.output)
        assert "solver status" not in r.output and "Empty" not in r.output
    assert not out.exists()  # nothing was solved, nothing written


# ------------------------------------------------------------------ strict JSON
def test_failed_run_writes_strict_json(tmp_path):
    """The run whose summary.json held NaN (no solution: objective and violation unknown)."""
    book = _write(tmp_path / "one.xlsx", cases.tables())
    out = tmp_path / "reports"
    r = CliRunner().invoke(main, ["run", str(book), "--out", str(out),
                                  "--solver-option", "solver=simplex",
                                  "--solver-option", "simplex_iteration_limit=0"])
    assert r.exit_code == 4, r.output
    summary = _strict_load(out / "base" / "summary.json")
    assert summary["objective_eur"] is None and summary["run"]["objective_eur"] is None
    assert summary["status"] != "optimal"
    for path in (out / "base").glob("*.json"):
        _strict_load(path)


def test_sweep_json_is_strict(tmp_path):
    book = _write(tmp_path / "one.xlsx", cases.tables())
    r = CliRunner().invoke(main, ["sweep", str(book), "--param", "carbon_price", "--values",
                                  "0,100", "--out", str(tmp_path / "sw"), "--no-progress"])
    assert r.exit_code == 0, r.output
    _strict_load(tmp_path / "sw" / "sweep.json")
    _strict_load(tmp_path / "sw" / ".nabb-output")


def test_strict_dumps_refuses_nothing_and_writes_null():
    import numpy as np

    from nabb.io.strict_json import dumps
    text = dumps({"a": float("nan"), "b": [np.float64("inf"), -np.inf, 1.5, np.int64(3)],
                  "c": (np.bool_(True), None)})
    assert json.loads(text, parse_constant=lambda c: pytest.fail(c)) == {
        "a": None, "b": [None, None, 1.5, 3], "c": [True, None]}


# ------------------------------------------------------------------ failed runs keep the good report
ITERATION_LIMIT = ["--solver-option", "solver=simplex", "--solver-option",
                   "simplex_iteration_limit=0"]


def test_failed_run_keeps_the_optimal_report(tmp_path):
    book = _write(tmp_path / "one.xlsx", cases.tables())
    out = tmp_path / "reports"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(book), "--out", str(out)]).exit_code == 0
    good = {p.name: p.read_bytes() for p in (out / "base").iterdir()}

    r = runner.invoke(main, ["run", str(book), "--out", str(out), *ITERATION_LIMIT])
    assert r.exit_code == 4, r.output
    # the optimal report is untouched, byte for byte
    assert {p.name: p.read_bytes() for p in (out / "base").iterdir()} == good
    failed = out / "base.failed"
    assert f"kept the optimal report {out / 'base'}" in r.output
    assert f"diagnosis is in {failed}" in r.output
    assert _strict_load(failed / "summary.json")["status"] != "optimal"
    assert (failed / "report.html").is_file()
    assert json.loads((failed / ".nabb-output").read_text())["kind"] == "failed-report"

    # a second failure replaces the .failed folder, still not the good report
    r = runner.invoke(main, ["run", str(book), "--out", str(out), *ITERATION_LIMIT])
    assert r.exit_code == 4, r.output
    assert {p.name: p.read_bytes() for p in (out / "base").iterdir()} == good

    # the next optimal run replaces the report and tidies the stale diagnosis away
    r = runner.invoke(main, ["run", str(book), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert not failed.exists()
    assert json.loads((out / "base" / ".nabb-output").read_text())["status"] == "optimal"


def test_failed_run_replaces_a_failed_report(tmp_path):
    """No optimal report to protect: the failure is the report of the scenario."""
    book = _write(tmp_path / "one.xlsx", cases.tables())
    out = tmp_path / "reports"
    runner = CliRunner()
    for _ in range(2):
        r = runner.invoke(main, ["run", str(book), "--out", str(out), *ITERATION_LIMIT])
        assert r.exit_code == 4, r.output
        assert "report: " in r.output and not (out / "base.failed").exists()
    assert _strict_load(out / "base" / "summary.json")["status"] != "optimal"


def test_failed_run_keeps_a_report_from_before_markers(tmp_path):
    """An optimal report written before markers existed is recognised by its summary.json."""
    book = _write(tmp_path / "one.xlsx", cases.tables())
    out = tmp_path / "reports"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(book), "--out", str(out)]).exit_code == 0
    (out / "base" / ".nabb-output").unlink()
    r = runner.invoke(main, ["run", str(book), "--out", str(out), *ITERATION_LIMIT])
    assert r.exit_code == 4, r.output
    assert (out / "base.failed" / "summary.json").is_file()
    assert _strict_load(out / "base" / "summary.json")["status"] == "optimal"


def test_failed_run_never_replaces_a_foreign_folder_in_the_diagnosis_place(tmp_path):
    """base.failed/ holding a user's file is refused (exit 2); the good report stays."""
    book = _write(tmp_path / "one.xlsx", cases.tables())
    out = tmp_path / "reports"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(book), "--out", str(out)]).exit_code == 0
    (out / "base.failed").mkdir()
    (out / "base.failed" / "mine.txt").write_text("a user's file")
    r = runner.invoke(main, ["run", str(book), "--out", str(out), *ITERATION_LIMIT])
    assert r.exit_code == 2, r.output
    assert "refusing to replace" in r.output
    assert (out / "base.failed" / "mine.txt").read_text() == "a user's file"
    assert _strict_load(out / "base" / "summary.json")["status"] == "optimal"
