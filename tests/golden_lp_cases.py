"""The small cases whose LP is pinned in tests/golden/lp/ (tests/test_golden_lp.py).

Each is one of the hand-solved instances of tests/test_hand_solved.py and
tests/test_hand_solved_whole_chain.py (same tables, same settings), plus ``every_family``:
a small case that switches on every constraint family, so no family escapes the pin.
"""
from __future__ import annotations

from typing import Callable

from nabb.inputs import Inputs
from tests.cases import make, tables, two_region
from tests.test_hand_solved_whole_chain import (non_residential, timber_in_wool, two_land_regions,
                                                wool_imports)


def cheaper_import() -> Inputs:
    t = two_region()
    t["imports"] = [dict(commodity="wool", region="B", price_eur_per_t=520.0)]
    return make(t)


def carbon_credits() -> Inputs:
    t = tables()
    t["policy"][0]["carbon_price_eur_per_t"] = 100.0
    return make(t)


def retrofit() -> Inputs:
    t = tables()
    t["demand"].append(dict(region="A", year=2030, segment="retrofit", building_type="insulation",
                            units=2000.0))
    t["recipes"] += [dict(recipe="mineral_wool", segment="retrofit", building_type="insulation",
                          other_mass_t_per_unit=0.5),
                     dict(recipe="bio_wool", segment="retrofit", building_type="insulation",
                          other_mass_t_per_unit=0.0, extra_cost_eur_per_unit=100.0)]
    t["recipe_materials"].append(dict(recipe="bio_wool", commodity="wool", t_per_unit=0.5))
    t["targets"].append(dict(segment="retrofit", region="*", year=2030, target_share=0.3))
    return make(t)


def national_ramp_up() -> Inputs:
    """Two years, so the national ramp-up row holds last year's capacity."""
    t = two_land_regions()
    for row in t["demand"]:
        row["units"] = 1000.0
    t["processes"][0].update(national_growth_t_per_yr=1000.0, national_growth_rate=0.5)
    t["policy"] = [dict(year=2029), dict(year=2030)]
    return make(t, base_year=2029)


def build_system_growth() -> Inputs:
    t = tables()
    t["build_systems"] = [dict(system="hsb", base_units_per_year=100.0, max_growth_units_per_year=200.0,
                               max_growth_rate=0.5, max_units_per_year=300.0)]
    t["recipes"][1]["build_system"] = "hsb"
    return make(t)


def perennial_levelised() -> Inputs:
    t = tables()
    t["crops"][0].update(crop="misc", perennial=True, establishment_years=2,
                         establishment_cost_eur_per_ha=2000.0, stand_lifetime_years=10)
    t["cultivation"][0]["crop"] = "misc"
    t["policy"] = [dict(year=2028), dict(year=2029), dict(year=2030)]
    return make(t, base_year=2028, market_interest_rate=0.07)


def every_family() -> Inputs:
    """Two years, a port, a perennial, contracts, loans, caps, markets, every target type,
    a construction system and a domestic share: every constraint family has rows."""
    t = tables()
    t["regions"].append(dict(region="RTM", name="Rotterdam", kind="port", lat=51.9, lon=4.5))
    t["arcs"] = [dict(from_region="RTM", to_region="A", distance_km=50.0)]
    t["commodities"][0].update(market_value_eur_per_t=150.0, market_max_t_per_yr=1000.0)
    t["crops"].append(dict(t["crops"][0], crop="misc", perennial=True, establishment_years=1,
                           establishment_cost_eur_per_ha=2000.0, stand_lifetime_years=10))
    t["cultivation"].append(dict(region="A", crop="misc", existing_area_ha=50.0))
    t["contracted_area"] = [dict(region="A", crop="hemp", year=2030, area_ha=100.0)]
    t["processes"][0].update(capex_eur_per_t_yr=500.0, max_investment_t_per_yr=50_000.0,
                             national_growth_t_per_yr=20_000.0, national_growth_rate=0.1)
    t["capacity"][0]["capacity_t_per_yr"] = 1000.0
    t["imports"] = [dict(commodity="wool", region="RTM", price_eur_per_t=600.0, max_t_per_yr=500.0)]
    t["demand"] = [dict(region="A", year=y, segment="new_build", building_type="house", units=1000.0)
                   for y in (2029, 2030)]
    t["demand"] += [dict(region="A", year=y, segment="non_residential", building_type="office",
                         units=1000.0) for y in (2029, 2030)]
    t["recipes"][1]["build_system"] = "hsb"
    t["recipes"] += [dict(recipe="nr_conv", segment="non_residential", building_type="office",
                          other_mass_t_per_unit=1.0),
                     dict(recipe="nr_bio", segment="non_residential", building_type="office",
                          other_mass_t_per_unit=0.6)]
    t["recipe_materials"].append(dict(recipe="nr_bio", commodity="wool", t_per_unit=0.2))
    t["build_systems"] = [dict(system="hsb", base_units_per_year=100.0, max_growth_units_per_year=200.0,
                               max_growth_rate=0.5, max_units_per_year=600.0)]
    t["targets"] = [dict(segment="new_build", region="*", year=2030, target_share=0.5),
                    dict(segment="new_build", region="A", year=2030, target_share=0.3),
                    dict(segment="non_residential", region="*", year=2030, target_share=0.1,
                         basis="mass"),
                    dict(segment="non_residential", region="A", year=2030, target_share=0.05,
                         basis="mass")]
    t["policy"] = [dict(year=y, carbon_price_eur_per_t=50.0, min_domestic_share=0.5)
                   for y in (2029, 2030)]
    return make(t, base_year=2029, discount_rate=0.03, loan_min_utilisation=0.5,
                loan_share=0.5, loan_max_eur=100_000.0, transport_arc_capacity_t=1_000_000.0)


#: case name -> the inputs it builds (the LP is tests/golden/lp/<name>.lp)
CASES: dict[str, Callable[[], Inputs]] = {
    "one_region": make,
    "two_regions": lambda: make(two_region()),
    "cheaper_import": cheaper_import,
    "carbon_credits": carbon_credits,
    "discounting": lambda: make(base_year=2025, discount_rate=0.03),
    "retrofit": retrofit,
    "whole_home_cost": lambda: make(other_mass_price_eur_per_t=10.0),
    "credits_by_origin": lambda: make(timber_in_wool()),
    "mass_share_target": lambda: make(non_residential()),
    "national_ramp_up": national_ramp_up,
    "build_system_growth": build_system_growth,
    "domestic_share": lambda: make(wool_imports(0.6)),
    "perennial_levelised": perennial_levelised,
    "every_family": every_family,
}
