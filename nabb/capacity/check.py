"""Checking capacity sheets together: each file, the same content twice, one sheet per region,
a plant claimed by two regions."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Sequence

from nabb.errors import Issue

from nabb.capacity.layout import COORDINATOR_SHEET, CapacitySheet, Plant
from nabb.capacity.lists import read_scenario_lists
from nabb.capacity.plausible import plausibility
from nabb.capacity.read import SheetReader
from nabb.capacity.text import as_found, file_labels, name_key


def check_sheets(paths: Sequence[str | os.PathLike[str]], workbook: str | os.PathLike[str] | None,
                 horizon: tuple[int, int] | None) -> tuple[list[CapacitySheet], list[Issue]]:
    """Read and check every file; return the sheets to merge (newest per region) and issues."""
    lists = read_scenario_lists(workbook)
    horizon = horizon or lists.horizon
    issues: list[Issue] = []
    sheets: list[CapacitySheet] = []
    read: list[tuple[CapacitySheet, list[Issue]]] = []
    for p, label in zip(paths, file_labels(paths)):
        reader = SheetReader(Path(p), lists, horizon, label)
        sheet = reader.read()
        if sheet is not None:
            read.append((sheet, reader.issues))
        issues.extend(reader.issues)
        if sheet is not None and not any(i.severity == "error" for i in reader.issues):
            sheets.append(sheet)
    for sheet, _ in read:  # numbers held against the workbook and against the other sheets
        issues.extend(plausibility(sheet, lists, [s for s, _ in read if s is not sheet]))
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
                                    f"{as_found(p.name)} (region {s.region})"))
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
    return check_sheets(paths, workbook, horizon)[1]


def read_sheet(path: str | os.PathLike[str], workbook: str | os.PathLike[str] | None = None
               ) -> tuple[CapacitySheet | None, list[Issue]]:
    """Check one capacity sheet and return what was read from it together with its issues.

    The issues are those :func:`check_files` reports for this file alone.  The sheet is None
    when the file could not be opened; otherwise its fields hold every value that was valid
    (``region`` is "" when the region cell was not), even when other cells have errors: the
    portal uses it to check the region against the uploader's regions.
    """
    lists = read_scenario_lists(workbook)
    reader = SheetReader(Path(path), lists, lists.horizon)
    sheet = reader.read()
    if sheet is not None:
        reader.issues.extend(plausibility(sheet, lists))
    return sheet, reader.issues
