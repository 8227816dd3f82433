"""Where a sweep stands still: the ranges of a lever over which nothing physical changes.

Two neighbouring points (along the first lever, at the same value of the second) are *steady*
when every physical KPI of the KPI year agrees: hectares, capacities, processing, homes,
shares, imports, CO2 (the columns without money in them; :func:`physical_columns`).  A run
of such points is a :class:`SteadyRange`.  Researchers look for exactly these: between its ends
the lever moves money (credits, costs, prices, incomes) but not the chain.

Stricter, per point: ``decisions_changed`` compares the whole primal solution with the
previous point's (every area, capacity, flow, import and investment of every year;
:func:`nabb.sweep.local.same_decisions`).  When a range has the same solution throughout and
every lever only changes objective coefficients (the carbon price), the plan is optimal for
the whole interval, not only at the points solved: the feasible set is fixed and the
objective is affine in the lever, so a plan optimal at both ends is optimal at every value in
between (for any other plan y, c(p)·x <= c(p)·y holds at both ends and both sides are affine
in p).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from nabb.sweep.levers import Lever
from nabb.sweep.local import X_KEY, same_decisions
from nabb.sweep.plan import Plan

#: Columns of the sweep frame that are not KPIs (never listed as "what still moves").
NOT_KPIS = frozenset({"point", "status", "iterations", "hot_start", "solve_s", "worker", "note",
                      "decisions_changed"})


@dataclass(frozen=True)
class SteadyRange:
    """Neighbouring points from ``lo`` to ``hi`` of ``lever`` with the same physical KPIs."""
    lever: str                       # the lever that moves along the range (the first)
    lo: float
    hi: float
    points: int
    fixed: tuple[tuple[str, float], ...]   # the other lever's value in a 2-D grid
    moving: tuple[str, ...]          # KPI columns that still change over the range (money)
    same_solution: bool              # not a single decision of any year changes either
    whole_interval: bool             # same solution, lever only in costs: every value between


def link_chunks(rows: list[dict], levers: Sequence[Lever]) -> None:
    """Complete ``decisions_changed`` across chunk borders and drop the primal vectors.

    A point is compared with the point before it on the same line of the grid (same value of
    the second lever); the first point of a line, and a point next to one without a solution,
    get None (nothing to compare with)."""
    for i, row in enumerate(rows):
        if row.get("status") != "optimal":
            row["decisions_changed"] = None
            continue
        prev = rows[i - 1] if i else None
        if prev is None or prev.get("status") != "optimal" or not _same_line(prev, row, levers):
            row["decisions_changed"] = None
        elif row.get("decisions_changed") is None and X_KEY in prev and X_KEY in row:
            row["decisions_changed"] = not same_decisions(prev[X_KEY], row[X_KEY])
    for row in rows:
        row.pop(X_KEY, None)


def _same_line(a: dict, b: dict, levers: Sequence[Lever]) -> bool:
    return all(a.get(lv.name) == b.get(lv.name) for lv in levers[1:])


def moves_only_costs(plan: Plan) -> bool:
    """True when every lever changes only objective coefficients (affine mode, no bound, row
    or matrix entry moves): then steady ranges hold between the points too."""
    if plan.mode != "affine" or plan.affine is None:
        return False
    return all(idx.size == 0 for slope in plan.affine.slopes
               for field, (idx, _) in slope.items() if field != "c")


def physical_columns(frame: pd.DataFrame, levers: Sequence[Lever]) -> list[str]:
    """The KPI columns that measure the chain itself, not money: no 'eur' in the name."""
    skip = NOT_KPIS | {lv.name for lv in levers}
    return [c for c in frame.columns if c not in skip and "eur" not in c
            and pd.api.types.is_numeric_dtype(frame[c])]


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= STEADY_RTOL * max(1.0, abs(a), abs(b))


#: Two values of a physical KPI are the same within this relative tolerance (1e-6 of 135,000 t
#: is 0.14 t; solver noise is far below, a real change far above).
STEADY_RTOL = 1e-6


def steady_ranges(frame: pd.DataFrame, levers: Sequence[Lever],
                  objective_only: bool = False) -> list[SteadyRange]:
    """The maximal runs of two or more neighbouring optimal points with the same physical KPIs
    (along the first lever, per value of the second); runs whose lever values neither ascend
    nor descend are skipped (a list a,b,c in no order has no ranges)."""
    if frame.empty or "status" not in frame:
        return []
    lever = levers[0].name
    phys = physical_columns(frame, levers)
    out: list[SteadyRange] = []
    run: list[int] = []

    def steady(i: int) -> bool:
        a, b = frame.iloc[i - 1], frame.iloc[i]
        return (a["status"] == "optimal" and b["status"] == "optimal"
                and all(a.get(lv.name) == b.get(lv.name) for lv in levers[1:])
                and all(_close(float(a[c]), float(b[c])) for c in phys))

    def close() -> None:
        if len(run) >= 2:
            sub = frame.iloc[run]
            xs = sub[lever].tolist()
            if xs == sorted(xs) or xs == sorted(xs, reverse=True):
                fixed = tuple((lv.name, float(sub[lv.name].iloc[0])) for lv in levers[1:])
                same = ("decisions_changed" in sub
                        and all(_unchanged(v) for v in sub["decisions_changed"].iloc[1:]))
                out.append(SteadyRange(lever, float(min(xs)), float(max(xs)), len(run), fixed,
                                       _moving(sub, levers), same, same and objective_only))
        run.clear()

    for i in range(len(frame)):
        if run and steady(i):
            run.append(i)
            continue
        close()
        if frame["status"].iloc[i] == "optimal":
            run.append(i)
    close()
    return out


def _unchanged(value: object) -> bool:
    """decisions_changed is False (not None, not NaN: those mean 'not compared')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not bool(value)


def _moving(sub: pd.DataFrame, levers: Sequence[Lever]) -> tuple[str, ...]:
    """KPI columns whose values differ within the range (relative 1e-9): the money that moves."""
    moving = []
    skip = NOT_KPIS | {lv.name for lv in levers}
    for col in sub.columns:
        if col in skip or not pd.api.types.is_numeric_dtype(sub[col]):
            continue
        vals = [float(v) for v in sub[col] if not math.isnan(float(v))]
        if len(vals) < 2:
            continue
        scale = max(1.0, max(abs(v) for v in vals))
        if max(vals) - min(vals) > 1e-9 * scale:
            moving.append(col)
    return tuple(moving)
