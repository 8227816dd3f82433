"""Workbook -> validated, typed :class:`~nabb.inputs.Inputs`, or one InputError listing every bad cell.

Reading never reinterprets a cell silently: a region code "NA" stays the text "NA", a
number typed with a decimal comma ("1,5") is an error that says so, and a formula without
a cached value is an error rather than a blank.
"""
from __future__ import annotations

import hashlib
import math
import numbers
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from nabb.errors import InputError, Issue, did_you_mean, names
from nabb.inputs import Inputs
from nabb.io.uncertainty_sheet import check_uncertainty
from nabb.schema import (CROSS_REFS, FIRST_DATA_ROW, SETTING_BY_KEY, SETTINGS, SETTINGS_SHEET,
                         SHEET_BY_NAME, SHEETS, Column, CrossRef, Sheet)

MASS_BALANCE_TOL = 1e-3
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_TRUE = {"true", "yes", "y", "1", "waar", "ja"}
_FALSE = {"false", "no", "n", "0", "onwaar", "nee"}


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def clean_text(value: str) -> str:
    """Strip ordinary and non-breaking spaces that Excel users paste by accident."""
    return value.replace("\u00a0", " ").replace("\u200b", "").strip()


#: Code columns outside a sheet's key and references whose text must match exactly elsewhere.
_CODE_COLUMNS = {"scenario", "parent", "sheet", "column", "source", "source_id"}


def is_code_column(sheet: Sheet | None, col: Column | Any) -> bool:
    """Key and code columns: text that other cells must match character for character."""
    if getattr(col, "type", "str") != "str":
        return False
    name = getattr(col, "name", "")
    return bool((sheet is not None and name in sheet.key) or getattr(col, "references", None)
                or getattr(col, "allowed", None) or name in _CODE_COLUMNS
                or getattr(col, "key", None))


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"


def suspicious_characters(text: str) -> list[str]:
    """Invisible and look-alike characters in a code, each named once ("U+200F RIGHT-TO-LEFT MARK").

    Flags format characters (zero-width spaces and joiners, direction marks, the BOM),
    control characters other than tab and line breaks (which are stripped like spaces),
    every space other than the ordinary one (no-break, thin, ...), and letters and digits
    that only look ASCII (fullwidth forms, Cyrillic or Greek letters in a Latin code).
    Symbols are left alone: a fullwidth "＝" is visible, and text stays text.
    """
    found: list[str] = []
    latin = any("a" <= ch.lower() <= "z" for ch in text)
    for ch in text:
        if ch in " \t\r\n" or (" " < ch < "\x7f"):
            continue
        cat = unicodedata.category(ch)
        bad = cat in ("Cf", "Cc", "Co", "Cn", "Zs", "Zl", "Zp")
        if not bad and cat[0] in "LN" and unicodedata.normalize("NFKC", ch) != ch:
            bad = True                                # fullwidth letters, ligatures, superscripts
        if not bad and latin and cat.startswith("L"):
            name = unicodedata.name(ch, "")
            bad = name.startswith(("CYRILLIC", "GREEK"))  # 'Р' in 'GR' looks Latin
        if bad and _char_name(ch) not in found:
            found.append(_char_name(ch))
    return found


def strip_invisible(text: str) -> str:
    """The code as it was meant: invisible characters removed, other spaces made ordinary."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Cc"):
            continue
        out.append(" " if cat in ("Zs", "Zl", "Zp") else ch)
    return "".join(out).strip()


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    return f"{value!r} ({type(value).__name__})"


class _Cells:
    """Parses one cell according to its schema column and collects issues."""

    def __init__(self, file: str):
        self.file = file
        self.issues: list[Issue] = []

    def error(self, sheet: str, cell: str, column: str, expected: str, found: str,
              severity: str = "error") -> None:
        self.issues.append(Issue(self.file, sheet, cell, column, expected, found, severity))  # type: ignore[arg-type]

    def parse(self, sheet: str, cell: str, col: Column | Any, value: Any, formula: Any,
              code: bool = False) -> Any:
        """Return the typed value, or None for blank; record an issue when the cell is bad.

        ``code``: a key or code column.  An invisible or look-alike character there is one
        error at this cell, naming the character; the code is then read without it, so the
        cells that refer to it do not each fail with "unknown ...".
        """
        name = getattr(col, "name", "value")
        ctype = getattr(col, "type", "str")
        if code and ctype == "str" and isinstance(value, str):
            chars = suspicious_characters(value)
            if chars:
                meant = strip_invisible(value)
                self.error(sheet, cell, name, f"a code without invisible or look-alike "
                           f"characters (read as {meant!r})",
                           f"{value!r} containing {', '.join(chars)}")
                value = meant
        if value is None:
            if isinstance(formula, str) and formula.startswith("="):
                self.error(sheet, cell, name, "a value (formulas need a cached result; open and "
                           "save the file in Excel or LibreOffice, or paste values)",
                           f"formula {formula!r} without a cached value")
            return None
        if isinstance(value, str):
            value = clean_text(value)
            if value == "":
                return None
        if ctype == "str":
            if isinstance(value, bool):
                return "TRUE" if value else "FALSE"
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value)
        if ctype == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, (int, float)) and value in (0, 1):
                return bool(value)
            if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
                return value.lower() in _TRUE
            self.error(sheet, cell, name, "TRUE or FALSE", _describe(value))
            return None
        # numbers
        number: float | None = None
        if isinstance(value, bool):
            self.error(sheet, cell, name, f"a number ({ctype})", _describe(value))
            return None
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str):
            if _NUMBER.match(value):
                number = float(value)
            elif _DECIMAL_COMMA.match(value):
                self.error(sheet, cell, name, "a number with a decimal point (e.g. "
                           f"{value.replace('.', '').replace(',', '.')})",
                           f"{value!r}: text with a decimal comma")
                return None
            else:
                self.error(sheet, cell, name, f"a number ({ctype})", f"text {value!r}")
                return None
        else:
            self.error(sheet, cell, name, f"a number ({ctype})", _describe(value))
            return None
        if not math.isfinite(number):
            self.error(sheet, cell, name, "a finite number", repr(value))
            return None
        if ctype in ("int", "year"):
            if not number.is_integer():
                self.error(sheet, cell, name, "a whole number", repr(value))
                return None
            if ctype == "year" and not 1800 <= number <= 2200:
                self.error(sheet, cell, name, "a year between 1800 and 2200", repr(value))
                return None
        lo, hi = getattr(col, "min", None), getattr(col, "max", None)
        unit = getattr(col, "unit", "-")
        unit = f" {unit}" if unit and unit != "-" else ""
        if lo is not None and number < lo:
            self.error(sheet, cell, name, f"a number >= {lo:g}{unit}", repr(value))
            return None
        if hi is not None and number > hi:
            why = getattr(col, "why_max", "")
            self.error(sheet, cell, name, f"a number <= {hi:g}{unit}"
                       + (f" (plausible maximum: {why})" if why else ""), repr(value))
            return None
        return int(number) if ctype in ("int", "year") else number


def _a1(col_idx: int, row: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(col_idx)}{row}"


def _read_sheet(ws, ws_f, sheet: Sheet, cells: _Cells) -> tuple[pd.DataFrame, dict[int, int]]:
    """Read one table sheet.  Returns the frame and a map frame-index -> Excel row."""
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1), [])]
    positions: dict[str, int] = {}
    for j, name in enumerate(header, start=1):
        if name is None:
            continue
        key = clean_text(str(name))
        if key in positions:
            cells.error(sheet.name, _a1(j, 1), key, "each column once", f"column {key!r} repeated")
        elif key not in sheet.column_names:
            cells.error(sheet.name, _a1(j, 1), key, f"one of {names(sheet.column_names)}",
                        f"unknown column {key!r} (ignored)" + did_you_mean(key, sheet.column_names),
                        "warning")
        else:
            positions[key] = j
    for col in sheet.columns:
        if col.required and col.name not in positions:
            cells.error(sheet.name, "1", col.name, f"a column named {col.name!r} in row 1",
                        "no such column")
    records: list[dict[str, Any]] = []
    rows: dict[int, int] = {}
    f_rows = ws_f.iter_rows(min_row=FIRST_DATA_ROW) if ws_f is not None else None
    for r, row in enumerate(ws.iter_rows(min_row=FIRST_DATA_ROW), start=FIRST_DATA_ROW):
        frow = next(f_rows) if f_rows is not None else None
        raw = {c.name: (row[positions[c.name] - 1].value if positions.get(c.name, 10**9) <= len(row)
                        else None) for c in sheet.columns if c.name in positions}
        if all(v is None or (isinstance(v, str) and clean_text(v) == "") for v in raw.values()):
            formula_cells = [f for f in (frow or []) if isinstance(f.value, str) and f.value.startswith("=")]
            if not formula_cells:
                continue
        record: dict[str, Any] = {}
        for col in sheet.columns:
            j = positions.get(col.name)
            if j is None:
                record[col.name] = col.default
                continue
            value = row[j - 1].value if j <= len(row) else None
            formula = frow[j - 1].value if frow is not None and j <= len(frow) else None
            if col.wildcard and isinstance(value, str) and clean_text(value) == "*":
                record[col.name] = "*"
                continue
            known = len(cells.issues)
            parsed = cells.parse(sheet.name, _a1(j, r), col, value, formula,
                                 code=is_code_column(sheet, col))
            if parsed is None:
                if col.required and len(cells.issues) == known:  # blank, not already reported
                    cells.error(sheet.name, _a1(j, r), col.name, f"a value ({col.type}, {col.unit})",
                                "an empty cell")
                parsed = col.default
            elif col.allowed and parsed not in col.allowed:
                cells.error(sheet.name, _a1(j, r), col.name, f"one of {', '.join(col.allowed)}",
                            repr(parsed))
            elif col.pattern and isinstance(parsed, str) and not re.fullmatch(col.pattern, parsed):
                cells.error(sheet.name, _a1(j, r), col.name, col.pattern_help or
                            f"text matching {col.pattern}", repr(parsed))
            record[col.name] = parsed
        rows[len(records)] = r
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=sheet.column_names)
    for col in sheet.columns:
        if col.type == "str":
            frame[col.name] = frame[col.name].astype(object)
        elif col.type in ("float",):
            frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype(float)
        elif col.type in ("int", "year"):
            frame[col.name] = frame[col.name].astype(object)
        else:
            frame[col.name] = frame[col.name].astype(object)
    return frame, rows


_KEY_COLUMN = Column("key", "str", "-", "Setting name.")


def _read_settings(ws, ws_f, cells: _Cells) -> dict[str, Any]:
    settings = {s.key: s.default for s in SETTINGS}
    header = [clean_text(str(c.value)) if c.value is not None else None
              for c in next(ws.iter_rows(min_row=1, max_row=1), [])]
    if "key" not in header or "value" not in header:
        shown = [repr(h) if h else "an empty cell" for h in header[:4]]
        cells.error(SETTINGS_SHEET, "A1", "key", "columns 'key' and 'value' in row 1",
                    f"row 1 holds {names(shown)}" if any(header) else "an empty row 1")
        return settings
    kj, vj = header.index("key") + 1, header.index("value") + 1
    f_rows = ws_f.iter_rows(min_row=FIRST_DATA_ROW) if ws_f is not None else None
    seen: set[str] = set()
    for r, row in enumerate(ws.iter_rows(min_row=FIRST_DATA_ROW), start=FIRST_DATA_ROW):
        frow = next(f_rows) if f_rows is not None else None
        key = row[kj - 1].value if kj <= len(row) else None
        if key is None or clean_text(str(key)) == "":
            continue
        if isinstance(key, str) and suspicious_characters(key):
            key = cells.parse(SETTINGS_SHEET, _a1(kj, r), _KEY_COLUMN, key, None, code=True)
        key = clean_text(str(key))
        if key not in SETTING_BY_KEY:
            cells.error(SETTINGS_SHEET, _a1(kj, r), "key", f"one of {names(sorted(SETTING_BY_KEY))}",
                        f"unknown setting {key!r}" + did_you_mean(key, SETTING_BY_KEY))
            continue
        if key in seen:
            cells.error(SETTINGS_SHEET, _a1(kj, r), "key", "each setting once", f"{key!r} repeated")
        seen.add(key)
        spec = SETTING_BY_KEY[key]
        value = row[vj - 1].value if vj <= len(row) else None
        formula = frow[vj - 1].value if frow is not None and vj <= len(frow) else None
        parsed = cells.parse(SETTINGS_SHEET, _a1(vj, r), spec, value, formula)
        if parsed is not None and spec.allowed and parsed not in spec.allowed:
            cells.error(SETTINGS_SHEET, _a1(vj, r), "value", f"{key}: one of "
                        f"{', '.join(spec.allowed)}",
                        repr(parsed) + did_you_mean(str(parsed), spec.allowed))
        elif parsed is not None:
            settings[key] = parsed
    return settings


def hidden_sheet_warnings(fname: str, wb) -> list[Issue]:
    """A hidden or very hidden sheet is a warning: nabb reads the sheets it knows by name
    (hidden or not) and ignores the others, but the user should know what the file hides."""
    known = {s.name for s in SHEETS} | {SETTINGS_SHEET}
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            continue
        kind = ("very hidden sheet (visible only in Excel's VBA editor)"
                if ws.sheet_state == "veryHidden" else "hidden sheet")
        what = "read like the visible ones" if ws.title in known else "ignored"
        out.append(Issue(fname, ws.title, "", "", "only visible sheets",
                         f"a {kind} {ws.title!r}; nabb {what}", "warning"))
    return out


def read_workbook(path: str | Path) -> Inputs:
    """Read and validate a workbook.  Raises InputError listing every problem."""
    from nabb.io.preflight import check_workbook, load_workbook_safely

    path = Path(path)
    fname = str(path)
    if not path.exists():
        raise InputError([Issue(fname, "", "", "", "an existing .xlsx file", "no such file")])
    cells = _Cells(fname)
    # macros, external links, data connections: warnings
    report = check_workbook(path, cells.issues)
    wb = load_workbook_safely(path, data_only=True)
    # the formulas behind the cached values; a workbook without any formula reads the same
    # either way, so its values serve for both (one parse of every sheet, not two)
    wb_f = load_workbook_safely(path, data_only=False) if report.formulas else wb
    cells.issues.extend(hidden_sheet_warnings(fname, wb))
    tables: dict[str, pd.DataFrame] = {}
    rows: dict[str, dict[int, int]] = {}
    settings = {s.key: s.default for s in SETTINGS}
    if SETTINGS_SHEET in wb.sheetnames:
        settings = _read_settings(wb[SETTINGS_SHEET], wb_f[SETTINGS_SHEET], cells)
    for sheet in SHEETS:
        if sheet.name not in wb.sheetnames:
            if sheet.required:
                cells.error(sheet.name, "", "", f"a sheet named {sheet.name!r}",
                            f"sheets {names(wb.sheetnames)}" if wb.sheetnames else "no sheets")
            tables[sheet.name] = pd.DataFrame({c.name: pd.Series(dtype=float if c.type == "float"
                                                                  else object)
                                               for c in sheet.columns})
            rows[sheet.name] = {}
            continue
        tables[sheet.name], rows[sheet.name] = _read_sheet(wb[sheet.name], wb_f[sheet.name], sheet,
                                                           cells)
    inputs = Inputs(tables=tables, settings=settings, source=fname, sha256=sha256_file(path),
                    rows=rows)
    cells.issues.extend(validate(inputs))
    errors = [i for i in cells.issues if i.severity == "error"]
    if errors:
        err = InputError(cells.issues)
        err.language = settings.get("language") or None  # the lines follow the workbook's language
        raise err
    inputs.warnings = [i for i in cells.issues if i.severity == "warning"]
    return inputs


def _cell(inputs: Inputs, sheet: str, idx: int, column: str) -> str:
    from openpyxl.utils import get_column_letter
    spec = next(s for s in SHEETS if s.name == sheet)
    j = spec.column_names.index(column) + 1 if column in spec.column_names else 1
    r = inputs.rows.get(sheet, {}).get(idx)
    return f"{get_column_letter(j)}{r}" if r else ""


def validate(inputs: Inputs) -> list[Issue]:
    """Checks across rows and sheets: keys, the cross-sheet rules of nabb/schema.py
    (``CROSS_REFS``), mass balances, horizon, sources."""
    issues: list[Issue] = []
    f = inputs.source

    def add(sheet: str, idx: int, column: str, expected: str, found: str, severity: str = "error"):
        issues.append(Issue(f, sheet, _cell(inputs, sheet, idx, column), column, expected, found,
                            severity))  # type: ignore[arg-type]

    t = inputs.tables
    for sheet in SHEETS:
        frame = t[sheet.name]
        if sheet.key and len(frame):
            dup = frame.duplicated(list(sheet.key), keep="first")
            for idx in frame.index[dup]:
                key = ", ".join(f"{k}={frame.at[idx, k]!r}" for k in sheet.key)
                add(sheet.name, idx, sheet.key[0], "a unique key", f"duplicate row ({key})")
    # references between sheets, and the other rules declared as data in nabb/schema.py
    check_cross_refs(t, add)
    # mass balance of every process (one without process_io rows broke rule process_has_io)
    io = t["process_io"]
    proc = t["processes"]
    for idx, row in proc.iterrows():
        p = row["process"]
        sub = io[io["process"] == p]
        if sub.empty:
            continue
        tin = sub.loc[sub["direction"] == "in", "t_per_t"].sum()
        tout = sub.loc[sub["direction"] == "out", "t_per_t"].sum()
        loss = row["mass_loss_t_per_t"] or 0.0
        if abs(tin - tout - loss) > MASS_BALANCE_TOL * max(1.0, tin):
            add("processes", idx, "mass_loss_t_per_t",
                f"inputs = outputs + loss within {MASS_BALANCE_TOL:g} t/t",
                f"process {p!r}: in {tin:.4g} t, out {tout:.4g} t, loss {loss:.4g} t "
                f"(gap {tin - tout - loss:+.4g} t)")
    # an outside market must be finite, or selling imports could make the LP unbounded
    for idx, row in t["commodities"].iterrows():
        value, cap = row["market_value_eur_per_t"], row["market_max_t_per_yr"]
        if value and value > 0 and (cap is None or (isinstance(cap, float) and math.isnan(cap))):
            add("commodities", idx, "market_max_t_per_yr",
                "a market size (t/yr) when market_value_eur_per_t > 0", "an empty cell")
    # horizon
    years = sorted(int(y) for y in t["policy"]["year"].dropna())
    if not years:
        issues.append(Issue(f, "policy", "A3", "year", "at least one year (the horizon)", "no rows"))
    horizon = set(years)
    issues.extend(_check_something_to_balance(inputs, horizon))
    # arcs
    for idx, row in t["arcs"].iterrows():
        if row["from_region"] == row["to_region"]:
            add("arcs", idx, "to_region", "a different region than from_region",
                f"{row['to_region']!r} (a loop)")
    # settings sanity
    base = inputs.settings["base_year"]
    if years and base > years[0]:
        issues.append(Issue(f, SETTINGS_SHEET, "", "base_year", f"a base year <= first horizon year "
                            f"{years[0]}", str(base)))
    check_uncertainty(t, inputs.settings, add)
    issues.extend(_check_sources(inputs))
    return issues


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        (isinstance(value, str) and value == "")


def _plain(value: Any) -> Any:
    """A whole number as Python prints it (2030, not 2030.0 or numpy's int64)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return value


def _sorted(values) -> list:
    try:
        return sorted(values)
    except TypeError:  # text and numbers mixed
        return sorted(values, key=str)


def check_cross_refs(tables: dict[str, pd.DataFrame], add: Callable[..., None],
                     rules: tuple[CrossRef, ...] = CROSS_REFS) -> None:
    """Apply the cross-sheet ``rules`` in order; ``add(sheet, index, column, expected, found,
    severity)`` for every row that breaks one (the rules are data in nabb/schema.py)."""
    failed: dict[str, set] = {}
    for rule in rules:
        failed[rule.name] = _check_cross_ref(rule, tables, failed.get(rule.after, set()), add)


def _check_cross_ref(rule: CrossRef, tables: dict[str, pd.DataFrame], skip: set,
                     add: Callable[..., None]) -> set:
    """The rows of ``rule.sheet`` (not in ``skip``) that break ``rule``, each reported."""
    frame, target = tables[rule.sheet], tables[rule.target]
    wildcards = {c.name for c in SHEET_BY_NAME[rule.sheet].columns if c.wildcard}
    keys = list(zip(*(target[c] for c in rule.target_columns))) if len(target) else []
    keep = pd.Series(True, index=target.index)
    for column, wanted in rule.where:
        keep &= target[column] == wanted
    allowed = {key for key, k in zip(keys, keep) if k}
    first_row: dict[tuple, Any] = {}
    for i, key in zip(target.index, keys):
        first_row.setdefault(key, i)
    broken: set = set()
    seen: set = set()
    for idx, values in zip(frame.index, zip(*(frame[c] for c in rule.columns))):
        if idx in skip or any(_blank(v) or (c in wildcards and v == "*")
                              for c, v in zip(rule.columns, values)):
            continue
        if values in allowed:
            continue
        broken.add(idx)
        if rule.once and values in seen:
            continue
        seen.add(values)
        fields: dict[str, Any] = dict(zip(rule.columns, values), value=values[-1])
        if "{known" in rule.expected + rule.found:
            fields["known"] = _sorted({_plain(k[-1]) for k in keys if not _blank(k[-1])})
        if rule.where and values in first_row:
            fields.update({f"target_{c}": target.at[first_row[values], c] for c in target.columns})
        add(rule.sheet, idx, rule.issue_column, rule.expected.format(**fields),
            rule.found.format(**fields), rule.severity)
    return broken


def _first_cell(sheet: str, column: str) -> str:
    """The first data cell of a column (where a missing row would go)."""
    from openpyxl.utils import get_column_letter
    spec = next(s for s in SHEETS if s.name == sheet)
    return f"{get_column_letter(spec.column_names.index(column) + 1)}{FIRST_DATA_ROW}"


def _check_something_to_balance(inputs: Inputs, horizon: set[int]) -> list[Issue]:
    """A model needs homes to build in a horizon year and something that can supply them.

    Without demand the LP is empty or trivially zero, and without crops or imports nothing
    can enter the chain: either way there is no decision to take, so the workbook is
    invalid rather than a solver failure.
    """
    f = inputs.source
    t = inputs.tables
    issues: list[Issue] = []
    dem = t["demand"]
    units = pd.to_numeric(dem["units"], errors="coerce")
    if units.isna().any():
        return issues  # an unreadable units cell is already an error at its cell
    in_horizon = dem["year"].map(lambda y: y is not None and y == y and int(y) in horizon)
    if horizon and not ((units > 0) & in_horizon).any():
        if dem.empty:
            found = "no demand rows: without homes to build there is nothing to balance"
        elif not (units > 0).any():
            found = (f"{len(dem)} demand row(s), all with 0 units: without homes to build "
                     "there is nothing to balance")
        else:
            shown = ", ".join(str(int(y)) for y in sorted(set(dem.loc[units > 0, "year"].dropna())))
            found = (f"demand only in year(s) {shown}, outside the horizon "
                     f"{', '.join(str(y) for y in sorted(horizon))} (sheet policy)")
        issues.append(Issue(f, "demand", _first_cell("demand", "units"), "units",
                            "at least one row with units > 0 in a year of the horizon", found))
    if t["crops"].empty and t["imports"].empty:
        issues.append(Issue(f, "crops", _first_cell("crops", "crop"), "crop",
                            "at least one crop (sheet crops) or import (sheet imports) that "
                            "supplies biobased material",
                            "neither: nothing can enter the chain, so there is nothing to "
                            "decide"))
    return issues


def _check_sources(inputs: Inputs) -> list[Issue]:
    """A row with numbers but no source is a warning; an unknown source id is an error."""
    issues: list[Issue] = []
    t = inputs.tables
    if t["sources"].empty:
        return issues
    known = set(t["sources"]["source_id"].dropna())
    for sheet in SHEETS:
        if "source" not in sheet.column_names:
            continue
        frame = t[sheet.name]
        missing_rows = []
        for idx, value in frame["source"].items():
            ids = [s.strip() for s in str(value or "").split(",") if s.strip()]
            if not ids:
                missing_rows.append(idx)
                continue
            for sid in ids:
                if sid not in known:
                    issues.append(Issue(inputs.source, sheet.name,
                                        _cell(inputs, sheet.name, idx, "source"), "source",
                                        "a source_id listed in sheet sources", repr(sid)))
        for idx in missing_rows:
            issues.append(Issue(inputs.source, sheet.name, _cell(inputs, sheet.name, idx, "source"),
                                "source", "a source for the numbers on this row", "an empty cell",
                                "warning"))
    return issues


def inputs_from_tables(tables: dict[str, Any], settings: dict[str, Any] | None = None,
                       source: str = "<memory>") -> Inputs:
    """Build validated Inputs from in-memory tables (lists of dicts or DataFrames).

    Missing optional columns take their schema default.  Used by tests, benchmarks and
    synthetic instances; the same cross-sheet validation as for workbooks applies.
    """
    frames: dict[str, pd.DataFrame] = {}
    issues: list[Issue] = []
    for sheet in SHEETS:
        raw = tables.get(sheet.name)
        frame = pd.DataFrame(raw) if raw is not None else pd.DataFrame(columns=sheet.column_names)
        for col in sheet.columns:
            if col.name not in frame.columns:
                if col.required and len(frame):
                    issues.append(Issue(source, sheet.name, "", col.name, "a column", "none"))
                frame[col.name] = col.default
            if col.type == "float":
                frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype(float)
            else:
                frame[col.name] = frame[col.name].astype(object).where(frame[col.name].notna(),
                                                                      col.default)
        frames[sheet.name] = frame[sheet.column_names].reset_index(drop=True)
    full = {s.key: s.default for s in SETTINGS}
    full.update(settings or {})
    inputs = Inputs(tables=frames, settings=full, source=source, sha256="")
    issues.extend(validate(inputs))
    if any(i.severity == "error" for i in issues):
        raise InputError(issues)
    inputs.warnings = [i for i in issues if i.severity == "warning"]
    return inputs
