"""Fast sweeps over numeric levers of the policy or settings sheet (carbon price, rates...).

The model is built and handed to HiGHS once; every point of the sweep then changes the
LP *in place* on the live ``highspy.Highs`` object and re-solves with a hot start
(IPM + crossover for the first point, then dual simplex from the previous basis).  See
docs/performance.md and docs/sweeps.md for the measurements behind this design.

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

The KPIs of each point are read from the solution through a linear map built once
(``KpiMap``), checked in the tests against :func:`nabb.results.extract`.

Parallel: points are split into chunks of consecutive points; each task builds the HiGHS
model once (from the arrays, no Pyomo needed in affine mode) and solves its chunk with
hot starts.  Local processes (``workers``) and an existing cluster (``scheduler``) both go
through ``dask.distributed``; a task lost with its worker is retried, and points that
still fail are reported as failed, never dropped.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nabb.errors import (EXIT_SOLVER_FAILURE, InputError, Issue, NabbError, SolverError,
                         did_you_mean, names)
from nabb.inputs import Inputs
from nabb.schema import SETTING_BY_KEY, SETTINGS, SHEET_BY_NAME

K = 1000.0

#: Short names for the policy levers.
ALIASES = {
    "carbon_price": ("policy", "carbon_price_eur_per_t"),
    "min_domestic_share": ("policy", "min_domestic_share"),
}

#: Relative tolerance when checking that a lever is affine in the LP data.
AFFINE_RTOL = 1e-9


class NoWorkersError(NabbError):
    """A --scheduler that no worker joined within the wait; nothing was solved (exit 3)."""

    exit_code = EXIT_SOLVER_FAILURE


# --------------------------------------------------------------------------- levers

@dataclass(frozen=True)
class Lever:
    name: str           # column name in the outputs (policy column or settings key)
    sheet: str          # "policy" or "settings"
    column: str         # policy column or settings key
    unit: str
    min: float | None
    max: float | None
    integer: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} [{self.unit}]" if self.unit and self.unit != "-" else self.name


def levers_available() -> list[str]:
    pol = [c.name for c in SHEET_BY_NAME["policy"].columns if c.type == "float"]
    return sorted(set(ALIASES) | set(pol) | {s.key for s in SETTINGS if s.type in ("float", "int", "year")})


def resolve_lever(name: str) -> Lever:
    """'carbon_price', 'carbon_price_eur_per_t', 'policy.min_domestic_share', 'discount_rate'..."""
    raw = name.strip()
    sheet, _, col = raw.partition(".") if "." in raw else ("", "", raw)
    if not sheet and col in ALIASES:
        sheet, col = ALIASES[col]
    pol = SHEET_BY_NAME["policy"]
    if sheet in ("", "policy") and col in pol.column_names and pol.column(col).type == "float":
        c = pol.column(col)
        return Lever(col, "policy", col, c.unit, c.min, c.max)
    if sheet in ("", "settings") and col in SETTING_BY_KEY:
        s = SETTING_BY_KEY[col]
        if s.type in ("float", "int", "year"):
            return Lever(col, "settings", col, s.unit, s.min, s.max, s.type != "float")
    raise InputError([Issue("", "", "", "--param", f"a numeric lever of the policy or settings sheet: "
                            f"{', '.join(levers_available())}",
                            repr(name) + did_you_mean(name, levers_available()))])


def _number(text: str) -> float:
    """float(text), with a message a user can act on (not Python's 'could not convert')."""
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None


def parse_values(text: str) -> list[float]:
    """'0:200:10' (start:stop:step, stop included) or '0,50,100'."""
    text = text.strip()
    try:
        if ":" in text:
            parts = [_number(p) for p in text.split(":")]
            if len(parts) != 3:
                raise ValueError("start:stop:step")
            start, stop, step = parts
            if step <= 0 or stop < start:
                raise ValueError("step > 0 and stop >= start")
            n = int(math.floor((stop - start) / step + 1e-9)) + 1
            if n > 100000:
                raise ValueError("at most 100,000 values")
            return [round(start + i * step, 12) for i in range(n)]
        values = [_number(p) for p in text.split(",") if p.strip()]
        if not values:
            raise ValueError("no values")
        return values
    except ValueError as err:
        raise InputError([Issue("", "", "", "--values", f"start:stop:step or a list a,b,c ({err})",
                                repr(text))]) from None


def check_values(lever: Lever, values: Sequence[float]) -> None:
    bad = [v for v in values if (lever.min is not None and v < lever.min)
           or (lever.max is not None and v > lever.max) or not math.isfinite(v)
           or (lever.integer and float(v) != int(v))]
    if bad:
        rng = f"[{lever.min}, {lever.max}]" + (" and whole numbers" if lever.integer else "")
        raise InputError([Issue("", lever.sheet, "", lever.column, f"values in {rng}",
                                ", ".join(f"{v:g}" for v in bad[:5]))])


def set_levers(inputs: Inputs, levers: Sequence[Lever], values: Sequence[float]) -> Inputs:
    """A copy of inputs with each lever set to its value (policy levers: in every year)."""
    out = inputs.copy()
    for lv, v in zip(levers, values):
        if lv.sheet == "policy":
            out.tables["policy"][lv.column] = float(v)
        else:
            out.settings[lv.column] = int(v) if lv.integer else float(v)
        out.changes = out.changes + [{"scenario": "sweep", "sheet": lv.sheet, "column": lv.column,
                                      "filter": "*" if lv.sheet == "policy" else f"key={lv.column}",
                                      "rows": len(out.tables["policy"]) if lv.sheet == "policy" else 1,
                                      "old": "", "new": f"{v:g}"}]
    return out


# --------------------------------------------------------------------------- LP data

@dataclass
class LPData:
    c: np.ndarray
    offset: float
    A_data: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray

    FIELDS = ("c", "A_data", "row_lower", "row_upper", "col_lower", "col_upper")

    @classmethod
    def of(cls, cp) -> "LPData":
        return cls(cp.c.copy(), float(cp.c_offset), cp.A.data.astype(float).copy(),
                   cp.row_lower.copy(), cp.row_upper.copy(), cp.col_lower.copy(), cp.col_upper.copy())


def structure_key(cp) -> str:
    """Hash of the LP's shape: column and row identities and the non-zero pattern."""
    h = hashlib.sha1()
    for v in cp.columns:
        h.update(v.name.encode())
        h.update(b"\0")
    h.update(b"|rows|")
    for con, sign in cp.rows:
        h.update(f"{con.name}:{sign}".encode())
        h.update(b"\0")
    h.update(np.asarray(cp.A.indptr, dtype=np.int64).tobytes())
    h.update(np.asarray(cp.A.indices, dtype=np.int64).tobytes())
    return h.hexdigest()


@dataclass
class Arrays:
    """Everything needed to rebuild the HiGHS model without Pyomo (shipped to workers)."""
    indptr: np.ndarray
    indices: np.ndarray
    data: LPData


def arrays_of(cp) -> Arrays:
    return Arrays(np.asarray(cp.A.indptr).copy(), np.asarray(cp.A.indices).copy(), LPData.of(cp))


def compiled_from_arrays(arr: Arrays):
    """A Compiled (as in nabb.solve) backed by a fresh HiGHS object, from plain arrays."""
    import highspy
    from nabb.solve import Compiled, new_highs
    d = arr.data
    n = len(arr.indptr) - 1
    m = len(d.row_lower)
    A = sp.csc_matrix((d.A_data.copy(), arr.indices, arr.indptr), shape=(m, n))
    h = new_highs()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = d.c.copy(), d.col_lower.copy(), d.col_upper.copy()
    lp.row_lower_, lp.row_upper_ = d.row_lower.copy(), d.row_upper.copy()
    lp.offset_ = d.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    if h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS rejected the model (passModel returned an error)")
    return Compiled(model=None, highs=h, A=A, c=d.c.copy(), c_offset=d.offset,  # type: ignore[arg-type]
                    row_lower=d.row_lower.copy(), row_upper=d.row_upper.copy(),
                    col_lower=d.col_lower.copy(), col_upper=d.col_upper.copy(),
                    columns=[None] * n, rows=[None] * m, col_of={}, row_of={})


def push(cp, new: LPData) -> int:
    """Change the live HiGHS model (and cp's arrays) to ``new``; returns entries changed."""
    h = cp.highs
    changed = 0
    idx = np.flatnonzero(cp.c != new.c)
    if idx.size:
        h.changeColsCost(idx.size, idx.astype(np.int32), new.c[idx])
        cp.c[idx] = new.c[idx]
        changed += idx.size
    if new.offset != cp.c_offset:
        h.changeObjectiveOffset(new.offset)
        cp.c_offset = new.offset
        changed += 1
    idx = np.flatnonzero((cp.col_lower != new.col_lower) | (cp.col_upper != new.col_upper))
    if idx.size:
        h.changeColsBounds(idx.size, idx.astype(np.int32), new.col_lower[idx], new.col_upper[idx])
        cp.col_lower[idx], cp.col_upper[idx] = new.col_lower[idx], new.col_upper[idx]
        changed += idx.size
    idx = np.flatnonzero((cp.row_lower != new.row_lower) | (cp.row_upper != new.row_upper))
    if idx.size:
        h.changeRowsBounds(idx.size, idx.astype(np.int32), new.row_lower[idx], new.row_upper[idx])
        cp.row_lower[idx], cp.row_upper[idx] = new.row_lower[idx], new.row_upper[idx]
        changed += idx.size
    idx = np.flatnonzero(cp.A.data != new.A_data)
    if idx.size:
        cols = np.searchsorted(cp.A.indptr, idx, side="right") - 1
        for k, j in zip(idx.tolist(), cols.tolist()):
            h.changeCoeff(int(cp.A.indices[k]), int(j), float(new.A_data[k]))
        cp.A.data[idx] = new.A_data[idx]
        changed += idx.size
    return changed


@dataclass
class Affine:
    """X(p) = base + sum_i (p_i - p0_i) * slope_i, each slope sparse per field."""
    p0: tuple[float, ...]
    base: LPData
    slopes: list[dict[str, tuple[np.ndarray, np.ndarray]]]   # field -> (indices, values)
    offset_slopes: list[float]

    def at(self, p: Sequence[float]) -> LPData:
        out = LPData(**{f: getattr(self.base, f).copy() for f in LPData.FIELDS},
                     offset=self.base.offset)
        for i, (s, so) in enumerate(zip(self.slopes, self.offset_slopes)):
            dp = float(p[i]) - self.p0[i]
            if dp == 0.0:
                continue
            for f, (idx, val) in s.items():
                getattr(out, f)[idx] += val * dp
            out.offset += so * dp
        return out


def _slope(a: LPData, b: LPData, dp: float) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], float] | None:
    out = {}
    for f in LPData.FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        fin_x, fin_y = np.isfinite(x) & (np.abs(x) < 1e20), np.isfinite(y) & (np.abs(y) < 1e20)
        if not np.array_equal(fin_x, fin_y) or not np.array_equal(x[~fin_x], y[~fin_y]):
            return None  # a bound turns (in)finite: not affine
        idx = np.flatnonzero(fin_x & (x != y))
        out[f] = (idx, (y[idx] - x[idx]) / dp)
    return out, (b.offset - a.offset) / dp


def _close(pred: LPData, actual: LPData) -> float:
    """Largest relative mismatch between two LPData (0 = identical)."""
    worst = abs(pred.offset - actual.offset) / (1 + abs(actual.offset))
    for f in LPData.FIELDS:
        x, y = getattr(pred, f), getattr(actual, f)
        fin = np.isfinite(y) & (np.abs(y) < 1e20)
        if not np.array_equal(x[~fin], y[~fin]):
            return math.inf
        if fin.any():
            worst = max(worst, float(np.max(np.abs(x[fin] - y[fin]) / (1 + np.abs(y[fin])))))
    return worst


# --------------------------------------------------------------------------- KPIs

@dataclass
class KpiMap:
    """Linear map from the solution vector to the sweep's KPIs for one year."""
    year: int
    names: list[str]
    W: Any                         # csr, len(names) x ncols, output units (ha, t, homes)
    const: np.ndarray
    target_row: int                # row of biobased_target[new_build, year], -1 if none
    farm_W: Any                    # csr, pairs x ncols: production of arable crops (t)
    farm_rows: np.ndarray          # balance row per pair (for the farm-gate price)
    crops: list[str]
    processes: list[str]


def _linear(cp, expr) -> tuple[dict[int, float], float]:
    from pyomo.repn import generate_standard_repn
    if isinstance(expr, (int, float)):
        return {}, float(expr)
    repn = generate_standard_repn(expr, compute_values=True)
    out: dict[int, float] = {}
    for coef, v in zip(repn.linear_coefs, repn.linear_vars):
        j = cp.col_of.get(id(v))
        if j is not None:
            out[j] = out.get(j, 0.0) + float(coef)
    return out, float(repn.constant or 0.0)


def kpi_map(cp, year: int) -> KpiMap:
    from nabb.model.land import harvested_area
    from nabb.model.processing import new_capacity
    m = cp.model
    d = m.data
    rows: dict[str, dict[int, float]] = {}
    const: dict[str, float] = {}

    def add_var(name: str, var, coef: float = 1.0) -> None:
        j = cp.col_of.get(id(var))
        rows.setdefault(name, {})
        const.setdefault(name, 0.0)
        if j is not None:
            rows[name][j] = rows[name].get(j, 0.0) + coef

    def add_expr(name: str, expr, coef: float = 1.0) -> None:
        lin, c0 = _linear(cp, expr)
        r = rows.setdefault(name, {})
        for j, a in lin.items():
            r[j] = r.get(j, 0.0) + coef * a
        const[name] = const.get(name, 0.0) + coef * c0

    for name in ("new_build_homes", "biobased_homes", "shortfall_homes"):
        rows[name], const[name] = {}, 0.0
    for k in m.built:
        r, t, s, b, q = k
        if t != year or s != "new_build":
            continue
        add_var("new_build_homes", m.built[k], K)
        if d.recipe_is_bio[q]:
            add_var("biobased_homes", m.built[k], K)
    if ("new_build", year) in m.shortfall:
        add_var("shortfall_homes", m.shortfall["new_build", year], K)
    for c in d.crops:
        rows[f"area_ha.{c}"], const[f"area_ha.{c}"] = {}, 0.0
    rows["fibre_crop_area_ha"], const["fibre_crop_area_ha"] = {}, 0.0
    for (r, c, t) in m.area:
        if t == year:
            add_var(f"area_ha.{c}", m.area[r, c, t], K)
            if d.land_use[c] == "arable":
                add_var("fibre_crop_area_ha", m.area[r, c, t], K)
    for p in d.processes:
        rows[f"processing_capacity_t.{p}"], const[f"processing_capacity_t.{p}"] = {}, 0.0
    for (r, p) in d.proc_pairs:
        name = f"processing_capacity_t.{p}"
        const[name] += d.existing_cap_kt.get((r, p, year), 0.0) * K
        add_expr(name, new_capacity(m, d, r, p, year), K)
    # primary processing in t input/yr and product lines in t output/yr (never summed)
    from nabb.results import process_lines, product_output
    lines = process_lines(d)
    for name, line, per_act in (("primary_capacity_t_input_per_yr", "primary", lambda p: sum(d.proc_in[p].values())),
                                ("product_line_capacity_t_output_per_yr", "product_line", lambda p: product_output(d, p))):
        rows[name], const[name] = {}, 0.0
        for p in d.processes:
            if lines[p] != line:
                continue
            f_ = per_act(p)
            for j, a in rows[f"processing_capacity_t.{p}"].items():
                rows[name][j] = rows[name].get(j, 0.0) + f_ * a
            const[name] += f_ * const[f"processing_capacity_t.{p}"]
    rows["processing_activity_t"], const["processing_activity_t"] = {}, 0.0
    for (r, p, t) in m.activity:
        if t == year:
            add_var("processing_activity_t", m.activity[r, p, t], K)
    for name in ("co2_stored_t", "biobased_delivered_t", "biobased_imported_t"):
        rows[name], const[name] = {}, 0.0
    for k in m.built:
        if k[1] != year:
            continue
        for com, a in d.recipe_materials[k[4]].items():
            if d.co2[com]:
                add_var("co2_stored_t", m.built[k], K * a * d.co2[com])
            if d.biobased_share[com]:
                add_var("biobased_delivered_t", m.built[k], K * a * d.biobased_share[com])
    for (com, r, t) in m.imports:
        if t == year and d.commodity_kind[com] == "product" and d.biobased_share[com]:
            add_var("biobased_imported_t", m.imports[com, r, t], K * d.biobased_share[com])
    add_expr("co2_credited_t", m.credited_co2_expr[year].expr, K)
    # credited CO2 traced back to each Dutch crop commodity, and each crop's harvest
    from nabb.model.policy import credit_factor, is_imported
    crop_coms = sorted({c2 for k in d.commodities for c2 in d.crop_origin.get(k, {})})
    for c2 in crop_coms:
        rows[f"credited_from.{c2}"], const[f"credited_from.{c2}"] = {}, 0.0
    per_t = {k: {c2: d.co2[k] * v for c2, v in d.crop_origin.get(k, {}).items()}
             for k in d.commodities if credit_factor(d, k) and d.dutch_crop_share.get(k, 0.0) > 0}
    for k in m.built:
        if k[1] != year:
            continue
        for com, a in d.recipe_materials[k[4]].items():
            for c2, v in per_t.get(com, {}).items():
                add_var(f"credited_from.{c2}", m.built[k], K * a * v)
    for (com, r, t) in m.imports:
        if t == year and com in per_t and is_imported(d, com, r):
            for c2, v in per_t[com].items():
                add_var(f"credited_from.{c2}", m.imports[com, r, t], -K * v)
    for c in d.crops:
        rows[f"harvest_t.{c}"], const[f"harvest_t.{c}"] = {}, 0.0
    for (r, c) in d.cult_pairs:
        add_expr(f"harvest_t.{c}", d.yield_kt_per_kha[(r, c)] * harvested_area(m, d, r, c, year), K)

    names = list(rows)
    ncols = cp.num_cols
    W = _csr([rows[n] for n in names], ncols)

    # farm-gate value: production of arable crops (t) x implied price of the crop (EUR/t)
    pairs, farm_rows = [], []
    for (r, c) in d.cult_pairs:
        if d.land_use[c] != "arable":
            continue
        lin, c0 = _linear(cp, d.yield_kt_per_kha[(r, c)] * harvested_area(m, d, r, c, year))
        lin = {j: a * K for j, a in lin.items()}
        key = (r, d.crop_commodity[c], year)
        row = cp.row_of.get(id(m.commodity_balance[key])) if key in m.commodity_balance else None
        pairs.append((lin, c0 * K))
        farm_rows.append(-1 if row is None else row)
    farm_W = _csr([p[0] for p in pairs], ncols)
    # constant production (existing perennials) is added through an extra "column" of ones
    farm_const = np.array([p[1] for p in pairs])
    target_row = -1
    if ("new_build", year) in m.biobased_target:
        target_row = cp.row_of.get(id(m.biobased_target["new_build", year]), -1)
    km = KpiMap(year=year, names=names, W=W, const=np.array([const[n] for n in names]),
                target_row=target_row, farm_W=farm_W, farm_rows=np.array(farm_rows, dtype=np.int64),
                crops=list(d.crops), processes=list(d.processes))
    km.farm_const = farm_const  # type: ignore[attr-defined]
    km.crop_commodity = dict(d.crop_commodity)  # type: ignore[attr-defined]
    km.crop_coms = crop_coms  # type: ignore[attr-defined]
    return km


def _csr(rows: list[dict[int, float]], ncols: int):
    indptr, indices, data = [0], [], []
    for r in rows:
        for j, a in sorted(r.items()):
            indices.append(j)
            data.append(a)
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(data, dtype=float), np.array(indices, dtype=np.int64),
                          np.array(indptr, dtype=np.int64)), shape=(len(rows), ncols))


@dataclass
class PointScalars:
    """What the KPIs need from the point's inputs besides the solution."""
    discount: float            # discount factor of the KPI year
    carbon_price: float        # EUR/t in the KPI year


def point_scalars(inputs: Inputs, levers: Sequence[Lever], values: Sequence[float], year: int) -> PointScalars:
    settings = dict(inputs.settings)
    pol = inputs.tables["policy"]
    row = pol[pol["year"].astype(int) == int(year)]
    price = float(row["carbon_price_eur_per_t"].iloc[0]) if len(row) else 0.0
    if math.isnan(price):
        price = 0.0
    for lv, v in zip(levers, values):
        if lv.sheet == "settings":
            settings[lv.column] = v
        elif lv.column == "carbon_price_eur_per_t":
            price = float(v)
    disc = 1.0 / (1.0 + float(settings["discount_rate"])) ** (int(year) - int(settings["base_year"]))
    return PointScalars(discount=disc, carbon_price=price)


def evaluate_kpis(km: KpiMap, sol, sc: PointScalars) -> dict[str, float]:
    x = sol.x
    vals = km.W @ x + km.const
    r = dict(zip(km.names, (float(v) for v in vals)))
    out: dict[str, float] = {}
    total = r["new_build_homes"]
    out["biobased_share"] = r["biobased_homes"] / total if total > 0 else math.nan
    out["shortfall_homes"] = r["shortfall_homes"]
    out["new_build_homes"] = total
    out["biobased_homes"] = r["biobased_homes"]
    for c in km.crops:
        out[f"area_ha.{c}"] = r[f"area_ha.{c}"]
    fibre = r["fibre_crop_area_ha"]
    out["fibre_crop_area_ha"] = fibre
    for p in km.processes:
        out[f"processing_capacity_t.{p}"] = r[f"processing_capacity_t.{p}"]
    out["primary_capacity_t_input_per_yr"] = r["primary_capacity_t_input_per_yr"]
    out["product_line_capacity_t_output_per_yr"] = r["product_line_capacity_t_output_per_yr"]
    out["processing_activity_t"] = r["processing_activity_t"]
    out["co2_stored_t"] = r["co2_stored_t"]
    out["co2_credited_t"] = r["co2_credited_t"]
    out["carbon_price_eur_per_t"] = sc.carbon_price
    out["carbon_credits_eur"] = r["co2_credited_t"] * sc.carbon_price
    # carbon income per hectare of the crops whose mass earned the credits (as in results)
    by_crop: dict[str, float] = {}
    for c2 in getattr(km, "crop_coms", []):
        growers = [c for c in km.crops if km.crop_commodity[c] == c2]  # type: ignore[attr-defined]
        total = sum(r[f"harvest_t.{c}"] for c in growers)
        for c in growers:
            w = r[f"harvest_t.{c}"] / total if total > 1e-9 else 1.0 / len(growers)
            by_crop[c] = by_crop.get(c, 0.0) + r[f"credited_from.{c2}"] * w
    earning = 0.0
    for c in km.crops:
        ha = r[f"area_ha.{c}"]
        co2_c = by_crop.get(c, 0.0)
        out[f"carbon_income_eur_per_ha.{c}"] = co2_c * sc.carbon_price / ha if ha > 1e-9 and co2_c > 1e-9 else 0.0
        if co2_c > 1e-9:
            earning += ha
    out["credit_earning_area_ha"] = earning
    out["carbon_income_eur_per_ha"] = out["carbon_credits_eur"] / earning if earning > 1e-9 else 0.0
    duals_ok = np.all(np.isfinite(sol.row_dual)) if sol.row_dual.size else True
    if km.farm_rows.size and duals_ok:
        prod = km.farm_W @ x + km.farm_const  # type: ignore[attr-defined]
        price = np.where(km.farm_rows >= 0, sol.row_dual[np.maximum(km.farm_rows, 0)], 0.0) / sc.discount * K
        out["farm_gate_value_eur"] = float(prod @ price)
    else:
        out["farm_gate_value_eur"] = math.nan if km.farm_rows.size else 0.0
    out["farmer_income_eur_per_ha"] = (out["farm_gate_value_eur"] / fibre if fibre > 1e-9 else 0.0)
    bio = r["biobased_delivered_t"]
    out["import_share"] = r["biobased_imported_t"] / bio if bio > 1e-9 else 0.0
    # the whole-horizon discounted objective (penalties included, credits and sales deducted)
    out["objective_discounted_eur"] = sol.objective * 1e6
    if km.target_row >= 0 and duals_ok:
        out["marginal_cost_target_eur_per_home"] = float(sol.row_dual[km.target_row]) / sc.discount * K
    else:
        out["marginal_cost_target_eur_per_home"] = math.nan
    return out


# --------------------------------------------------------------------------- plan

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

    def for_workers(self) -> "Plan":
        return Plan(self.mode, self.note, self.levers, self.year, self.inputs, self.structure,
                    self.arrays, self.affine, self.kpis, self.setup_s, self.compiles, None)


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

    def rebuild(reason: str) -> Plan:
        return Plan("rebuild", f"rebuild mode: {reason}; the model is rebuilt per point, HiGHS "
                    "is hot-started while the structure is unchanged", list(levers), year, inputs,
                    key0, None, None, None, time.perf_counter() - t0, compiles, cp0)

    if force_rebuild:
        return rebuild("requested")
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
            return rebuild(f"{lv.name} changes the structure of the LP (between {p0[i]:g} and {far:g})")
        s = _slope(base, LPData.of(cp), far - p0[i])
        if s is None:
            return rebuild(f"{lv.name} turns a bound (in)finite")
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
            return rebuild(f"the structure of the LP changes at {_fmt_point(levers, q)}")
        err = _close(aff.at(q), LPData.of(cp))
        if err > AFFINE_RTOL:
            return rebuild(f"the LP data is not affine in {', '.join(lv.name for lv in levers)} "
                           f"(mismatch {err:.1e} at {_fmt_point(levers, q)})")
    nz = sum(idx.size for s in slopes for idx, _ in s.values())
    note = (f"affine mode: {', '.join(lv.name for lv in levers)} changes {nz:,} LP entries in place "
            f"({compiles} compiles to find and check them)")
    return Plan("affine", note, list(levers), year, inputs, key0, arrays_of(cp0), aff, km,
                time.perf_counter() - t0, compiles, cp0)


def _fmt_point(levers: Sequence[Lever], p: Sequence[float]) -> str:
    return ", ".join(f"{lv.name}={v:g}" for lv, v in zip(levers, p))


# --------------------------------------------------------------------------- solving a chunk

Report = Callable[[int, dict], None]


def solve_chunk(plan: Plan, chunk: Sequence[tuple[int, tuple[float, ...]]],
                options: dict[str, Any] | None = None, time_limit: float | None = None,
                report: Report | None = None, cp=None, stop: Callable[[], bool] | None = None) -> list[dict]:
    """Solve consecutive points on one live HiGHS model; returns one row per point.

    ``cp`` reuses an already compiled model at p0 (the master's, in a sequential sweep).
    A point that raises is returned as status 'failed' with the error; it never vanishes.
    """
    from nabb.model import build
    from nabb.solve import compile_model, run
    t_setup = time.perf_counter()
    if plan.mode == "affine":
        if cp is None:
            cp = compiled_from_arrays(plan.arrays)  # type: ignore[arg-type]
        km = plan.kpis
        key = plan.structure
    else:
        km, key = None, None
    setup_s = time.perf_counter() - t_setup
    out: list[dict] = []
    first = True
    for idx, p in chunk:
        if stop is not None and stop():
            break
        t0 = time.perf_counter()
        row: dict[str, Any] = {"point": idx}
        row.update({lv.name: float(v) for lv, v in zip(plan.levers, p)})
        note = ""
        try:
            if plan.mode == "affine":
                push(cp, plan.affine.at(p))  # type: ignore[union-attr]
            else:
                new = compile_model(build(set_levers(plan.inputs, plan.levers, p)))
                new_key = structure_key(new)
                if cp is not None and new_key == key:
                    push(cp, LPData.of(new))
                    cp.model, cp.columns, cp.rows = new.model, new.columns, new.rows
                    cp.col_of, cp.row_of = new.col_of, new.row_of
                else:
                    if cp is not None:
                        note = "structure changed: cold solve"
                    cp, key, first = new, new_key, True
                km = kpi_map(cp, plan.year)
            opts = {"threads": 1}
            opts.update(options or {})
            hot = not first
            if hot and "solver" not in (options or {}):
                opts["solver"] = "simplex"
            sol = run(cp, opts, time_limit)
            if hot and sol.status != "optimal":
                cp.highs.clearSolver()
                opts["solver"] = (options or {}).get("solver", "ipm")
                sol = run(cp, opts, time_limit)
                hot = False
                note = (note + "; " if note else "") + "hot start failed: cold re-solve"
            first = False
            row["status"] = sol.status
            if sol.status == "optimal":
                row.update(evaluate_kpis(km, sol, point_scalars(plan.inputs, plan.levers, p, plan.year)))  # type: ignore[arg-type]
            else:
                note = (note + "; " if note else "") + sol.model_status
            row["iterations"] = sum(sol.iterations.values())
            row["hot_start"] = hot
        except Exception as err:  # noqa: BLE001 - one bad point must not lose the others
            row["status"] = "failed"
            note = (note + "; " if note else "") + f"{type(err).__name__}: {err}"
            first = True
            if plan.mode == "affine":
                cp = compiled_from_arrays(plan.arrays)  # type: ignore[arg-type]
        row["solve_s"] = time.perf_counter() - t0 + (setup_s if idx == chunk[0][0] else 0.0)
        row["worker"] = f"{os.uname().nodename}:{os.getpid()}"
        row["note"] = note
        out.append(row)
        if report is not None:
            report(idx, row)
    return out


# --------------------------------------------------------------------------- orchestration

@dataclass
class SweepResult:
    frame: pd.DataFrame
    plan: Plan
    interrupted: bool
    timings: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def statuses(self) -> dict[str, int]:
        return self.frame["status"].value_counts().to_dict()


def grid(values: Sequence[Sequence[float]]) -> list[tuple[float, ...]]:
    """All combinations; the first lever varies fastest within each value of the second."""
    if len(values) == 1:
        return [(float(v),) for v in values[0]]
    combos = itertools.product(*reversed([list(v) for v in values]))
    return [tuple(float(x) for x in reversed(c)) for c in combos]


def chunks_of(points: Sequence[tuple[float, ...]], size: int) -> list[list[tuple[int, tuple[float, ...]]]]:
    indexed = list(enumerate(points))
    return [indexed[i:i + size] for i in range(0, len(indexed), size)]


class Progress:
    """Points done / left and time left; rich when on a terminal, silent otherwise."""

    def __init__(self, total: int, enabled: bool = True, label: str = "sweep", unit: str = "points"):
        self.total, self.done = total, 0
        self._bar = None
        if enabled and total:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RP, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            from rich.console import Console
            self._bar = RP(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TextColumn(unit + ", {task.fields[left]} left"), TimeElapsedColumn(),
                           TextColumn("eta"), TimeRemainingColumn(), console=Console(stderr=True),
                           transient=False)
            self._bar.start()
            self._task = self._bar.add_task(label, total=total, left=total)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(self._task, advance=n, left=self.total - self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def run_sweep(inputs: Inputs, levers: Sequence[Lever], values: Sequence[Sequence[float]],
              year: int | None = None, workers: int = 1, scheduler: str | None = None,
              options: dict[str, Any] | None = None, time_limit: float | None = None,
              chunk_size: int | None = None, progress: bool = False, retries: int = 1,
              force_rebuild: bool = False, chunk_fn: Callable | None = None,
              client: Any = None, worker_timeout: float = 60.0) -> SweepResult:
    """Solve every point; returns one row per point, in order (failed points included).

    ``client`` (a dask.distributed Client) overrides ``workers`` and ``scheduler``.
    ``chunk_fn`` replaces :func:`solve_chunk` on the workers (tests use it to kill a worker).
    ``worker_timeout``: seconds to wait for the first worker of a ``scheduler``; then
    :class:`NoWorkersError` (exit 3).
    """
    for lv, vals in zip(levers, values):
        check_values(lv, vals)
    if len(levers) != len(values) or not levers:
        raise InputError([Issue("", "", "", "--param", "one --values per --param", f"{len(levers)} "
                                f"--param, {len(values)} --values")])
    if len({lv.name for lv in levers}) != len(levers):
        raise InputError([Issue("", "", "", "--param", "different levers", ", ".join(lv.name for lv in levers))])
    points = grid(values)
    t0 = time.perf_counter()
    plan = make_plan(inputs, levers, points, year, force_rebuild=force_rebuild)
    bar = Progress(len(points), progress)
    rows: dict[int, dict] = {}
    interrupted = False
    distributed = client is not None or scheduler is not None or workers > 1
    try:
        if not distributed:
            size = len(points)
            chunk = chunks_of(points, size)[0]
            def rep(i: int, row: dict) -> None:
                rows[i] = row
                bar.advance()
            try:
                solve_chunk(plan, chunk, options, time_limit, report=rep,
                            cp=plan.compiled if plan.mode == "affine" else None)
            except KeyboardInterrupt:
                interrupted = True
        else:
            n_workers = max(1, workers)
            size = chunk_size or max(1, math.ceil(len(points) / (2 * n_workers)))
            interrupted = _run_dask(plan, points, size, options, time_limit, rows, bar, retries,
                                    scheduler, n_workers, chunk_fn, client, worker_timeout)
    finally:
        bar.close()
    t1 = time.perf_counter()
    for i, p in enumerate(points):
        if i not in rows:
            row = {"point": i, **{lv.name: float(v) for lv, v in zip(levers, p)},
                   "status": "not_run", "note": "interrupted before this point was solved"}
            rows[i] = row
    frame = _frame([rows[i] for i in range(len(points))], plan)
    return SweepResult(frame=frame, plan=plan, interrupted=interrupted,
                       timings={"setup_s": plan.setup_s, "total_s": t1 - t0},
                       meta={"points": len(points), "mode": plan.mode, "note": plan.note,
                             "compiles": plan.compiles, "kpi_year": plan.year,
                             "workers": workers, "scheduler": scheduler or "",
                             "scenario": inputs.scenario, "input_file": inputs.source,
                             "input_sha256": inputs.sha256})


KPI_ORDER_HEAD = ["status", "objective_discounted_eur", "biobased_share", "shortfall_homes",
                  "marginal_cost_target_eur_per_home", "import_share"]


def _frame(rows: list[dict], plan: Plan) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    head = ["point"] + [lv.name for lv in plan.levers]
    tail = ["iterations", "hot_start", "solve_s", "worker", "note"]
    first = [c for c in head + KPI_ORDER_HEAD if c in frame.columns]
    last = [c for c in tail if c in frame.columns]
    middle = [c for c in frame.columns if c not in first and c not in last]
    return frame[first + middle + last]


def _run_dask(plan: Plan, points, size: int, options, time_limit, rows: dict, bar: Progress,
              retries: int, scheduler: str | None, n_workers: int, chunk_fn, client,
              worker_timeout: float = 60.0) -> bool:
    """Run chunks on dask; fills ``rows``; returns True when interrupted."""
    fn = chunk_fn or _dask_chunk

    def failed(idx: int, p, why: str) -> dict:
        return {"point": idx, **{lv.name: float(v) for lv, v in zip(plan.levers, p)},
                "status": "failed", "note": why}
    return run_chunks_dask(plan.for_workers(), chunks_of(points, size), fn, (options, time_limit),
                           rows, bar, failed, retries=retries, scheduler=scheduler,
                           n_workers=n_workers, client=client, key="point", prefix="nabb-sweep",
                           worker_timeout=worker_timeout)


def open_client(scheduler: str | None, n_workers: int, worker_timeout: float = 60.0):
    """(client, cluster): a Client of the scheduler at ``scheduler`` once a worker has joined
    (else :class:`NoWorkersError` after ``worker_timeout`` s), or of a new LocalCluster of
    ``n_workers`` single-threaded processes (cluster None for a scheduler); close both."""
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            client = Client(scheduler, timeout=os.environ.get("NABB_DASK_TIMEOUT", "30s"))
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            raise InputError([Issue("", "", "", "--scheduler", "the address of a running dask "
                                    "scheduler (tcp://HOST:PORT)", f"{scheduler}: {err}")]) from None
        try:
            client.wait_for_workers(1, timeout=worker_timeout)
        except (TimeoutError, OSError) as err:
            client.close()
            raise NoWorkersError(
                f"nabb: no dask worker joined the scheduler {scheduler} within "
                f"{worker_timeout:g} s, so no point was solved. Start workers with "
                f"`dask worker {scheduler}` (or raise --worker-timeout). ({type(err).__name__})"
            ) from None
        return client, None
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def run_chunks_dask(payload, chunks: Sequence[Sequence[tuple[int, Any]]], fn: Callable, args: tuple,
                    rows: dict, bar: Progress, failed_row: Callable[[int, Any, str], dict],
                    retries: int = 1, scheduler: str | None = None, n_workers: int = 1,
                    client: Any = None, key: str = "point", prefix: str = "nabb",
                    worker_timeout: float = 60.0) -> bool:
    """Run ``fn(payload, chunk, *args, queue_name)`` for every chunk on dask.distributed.

    General machinery shared by sweeps and uncertainty runs: the payload is scattered once to
    every worker; each finished row (a dict whose ``key`` is its index) is streamed back through
    a dask Queue for the progress bar; a task lost with its worker is resubmitted ``retries``
    times, then its unfinished items become ``failed_row(index, item, why)``.  Fills ``rows``
    (index -> row); returns True when interrupted (Ctrl-C), keeping the rows already finished.
    """
    from distributed import Queue, as_completed
    own_cluster = own_client = None
    if client is None:
        own_client, own_cluster = open_client(scheduler, n_workers, worker_timeout)
        client = own_client
    run_id = uuid.uuid4().hex[:10]
    queue = Queue(f"{prefix}-{run_id}", client=client)
    interrupted = False
    try:
        scattered = client.scatter(payload, broadcast=True, hash=False)
        futures = {}
        attempts: dict[int, int] = {}
        for ci, ch in enumerate(chunks):
            f = client.submit(fn, scattered, ch, *args, queue.name, key=f"{prefix}-{run_id}-{ci}-0",
                              pure=False)
            futures[f] = ci
            attempts[ci] = 0
        pending = as_completed(list(futures))
        seen: set[int] = set()

        def drain() -> None:
            try:
                items = queue.get(batch=True)
            except Exception:  # noqa: BLE001 - progress only
                return
            for i, row in items:
                if i not in seen:
                    seen.add(i)
                    bar.advance()
                rows.setdefault(i, row)

        try:
            for f in pending:
                ci = futures[f]
                try:
                    result = f.result()
                    for row in result:
                        rows[row[key]] = row
                        if row[key] not in seen:
                            seen.add(row[key])
                            bar.advance()
                except Exception as err:  # noqa: BLE001 - KilledWorker, lost connection, bug
                    if attempts[ci] < retries:
                        attempts[ci] += 1
                        nf = client.submit(fn, scattered, chunks[ci], *args, queue.name,
                                           key=f"{prefix}-{run_id}-{ci}-{attempts[ci]}", pure=False)
                        futures[nf] = ci
                        pending.add(nf)
                    else:
                        for idx, p in chunks[ci]:
                            if idx in rows and rows[idx].get("status") == "optimal":
                                continue  # finished before the worker died
                            rows[idx] = failed_row(idx, p, f"task failed after {attempts[ci] + 1} "
                                                   f"attempt(s): {type(err).__name__}: {err}")
                            if idx not in seen:
                                seen.add(idx)
                                bar.advance()
                drain()
        except KeyboardInterrupt:
            interrupted = True
            drain()
            for f in futures:
                f.cancel()
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
    return interrupted


def _dask_chunk(plan: Plan, chunk, options, time_limit, queue_name: str) -> list[dict]:
    """Worker side: build the model once for this chunk, stream each finished point."""
    report = None
    try:
        from distributed import Queue
        q = Queue(queue_name)

        def report(i: int, row: dict) -> None:
            try:
                q.put((i, row))
            except Exception:  # noqa: BLE001 - progress only
                pass
    except Exception:  # noqa: BLE001
        report = None
    return solve_chunk(plan, chunk, options, time_limit, report=report)


# --------------------------------------------------------------------------- outputs

def chart_specs(frame: pd.DataFrame, levers: Sequence[Lever]) -> list[tuple[str, str, list[str]]]:
    """(title, y label, columns) of each chart; 2-D sweeps plot the first column per value of lever 2."""
    crops = [c for c in frame.columns if c.startswith("area_ha.")]
    specs = [
        ("Biobased share of new-build", "share", ["biobased_share"]),
        ("Shortfall from the target", "homes", ["shortfall_homes"]),
        ("Hectares per crop", "ha", crops or ["fibre_crop_area_ha"]),
        ("Primary processing capacity", "t input/yr", ["primary_capacity_t_input_per_yr"]),
        ("Product-line capacity", "t output/yr", ["product_line_capacity_t_output_per_yr"]),
        ("CO2 stored and credited", "t CO2", ["co2_stored_t", "co2_credited_t"]),
        ("Carbon credits paid", "EUR", ["carbon_credits_eur"]),
        ("Farmer income per hectare", "EUR/ha", ["farmer_income_eur_per_ha", "carbon_income_eur_per_ha"]),
        ("Import share of biobased products", "share", ["import_share"]),
        ("Objective (whole horizon, discounted)", "EUR", ["objective_discounted_eur"]),
        ("Marginal cost of the target", "EUR/home", ["marginal_cost_target_eur_per_home"]),
    ]
    if len(levers) > 1:
        specs = [(t, y, cols[:1]) if cols[0] != crops[:1] else (t, y, ["fibre_crop_area_ha"])
                 for t, y, cols in specs]
        specs[2] = ("Fibre-crop area", "ha", ["fibre_crop_area_ha"])
    return [(t, y, [c for c in cols if c in frame.columns]) for t, y, cols in specs
            if any(c in frame.columns for c in cols)]


def _series(frame: pd.DataFrame, levers: Sequence[Lever], cols: list[str]) -> tuple[list[float], dict[str, list[float]]]:
    x_name = levers[0].name
    ok = frame[frame["status"] == "optimal"] if "status" in frame else frame
    xs = sorted(frame[x_name].unique().tolist())
    series: dict[str, list[float]] = {}
    if len(levers) == 1:
        by_x = ok.set_index(x_name)
        for c in cols:
            series[c] = [float(by_x[c].get(x, math.nan)) if x in by_x.index else math.nan for x in xs]
    else:
        y_name = levers[1].name
        for yv in sorted(frame[y_name].unique().tolist()):
            sub = ok[ok[y_name] == yv].set_index(x_name)
            series[f"{cols[0]} at {y_name}={yv:g}"] = [float(sub[cols[0]].get(x, math.nan)) if x in sub.index
                                                     else math.nan for x in xs]
    return xs, series


def write_xlsx(result: SweepResult, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from nabb.io.cells import save_workbook, write_cell
    from nabb.io.safe_write import atomic_path
    from nabb.reports.workbook import run_frame, write_table
    frame, levers = result.frame, result.plan.levers
    wb = Workbook()
    wb.remove(wb.active)
    write_table(wb, "Sweep", frame, note=f"nabb sweep over {', '.join(lv.label for lv in levers)}; "
                f"KPIs in {result.plan.year}; {result.plan.note}")
    data = wb.create_sheet("ChartData")
    charts = wb.create_sheet("Charts", 0)
    write_cell(charts.cell(row=1, column=1), f"KPIs in {result.plan.year} against "
             f"{levers[0].label}" + (f", one line per {levers[1].label}" if len(levers) > 1 else ""))
    col = 1
    for k, (title, ylab, cols) in enumerate(chart_specs(frame, levers)):
        xs, series = _series(frame, levers, cols)
        write_cell(data.cell(row=1, column=col), levers[0].label)
        for i, x in enumerate(xs, start=2):
            write_cell(data.cell(row=i, column=col), x)
        for j, (name, ys) in enumerate(series.items(), start=1):
            write_cell(data.cell(row=1, column=col + j), name)
            for i, y in enumerate(ys, start=2):
                if not math.isnan(y):
                    write_cell(data.cell(row=i, column=col + j), float(f"{y:.10g}"))  # no float noise
        ch = LineChart()
        ch.title = title
        ch.y_axis.title = ylab
        ch.x_axis.title = levers[0].label
        ch.height, ch.width = 7.5, 15
        ch.x_axis.delete = ch.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
        finite = [y for ys in series.values() for y in ys if not math.isnan(y)]
        if finite and min(finite) >= 0:
            ch.y_axis.scaling.min = 0  # a flat line stays flat instead of zooming into noise
        ch.add_data(Reference(data, min_col=col + 1, max_col=col + len(series), min_row=1,
                              max_row=len(xs) + 1), titles_from_data=True)
        ch.set_categories(Reference(data, min_col=col, min_row=2, max_row=len(xs) + 1))
        charts.add_chart(ch, f"{'A' if k % 2 == 0 else 'K'}{3 + (k // 2) * 16}")
        col += len(series) + 2
    meta = dict(result.meta)
    meta.update({f"timing.{k}": f"{v:.3f}" for k, v in result.timings.items()})
    meta["interrupted"] = result.interrupted
    write_table(wb, "Run", run_frame(meta))
    with atomic_path(path) as tmp:
        save_workbook(wb, tmp)


def write_plots(result: SweepResult, folder: Path) -> list[Path]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nabb.io.safe_write import atomic_path
    frame, levers = result.frame, result.plan.levers
    specs = chart_specs(frame, levers)
    out = []
    ncol = 2
    nrow = math.ceil(len(specs) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(12, 3.2 * nrow), squeeze=False)
    for ax, (title, ylab, cols) in zip(axes.ravel(), specs):
        xs, series = _series(frame, levers, cols)
        for name, ys in series.items():
            ax.plot(xs, ys, marker="o", ms=3, label=name)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ylab)
        ax.set_xlabel(levers[0].label)
        if len(series) > 1:
            ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(specs):]:
        ax.axis("off")
    fig.suptitle(f"nabb sweep: KPIs in {result.plan.year} ({result.meta.get('scenario', '')})")
    fig.tight_layout()
    target = folder / "sweep.png"
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", dpi=110)
    plt.close(fig)
    out.append(target)
    return out


def write_outputs(result: SweepResult, out_dir: str | Path,
                  inputs: Sequence[str | Path] = ()) -> dict[str, Path]:
    """sweep.csv, sweep.xlsx (native line charts), sweep.png and sweep.json in out_dir.

    The four files are written in a staging folder and swapped in as a set
    (nabb.io.outputs.replace_dir): a failure leaves the previous set whole, never a mix.
    """
    import json
    from nabb.io.cells import csv_text as safe_text
    from nabb.io.outputs import replace_dir
    from nabb.io.safe_write import write_text_atomic
    folder = Path(out_dir)
    csv = result.frame.copy()
    for c in csv.columns:
        if csv[c].dtype == object:
            csv[c] = csv[c].map(safe_text)
    names = {"csv": "sweep.csv", "xlsx": "sweep.xlsx", "json": "sweep.json", "png": "sweep.png"}

    from nabb.io.strict_json import dumps as strict_dumps

    def fill(tmp: Path) -> None:
        write_text_atomic(tmp / names["csv"], csv.to_csv(index=False))
        write_xlsx(result, tmp / names["xlsx"])
        write_plots(result, tmp)
        meta = dict(result.meta, timings=result.timings, interrupted=result.interrupted,
                    statuses=result.statuses, levers=[lv.__dict__ for lv in result.plan.levers])
        write_text_atomic(tmp / names["json"], strict_dumps(meta, indent=2))

    replace_dir(folder, fill, root=folder, inputs=list(inputs), kind="sweep")
    return {k: folder / v for k, v in names.items()}
