"""Plausibility of a capacity sheet's numbers: unit mistakes that pass every rule but are wrong.

A capacity of 12 t/yr meant as 12 kt/yr, 12,000,000 typed in kg, 350,000 ha of hemp in a
province with 85,205 ha of arable land: each is a valid number, and each would change the
model's answer.  They are held against yardsticks from the scenario workbook (each named with
its source) and against the other sheets checked with it:

- a plant's capacity against the known plants of its process (the workbook's capacity sheet,
  and the plants of the other sheets): 100× smaller than the smallest, or 10× larger than the
  largest; without a known plant, against the largest investment the workbook allows for the
  process (1,000× smaller or 100× larger);
- a contracted area against the region's arable land (the row, and all crops of a year
  together), and against the area of that crop the workbook already holds for the region
  (100× larger).

Each finding is a warning (the coordinator may be right: a pilot plant is small) that says
why, and the likely intended value: the number in the other unit (×1,000 for kt typed as t,
÷1,000 for kg typed as t), or with the extra zeros dropped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from nabb.errors import Issue

from nabb.capacity.layout import AREA, CapacitySheet, Plant
from nabb.capacity.lists import ScenarioLists

#: A plant this many times smaller than the smallest known plant of its process is suspect.
SMALLER_THAN_KNOWN = 100.0
#: A plant this many times larger than the largest known plant of its process is suspect.
LARGER_THAN_KNOWN = 10.0
#: Without a known plant: against the process's largest investment per year.
SMALLER_THAN_INVESTMENT, LARGER_THAN_INVESTMENT = 1000.0, 100.0
#: A contracted area this many times the workbook's area of that crop in the region is suspect.
LARGER_THAN_CONTRACTED = 100.0
#: A likely intended area: at most this share of the region's arable land (a fibre crop
#: comes back on a field once in four years or less).
PLAUSIBLE_SHARE_OF_ARABLE = 0.25


@dataclass(frozen=True)
class Yardstick:
    """A known size of something: the figure, what it is, and its source."""

    value: float
    what: str


def cite(source: str) -> str:
    """The source id to name: the first that is not a nabb estimate (est_...), else the first."""
    ids = [s.strip() for s in source.split(",") if s.strip()]
    sourced = [s for s in ids if not s.startswith("est_")]
    return (sourced or ids or ["not given"])[0]


def times(ratio: float) -> str:
    """1917.3 -> '1,900×' (two significant digits: the size of a mistake, not a measurement)."""
    if ratio < 10:
        return f"{ratio:.1f}×"
    digits = int(math.floor(math.log10(ratio))) - 1
    return f"{round(ratio, -digits):,.0f}×"


def _t(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.3g}"


def _process_name(process: str) -> str:
    return process.replace("_", " ")


def plant_yardsticks(process: str, lists: ScenarioLists, others: Sequence[CapacitySheet]
                     ) -> list[Yardstick]:
    """The known plants of ``process``: the workbook's, then those of the other sheets."""
    known = [Yardstick(p.capacity, f"{p.name}, {_t(p.capacity)} t/yr, source {cite(p.source)}")
             for p in lists.plants if p.process == process]
    for sheet in others:
        known += [Yardstick(p.capacity, f"{p.name}, {_t(p.capacity)} t/yr, in {sheet.file}")
                  for p in sheet.plants if p.process == process and p.capacity > 0]
    return known


def _candidate(value: float, factors: Sequence[float], lo: float, hi: float) -> float | None:
    """The first ``value * factor`` that lands within [lo, hi]."""
    for f in factors:
        if lo <= value * f <= hi:
            return value * f
    return None


def check_plant(plant: Plant, file: str, lists: ScenarioLists,
                others: Sequence[CapacitySheet]) -> Issue | None:
    """A warning when a plant's capacity is far outside the known plants of its process."""
    v = plant.capacity
    if not v or v <= 0:
        return None
    name = _process_name(plant.process)
    known = plant_yardsticks(plant.process, lists, others)
    if known:
        small, large = min(known, key=lambda k: k.value), max(known, key=lambda k: k.value)
        lo, hi = small.value, large.value
        span = (f"the known {name} plants run from {_t(lo)} to {_t(hi)} t/yr (largest: "
                f"{large.what})" if len(known) > 1 else f"the one known {name} plant is {large.what}")
        too_small, too_large = v * SMALLER_THAN_KNOWN <= lo, v >= hi * LARGER_THAN_KNOWN
        ok_lo, ok_hi = lo / 10, hi * 10
        smaller, larger = (f"smaller than any known {name} plant",
                           f"the largest known {name} plant")
    else:
        if plant.process not in lists.max_investment:
            return None
        cap, source = lists.max_investment[plant.process]
        lo = hi = cap
        span = (f"{lists.source} knows no {name} plant; the largest investment it allows is "
                f"{_t(cap)} t/yr a year (processes sheet, source {cite(source)})")
        too_small = v * SMALLER_THAN_INVESTMENT <= cap
        too_large = v >= cap * LARGER_THAN_INVESTMENT
        ok_lo, ok_hi = cap / 100, cap * 10
        smaller, larger = (f"smaller than the largest {name} investment",
                           f"the largest {name} investment")
    if too_small:
        guess = _candidate(v, (1000.0,), ok_lo, ok_hi)
        found = (f"{_t(v)} t/yr, {times(lo / v)} {smaller}"
                 + (f"; did you mean {_t(guess)} t/yr ({_t(v)} kt/yr)?" if guess else ""))
    elif too_large:
        guess = _candidate(v, (1e-3, 1e-6), ok_lo, ok_hi)
        unit = "kg" if guess and guess == v * 1e-3 else "g"
        found = (f"{_t(v)} t/yr, {times(v / hi)} {larger}"
                 + (f"; did you mean {_t(guess)} t/yr ({_t(v)} {unit}/yr)?" if guess else ""))
    else:
        return None
    return Issue(file, plant.sheet, plant.capacity_cell, "capacity_t_per_yr",
                 f"a plausible capacity in t/yr: {span}", found, "warning")


def _area_guess(a: float, region: str, crop: str, lists: ScenarioLists) -> float | None:
    """The likely intended area: the extra zeros dropped (÷10 ... ÷10,000, m2 typed as ha),
    nearest to the area the workbook holds for the crop, else the largest that fits."""
    cands = [a / 10 ** k for k in range(1, 5)]
    known = lists.contracted.get((region, crop))
    if known:
        best = min(cands, key=lambda c: abs(math.log(c / known)))
        if abs(math.log(best / known)) <= math.log(3):
            return best
    land = lists.arable_land.get(region, (None, ""))[0]
    if land:
        fits = [c for c in cands if c <= PLAUSIBLE_SHARE_OF_ARABLE * land]
        return fits[0] if fits else None
    return None


def _region_name(region: str, lists: ScenarioLists) -> str:
    name = lists.regions.get(region) or ""
    return f"{name} ({region})" if name else region


def check_areas(sheet: CapacitySheet, lists: ScenarioLists) -> list[Issue]:
    """Warnings for contracted areas beyond the region's arable land or far beyond the
    workbook's area of that crop in the region."""
    region = sheet.region
    out: list[Issue] = []
    land, source = lists.arable_land.get(region, (None, ""))
    where = _region_name(region, lists)
    flagged: set[int] = set()
    for row in sheet.areas:
        a = row.area_ha
        if not a or a <= 0:
            continue
        guess = _area_guess(a, region, row.crop, lists)
        mean = f"; did you mean {_t(guess)} ha?" if guess else ""
        if land and a > land:
            out.append(Issue(sheet.file, AREA.name, row.area_cell, "area_ha",
                             f"at most the arable land of {where}: {_t(land)} ha (regions sheet "
                             f"of {lists.source}, source {cite(source)})",
                             f"{_t(a)} ha of {row.crop}, {times(a / land)} that arable land{mean}",
                             "warning"))
            flagged.add(row.year)
            continue
        known = lists.contracted.get((region, row.crop))
        if known and a >= known * LARGER_THAN_CONTRACTED:
            out.append(Issue(sheet.file, AREA.name, row.area_cell, "area_ha",
                             f"an area of the size {lists.source} holds for {row.crop} in {where}"
                             f" (at most {_t(known)} ha in its contracted_area sheet)",
                             f"{_t(a)} ha, {times(a / known)} that area{mean}", "warning"))
    if land:
        per_year: dict[int, float] = {}
        first_cell: dict[int, str] = {}
        for row in sheet.areas:
            per_year[row.year] = per_year.get(row.year, 0.0) + (row.area_ha or 0.0)
            first_cell.setdefault(row.year, row.area_cell)
        for year, total in sorted(per_year.items()):
            if total > land and year not in flagged:
                out.append(Issue(sheet.file, AREA.name, first_cell[year], "area_ha",
                                 f"all crops of {year} together at most the arable land of "
                                 f"{where}: {_t(land)} ha (source {cite(source)})",
                                 f"{_t(total)} ha in {year}, {times(total / land)} that land",
                                 "warning"))
    return out


def plausibility(sheet: CapacitySheet, lists: ScenarioLists,
                 others: Sequence[CapacitySheet] = ()) -> list[Issue]:
    """Every plausibility warning of one sheet (``others``: the sheets checked with it)."""
    out = [i for p in sheet.plants if (i := check_plant(p, sheet.file, lists, others))]
    if sheet.region:
        out += check_areas(sheet, lists)
    return out
