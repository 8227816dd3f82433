"""The KPIs of a sweep point, read from the solution through a linear map built once.

``kpi_map`` turns the KPI expressions of one year into a sparse matrix over the LP's columns
(plus the rows whose duals price the farm gate and the target); ``evaluate_kpis`` applies it
to a solution.  Checked in tests/test_sweep.py against :func:`nabb.results.extract`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp

from nabb.inputs import Inputs
from nabb.units import K
from nabb.sweep.levers import Lever

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
    from nabb.model import balance_price_shift
    from nabb.model.demand import built_linear
    from nabb.model.land import area_of, harvested_area
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

    def add_built(name: str, k: tuple, coef: float) -> None:
        """coef x U[k]: its column, or D - the key's other recipes (nabb.model.demand.built_of)."""
        c0, terms = built_linear(m, k)
        for a, var in terms:
            add_var(name, var, coef * a)
        const[name] = const.get(name, 0.0) + coef * c0

    def add_expr(name: str, expr, coef: float = 1.0) -> None:
        lin, c0 = _linear(cp, expr)
        r = rows.setdefault(name, {})
        for j, a in lin.items():
            r[j] = r.get(j, 0.0) + coef * a
        const[name] = const.get(name, 0.0) + coef * c0

    for name in ("new_build_homes", "biobased_homes", "shortfall_homes"):
        rows[name], const[name] = {}, 0.0
    for k in m.built_index:   # every recipe, the substituted ones included
        r, s, b, q, t = k
        if t != year or s != "new_build":
            continue
        add_built("new_build_homes", k, K)
        if d.recipe_is_bio[q]:
            add_built("biobased_homes", k, K)
    if ("new_build", year) in m.shortfall:
        add_var("shortfall_homes", m.shortfall["new_build", year], K)
    for c in d.crops:
        rows[f"area_ha.{c}"], const[f"area_ha.{c}"] = {}, 0.0
    rows["fibre_crop_area_ha"], const["fibre_crop_area_ha"] = {}, 0.0
    for (r, c) in d.cult_pairs:   # area_of: a perennial's area may be its plantings (large models)
        a = area_of(m, d, r, c, year)
        add_expr(f"area_ha.{c}", a, K)
        if d.land_use[c] == "arable":
            add_expr("fibre_crop_area_ha", a, K)
    for p in d.processes:
        rows[f"processing_capacity_t.{p}"], const[f"processing_capacity_t.{p}"] = {}, 0.0
    for (r, p) in d.proc_pairs:
        name = f"processing_capacity_t.{p}"
        const[name] += d.existing_cap_kt_per_yr.get((r, p, year), 0.0) * K
        add_expr(name, new_capacity(m, d, r, p, year), K)
    # primary processing in t input/yr and product lines in t output/yr (never summed)
    from nabb.results import process_lines, product_output
    lines = process_lines(d)
    for name, line, per_act in (("primary_capacity_t_input_per_yr", "primary", lambda p: sum(d.proc_in_t_per_t[p].values())),
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
    for k in m.built_index:
        if k[-1] != year:
            continue
        for com, a in d.recipe_materials_t_per_unit[k[3]].items():
            if d.co2_t_per_t[com]:
                add_built("co2_stored_t", k, K * a * d.co2_t_per_t[com])
            if d.biobased_share[com]:
                add_built("biobased_delivered_t", k, K * a * d.biobased_share[com])
    for (com, r, t) in m.imports:
        if t == year and d.commodity_kind[com] == "product" and d.biobased_share[com]:
            add_var("biobased_imported_t", m.imports[com, r, t], K * d.biobased_share[com])
    add_expr("co2_credited_t", m.credited_co2_expr[year].expr, K)
    # credited CO2 traced back to each Dutch crop commodity, and each crop's harvest
    from nabb.model.policy import credit_factor, is_imported
    crop_coms = sorted({c2 for k in d.commodities for c2 in d.crop_origin_t_per_t.get(k, {})})
    for c2 in crop_coms:
        rows[f"credited_from.{c2}"], const[f"credited_from.{c2}"] = {}, 0.0
    per_t = {k: {c2: d.co2_t_per_t[k] * v for c2, v in d.crop_origin_t_per_t.get(k, {}).items()}
             for k in d.commodities if credit_factor(d, k) and d.dutch_crop_share.get(k, 0.0) > 0}
    for k in m.built_index:
        if k[-1] != year:
            continue
        for com, a in d.recipe_materials_t_per_unit[k[3]].items():
            for c2, v in per_t.get(com, {}).items():
                add_built(f"credited_from.{c2}", k, K * a * v)
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
    pairs, farm_rows, farm_shift = [], [], []
    shift = balance_price_shift(m)   # the surplus cost on the row (surplus_in_rows)
    for (r, c) in d.cult_pairs:
        if d.land_use[c] != "arable":
            continue
        lin, c0 = _linear(cp, d.yield_kt_per_kha[(r, c)] * harvested_area(m, d, r, c, year))
        lin = {j: a * K for j, a in lin.items()}
        key = (r, d.crop_commodity[c], year)
        row = cp.row_of.get(id(m.commodity_balance[key])) if key in m.commodity_balance else None
        pairs.append((lin, c0 * K))
        farm_rows.append(-1 if row is None else row)
        farm_shift.append(shift.get(key, 0.0) * K)
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
    km.farm_shift = np.array(farm_shift, dtype=float)  # type: ignore[attr-defined]
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
        price = price - getattr(km, "farm_shift", 0.0)   # surplus cost on the row (surplus_in_rows)
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
