"""What a capacity sheet may refer to: regions, processes, crops and the horizon of a scenario
workbook (the embedded default workbook unless another is given)."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nabb.defaults import DEFAULT_WORKBOOK
from nabb.errors import InputError, Issue, names
from nabb.io.preflight import input_boundary, load_workbook_safely
from nabb.schema import FIRST_DATA_ROW

from nabb.capacity.layout import MAX_DATA_ROWS
from nabb.capacity.text import clean_text, file_name, name_key


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
    file = file_name(workbook)
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
    region_names = dict(found.get("regions.name", []))
    for r, code in found.get("regions.region", []):
        regions[str(code)] = str(region_names.get(r, ""))
    years = [int(v) for _, v in found.get("policy.year", [])
             if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
    return ScenarioLists(
        source=file, regions=regions,
        processes=tuple(str(v) for _, v in found.get("processes.process", [])),
        crops=tuple(str(v) for _, v in found.get("crops.crop", [])),
        horizon=(min(years), max(years)) if years else None)


def resolve_region(value: str, lists: ScenarioLists) -> str | None:
    """The region code that ``value`` names (a code, or a region's name), or None."""
    if value in lists.regions:
        return value
    key = name_key(value)
    for code, name in lists.regions.items():
        if name_key(code) == key or (name and name_key(name) == key):
            return code
    return None

