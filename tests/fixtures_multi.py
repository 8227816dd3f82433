"""A small synthetic multi-region instance (a few provinces, a port, three years).

Hemp and flax grow in the provinces, are processed into hemp wool and flax board, and
compete with wood-fibre insulation imported through the port.  Only domestic products
earn carbon credits (credited CO2 = delivered minus imported), so the carbon price moves
the optimum: a higher price makes Dutch hemp and flax beat imported wood fibre.

Deterministic (no randomness); ``regions`` scales the size.
"""
from __future__ import annotations

import copy
from typing import Any

from nabb.inputs import Inputs
from nabb.io.reader import inputs_from_tables

YEARS = (2028, 2029, 2030)
SETTINGS = dict(base_year=2028, discount_rate=0.03, loan_min_utilisation=0.0)


def tables(regions: int = 3, years: tuple[int, ...] = YEARS) -> dict[str, Any]:
    names = [f"R{i + 1}" for i in range(regions)]
    t: dict[str, Any] = {}
    t["regions"] = [dict(region=r, name=f"Region {r}", kind="province", lat=52.0 + 0.1 * i,
                         lon=5.0 + 0.1 * i, arable_land_ha=20000.0 + 7000.0 * (i % 3),
                         cereal_area_ha=5000.0) for i, r in enumerate(names)]
    t["regions"].append(dict(region="PORT", name="Port", kind="port", lat=51.9, lon=4.4,
                             arable_land_ha=0.0, cereal_area_ha=0.0))
    t["commodities"] = [
        dict(commodity="hemp_straw", kind="crop", biobased_share=1.0, co2_storage_t_per_t=1.6,
             credit_eligible=True, transport_cost_eur_per_tkm=0.25, surplus_cost_eur_per_t=20.0),
        dict(commodity="flax_straw", kind="crop", biobased_share=1.0, co2_storage_t_per_t=1.6,
             credit_eligible=True, transport_cost_eur_per_tkm=0.25, surplus_cost_eur_per_t=20.0),
        dict(commodity="hemp_wool", kind="product", biobased_share=1.0, co2_storage_t_per_t=1.5,
             credit_eligible=True, transport_cost_eur_per_tkm=0.3, surplus_cost_eur_per_t=0.0),
        dict(commodity="flax_board", kind="product", biobased_share=1.0, co2_storage_t_per_t=1.5,
             credit_eligible=True, transport_cost_eur_per_tkm=0.3, surplus_cost_eur_per_t=0.0),
        dict(commodity="wood_fibre", kind="product", biobased_share=1.0, co2_storage_t_per_t=1.4,
             credit_eligible=True, transport_cost_eur_per_tkm=0.3, surplus_cost_eur_per_t=0.0),
    ]
    t["crops"] = [
        dict(crop="hemp", commodity="hemp_straw", yield_t_per_ha=7.7, land_use="arable",
             rotation_max_share=0.25, max_growth_ha_per_year=400.0, max_growth_rate=0.3,
             cultivation_cost_eur_per_ha=650.0, competing_margin_eur_per_ha=1000.0),
        dict(crop="flax", commodity="flax_straw", yield_t_per_ha=5.0, land_use="arable",
             rotation_max_share=0.1429, max_growth_ha_per_year=300.0, max_growth_rate=0.3,
             cultivation_cost_eur_per_ha=1050.0, competing_margin_eur_per_ha=1000.0),
    ]
    t["cultivation"] = [dict(region=r, crop=c, existing_area_ha=100.0 * (i + 1) if c == "hemp" else 50.0)
                        for i, r in enumerate(names) for c in ("hemp", "flax")]
    t["processes"] = [
        dict(process="hemp_wool_line", capex_eur_per_t_yr=600.0, fixed_om_eur_per_t_yr=20.0,
             variable_cost_eur_per_t=120.0, lifetime_years=20, availability=0.85,
             max_investment_t_per_yr=3000.0, mass_loss_t_per_t=0.7),
        dict(process="flax_board_line", capex_eur_per_t_yr=500.0, fixed_om_eur_per_t_yr=15.0,
             variable_cost_eur_per_t=100.0, lifetime_years=20, availability=0.85,
             max_investment_t_per_yr=2000.0, mass_loss_t_per_t=0.5),
    ]
    t["process_io"] = [
        dict(process="hemp_wool_line", commodity="hemp_straw", direction="in", t_per_t=1.0),
        dict(process="hemp_wool_line", commodity="hemp_wool", direction="out", t_per_t=0.3),
        dict(process="flax_board_line", commodity="flax_straw", direction="in", t_per_t=1.0),
        dict(process="flax_board_line", commodity="flax_board", direction="out", t_per_t=0.5),
    ]
    t["capacity"] = [dict(plant="P1", region=names[0], process="hemp_wool_line",
                          capacity_t_per_yr=2000.0, commissioning_year=2010, status="existing")]
    arcs = [dict(from_region=a, to_region=b, distance_km=60.0 + 10.0 * i)
            for i, (a, b) in enumerate(zip(names, names[1:]))]
    arcs.append(dict(from_region="PORT", to_region=names[0], distance_km=80.0))
    arcs.append(dict(from_region="PORT", to_region=names[-1], distance_km=90.0))
    t["arcs"] = arcs
    t["imports"] = [dict(commodity="wood_fibre", region="PORT", price_eur_per_t=1100.0)]
    t["demand"] = [dict(region=r, year=y, segment="new_build", building_type="house",
                        units=800.0 + 300.0 * i + 50.0 * (y - years[0]))
                   for i, r in enumerate(names) for y in years]
    t["recipes"] = [
        dict(recipe="conv", segment="new_build", building_type="house", other_mass_t_per_unit=100.0,
             extra_cost_eur_per_unit=0.0),
        dict(recipe="bio_hemp", segment="new_build", building_type="house", other_mass_t_per_unit=6.0,
             extra_cost_eur_per_unit=1500.0),
        dict(recipe="bio_flax", segment="new_build", building_type="house", other_mass_t_per_unit=6.0,
             extra_cost_eur_per_unit=1500.0),
        dict(recipe="bio_wood", segment="new_build", building_type="house", other_mass_t_per_unit=6.0,
             extra_cost_eur_per_unit=1500.0),
    ]
    t["recipe_materials"] = [dict(recipe="bio_hemp", commodity="hemp_wool", t_per_unit=3.0),
                             dict(recipe="bio_flax", commodity="flax_board", t_per_unit=3.0),
                             dict(recipe="bio_wood", commodity="wood_fibre", t_per_unit=3.0)]
    t["policy"] = [dict(year=y, carbon_price_eur_per_t=80.0, min_domestic_share=0.0) for y in years]
    t["targets"] = [dict(segment="new_build", region="*", year=y,
                         target_share=round(0.2 + 0.1 * i / max(1, len(years) - 1), 4))
                    for i, y in enumerate(years)]
    t["scenarios"] = [
        dict(scenario="high_carbon", sheet="policy", column="carbon_price_eur_per_t", filter="*",
             value=200.0),
        dict(scenario="high_carbon_late", parent="high_carbon", sheet="policy",
             column="carbon_price_eur_per_t", filter="year=2030", multiplier=1.5),
        dict(scenario="cheap_loans", sheet="settings", column="value", filter="key=loan_interest_rate",
             value=0.0),
        dict(scenario="more_homes_r2", sheet="demand", column="units", filter="region=R2;year=2030",
             multiplier=2.0),
    ]
    return copy.deepcopy(t)


def make(regions: int = 3, years: tuple[int, ...] = YEARS, tables_: dict[str, Any] | None = None,
         **settings: Any) -> Inputs:
    s = dict(SETTINGS)
    s["base_year"] = years[0]
    s.update(settings)
    return inputs_from_tables(tables_ if tables_ is not None else tables(regions, years), s)
