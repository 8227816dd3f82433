"""The plan of a sweep: compile once, then find how every lever changes the LP.

How the in-place update is found, for any lever (not only the carbon price):

1. Compile the model at the first point p0 and at the value of each lever farthest from
   it.  The two compiles must have the same structure (same columns, rows and non-zero
   pattern), otherwise the lever changes the model's shape.
2. The LP data X = (c, offset, A values, row and column bounds) is then modelled as
   X(p) = X(p0) + sum_i (p_i - p0_i) * dX_i, and this is checked against a third compile
   (and against the corner of a 2-D grid).  The carbon price passes exactly:
   ``c = c0 + price * e``.
3. A lever that fails (a discount or interest rate enters the costs non-linearly; a
   threshold changes which recipes count as biobased) falls back to *rebuild mode*: the
   Pyomo model is rebuilt per point, but the new data is still pushed into the same HiGHS
   object (hot start) as long as the structure is unchanged; a point whose structure
   differs is solved cold.  The plan's ``note`` says which mode ran and why.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from nabb.errors import InputError, Issue, names
from nabb.inputs import Inputs
from nabb.sweep.kpis import KpiMap, kpi_map
from nabb.sweep.levers import Lever, set_levers
from nabb.sweep.update import (AFFINE_RTOL, Affine, Arrays, LPData, arrays_of, mismatch,
                               slope_of, structure_key)

@dataclass
class Plan:
    mode: str                      # "affine" or "rebuild"
    note: str
    levers: list[Lever]
    year: int
    inputs: Inputs                 # base inputs (scenario applied)
    structure: str
    arrays: Arrays | None          # LP at p0 (affine mode)
    affine: Affine | None
    kpis: KpiMap | None
    setup_s: float
    compiles: int
    compiled: Any = None           # the master's live Compiled at p0 (not shipped)
    #: the note as a catalogue key and its values (nabb.reports.sweep_text writes it in Dutch)
    why: tuple[str, dict[str, Any]] = ("", {})

    def for_workers(self) -> "Plan":
        return Plan(self.mode, self.note, self.levers, self.year, self.inputs, self.structure,
                    self.arrays, self.affine, self.kpis, self.setup_s, self.compiles, None,
                    self.why)


def _compile(inputs: Inputs, levers: Sequence[Lever], values: Sequence[float]):
    from nabb.model import build
    from nabb.solve import compile_model
    return compile_model(build(set_levers(inputs, levers, values)))


def kpi_year(inputs: Inputs, year: int | None) -> int:
    years = inputs.years
    if year is None:
        return 2030 if 2030 in years else years[-1]
    if year not in years:
        raise InputError([Issue(inputs.source, "policy", "", "year",
                                f"one of the horizon's years {names(years)}", repr(year))])
    return int(year)


def make_plan(inputs: Inputs, levers: Sequence[Lever], points: Sequence[Sequence[float]],
              year: int | None = None, force_rebuild: bool = False) -> Plan:
    """Compile at the first point and probe the levers (see the module docstring)."""
    from nabb.guard import check_size
    from nabb.io.reader import validate
    check_size(inputs)
    t0 = time.perf_counter()
    year = kpi_year(inputs, year)
    p0 = tuple(float(v) for v in points[0])
    cp0 = _compile(inputs, levers, p0)
    key0 = structure_key(cp0)
    base = LPData.of(cp0)
    km = kpi_map(cp0, year)
    compiles = 1
    n = len(levers)
    axis_values = [sorted({float(p[i]) for p in points}) for i in range(n)]
    for i, lv in enumerate(levers):
        for v in (axis_values[i][0], axis_values[i][-1]):   # validate like the base data
            issues = [x for x in validate(set_levers(inputs, [lv], [v])) if x.severity == "error"]
            if issues:
                raise InputError(issues)

    def rebuild(reason: str, key: str = "", **values: Any) -> Plan:
        return Plan("rebuild", f"rebuild mode: {reason}; the model is rebuilt per point, HiGHS "
                    "is hot-started while the structure is unchanged", list(levers), year, inputs,
                    key0, None, None, None, time.perf_counter() - t0, compiles, cp0,
                    (f"sweep.rebuild.{key}", values))

    if force_rebuild:
        return rebuild("requested", "requested")
    slopes, offs, probes = [], [], []
    for i, lv in enumerate(levers):
        far = max(axis_values[i], key=lambda v: abs(v - p0[i]))
        if far == p0[i]:
            slopes.append({f: (np.zeros(0, dtype=np.int64), np.zeros(0)) for f in LPData.FIELDS})
            offs.append(0.0)
            probes.append(None)
            continue
        p = list(p0)
        p[i] = far
        cp = _compile(inputs, levers, p)
        compiles += 1
        if structure_key(cp) != key0:
            return rebuild(f"{lv.name} changes the structure of the LP (between {p0[i]:g} and {far:g})",
                           "structure", lever=lv.name, lo=p0[i], hi=far)
        s = slope_of(base, LPData.of(cp), far - p0[i])
        if s is None:
            return rebuild(f"{lv.name} turns a bound (in)finite", "bound", lever=lv.name)
        slopes.append(s[0])
        offs.append(s[1])
        probes.append(far)
    aff = Affine(p0, base, slopes, offs)
    checks: list[tuple[float, ...]] = []
    for i in range(n):
        others = [v for v in axis_values[i] if v not in (p0[i], probes[i])]
        if others:
            mid = min(others, key=lambda v: abs(v - (p0[i] + probes[i]) / 2))
            p = list(p0)
            p[i] = mid
            checks.append(tuple(p))
    if n > 1 and all(pr is not None for pr in probes):
        checks.append(tuple(float(pr) for pr in probes))
    for q in checks:
        cp = _compile(inputs, levers, q)
        compiles += 1
        if structure_key(cp) != key0:
            return rebuild(f"the structure of the LP changes at {_fmt_point(levers, q)}",
                           "structure_at", point=_fmt_point(levers, q))
        err = mismatch(aff.at(q), LPData.of(cp))
        if err > AFFINE_RTOL:
            return rebuild(f"the LP data is not affine in {', '.join(lv.name for lv in levers)} "
                           f"(mismatch {err:.1e} at {_fmt_point(levers, q)})", "not_affine",
                           mismatch=f"{err:.1e}", point=_fmt_point(levers, q))
    nz = sum(idx.size for s in slopes for idx, _ in s.values())
    note = (f"affine mode: {', '.join(lv.name for lv in levers)} changes {nz:,} LP entries in place "
            f"({compiles} compiles to find and check them)")
    return Plan("affine", note, list(levers), year, inputs, key0, arrays_of(cp0), aff, km,
                time.perf_counter() - t0, compiles, cp0,
                ("sweep.note.affine", {"entries": nz, "compiles": compiles}))


def _fmt_point(levers: Sequence[Lever], p: Sequence[float]) -> str:
    return ", ".join(f"{lv.name}={v:g}" for lv, v in zip(levers, p))
