"""Merging checked capacity sheets into a copy of the scenario workbook, with provenance."""
from __future__ import annotations

import difflib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from openpyxl.utils import get_column_letter

from nabb.errors import InputError, Issue
from nabb.io.preflight import input_boundary, load_workbook_safely
from nabb.io.sanitize import strip_active_content
from nabb.schema import SETTINGS_SHEET, SHEET_BY_NAME

from nabb.capacity.check import check_sheets
from nabb.capacity.layout import COORDINATOR_SHEET, CapacitySheet
from nabb.capacity.lists import default_workbook_path
from nabb.capacity.output import refuse_overwrite, save_inert
from nabb.capacity.provenance import ensure_source, parse_provenance, provenance, source_id
from nabb.capacity.table import ScenarioTable
from nabb.capacity.text import as_found, file_name, name_key


@dataclass
class MergeResult:
    """What a merge did: lines describing every change, and the warnings seen."""

    changes: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


CAPACITY_SCHEMA = SHEET_BY_NAME["capacity"]
AREA_SCHEMA = SHEET_BY_NAME["contracted_area"]


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
    refuse_overwrite(out, [into, *files])
    sheets, issues = check_sheets(files, into, None)
    result = MergeResult(warnings=[i for i in issues if i.severity == "warning"])
    if any(i.severity == "error" for i in issues):
        raise InputError(issues)
    wfile = file_name(into)
    wb = load_workbook_safely(into, data_only=False)
    values = load_workbook_safely(into, data_only=True)
    with input_boundary(into):
        for note in strip_active_content(wb, values, (*SHEET_BY_NAME, SETTINGS_SHEET), into):
            result.warnings.append(Issue(wfile, "", "", "", "no active content in the merged "
                                         "workbook (formulas, links, macros, hidden sheets)",
                                         f"{note} in the merged copy", "warning"))
        cap = ScenarioTable(wb, CAPACITY_SCHEMA, wfile)
        area = ScenarioTable(wb, AREA_SCHEMA, wfile)
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
                                           f"{rec.get('region')} ({origin})", as_found(pl.name)))
                    found_conflict = True
                elif r not in replace:
                    replace[r] = (rec, "base")
            if found_conflict:
                continue
            result.warnings.extend(_similar_plants(s, prior, cap))
            _apply(s, cap, area, own_a, replace, result)
            ensure_source(wb, s)
            result.merged.append(f"{s.file}: region {s.region}, {len(s.plants)} plants, "
                                 f"{len(s.areas)} contracted areas (sha256 {s.sha256[:12]})")
        if conflicts:
            raise InputError(issues + conflicts)
    save_inert(wb, out)
    return result


def _similar_plants(s: CapacitySheet, prior, cap: ScenarioTable) -> list[Issue]:
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
                                 as_found(pl.name), "warning"))
                break
    return out


def _a1(table: ScenarioTable, r: int, column: str) -> str:
    return f"{get_column_letter(table.cols.get(column, 1))}{r}"


@dataclass
class _Update:
    """One row a capacity sheet writes: its record, the row it replaces (None: a new row),
    and how the change is described."""

    record: dict[str, Any]
    old: tuple[int, dict[str, Any]] | None
    added: str                   # the change line of a new row
    label: str                   # what the diff lines of a replaced row start with
    fields: tuple[str, ...]      # the fields whose changes are listed
    note: str = ""               # one more line when a row is replaced


def _write_rows(table: ScenarioTable, updates: list[_Update], removable: dict[int, str],
                result: MergeResult) -> None:
    """Replace rows in place, delete the ``removable`` rows (row -> change line) that no
    update replaced, and append the new rows at the end of the table."""
    used: set[int] = set()
    append = []
    for u in updates:
        if u.old is None:
            result.changes.append(u.added)
            append.append(u.record)
            continue
        r, old = u.old
        used.add(r)
        result.changes.extend(_diff(u.label, old, u.record, u.fields))
        if u.note:
            result.changes.append(u.note)
        table.write(r, u.record)
    for r in sorted((r for r in removable if r not in used), reverse=True):
        result.changes.append(removable[r])
        table.ws.delete_rows(r)
    start = table.last_row() + 1
    for i, rec in enumerate(append):
        table.write(start + i, rec)


def _apply(s: CapacitySheet, cap: ScenarioTable, area: ScenarioTable, own_a, replace,
           result: MergeResult) -> None:
    """Write the sheet's plants and contracted areas over the rows it replaces."""
    prov, source = provenance(s), source_id(s)
    label = f"region {s.region} ({s.file})"
    old_by_name = {name_key(str(rec.get("plant") or "")): (r, rec) for r, (rec, _) in replace.items()}
    plants = []
    for pl in s.plants:
        record = {"plant": pl.name, "region": s.region, "process": pl.process,
                  "capacity_t_per_yr": pl.capacity, "commissioning_year": pl.year,
                  "decommissioning_year": None, "status": pl.status,
                  "provenance": prov, "source": source}
        old = old_by_name.get(name_key(pl.name))
        note = (f"{label}: plant {pl.name!r} now comes from the capacity sheet "
                f"(was capacity!{_a1(cap, old[0], 'plant')} in the base data)"
                if old is not None and replace[old[0]][1] == "base" else "")
        plants.append(_Update(record, old, f"{label}: added plant {pl.name!r} ({pl.status}, "
                              f"{_fmt(pl.capacity)} t/yr)", f"{label}: plant {pl.name!r}",
                              ("process", "capacity_t_per_yr", "commissioning_year", "status"),
                              note))
    _write_rows(cap, plants, {r: f"{label}: removed plant {rec.get('plant')!r} (not in the newer "
                              "sheet)" for r, (rec, _) in replace.items()}, result)

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
    areas = [_Update({"region": s.region, "crop": a.crop, "year": a.year, "area_ha": a.area_ha,
                      "provenance": prov, "source": source}, old_by_key.get((a.crop, a.year)),
                     f"{label}: added contracted area {a.crop} {a.year}: {_fmt(a.area_ha)} ha",
                     f"{label}: contracted area {a.crop} {a.year}", ("area_ha",))
             for a in s.areas]
    _write_rows(area, areas, {r: f"{label}: removed contracted area {rec.get('crop')} "
                              f"{rec.get('year')} (not in the newer sheet)"
                              for r, rec in areplace.items()}, result)


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
