"""One capacity sheet file -> a :class:`~nabb.capacity.layout.CapacitySheet` and every issue.

Files from outside may be broken or hostile: every file goes through
:mod:`nabb.io.preflight` before openpyxl sees it, and every problem becomes an
:class:`~nabb.errors.Issue` naming file, sheet, A1 cell, column, expected and found.
The cells themselves are read by :class:`nabb.capacity.cells.CellReader`.
"""
from __future__ import annotations

import difflib
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from nabb.errors import InputError, Issue, names
from nabb.io.preflight import check_workbook, input_boundary
from nabb.schema import FIRST_DATA_ROW, Sheet

from nabb.capacity.cells import BAD, CellReader
from nabb.capacity.layout import (AREA, COORDINATOR_FIELDS, COORDINATOR_SHEET, EXISTING,
                                  INSTRUCTIONS_SHEET, LISTS_SHEET, MAX_DATA_ROWS, TABLES, AreaRow,
                                  CapacitySheet, Plant)
from nabb.capacity.lists import ScenarioLists
from nabb.capacity.text import as_found, clean_text, file_name, name_key, sha256_bytes


class SheetReader:
    """Reads one capacity sheet file: its sheets, their headers and rows, and duplicates.

    Every issue is collected in ``issues`` (shared with the :class:`CellReader` that reads
    the cells); ``horizon`` is the (first, last) year that years must lie within.
    """

    def __init__(self, path: Path, lists: ScenarioLists, horizon: tuple[int, int] | None,
                 label: str | None = None):
        self.path = path
        self.file = label or file_name(path)
        self.horizon = horizon
        self.cells = CellReader(self.file, lists)
        self.issues = self.cells.issues
        self.add = self.cells.add

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
                wb_f = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
                wb_v = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
                self.cells.epoch = wb_f.epoch
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
                     as_found(near[0]), "warning")
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
                    result.date = self.cells.date(ws_f.title, cf.coordinate, raw)
                result.date_cell = cf.coordinate
                continue
            value = self.cells.value(ws_f.title, cf, cv, col)
            if value is BAD or value is None:
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
                         f"{as_found(v)} also in {get_column_letter(found[key])}1")
                continue
            found[key] = j
            if key in spec.column_names and str(v) != key:
                self.add(sheet, a1, key, f"the column name {key!r}", as_found(v), "warning")
            elif key not in spec.column_names:
                self.add(sheet, a1, str(v), f"one of the columns {', '.join(spec.column_names)}",
                         f"an extra column {as_found(v)}, which is ignored", "warning")
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
                                 as_found(unit))
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
                v = self.cells.value(ws_f.title, cf, cv, col)
                if v is BAD:
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
                             f"{h0}-{h1}", as_found(y))
                    ok = False
                elif yname == "commissioning_year" and y > h1:
                    self.add(ws_f.title, a1, yname, f"a year up to {h1} (an existing plant)",
                             as_found(y))
                    ok = False
            if not ok:
                continue
            if spec is AREA:
                result.areas.append(AreaRow(record["crop"], record["year"], record["area_ha"],
                                            cells["crop"][0].coordinate, r,
                                            cells["area_ha"][0].coordinate))
            else:
                existing = spec is EXISTING
                result.plants.append(Plant(
                    name=record["plant"], process=record["process"],
                    capacity=record["capacity_t_per_yr"],
                    year=record["commissioning_year"] if existing else record["year"],
                    status="existing" if existing else record["status"],
                    utilisation=record.get("utilisation_last_year") if existing else None,
                    sheet=ws_f.title, cell=cells["plant"][0].coordinate, row=r,
                    capacity_cell=cells["capacity_t_per_yr"][0].coordinate))

    def _duplicates(self, result: CapacitySheet) -> None:
        seen: dict[str, Plant] = {}
        keep = []
        for p in result.plants:
            k = name_key(p.name)
            if k in seen:
                first = seen[k]
                self.add(p.sheet, p.cell, "plant", f"a plant name used once (also at "
                         f"{first.sheet}!{first.cell})", as_found(p.name))
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
                         f"{AREA.name}!{first.cell})", as_found(f"{a.crop} {a.year}"))
                continue
            areas[(a.crop, a.year)] = a
            keep_a.append(a)
        result.areas = keep_a
