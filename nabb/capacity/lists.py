"""What a capacity sheet may refer to: regions, processes, crops and the horizon of a scenario
workbook (the embedded default workbook unless another is given)."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nabb.defaults import DEFAULT_WORKBOOK
from nabb.errors import InputError, Issue, names
from nabb.io.preflight import input_boundary, load_workbook_safely
from nabb.schema import FIRST_DATA_ROW, LAND_KINDS

from nabb.capacity.layout import MAX_DATA_ROWS
from nabb.capacity.text import clean_text, file_name, name_key


@dataclass(frozen=True)
class KnownPlant:
    """A plant of the scenario workbook's capacity sheet (a yardstick for plausibility)."""

    name: str
    region: str
    process: str
    capacity: float
    source: str


@dataclass
class ScenarioLists:
    """What a capacity sheet may refer to, read from a scenario workbook; and the yardsticks
    its numbers are held against (:mod:`nabb.capacity.plausible`): the known plants, the
    largest investment per process, the arable land and contracted area per region."""

    source: str
    regions: dict[str, str]          # code -> name: the regions with land (LAND_KINDS)
    processes: tuple[str, ...]
    crops: tuple[str, ...]
    horizon: tuple[int, int] | None = None
    plants: tuple[KnownPlant, ...] = ()
    max_investment: dict[str, tuple[float, str]] = field(default_factory=dict)  # t/yr, source
    arable_land: dict[str, tuple[float, str]] = field(default_factory=dict)     # ha, source
    contracted: dict[tuple[str, str], float] = field(default_factory=dict)      # largest ha
    nodes: dict[str, str] = field(default_factory=dict)  # code -> kind: ports and borders


def default_workbook_path() -> Path | None:
    """The embedded default scenario workbook, if it has been built."""
    return DEFAULT_WORKBOOK if DEFAULT_WORKBOOK.is_file() else None


def scenario_language(workbook: str | os.PathLike[str] | None) -> str | None:
    """The scenario workbook's ``language`` setting (nl, en), or None: not set, or the
    workbook cannot be read (its own errors are reported where it is read)."""
    path = workbook if workbook is not None else default_workbook_path()
    if path is None:
        return None
    try:
        wb = load_workbook_safely(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - only a preference; the reader reports the file's errors
        return None
    try:
        if "settings" not in wb.sheetnames:
            return None
        for row in wb["settings"].iter_rows(min_row=1, max_col=2, values_only=True):
            if len(row) == 2 and isinstance(row[0], str) and clean_text(row[0]) == "language":
                value = clean_text(str(row[1] or "")).lower()
                return value if value in ("nl", "en") else None
    except Exception:  # noqa: BLE001
        return None
    finally:
        wb.close()
    return None


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
            yardsticks = _yardsticks(wb)
    finally:
        wb.close()
    if issues:
        raise InputError(issues)
    regions: dict[str, str] = {}
    nodes: dict[str, str] = {}
    region_names = dict(found.get("regions.name", []))
    kinds = yardsticks.pop("kinds")
    for r, code in found.get("regions.region", []):
        kind = str(kinds.get(r) or "province")
        if kind in LAND_KINDS:  # ports and borders have no land, plants or coordinator
            regions[str(code)] = str(region_names.get(r, ""))
        else:
            nodes[str(code)] = kind
    years = [int(v) for _, v in found.get("policy.year", [])
             if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
    return ScenarioLists(
        source=file, regions=regions,
        processes=tuple(str(v) for _, v in found.get("processes.process", [])),
        crops=tuple(str(v) for _, v in found.get("crops.crop", [])),
        horizon=(min(years), max(years)) if years else None, nodes=nodes, **yardsticks)


#: (sheet, columns) the plausibility yardsticks come from; any may be missing in a workbook
_YARDSTICK_COLUMNS = {
    "capacity": ("plant", "region", "process", "capacity_t_per_yr", "status", "source"),
    "processes": ("process", "max_investment_t_per_yr", "source"),
    "regions": ("region", "arable_land_ha", "source", "kind"),
    "contracted_area": ("region", "crop", "area_ha"),
}


def _table(ws, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of ``columns`` (those present) of a data sheet; [] without a header."""
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    where = {clean_text(v): j for j, v in enumerate(header) if isinstance(v, str)}
    present = {c: where[c] for c in columns if c in where}
    rows = []
    for n, row in enumerate(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)):
        if n > MAX_DATA_ROWS * 10:
            break
        rec = {c: (row[j] if j < len(row) else None) for c, j in present.items()}
        if any(v is not None for v in rec.values()):
            rows.append(rec)
    return rows


def _number(v: Any) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0:
        return float(v)
    return None


def _yardsticks(wb) -> dict[str, Any]:
    """Known plants, largest investment per process, arable land and contracted area per
    region: what is there of them (a scenario workbook may lack any of these)."""
    t = {s: _table(wb[s], cols) if s in wb.sheetnames else []
         for s, cols in _YARDSTICK_COLUMNS.items()}
    kinds = {FIRST_DATA_ROW + n: r.get("kind") for n, r in enumerate(_rows_with_blanks(wb, "regions"))}
    plants = tuple(KnownPlant(str(r.get("plant") or ""), str(r.get("region") or ""),
                              str(r.get("process") or ""), cap, str(r.get("source") or ""))
                   for r in t["capacity"] if (cap := _number(r.get("capacity_t_per_yr")))
                   and r.get("status") in (None, "existing", "under_construction", "financed"))
    invest = {str(r["process"]): (v, str(r.get("source") or "")) for r in t["processes"]
              if r.get("process") and (v := _number(r.get("max_investment_t_per_yr")))}
    land = {str(r["region"]): (v, str(r.get("source") or "")) for r in t["regions"]
            if r.get("region") and (v := _number(r.get("arable_land_ha")))}
    contracted: dict[tuple[str, str], float] = {}
    for r in t["contracted_area"]:
        v = _number(r.get("area_ha"))
        if v and r.get("region") and r.get("crop"):
            key = (str(r["region"]), str(r["crop"]))
            contracted[key] = max(v, contracted.get(key, 0.0))
    return {"plants": plants, "max_investment": invest, "arable_land": land,
            "contracted": contracted, "kinds": kinds}


def _rows_with_blanks(wb, sheet: str) -> list[dict[str, Any]]:
    """The kind column of the regions sheet by data row (blank rows included, to line up
    with the row numbers of the region codes)."""
    if sheet not in wb.sheetnames:
        return []
    ws = wb[sheet]
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    where = {clean_text(v): j for j, v in enumerate(header) if isinstance(v, str)}
    if "kind" not in where:
        return []
    j = where["kind"]
    out = []
    for n, row in enumerate(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)):
        if n > MAX_DATA_ROWS * 10:
            break
        out.append({"kind": row[j] if j < len(row) else None})
    return out


def suggest_regions(value: str, lists: ScenarioLists) -> list[str]:
    """Region codes whose code or name is close to ``value`` ('Grunn' -> GR, Groningen),
    case and accents folded; at most three, best first."""
    import difflib
    import unicodedata

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKD", name_key(text))
        return "".join(ch for ch in text if not unicodedata.combining(ch))
    keys: dict[str, str] = {}
    for code, name in lists.regions.items():
        keys.setdefault(fold(code), code)
        if name:
            keys.setdefault(fold(name), code)
    typed = fold(value)
    scored = sorted(((difflib.SequenceMatcher(None, typed, k).ratio(), k) for k in keys),
                    reverse=True)
    out: list[str] = []
    for score, k in scored:  # the best, and others nearly as good (not every weak match)
        if score >= 0.5 and score >= scored[0][0] - 0.05 and keys[k] not in out:
            out.append(keys[k])
    return out[:3]


def region_hint(value: str, lists: ScenarioLists) -> str:
    """'; did you mean 'GR' (Groningen)?' or '' (or why an import node is no region)."""
    if value in lists.nodes:
        return (f"; {value} is an import node ({lists.nodes[value]}), which has no land, plants "
                "or coordinator")
    close = suggest_regions(value, lists)
    if not close:
        return ""
    said = " or ".join(f"{c!r} ({lists.regions[c]})" if lists.regions.get(c) else repr(c)
                       for c in close)
    return f"; did you mean {said}?"


def resolve_region(value: str, lists: ScenarioLists) -> str | None:
    """The region code that ``value`` names (a code, or a region's name), or None."""
    if value in lists.regions:
        return value
    key = name_key(value)
    for code, name in lists.regions.items():
        if name_key(code) == key or (name and name_key(name) == key):
            return code
    return None

