"""Every cell nabb writes goes through :func:`write_cell`: text stays text, never a formula.

A spreadsheet reads a cell as a formula when its text starts with ``=``, and Excel and
LibreOffice evaluate ``+ - @`` (and a leading tab or line break) as soon as a user edits the
cell or the sheet is re-imported as CSV (OWASP "CSV injection", CWE-1236).  Full-width
forms (U+FF1D ``＝`` and friends) are folded to ASCII by some input methods and spreadsheet
imports, so they count too.  :func:`write_cell` therefore

* stores every string as a shared/inline string (openpyxl data type ``"s"``, never ``"f"``);
* sets the cell style's ``quotePrefix`` when the text starts with one of
  :data:`FORMULA_TRIGGERS`: Excel and LibreOffice then show the text unchanged and keep it
  text after editing (no apostrophe is added to the value itself);
* keeps numbers, booleans and dates as they are; NaN/inf and pandas NA become blank;
* shows control characters that XML cannot hold as ``\\xNN`` instead of failing.

nabb's own formulas, if a writer ever needs one, go through the separate
:func:`write_formula`, which records the cell; :func:`seal_workbook` (called by every writer
just before saving) turns any formula that was not recorded there back into text, so a cell
that slipped past :func:`write_cell` still cannot become live.

:func:`audit_xlsx` opens a written file as a ZIP and lists what active content it holds
(formulas, external links, macros, hidden sheets, DDE); tests use it on every workbook nabb
writes and :mod:`nabb.capacity` runs it on the annotated copy and merged workbook before they
are moved into place.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import io
import math
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: First characters that make a spreadsheet read text as a formula (OWASP, CWE-1236), with the
#: full-width and small forms that input methods and imports fold to ASCII.
FORMULA_TRIGGERS: tuple[str, ...] = (
    "=", "+", "-", "@", "\t", "\r", "\n",
    "\uff1d", "\uff0b", "\uff0d", "\uff20",   # full-width = + - @
    "\ufe66", "\ufe62", "\ufe63", "\ufe6b",   # small = + - @
    "\u2212",                                 # minus sign
)

#: The longest text a cell can hold (Excel's limit; openpyxl truncates silently).
MAX_CELL_TEXT = 32_767

_FORMULAS_ATTR = "_nabb_formulas"


def needs_quote(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as (the start of) a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def storable_text(text: str) -> str:
    """``text`` with characters a worksheet cannot hold shown as ``\\xNN``, cut to 32,767."""
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text[:MAX_CELL_TEXT]


def plain_value(v: Any) -> Any:
    """A value a cell can hold: numpy scalars unwrapped, NaN/inf/NA blank, unknown types as text.

    Numbers, booleans, text and dates (datetime/date/time) are kept; anything else (a
    formula object read from another workbook, a Timestamp, a path) becomes its text."""
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (TypeError, ValueError):
            pass
    if v is None:
        return None
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, (str, bool, int)):
        return v
    if type(v) in (_dt.datetime, _dt.date, _dt.time):
        return v
    if isinstance(v, decimal.Decimal):
        return float(v) if v.is_finite() else None
    try:
        import pandas as pd
        if pd.isna(v):
            return None
    except (TypeError, ValueError, ImportError):
        pass
    text = getattr(v, "text", None)  # openpyxl ArrayFormula / DataTableFormula
    return str(text if isinstance(text, str) else v)


def write_cell(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell.  The one way nabb puts a value into a workbook.

    Text is stored as text (never a formula, never an error code) and gets the quote prefix
    when a spreadsheet would read it as a formula; numbers stay numbers."""
    value = plain_value(value)
    if isinstance(value, str):
        value = storable_text(value)
        cell.value = value
        cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
        quote = needs_quote(value)
        if quote or cell.has_style and cell.quotePrefix:
            cell.quotePrefix = quote
    else:
        cell.value = value
        if cell.has_style and cell.quotePrefix:
            cell.quotePrefix = False


def write_row(ws: Any, row: int, values: Iterable[Any], first_column: int = 1) -> None:
    """Write ``values`` into ``row`` of ``ws`` from ``first_column`` on, each by :func:`write_cell`."""
    for j, v in enumerate(values, start=first_column):
        write_cell(ws.cell(row=row, column=j), v)


def write_formula(cell: Any, formula: str) -> None:
    """Put one of nabb's own formulas into ``cell`` (never user text): an explicit, separate call.

    The cell is recorded on its workbook so :func:`seal_workbook` leaves it live."""
    if not formula.startswith("=") or len(formula) < 2:
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = formula
    cell.data_type = "f"
    ws = cell.parent
    wb = ws.parent
    own = getattr(wb, _FORMULAS_ATTR, None)
    if own is None:
        own = set()
        setattr(wb, _FORMULAS_ATTR, own)
    own.add((ws.title, cell.coordinate))


def is_formula_cell(cell: Any) -> bool:
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def seal_workbook(wb: Any) -> int:
    """Last line before saving: any formula nabb did not write by :func:`write_formula`, and
    any risky text without its quote prefix, is rewritten by :func:`write_cell`.

    Returns how many cells it had to fix (0 when every writer used :func:`write_cell`)."""
    own = getattr(wb, _FORMULAS_ATTR, set())
    fixed = 0
    for ws in wb.worksheets:
        for cell in list(getattr(ws, "_cells", {}).values()):
            v = cell.value
            if is_formula_cell(cell):
                if (ws.title, cell.coordinate) in own:
                    continue
                write_cell(cell, v)
                fixed += 1
            elif isinstance(v, str) and (cell.data_type != "s" or (needs_quote(v) and not cell.quotePrefix)):
                write_cell(cell, v)
                fixed += 1
    return fixed


def save_workbook(wb: Any, path: str | Path) -> None:
    """Seal ``wb`` (see :func:`seal_workbook`) and save it to ``path`` (a temporary file of
    :func:`nabb.io.safe_write.atomic_path`)."""
    seal_workbook(wb)
    wb.save(path)


# --------------------------------------------------------------------------- audit of a file

_SHEET_STATE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bstate="(hidden|veryHidden)"[^>]*>')
_SHEET_NAME = re.compile(rb'\bname="([^"]*)"')
_CELL_F = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_CELL_R = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_DEFINED = re.compile(rb"<(?:\w+:)?definedName\b[^>]*>(.*?)</(?:\w+:)?definedName>", re.S)


def audit_xlsx(source: str | Path | bytes, allowed_formulas: int = 0) -> list[str]:
    """What active content a written .xlsx holds, one line per finding (empty: none).

    Looks at the ZIP itself, not through openpyxl: ``<f>`` elements in worksheets (beyond
    ``allowed_formulas`` of nabb's own), external-link parts, ``vbaProject.bin``, ActiveX/OLE
    parts, data connections, hidden or very hidden sheets, defined names pointing outside the
    workbook (``[1]``, ``|``, a path or URL), and DDE (``|``) anywhere in a formula."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    found: list[str] = []
    formulas = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            low = name.lower()
            if low.endswith("vbaproject.bin"):
                found.append(f"macros ({name})")
            elif low.startswith("xl/externallinks/"):
                found.append(f"external link part ({name})")
            elif low.startswith(("xl/activex/", "xl/embeddings/", "xl/querytables/")) or \
                    low == "xl/connections.xml":
                found.append(f"active part ({name})")
            elif low.startswith("xl/worksheets/") and low.endswith(".xml"):
                xml = zf.read(name)
                for m in _CELL_F.finditer(xml):
                    formulas += 1
                    body = (m.group(1) or b"").decode("utf-8", "replace")
                    start = max(xml.rfind(b"<c ", 0, m.start()), xml.rfind(b":c ", 0, m.start()))
                    ref = _CELL_R.search(xml, start, m.start()) if start >= 0 else None
                    where = f"{name} cell {ref.group(1).decode() if ref else '?'}"
                    if "|" in body:
                        found.append(f"DDE formula in {where}: {body[:80]!r}")
                    elif formulas > allowed_formulas:
                        found.append(f"formula in {where}: {body[:80]!r}")
        if "xl/workbook.xml" in zf.namelist():
            wbxml = zf.read("xl/workbook.xml")
            for m in _SHEET_STATE.finditer(wbxml):
                nm = _SHEET_NAME.search(m.group(0))
                found.append(f"{m.group(1).decode()} sheet "
                             f"{(nm.group(1).decode() if nm else '?')!r}")
            for m in _DEFINED.finditer(wbxml):
                body = m.group(1).decode("utf-8", "replace")
                if re.search(r"\[|\||://|\\\\", body):
                    found.append(f"defined name pointing outside: {body[:80]!r}")
    return found


def csv_text(value: Any) -> Any:
    """A CSV field that a spreadsheet shows as text: risky text gets a leading apostrophe
    (OWASP's advice for CSV, which has no quote-prefix style)."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


# --------------------------------------------------------------------------- XlsxWriter path

#: XlsxWriter options for every workbook nabb writes with it: no string is ever turned into a
#: formula, a URL or a number behind our back, and NaN/inf are never written as error cells.
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                      "strings_to_numbers": False, "nan_inf_to_errors": False}


class XlsxCells:
    """The XlsxWriter side of the one cell writer, for workbooks written from scratch (report.xlsx).

    :meth:`write` follows the rule of :func:`write_cell`: :func:`plain_value` decides type and
    blanks; text goes through ``write_string`` (never ``write_formula``), cut and cleaned by
    :func:`storable_text`, with the ``quote_prefix`` format when a spreadsheet would read it as
    a formula; numbers through ``write_number``.  The workbook is opened with
    :data:`XLSXWRITER_OPTIONS`, and :meth:`close` runs :func:`audit_xlsx` on the written file
    and refuses (deletes it, raises) if it holds any active content: the same last line as
    :func:`seal_workbook` on the openpyxl side.

    Formats are given as dicts of XlsxWriter format properties and created once per workbook.
    """

    def __init__(self, path: str | Path) -> None:
        import xlsxwriter
        self.path = Path(path)
        self.book = xlsxwriter.Workbook(str(self.path), dict(XLSXWRITER_OPTIONS))
        self._formats: dict[tuple, Any] = {}

    def format(self, props: dict[str, Any] | None) -> Any:
        """The XlsxWriter Format for ``props`` (None for no properties), made once."""
        if not props:
            return None
        key = tuple(sorted(props.items()))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self.book.add_format(dict(props))
        return fmt

    def write(self, ws: Any, row: int, col: int, value: Any,
              props: dict[str, Any] | None = None) -> None:
        """Write ``value`` at zero-based (``row``, ``col``) of the XlsxWriter sheet ``ws``."""
        value = plain_value(value)
        if value is None:
            if props:
                ws.write_blank(row, col, None, self.format(props))
            return
        if isinstance(value, str):
            value = storable_text(value)
            if needs_quote(value):
                props = {**(props or {}), "quote_prefix": True}
            ws.write_string(row, col, value, self.format(props))
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, self.format(props))
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, self.format(props))
        else:  # datetime, date, time
            ws.write_datetime(row, col, value,
                              self.format({"num_format": "yyyy-mm-dd hh:mm", **(props or {})}))

    def write_column(self, ws: Any, first_row: int, col: int, values: Iterable[Any],
                     number_props: dict[str, Any] | None = None,
                     text_props: dict[str, Any] | None = None, zero: float = 0.0) -> None:
        """:meth:`write` for a column of values: numbers with ``number_props``, anything else
        with ``text_props``.  Finite floats take a short path (a number is never text, so there
        is nothing to quote); ``|v| < zero`` is written as 0 (solver noise such as 1.5e-11)."""
        number_fmt = self.format(number_props)
        write_number = ws.write_number
        isfinite = math.isfinite
        for row, v in enumerate(values, start=first_row):
            if type(v) is float:
                if isfinite(v):
                    write_number(row, col, 0.0 if -zero < v < zero else v, number_fmt)
                continue
            v = plain_value(v)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self.write(ws, row, col, 0.0 if -zero < v < zero else v, number_props)
            elif v is not None:
                self.write(ws, row, col, v, text_props)

    def close(self) -> None:
        """Write the file, then audit it: a file with active content is removed, never kept."""
        self.book.close()
        findings = audit_xlsx(self.path)
        if findings:
            self.path.unlink(missing_ok=True)
            raise RuntimeError(f"{self.path.name}: refused to keep a workbook with active "
                               f"content: {'; '.join(findings[:5])}")
