"""KPIs of one sample, from the solution vector and the sample's own model data.

The coefficients (recipe masses, CO2 per tonne, existing capacity, discount factors...) come
from the sample's ModelData, so an uncertain material mass or CO2 content shows in the KPIs
as it does in the LP.  Units: ha, t, t/yr, homes, EUR (the LP's k-units times 1,000).

Total cost per year (``total_cost_eur.<year>``) is the year's objective terms in EUR of that
year, penalties and credits included (``cost_undiscounted_eur`` of ``nabb run``), so that
``sum_t discount_t * total_cost_eur.<t>`` is the objective (``total_cost_eur``).  It is read
from the sample's own objective vector c(p): each column's cost is split over the years in
the proportions it has in the compiled cost expressions (a column of one year, nearly all of
them, goes whole to its year; an investment is spread over its lifetime as its annuity is).

Flat names: ``<kpi>.<year>`` national, ``<kpi>.<key>.<year>`` per crop/process/segment,
``area_ha.<crop>.<region>.<year>`` per region; investments over the horizon
``new_capacity_t.<region>.<process>`` and ``new_area_ha.<region>.<crop>``.
"""
from __future__ import annotations

import math

import numpy as np
from dataclasses import dataclass, field
from typing import Sequence

from nabb.units import K


@dataclass
class Indexer:
    """Column (and row) of every variable and target the KPIs read; -1 = not a column."""
    built: dict[tuple, int]
    shortfall: dict[tuple, int]
    regional_shortfall: dict[tuple, int]
    area: dict[tuple, int]
    invest: dict[tuple, tuple[int, int]]
    activity: dict[tuple, int]
    imports: dict[tuple, int]
    target_row: dict[tuple, int]
    #: planting columns; a perennial's area without a column (large models) is read from them
    planted: dict[tuple, int] = field(default_factory=dict)
    #: year -> YearCost (see year_costs)
    year_cost: dict[int, "YearCost"] = field(default_factory=dict)

    @classmethod
    def of(cls, cp) -> "Indexer":
        m = cp.model
        if m.substituted_recipe:   # built by nabb.uncertainty.engine.prepared: never
            raise ValueError("the uncertainty KPIs read every recipe from a column: build the LP "
                             "with meta['recipe_substitution'] = False")
        col = cp.col_of

        def cols(var) -> dict[tuple, int]:
            return {k: col.get(id(v), -1) for k, v in var.items()}
        loan, market = cols(m.invest_loan), cols(m.invest_market)
        return cls(built=cols(m.built), shortfall=cols(m.shortfall),
                   regional_shortfall=cols(m.regional_shortfall), area=cols(m.area),
                   invest={k: (loan[k], market[k]) for k in loan}, activity=cols(m.activity),
                   imports=cols(m.imports),
                   target_row={k: cp.row_of.get(id(c), -1) for k, c in m.biobased_target.items()},
                   planted=cols(m.planted),
                   year_cost=year_costs(cp))


@dataclass
class YearCost:
    """One year's cost terms: columns, their compiled coefficients C_tj (M EUR per LP unit,
    undiscounted), the share C_tj / c_j of the objective coefficient (0 where c_j = 0), the
    coefficients kept fixed (where c_j = 0), and the constant."""
    cols: np.ndarray
    coef: np.ndarray
    share: np.ndarray
    fixed: np.ndarray
    const: float
    const_share: float                 # const / (the objective's constant), 0 when that is 0

    def at(self, x: np.ndarray, c: np.ndarray | None = None, offset: float | None = None) -> float:
        """The year's cost (M EUR) at solution x, for objective vector c and constant offset
        (the compiled ones when None)."""
        xs = x[self.cols]
        const = self.const if offset is None or not self.const_share else self.const_share * offset
        if c is None:
            return float(self.coef @ xs) + const
        return float((self.share * c[self.cols] + self.fixed) @ xs) + const


def year_costs(cp) -> dict[int, YearCost]:
    """Per year: the columns of its cost terms, and for each the share of the column's
    objective coefficient c_j that is this year's cost (C_tj / c_j, with
    c_j = sum_t discount_t C_tj), so that a sample's year cost is sum_j share_tj c_j(p) x_j.
    Columns with c_j = 0 but cost terms in some years (they cancel over the years) keep
    their coefficients C_tj as they are (third array)."""
    from pyomo.repn import generate_standard_repn
    m = cp.model
    disc = m.data.discount_factor
    coef: dict[int, dict[int, float]] = {}
    const: dict[int, float] = {}
    for (_comp, t), e in m.cost_expr.items():
        const.setdefault(t, 0.0)
        coef.setdefault(t, {})
        expr = e.expr
        if isinstance(expr, (int, float)):
            const[t] += float(expr)
            continue
        repn = generate_standard_repn(expr, compute_values=True)
        const[t] += float(repn.constant or 0.0)
        row = coef[t]
        for a, v in zip(repn.linear_coefs, repn.linear_vars):
            j = cp.col_of.get(id(v))
            if j is not None:
                row[j] = row.get(j, 0.0) + float(a)
    total: dict[int, float] = {}
    offset = sum(disc[t] * k for t, k in const.items())
    for t, row in coef.items():
        for j, a in row.items():
            total[j] = total.get(j, 0.0) + disc[t] * a
    out = {}
    for t, row in coef.items():
        cols = np.fromiter(row, dtype=np.int64, count=len(row))
        a = np.fromiter(row.values(), dtype=float, count=len(row))
        c = np.array([total[j] for j in row], dtype=float)
        split = np.abs(c) > 1e-12 * np.maximum(np.abs(a), 1e-300)
        share = np.where(split, a / np.where(split, c, 1.0), 0.0)
        fixed = np.where(split, 0.0, a)
        out[t] = YearCost(cols, a, share, fixed, const[t], const[t] / offset if offset else 0.0)
    return out


def sample_kpis(ix: Indexer, d, sol, obj: np.ndarray | None = None,
                offset: float | None = None) -> dict[str, float]:
    """The KPIs of one solved sample; ``obj`` and ``offset`` are the sample's objective
    vector c(p) and constant (the compiled model's when None)."""
    x = sol.x

    def v(j: int) -> float:
        return float(x[j]) * K if j >= 0 else 0.0
    out: dict[str, float] = {"total_cost_eur": float(sol.objective) * 1e6}
    years = d.years
    last = years[-1]
    arable = {c for c in d.crops if d.land_use[c] == "arable"}

    homes = {t: 0.0 for t in years}
    bio_homes = {t: 0.0 for t in years}
    delivered_bio = {t: 0.0 for t in years}
    credited = {t: 0.0 for t in years}
    for (r, s, b, q, t), j in ix.built.items():
        u = v(j)
        if not u:
            continue
        if s == "new_build":
            homes[t] += u
            if d.recipe_is_bio[q]:
                bio_homes[t] += u
        for com, a in d.recipe_materials_t_per_unit[q].items():
            if d.biobased_share[com]:
                delivered_bio[t] += u * a * d.biobased_share[com]
            if d.credit_eligible[com] and d.co2_t_per_t[com]:
                credited[t] += u * a * d.co2_t_per_t[com]
    imported_bio = {t: 0.0 for t in years}
    for (com, r, t), j in ix.imports.items():
        q = v(j)
        if not q:
            continue
        if d.commodity_kind[com] == "product" and d.biobased_share[com]:
            imported_bio[t] += q * d.biobased_share[com]
        if d.credit_eligible[com] and d.co2_t_per_t[com]:
            credited[t] -= q * d.co2_t_per_t[com]

    area_nat = {(c, t): 0.0 for c in d.crops for t in years}
    fibre = {t: 0.0 for t in years}
    sown: dict[tuple, list[tuple[int, int]]] = {}
    for (r, c, t), j in ix.planted.items():
        sown.setdefault((r, c), []).append((t, j))

    def area_at(r: str, c: str, t: int) -> float:
        """Area (ha): its column, or existing area + plantings so far (nabb.model.land.area_of)."""
        if (r, c, t) in ix.area:
            return v(ix.area[(r, c, t)])
        return d.existing_kha[(r, c)] * K + sum(v(j) for tau, j in sown.get((r, c), ()) if tau <= t)
    for (r, c, t) in [(r, c, t) for (r, c) in d.cult_pairs for t in years]:
        a = area_at(r, c, t)
        out[f"area_ha.{c}.{r}.{t}"] = a
        area_nat[(c, t)] += a
        if c in arable:
            fibre[t] += a
        if t == last:
            out[f"new_area_ha.{r}.{c}"] = max(0.0, a - d.existing_kha.get((r, c), 0.0) * K)
    for (c, t), a in area_nat.items():
        out[f"area_ha.{c}.{t}"] = a

    built_by: dict[tuple, float] = {}
    for (r, p, t), (jl, jm) in ix.invest.items():
        built_by[(r, p, t)] = v(jl) + v(jm)
    cap = {(p, t): 0.0 for p in d.processes for t in years}
    for (r, p, t), kt in d.existing_cap_kt_per_yr.items():
        if t in years:
            cap[(p, t)] += kt * K
    for (r, p) in d.invest_pairs:
        total = 0.0
        for tau in years:
            b = built_by.get((r, p, tau), 0.0)
            total += b
            if b:
                for t in years:
                    if tau <= t < tau + d.lifetime_yr[p]:
                        cap[(p, t)] += b
        out[f"new_capacity_t.{r}.{p}"] = total
    for (p, t), c in cap.items():
        out[f"capacity_t.{p}.{t}"] = c
    for (r, p, t), j in ix.activity.items():
        if t == last:
            out[f"activity_t.{r}.{p}"] = v(j)

    for t in years:
        disc = d.discount_factor[t]
        out[f"biobased_share.{t}"] = bio_homes[t] / homes[t] if homes[t] > 0 else math.nan
        out[f"fibre_crop_area_ha.{t}"] = fibre[t]
        out[f"import_share.{t}"] = imported_bio[t] / delivered_bio[t] if delivered_bio[t] > 1e-9 else 0.0
        out[f"co2_credited_t.{t}"] = credited[t]
        price = d.carbon_price_meur_per_kt[t] * K
        out[f"carbon_income_eur_per_ha.{t}"] = credited[t] * price / fibre[t] if fibre[t] > 1e-6 else 0.0
        row = ix.target_row.get(("new_build", t), -1)
        dual_ok = row >= 0 and sol.row_dual.size and math.isfinite(float(sol.row_dual[row]))
        out[f"marginal_cost_target_eur_per_home.{t}"] = (float(sol.row_dual[row]) / disc * K
                                                         if dual_ok else math.nan)
    for t, yc in ix.year_cost.items():
        out[f"total_cost_eur.{t}"] = yc.at(x, obj, offset) * 1e6
    for (s, t), j in ix.shortfall.items():
        out[f"shortfall_homes.{s}.{t}"] = v(j)
    for (s, r, t), j in ix.regional_shortfall.items():
        out[f"shortfall_homes.{s}@{r}.{t}"] = v(j)
    return out


# --------------------------------------------------------------------------- KPI data, affine

#: Float fields of ModelData that the KPIs read (flags and integers are fixed within a structure
#: group, because the structure signature holds them).
KPI_FLOATS = ("recipe_materials_t_per_unit", "biobased_share", "co2_t_per_t", "existing_kha", "existing_cap_kt_per_yr",
              "discount_factor", "carbon_price_meur_per_kt")


def _flat(d) -> tuple[list[tuple], np.ndarray]:
    keys, vals = [], []
    for f in KPI_FLOATS:
        obj = getattr(d, f)
        for k, v in obj.items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    keys.append((f, k, k2))
                    vals.append(float(v2))
            else:
                keys.append((f, k))
                vals.append(float(v))
    return keys, np.array(vals, dtype=float)


@dataclass
class KpiData:
    """The KPI floats of a group's reference data, and their slope per parameter."""
    ref: object                        # ModelData at the group's reference point
    keys: list[tuple]
    base: np.ndarray
    p_ref: tuple[float, ...]
    slopes: np.ndarray                 # parameters x len(keys)

    @classmethod
    def of(cls, ref, p_ref, base_keys: list[tuple], base_slopes: np.ndarray) -> "KpiData":
        """Slopes found at the centre (``base_keys`` order), carried over to ref's keys by name."""
        keys, base = _flat(ref)
        pos = {k: i for i, k in enumerate(base_keys)}
        slopes = np.zeros((base_slopes.shape[0], len(keys)))
        for j, k in enumerate(keys):
            i = pos.get(k)
            if i is not None:
                slopes[:, j] = base_slopes[:, i]
        return cls(ref, keys, base, tuple(float(x) for x in p_ref), slopes)

    @staticmethod
    def slopes_from(d0, p0: Sequence[float], probes: list[tuple[float, object] | None]) -> tuple[list[tuple], np.ndarray]:
        """Slope of every KPI float per parameter, from data with one parameter moved."""
        keys, base = _flat(d0)
        out = np.zeros((len(probes), len(keys)))
        for i, pr in enumerate(probes):
            if pr is None:
                continue
            k_i, v_i = _flat(pr[1])
            if k_i == keys:
                out[i] = (v_i - base) / (pr[0] - p0[i])
        return keys, out

    def at(self, p):
        """A shallow copy of the reference data with the KPI floats moved to p."""
        import copy
        dp = np.asarray(p, dtype=float) - np.asarray(self.p_ref)
        vals = self.base + dp @ self.slopes if len(self.slopes) else self.base
        d = copy.copy(self.ref)
        moved = np.flatnonzero(vals != self.base)
        if moved.size == 0:
            return d
        fields: dict[str, dict] = {}
        for j in moved.tolist():
            k = self.keys[j]
            f = k[0]
            if f not in fields:
                src = getattr(self.ref, f)
                fields[f] = {a: (dict(b) if isinstance(b, dict) else b) for a, b in src.items()}
            if len(k) == 3:
                fields[f][k[1]][k[2]] = float(vals[j])
            else:
                fields[f][k[1]] = float(vals[j])
        for f, v in fields.items():
            setattr(d, f, v)
        return d

    def error(self, p, actual) -> float:
        """Largest relative mismatch between the prediction at p and the real data."""
        keys, vals = _flat(actual)
        if keys != self.keys:
            return math.inf
        dp = np.asarray(p, dtype=float) - np.asarray(self.p_ref)
        pred = self.base + dp @ self.slopes if len(self.slopes) else self.base
        return float(np.max(np.abs(pred - vals) / (1 + np.abs(vals)), initial=0.0))
