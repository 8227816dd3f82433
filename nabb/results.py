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

from nabb.model import COST_COMPONENTS, PENALTY_COMPONENTS, balance_price_shift
from nabb.model.data import ModelData
from nabb.units import K
from nabb.solve import Compiled, Solution

SEGMENT_MAIN = "new_build"
#: a surplus read from the balance row (surplus_in_rows) below this many tonnes is solver noise
SURPLUS_ZERO_T = 1e-6
#: a substituted recipe's units (demand less the other recipes) below this many units, or this
#: share of the demand, are rounding noise of that difference
SUBSTITUTED_ZERO_UNITS = 1e-6
SUBSTITUTED_ZERO_SHARE = 1e-9


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
    return frame[col] / frame["year"].map(d.discount_factor)


def product_output(d: ModelData, p: str) -> float:
    """t of building products out per t of activity of process p."""
    return sum(a for k, a in d.proc_out_t_per_t[p].items() if d.commodity_kind.get(k) == "product")


def process_lines(d: ModelData) -> dict[str, str]:
    """product_line: makes a building product (capacity counted in t output/yr);
    primary: takes crops in (t input/yr); other: neither.  The two are never summed."""
    crop_commodities = set(d.crop_commodity.values())
    out = {}
    for p in d.processes:
        if product_output(d, p) > 0:
            out[p] = "product_line"
        elif any(k in crop_commodities for k in d.proc_in_t_per_t[p]):
            out[p] = "primary"
        else:
            out[p] = "other"
    return out


def _with_substituted_area(d: ModelData, area: pd.DataFrame, planted: pd.DataFrame) -> pd.DataFrame:
    """Every (region, crop, year) in model order, a perennial's area without a column (large
    models, nabb.model.land.area_of) read back as existing area + plantings up to that year."""
    have = dict(zip(zip(area.region, area.crop, area.year), area.area_ha))
    sown: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r, c, t, v in zip(planted.region, planted.crop, planted.year, planted.planted_ha):
        sown.setdefault((r, c), []).append((t, v))
    keys = [(r, c, t) for (r, c) in d.cult_pairs for t in d.years]
    vals = [have[k] if k in have else
            d.existing_kha[k[:2]] * K + sum(v for tau, v in sown.get(k[:2], ()) if tau <= k[2])
            for k in keys]
    out = pd.DataFrame(keys, columns=["region", "crop", "year"])
    out["area_ha"] = vals
    return out


def _with_substituted_recipes(m: pyo.ConcreteModel, built: pd.DataFrame) -> pd.DataFrame:
    """Every (region, segment, type, recipe, year) in model order; the recipe substituted out
    of its demand key (large models, nabb.model.demand.built_of) read back as the demand less
    the units of the key's other recipes; a difference within rounding noise of 0
    (SUBSTITUTED_ZERO_UNITS, or SUBSTITUTED_ZERO_SHARE of the demand) is 0."""
    d: ModelData = m.data
    have = dict(zip(zip(built.region, built.segment, built.building_type, built.recipe, built.year),
                    built.value.tolist()))
    vals = []
    for (r, s, b, q, t) in m.built_index:
        key = (r, s, b, t)
        if m.substituted_recipe.get(key) != q:
            vals.append(have[(r, s, b, q, t)])
            continue
        dem = d.demand_kunits[key] * K
        v = dem - sum(have[(r, s, b, q2, t)] for q2 in m.recipes_by_demand[key] if q2 != q)
        vals.append(0.0 if abs(v) <= max(SUBSTITUTED_ZERO_UNITS, SUBSTITUTED_ZERO_SHARE * dem) else v)
    out = pd.DataFrame(list(m.built_index), columns=["region", "segment", "building_type", "recipe", "year"])
    out["value"] = vals
    return out


def extract(cp: Compiled, sol: Solution, scenario: str = "base") -> Results:
    m = cp.model
    d: ModelData = m.data
    f: dict[str, pd.DataFrame] = {}

    # --- cultivation
    area = var_frame(cp, sol, m.area, ["region", "crop", "year"]).rename(columns={"value": "area_ha"})
    planted = var_frame(cp, sol, m.planted, ["region", "crop", "year"]).rename(columns={"value": "planted_ha"})
    if len(area) < len(d.cult_pairs) * len(d.years):
        area = _with_substituted_area(d, area, planted)
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
    proc["existing_capacity_t_per_yr"] = [d.existing_cap_kt_per_yr.get(k, 0.0) * K for k in
                                          zip(proc.region, proc.process, proc.year)]
    inv_s = proc[["invest_loan_t_per_yr", "invest_market_t_per_yr"]].sum(axis=1)
    inv = dict(zip(zip(proc.region, proc.process, proc.year), inv_s.tolist()))
    new_cap = []
    for r, p, t in zip(proc.region, proc.process, proc.year):
        new_cap.append(sum(inv.get((r, p, tau), 0.0) for tau in d.years if tau <= t < tau + d.lifetime_yr[p]))
    proc["new_capacity_t_per_yr"] = new_cap
    proc["capacity_t_per_yr"] = proc["existing_capacity_t_per_yr"] + proc["new_capacity_t_per_yr"]
    proc["usable_capacity_t_per_yr"] = proc["capacity_t_per_yr"] * proc["process"].map(d.availability_share)
    # utilisation against usable capacity: a plant running at its limit reads 100%
    usable = proc["usable_capacity_t_per_yr"]
    proc["utilisation"] = np.where(usable > 1e-9, proc["activity_t"] / usable.where(usable > 1e-9, 1.0), np.nan)
    proc["idle_capacity_t_per_yr"] = (proc["usable_capacity_t_per_yr"] - proc["activity_t"]).clip(lower=0)
    proc["line"] = proc["process"].map(process_lines(d))
    proc["capacity_t_input_per_yr"] = proc["capacity_t_per_yr"] * proc["process"].map(
        lambda p: sum(d.proc_in_t_per_t[p].values()))
    proc["capacity_t_output_per_yr"] = proc["capacity_t_per_yr"] * proc["process"].map(
        lambda p: product_output(d, p))
    cap_dual = dual_frame(cp, sol, m.processing_capacity_max, ["region", "process", "year"])
    # the constraint holds availability x nameplate, so one more t/yr of nameplate capacity
    # is worth the dual times the availability
    cap_dual["capacity_value_eur_per_t_yr"] = (-_undiscount(cap_dual, d) * K
                                               * cap_dual["process"].map(d.availability_share))
    proc = proc.merge(cap_dual.drop(columns="dual"), how="left", on=["region", "process", "year"])
    keep = (proc["capacity_t_per_yr"] > 1e-6) | (proc["activity_t"] > 1e-6)
    f["processing"] = proc[keep].reset_index(drop=True)

    # --- flows and imports
    flow = var_frame(cp, sol, m.flow, ["from_region", "to_region", "commodity", "year"]).rename(columns={"value": "t"})
    flow = flow[flow["t"] > 1e-6].reset_index(drop=True)
    flow["distance_km"] = [d.arc_km[(i, j)] for i, j in zip(flow.from_region, flow.to_region)]
    flow["tkm"] = flow["t"] * flow["distance_km"]
    flow["cost_eur"] = flow["tkm"] * flow["commodity"].map(d.transport_cost_meur_per_kt_km) * K
    f["flows"] = flow
    imp = var_frame(cp, sol, m.imports, ["commodity", "region", "year"]).rename(columns={"value": "t"})
    imp["price_eur_per_t"] = [d.import_price_meur_per_kt[(k, r)] * K for k, r in zip(imp.commodity, imp.region)]
    imp["cost_eur"] = imp["t"] * imp["price_eur_per_t"]
    imp["origin"] = [d.import_origin.get((k, r), "import") for k, r in zip(imp.commodity, imp.region)]
    f["imports"] = imp

    # --- demand
    built = var_frame(cp, sol, m.built, ["region", "segment", "building_type", "recipe", "year"])
    if m.substituted_recipe:
        built = _with_substituted_recipes(m, built)
    # the year is the model's last index; the table shows it after the region
    built = built[["region", "year", "segment", "building_type", "recipe", "value"]].rename(
        columns={"value": "units"})
    built["biobased_share"] = built["recipe"].map(d.recipe_bio_share)
    built["counts_as_biobased"] = built["recipe"].map(d.recipe_is_bio)
    f["demand"] = built

    # --- balance (t)
    keys = ["region", "commodity", "year"]
    parts = []
    parts.append(area.groupby(["region", "commodity", "year"], as_index=False)["production_t"].sum()
                 .rename(columns={"production_t": "harvest_t"}))
    io_rows = [(p, k, a, "in") for p in d.processes for k, a in d.proc_in_t_per_t[p].items()] + \
              [(p, k, a, "out") for p in d.processes for k, a in d.proc_out_t_per_t[p].items()]
    io = pd.DataFrame(io_rows, columns=["process", "commodity", "coef", "direction"])
    pio = act.merge(io, on="process")
    pio["t"] = pio["activity_t"] * pio["coef"]
    parts.append(pio[pio.direction == "out"].groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "process_output_t"}))
    parts.append(pio[pio.direction == "in"].groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "process_input_t"}))
    parts.append(imp.groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "imports_t"}))
    parts.append(flow.rename(columns={"to_region": "region"}).groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "inflow_t"}))
    parts.append(flow.rename(columns={"from_region": "region"}).groupby(keys, as_index=False)["t"].sum().rename(columns={"t": "outflow_t"}))
    mats = pd.DataFrame([(q, k, a) for q, mm in d.recipe_materials_t_per_unit.items() for k, a in mm.items()],
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
    if m.surplus_in_rows:
        # Z is the slack of the balance row (nabb.model.surplus_in_rows): supply - use - W
        left = (bal["harvest_t"] + bal["process_output_t"] + bal["imports_t"] + bal["inflow_t"]
                - bal["process_input_t"] - bal["outflow_t"] - bal["delivered_t"]
                - bal["sold_to_other_markets_t"])
        on_key = pd.Series([k in m.surplus_keys for k in zip(bal.region, bal.commodity, bal.year)],
                           index=bal.index)
        bal["surplus_t"] = left.where(on_key & (left.abs() > SURPLUS_ZERO_T), 0.0)
    bal["production_t"] = bal["harvest_t"] + bal["process_output_t"]
    bal["residual_t"] = (bal["production_t"] + bal["imports_t"] + bal["inflow_t"]
                         - bal["process_input_t"] - bal["outflow_t"] - bal["delivered_t"]
                         - bal["sold_to_other_markets_t"] - bal["surplus_t"])
    prices = dual_frame(cp, sol, m.commodity_balance, keys)
    prices["price_eur_per_t"] = _undiscount(prices, d) * K
    shift = balance_price_shift(m)
    if shift:   # the row carries the surplus cost: price = dual / discount - z_k
        prices["price_eur_per_t"] -= np.array(
            [shift.get(k, 0.0) for k in zip(prices.region, prices.commodity, prices.year)]) * K
    bal = bal.merge(prices.drop(columns="dual"), how="left", on=keys)
    active = bal[cols].abs().sum(axis=1) > 1e-6
    f["balance"] = bal[active].reset_index(drop=True)
    f["prices"] = prices.drop(columns="dual")
    f["coproducts"] = coproducts(d, f["balance"])

    # --- targets
    tg = dual_frame(cp, sol, m.biobased_target, ["segment", "year"])
    tg["region"] = "*"
    sf = var_frame(cp, sol, m.shortfall, ["segment", "year"]).rename(columns={"value": "shortfall_units"})
    tg = tg.merge(sf, on=["segment", "year"], how="left")
    rtg = dual_frame(cp, sol, m.regional_biobased_target, ["segment", "region", "year"])
    rsf = var_frame(cp, sol, m.regional_shortfall, ["segment", "region", "year"]).rename(columns={"value": "shortfall_units"})
    rtg = rtg.merge(rsf, on=["segment", "region", "year"], how="left")
    targets = pd.concat([tg, rtg], ignore_index=True) if len(rtg) else tg
    targets["basis"] = "units"
    mtg = dual_frame(cp, sol, m.biobased_mass_target, ["segment", "year"])
    mtg["region"] = "*"
    msf = var_frame(cp, sol, m.mass_shortfall, ["segment", "year"]).rename(columns={"value": "shortfall_t"})
    mtg = mtg.merge(msf, on=["segment", "year"], how="left")
    rmtg = dual_frame(cp, sol, m.regional_biobased_mass_target, ["segment", "region", "year"])
    rmsf = var_frame(cp, sol, m.regional_mass_shortfall, ["segment", "region", "year"]).rename(
        columns={"value": "shortfall_t"})
    rmtg = rmtg.merge(rmsf, on=["segment", "region", "year"], how="left")
    mass_t = pd.concat([x for x in (mtg, rmtg) if len(x)], ignore_index=True) if (len(mtg) or len(rmtg)) else None
    if mass_t is not None:
        mass_t["basis"] = "mass"
        targets = pd.concat([x for x in (targets, mass_t) if len(x)], ignore_index=True)
    if len(targets):
        targets["target_share"] = [d.national_target_share.get((s, y)) if r == "*" else d.regional_target_share.get((s, r, y))
                                   for s, r, y in zip(targets.segment, targets.region, targets.year)]
        # units basis: EUR per extra biobased unit; mass basis: EUR per t of biobased mass
        targets["marginal_cost_eur_per_unit"] = _undiscount(targets, d) * K
        targets = targets.drop(columns="dual")
        if "shortfall_t" not in targets:
            targets["shortfall_t"] = np.nan
        if "shortfall_units" not in targets:
            targets["shortfall_units"] = np.nan
        bio_mass, tot_mass = _segment_masses(d, built)
        targets["biobased_mass_share"] = [
            (bio_mass.get((s_, y), 0.0) / tot_mass[(s_, y)]) if r == "*" and tot_mass.get((s_, y)) else np.nan
            for s_, r, y in zip(targets.segment, targets.region, targets.year)]
    f["targets"] = targets
    f["target_cost_split"] = target_cost_split(d, built, f["prices"], targets)

    # --- costs (undiscounted EUR per year and component)
    cost_rows = []
    for (comp, t) in m.cost_expr:
        expr = m.cost_expr[comp, t].expr
        cost_rows.append((t, comp, _evaluate(cp, sol, expr) * 1e6))
    costs = pd.DataFrame(cost_rows, columns=["year", "component", "cost_eur"])
    costs["discount_factor"] = costs["year"].map(d.discount_factor)
    costs["discounted_eur"] = costs["cost_eur"] * costs["discount_factor"]
    f["costs"] = costs

    kpis = _kpis(d, f, cp, sol)
    return Results(scenario=scenario, status=sol.status, objective_eur=sol.objective * 1e6,
                   frames=f, kpis=kpis)


def coproducts(d: ModelData, bal: pd.DataFrame) -> pd.DataFrame:
    """Co-products (process outputs that are not building products) per commodity and year:
    what the chain uses itself, what it sells to outside markets and what it discards."""
    cols = ["commodity", "year", "produced_t", "used_in_chain_t", "sold_t", "sale_value_eur",
            "discarded_t", "disposal_cost_eur"]
    made = {k for p in d.processes for k in d.proc_out_t_per_t[p] if d.commodity_kind.get(k) != "product"}
    sub = bal[bal.commodity.isin(made)]
    if not len(sub):
        return pd.DataFrame(columns=cols)
    g = sub.groupby(["commodity", "year"], as_index=False)[
        ["process_output_t", "process_input_t", "delivered_t", "sold_to_other_markets_t", "surplus_t"]].sum()
    out = pd.DataFrame({"commodity": g.commodity, "year": g.year, "produced_t": g.process_output_t,
                        "used_in_chain_t": g.process_input_t + g.delivered_t,
                        "sold_t": g.sold_to_other_markets_t})
    out["sale_value_eur"] = out["sold_t"] * out["commodity"].map(lambda k: d.market_value_meur_per_kt.get(k, 0.0) * K)
    out["discarded_t"] = g.surplus_t
    out["disposal_cost_eur"] = out["discarded_t"] * out["commodity"].map(lambda k: d.surplus_cost_meur_per_kt[k] * K)
    return out[out.produced_t > 1e-6].reset_index(drop=True)


def _segment_masses(d: ModelData, built: pd.DataFrame) -> tuple[dict, dict]:
    """Biobased and total material tonnes per (segment, year)."""
    bio: dict[tuple[str, int], float] = {}
    tot: dict[tuple[str, int], float] = {}
    for s_, y, q, u in zip(built.segment, built.year, built.recipe, built.units):
        bio[(s_, y)] = bio.get((s_, y), 0.0) + u * d.recipe_bio_mass_t_per_unit.get(q, 0.0)
        tot[(s_, y)] = tot.get((s_, y), 0.0) + u * d.recipe_total_mass_t_per_unit.get(q, 0.0)
    return bio, tot


SPLIT_PARTS = ("timber_eur", "crop_products_eur", "mineral_and_other_materials_eur",
               "construction_eur", "carbon_credits_eur")


def recipe_cost_parts(d: ModelData, q: str, region: str, year: int,
                      price: dict[tuple[str, str, int], float]) -> dict[str, float]:
    """What one unit built with recipe q costs in a region and year (EUR), by part: the listed
    materials at their implied prices by material group, the construction cost (extra cost
    plus the non-modelled mass) and the carbon credits it earns (negative)."""
    parts = dict.fromkeys(SPLIT_PARTS, 0.0)
    group_part = {"timber": "timber_eur", "crop_product": "crop_products_eur"}
    for k, a in d.recipe_materials_t_per_unit[q].items():
        part = group_part.get(d.material_group.get(k, "other"), "mineral_and_other_materials_eur")
        parts[part] += a * price.get((region, k, year), 0.0)
        parts["carbon_credits_eur"] -= a * d.carbon_price_meur_per_kt[year] * K * _credit_factor(d, k)
    parts["construction_eur"] = (d.recipe_extra_cost_meur_per_kunit[q] + d.recipe_other_cost_meur_per_kunit.get(q, 0.0)) * K
    return parts


def _credit_factor(d: ModelData, k: str) -> float:
    from nabb.model.policy import credit_factor
    return credit_factor(d, k)


def target_cost_split(d: ModelData, built: pd.DataFrame, prices: pd.DataFrame,
                      targets: pd.DataFrame) -> pd.DataFrame:
    """The national target's marginal cost split into its parts.

    At the optimum a biobased recipe and a conventional one built side by side in the same
    region (both basic) cost the same once the target's price is counted, so the marginal
    cost is the difference of their costs: materials at the implied regional prices by group
    (timber/CLT, crop products, mineral and other), construction cost, carbon credits.  What
    the difference does not explain (other_limits_eur) is the price of a limit that also acts
    on the recipe: a construction-system growth limit or a regional target.
    """
    cols = ["segment", "year", "marginal_cost_eur_per_unit", "region", "building_type",
            "biobased_recipe", "conventional_recipe", *SPLIT_PARTS, "other_limits_eur"]
    if not len(targets):
        return pd.DataFrame(columns=cols)
    price = {(r, k, y): v for r, k, y, v in zip(prices.region, prices.commodity, prices.year,
                                                prices.price_eur_per_t)}
    rows = []
    nat = targets[(targets.region == "*") & (targets.basis == "units")]
    b = built[built.units > 1e-6]
    is_bio = b.counts_as_biobased.astype(bool)
    # per (segment, year, region, building type): the weight of a biobased and a conventional
    # recipe side by side, min(largest biobased, largest conventional); one groupby for all
    keys = ["segment", "year", "region", "building_type"]
    side = pd.concat([b[is_bio].groupby(keys)["units"].max().rename("bio"),
                      b[~is_bio].groupby(keys)["units"].max().rename("conv")],
                     axis=1, join="inner").reset_index()
    side["weight"] = side[["bio", "conv"]].min(axis=1)
    for s_, y, lam in zip(nat.segment, nat.year, nat.marginal_cost_eur_per_unit):
        cand = side[(side.segment == s_) & (side.year == y)]
        if not len(cand):
            continue
        # the heaviest pair; on a tie the first in (region, building type) order
        best = cand.sort_values(["region", "building_type"]).weight.idxmax()
        r, bt = cand.at[best, "region"], cand.at[best, "building_type"]
        g = b[(b.segment == s_) & (b.year == y) & (b.region == r) & (b.building_type == bt)]
        qb = g[is_bio[g.index]].sort_values("units").recipe.iloc[-1]
        qc = g[~is_bio[g.index]].sort_values("units").recipe.iloc[-1]
        pb = recipe_cost_parts(d, qb, r, y, price)
        pc = recipe_cost_parts(d, qc, r, y, price)
        diff = {k: pb[k] - pc[k] for k in SPLIT_PARTS}
        rows.append({"segment": s_, "year": y, "marginal_cost_eur_per_unit": lam, "region": r,
                     "building_type": bt, "biobased_recipe": qb, "conventional_recipe": qc, **diff,
                     "other_limits_eur": lam - sum(diff.values())})
    return pd.DataFrame(rows, columns=cols)


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


def credited_by_crop(d: ModelData, deliv: pd.Series, imp_t: pd.DataFrame, area_t: pd.DataFrame) -> dict[str, float]:
    """t CO2 credited per crop: each product's credited CO2 traced back to the Dutch crop
    commodities its mass comes from; a crop commodity grown by several crops is shared by
    their harvest."""
    from nabb.model.policy import credit_factor, is_imported
    net = {k: float(v) for k, v in deliv.items()}
    for k, r_, v in zip(imp_t.commodity, imp_t.region, imp_t.t):
        if is_imported(d, k, r_):
            net[k] = net.get(k, 0.0) - float(v)
    by_commodity: dict[str, float] = {}
    for k, v in net.items():
        cf = credit_factor(d, k)
        f_k = d.dutch_crop_share.get(k, 0.0)
        if not cf or f_k <= 0:
            continue
        for c, share in d.crop_origin_t_per_t.get(k, {}).items():
            by_commodity[c] = by_commodity.get(c, 0.0) + v * cf * share / f_k
    harvest = area_t.groupby("crop")["production_t"].sum() if len(area_t) else pd.Series(dtype=float)
    out: dict[str, float] = {}
    for com, co2 in by_commodity.items():
        growers = [c for c in d.crops if d.crop_commodity[c] == com]
        total = sum(float(harvest.get(c, 0.0)) for c in growers)
        for c in growers:
            w = float(harvest.get(c, 0.0)) / total if total > 1e-9 else 1.0 / len(growers)
            out[c] = out.get(c, 0.0) + co2 * w
    return out


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
        # primary processing in t input/yr, product lines in t output/yr: never summed
        lines = process_lines(d)
        for line, per_act, unit in (("primary", lambda p: sum(d.proc_in_t_per_t[p].values()), "input"),
                                    ("product_line", lambda p: product_output(d, p), "output")):
            cap = use = usable = 0.0
            for p in d.processes:
                if lines[p] != line or not len(p_t):
                    continue
                sub = p_t[p_t.process == p]
                f_ = per_act(p)
                cap += f_ * sub["capacity_t_per_yr"].sum()
                usable += f_ * sub["usable_capacity_t_per_yr"].sum()
                use += f_ * sub["activity_t"].sum()
            r[f"{line}_capacity_t_{unit}_per_yr"] = cap
            r[f"{line}_throughput_t_{unit}_per_yr"] = use
            r[f"{line}_utilisation"] = use / usable if usable > 1e-9 else float("nan")
        r["processing_activity_t"] = p_t["activity_t"].sum() if len(p_t) else 0.0
        b_t = bal[bal.year == t]
        deliv = b_t.groupby("commodity")["delivered_t"].sum()
        r["co2_stored_t"] = float(sum(d.co2_t_per_t[k] * v for k, v in deliv.items()))
        credited = _evaluate(cp, sol, cp.model.credited_co2_expr[t].expr) * K
        r["co2_credited_t"] = credited
        r["carbon_price_eur_per_t"] = d.carbon_price_meur_per_kt[t] * K
        r["carbon_credits_eur"] = credited * d.carbon_price_meur_per_kt[t] * K
        # carbon income per hectare of the crops whose mass earned the credits
        by_crop = credited_by_crop(d, deliv, imp[imp.year == t], a_t)
        earning_ha = 0.0
        for c in d.crops:
            ha = r[f"area_ha.{c}"]
            co2_c = by_crop.get(c, 0.0)
            r[f"carbon_income_eur_per_ha.{c}"] = (co2_c * d.carbon_price_meur_per_kt[t] * K / ha
                                                  if ha > 1e-9 and co2_c > 1e-9 else 0.0)
            if co2_c > 1e-9:
                earning_ha += ha
        r["credit_earning_area_ha"] = earning_ha
        r["carbon_income_eur_per_ha"] = r["carbon_credits_eur"] / earning_ha if earning_ha > 1e-9 else 0.0
        bio_deliv = float(sum(d.biobased_share[k] * v for k, v in deliv.items()))
        imp_t = imp[imp.year == t]
        bio_imp = float(sum(d.biobased_share[k] * v for k, v, reg in zip(imp_t.commodity, imp_t.t, imp_t.region)
                            if d.commodity_kind[k] == "product" and d.import_origin.get((k, reg), "import") == "import"))
        r["biobased_delivered_t"] = bio_deliv
        r["import_share"] = bio_imp / bio_deliv if bio_deliv > 1e-9 else 0.0
        r["surplus_t"] = b_t["surplus_t"].sum()
        c_t = costs[costs.year == t]
        for comp in COST_COMPONENTS:
            r[f"cost_eur.{comp}"] = c_t.loc[c_t.component == comp, "cost_eur"].sum()
        # this year's objective terms in EUR of the year: penalties and credits included
        r["cost_undiscounted_eur"] = c_t["cost_eur"].sum()
        # money spent by the chain: the same without the penalties (shortfall prices)
        r["chain_cost_undiscounted_eur"] = c_t.loc[~c_t.component.isin(PENALTY_COMPONENTS), "cost_eur"].sum()
        sold = b_t["sold_to_other_markets_t"].sum()
        r["coproducts_sold_t"] = sold
        # the other NABB segments (retrofit, non-residential): units, biobased, target
        for seg in sorted({s for (_, s, _, _) in d.demand_kunits} - {SEGMENT_MAIN}):
            b_seg = built[(built.segment == seg) & (built.year == t)]
            units = float(b_seg["units"].sum())
            r[f"units.{seg}"] = units
            r[f"biobased_units.{seg}"] = float(b_seg.loc[b_seg.counts_as_biobased.astype(bool), "units"].sum())
            tot_m = float(sum(u * d.recipe_total_mass_t_per_unit.get(q, 0.0) for q, u in zip(b_seg.recipe, b_seg.units)))
            bio_m = float(sum(u * d.recipe_bio_mass_t_per_unit.get(q, 0.0) for q, u in zip(b_seg.recipe, b_seg.units)))
            r[f"biobased_mass_share.{seg}"] = bio_m / tot_m if tot_m > 1e-9 else float("nan")
            sel = tg[(tg.region == "*") & (tg.segment == seg) & (tg.year == t)] if len(tg) else tg
            r[f"target_share.{seg}"] = float(sel["target_share"].iloc[0]) if len(sel) else float("nan")
            r[f"marginal_cost_target.{seg}"] = (float(sel["marginal_cost_eur_per_unit"].iloc[0])
                                                if len(sel) else float("nan"))
        rows.append(r)
    return pd.DataFrame(rows)
