"""One cell of a capacity sheet -> its typed value, or an issue naming the cell."""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.datetime import from_excel

from nabb.errors import Issue
from nabb.io.reader import suspicious_characters
from nabb.schema import Column

from nabb.capacity.layout import MAX_NAME_LENGTH, MAX_YEAR, MIN_YEAR
from nabb.capacity.lists import ScenarioLists, region_hint, resolve_region
from nabb.capacity.text import as_found, clean_text, code_key

_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_NUMBER_TEXT = re.compile(r"^\s*[+-]?(\d[\d.,\s\u00a0']*|\.\d+)([eE][+-]?\d+)?\s*%?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _plain(x: float) -> str:
    """12000.5 -> '12000.5', 12000000.0 -> '12000000' (as the user would type it)."""
    return f"{x:.10f}".rstrip("0").rstrip(".")


def number_text_hint(raw: str) -> str:
    """What a number typed as text with separators means, and what to type instead.

    '1,5' and '12000,5': a decimal comma (1.5, 12000.5); '12.000,5' and '1.234.567': Dutch
    notation, a point between thousands (12000.5, 1234567); '12,000,000' and '12,000.5':
    English notation, a comma between thousands; '12,000' alone is ambiguous (12000 with a
    thousands comma, or 12.0 with a decimal comma) and both readings are named.
    """
    text = re.sub(r"[\s\u00a0']", "", raw.strip())
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("+-")
    tail = ", or make the cell a number)"
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):   # 12.000,5: Dutch
            value = text.replace(".", "").replace(",", ".")
            how = "in Dutch notation, with a point between thousands and a decimal comma"
        else:                                    # 12,000.5: English
            value = text.replace(",", "")
            how = "with a comma between thousands"
    elif "," in text:
        head, _, last = text.rpartition(",")
        if text.count(",") > 1:                  # 12,000,000
            value = text.replace(",", "")
            how = "with commas between thousands"
        elif len(last) == 3 and 1 <= len(head) <= 3:  # 12,000: 12000 or 12.0?
            return (f"a number typed as a number: this is text, {sign}{text} with a decimal "
                    f"comma is {sign}{_plain(float(head + '.' + last))}, with a thousands comma "
                    f"{sign}{_plain(float(head + last))} (type the one you mean{tail}")
        else:                                    # 1,5 / 12000,5
            value = text.replace(",", ".")
            how = "with a decimal comma"
    else:                                        # 1.234.567: Dutch thousands
        value = text.replace(".", "")
        how = "in Dutch notation, with points between thousands"
    try:
        meant = _plain(float(sign + value))
    except ValueError:
        return "a number typed as a number, not text"
    return f"a number typed as a number: this is text {how}; did you mean {meant}? (type {meant}{tail}"


class _Bad:
    """What :meth:`CellReader.value` returns for a cell that had an error (None is a blank)."""

    def __repr__(self) -> str:  # pragma: no cover
        return "<bad cell>"


BAD = _Bad()


class CellReader:
    """Reads the cells of one capacity sheet file, collecting every issue in ``issues``.

    Codes (regions, processes, crops) are checked against ``lists``; ``epoch`` is the
    workbook's date system, set once the file is open.
    """

    def __init__(self, file: str, lists: ScenarioLists):
        self.file = file
        self.lists = lists
        self.issues: list[Issue] = []
        self.epoch = None

    def add(self, sheet: str, cell: str, column: str, expected: str, found: str,
            severity: str = "error") -> None:
        self.issues.append(Issue(self.file, sheet, cell, column, expected, found, severity))  # type: ignore[arg-type]

    def value(self, sheet: str, cf, cv, col: Column) -> Any:
        """Typed value of a cell, None for blank; ``BAD`` after recording an issue."""
        a1 = cf.coordinate
        raw = cf.value
        if cf.data_type == "f":
            formula = getattr(raw, "text", raw)
            if col.type == "str":
                self.add(sheet, a1, col.name, "typed text, not a formula", f"formula {as_found(str(formula))}")
                return BAD
            raw = cv.value if cv is not None else None
            if raw is None:
                self.add(sheet, a1, col.name, "a value: open the file in Excel or LibreOffice, "
                         "let it recalculate and save it again",
                         f"formula {as_found(str(formula))} with no saved result")
                return BAD
        if isinstance(raw, str) and (cf.data_type == "e" or raw in ERROR_CODES):
            self.add(sheet, a1, col.name, "a value", f"Excel error {raw}")
            return BAD
        if raw is None or (isinstance(raw, str) and not clean_text(raw)):
            if col.required:
                self.add(sheet, a1, col.name, f"a value ({col.description.split('.')[0]})",
                         "an empty cell")
                return BAD
            return None
        if col.type == "str":
            return self.text(sheet, a1, col, raw)
        if col.type == "float":
            return self.number(sheet, a1, col, raw)
        if col.type == "year":
            return self.year(sheet, a1, col, raw)
        raise AssertionError(col.type)  # pragma: no cover

    def text(self, sheet: str, a1: str, col: Column, raw: Any) -> Any:
        if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            self.add(sheet, a1, col.name, "text", as_found(raw))
            return BAD
        if isinstance(raw, (int, float)):
            if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
                self.add(sheet, a1, col.name, "text", as_found(raw))
                return BAD
            raw = str(int(raw))
        if not isinstance(raw, str):
            self.add(sheet, a1, col.name, "text", as_found(raw))
            return BAD
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in raw):
            self.add(sheet, a1, col.name, "text without control characters", as_found(raw))
            return BAD
        if _BIDI.search(raw):
            self.add(sheet, a1, col.name, "text without invisible direction marks "
                     "(they make a name look different from what it is)",
                     f"{as_found(raw)} containing {', '.join(suspicious_characters(raw))}")
            return BAD
        value = clean_text(raw)
        if len(value) > MAX_NAME_LENGTH:
            self.add(sheet, a1, col.name, f"at most {MAX_NAME_LENGTH} characters",
                     f"{len(value)} characters")
            return BAD
        if value != raw:
            self.add(sheet, a1, col.name, "text without leading, trailing, repeated or "
                     f"non-breaking spaces (read as {value!r})", as_found(raw), "warning")
        if col.allowed:
            if value in col.allowed:
                return value
            matches = [a for a in col.allowed if code_key(a) == code_key(value)]
            if len(matches) == 1:
                self.add(sheet, a1, col.name, f"one of {', '.join(col.allowed)} "
                         f"(read as {matches[0]!r})", as_found(raw), "warning")
                return matches[0]
            self.add(sheet, a1, col.name, f"one of {', '.join(col.allowed)}", as_found(raw))
            return BAD
        if col.references:
            known = {"regions": tuple(self.lists.regions), "processes": self.lists.processes,
                     "crops": self.lists.crops}[col.references[0]]
            if value in known:
                return value
            matches = [k for k in known if code_key(k) == code_key(value)]
            if col.references[0] == "regions" and not matches:
                code = resolve_region(value, self.lists)
                matches = [code] if code else []
            if len(matches) == 1:
                self.add(sheet, a1, col.name, f"a {col.references[1]} code from {self.lists.source} "
                         f"(read as {matches[0]!r})", as_found(raw), "warning")
                return matches[0]
            if col.references[0] == "regions":
                hint = region_hint(value, self.lists)
            else:
                close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
                hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            listed = ", ".join(known[:15]) + (", ..." if len(known) > 15 else "")
            self.add(sheet, a1, col.name, f"a {col.references[1]} known in {self.lists.source} "
                     f"({listed}){hint}", as_found(raw))
            return BAD
        return value

    def number(self, sheet: str, a1: str, col: Column, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            expected = "a number"
            if isinstance(raw, str) and _NUMBER_TEXT.match(raw):
                if "%" not in raw and ("," in raw or raw.count(".") > 1):
                    expected = number_text_hint(raw)
                elif "%" in raw:
                    expected = "a number typed as a number, not text with a % sign"
                else:
                    expected = "a number typed as a number, not text"
            if expected.startswith("a number typed as a number"):  # the unit where it reads
                expected = expected.replace("a number typed", f"a number in {col.unit} typed", 1)
            else:
                expected = f"{expected} in {col.unit}"
            self.add(sheet, a1, col.name, expected, as_found(raw))
            return BAD
        value = float(raw)
        if not math.isfinite(value):
            self.add(sheet, a1, col.name, f"a finite number in {col.unit}", as_found(raw))
            return BAD
        if col.min is not None and value < col.min:
            self.add(sheet, a1, col.name, f"a number >= {col.min:g} {col.unit}", as_found(raw))
            return BAD
        if col.max is not None and value > col.max:
            hint = " (a share: 85% is 0.85)" if col.max == 1 and value <= 100 else ""
            if col.why_max:
                hint = f" (plausible maximum: {col.why_max})"
            self.add(sheet, a1, col.name, f"a number <= {col.max:g} {col.unit}{hint}", as_found(raw))
            return BAD
        return value

    def year(self, sheet: str, a1: str, col: Column, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            expected = "a year typed as a number"
            if isinstance(raw, (dt.date, dt.datetime)):
                expected = "a year (e.g. 2027), not a date"
            self.add(sheet, a1, col.name, expected, as_found(raw))
            return BAD
        if not (math.isfinite(raw) and float(raw).is_integer()):
            self.add(sheet, a1, col.name, "a whole year", as_found(raw))
            return BAD
        year = int(raw)
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.add(sheet, a1, col.name, f"a year between {MIN_YEAR} and {MAX_YEAR}", as_found(raw))
            return BAD
        return year

    def date(self, sheet: str, a1: str, raw: Any) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 20000 < raw < 80000:
            value = from_excel(raw, self.epoch) if self.epoch else from_excel(raw)
            value = value.date() if isinstance(value, dt.datetime) else value
            self.add(sheet, a1, "date", "a date cell", f"the number {raw!r}, read as "
                     f"{value.isoformat()}", "warning")
            return value
        if isinstance(raw, str):
            m = _ISO_DATE.match(raw)
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    pass
        self.add(sheet, a1, "date", "a date (a date cell, or text like 2026-03-01)", as_found(raw))
        return None
