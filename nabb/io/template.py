"""Input workbooks generated from the schema: the blank template and the default data.

Row 1 holds the column names (with the description as a cell comment), row 2 the units,
data starts on row 3.  Columns with allowed values or references to another sheet get a
drop-down list.  The descriptions (cell comments, the settings' "description" column and the
drop-downs' error messages) are written in English or Dutch (``lang``); sheet and column names
stay as they are, since the reader reads them.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from nabb.io.cells import save_workbook, write_cell
from nabb.io.safe_write import atomic_path
from nabb.i18n import text
from nabb.i18n.schema_nl import TEMPLATE_NL, description, schema_unit as unit_in
from nabb.schema import FIRST_DATA_ROW, SETTINGS, SETTINGS_SHEET, SHEETS, Sheet

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
UNIT_FILL = PatternFill("solid", fgColor="DDEBF7")
VALIDATION_ROWS = 5000


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _write_header(ws, names: list[str], units: list[str], descriptions: list[str]) -> None:
    for j, (name, unit, desc) in enumerate(zip(names, units, descriptions), start=1):
        head = ws.cell(row=1, column=j)
        write_cell(head, name)
        head.font = Font(bold=True, color="FFFFFF")
        head.fill = HEADER_FILL
        if desc:
            head.comment = Comment(desc, "nabb")
        u = ws.cell(row=2, column=j)
        write_cell(u, f"[{unit}]")
        u.font = Font(italic=True)
        u.fill = UNIT_FILL
        ws.column_dimensions[get_column_letter(j)].width = max(12, min(40, len(name) + 4))
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)


def _add_validations(ws, sheet: Sheet, lang: str = "en") -> None:
    for j, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        rng = f"{letter}{FIRST_DATA_ROW}:{letter}{VALIDATION_ROWS}"
        dv = None
        if col.allowed:
            dv = DataValidation(type="list", formula1='"' + ",".join(col.allowed) + '"',
                                allow_blank=not col.required)
        elif col.references and not col.wildcard:
            ref_sheet, ref_col = col.references
            ref_idx = [c.name for c in next(s for s in SHEETS if s.name == ref_sheet).columns].index(ref_col)
            ref_letter = get_column_letter(ref_idx + 1)
            dv = DataValidation(type="list", allow_blank=not col.required,
                                formula1=f"{quote_sheetname(ref_sheet)}!${ref_letter}${FIRST_DATA_ROW}:"
                                         f"${ref_letter}${VALIDATION_ROWS}")
        elif col.type == "bool":
            dv = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
        elif col.type in ("float", "int", "year") and col.min is not None:
            kind = "decimal" if col.type == "float" else "whole"
            if col.max is not None:
                dv = DataValidation(type=kind, operator="between", formula1=str(col.min),
                                    formula2=str(col.max), allow_blank=True)
            else:
                dv = DataValidation(type=kind, operator="greaterThanOrEqual",
                                    formula1=str(col.min), allow_blank=True)
        if dv is not None:
            dv.error = f"{col.name}: {description(f'{sheet.name}.{col.name}', col.description, lang)}"
            dv.errorTitle = "nabb"
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(rng)


def _fit_settings(ws) -> None:
    """The settings sheet as wide as its keys, values and units (not a fixed 12), the
    descriptions wrapped in their column."""
    for letter, lo, hi in (("A", 12, 45), ("B", 10, 20), ("C", 8, 16)):
        texts = [str(c.value) for c in ws[letter] if c.value is not None]
        ws.column_dimensions[letter].width = max(lo, min(hi, max(map(len, texts), default=0) + 2))
    width = ws.column_dimensions["D"].width
    for cell in ws["D"][FIRST_DATA_ROW - 1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = math.ceil(len(str(cell.value or "")) / (width * 0.95)) or 1
        ws.row_dimensions[cell.row].height = 15 * lines  # Excel and LibreOffice keep it
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=3):
        for cell in row:
            cell.alignment = Alignment(vertical="top")


def _print_setup(ws, description_text: str, lang: str) -> None:
    """Print set-up in the template's language: landscape A4, one page wide (as many pages
    tall as the rows need), the name and unit rows on every page, the sheet's description in
    the header and "Pagina 1 van 20" / "Page 1 of 20" in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"1:{FIRST_DATA_ROW - 1}"
    ws.print_area = f"A1:{get_column_letter(max(ws.max_column, 1))}{max(ws.max_row, FIRST_DATA_ROW - 1)}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    head = description_text.replace("&", "&&")
    ws.oddHeader.left.text = head[:200]
    ws.oddHeader.left.size = 9
    ws.oddFooter.left.text = text("template.footer_left", lang)
    ws.oddFooter.right.text = text("template.footer_right", lang)
    ws.oddFooter.left.size = ws.oddFooter.right.size = 9


def build_workbook(tables: Mapping[str, pd.DataFrame] | None = None,
                   settings: Mapping[str, Any] | None = None, lang: str = "en",
                   printable: bool = False) -> Workbook:
    """Return an input workbook for the schema, filled with ``tables`` where given, its
    descriptions in ``lang`` (en, nl).  ``printable``: columns sized to their content and a
    print set-up in ``lang`` (:func:`_print_setup`); off for the default data, which stays
    byte for byte what data/build_default.py has always built."""
    tables = tables or {}
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet(SETTINGS_SHEET)
    _write_header(ws, ["key", "value", "unit", "description"], ["-", "-", "-", "-"],
                  [TEMPLATE_NL[t] if lang == "nl" else t
                   for t in ("Setting name", "Value", "Unit", "What it means")])
    # A setting without a default (language) gets its row in a blank template, or when it is
    # given: a filled workbook without it reads the same, and stays byte for byte as it was.
    rows = [s for s in SETTINGS if settings is None or s.default != "" or settings.get(s.key)]
    for i, s in enumerate(rows, start=FIRST_DATA_ROW):
        value = (settings or {}).get(s.key, s.default)
        what = description(f"settings.{s.key}", s.description, lang)
        for j, v in enumerate([s.key, value, unit_in(s.unit, lang), what], start=1):
            write_cell(ws.cell(row=i, column=j), v)
    ws.column_dimensions["D"].width = 80
    if printable:
        _fit_settings(ws)
        _print_setup(ws, text("template.settings_head", lang), lang)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        _write_header(ws, sheet.column_names, [unit_in(c.unit, lang) for c in sheet.columns],
                      [description(f"{sheet.name}.{c.name}", c.description, lang)
                       for c in sheet.columns])
        frame = tables.get(sheet.name)
        if frame is not None:
            unknown = set(frame.columns) - set(sheet.column_names)
            if unknown:
                raise ValueError(f"sheet {sheet.name}: columns not in the schema: {sorted(unknown)}")
            for i, row in enumerate(frame.itertuples(index=False), start=FIRST_DATA_ROW):
                record = dict(zip(frame.columns, row))
                for j, col in enumerate(sheet.columns, start=1):
                    value = record.get(col.name)
                    if _is_blank(value):
                        continue
                    if hasattr(value, "item"):
                        value = value.item()  # numpy scalar -> Python
                    write_cell(ws.cell(row=i, column=j), value)
        _add_validations(ws, sheet, lang)
        if printable:
            _print_setup(ws, f"{sheet.name}: {description(sheet.name, sheet.description, lang)}",
                         lang)
    return wb


def write_input_workbook(path: str | Path, tables: Mapping[str, pd.DataFrame] | None = None,
                         settings: Mapping[str, Any] | None = None, lang: str = "en",
                         printable: bool = False) -> None:
    """Write an input workbook atomically (a blank template when ``tables`` is empty), its
    descriptions in ``lang`` (en, nl); ``printable``: with a print set-up (``nabb template
    input``)."""
    wb = build_workbook(tables, settings, lang, printable)
    with atomic_path(path) as tmp:
        save_workbook(wb, tmp)
