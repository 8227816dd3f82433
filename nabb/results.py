"""Solution -> tidy pandas frames and KPIs, in plain units (ha, t, EUR, homes).

No Pyomo object leaves this module: reports and comparisons use only :class:`Results`.
Duals are undiscounted to the value in their own year (EUR of that year).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from nabb.model import COST_COMPONENTS
from nabb.model.data import K, ModelData
from nabb.solve import Compiled, Solution

SEGMENT_MAIN = "new_build"


@dataclass
class Results:
    scenario: str
    status: str
    objective_eur: float
    frames: dict[str, pd.DataFrame]
    kpis: pd.DataFrame                     # one row per year
    meta: dict[str, Any] = field(default_factory=dict)


def var_frame(cp: Compiled, sol: Solution, var: pyo.Var, names: list[str], scale: float = K) -> pd.DataFrame:
    """Values of an indexed Var as a frame with one column per index plus ``value``."""
    items = list(var.items())  # (index, VarData) in key order, without a look-up per key
    if not items:
        return pd.DataFrame(columns=names + ["value"])
    keys = [k for k, _ in items]
    col_of = cp.col_of
    cols = np.fromiter((col_of.get(id(v), -1) for _, v in items), dtype=np.int64, count=len(items))
    vals = np.where(cols >= 0, sol.x[np.maximum(cols, 0)], 0.0) * scale
    frame = pd.DataFrame(keys, columns=names)
    frame["value"] = vals
    return frame


def dual_frame(cp: Compiled, sol: Solution, con: pyo.Constraint, names: list[str]) -> pd.DataFrame:
    items = list(con.items())
    if not items:
        return pd.DataFrame(columns=names + ["dual"])
    keys = [k for k, _ in items]
    row_of = cp.row_of
    rows = np.fromiter((row_of.get(id(c), -1) for _, c in items), dtype=np.int64, count=len(items))
    vals = np.where(rows >= 0, sol.row_dual[np.maximum(rows, 0)], 0.0)
    frame = pd.DataFrame(keys, columns=names)
    frame["dual"] = vals
    return frame


def _undiscount(frame: pd.DataFrame, d: ModelData, col: str = "dual") -> pd.Series:
    return frame[col] / frame["year"].map(d.discount)


def extract(cp: Compiled, sol: Solution, scenario: str = "base") -> Results:
    m = cp.model
    d: ModelData = m.data
    f: dict[str, pd.DataFrame] = {}

    # --- cultivation
    area = var_frame(cp, sol, m.area, ["region", "crop", "year"]).rename(columns={"value": "area_ha"})
    planted = var_frame(cp, sol, m.planted, ["region", "crop", "year"]).rename(columns={"value": "planted_ha"})
    area = area.merge(planted, how="left", on=["region", "crop", "year"])
    area["planted_ha"] = area["planted_ha"].fillna(0.0)
    # harvested area: perennials harvest what was planted at least `lag` years earlier.
    # One pass over the rows with dict look-ups (no per-row frame filtering).
    rows_ = list(zip(area["region"].tolist(), area["crop"].tolist(), area["year"].tolist(),
                     area["area_ha"].tolist(), area["planted_ha"].tolist()))
    planted_by: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r, c, t, _a, p_ in rows_:
        if d.perennial[c]:
            planted_by.setdefault((r, c), []).append((t, p_))
    harvested = []
    for r, c, t, a, _p in rows_:
        if d.perennial[c]:
            lag = d.establishment_years[c]
            h = d.existing_kha[(r, c)] * K + sum(v for tau, v in planted_by[(r, c)] if tau <= t - lag)
        else:
            h = a
        harvested.append(h)
    area["harvested_ha"] = harvested
    area["yield_t_per_ha"] = [d.yield_kt_per_kha[(r, c)] for r, c in zip(area.region, area.crop)]
    area["production_t"] = area["harvested_ha"] * area["yield_t_per_ha"]
    area["commodity"] = area["crop"].map(d.crop_commodity)
    area["existing_area_ha"] = [d.existing_kha[(r, c)] * K for r, c in zip(area.region, area.crop)]
    area["area_cap_ha"] = [d.area_cap_kha[(r, c)] * K for r, c in zip(area.region, area.crop)]
    f["cultivation"] = area

    # --- processing
    act = var_frame(cp, sol, m.activity, ["region", "process", "year"]).rename(columns={"value": "activity_t"})
    inv_l = var_frame(cp, sol, m.invest_loan, ["region", "process", "year"]).rename(columns={"value": "invest_loan_t_per_yr"})
    inv_m = var_frame(cp, sol, m.invest_market, ["region", "process", "year"]).rename(columns={"value": "invest_market_t_per_yr"})
    proc = act.merge(inv_l, how="left", on=["region", "process", "year"]).merge(
        inv_m, how="left", on=["region", "process", "year"]).fillna(
        {"invest_loan_t_per_yr": 0.0, "invest_market_t_per_yr": 0.0})
    proc["existing_capacity_t_per_yr"] = [d.existing_cap_kt.get(k, 0.0) * K for k in
                                          zip(proc.region, proc.process, proc.year)]
    inv_s = proc[["invest_loan_t_per_yr", "invest_market_t_per_yr"]].sum(axis=1)
    inv = dict(zip(zip(proc.region, proc.process, proc.year), inv_s.tolist()))
    new_cap = []
    for r, p, t in zip(proc.region, proc.process, proc.year):
        new_cap.append(sum(inv.get((r, p, tau), 0.0) for tau in d.years if tau <= t < tau + d.lifetime[p]))
    proc["new_capacity_t_per_yr"] = new_cap
    proc["capacity_t_per_yr"] = proc["existing_capacity_t_per_yr"] + proc["new_capacity_t_per_yr"]
    proc["usable_capacity_t_per_yr"] = proc["capacity_t_per_yr"] * proc["process"].map(d.availability)
    proc["utilisation"] = np.where(proc["capacity_t_per_yr"] > 1e-9,
                                   proc["activity_t"] / proc["capacity_t_per_yr"].where(proc["capacity_t_per_yr"] > 1e-9, 1.0), np.nan)
    proc["idle_capacity_t_per_yr"] = (proc["usable_capacity_t_per_yr"] - proc["activity_t"]).clip(lower=0)
    cap_dual = dual_frame(cp, sol, m.processing_capacity_max, ["region", "process", "year"])
    cap_dual["capacity_value_eur_per_t_yr"] = -_undiscount(cap_dual, d) * K
    proc = proc.merge(cap_dual.drop(columns="dual"), how="left", on=["region", "process", "year"])
    keep = (proc["capacity_t_per_yr"] > 1e-6) | (proc["activity_t"] > 1e-6)
    f["processing"] = proc[keep].reset_index(drop=True)

    # --- flows and imports
    flow = var_frame(cp, sol, m.flow, ["from_region", "to_region", "commodity", "year"]).rename(columns={"value": "t"})
    flow = flow[flow["t"] > 1e-6].reset_index(drop=True)
    flow["distance_km"] = [d.arc_km[(i, j)] for i, j in zip(flow.from_region, flow.to_region)]
    flow["tkm"] = flow["t"] * flow["distance_km"]
    flow["cost_eur"] = flow["tkm"] * flow["commodity"].map(d.transport_cost) * K
    f["flows"] = flow
    imp = var_frame(cp, sol, m.imports, ["commodity", "region", "year"]).rename(columns={"value": "t"})
    imp["price_eur_per_t"] = [d.import_price[(k, r)] * K for k, r in zip(imp.commodity, imp.region)]
    imp["cost_eur"] = imp["t"] * imp["price_eur_per_t"]
    f["imports"] = imp

    # --- demand
    built = var_frame(cp, sol, m.built, ["region", "year", "segment", "building_type", "recipe"]).rename(columns={"value": "units"})
    built["biobased_share"] = built["recipe"].map(d.recipe_bio_share)
    built["counts_as_biobased"] = built["recipe"].map(d.recipe_is_bio)
    f["demand"] = built

    # --- balance (t)
    keys = ["region", "commodity", "year"]
    parts = []
    parts.append(area.groupby(["region", "commodity", "year"], as_index=False)["production_t"].sum()
                 .rename(columns={"production_t": "harvest_t"}))
    io_rows = [(p, k, a, "in") for p in d.processes for k, a in d.proc_in[p].items()] + \
              [(p, k, a, "out") for p in d.processes for k, a in d.proc_out[p].items()]
    io = pd.DataFrame(io_rows, columns=["process", "commodity", "coef", "direction"])
    pio = act.merge(io, on="process")
    pio["t"] = pio["activity_t"] * pio["coef"]
    parts.append(pio[pio.direction == "out"].groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "process_output_t"}))
    parts.append(pio[pio.direction == "in"].groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "process_input_t"}))
    parts.append(imp.groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "imports_t"}))
    parts.append(flow.rename(columns={"to_region": "region"}).groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "inflow_t"}))
    parts.append(flow.rename(columns={"from_region": "region"}).groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "outflow_t"}))
    mats = pd.DataFrame([(q, k, a) for q, mm in d.recipe_materials.items() for k, a in mm.items()],
                        columns=["recipe", "commodity", "t_per_unit"])
    dl = built.merge(mats, on="recipe")
    dl["t"] = dl["units"] * dl["t_per_unit"]
    parts.append(dl.groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "delivered_t"}))
    sur = var_frame(cp, sol, m.surplus, keys).rename(columns={"value": "surplus_t"})
    parts.append(sur)
    parts.append(var_frame(cp, sol, m.sold, keys).rename(columns={"value": "sold_to_other_markets_t"}))
    bal = pd.DataFrame(list(m.balance_index), columns=keys)
    for p in parts:
        bal = bal.merge(p, how="left", on=keys)
    cols = ["harvest_t", "process_output_t", "imports_t", "inflow_t", "process_input_t",
            "outflow_t", "delivered_t", "sold_to_other_markets_t", "surplus_t"]
    bal[cols] = bal[cols].fillna(0.0)
    bal["production_t"] = bal["harvest_t"] + bal["process_output_t"]
    bal["residual_t"] = (bal["production_t"] + bal["imports_t"] + bal["inflow_t"]
                         - bal["process_input_t"] - bal["outflow_t"] - bal["delivered_t"]
                         - bal["sold_to_other_markets_t"] - bal["surplus_t"])
    prices = dual_frame(cp, sol, m.commodity_balance, keys)
    prices["price_eur_per_t"] = _undiscount(prices, d) * K
    bal = bal.merge(prices.drop(columns="dual"), how="left", on=keys)
    active = bal[cols].abs().sum(axis=1) > 1e-6
    f["balance"] = bal[active].reset_index(drop=True)
    f["prices"] = prices.drop(columns="dual")

    # --- targets
    tg = dual_frame(cp, sol, m.biobased_target, ["segment", "year"])
    tg["region"] = "*"
    sf = var_frame(cp, sol, m.shortfall, ["segment", "year"]).rename(columns={"value": "shortfall_units"})
    tg = tg.merge(sf, on=["segment", "year"], how="left")
    rtg = dual_frame(cp, sol, m.regional_biobased_target, ["segment", "region", "year"])
    rsf = var_frame(cp, sol, m.regional_shortfall, ["segment", "region", "year"]).rename(columns={"value": "shortfall_units"})
    rtg = rtg.merge(rsf, on=["segment", "region", "year"], how="left")
    targets = pd.concat([tg, rtg], ignore_index=True) if len(rtg) else tg
    if len(targets):
        targets["target_share"] = [d.national_targets.get((s, y)) if r == "*" else d.regional_targets.get((s, r, y))
                                   for s, r, y in zip(targets.segment, targets.region, targets.year)]
        targets["marginal_cost_eur_per_unit"] = _undiscount(targets, d) * K
        targets = targets.drop(columns="dual")
    f["targets"] = targets

    # --- costs (undiscounted EUR per year and component)
    cost_rows = []
    for (comp, t) in m.cost_expr:
        expr = m.cost_expr[comp, t].expr
        cost_rows.append((t, comp, _evaluate(cp, sol, expr) * 1e6))
    costs = pd.DataFrame(cost_rows, columns=["year", "component", "cost_eur"])
    costs["discount_factor"] = costs["year"].map(d.discount)
    costs["discounted_eur"] = costs["cost_eur"] * costs["discount_factor"]
    f["costs"] = costs

    kpis = _kpis(d, f, cp, sol)
    return Results(scenario=scenario, status=sol.status, objective_eur=sol.objective * 1e6,
                   frames=f, kpis=kpis)


def _evaluate(cp: Compiled, sol: Solution, expr) -> float:
    """Evaluate a linear expression at the solution without loading values into Pyomo."""
    from pyomo.repn import generate_standard_repn
    if isinstance(expr, (int, float)):
        return float(expr)
    repn = generate_standard_repn(expr, compute_values=True)
    total = float(repn.constant or 0.0)
    for coef, v in zip(repn.linear_coefs, repn.linear_vars):
        j = cp.col_of.get(id(v))
        if j is not None:
            total += coef * sol.x[j]
    return total


def _kpis(d: ModelData, f: dict[str, pd.DataFrame], cp: Compiled, sol: Solution) -> pd.DataFrame:
    rows = []
    built = f["demand"]
    nb = built[built.segment == SEGMENT_MAIN]
    area = f["cultivation"]
    proc = f["processing"]
    bal = f["balance"]
    costs = f["costs"]
    tg = f["targets"]
    imp = f["imports"]
    for t in d.years:
        r: dict[str, Any] = {"year": t}
        nb_t = nb[nb.year == t]
        total = nb_t["units"].sum()
        bio = nb_t.loc[nb_t.counts_as_biobased.astype(bool), "units"].sum()
        r["new_build_homes"] = total
        r["biobased_homes"] = bio
        r["biobased_share"] = bio / total if total > 0 else float("nan")
        nat = tg[(tg.region == "*") & (tg.segment == SEGMENT_MAIN) & (tg.year == t)] if len(tg) else tg
        r["target_share"] = float(nat["target_share"].iloc[0]) if len(nat) else float("nan")
        r["shortfall_homes"] = float(nat["shortfall_units"].iloc[0]) if len(nat) else 0.0
        r["marginal_cost_target_eur_per_home"] = (float(nat["marginal_cost_eur_per_unit"].iloc[0])
                                                  if len(nat) else float("nan"))
        a_t = area[area.year == t]
        for c in d.crops:
            r[f"area_ha.{c}"] = a_t.loc[a_t.crop == c, "area_ha"].sum()
        fibre = a_t[a_t.crop.map(d.land_use) == "arable"]["area_ha"].sum()
        r["fibre_crop_area_ha"] = fibre
        p_t = proc[proc.year == t] if len(proc) else proc
        for p in d.processes:
            sub = p_t[p_t.process == p] if len(p_t) else p_t
            r[f"processing_capacity_t.{p}"] = sub["capacity_t_per_yr"].sum() if len(sub) else 0.0
        r["processing_capacity_total_t"] = p_t["capacity_t_per_yr"].sum() if len(p_t) else 0.0
        r["processing_activity_t"] = p_t["activity_t"].sum() if len(p_t) else 0.0
        r["processing_utilisation"] = (r["processing_activity_t"] / r["processing_capacity_total_t"]
                                       if r["processing_capacity_total_t"] > 0 else float("nan"))
        b_t = bal[bal.year == t]
        deliv = b_t.groupby("commodity")["delivered_t"].sum()
        r["co2_stored_t"] = float(sum(d.co2[k] * v for k, v in deliv.items()))
        credited = _evaluate(cp, sol, cp.model.credited_co2_expr[t].expr) * K
        r["co2_credited_t"] = credited
        r["carbon_price_eur_per_t"] = d.carbon_price[t] * K
        r["carbon_credits_eur"] = credited * d.carbon_price[t] * K
        r["carbon_income_eur_per_ha"] = r["carbon_credits_eur"] / fibre if fibre > 1e-9 else 0.0
        bio_deliv = float(sum(d.biobased_share[k] * v for k, v in deliv.items()))
        imp_t = imp[imp.year == t]
        bio_imp = float(sum(d.biobased_share[k] * v for k, v in zip(imp_t.commodity, imp_t.t)
                            if d.commodity_kind[k] == "product"))
        r["biobased_delivered_t"] = bio_deliv
        r["import_share"] = bio_imp / bio_deliv if bio_deliv > 1e-9 else 0.0
        r["surplus_t"] = b_t["surplus_t"].sum()
        c_t = costs[costs.year == t]
        for comp in COST_COMPONENTS:
            r[f"cost_eur.{comp}"] = c_t.loc[c_t.component == comp, "cost_eur"].sum()
        r["total_cost_eur"] = c_t["cost_eur"].sum()
        rows.append(r)
    return pd.DataFrame(rows)
