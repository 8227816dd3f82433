"""report.xlsx: real Excel tables with units in the headers, frozen header rows, formats and
print set-up (XlsxWriter); the same tables in openpyxl workbooks for compare and sweep."""
from __future__ import annotations

import math
import re
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from nabb.i18n import Lang
from nabb.i18n.catalogue import CATALOGUE
from nabb.i18n.columns import header as translated_header, sheet_name
from nabb.io.cells import XlsxCells, plain_value, write_cell
from nabb.reports.xlsx_lang import dutch_codes, headline_for
from nabb.results import Results

_UNIT_SUFFIXES = [
    ("_eur_per_t_yr", "EUR/(t/yr)"), ("_eur_per_t", "EUR/t"), ("_eur_per_home", "EUR/home"),
    ("_eur_per_unit", "EUR/unit"), ("_eur_per_ha", "EUR/ha"), ("_t_per_yr", "t/yr"),
    ("_t_per_ha", "t/ha"), ("_t_per_unit", "t/unit"), ("_eur", "EUR"), ("_ha", "ha"),
    ("_tkm", "tkm"), ("_km", "km"), ("_homes", "homes"), ("_units", "units"), ("_t", "t"),
    ("_share", "share"), ("utilisation", "share"), ("_s", "s"),
]


_UNIT_NAMES = {"t": ("tonnes", "t"), "tkm": ("transport work", "tkm"), "ha": ("area", "ha"),
               "units": ("units", "units")}


def header_with_unit(name: str) -> str:
    """'area_ha' -> 'area [ha]'; 'cost_eur.imports' -> 'cost imports [EUR]'."""
    base, _, tail = name.partition(".")
    if base in _UNIT_NAMES:                  # a column named by its unit alone ('t', 'tkm')
        label, unit = _UNIT_NAMES[base]
        return f"{label}{' ' + tail if tail else ''} [{unit}]"
    for suffix, unit in _UNIT_SUFFIXES:
        if base.endswith(suffix):
            stem = base[: -len(suffix)] if suffix != "utilisation" else base
            stem = stem or base
            label = stem.replace("_", " ") + (f" {tail}" if tail else "")
            return f"{label} [{unit}]"
    return name.replace("_", " ") + (f" {tail}" if tail else "")


def _fmt(header: str) -> str | None:
    if "[share]" in header:
        return "0.0%"
    if "[EUR/" in header or "[t/ha]" in header or "[t/unit]" in header:
        return "#,##0.00"
    if re.search(r"\[(EUR|t|ha|t/yr|tkm|km|homes|units)\]", header):
        return "#,##0"
    return None


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def _write_body(ws, frame: pd.DataFrame, first_row: int, formats: list[str | None],
                raw_headers: bool) -> None:
    """The data cells, column by column, with no per-cell look-up or style search.

    Writes exactly the cells that ``ws.cell()`` + :func:`write_cell` + ``number_format`` per
    cell would: :func:`plain_value` decides blanks and types, every value goes through
    :func:`write_cell` (text stays text, quote-prefixed where a spreadsheet would read a
    formula), numbers (not booleans) get the column's number format.  Each number format's style is
    computed once per sheet and shared; cells go straight into the sheet (2-3x faster on
    the 40-region benchmark's 80,000 cells).
    """
    cells = ws._cells
    styles: dict[str, Any] = {}
    last = first_row - 1
    isfinite = math.isfinite
    for j in range(frame.shape[1]):
        col = j + 1
        fmt = formats[j] if j < len(formats) else None
        for i, v in enumerate(frame.iloc[:, j].tolist(), start=first_row):
            if type(v) is float:
                if not isfinite(v):
                    continue
            else:
                v = plain_value(v)
                if v is None:
                    continue
            number = isinstance(v, (int, float)) and not isinstance(v, bool)
            f = fmt if (fmt and number) else (
                ("#,##0.0000" if abs(v) < 10 else "#,##0") if raw_headers and isinstance(v, float)
                else None)
            if f is not None:
                style = styles.get(f)
                if style is None:
                    probe = Cell(ws, row=i, column=col)
                    probe.number_format = f
                    style = styles[f] = probe._style
                cell = Cell(ws, row=i, column=col, style_array=style)
            else:
                cell = Cell(ws, row=i, column=col)
            write_cell(cell, v)
            cells[(i, col)] = cell
            if i > last:
                last = i
    ws._current_row = max(ws._current_row, last)


def write_table_openpyxl(wb: Workbook, sheet: str, frame: pd.DataFrame, note: str | None = None,
                         raw_headers: bool = False) -> None:
    """One openpyxl sheet holding ``frame`` as a real Excel table (compare.xlsx, sweep.xlsx).

    Headers get their unit from the column name ('area_ha' -> 'area [ha]') unless
    ``raw_headers``; then floats get a generic format."""
    ws = wb.create_sheet(sheet)
    start = 1
    if note:
        write_cell(ws.cell(row=1, column=1), note)
        ws.cell(row=1, column=1).font = Font(italic=True)
        start = 2
    headers = _unique_headers([str(c) if raw_headers else header_with_unit(str(c))
                               for c in frame.columns] or ["(empty)"])
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=start, column=j)
        write_cell(c, h)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(28, len(h) + 2))
    formats = [_fmt(h) for h in headers]
    _write_body(ws, frame, start + 1, formats, raw_headers)
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    if headers:
        last = start + max(len(frame), 1)
        ref = f"A{start}:{get_column_letter(len(headers))}{last}"
        table = Table(displayName=_safe_name(f"t_{sheet}"), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)


def print_setup_openpyxl(wb: Workbook, title: Callable[[str], str], footer: str) -> None:
    """Every sheet of an openpyxl workbook (compare.xlsx, sweep.xlsx) ready to print: landscape
    A4, one page wide (as many tall as the rows need), its table's header row on every page,
    ``title(sheet)`` in the page header and ``footer`` (Excel codes: &A sheet, &P page, &N
    pages) at the foot.  A sheet without a table (charts) keeps its first cell's text on the
    page: the cell spans the charts' width and wraps."""
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.page_margins.left = ws.page_margins.right = 0.4
        for table in ws.tables.values():
            first = int(re.sub(r"^[A-Z]+", "", table.ref.split(":")[0]))
            ws.print_title_rows = f"{first}:{first}"
        if ws._charts and not ws.tables and ws["A1"].value:  # the charts sheet's title
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=18)
            ws["A1"].alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[1].height = 15 * max(1, math.ceil(len(str(ws["A1"].value)) / 150))
        ws.oddHeader.left.text = '&"-,Bold"' + title(ws.title).replace("&", "&&")
        ws.oddHeader.left.size = 9
        left, _, right = footer.partition("&R")
        ws.oddFooter.left.text, ws.oddFooter.right.text = left.removeprefix("&L"), right
        ws.oddFooter.left.size = ws.oddFooter.right.size = 9


def shortfall_note(res: Results, say: Lang | None = None) -> str:
    """Item 8: the shortfall price is a modelling choice; say plainly what it means."""
    pen = res.meta.get("shortfall_penalty_eur_per_unit")
    if pen is None:
        return ""
    say = say or Lang("en")
    return say("xlsx.note.penalty", penalty=say.euros(pen))


def summary_frame(res: Results) -> pd.DataFrame:
    return res.kpis


def run_frame(meta: dict[str, Any], lang: str = "en") -> pd.DataFrame:
    """The Run sheet: one line per meta key (timings, versions, solver options, scenario
    changes and input warnings spread out).  English: the raw key and its value.  Dutch:
    each line in words, the value in Dutch notation, the raw key alongside (for scripts)."""
    raw = _run_rows(meta)
    if lang == "en":
        return raw
    say = Lang(lang)
    rows = [{say("sweep.run.head.item"): _run_label(key, say),
             say("sweep.run.head.value"): _run_value(key, value, meta, say),
             say("sweep.run.head.key"): key} for key, value in zip(raw["item"], raw["value"])]
    return pd.DataFrame(rows)


def _run_label(key: str, say: Lang) -> str:
    head, _, tail = key.partition(".")
    if not tail:
        name = f"run.item.{key}"
        return say(name) if name in CATALOGUE else key
    if head == "timing":
        step = f"run.step.{tail}"
        return say("run.item.timing", what=say(step) if step in CATALOGUE else tail)
    name = f"run.item.{head}"
    return say(name, what=tail) if name in CATALOGUE else key


def _run_value(key: str, text: str, meta: dict[str, Any], say: Lang) -> str:
    """The value in Dutch: status words, numbers in Dutch notation; paths, hashes, versions
    and option values as they are."""
    value = meta.get(key)
    if key == "status":
        return say(f"status.{text}") if f"status.{text}" in CATALOGUE else text
    if key.startswith("timing."):
        return say.num(float(text), 3)
    if isinstance(value, bool) or key.startswith(("version.", "solver_option.")):
        return text
    if isinstance(value, int):
        return say.num(value)
    if isinstance(value, float) and math.isfinite(value):
        return say.g(value, ",.10g") if key == "max_constraint_violation" else say.num(value, 2)
    return text


def _run_rows(meta: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for k, v in meta.items():
        if isinstance(v, (dict, list)):
            continue
        rows.append({"item": k, "value": str(v)})
    for k, v in meta.get("timings", {}).items():
        rows.append({"item": f"timing.{k}", "value": f"{v:.3f}"})
    for k, v in meta.get("versions", {}).items():
        rows.append({"item": f"version.{k}", "value": str(v)})
    for k, v in meta.get("solver_options", {}).items():
        rows.append({"item": f"solver_option.{k}", "value": str(v)})
    for i, ch in enumerate(meta.get("changes", []), start=1):
        rows.append({"item": f"scenario_change.{i}", "value": "; ".join(f"{a}={b}" for a, b in ch.items())})
    for i, w in enumerate(meta.get("warnings", []), start=1):
        rows.append({"item": f"input_warning.{i}", "value": str(w)})
    return pd.DataFrame(rows, columns=["item", "value"])



# --------------------------------------------------------------------------- report.xlsx (XlsxWriter)
#
# report.xlsx is written from scratch, so it is written with XlsxWriter (several times faster
# than openpyxl's writer on the 40-region benchmark; see docs/performance.md).  Every cell goes
# through nabb.io.cells.XlsxCells.write, the XlsxWriter side of the one safe cell writer.
# The sheets are collected first (build_report, extras.add_charts) and written in order by
# save_report, so a sheet can be placed anywhere (Charts goes second).

#: Sheets where rows whose every quantity is zero are left out (issue 14): the large result
#: tables, each with the columns that are parameters or ratios, not quantities of the solution
#: (a demand row of 0 units is left out although its recipe has a biobased share).
LEAN_SHEETS: dict[str, set[str]] = {
    "Balance": {"price_eur_per_t"}, "Cultivation": {"yield_t_per_ha", "area_cap_ha"},
    "Processing": {"utilisation"}, "Flows": {"distance_km"}, "Imports": {"price_eur_per_t"},
    "Demand": {"biobased_share"}, "Prices": set(), "Costs": {"discount_factor"}}
#: Columns that identify a row rather than measure something.
KEY_COLUMNS = {"year", "rank", "nr"}
#: A number this close to zero is shown (and counted) as zero: solver noise such as 1.5e-11.
ZERO = 1e-9
#: Widths (characters) a column may take; longer text wraps.
MIN_WIDTH, MAX_WIDTH, MAX_TEXT_WIDTH = 6, 50, 48

MONITOR_KPIS = {  # the NABB monitor's KPI list, for the numbers the Summary does not compute
    "3": "biobased share of retrofit insulation", "4": "biobased share of non-residential building",
    "13": "fibre-crop gross margin vs the reference crop",
    "15": "bottlenecks (see the Bottlenecks sheet)",
}


@dataclass
class Sheet:
    """One sheet of report.xlsx: a table (``frame``) or a sheet drawn by ``draw``."""
    name: str
    frame: pd.DataFrame | None = None
    note: str | None = None
    raw_headers: bool = False
    row_formats: list[str | None] | None = None     # per data row (Summary), else per column
    footnotes: list[str] = field(default_factory=list)
    draw: Callable[["Report", Any], None] | None = None


class Report:
    """The sheets of report.xlsx, in order; :func:`save_report` writes them."""

    def __init__(self, scenario: str, status: str = "", lang: str = "en") -> None:
        self.scenario, self.status = scenario, status
        self.say = Lang(lang)         # the reader's language: sheet names, headers, notes
        self.sheets: list[Sheet] = []
        self.cells: XlsxCells | None = None            # set while saving

    @property
    def sheetnames(self) -> list[str]:
        return [s.name for s in self.sheets]

    def __getitem__(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    def title(self, name: str) -> str:
        """The name a sheet is shown under (its Dutch name in a Dutch report)."""
        return sheet_name(name, self.say.code)

    def add(self, sheet: Sheet, index: int | None = None) -> Sheet:
        if index is None:
            self.sheets.append(sheet)
        else:
            self.sheets.insert(index, sheet)
        return sheet


def numeric_columns(frame: pd.DataFrame, exclude: set[str] = frozenset()) -> list[str]:
    return [c for c in frame.columns if c not in KEY_COLUMNS and c not in exclude
            and pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]


def drop_zero_rows(frame: pd.DataFrame, exclude: set[str] = frozenset()) -> tuple[pd.DataFrame, int]:
    """``frame`` without the rows whose every quantity (numeric column not in ``exclude``) is
    zero or blank; and how many were left out."""
    cols = numeric_columns(frame, exclude)
    if not cols or not len(frame):
        return frame, 0
    vals = frame[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    keep = (np.abs(np.nan_to_num(vals)) > ZERO).any(axis=1)
    return frame[keep].reset_index(drop=True), int((~keep).sum())


def lean_note(dropped: int, total: int, exclude: set[str] = frozenset(),
              say: Lang | None = None) -> str:
    say = say or Lang("en")
    but = say("xlsx.note.lean_but", columns=", ".join(sorted(exclude))) if exclude else ""
    return say("xlsx.note.lean", but=but, dropped=say.num(dropped), total=say.num(total))


def write_table(wb: Any, sheet: str, frame: pd.DataFrame, note: str | None = None,
                raw_headers: bool = False) -> None:
    """One sheet holding ``frame`` as a real Excel table with a frozen header row.

    ``wb`` is a :class:`Report` (report.xlsx) or an openpyxl Workbook (compare, sweep)."""
    if isinstance(wb, Report):
        total = len(frame)
        if sheet in LEAN_SHEETS:
            frame, dropped = drop_zero_rows(frame, LEAN_SHEETS[sheet])
            if dropped:
                note = (note + " " if note else "") + lean_note(dropped, total, LEAN_SHEETS[sheet],
                                                                wb.say)
        if wb.say.code == "nl":
            frame = dutch_codes(frame)
        wb.add(Sheet(sheet, frame, note, raw_headers))
    else:
        write_table_openpyxl(wb, sheet, frame, note, raw_headers)


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = list(headers)
    for i, h in enumerate(out):  # Excel tables need unique headers
        if h in seen:
            seen[h] += 1
            out[i] = f"{h} ({seen[h]})"
        else:
            seen[h] = 0
    return out


def _shown(v: Any, fmt: str | None) -> str:
    """The text a spreadsheet shows for ``v`` in format ``fmt`` (for column widths)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    if not math.isfinite(v):
        return ""
    if fmt == "0.0%":
        return f"{v * 100:,.1f}%"
    if fmt == "0%":
        return f"{v * 100:,.0f}%"
    if fmt and fmt.startswith("#,##0."):
        return f"{v:,.{len(fmt.split('.')[1])}f}"
    if fmt == "#,##0":
        return f"{v:,.0f}"
    return f"{v:.10g}" if isinstance(v, float) else str(v)


def column_width(header: str, texts: list[str]) -> tuple[float, bool]:
    """Width for a column (characters) and whether its text wraps.

    Numbers never wrap: the width holds the widest shown number, so no cell shows ``###``.
    Headers wrap at word boundaries, so the width needs only the longest header word."""
    longest = max((len(t) for t in texts), default=0)
    head = max((len(w) for w in header.split()), default=0)
    width = max(MIN_WIDTH, head, min(longest, MAX_TEXT_WIDTH)) + 2
    return float(min(width, MAX_WIDTH + 2)), longest > MAX_TEXT_WIDTH


def header_lines(header: str, width: float) -> int:
    """Lines a wrapped header takes in a column ``width`` characters wide (words kept whole)."""
    lines, used = 1, 0
    room = max(int(width) - 1, 1)
    for word in header.split():
        while len(word) > room:                     # a word longer than the column breaks
            lines, used, word = lines + (1 if used else 0), 0, word[room:]
            lines += 1
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _shown_texts(vals: list[Any], formats: list[str | None]) -> list[str]:
    """The texts that decide a column's width: every text, and for numbers only the extremes
    in each number format (the widest shown number is the largest or the most negative)."""
    texts: list[str] = []
    extremes: dict[str | None, list[float]] = {}
    for v, f in zip(vals, formats):
        if type(v) is float or (isinstance(v, (int, float)) and not isinstance(v, bool)):
            v = float(v)
            if math.isfinite(v):
                lo_hi = extremes.setdefault(f, [v, v])
                if v < lo_hi[0]:
                    lo_hi[0] = v
                elif v > lo_hi[1]:
                    lo_hi[1] = v
        else:
            v = plain_value(v)
            if v is not None:
                texts.append(str(v))
    for f, (lo, hi) in extremes.items():
        texts += [_shown(_clean(lo), f), _shown(_clean(hi), f)]
    return texts


def _clean(v: Any) -> Any:
    if type(v) is float and abs(v) < ZERO:
        return 0.0
    return v


def _page_setup(ws: Any, report: Report, title: str, header_row: int, last_row: int,
                last_col: int, one_page: bool = False) -> None:
    """Landscape A4, fit to the page width, header rows repeated, a title on every page."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    ws.fit_to_pages(1, 1 if one_page else 0)
    if header_row >= 0:
        ws.repeat_rows(0, header_row)
    ws.print_area(0, 0, max(last_row, 0), max(last_col, 0))
    esc = lambda s: str(s).replace("&", "&&")  # noqa: E731  (& starts a header code)
    say = report.say
    ws.set_header(f'&L&"-,Bold"{esc(say("xlsx.page.title", title=report.title(title)))}'
                  f'&R{esc(say("xlsx.page.scenario", scenario=report.scenario))}')
    ws.set_footer(say("xlsx.page.footer"))


def _write_note(report: Report, ws: Any, row: int, text: str, ncols: int, widths: list[float],
                italic: bool = True) -> None:
    """A note across the table's width, wrapped, with a row height that shows all of it."""
    cells = report.cells
    props = {"italic": italic, "text_wrap": True, "valign": "top"}
    span = max(ncols, 1)
    if span > 1:
        ws.merge_range(row, 0, row, span - 1, "", cells.format(props))
    cells.write(ws, row, 0, text, props)
    chars = max(sum(widths[:span]) * 1.1, 20)
    lines = sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))
    ws.set_row(row, 15 * lines + 2)


def _draw_table(report: Report, ws: Any, sheet: Sheet) -> None:
    cells = report.cells
    frame = sheet.frame if sheet.frame is not None else pd.DataFrame()
    headers = [str(c) if sheet.raw_headers else header_with_unit(str(c)) for c in frame.columns]
    col_formats = [_fmt(h) for h in headers] or [None]  # from the English header (its unit)
    headers = _unique_headers([translated_header(h, report.say.code) for h in headers]
                              or [report.say("xlsx.empty")])
    ncols = len(headers)
    columns = [frame.iloc[:, j].tolist() for j in range(frame.shape[1])] or [[]]
    # Summary: the numbers start after the unit column (nr, KPI names, unit)
    lead = list(frame.columns).index("unit") + 1 if "unit" in frame.columns else 4
    formats: list[list[str | None]] = []
    for j, vals in enumerate(columns):
        if sheet.row_formats is not None:
            formats.append([sheet.row_formats[i] if j >= lead else None for i in range(len(vals))])
        elif col_formats[j] is None and sheet.raw_headers:
            formats.append([("#,##0.0000" if abs(v) < 10 else "#,##0") if type(v) is float else None
                            for v in vals])
        else:
            formats.append([col_formats[j]] * len(vals))
    widths, wraps = [], []
    for j, h in enumerate(headers):
        vals, fm = columns[j] if j < len(columns) else [], formats[j] if j < len(formats) else []
        w, wrap = column_width(h, _shown_texts(vals, fm))
        widths.append(w)
        wraps.append(wrap)
    row = 0
    if sheet.note:
        _write_note(report, ws, row, sheet.note, ncols, widths)
        row += 1
    header_row = row
    nrows = len(frame)
    last = header_row + max(nrows, 1)
    ws.add_table(header_row, 0, last, ncols - 1, {
        "name": _safe_name(f"t_{sheet.name}"), "style": "Table Style Medium 2",
        "columns": [{"header": h} for h in headers]})
    head_props = {"bold": True, "text_wrap": True, "valign": "top"}
    for j, h in enumerate(headers):                  # over the table's own header strings
        cells.write(ws, header_row, j, h, head_props)
    for j, vals in enumerate(columns):
        text_props = {"text_wrap": True, "valign": "top"} if wraps[j] else None
        fm = formats[j]
        if len(set(fm)) <= 1:            # one format for the column
            f = fm[0] if fm else None
            cells.write_column(ws, header_row + 1, j, vals, {"num_format": f} if f else None,
                               text_props, zero=ZERO)
        else:                            # per-row formats (Summary)
            for i, (v, f) in enumerate(zip(vals, fm)):
                cells.write_column(ws, header_row + 1 + i, j, [v], {"num_format": f} if f else None,
                                   text_props, zero=ZERO)
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.set_row(header_row, 15 * max(header_lines(h, w) for h, w in zip(headers, widths)) + 2)
    # rows with wrapped text get the height their longest text needs (spreadsheets do not
    # fit row heights of a file on opening it, so without this wrapped lines overlap)
    row_lines = [1] * len(frame)
    for j in (j for j, wrap in enumerate(wraps) if wrap):
        for i, v in enumerate(columns[j]):
            if isinstance(v, str) and len(v) > widths[j] - 2:
                row_lines[i] = max(row_lines[i], header_lines(v, widths[j]))
    for i, n in enumerate(row_lines):
        if n > 1:
            ws.set_row(header_row + 1 + i, 15 * n)
    ws.freeze_panes(header_row + 1, 0)
    end = last
    for text in sheet.footnotes:
        end += 2
        _write_note(report, ws, end, text, ncols, widths)
    _page_setup(ws, report, sheet.name, header_row, end, ncols - 1, one_page=sheet.name == "Summary")


def save_report(report: Report, path: str | Path) -> None:
    """Write ``report`` to ``path`` (a temporary file of the caller's atomic write)."""
    report.cells = XlsxCells(path)
    try:
        for sheet in report.sheets:
            ws = report.cells.book.add_worksheet(report.title(sheet.name))
            if sheet.draw is not None:
                sheet.draw(report, ws)
            else:
                _draw_table(report, ws, sheet)
        report.cells.close()
    finally:
        report.cells = None


def headline_formats(frame: pd.DataFrame) -> list[str | None]:
    """Per-row number formats of the Summary: percentages for %, thousands separators elsewhere."""
    return ["0.0%" if unit == "%" else "#,##0" for unit in frame["unit"]]


def monitor_gaps_note(frame: pd.DataFrame, say: Lang | None = None) -> str | None:
    """Which numbers of the NABB monitor's KPI list the Summary leaves out, and why."""
    say = say or Lang("en")
    have = {str(n).strip() for n in frame["nr"]}
    main = {n.rstrip("abcdefghij") for n in have}
    top = max((int(n) for n in main if n.isdigit()), default=0)
    missing = [str(n) for n in range(1, top + 1) if str(n) not in main]
    if not missing:
        return None
    named = ", ".join(f"{n} ({say(f'xlsx.monitor.{n}')})" if n in MONITOR_KPIS else n
                      for n in missing)
    return say("xlsx.note.monitor_gaps", named=named)


SHEET_ORDER = ["Summary", "Balance", "Cultivation", "Processing", "Flows", "Imports", "Demand",
               "Targets", "Target cost split", "Co-products", "Prices", "Costs", "Run"]


def build_report(res: Results, extra_sheets: dict[str, pd.DataFrame] | None = None,
                 headline: pd.DataFrame | None = None, lang: str = "en") -> Report:
    wb = Report(res.scenario, res.status, lang)
    say = wb.say
    f = res.frames
    status = say(f"status.{res.status}") if f"status.{res.status}" in CATALOGUE else res.status
    note = say("xlsx.note.summary", scenario=res.scenario, status=status,
               objective=say.euros(res.objective_eur))
    if headline is not None:
        shown = headline_for(headline, say.code)
        write_table(wb, "Summary", shown, note=note + say("xlsx.note.kerncijfers"))
        wb["Summary"].row_formats = headline_formats(headline)
        gaps = monitor_gaps_note(headline, say)
        if gaps:
            wb["Summary"].footnotes.append(gaps)
        write_table(wb, "KPIs", summary_frame(res), note=say("xlsx.note.kpis"))
    else:
        write_table(wb, "Summary", summary_frame(res), note=note)
    write_table(wb, "Balance", f["balance"], note=say("xlsx.note.balance"))
    write_table(wb, "Cultivation", f["cultivation"])
    write_table(wb, "Processing", f["processing"], note=say("xlsx.note.processing"))
    write_table(wb, "Flows", f["flows"])
    write_table(wb, "Imports", f["imports"])
    write_table(wb, "Demand", f["demand"])
    write_table(wb, "Targets", f["targets"], note=say("xlsx.note.targets") + shortfall_note(res, say))
    if "target_cost_split" in f:
        write_table(wb, "Target cost split", f["target_cost_split"], note=say("xlsx.note.cost_split"))
    if "coproducts" in f:
        write_table(wb, "Co-products", f["coproducts"], note=say("xlsx.note.coproducts"))
    write_table(wb, "Prices", f["prices"], note=say("xlsx.note.prices"))
    write_table(wb, "Costs", f["costs"])
    for name, frame in (extra_sheets or {}).items():
        write_table(wb, name, frame)
    write_table(wb, "Run", run_frame(res.meta, lang))
    return wb
