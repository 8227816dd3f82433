"""Hostile paths (issue 10, part A): nothing outside the output folder is written or removed,
no input is ever overwritten, and every file-system fault ends in one clear line.

Every case runs a real command in a scratch folder and ends with
:func:`tests.hostile.check_guarantees`: no traceback, a documented exit code, inputs
unchanged, nothing written outside the outputs.  Fixtures are built at run time.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from nabb.errors import EXIT_INVALID_INPUT
from nabb.io.template import write_input_workbook
from nabb.schema import is_safe_name
from tests.cases import SETTINGS_ONE, tables
from tests.hostile import check_guarantees, invoke, snapshot

pytestmark = pytest.mark.hostile


def write_workbook(path: Path, scenarios: list[dict] | None = None) -> Path:
    t = tables()
    if scenarios is not None:
        t["scenarios"] = scenarios
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()}, SETTINGS_ONE)
    return path


def scenario_row(name: str, parent: str = "") -> dict:
    return dict(scenario=name, parent=parent, sheet="policy", column="carbon_price_eur_per_t",
                filter="*", value=50.0, multiplier=None, description="")


# --- 1. scenario names are safe names -------------------------------------------------------

BAD_NAMES = ["../victim", "/tmp/victim", "..", ".", "a/b", "a\\b", "x" * 65, "scen one",
             ".hidden", "naïve", "C:evil", "~root", "a\tb", "$HOME", "*"]
GOOD_NAMES = ["base_2", "high-carbon", "v1.2", "x" * 64, "2030"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_unsafe_scenario_name_is_an_error_at_its_cell(tmp_path, name):
    wb = write_workbook(tmp_path / "scen.xlsx", [scenario_row("ok"), scenario_row(name)])
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    before = snapshot(tmp_path)
    for args in (["validate", "scen.xlsx"], ["run", "scen.xlsx", "--all", "--out", "reports"]):
        out = invoke(args, tmp_path)
        assert out.exit_code == EXIT_INVALID_INPUT, out.output
        assert "scenarios:A4 [scenario]" in out.output, out.output
        assert "a safe name" in out.output
        check_guarantees(out, before, tmp_path, outputs=["reports"], inputs=["scen.xlsx"])
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("name", ["../victim", "x" * 65])
def test_unsafe_parent_name_is_an_error_at_its_cell(tmp_path, name):
    wb = write_workbook(tmp_path / "scen.xlsx", [scenario_row("ok", parent=name)])
    assert wb.exists()
    before = snapshot(tmp_path)
    out = invoke(["validate", "scen.xlsx"], tmp_path)
    assert out.exit_code == EXIT_INVALID_INPUT
    assert "scenarios:B3 [parent]" in out.output, out.output
    check_guarantees(out, before, tmp_path, inputs=["scen.xlsx"])


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_safe_scenario_names_pass(tmp_path, name):
    write_workbook(tmp_path / "scen.xlsx", [scenario_row(name)])
    before = snapshot(tmp_path)
    out = invoke(["validate", "scen.xlsx"], tmp_path)
    assert out.exit_code == 0, out.output
    check_guarantees(out, before, tmp_path, inputs=["scen.xlsx"])


def test_safe_name_rule():
    assert all(is_safe_name(n) for n in GOOD_NAMES)
    assert not any(is_safe_name(n) for n in BAD_NAMES + ["", None, 5, "a\n"])


def test_scenario_names_typed_as_numbers_stay_valid(tmp_path):
    path = write_workbook(tmp_path / "scen.xlsx", [scenario_row("x")])
    wb = load_workbook(path)
    wb["scenarios"]["A3"] = 2030
    wb.save(path)
    out = invoke(["validate", "scen.xlsx"], tmp_path)
    assert out.exit_code == 0, out.output
