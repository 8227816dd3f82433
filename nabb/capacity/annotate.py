"""An annotated copy of a capacity sheet: every issue highlighted at its cell and listed."""
from __future__ import annotations

import os
import unicodedata
from typing import Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from nabb.errors import InputError, Issue
from nabb.i18n import Lang
from nabb.i18n.issues import render, translate
from nabb.io.cells import is_formula_cell, write_cell
from nabb.io.preflight import input_boundary, load_workbook_safely
from nabb.io.sanitize import strip_active_content
from nabb.io.template import HEADER_FILL
from nabb.schema import FIRST_DATA_ROW

from nabb.capacity.layout import CAPACITY_SHEETS, MAX_DATA_ROWS, TABLES
from nabb.capacity.output import refuse_overwrite, save_inert
from nabb.capacity.text import file_name, name_key

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")

ISSUES_SHEET = "nabb_check"


def annotate(path: str | os.PathLike[str], issues: Sequence[Issue],
             out: str | os.PathLike[str], label: str | None = None, lang: str = "en") -> None:
    """Write a copy of ``path`` with every issue highlighted and explained in a comment.

    A sheet ``nabb_check`` lists all issues.  The original is never modified; a file that
    cannot be opened gets a copy holding only that list.  The copy carries no active content
    from the file (:func:`nabb.io.sanitize.strip_active_content`: formulas become their saved
    values, links, macros, hidden sheets and the like are removed, and the sheet says what
    was removed); text that looks like a formula (``=HYPERLINK(...)``) is written as text.
    """
    refuse_overwrite(out, [path])
    file = label or file_name(path)
    mine = [i for i in issues if i.file in (file, "")]
    wb = None
    removed: list[str] = []
    try:
        wb = load_workbook_safely(path, data_only=False, kind="capacity")
        values = load_workbook_safely(path, data_only=True, kind="capacity")
    except InputError:
        wb = None
    if wb is None:
        wb = Workbook()
        wb.remove(wb.active)
    else:
        texts = {s.name: {c.name for c in s.columns if c.type == "str"} for s in TABLES}
        for ws in wb.worksheets:
            if ws.title not in texts:
                continue
            text_cols = {j for j in range(1, min(ws.max_column, 200) + 1)
                         if isinstance(v := ws.cell(row=1, column=j).value, str)
                         and name_key(v) in texts[ws.title]}
            for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=min(ws.max_column, 200),
                                    max_row=min(ws.max_row, MAX_DATA_ROWS + FIRST_DATA_ROW)):
                for cell in row:
                    if cell.column in text_cols and is_formula_cell(cell):
                        write_cell(cell, cell.value)  # a formula in a name: show its text
        with input_boundary(path):
            removed = strip_active_content(wb, values, CAPACITY_SHEETS, path)
        for ws in wb.worksheets:
            ws.protection.sheet = False
        for issue in mine:
            if not issue.sheet or issue.sheet not in wb.sheetnames:
                continue
            ws = wb[issue.sheet]
            ref = issue.cell.split(":")[0] if issue.cell else "A1"
            if ref.isdigit():
                ref = f"A{ref}"
            elif ref.isalpha():
                ref = f"{ref}1"
            try:
                cell = ws[ref]
            except (ValueError, KeyError, IndexError):
                continue
            if not hasattr(cell, "fill") or type(cell).__name__ == "MergedCell":
                continue
            cell.fill = ERROR_FILL if issue.severity == "error" else WARNING_FILL
            # the comment sits at the cell: the line without its location, in the check's language
            note = render("", issue.severity, issue.expected, issue.found, lang)
            if cell.comment is not None and cell.comment.author == "nabb check":
                note = cell.comment.text + "\n" + note
            cell.comment = Comment(note[:30000], "nabb check", width=400, height=160)
    say = Lang(lang)
    ws = wb.create_sheet(ISSUES_SHEET, 0)
    head = [say(f"annotate.{h}") for h in ("severity", "file", "sheet", "cell", "column",
                                           "expected", "found")]
    for j, h in enumerate(head, start=1):
        c = ws.cell(row=1, column=j)
        write_cell(c, h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEADER_FILL
    for i, issue in enumerate(mine, start=2):
        for j, v in enumerate([say(f"annotate.{issue.severity}"), issue.file, issue.sheet,
                               issue.cell, issue.column,
                               translate(issue.expected, lang), translate(issue.found, lang)],
                              start=1):
            write_cell(ws.cell(row=i, column=j), _printable(v))
        ws.cell(row=i, column=1).fill = ERROR_FILL if issue.severity == "error" else WARNING_FILL
    if not mine:
        write_cell(ws.cell(row=2, column=1), say("annotate.no_issues"))
    for i, note in enumerate(removed, start=max(len(mine), 1) + 2):
        write_cell(ws.cell(row=i, column=1), say("annotate.removed"))
        write_cell(ws.cell(row=i, column=2), file)
        write_cell(ws.cell(row=i, column=6), say("annotate.no_active_content"))
        write_cell(ws.cell(row=i, column=7), translate(note, lang))
    for letter, width in zip("ABCDEFG", (10, 28, 18, 10, 22, 70, 50)):
        ws.column_dimensions[letter].width = width
    wb.active = 0
    save_inert(wb, out)


def _printable(v: str) -> str:
    return "".join(ch if unicodedata.category(ch) != "Cc" or ch in "\t\n" else f"\\x{ord(ch):02x}"
                   for ch in v)
