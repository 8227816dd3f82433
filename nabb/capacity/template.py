"""A blank capacity sheet: protected header rows, drop-down lists and an instructions sheet."""
from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from nabb.errors import InputError, Issue
from nabb.i18n import Lang
from nabb.i18n.capacity import DESCRIPTIONS_NL
from nabb.io.cells import save_workbook, write_cell
from nabb.io.safe_write import atomic_path
from nabb.io.template import HEADER_FILL, UNIT_FILL, _write_header
from nabb.schema import FIRST_DATA_ROW, Column

from nabb.capacity.layout import (COORDINATOR_FIELDS, COORDINATOR_SHEET, INSTRUCTIONS_SHEET,
                                  LISTS_SHEET, MAX_YEAR, MIN_YEAR, PLANNED_STATUSES, TABLES,
                                  TEMPLATE_ROWS)
from nabb.capacity.lists import ScenarioLists, read_scenario_lists, region_hint, resolve_region
from nabb.capacity.text import as_found, file_name


EN = Lang("en")


def _unlock(ws, min_row: int, max_row: int, min_col: int, max_col: int) -> None:
    unlocked = Protection(locked=False)
    for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
        for cell in row:
            cell.protection = unlocked


def _protect(ws) -> None:
    """Protect locked cells (the header rows) but let the coordinator work with rows."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.formatCells = False
    p.insertRows = False
    p.deleteRows = False
    p.sort = False
    p.autoFilter = False


def _list_ref(col_letter: str, n: int) -> str:
    return (f"{quote_sheetname(LISTS_SHEET)}!${col_letter}${FIRST_DATA_ROW}:"
            f"${col_letter}${FIRST_DATA_ROW + max(n, 1) - 1}")


def _validation(col: Column, lists_cols: dict[str, tuple[str, int]],
                horizon: tuple[int, int] | None) -> DataValidation | None:
    dv = None
    if col.allowed:
        dv = DataValidation(type="list", formula1='"' + ",".join(col.allowed) + '"',
                            allow_blank=not col.required)
    elif col.references:
        letter, n = lists_cols[col.references[0]]
        dv = DataValidation(type="list", formula1=_list_ref(letter, n), allow_blank=True)
    elif col.type == "year":
        lo, hi = (horizon if horizon and col.name == "year" else (MIN_YEAR, MAX_YEAR))
        dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi),
                            allow_blank=True)
    elif col.type == "float" and col.min is not None:
        if col.max is not None:
            dv = DataValidation(type="decimal", operator="between", formula1=str(col.min),
                                formula2=str(col.max), allow_blank=True)
        else:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                formula1=str(col.min), allow_blank=True)
    if dv is not None:
        dv.error = f"{col.name}: {col.description}"[:255]
        dv.errorTitle = "nabb"
        dv.showErrorMessage = True
    return dv


def build_capacity_template(lists: ScenarioLists, region: str | None = None,
                            lang: str = "en") -> Workbook:
    """Return the capacity sheet workbook (not saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    horizon = lists.horizon

    # lists sheet first in code (the others refer to it), moved to the end below
    wl = wb.create_sheet(LISTS_SHEET)
    region_codes = sorted(lists.regions)
    columns = [("process", "processes", list(lists.processes)),
               ("crop", "crops", list(lists.crops)),
               ("region", "regions", region_codes),
               ("region_name", "", [lists.regions[c] for c in region_codes]),
               ("status", "", list(PLANNED_STATUSES))]
    _write_header(wl, [c[0] for c in columns], ["-"] * len(columns),
                  [f"Allowed values, from {lists.source}" for _ in columns])
    lists_cols: dict[str, tuple[str, int]] = {}
    for j, (_, key, values) in enumerate(columns, start=1):
        for i, v in enumerate(values, start=FIRST_DATA_ROW):
            write_cell(wl.cell(row=i, column=j), v)
        if key:
            lists_cols[key] = (get_column_letter(j), len(values))
    _protect(wl)

    # coordinator: a field | value | description table
    wc = wb.create_sheet(COORDINATOR_SHEET)
    _write_header(wc, ["field", "value", "description"], ["-", "-", "-"],
                  ["What is asked", "Your answer", "What it means"])
    for i, col in enumerate(COORDINATOR_FIELDS, start=FIRST_DATA_ROW):
        write_cell(wc.cell(row=i, column=1), col.name)
        write_cell(wc.cell(row=i, column=3), col.description)
        dv = _validation(col, lists_cols, horizon)
        if dv is not None:
            wc.add_data_validation(dv)
            dv.add(f"B{i}")
        if col.name == "date":
            wc.cell(row=i, column=2).number_format = "yyyy-mm-dd"
        if col.name == "region" and region is not None:
            write_cell(wc.cell(row=i, column=2), region)
    wc.column_dimensions["B"].width = 36
    wc.column_dimensions["C"].width = 90
    _unlock(wc, FIRST_DATA_ROW, FIRST_DATA_ROW + len(COORDINATOR_FIELDS) - 1, 2, 2)
    _protect(wc)

    formats = {"capacity_t_per_yr": "#,##0", "area_ha": "#,##0.0", "year": "0",
               "commissioning_year": "0", "utilisation_last_year": "0.00"}
    for spec in TABLES:
        ws = wb.create_sheet(spec.name)
        _write_header(ws, spec.column_names, [c.unit for c in spec.columns],
                      [c.description for c in spec.columns])
        last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
        for j, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(j)
            dv = _validation(col, lists_cols, horizon)
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            if col.name in formats:
                for (cell,) in ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=last, min_col=j,
                                            max_col=j):
                    cell.number_format = formats[col.name]
            ws.column_dimensions[letter].width = 34 if col.name == "plant" else \
                ws.column_dimensions[letter].width
        _unlock(ws, FIRST_DATA_ROW, last, 1, len(spec.columns))
        _protect(ws)

    wi = wb.create_sheet(INSTRUCTIONS_SHEET, 0)
    _write_instructions(wi, lists, region, Lang(lang))
    _protect(wi)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    return wb


def _write_instructions(ws, lists: ScenarioLists, region: str | None, say: Lang = EN) -> None:
    """The instructions sheet in the coordinator's language (sheet and column names stay:
    they are what ``nabb capacity check`` reads)."""
    horizon = (f"{lists.horizon[0]}-{lists.horizon[1]}" if lists.horizon else
               say("cap.horizon_unknown"))
    lines = [
        (say("cap.title_region", region=region) if region else say("cap.title"), True),
        (say("cap.fill_in"), False),
        (say("cap.rows"), False),
        (say("cap.horizon", horizon=horizon, source=lists.source), False),
        (say("cap.check"), False),
        ("", False),
    ]
    r = 1
    for text, bold in lines:
        c = ws.cell(row=r, column=1)
        write_cell(c, text)
        if bold:
            c.font = Font(bold=True, size=14)
        r += 1
    head = [say(f"cap.head.{h}") for h in ("sheet", "column", "unit", "required", "allowed",
                                            "description")]
    value = (lambda v: f"{v}") if say.code == "en" else (lambda v: say.g(v, ",.10g"))  # noqa: E731
    for j, h in enumerate(head, start=1):
        c = ws.cell(row=r, column=j)
        write_cell(c, h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEADER_FILL
    r += 1
    rows: list[tuple[str, Column]] = [(COORDINATOR_SHEET, c) for c in COORDINATOR_FIELDS]
    rows += [(s.name, c) for s in TABLES for c in s.columns]
    for sheet, col in rows:
        allowed = ", ".join(col.allowed) if col.allowed else (
            say("cap.see_lists", list=col.references[0]) if col.references else "")
        if col.type in ("float", "year") and col.min is not None:
            allowed = say("cap.at_least", min=value(col.min)) + (
                say("cap.at_most", max=value(col.max)) if col.max is not None else "")
        described = (col.description if say.code == "en"
                     else DESCRIPTIONS_NL.get(f"{sheet}.{col.name}", col.description))
        for j, v in enumerate([sheet, col.name, say.unit(col.unit),
                               say("cap.yes") if col.required else say("cap.no"),
                               allowed, described], start=1):
            c = ws.cell(row=r, column=j)
            write_cell(c, v)
            c.fill = UNIT_FILL if j <= 2 else PatternFill()
            c.alignment = Alignment(wrap_text=j == 6, vertical="top")
        r += 1
    for letter, width in zip("ABCDEF", (18, 24, 12, 10, 30, 90)):
        ws.column_dimensions[letter].width = width


def write_capacity_template(path: str | os.PathLike[str], region: str | None = None,
                            workbook: str | os.PathLike[str] | None = None,
                            lang: str | None = None) -> None:
    """Write a blank capacity sheet for ``region`` (atomically).

    Drop-down lists come from ``workbook`` (default: the embedded default workbook).
    """
    lists = read_scenario_lists(workbook)
    if region is not None:
        code = resolve_region(region, lists)
        if code is None:
            raise InputError([Issue("", "", "", "--region",
                                    f"a region code or name from {lists.source}: "
                                    + ", ".join(sorted(lists.regions))[:300]
                                    + region_hint(region, lists),
                                    as_found(region))])
        region = code
    if Path(path).suffix.lower() != ".xlsx":
        raise InputError([Issue(file_name(path), "", "", "", "an output name ending in .xlsx",
                                as_found(Path(path).suffix or "no extension"))])
    # the coordinator's language: --lang, else Dutch for nabb's own (Dutch) default data
    wb = build_capacity_template(lists, region, lang or ("nl" if workbook is None else "en"))
    with atomic_path(path) as tmp:
        save_workbook(wb, tmp)
