"""Strip active content from a workbook nabb copies (annotated copy, merged workbook).

``capacity check --annotate`` and ``capacity merge`` write a workbook that started as
someone else's file.  Before it is saved, :func:`strip_active_content` makes it inert:

* every formula (plain, shared, array, data table, DDE ``=cmd|'...'!A0``) becomes the value
  the file saved for it, or, when there is none, its text (quote-prefixed, so it stays text);
* every text cell is rewritten by :func:`nabb.io.cells.write_cell` (quote prefix);
* external links, data connections and macros are dropped (openpyxl never loads the last two
  with ``keep_links=False, keep_vba=False``; the list of external links is emptied here);
* hidden and very hidden sheets are removed, except the sheets nabb itself reads, which are
  kept and made visible so the user sees what nabb read;
* defined names survive only when they point at a range inside the workbook; data
  validations only when their formulas are literals or such ranges; conditional formatting,
  hyperlinks, charts, images, pivot tables and table formulas from the file are removed.

The caller checks the saved file with :func:`nabb.io.cells.audit_xlsx` before moving it in.
"""
from __future__ import annotations

import os
import re
import zipfile
from typing import Any, Iterable

from openpyxl.formatting.formatting import ConditionalFormattingList

from nabb.io.cells import is_formula_cell, write_cell

_SHEET = r"(?:'(?:[^'\[\]]|'')+'|[A-Za-z_][A-Za-z0-9_.]*)"
_CELL = r"\$?[A-Z]{1,3}\$?[0-9]{1,7}"
_COLS = r"\$?[A-Z]{1,3}:\$?[A-Z]{1,3}"
_ROWS = r"\$?[0-9]{1,7}:\$?[0-9]{1,7}"
_RANGE = re.compile(rf"^=?(?:{_SHEET}!)?(?:{_CELL}(?::{_CELL})?|{_COLS}|{_ROWS})$")
_NUMBER = re.compile(r"^=?-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")
_LIST = re.compile(r'^"[^"|\[\]=@+]*"$')


def _inside_ref(text: str | None, sheets: set[str], names: set[str] = frozenset()) -> bool:
    """True for a literal or a plain range/name inside this workbook (no function, no link)."""
    if text is None:
        return True
    t = str(text).strip()
    if _NUMBER.match(t) or _LIST.match(t) or t.lstrip("=") in names:
        return True
    if not _RANGE.match(t):
        return False
    if "!" in t:
        sheet = t.lstrip("=").rsplit("!", 1)[0]
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        return sheet in sheets
    return True


def _cached(values_wb: Any, title: str, coordinate: str) -> Any:
    if values_wb is None or title not in values_wb.sheetnames:
        return None
    return values_wb[title][coordinate].value


def _parts_not_loaded(source: str | os.PathLike[str]) -> list[str]:
    """Parts of the file that openpyxl never loads here (so they cannot reach the copy)."""
    try:
        with zipfile.ZipFile(source) as zf:
            names = [n.lower() for n in zf.namelist()]
    except (OSError, zipfile.BadZipFile):
        return []
    notes = []
    links = [n for n in names if n.startswith("xl/externallinks/") and n.endswith(".xml")]
    if links:
        notes.append(f"{len(links)} external link(s) removed (DDE links included)")
    if any(n.endswith("vbaproject.bin") for n in names):
        notes.append("macros removed (never run)")
    if "xl/connections.xml" in names or any(n.startswith("xl/querytables/") for n in names):
        notes.append("data connections removed (never refreshed)")
    if any(n.startswith(("xl/activex/", "xl/embeddings/")) for n in names):
        notes.append("ActiveX controls and embedded objects removed")
    return notes


def strip_active_content(wb: Any, values_wb: Any, keep: Iterable[str],
                         source: str | os.PathLike[str] | None = None) -> list[str]:
    """Make ``wb`` (loaded with ``data_only=False``) inert, in place; see the module doc.

    ``values_wb`` is the same file loaded with ``data_only=True`` (for the saved values of
    formulas); ``keep`` names the sheets nabb reads, kept even when hidden; ``source`` is
    the file, to list what openpyxl did not load (links, macros).  Returns one line per kind
    of thing removed, for the user."""
    keep = set(keep)
    notes: list[str] = _parts_not_loaded(source) if source is not None else []
    for ws in list(wb.worksheets):
        state = ws.sheet_state
        if state != "visible":
            kind = "very hidden" if state == "veryHidden" else "hidden"
            if ws.title in keep:
                ws.sheet_state = "visible"
                notes.append(f"{kind} sheet {ws.title!r} made visible")
            else:
                wb.remove(ws)
                notes.append(f"{kind} sheet {ws.title!r} removed")
    for cs in list(getattr(wb, "chartsheets", [])):
        wb.remove(cs)
        notes.append(f"chart sheet {cs.title!r} removed")
    if getattr(wb, "_external_links", None):
        if source is None:
            notes.append(f"{len(wb._external_links)} external link(s) removed")
        wb._external_links = []
    wb.vba_archive = None
    sheets = set(wb.sheetnames)

    def keep_names(container: Any, where: str) -> set[str]:
        kept: set[str] = set()
        for name in list(container.keys()):
            dn = container[name]
            if dn.attr_text is not None and _inside_ref(dn.attr_text, sheets):
                kept.add(name)
            else:
                del container[name]
                notes.append(f"defined name {name!r}{where} removed ({str(dn.attr_text)[:60]!r})")
        return kept

    names = keep_names(wb.defined_names, "")
    formulas = 0
    for ws in wb.worksheets:
        names_here = names | keep_names(ws.defined_names, f" on sheet {ws.title!r}")
        for cell in list(ws._cells.values()):
            if is_formula_cell(cell):
                cached = _cached(values_wb, ws.title, cell.coordinate)
                write_cell(cell, cached if cached is not None else cell.value)
                formulas += 1
            elif isinstance(cell.value, str):
                write_cell(cell, cell.value)
            if cell.hyperlink is not None:
                cell.hyperlink = None
        if ws._hyperlinks:
            ws._hyperlinks = []
        dvs = ws.data_validations.dataValidation
        safe = [dv for dv in dvs if _inside_ref(dv.formula1, sheets, names_here)
                and _inside_ref(dv.formula2, sheets, names_here)]
        if len(safe) != len(dvs):
            notes.append(f"{len(dvs) - len(safe)} data validation(s) with formulas removed "
                         f"from sheet {ws.title!r}")
            ws.data_validations.dataValidation = safe
        if len(ws.conditional_formatting):
            notes.append(f"conditional formatting removed from sheet {ws.title!r}")
            ws.conditional_formatting = ConditionalFormattingList()
        for attr, what in (("_charts", "chart"), ("_images", "image"), ("_pivots", "pivot table")):
            items = getattr(ws, attr, None)
            if items:
                notes.append(f"{len(items)} {what}(s) removed from sheet {ws.title!r}")
                setattr(ws, attr, [])
        ws.legacy_drawing = None
        for table in ws.tables.values():
            for col in table.tableColumns:
                col.calculatedColumnFormula = None
                col.totalsRowFormula = None
            if table.tableType == "queryTable":
                table.tableType = None
    if formulas:
        notes.append(f"{formulas} formula(s) replaced by their saved values (or their text)")
    return notes
