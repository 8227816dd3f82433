"""Capacity sheets from regional chain coordinators: template, check, annotate and merge.

Each regional chain coordinator fills in one *capacity sheet* a year: the processing
plants that exist in the region, the plants that are planned, and the hectares of fibre
crops that are contracted or intended.  The policy officer checks the sheets and merges
them into the scenario workbook's ``capacity`` and ``contracted_area`` sheets.

Layout of a capacity sheet (``write_capacity_template``)::

    instructions      what every column means (generated from the specs below)
    coordinator       region, coordinator, contact, date          (field | value | description)
    existing_plants   plant, process, capacity_t_per_yr, commissioning_year, utilisation_last_year
    planned_plants    plant, process, capacity_t_per_yr, year, status
    contracted_area   crop, year, area_ha
    lists             the drop-down lists (processes, crops, regions, statuses)

Like every nabb input sheet: row 1 holds the column names, row 2 the units, data starts
on row 3.  The header rows are protected; the data cells are not.

Files from outside may be broken or hostile: every file goes through
:mod:`nabb.io.preflight` before openpyxl sees it, and every problem becomes an
:class:`~nabb.errors.Issue` naming file, sheet, A1 cell, column, expected and found.
See ``docs/capacity.md``.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from nabb.errors import InputError, Issue, names
from nabb.io.preflight import check_workbook, input_boundary, load_workbook_safely
from nabb.io.cells import audit_xlsx, is_formula_cell, save_workbook, write_cell
from nabb.io.safe_write import atomic_path
from nabb.io.sanitize import strip_active_content
from nabb.io.template import HEADER_FILL, UNIT_FILL, _write_header
from nabb.schema import (FIRST_DATA_ROW, LAND_HA_MAX, PLANT_STATUSES, PLANT_T_PER_YR_MAX,
                         SETTINGS_SHEET, SHEET_BY_NAME, WHY_LAND, WHY_PLANT, Column, Sheet)

#: Statuses a planned plant may have ("existing" plants have their own sheet).
PLANNED_STATUSES = tuple(s for s in PLANT_STATUSES if s != "existing")
#: Data rows prepared (unlocked, with drop-downs) in a new template.
TEMPLATE_ROWS = 300
#: A capacity sheet larger than this is refused before its cells are read.
MAX_DATA_ROWS = 10_000
MAX_NAME_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1800, 2200
PROVENANCE_PREFIX = "capacity-sheet"

COORDINATOR_SHEET = "coordinator"
INSTRUCTIONS_SHEET = "instructions"
LISTS_SHEET = "lists"

COORDINATOR_FIELDS: tuple[Column, ...] = (
    Column("region", "str", "-", "Region code from the scenario workbook (the drop-down lists "
           "them; the lists sheet shows their names).", references=("regions", "region")),
    Column("coordinator", "str", "-", "Name of the regional chain coordinator who filled in "
           "this sheet."),
    Column("contact", "str", "-", "E-mail address or telephone number of the coordinator."),
    Column("date", "str", "YYYY-MM-DD", "Date the sheet was filled in. When two sheets of the "
           "same region are merged, the one with the later date wins."),
)

EXISTING = Sheet("existing_plants", "Processing plants that operate in the region today.", (
    Column("plant", "str", "-", "Plant name; unique across the whole country (add the town if "
           "needed, e.g. 'Vezelfabriek Nij Beets')."),
    Column("process", "str", "-", "Process the plant runs (drop-down).",
           references=("processes", "process")),
    Column("capacity_t_per_yr", "float", "t/yr", "Nameplate capacity in tonnes of activity per "
           "year (tonnes, not kilotonnes).", min=0, max=PLANT_T_PER_YR_MAX, why_max=WHY_PLANT),
    Column("commissioning_year", "year", "yr", "Year the plant started operating."),
    Column("utilisation_last_year", "float", "t/t", "Share of capacity used last year, between "
           "0 and 1 (0.85 = 85%). Optional.", min=0, max=1, required=False),
), key=("plant",))

PLANNED = Sheet("planned_plants", "Plants that are being considered, planned, financed or built.", (
    Column("plant", "str", "-", "Plant name; unique across the whole country."),
    Column("process", "str", "-", "Process the plant will run (drop-down).",
           references=("processes", "process")),
    Column("capacity_t_per_yr", "float", "t/yr", "Planned nameplate capacity in tonnes of "
           "activity per year.", min=0, max=PLANT_T_PER_YR_MAX, why_max=WHY_PLANT),
    Column("year", "year", "yr", "Year the plant is expected to start operating (within the "
           "planning horizon)."),
    Column("status", "str", "-", "idea, planned, financed or under_construction. The model "
           "counts financed and under_construction plants as capacity.",
           allowed=PLANNED_STATUSES),
), key=("plant",))

AREA = Sheet("contracted_area", "Hectares of fibre crops contracted or intended per crop and year.", (
    Column("crop", "str", "-", "Crop (drop-down).", references=("crops", "crop")),
    Column("year", "year", "yr", "Harvest year (within the planning horizon)."),
    Column("area_ha", "float", "ha", "Contracted or intended area in hectares.", min=0,
           max=LAND_HA_MAX, why_max=WHY_LAND),
), key=("crop", "year"))

TABLES: tuple[Sheet, ...] = (EXISTING, PLANNED, AREA)
#: The sheets of a capacity sheet that nabb reads or writes (kept in an annotated copy even
#: when the file hid them).
CAPACITY_SHEETS = (INSTRUCTIONS_SHEET, COORDINATOR_SHEET, *(t.name for t in TABLES), LISTS_SHEET)

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")


# ============================================================================ small helpers
def _fname(path: str | os.PathLike[str]) -> str:
    return Path(path).name


def file_labels(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """How each checked file is named in issues: its file name, or, when two files share a
    name (gr.xlsx from two folders), the path as given, so their issues never mix."""
    names = [_fname(p) for p in paths]
    labels = [n if names.count(n) == 1 else os.fspath(p) for n, p in zip(names, paths)]
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} (#{seen[lab]})")
    return out


def _found(value: Any) -> str:
    if value is None:
        return "an empty cell"
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "...'"
    if isinstance(value, bool):
        return f"{value} (a TRUE/FALSE cell)"
    return repr(value)


_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def clean_text(value: str) -> str:
    """Non-breaking and repeated spaces become one space; ends are trimmed."""
    value = _INVISIBLE.sub("", value)
    return _SPACES.sub(" ", value).strip()


def name_key(value: str) -> str:
    """Identity of a plant name: cleaned, Unicode-normalised and case-folded."""
    return unicodedata.normalize("NFKC", clean_text(value)).casefold()


def _code_key(value: str) -> str:
    return re.sub(r"[\s_\-]+", "_", name_key(value))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ============================================================================ scenario lists
@dataclass
class ScenarioLists:
    """What a capacity sheet may refer to, read from a scenario workbook."""

    source: str
    regions: dict[str, str]
    processes: tuple[str, ...]
    crops: tuple[str, ...]
    horizon: tuple[int, int] | None = None


def default_workbook_path() -> Path | None:
    """The embedded default scenario workbook, if it has been built."""
    from nabb.defaults import DEFAULT_WORKBOOK
    return DEFAULT_WORKBOOK if DEFAULT_WORKBOOK.is_file() else None


def _column_values(ws, name: str, file: str, issues: list[Issue]) -> list[tuple[int, Any]]:
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    idx = None
    for j, v in enumerate(header):
        if isinstance(v, str) and clean_text(v) == name:
            idx = j
            break
    if idx is None:
        issues.append(Issue(file, ws.title, "1", name, f"a column named {name!r} in row 1",
                            f"columns {names(v for v in header if v is not None)}"))
        return []
    out = []
    for r, row in enumerate(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True),
                            start=FIRST_DATA_ROW):
        if r - FIRST_DATA_ROW > MAX_DATA_ROWS * 10:
            break
        v = row[idx] if idx < len(row) else None
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        out.append((r, v))
    return out


def read_scenario_lists(workbook: str | os.PathLike[str] | None = None) -> ScenarioLists:
    """Regions, processes, crops and the horizon (policy years) of a scenario workbook.

    Without ``workbook`` the embedded default workbook is used.
    """
    if workbook is None:
        workbook = default_workbook_path()
        if workbook is None:
            raise InputError([Issue("", "", "", "", "a scenario workbook to take regions, "
                                    "processes and crops from (--workbook / --into)",
                                    "no workbook given and the default workbook "
                                    "nabb/data/nabb_default.xlsx is not built (make data)")])
    file = _fname(workbook)
    issues: list[Issue] = []
    wb = load_workbook_safely(workbook, read_only=True, data_only=True)
    try:
        with input_boundary(workbook):
            found: dict[str, list[tuple[int, Any]]] = {}
            for sheet, column in (("regions", "region"), ("regions", "name"),
                                  ("processes", "process"), ("crops", "crop"), ("policy", "year")):
                if sheet not in wb.sheetnames:
                    if sheet != "policy":
                        issues.append(Issue(file, sheet, "", "", f"a sheet named {sheet!r}",
                                            f"sheets {names(wb.sheetnames)}"))
                    continue
                found[f"{sheet}.{column}"] = _column_values(wb[sheet], column, file, issues)
    finally:
        wb.close()
    if issues:
        raise InputError(issues)
    regions: dict[str, str] = {}
    names = dict(found.get("regions.name", []))
    for r, code in found.get("regions.region", []):
        regions[str(code)] = str(names.get(r, ""))
    years = [int(v) for _, v in found.get("policy.year", [])
             if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
    return ScenarioLists(
        source=file, regions=regions,
        processes=tuple(str(v) for _, v in found.get("processes.process", [])),
        crops=tuple(str(v) for _, v in found.get("crops.crop", [])),
        horizon=(min(years), max(years)) if years else None)


# ============================================================================ template
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


def build_capacity_template(lists: ScenarioLists, region: str | None = None) -> Workbook:
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
    _write_instructions(wi, lists, region)
    _protect(wi)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    return wb


def _write_instructions(ws, lists: ScenarioLists, region: str | None) -> None:
    horizon = (f"{lists.horizon[0]}-{lists.horizon[1]}" if lists.horizon else
               "the years of the scenario workbook")
    lines = [
        ("Capacity sheet" + (f" for region {region}" if region else ""), True),
        ("Please fill in the sheets 'coordinator', 'existing_plants', 'planned_plants' and "
         "'contracted_area', save the file as .xlsx and send it to the policy officer.", False),
        ("Row 1 holds the column names and row 2 the units; both are protected. Type your data "
         "from row 3 down, one plant or one crop and year per row. Do not merge cells, do not "
         "hide sheets, and type numbers as numbers (1.5, not '1,5' as text).", False),
        (f"Years must lie within the planning horizon {horizon}. Drop-down lists come from "
         f"{lists.source}; the 'lists' sheet shows them.", False),
        ("Check the file before sending it: nabb capacity check THIS_FILE.xlsx", False),
        ("", False),
    ]
    r = 1
    for text, bold in lines:
        c = ws.cell(row=r, column=1)
        write_cell(c, text)
        if bold:
            c.font = Font(bold=True, size=14)
        r += 1
    head = ["sheet", "column", "unit", "required", "allowed values", "description"]
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
            f"see sheet 'lists' ({col.references[0]})" if col.references else "")
        if col.type in ("float", "year") and col.min is not None:
            allowed = f">= {col.min}" + (f" and <= {col.max}" if col.max is not None else "")
        for j, v in enumerate([sheet, col.name, col.unit, "yes" if col.required else "no",
                               allowed, col.description], start=1):
            c = ws.cell(row=r, column=j)
            write_cell(c, v)
            c.fill = UNIT_FILL if j <= 2 else PatternFill()
            c.alignment = Alignment(wrap_text=j == 6, vertical="top")
        r += 1
    for letter, width in zip("ABCDEF", (18, 24, 12, 10, 30, 90)):
        ws.column_dimensions[letter].width = width


def write_capacity_template(path: str | os.PathLike[str], region: str | None = None,
                            workbook: str | os.PathLike[str] | None = None) -> None:
    """Write a blank capacity sheet for ``region`` (atomically).

    Drop-down lists come from ``workbook`` (default: the embedded default workbook).
    """
    lists = read_scenario_lists(workbook)
    if region is not None:
        code = _resolve_region(region, lists)
        if code is None:
            raise InputError([Issue("", "", "", "--region",
                                    f"a region code or name from {lists.source}: "
                                    + ", ".join(sorted(lists.regions))[:300],
                                    _found(region))])
        region = code
    if Path(path).suffix.lower() != ".xlsx":
        raise InputError([Issue(_fname(path), "", "", "", "an output name ending in .xlsx",
                                _found(Path(path).suffix or "no extension"))])
    wb = build_capacity_template(lists, region)
    with atomic_path(path) as tmp:
        save_workbook(wb, tmp)


def _resolve_region(value: str, lists: ScenarioLists) -> str | None:
    if value in lists.regions:
        return value
    key = name_key(value)
    for code, name in lists.regions.items():
        if name_key(code) == key or (name and name_key(name) == key):
            return code
    return None


# ============================================================================ reading a sheet
@dataclass
class Plant:
    name: str
    process: str
    capacity: float
    year: int
    status: str
    utilisation: float | None
    sheet: str
    cell: str          # A1 of the plant name
    row: int


@dataclass
class AreaRow:
    crop: str
    year: int
    area_ha: float
    cell: str
    row: int


@dataclass
class CapacitySheet:
    """One checked capacity sheet."""

    file: str
    path: Path
    sha256: str
    region: str = ""
    coordinator: str = ""
    contact: str = ""
    date: dt.date | None = None
    date_cell: str = "B6"
    plants: list[Plant] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        """The id of this sheet's row in the workbook's sources sheet."""
        return f"capsheet_{re.sub(r'[^A-Za-z0-9]', '_', self.region)}_{self.sha256[:12]}"

    @property
    def provenance(self) -> str:
        def safe(v: str) -> str:
            return v.replace(";", ",").replace("=", "-")
        return (f"{PROVENANCE_PREFIX} file={safe(self.file)}; sha256={self.sha256}; "
                f"coordinator={safe(self.coordinator)}; "
                f"date={self.date.isoformat() if self.date else ''}")


_PROVENANCE = re.compile(rf"^{PROVENANCE_PREFIX} file=(?P<file>.*?); sha256=(?P<sha>[0-9a-f]{{64}}); "
                         r"coordinator=(?P<coordinator>.*?); date=(?P<date>\d{4}-\d{2}-\d{2})?$")


def parse_provenance(text: Any) -> dict[str, str] | None:
    """The fields of a provenance written by :func:`merge`, or None for other rows."""
    if not isinstance(text, str):
        return None
    m = _PROVENANCE.match(text.strip())
    return m.groupdict() if m else None


_NUMBER_TEXT = re.compile(r"^\s*[+-]?(\d[\d.,\s\u00a0']*|\.\d+)([eE][+-]?\d+)?\s*%?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class _Reader:
    """Reads one capacity sheet file, collecting every issue."""

    def __init__(self, path: Path, lists: ScenarioLists, horizon: tuple[int, int] | None,
                 label: str | None = None):
        self.path = path
        self.file = label or _fname(path)
        self.lists = lists
        self.horizon = horizon
        self.issues: list[Issue] = []
        self.epoch = None

    def add(self, sheet: str, cell: str, column: str, expected: str, found: str,
            severity: str = "error") -> None:
        self.issues.append(Issue(self.file, sheet, cell, column, expected, found, severity))  # type: ignore[arg-type]

    # ---------------------------------------------------------------- one cell
    def value(self, sheet: str, cf, cv, col: Column) -> Any:
        """Typed value of a cell, None for blank; ``_BAD`` after recording an issue."""
        a1 = cf.coordinate
        raw = cf.value
        if cf.data_type == "f":
            formula = getattr(raw, "text", raw)
            if col.type == "str":
                self.add(sheet, a1, col.name, "typed text, not a formula", f"formula {_found(str(formula))}")
                return _BAD
            raw = cv.value if cv is not None else None
            if raw is None:
                self.add(sheet, a1, col.name, "a value: open the file in Excel or LibreOffice, "
                         "let it recalculate and save it again",
                         f"formula {_found(str(formula))} with no saved result")
                return _BAD
        if isinstance(raw, str) and (cf.data_type == "e" or raw in ERROR_CODES):
            self.add(sheet, a1, col.name, "a value", f"Excel error {raw}")
            return _BAD
        if raw is None or (isinstance(raw, str) and not clean_text(raw)):
            if col.required:
                self.add(sheet, a1, col.name, f"a value ({col.description.split('.')[0]})",
                         "an empty cell")
                return _BAD
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
            self.add(sheet, a1, col.name, "text", _found(raw))
            return _BAD
        if isinstance(raw, (int, float)):
            if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
                self.add(sheet, a1, col.name, "text", _found(raw))
                return _BAD
            raw = str(int(raw))
        if not isinstance(raw, str):
            self.add(sheet, a1, col.name, "text", _found(raw))
            return _BAD
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in raw):
            self.add(sheet, a1, col.name, "text without control characters", _found(raw))
            return _BAD
        if _BIDI.search(raw):
            from nabb.io.reader import suspicious_characters
            self.add(sheet, a1, col.name, "text without invisible direction marks "
                     "(they make a name look different from what it is)",
                     f"{_found(raw)} containing {', '.join(suspicious_characters(raw))}")
            return _BAD
        value = clean_text(raw)
        if len(value) > MAX_NAME_LENGTH:
            self.add(sheet, a1, col.name, f"at most {MAX_NAME_LENGTH} characters",
                     f"{len(value)} characters")
            return _BAD
        if value != raw:
            self.add(sheet, a1, col.name, "text without leading, trailing, repeated or "
                     f"non-breaking spaces (read as {value!r})", _found(raw), "warning")
        if col.allowed:
            if value in col.allowed:
                return value
            matches = [a for a in col.allowed if _code_key(a) == _code_key(value)]
            if len(matches) == 1:
                self.add(sheet, a1, col.name, f"one of {', '.join(col.allowed)} "
                         f"(read as {matches[0]!r})", _found(raw), "warning")
                return matches[0]
            self.add(sheet, a1, col.name, f"one of {', '.join(col.allowed)}", _found(raw))
            return _BAD
        if col.references:
            known = {"regions": tuple(self.lists.regions), "processes": self.lists.processes,
                     "crops": self.lists.crops}[col.references[0]]
            if value in known:
                return value
            matches = [k for k in known if _code_key(k) == _code_key(value)]
            if col.references[0] == "regions" and not matches:
                code = _resolve_region(value, self.lists)
                matches = [code] if code else []
            if len(matches) == 1:
                self.add(sheet, a1, col.name, f"a {col.references[1]} code from {self.lists.source} "
                         f"(read as {matches[0]!r})", _found(raw), "warning")
                return matches[0]
            close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            listed = ", ".join(known[:15]) + (", ..." if len(known) > 15 else "")
            self.add(sheet, a1, col.name, f"a {col.references[1]} known in {self.lists.source} "
                     f"({listed}){hint}", _found(raw))
            return _BAD
        return value

    def number(self, sheet: str, a1: str, col: Column, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            expected = "a number"
            if isinstance(raw, str) and _NUMBER_TEXT.match(raw):
                if "," in raw:
                    expected = ("a number typed as a number: this is text with a decimal comma "
                                "(type 1.5, or make the cell a number)")
                elif "%" in raw:
                    expected = "a number typed as a number, not text with a % sign"
                else:
                    expected = "a number typed as a number, not text"
            self.add(sheet, a1, col.name, f"{expected} in {col.unit}", _found(raw))
            return _BAD
        value = float(raw)
        if not math.isfinite(value):
            self.add(sheet, a1, col.name, f"a finite number in {col.unit}", _found(raw))
            return _BAD
        if col.min is not None and value < col.min:
            self.add(sheet, a1, col.name, f"a number >= {col.min:g} {col.unit}", _found(raw))
            return _BAD
        if col.max is not None and value > col.max:
            hint = " (a share: 85% is 0.85)" if col.max == 1 and value <= 100 else ""
            if col.why_max:
                hint = f" (plausible maximum: {col.why_max})"
            self.add(sheet, a1, col.name, f"a number <= {col.max:g} {col.unit}{hint}", _found(raw))
            return _BAD
        return value

    def year(self, sheet: str, a1: str, col: Column, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            expected = "a year typed as a number"
            if isinstance(raw, (dt.date, dt.datetime)):
                expected = "a year (e.g. 2027), not a date"
            self.add(sheet, a1, col.name, expected, _found(raw))
            return _BAD
        if not (math.isfinite(raw) and float(raw).is_integer()):
            self.add(sheet, a1, col.name, "a whole year", _found(raw))
            return _BAD
        year = int(raw)
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.add(sheet, a1, col.name, f"a year between {MIN_YEAR} and {MAX_YEAR}", _found(raw))
            return _BAD
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
        self.add(sheet, a1, "date", "a date (a date cell, or text like 2026-03-01)", _found(raw))
        return None

    # ---------------------------------------------------------------- the file
    def read(self) -> CapacitySheet | None:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            self.add("", "", "", "a readable .xlsx file", f"a file that cannot be read "
                     f"({exc.strerror or type(exc).__name__})")
            return None
        result = CapacitySheet(self.file, self.path, sha256_bytes(data))
        try:
            pre: list[Issue] = []
            check_workbook(self.path, pre, kind="capacity")
            self.issues.extend(pre)
            with input_boundary(self.path):
                from openpyxl import load_workbook
                wb_f = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
                wb_v = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
                self.epoch = wb_f.epoch
                self._read_workbook(wb_f, wb_v, result)
        except InputError as exc:
            self.issues.extend(exc.issues)
            return None
        return result

    def _sheet(self, wb_f, name: str):
        if name in wb_f.sheetnames:
            return name
        near = [s for s in wb_f.sheetnames if name_key(s) == name_key(name)]
        if len(near) == 1:
            self.add(near[0], "", "", f"a sheet named {name!r} (read {near[0]!r} as it)",
                     _found(near[0]), "warning")
            return near[0]
        close = difflib.get_close_matches(name, wb_f.sheetnames, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        self.add(name, "", "", f"a sheet named {name!r}{hint}", f"sheets {names(wb_f.sheetnames)}")
        return None

    def _read_workbook(self, wb_f, wb_v, result: CapacitySheet) -> None:
        expected = {COORDINATOR_SHEET: None, **{s.name: s for s in TABLES}}
        used: dict[str, str] = {}
        for name in expected:
            actual = self._sheet(wb_f, name)
            if actual is not None:
                used[name] = actual
        for ws in wb_f.worksheets:
            state = ws.sheet_state
            has_data = any(c.value is not None for c in ws._cells.values())
            if ws.title in used.values():
                if state != "visible":
                    self.add(ws.title, "", "", "a visible sheet", f"a {state} sheet "
                             "(read anyway; unhide it so that everyone sees what is sent)",
                             "warning")
            elif ws.title not in (INSTRUCTIONS_SHEET, LISTS_SHEET) and has_data:
                what = f"a {state} sheet" if state != "visible" else "a sheet"
                self.add(ws.title, "", "", "only the template's sheets "
                         f"({', '.join(expected)})",
                         f"{what} with data, which is ignored", "warning")
        if COORDINATOR_SHEET in used:
            name = used[COORDINATOR_SHEET]
            self._read_coordinator(wb_f[name], wb_v[name], result)
        for spec in TABLES:
            if spec.name in used:
                name = used[spec.name]
                self._read_table(wb_f[name], wb_v[name], spec, result)
        self._duplicates(result)
        if not result.plants and not result.areas and all(n in used for n in expected):
            self.add(used.get(EXISTING.name, EXISTING.name), "A3", "", "at least one plant or "
                     "contracted area", "no data rows in existing_plants, planned_plants or "
                     "contracted_area", "warning")

    def _merged(self, ws) -> set[str]:
        covered: set[str] = set()
        for rng in ws.merged_cells.ranges:
            self.add(ws.title, rng.coord, "", "one value per cell: unmerge the cells and fill "
                     "every row", f"merged cells {rng.coord}")
            for row in rng.cells:
                covered.add(f"{get_column_letter(row[1])}{row[0]}")
        return covered

    def _too_large(self, ws) -> bool:
        if ws.max_row > MAX_DATA_ROWS + FIRST_DATA_ROW or ws.max_column > 200:
            self.add(ws.title, f"{get_column_letter(ws.max_column)}{ws.max_row}", "",
                     f"at most {MAX_DATA_ROWS:,} data rows and 200 columns",
                     f"a sheet reaching {get_column_letter(ws.max_column)}{ws.max_row}")
            return True
        return False

    def _read_coordinator(self, ws_f, ws_v, result: CapacitySheet) -> None:
        if self._too_large(ws_f):
            return
        merged = self._merged(ws_f)
        rows: dict[str, int] = {}
        for r in range(FIRST_DATA_ROW, ws_f.max_row + 1):
            v = ws_f.cell(row=r, column=1).value
            if isinstance(v, str) and clean_text(v):
                rows.setdefault(name_key(v), r)
        for col in COORDINATOR_FIELDS:
            r = rows.get(col.name)
            if r is None:
                self.add(ws_f.title, "A", col.name, f"a row with {col.name!r} in column A",
                         "no such row")
                continue
            cf, cv = ws_f.cell(row=r, column=2), ws_v.cell(row=r, column=2)
            if cf.coordinate in merged:
                continue
            if col.name == "date":
                raw = cv.value if cf.data_type == "f" else cf.value
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    self.add(ws_f.title, cf.coordinate, "date", "the date the sheet was filled "
                             "in (YYYY-MM-DD)", "an empty cell")
                else:
                    result.date = self.date(ws_f.title, cf.coordinate, raw)
                result.date_cell = cf.coordinate
                continue
            value = self.value(ws_f.title, cf, cv, col)
            if value is _BAD or value is None:
                continue
            setattr(result, col.name, value)

    def _header(self, ws_f, spec: Sheet) -> dict[str, int]:
        sheet = ws_f.title
        found: dict[str, int] = {}
        for j in range(1, min(ws_f.max_column, 200) + 1):
            v = ws_f.cell(row=1, column=j).value
            if v is None:
                continue
            key = name_key(str(v))
            a1 = f"{get_column_letter(j)}1"
            if key in found:
                self.add(sheet, a1, str(v), "each column name once",
                         f"{_found(v)} also in {get_column_letter(found[key])}1")
                continue
            found[key] = j
            if key in spec.column_names and str(v) != key:
                self.add(sheet, a1, key, f"the column name {key!r}", _found(v), "warning")
            elif key not in spec.column_names:
                self.add(sheet, a1, str(v), f"one of the columns {', '.join(spec.column_names)}",
                         f"an extra column {_found(v)}, which is ignored", "warning")
        out: dict[str, int] = {}
        for col in spec.columns:
            if col.name in found:
                j = found[col.name]
                out[col.name] = j
                unit = ws_f.cell(row=2, column=j).value
                if isinstance(unit, str) and unit.strip():
                    got = clean_text(unit).strip("[]() ").casefold()
                    if got != col.unit.casefold():
                        self.add(sheet, f"{get_column_letter(j)}2", col.name,
                                 f"the unit [{col.unit}] (convert your numbers to {col.unit})",
                                 _found(unit))
            elif col.required:
                self.add(sheet, "1", col.name, f"a column named {col.name!r} in row 1",
                         "no such column")
        return out

    def _read_table(self, ws_f, ws_v, spec: Sheet, result: CapacitySheet) -> None:
        if self._too_large(ws_f):
            return
        merged = self._merged(ws_f)
        cols = self._header(ws_f, spec)
        if any(c.required and c.name not in cols for c in spec.columns):
            return
        h0, h1 = self.horizon if self.horizon else (None, None)
        for r in range(FIRST_DATA_ROW, ws_f.max_row + 1):
            cells = {name: (ws_f.cell(row=r, column=j), ws_v.cell(row=r, column=j))
                     for name, j in cols.items()}
            if all(cf.value is None or (isinstance(cf.value, str) and not clean_text(cf.value))
                   for cf, _ in cells.values()):
                continue
            record: dict[str, Any] = {}
            ok = True
            for col in spec.columns:
                if col.name not in cells:
                    record[col.name] = None
                    continue
                cf, cv = cells[col.name]
                if cf.coordinate in merged:
                    ok = False
                    continue
                v = self.value(ws_f.title, cf, cv, col)
                if v is _BAD:
                    ok = False
                record[col.name] = v
            # horizon checks
            for yname in ("year", "commissioning_year"):
                y = record.get(yname)
                if not isinstance(y, int) or h0 is None:
                    continue
                a1 = cells[yname][0].coordinate
                if yname == "year" and not h0 <= y <= h1:
                    self.add(ws_f.title, a1, yname, f"a year within the planning horizon "
                             f"{h0}-{h1}", _found(y))
                    ok = False
                elif yname == "commissioning_year" and y > h1:
                    self.add(ws_f.title, a1, yname, f"a year up to {h1} (an existing plant)",
                             _found(y))
                    ok = False
            if not ok:
                continue
            if spec is AREA:
                result.areas.append(AreaRow(record["crop"], record["year"], record["area_ha"],
                                            cells["crop"][0].coordinate, r))
            else:
                existing = spec is EXISTING
                result.plants.append(Plant(
                    name=record["plant"], process=record["process"],
                    capacity=record["capacity_t_per_yr"],
                    year=record["commissioning_year"] if existing else record["year"],
                    status="existing" if existing else record["status"],
                    utilisation=record.get("utilisation_last_year") if existing else None,
                    sheet=ws_f.title, cell=cells["plant"][0].coordinate, row=r))

    def _duplicates(self, result: CapacitySheet) -> None:
        seen: dict[str, Plant] = {}
        keep = []
        for p in result.plants:
            k = name_key(p.name)
            if k in seen:
                first = seen[k]
                self.add(p.sheet, p.cell, "plant", f"a plant name used once (also at "
                         f"{first.sheet}!{first.cell})", _found(p.name))
                continue
            seen[k] = p
            keep.append(p)
        result.plants = keep
        areas: dict[tuple[str, int], AreaRow] = {}
        keep_a = []
        for a in result.areas:
            if (a.crop, a.year) in areas:
                first = areas[(a.crop, a.year)]
                self.add(AREA.name, a.cell, "crop", f"one row per crop and year (also at "
                         f"{AREA.name}!{first.cell})", _found(f"{a.crop} {a.year}"))
                continue
            areas[(a.crop, a.year)] = a
            keep_a.append(a)
        result.areas = keep_a


class _Bad:
    def __repr__(self) -> str:  # pragma: no cover
        return "<bad cell>"


_BAD = _Bad()


# ============================================================================ check
def _check(paths: Sequence[str | os.PathLike[str]], workbook: str | os.PathLike[str] | None,
           horizon: tuple[int, int] | None) -> tuple[list[CapacitySheet], list[Issue]]:
    """Read and check every file; return the sheets to merge (newest per region) and issues."""
    lists = read_scenario_lists(workbook)
    horizon = horizon or lists.horizon
    issues: list[Issue] = []
    sheets: list[CapacitySheet] = []
    for p, label in zip(paths, file_labels(paths)):
        reader = _Reader(Path(p), lists, horizon, label)
        sheet = reader.read()
        issues.extend(reader.issues)
        if sheet is not None and not any(i.severity == "error" for i in reader.issues):
            sheets.append(sheet)
    # the same content twice counts once
    unique: dict[str, CapacitySheet] = {}
    for s in sheets:
        if s.sha256 in unique:
            issues.append(Issue(s.file, "", "", "", "each sheet once", f"the same content as "
                                f"{unique[s.sha256].file}; counted once", "warning"))
            continue
        unique[s.sha256] = s
    # one sheet per region: the newest wins
    by_region: dict[str, list[CapacitySheet]] = {}
    for s in unique.values():
        by_region.setdefault(s.region, []).append(s)
    active: list[CapacitySheet] = []
    for region, group in by_region.items():
        group.sort(key=lambda s: s.date or dt.date.min)
        newest = group[-1]
        for older in group[:-1]:
            if older.date == newest.date:
                issues.append(Issue(newest.file, COORDINATOR_SHEET, newest.date_cell, "date",
                                    f"one sheet per region and date: {older.file} is also for "
                                    f"region {region} and dated {newest.date}; keep one",
                                    f"two different sheets for region {region}"))
            else:
                issues.append(Issue(older.file, COORDINATOR_SHEET, "B6", "date",
                                    f"the newest sheet of region {region}",
                                    f"a sheet dated {older.date}, replaced by {newest.file} "
                                    f"dated {newest.date}", "warning"))
        if not any(o.date == newest.date for o in group[:-1]):
            active.append(newest)
    # the same plant in two regions' sheets is a conflict
    owners: dict[str, tuple[CapacitySheet, Plant]] = {}
    for s in active:
        for p in s.plants:
            k = name_key(p.name)
            if k in owners:
                other, op = owners[k]
                issues.append(Issue(s.file, p.sheet, p.cell, "plant",
                                    f"a plant claimed by one sheet only; {other.file} "
                                    f"({other.region}) claims it at {op.sheet}!{op.cell}",
                                    f"{_found(p.name)} (region {s.region})"))
            else:
                owners[k] = (s, p)
    return active, issues


def check_files(paths: Sequence[str | os.PathLike[str]],
                workbook: str | os.PathLike[str] | None = None,
                horizon: tuple[int, int] | None = None) -> list[Issue]:
    """Check capacity sheets; return every error and warning (an empty list when clean).

    Processes, crops, regions and the horizon come from ``workbook`` (default: the embedded
    default workbook); ``horizon=(first, last)`` overrides the workbook's policy years.
    Raises :class:`InputError` only when the scenario workbook itself cannot be used.
    """
    return _check(paths, workbook, horizon)[1]


def read_sheet(path: str | os.PathLike[str], workbook: str | os.PathLike[str] | None = None
               ) -> tuple[CapacitySheet | None, list[Issue]]:
    """Check one capacity sheet and return what was read from it together with its issues.

    The issues are those :func:`check_files` reports for this file alone.  The sheet is None
    when the file could not be opened; otherwise its fields hold every value that was valid
    (``region`` is "" when the region cell was not), even when other cells have errors: the
    portal uses it to check the region against the uploader's regions.
    """
    lists = read_scenario_lists(workbook)
    reader = _Reader(Path(path), lists, lists.horizon)
    sheet = reader.read()
    return sheet, reader.issues


def changes_between(old: str | os.PathLike[str], new: str | os.PathLike[str],
                    workbook: str | os.PathLike[str] | None, work_dir: str | os.PathLike[str]
                    ) -> list[str]:
    """What merging sheet ``new`` changes after sheet ``old`` of the same region was merged.

    Both are merged with :func:`merge` into copies of ``workbook`` inside ``work_dir`` (the
    caller removes it), so the lines are exactly those ``nabb capacity merge`` prints.
    Raises :class:`InputError` when either merge would fail.
    """
    base = Path(workbook) if workbook else default_workbook_path()
    if base is None:
        raise InputError("no scenario workbook to merge into")
    first, second = Path(work_dir) / "with_old.xlsx", Path(work_dir) / "with_new.xlsx"
    merge([old], base, first)
    return merge([new], first, second).changes


# ============================================================================ annotate
def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        if Path(a).exists() and Path(b).exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return Path(a).resolve() == Path(b).resolve()


def _refuse_overwrite(out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    for p in inputs:
        if _same_file(out, p):
            raise InputError([Issue(_fname(out), "", "", "", "an output file that is not one "
                                    "of the inputs (inputs are never modified)",
                                    f"the input file {_fname(p)}")])
    if Path(out).suffix.lower() != ".xlsx":
        raise InputError([Issue(_fname(out), "", "", "", "an output name ending in .xlsx",
                                _found(Path(out).suffix or "no extension"))])


ISSUES_SHEET = "nabb_check"


def annotate(path: str | os.PathLike[str], issues: Sequence[Issue],
             out: str | os.PathLike[str], label: str | None = None) -> None:
    """Write a copy of ``path`` with every issue highlighted and explained in a comment.

    A sheet ``nabb_check`` lists all issues.  The original is never modified; a file that
    cannot be opened gets a copy holding only that list.  The copy carries no active content
    from the file (:func:`nabb.io.sanitize.strip_active_content`: formulas become their saved
    values, links, macros, hidden sheets and the like are removed, and the sheet says what
    was removed); text that looks like a formula (``=HYPERLINK(...)``) is written as text.
    """
    _refuse_overwrite(out, [path])
    file = label or _fname(path)
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
            note = f"{issue.severity.upper()}: expected {issue.expected}; found {issue.found}"
            if cell.comment is not None and cell.comment.author == "nabb check":
                note = cell.comment.text + "\n" + note
            cell.comment = Comment(note[:30000], "nabb check", width=400, height=160)
    ws = wb.create_sheet(ISSUES_SHEET, 0)
    head = ["severity", "file", "sheet", "cell", "column", "expected", "found"]
    for j, h in enumerate(head, start=1):
        c = ws.cell(row=1, column=j)
        write_cell(c, h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = HEADER_FILL
    for i, issue in enumerate(mine, start=2):
        for j, v in enumerate([issue.severity, issue.file, issue.sheet, issue.cell, issue.column,
                               issue.expected, issue.found], start=1):
            write_cell(ws.cell(row=i, column=j), _printable(v))
        ws.cell(row=i, column=1).fill = ERROR_FILL if issue.severity == "error" else WARNING_FILL
    if not mine:
        write_cell(ws.cell(row=2, column=1), "no issues")
    for i, note in enumerate(removed, start=max(len(mine), 1) + 2):
        write_cell(ws.cell(row=i, column=1), "removed")
        write_cell(ws.cell(row=i, column=2), file)
        write_cell(ws.cell(row=i, column=6), "no active content in this copy")
        write_cell(ws.cell(row=i, column=7), note)
    for letter, width in zip("ABCDEFG", (10, 28, 18, 10, 22, 70, 50)):
        ws.column_dimensions[letter].width = width
    wb.active = 0
    _save_inert(wb, out)


def _save_inert(wb: Workbook, out: str | os.PathLike[str]) -> None:
    """Save a copy of someone else's workbook; refuse (writing nothing) if it is not inert."""
    with atomic_path(out) as tmp:
        save_workbook(wb, tmp)
        found = audit_xlsx(tmp)
        if found:  # a bug in strip_active_content, never the user's fault
            raise RuntimeError(f"{_fname(out)} would carry active content: {'; '.join(found[:5])}")


def _printable(v: str) -> str:
    return "".join(ch if unicodedata.category(ch) != "Cc" or ch in "\t\n" else f"\\x{ord(ch):02x}"
                   for ch in v)


# ============================================================================ merge
@dataclass
class MergeResult:
    """What a merge did: lines describing every change, and the warnings seen."""

    changes: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


CAPACITY_SCHEMA = SHEET_BY_NAME["capacity"]
AREA_SCHEMA = SHEET_BY_NAME["contracted_area"]


class _Table:
    """A data sheet of the scenario workbook, edited in place (formulas kept)."""

    def __init__(self, wb, schema: Sheet, file: str):
        self.schema = schema
        self.file = file
        if schema.name in wb.sheetnames:
            self.ws = wb[schema.name]
        else:
            self.ws = wb.create_sheet(schema.name)
            _write_header(self.ws, schema.column_names, [c.unit for c in schema.columns],
                          [c.description for c in schema.columns])
        ws = self.ws
        if ws.max_row > MAX_DATA_ROWS * 10:
            raise InputError([Issue(file, ws.title, f"A{ws.max_row}", "",
                                    f"at most {MAX_DATA_ROWS * 10:,} rows", f"{ws.max_row:,} rows")])
        self.cols: dict[str, int] = {}
        for j in range(1, min(ws.max_column, 200) + 1):
            v = ws.cell(row=1, column=j).value
            if isinstance(v, str) and clean_text(v) in schema.column_names:
                self.cols.setdefault(clean_text(v), j)
        missing = [c.name for c in schema.columns if c.required and c.name not in self.cols]
        if missing:
            raise InputError([Issue(file, ws.title, "1", m, f"a column named {m!r} in row 1",
                                    "no such column") for m in missing])
        if "provenance" not in self.cols:
            j = max([ws.max_column, *self.cols.values()]) + 1
            head, unit = ws.cell(row=1, column=j), ws.cell(row=2, column=j)
            write_cell(head, "provenance")
            head.font = Font(bold=True, color="FFFFFF")
            head.fill = HEADER_FILL
            write_cell(unit, "[-]")
            unit.font = Font(italic=True)
            unit.fill = UNIT_FILL
            self.cols["provenance"] = j

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for r in range(FIRST_DATA_ROW, self.ws.max_row + 1):
            rec = {name: self.ws.cell(row=r, column=j).value for name, j in self.cols.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in rec.values()):
                continue
            out.append((r, rec))
        return out

    def write(self, r: int, record: dict[str, Any]) -> None:
        for name, j in self.cols.items():
            cell = self.ws.cell(row=r, column=j)
            value = record.get(name)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            write_cell(cell, value)

    def last_row(self) -> int:
        rows = self.rows()
        return max([FIRST_DATA_ROW - 1] + [r for r, _ in rows])


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _diff(label: str, old: dict[str, Any], new: dict[str, Any], fields: Sequence[str]) -> list[str]:
    out = []
    for f in fields:
        a, b = old.get(f), new.get(f)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
            if math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9):
                continue
        elif a == b or (a in (None, "") and b in (None, "")):
            continue
        out.append(f"{label}: {f} {_fmt(a)} -> {_fmt(b)}")
    return out


def merge(files: Sequence[str | os.PathLike[str]], into: str | os.PathLike[str],
          out: str | os.PathLike[str]) -> MergeResult:
    """Merge checked capacity sheets into a copy of the scenario workbook ``into``.

    The sheets must be free of errors.  Every merged row gets a provenance (file name,
    SHA-256, coordinator, date).  A sheet already merged changes nothing; a newer sheet for
    a region replaces the rows of the older one (the changes are listed); a plant claimed
    by two sheets or already in the workbook for another region is a conflict.  The output
    is written atomically; on any error nothing is written.  ``into`` is never modified.
    """
    _refuse_overwrite(out, [into, *files])
    sheets, issues = _check(files, into, None)
    result = MergeResult(warnings=[i for i in issues if i.severity == "warning"])
    if any(i.severity == "error" for i in issues):
        raise InputError(issues)
    wfile = _fname(into)
    wb = load_workbook_safely(into, data_only=False)
    values = load_workbook_safely(into, data_only=True)
    with input_boundary(into):
        for note in strip_active_content(wb, values, (*SHEET_BY_NAME, SETTINGS_SHEET), into):
            result.warnings.append(Issue(wfile, "", "", "", "no active content in the merged "
                                         "workbook (formulas, links, macros, hidden sheets)",
                                         f"{note} in the merged copy", "warning"))
        cap = _Table(wb, CAPACITY_SCHEMA, wfile)
        area = _Table(wb, AREA_SCHEMA, wfile)
        conflicts: list[Issue] = []
        for s in sheets:
            # read afresh: an earlier sheet of this merge may have moved rows
            prior = [(r, rec, parse_provenance(rec.get("provenance"))) for r, rec in cap.rows()]
            prior_a = [(r, rec, parse_provenance(rec.get("provenance"))) for r, rec in area.rows()]
            own = [(r, rec, p) for r, rec, p in prior if p and str(rec.get("region")) == s.region]
            own_a = [(r, rec, p) for r, rec, p in prior_a if p and str(rec.get("region")) == s.region]
            shas = {p["sha"] for _, _, p in own + own_a}
            if shas == {s.sha256}:
                result.unchanged.append(f"{s.file}: already merged for region {s.region} "
                                        f"(sha256 {s.sha256[:12]}); nothing changed")
                continue
            dates = sorted(p["date"] for _, _, p in own + own_a if p["date"])
            if dates and s.date and dates[-1] > s.date.isoformat():
                newer = next(p for _, _, p in own + own_a if p["date"] == dates[-1])
                conflicts.append(Issue(s.file, COORDINATOR_SHEET, s.date_cell, "date",
                                       f"a sheet newer than the one already merged for region "
                                       f"{s.region} ({newer['file']}, dated {dates[-1]})",
                                       f"a sheet dated {s.date.isoformat()}"))
                continue
            # plants: rows of this region's earlier sheet, or base rows the sheet updates
            by_name: dict[str, tuple[int, dict[str, Any], dict[str, str] | None]] = {}
            for r, rec, p in prior:
                by_name.setdefault(name_key(str(rec.get("plant") or "")), (r, rec, p))
            replace: dict[int, tuple[dict[str, Any], str]] = {r: (rec, "") for r, rec, _ in own}
            found_conflict = False
            for pl in s.plants:
                hit = by_name.get(name_key(pl.name))
                if hit is None:
                    continue
                r, rec, p = hit
                if str(rec.get("region")) != s.region:
                    origin = f"from {p['file']}" if p else "in the base data"
                    conflicts.append(Issue(s.file, pl.sheet, pl.cell, "plant",
                                           f"a plant not already in {wfile} for another region; "
                                           f"capacity!{_a1(cap, r, 'plant')} has it for region "
                                           f"{rec.get('region')} ({origin})", _found(pl.name)))
                    found_conflict = True
                elif r not in replace:
                    replace[r] = (rec, "base")
            if found_conflict:
                continue
            result.warnings.extend(_similar_plants(s, prior, cap))
            _apply(s, cap, area, own_a, replace, result)
            _ensure_source(wb, s)
            result.merged.append(f"{s.file}: region {s.region}, {len(s.plants)} plants, "
                                 f"{len(s.areas)} contracted areas (sha256 {s.sha256[:12]})")
        if conflicts:
            raise InputError(issues + conflicts)
    _save_inert(wb, out)
    return result


def _similar_plants(s: CapacitySheet, prior, cap: _Table) -> list[Issue]:
    """Warn when a 'new' plant looks like one already in the workbook for the same region and
    process: counting both would double its capacity."""
    out: list[Issue] = []
    known = {name_key(str(rec.get("plant") or "")) for _, rec, _ in prior}
    for pl in s.plants:
        key = name_key(pl.name)
        if key in known:
            continue
        for r, rec, p in prior:
            other = str(rec.get("plant") or "")
            if p is not None or str(rec.get("region")) != s.region or rec.get("process") != pl.process:
                continue
            ratio = difflib.SequenceMatcher(None, key, name_key(other)).ratio()
            first = key.split()[0] if key.split() else ""
            if ratio >= 0.6 or (first and name_key(other).startswith(first)):
                out.append(Issue(s.file, pl.sheet, pl.cell, "plant",
                                 f"a plant that is not already in the workbook under another name "
                                 f"(capacity!{_a1(cap, r, 'plant')} has {other!r}, {pl.process}, "
                                 f"region {s.region}; if it is the same plant, use that name so "
                                 "the sheet updates it instead of doubling its capacity)",
                                 _found(pl.name), "warning"))
                break
    return out


def _ensure_source(wb, s: CapacitySheet) -> None:
    """Give the merged rows a source: one row per capacity sheet in the sources sheet."""
    schema = SHEET_BY_NAME["sources"]
    if schema.name not in wb.sheetnames:
        ws = wb.create_sheet(schema.name)
        _write_header(ws, schema.column_names, [c.unit for c in schema.columns],
                      [c.description for c in schema.columns])
    ws = wb[schema.name]
    cols = {clean_text(str(ws.cell(row=1, column=j).value)): j
            for j in range(1, ws.max_column + 1) if ws.cell(row=1, column=j).value is not None}
    if "source_id" not in cols:
        return
    last = FIRST_DATA_ROW - 1
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        value = ws.cell(row=r, column=cols["source_id"]).value
        if value is not None and str(value).strip():
            last = r
            if str(value).strip() == s.source_id:
                return  # already there: merging is idempotent
    record = {"source_id": s.source_id, "kind": "sourced", "publisher": s.coordinator or "",
              "title": f"Capacity sheet for region {s.region} ({s.file})",
              "year": s.date.year if s.date else None, "url": "",
              "note": f"Merged by nabb capacity merge; sha256 {s.sha256}; "
                      f"date {s.date.isoformat() if s.date else 'unknown'}"}
    for name, value in record.items():
        if name in cols and value not in (None, ""):
            write_cell(ws.cell(row=last + 1, column=cols[name]), value)


def _a1(table: _Table, r: int, column: str) -> str:
    return f"{get_column_letter(table.cols.get(column, 1))}{r}"


def _apply(s: CapacitySheet, cap: _Table, area: _Table, own_a, replace,
           result: MergeResult) -> None:
    prov = s.provenance
    label = f"region {s.region} ({s.file})"
    old_by_name = {name_key(str(rec.get("plant") or "")): (r, rec) for r, (rec, _) in replace.items()}
    new_records = []
    for pl in s.plants:
        new_records.append((pl, {"plant": pl.name, "region": s.region, "process": pl.process,
                                 "capacity_t_per_yr": pl.capacity, "commissioning_year": pl.year,
                                 "decommissioning_year": None, "status": pl.status,
                                 "provenance": prov, "source": s.source_id}))
    fields = ("process", "capacity_t_per_yr", "commissioning_year", "status")
    used_rows: set[int] = set()
    append = []
    for pl, rec in new_records:
        hit = old_by_name.get(name_key(pl.name))
        if hit is None:
            result.changes.append(f"{label}: added plant {pl.name!r} ({pl.status}, "
                                  f"{_fmt(pl.capacity)} t/yr)")
            append.append(rec)
            continue
        r, old = hit
        used_rows.add(r)
        for line in _diff(f"{label}: plant {pl.name!r}", old, rec, fields):
            result.changes.append(line)
        if replace[r][1] == "base":
            result.changes.append(f"{label}: plant {pl.name!r} now comes from the capacity sheet "
                                  f"(was capacity!{_a1(cap, r, 'plant')} in the base data)")
        cap.write(r, rec)
    removed = sorted((r for r in replace if r not in used_rows), reverse=True)
    for r in removed:
        rec = replace[r][0]
        result.changes.append(f"{label}: removed plant {rec.get('plant')!r} (not in the newer sheet)")
        cap.ws.delete_rows(r)
    start = cap.last_row() + 1
    for i, rec in enumerate(append):
        cap.write(start + i, rec)

    # contracted area: key (crop, year) within the region
    def akey(rec: dict[str, Any]) -> tuple[str, int | None]:
        y = rec.get("year")
        return (str(rec.get("crop")), int(y) if isinstance(y, (int, float)) and not isinstance(y, bool) else None)

    areplace: dict[int, dict[str, Any]] = {r: rec for r, rec, _ in own_a}
    region_rows = {akey(rec): (r, rec) for r, rec in area.rows()
                   if str(rec.get("region")) == s.region}
    old_by_key = {akey(rec): (r, rec) for r, rec in areplace.items()}
    for k, (r, rec) in region_rows.items():
        if k not in old_by_key and any((a.crop, a.year) == k for a in s.areas):
            old_by_key[k] = (r, rec)
            areplace[r] = rec
    used: set[int] = set()
    append_a = []
    for a in s.areas:
        rec = {"region": s.region, "crop": a.crop, "year": a.year, "area_ha": a.area_ha,
               "provenance": prov, "source": s.source_id}
        hit = old_by_key.get((a.crop, a.year))
        if hit is None:
            result.changes.append(f"{label}: added contracted area {a.crop} {a.year}: "
                                  f"{_fmt(a.area_ha)} ha")
            append_a.append(rec)
            continue
        r, old = hit
        used.add(r)
        result.changes.extend(_diff(f"{label}: contracted area {a.crop} {a.year}", old, rec,
                                    ("area_ha",)))
        area.write(r, rec)
    for r in sorted((r for r in areplace if r not in used), reverse=True):
        rec = areplace[r]
        result.changes.append(f"{label}: removed contracted area {rec.get('crop')} "
                              f"{rec.get('year')} (not in the newer sheet)")
        area.ws.delete_rows(r)
    start = area.last_row() + 1
    for i, rec in enumerate(append_a):
        area.write(start + i, rec)
