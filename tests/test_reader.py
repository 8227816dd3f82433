"""Validation: every kind of bad cell gives its message with the cell reference, the CLI
exits non-zero, and nothing is written."""
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.cli import main
from nabb.errors import InputError
from nabb.io.reader import read_workbook
from nabb.io.template import write_input_workbook
from tests.cases import SETTINGS_ONE, tables


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "one.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in tables().items()}, SETTINGS_ONE)
    return path


def edit(path, sheet, cell, value):
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def errors_of(path):
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    return exc.value.issues


def test_good_workbook_reads(good):
    inputs = read_workbook(good)
    assert inputs.years == [2030]
    assert len(inputs.sha256) == 64
    assert inputs.tables["regions"].region.tolist() == ["A"]


def test_region_code_na_stays_na(good):
    wb = load_workbook(good)
    for ws, col in ((wb["regions"], "A"), (wb["cultivation"], "A"), (wb["capacity"], "B"), (wb["demand"], "A")):
        ws[f"{col}3"] = "NA"
    wb.save(good)
    inputs = read_workbook(good)
    assert inputs.tables["regions"].region.tolist() == ["NA"]
    assert inputs.tables["demand"].region.tolist() == ["NA"]


@pytest.mark.parametrize("sheet,cell,value,expected,found", [
    ("crops", "C3", "1,5", "decimal point", "decimal comma"),
    ("crops", "C3", "eight", "a number", "text 'eight'"),
    ("crops", "C3", -8, ">= 0", "-8"),
    ("regions", "D3", 123.0, "<= 90", "123"),
    ("demand", "B3", 2030.5, "whole number", "2030.5"),
    ("processes", "F3", "", "a value", "an empty cell"),
    ("capacity", "C3", "nosuch", "a process listed in sheet processes", "unknown process 'nosuch'"),
    ("process_io", "C3", "sideways", "one of in, out", "'sideways'"),
    ("commodities", "E3", "maybe", "TRUE or FALSE", "'maybe'"),
])
def test_bad_cell_names_file_sheet_cell_expected_found(good, sheet, cell, value, expected, found):
    edit(good, sheet, cell, value if value != "" else None)
    issues = [i for i in errors_of(good) if i.severity == "error"]
    hit = [i for i in issues if i.sheet == sheet and i.cell == cell]
    assert hit, issues
    assert expected in hit[0].expected and found in hit[0].found
    assert hit[0].file == str(good)


def test_formula_without_cached_value_is_an_error(good):
    edit(good, "crops", "C3", "=4*2")  # openpyxl writes no cached value
    issue = [i for i in errors_of(good) if i.cell == "C3"][0]
    assert "formula" in issue.found


def _count_loads(monkeypatch) -> list:
    import nabb.io.preflight as preflight
    calls, load = [], preflight.load_workbook_safely

    def counted(path, *args, **kw):
        calls.append(kw.get("data_only"))
        return load(path, *args, **kw)
    monkeypatch.setattr(preflight, "load_workbook_safely", counted)
    return calls


def test_a_workbook_without_formulas_is_parsed_once(good, monkeypatch):
    from nabb.io.preflight import inspect_workbook
    assert not inspect_workbook(good).formulas
    calls = _count_loads(monkeypatch)
    read_workbook(good)
    assert calls == [True]        # the values view serves as the formula view too


def test_a_workbook_with_a_formula_is_parsed_for_values_and_formulas(good, monkeypatch):
    from nabb.io.preflight import inspect_workbook
    edit(good, "crops", "C3", "=4*2")
    assert inspect_workbook(good).formulas
    calls = _count_loads(monkeypatch)
    errors_of(good)
    assert calls == [True, False]


def test_without_formulas_both_views_of_the_default_workbook_agree():
    """The premise of parsing once: data_only changes only cells that hold a formula."""
    from nabb.defaults import DEFAULT_WORKBOOK
    from nabb.io.preflight import inspect_workbook
    assert not inspect_workbook(DEFAULT_WORKBOOK).formulas
    values = load_workbook(DEFAULT_WORKBOOK, data_only=True)
    formulas = load_workbook(DEFAULT_WORKBOOK, data_only=False)
    for ws in values.worksheets:
        got = [[c.value for c in row] for row in ws.iter_rows()]
        assert got == [[c.value for c in row] for row in formulas[ws.title].iter_rows()], ws.title


def test_duplicate_key(good):
    wb = load_workbook(good)
    ws = wb["regions"]
    for j in range(1, ws.max_column + 1):
        ws.cell(row=4, column=j).value = ws.cell(row=3, column=j).value
    wb.save(good)
    assert any("duplicate" in i.found and i.cell.endswith("4") for i in errors_of(good))


def test_mass_balance_must_close(good):
    edit(good, "process_io", "D4", 0.7)   # out 0.7 + loss 0.5 != in 1.0
    issue = [i for i in errors_of(good) if i.sheet == "processes"][0]
    assert "inputs = outputs + loss" in issue.expected and "gap" in issue.found


def test_missing_required_sheet(good):
    wb = load_workbook(good)
    del wb["demand"]
    wb.save(good)
    assert any(i.sheet == "demand" and "sheet" in i.expected for i in errors_of(good))


def test_all_errors_reported_at_once(good):
    wb = load_workbook(good)
    wb["crops"]["C3"] = "1,5"
    wb["regions"]["D3"] = "north"
    wb["capacity"]["C3"] = "nosuch"
    wb.save(good)
    assert len([i for i in errors_of(good) if i.severity == "error"]) >= 3


def test_nonbreaking_space_in_a_code_is_one_error_naming_it(good):
    """A no-break space makes a code look like another (issue 10): reported at its cell,
    and the code is read without it, so rows that refer to "hemp" do not fail as well."""
    edit(good, "crops", "A3", "hemp\u00a0")
    with pytest.raises(InputError) as info:
        read_workbook(good)
    errors = [i for i in info.value.issues if i.severity == "error"]
    assert len(errors) == 1, errors
    assert (errors[0].sheet, errors[0].cell, errors[0].column) == ("crops", "A3", "crop")
    assert "U+00A0 NO-BREAK SPACE" in errors[0].found and "'hemp'" in errors[0].expected


def test_nonbreaking_spaces_in_free_text_are_stripped(good):
    edit(good, "crops", "A3", "hemp")
    from openpyxl.utils import get_column_letter
    from nabb.schema import SHEET_BY_NAME
    col = SHEET_BY_NAME["commodities"].column_names.index("description") + 1
    edit(good, "commodities", f"{get_column_letter(col)}3", "fibre\u00a0")
    read_workbook(good)  # descriptions are not codes: no error


def test_cli_validate_exits_2_and_run_writes_nothing(good, tmp_path):
    edit(good, "crops", "C3", "1,5")
    before = good.read_bytes()
    runner = CliRunner()
    r = runner.invoke(main, ["validate", str(good)])
    assert r.exit_code == 2
    assert "crops:C3" in r.output and "decimal comma" in r.output
    out = tmp_path / "out"
    r = runner.invoke(main, ["run", str(good), "--out", str(out)])
    assert r.exit_code == 2
    assert not out.exists()
    assert good.read_bytes() == before   # the input is never written to


def test_unknown_scenario_is_an_input_error(good, tmp_path):
    r = CliRunner().invoke(main, ["run", str(good), "--scenario", "nope", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "nope" in r.output
