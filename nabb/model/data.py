"""Inputs -> plain, scaled Python data for the model builder (no Pyomo, no openpyxl).

Internal units keep the LP well scaled: areas in kha, masses in kt, units (homes) in
thousands, money in M EUR.  So a cost in EUR/ha, EUR/t or EUR/home becomes a coefficient
in M EUR per kha, kt or thousand homes by dividing by 1,000, and a dual in M EUR/kt is
k EUR/t (multiply by 1,000 for EUR/t).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nabb.inputs import Inputs
from nabb.schema import LAND_KINDS
from nabb.units import K

#: Plant statuses that count as capacity.
COUNTING_STATUSES = ("existing", "financed", "under_construction")


def capital_recovery_factor(rate: float, years: int) -> float:
    """Annuity per unit of investment: r(1+r)^n / ((1+r)^n - 1); 1/n when r = 0."""
    if years <= 0:
        raise ValueError("lifetime must be positive")
    if rate == 0:
        return 1.0 / years
    f = (1 + rate) ** years
    return rate * f / (f - 1)


def _num(x: Any, default: float = 0.0) -> float:
    if x is None:
        return default
    try:
        v = float(x)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(v) else v


@dataclass
class ModelData:
    """Everything the model builder needs, in the LP's internal units.

    A field with a unit carries it in its name: kha, kt, kt_per_yr (capacity and yearly caps),
    kunits (thousand units: homes, m2), meur (M EUR), t_per_t, t_per_unit, yr, per_yr.  Shares
    (t/t of a total) end in ``share``; sets, maps, flags and names have no unit and no suffix.
    """
    years: list[int]
    prev_year: dict[int, int | None]
    gap_yr: dict[int, int]                                          # years since the previous modelled year
    discount_factor: dict[int, float]                               # 1 / (1 + d)^(t - base year)
    regions: list[str]
    land_regions: list[str]
    commodities: list[str]
    # land
    crops: list[str]
    crop_commodity: dict[str, str]
    perennial: dict[str, bool]
    establishment_years: dict[str, int]
    cult_pairs: list[tuple[str, str]]                               # (region, crop)
    yield_kt_per_kha: dict[tuple[str, str], float]
    area_cap_kha: dict[tuple[str, str], float]                      # rotation / byproduct / max_area
    existing_kha: dict[tuple[str, str], float]
    arable_kha: dict[str, float]
    land_use: dict[str, str]
    growth_rate_per_yr: dict[str, float]
    growth_kha_per_yr: dict[str, float]
    area_cost_meur_per_kha: dict[str, float]                        # per year: cultivation + forgone margin
    establishment_cost_meur_per_kha: dict[str, float]               # once, per kha planted
    contracted_kha: dict[tuple[str, str, int], float]
    # processing
    processes: list[str]
    proc_in_t_per_t: dict[str, dict[str, float]]                    # process -> commodity -> t per t activity
    proc_out_t_per_t: dict[str, dict[str, float]]
    proc_pairs: list[tuple[str, str]]                               # (region, process) where it may run
    invest_pairs: list[tuple[str, str]]                             # (region, process) where it may be built
    existing_cap_kt_per_yr: dict[tuple[str, str, int], float]
    availability_share: dict[str, float]                            # usable share of nameplate capacity
    lifetime_yr: dict[str, int]
    capex_annual_loan_meur_per_kt: dict[str, float]                 # per kt/yr of capacity, per year
    capex_annual_market_meur_per_kt: dict[str, float]               # per kt/yr of capacity, per year
    fixed_om_meur_per_kt: dict[str, float]                          # per kt/yr of capacity, per year
    variable_cost_meur_per_kt: dict[str, float]                     # per kt of activity
    max_investment_kt_per_yr: dict[str, float | None]
    loan_min_utilisation_share: float
    loan_max_meur: float | None                                     # loan per region and year
    capex_meur_per_kt: dict[str, float]                             # investment per kt/yr of capacity
    loan_share: float
    # transport
    arcs: list[tuple[str, str]]
    arc_km: dict[tuple[str, str], float]
    transport_cost_meur_per_kt_km: dict[str, float]
    arc_capacity_kt_per_yr: float | None
    # imports
    import_options: list[tuple[str, str]]                           # (commodity, region)
    import_price_meur_per_kt: dict[tuple[str, str], float]
    import_cap_kt_per_yr: dict[tuple[str, str], float | None]
    # demand
    demand_keys: list[tuple[str, str, str, int]]                    # (region, segment, type, year)
    demand_kunits: dict[tuple[str, str, str, int], float]
    recipes_for: dict[tuple[str, str], list[str]]                   # (segment, type) -> recipes
    recipe_materials_t_per_unit: dict[str, dict[str, float]]        # recipe -> commodity -> t/unit
    recipe_extra_cost_meur_per_kunit: dict[str, float]
    recipe_bio_share: dict[str, float]
    recipe_is_bio: dict[str, bool]
    # policy
    national_target_share: dict[tuple[str, int], float]             # (segment, year) -> share
    regional_target_share: dict[tuple[str, str, int], float]        # (segment, region, year) -> share
    shortfall_penalty_meur_per_kunit: float
    carbon_price_meur_per_kt: dict[int, float]                      # per kt CO2 (= k EUR/t)
    min_domestic_share: dict[int, float]
    # commodities
    biobased_share: dict[str, float]
    co2_t_per_t: dict[str, float]                                   # t CO2 stored per t
    credit_eligible: dict[str, bool]
    surplus_cost_meur_per_kt: dict[str, float]
    market_value_meur_per_kt: dict[str, float]                      # sold outside construction
    market_cap_kt_per_yr: dict[str, float]
    commodity_kind: dict[str, str]
    meta: dict[str, Any] = field(default_factory=dict)
    # whole-home cost: what the non-modelled (mineral) mass of a recipe costs
    recipe_other_cost_meur_per_kunit: dict[str, float] = field(default_factory=dict)
    recipe_bio_mass_t_per_unit: dict[str, float] = field(default_factory=dict)
    recipe_total_mass_t_per_unit: dict[str, float] = field(default_factory=dict)
    # national growth limits: new capacity per process and units per construction system
    national_growth_kt_per_yr: dict[str, float | None] = field(default_factory=dict)
    national_growth_rate_per_yr: dict[str, float] = field(default_factory=dict)
    recipe_build_system: dict[str, str] = field(default_factory=dict)           # recipe -> system
    #: system -> base, growth, cap (kunits per yr) and rate (per yr)
    build_systems: dict[str, dict[str, float | None]] = field(default_factory=dict)
    # perennials: planting annuity (per kha per modelled year) and stand life
    establishment_annuity_meur_per_kha: dict[str, float] = field(default_factory=dict)
    stand_lifetime_yr: dict[str, int] = field(default_factory=dict)
    # targets by mass (segment[, region], year) -> "units" | "mass"
    target_basis: dict[tuple, str] = field(default_factory=dict)
    mass_shortfall_penalty_meur_per_kt: float = 10.0
    domestic_shortfall_penalty_meur_per_kt: float = 10.0
    # origin of commodities and of purchase options
    material_group: dict[str, str] = field(default_factory=dict)
    dutch_crop_share: dict[str, float] = field(default_factory=dict)
    import_origin: dict[tuple[str, str], str] = field(default_factory=dict)
    crop_origin_t_per_t: dict[str, dict[str, float]] = field(default_factory=dict)  # k -> crop commodity -> t/t


def derive_crop_origin(commodities: list[str], crop_commodities: set[str],
                       proc_in: dict[str, dict[str, float]],
                       proc_out: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Mass share of each commodity that comes from each Dutch crop commodity (process_io).

    A crop commodity is all itself.  A process passes on its input mass shares (input tonnes
    over all input tonnes, through intermediates); a commodity made by several processes
    takes the process with the lowest Dutch-crop share (so no credit is paid on mass that
    may come from elsewhere); a commodity made by no process (bought only) has none.
    """
    makers: dict[str, list[str]] = {}
    for p, outs in proc_out.items():
        for k in outs:
            makers.setdefault(k, []).append(p)
    memo: dict[str, dict[str, float]] = {}
    visiting: set[str] = set()

    def origin(k: str) -> dict[str, float]:
        if k in crop_commodities:
            return {k: 1.0}
        if k in memo:
            return memo[k]
        if k in visiting or k not in makers:  # a cycle, or bought only
            return {}
        visiting.add(k)
        best: dict[str, float] | None = None
        for p in makers[k]:
            total = sum(proc_in[p].values())
            vec: dict[str, float] = {}
            for i, a in proc_in[p].items():
                for c, share in origin(i).items():
                    vec[c] = vec.get(c, 0.0) + (a / total if total > 0 else 0.0) * share
            if best is None or sum(vec.values()) < sum(best.values()):
                best = vec
        visiting.discard(k)
        memo[k] = best or {}
        return memo[k]

    return {k: origin(k) for k in commodities}


#: From this many possible balance keys (regions x commodities x years) on, the exact column
#: cuts of issue 14 that only large models need apply (:func:`lean_columns`).  The default (15
#: regions x 20 commodities x 6 years = 1,800) keeps its LP; 40 synthetic regions have 5,160.
LEAN_COLUMNS_MIN_KEYS = 2_000


def lean_columns(d: "ModelData") -> bool:
    """Whether the exact column cuts for large models apply (import forests, idle plantings,
    perennial area as plantings, one conventional recipe per demand key substituted).

    ``d.meta["lean_columns"]`` (True or False) overrides the size rule either way; the tests
    solve both forms.  Small models keep their LP: it has several optimal plans, and a smaller
    LP may report another plan of the same cost than the one its users know.
    """
    flag = d.meta.get("lean_columns")
    if flag is not None:
        return bool(flag)
    return len(d.regions) * len(d.commodities) * len(d.years) >= LEAN_COLUMNS_MIN_KEYS


def prepare(inputs: Inputs) -> ModelData:
    t = inputs.tables
    s = inputs.settings
    years = inputs.years
    prev = {y: (years[i - 1] if i else None) for i, y in enumerate(years)}
    gap = {y: (y - prev[y] if prev[y] is not None else 1) for y in years}
    base = int(s["base_year"])
    rate = float(s["discount_rate"])
    discount = {y: 1.0 / (1.0 + rate) ** (y - base) for y in years}

    reg = t["regions"]
    regions = list(reg["region"])
    kind = dict(zip(reg["region"], reg["kind"].fillna("province")))
    land_regions = [r for r in regions if kind[r] in LAND_KINDS]
    arable = {r: _num(v) / K for r, v in zip(reg["region"], reg["arable_land_ha"])}
    cereal = {r: _num(v) / K for r, v in zip(reg["region"], reg["cereal_area_ha"])}

    com = t["commodities"]
    commodities = list(com["commodity"])

    crops_df = t["crops"]
    crops = list(crops_df["crop"])
    cr = crops_df.set_index("crop")
    cult = t["cultivation"].set_index(["region", "crop"]) if len(t["cultivation"]) else None
    cult_pairs, yld, cap, existing = [], {}, {}, {}
    for r in land_regions:
        for c in crops:
            row = cult.loc[(r, c)] if cult is not None and (r, c) in cult.index else None
            ex = _num(row["existing_area_ha"]) / K if row is not None else 0.0
            base_area = cereal[r] if cr.at[c, "land_use"] == "cereal_byproduct" else arable[r]
            ucap = _num(cr.at[c, "rotation_max_share"]) * base_area
            if row is not None and not pd.isna(row["max_area_ha"]):
                ucap = min(ucap, _num(row["max_area_ha"]) / K)
            if bool(cr.at[c, "perennial"]):
                ucap = max(ucap, ex)  # planted perennials persist, whatever the cap
            if ucap <= 0 and ex <= 0:
                continue
            cult_pairs.append((r, c))
            y_reg = _num(row["yield_t_per_ha"], math.nan) if row is not None else math.nan
            yld[(r, c)] = _num(cr.at[c, "yield_t_per_ha"]) if math.isnan(y_reg) else y_reg
            cap[(r, c)] = ucap
            existing[(r, c)] = ex
    contracted = {}
    for _, row in t["contracted_area"].iterrows():
        if int(row["year"]) in years:
            contracted[(row["region"], row["crop"], int(row["year"]))] = _num(row["area_ha"]) / K

    procs = t["processes"]
    processes = list(procs["process"])
    pr = procs.set_index("process")
    proc_in: dict[str, dict[str, float]] = {p: {} for p in processes}
    proc_out: dict[str, dict[str, float]] = {p: {} for p in processes}
    for _, row in t["process_io"].iterrows():
        target = proc_in if row["direction"] == "in" else proc_out
        target[row["process"]][row["commodity"]] = (target[row["process"]].get(row["commodity"], 0.0)
                                                    + _num(row["t_per_t"]))
    existing_cap: dict[tuple[str, str, int], float] = {}
    for _, row in t["capacity"].iterrows():
        status = row["status"] or "existing"
        if status not in COUNTING_STATUSES:
            continue
        start = int(row["commissioning_year"]) if row["commissioning_year"] is not None else 1900
        end = row["decommissioning_year"]
        end = int(end) if end is not None and not pd.isna(end) else 9999
        for y in years:
            if start <= y <= end:
                key = (row["region"], row["process"], y)
                existing_cap[key] = existing_cap.get(key, 0.0) + _num(row["capacity_t_per_yr"]) / K
    invest_pairs = [(r, p) for r in land_regions for p in processes]
    with_cap = {(r, p) for (r, p, _) in existing_cap}
    proc_pairs = sorted(set(invest_pairs) | with_cap, key=lambda x: (regions.index(x[0]),
                                                                     processes.index(x[1])))
    i_m = float(s["market_interest_rate"])
    i_l = float(s["loan_interest_rate"])
    share = float(s["loan_share"])
    blended = share * i_l + (1 - share) * i_m
    capex_l, capex_m, life = {}, {}, {}
    for p in processes:
        n = int(pr.at[p, "lifetime_years"])
        life[p] = n
        capex = _num(pr.at[p, "capex_eur_per_t_yr"])  # EUR per t/yr == M EUR per Mt/yr; /K below
        capex_l[p] = capex * capital_recovery_factor(blended, n) / K
        capex_m[p] = capex * capital_recovery_factor(i_m, n) / K
    max_inv = {p: (None if pd.isna(pr.at[p, "max_investment_t_per_yr"])
                   else _num(pr.at[p, "max_investment_t_per_yr"]) / K) for p in processes}

    arcs_df = t["arcs"]
    arcs: list[tuple[str, str]] = []
    arc_km: dict[tuple[str, str], float] = {}
    for _, row in arcs_df.iterrows():
        a = (row["from_region"], row["to_region"])
        pairs = [a, (a[1], a[0])] if (row["bidirectional"] is None or bool(row["bidirectional"])) else [a]
        for pair in pairs:
            if pair not in arc_km:
                arcs.append(pair)
            arc_km[pair] = _num(row["distance_km"])

    imp = t["imports"]
    import_options = [(row["commodity"], row["region"]) for _, row in imp.iterrows()]
    import_price = {(row["commodity"], row["region"]): _num(row["price_eur_per_t"]) / K
                    for _, row in imp.iterrows()}
    import_cap = {(row["commodity"], row["region"]): (None if pd.isna(row["max_t_per_yr"])
                                                      else _num(row["max_t_per_yr"]) / K)
                  for _, row in imp.iterrows()}

    cm = com.set_index("commodity")
    bio = {k: _num(cm.at[k, "biobased_share"]) for k in commodities}
    rec = t["recipes"]
    mats: dict[str, dict[str, float]] = {r: {} for r in rec["recipe"]}
    for _, row in t["recipe_materials"].iterrows():
        mats[row["recipe"]][row["commodity"]] = mats[row["recipe"]].get(row["commodity"], 0.0) + _num(row["t_per_unit"])
    threshold = float(s["biobased_threshold"])
    bio_share, is_bio, extra, recipes_for, total_mass = {}, {}, {}, {}, {}
    bio_mass, other_cost, build_system = {}, {}, {}
    other_price = float(s.get("other_mass_price_eur_per_t", 0.0) or 0.0)
    for _, row in rec.iterrows():
        r_ = row["recipe"]
        listed = sum(mats[r_].values())
        total = listed + _num(row["other_mass_t_per_unit"])
        biomass = sum(q * bio[k] for k, q in mats[r_].items())
        bio_share[r_] = biomass / total if total > 0 else 0.0
        total_mass[r_] = total
        bio_mass[r_] = biomass
        explicit = _num(row.get("other_material_cost_eur_per_unit"), math.nan)
        other_cost[r_] = (explicit if not math.isnan(explicit)
                          else _num(row["other_mass_t_per_unit"]) * other_price) / K
        system = row.get("build_system")
        if isinstance(system, str) and system.strip():
            build_system[r_] = system.strip()
        is_bio[r_] = bio_share[r_] >= threshold - 1e-9
        extra[r_] = _num(row["extra_cost_eur_per_unit"]) / K
        recipes_for.setdefault((row["segment"], row["building_type"]), []).append(r_)

    dem = t["demand"]
    demand_k: dict[tuple[str, str, str, int], float] = {}
    for _, row in dem.iterrows():
        y = int(row["year"])
        if y not in years or row["region"] not in set(regions):
            continue
        key = (row["region"], row["segment"], row["building_type"], y)
        demand_k[key] = demand_k.get(key, 0.0) + _num(row["units"]) / K
    demand_keys = [k for k, v in demand_k.items() if v > 0]

    nat, regt, basis = {}, {}, {}
    for _, row in t["targets"].iterrows():
        y = int(row["year"])
        if y not in years:
            continue
        b_ = row.get("basis") or "units"
        if row["region"] == "*":
            nat[(row["segment"], y)] = _num(row["target_share"])
            basis[(row["segment"], y)] = b_
        else:
            regt[(row["segment"], row["region"], y)] = _num(row["target_share"])
            basis[(row["segment"], row["region"], y)] = b_

    systems: dict[str, dict[str, float | None]] = {}
    for _, row in t["build_systems"].iterrows():
        unit_cap = _num(row["max_units_per_year"], math.nan)
        systems[row["system"]] = {"base": _num(row["base_units_per_year"]) / K,
                                  "growth": _num(row["max_growth_units_per_year"]) / K,
                                  "rate": _num(row["max_growth_rate"]),
                                  "cap": None if math.isnan(unit_cap) else unit_cap / K}

    crop_commodities = set(crops_df["commodity"])
    crop_origin = derive_crop_origin(commodities, crop_commodities, proc_in, proc_out)
    dutch_f, group = {}, {}
    for k in commodities:
        given = _num(cm.at[k, "dutch_crop_share"], math.nan) if "dutch_crop_share" in cm.columns else math.nan
        derived = sum(crop_origin[k].values())
        dutch_f[k] = derived if math.isnan(given) else given
        if not math.isnan(given):  # a given share keeps the derived split over crops
            crop_origin[k] = ({c: v * given / derived for c, v in crop_origin[k].items()}
                              if derived > 0 else {})
        g = cm.at[k, "material_group"] if "material_group" in cm.columns else ""
        if not isinstance(g, str) or not g.strip():
            g = ("crop_product" if bio[k] > 0 and dutch_f[k] > 0 else
                 "timber" if bio[k] > 0 else "other")
        group[k] = g.strip()
    origin = {(row["commodity"], row["region"]): (row.get("origin") or "import")
              for _, row in imp.iterrows()}
    crf_stand, life_stand = {}, {}
    for c in crops:
        life_c = _num(cr.at[c, "stand_lifetime_years"], math.nan) if "stand_lifetime_years" in cr.columns else math.nan
        if not math.isnan(life_c) and bool(cr.at[c, "perennial"]):
            # levelised over the productive years: planting plus the establishment years'
            # cultivation cost and forgone margin, paid back by each harvested year
            lag = int(_num(cr.at[c, "establishment_years"]))
            productive = max(int(life_c) - lag, 1)
            life_stand[c] = int(life_c)
            upfront = (_num(cr.at[c, "establishment_cost_eur_per_ha"])
                       + lag * (_num(cr.at[c, "cultivation_cost_eur_per_ha"])
                                + _num(cr.at[c, "competing_margin_eur_per_ha"])))
            crf_stand[c] = upfront * capital_recovery_factor(float(s["market_interest_rate"]), productive) / K

    pol = t["policy"].set_index("year")
    carbon = {y: _num(pol.at[y, "carbon_price_eur_per_t"]) / K for y in years}
    mds = {y: _num(pol.at[y, "min_domestic_share"]) for y in years}
    arc_cap = float(s["transport_arc_capacity_t"])

    return ModelData(
        years=years, prev_year=prev, gap_yr=gap, discount_factor=discount, regions=regions,
        land_regions=land_regions, commodities=commodities,
        crops=crops, crop_commodity={c: cr.at[c, "commodity"] for c in crops},
        perennial={c: bool(cr.at[c, "perennial"]) for c in crops},
        establishment_years={c: int(_num(cr.at[c, "establishment_years"])) for c in crops},
        cult_pairs=cult_pairs, yield_kt_per_kha=yld, area_cap_kha=cap, existing_kha=existing,
        arable_kha=arable, land_use={c: cr.at[c, "land_use"] for c in crops},
        growth_rate_per_yr={c: _num(cr.at[c, "max_growth_rate"]) for c in crops},
        growth_kha_per_yr={c: _num(cr.at[c, "max_growth_ha_per_year"]) / K for c in crops},
        area_cost_meur_per_kha={c: (_num(cr.at[c, "cultivation_cost_eur_per_ha"])
                       + _num(cr.at[c, "competing_margin_eur_per_ha"])) / K for c in crops},
        establishment_cost_meur_per_kha={c: _num(cr.at[c, "establishment_cost_eur_per_ha"]) / K for c in crops},
        contracted_kha=contracted,
        processes=processes, proc_in_t_per_t=proc_in, proc_out_t_per_t=proc_out, proc_pairs=proc_pairs,
        invest_pairs=invest_pairs, existing_cap_kt_per_yr=existing_cap,
        availability_share={p: _num(pr.at[p, "availability"], 1.0) for p in processes},
        lifetime_yr=life, capex_annual_loan_meur_per_kt=capex_l, capex_annual_market_meur_per_kt=capex_m,
        fixed_om_meur_per_kt={p: _num(pr.at[p, "fixed_om_eur_per_t_yr"]) / K for p in processes},
        variable_cost_meur_per_kt={p: _num(pr.at[p, "variable_cost_eur_per_t"]) / K for p in processes},
        max_investment_kt_per_yr=max_inv, loan_min_utilisation_share=float(s["loan_min_utilisation"]),
        loan_max_meur=(float(s["loan_max_eur"]) / 1e6 if float(s["loan_max_eur"]) > 0 else None),
        capex_meur_per_kt={p: _num(pr.at[p, "capex_eur_per_t_yr"]) / K for p in processes},
        loan_share=share,
        arcs=arcs, arc_km=arc_km,
        transport_cost_meur_per_kt_km={k: _num(cm.at[k, "transport_cost_eur_per_tkm"]) / K for k in commodities},
        arc_capacity_kt_per_yr=(arc_cap / K if arc_cap > 0 else None),
        import_options=import_options, import_price_meur_per_kt=import_price, import_cap_kt_per_yr=import_cap,
        demand_keys=demand_keys, demand_kunits=demand_k, recipes_for=recipes_for,
        recipe_materials_t_per_unit=mats, recipe_extra_cost_meur_per_kunit=extra, recipe_bio_share=bio_share,
        recipe_is_bio=is_bio, national_target_share=nat, regional_target_share=regt,
        shortfall_penalty_meur_per_kunit=float(s["shortfall_penalty_eur_per_unit"]) / K,
        carbon_price_meur_per_kt=carbon, min_domestic_share=mds,
        biobased_share=bio, co2_t_per_t={k: _num(cm.at[k, "co2_storage_t_per_t"]) for k in commodities},
        credit_eligible={k: bool(cm.at[k, "credit_eligible"]) for k in commodities},
        surplus_cost_meur_per_kt={k: _num(cm.at[k, "surplus_cost_eur_per_t"]) / K for k in commodities},
        market_value_meur_per_kt={k: _num(cm.at[k, "market_value_eur_per_t"]) / K for k in commodities
                      if _num(cm.at[k, "market_value_eur_per_t"]) > 0},
        market_cap_kt_per_yr={k: _num(cm.at[k, "market_max_t_per_yr"]) / K for k in commodities
                       if _num(cm.at[k, "market_value_eur_per_t"]) > 0},
        commodity_kind={k: cm.at[k, "kind"] for k in commodities},
        meta={"hard_targets": bool(s.get("hard_targets", False)), "recipe_total_mass_t": total_mass},
        recipe_other_cost_meur_per_kunit=other_cost, recipe_bio_mass_t_per_unit=bio_mass, recipe_total_mass_t_per_unit=total_mass,
        national_growth_kt_per_yr={p: (None if pd.isna(pr.at[p, "national_growth_t_per_yr"])
                                else _num(pr.at[p, "national_growth_t_per_yr"]) / K) for p in processes},
        national_growth_rate_per_yr={p: _num(pr.at[p, "national_growth_rate"]) for p in processes},
        recipe_build_system=build_system, build_systems=systems,
        establishment_annuity_meur_per_kha=crf_stand, stand_lifetime_yr=life_stand,
        target_basis=basis,
        mass_shortfall_penalty_meur_per_kt=float(s.get("mass_shortfall_penalty_eur_per_t", 10_000.0)) / K,
        domestic_shortfall_penalty_meur_per_kt=float(s.get("domestic_shortfall_penalty_eur_per_t", 10_000.0)) / K,
        material_group=group, dutch_crop_share=dutch_f, import_origin=origin,
        crop_origin_t_per_t=crop_origin,
    )
