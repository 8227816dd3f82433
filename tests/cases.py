"""Tiny instances whose optimum is solved by hand in the tests."""
from __future__ import annotations

import copy
from typing import Any

from nabb.io.reader import inputs_from_tables

#: One region, one year, hemp -> decortication -> insulation -> homes.
#: Hand solution in tests/test_hand_solved.py.
ONE_REGION: dict[str, Any] = {
    "regions": [dict(region="A", name="Alpha", kind="province", lat=52.0, lon=5.0,
                     arable_land_ha=10000.0, cereal_area_ha=0.0)],
    "commodities": [
        dict(commodity="straw", kind="crop", biobased_share=1.0, co2_storage_t_per_t=0.0,
             credit_eligible=False, transport_cost_eur_per_tkm=0.0, surplus_cost_eur_per_t=10.0),
        dict(commodity="wool", kind="product", biobased_share=1.0, co2_storage_t_per_t=1.5,
             credit_eligible=True, transport_cost_eur_per_tkm=0.0, surplus_cost_eur_per_t=0.0),
    ],
    "crops": [dict(crop="hemp", commodity="straw", yield_t_per_ha=8.0, land_use="arable",
                   rotation_max_share=0.25, max_growth_ha_per_year=1000.0, max_growth_rate=0.0,
                   cultivation_cost_eur_per_ha=600.0, competing_margin_eur_per_ha=1000.0)],
    "cultivation": [dict(region="A", crop="hemp", existing_area_ha=0.0)],
    "processes": [dict(process="decort", capex_eur_per_t_yr=0.0, fixed_om_eur_per_t_yr=0.0,
                       variable_cost_eur_per_t=50.0, lifetime_years=20, availability=1.0,
                       mass_loss_t_per_t=0.5)],
    "process_io": [dict(process="decort", commodity="straw", direction="in", t_per_t=1.0),
                   dict(process="decort", commodity="wool", direction="out", t_per_t=0.5)],
    "capacity": [dict(plant="P1", region="A", process="decort", capacity_t_per_yr=100000.0,
                      commissioning_year=2000, status="existing")],
    "demand": [dict(region="A", year=2030, segment="new_build", building_type="house", units=1000.0)],
    "recipes": [dict(recipe="conv", segment="new_build", building_type="house",
                     other_mass_t_per_unit=100.0, extra_cost_eur_per_unit=0.0),
                dict(recipe="bio", segment="new_build", building_type="house",
                     other_mass_t_per_unit=4.0, extra_cost_eur_per_unit=1000.0)],
    "recipe_materials": [dict(recipe="bio", commodity="wool", t_per_unit=2.0)],
    "policy": [dict(year=2030, carbon_price_eur_per_t=0.0, min_domestic_share=0.0)],
    "targets": [dict(segment="new_build", region="*", year=2030, target_share=0.5)],
}
SETTINGS_ONE = dict(base_year=2030, discount_rate=0.0, loan_min_utilisation=0.0)


def tables(base: dict[str, Any] = ONE_REGION) -> dict[str, Any]:
    return copy.deepcopy(base)


def make(tables_: dict[str, Any] | None = None, **settings: Any):
    s = dict(SETTINGS_ONE)
    s.update(settings)
    return inputs_from_tables(tables_ if tables_ is not None else tables(), s)


#: Two regions: land and processing in A, homes in B, 100 km apart.  Capex is high so
#: that nothing is built in B; wool costs 0.5 EUR/tkm to move (50 EUR/t over the arc).
def two_region() -> dict[str, Any]:
    t = tables()
    t["regions"].append(dict(region="B", name="Beta", kind="province", lat=52.5, lon=5.5,
                             arable_land_ha=0.0, cereal_area_ha=0.0))
    for c in t["commodities"]:
        c["transport_cost_eur_per_tkm"] = 0.5
    t["processes"][0]["capex_eur_per_t_yr"] = 10000.0
    t["arcs"] = [dict(from_region="A", to_region="B", distance_km=100.0, bidirectional=True)]
    t["demand"][0]["region"] = "B"
    return t


def solve(inputs, deactivate: tuple[str, ...] = (), options=None):
    """Build, optionally drop constraint families, solve, extract.  Returns (results, cp, sol)."""
    from nabb.model import build
    from nabb.results import extract
    from nabb.solve import compile_model, run
    m = build(inputs)
    for name in deactivate:
        getattr(m, name).deactivate()
    cp = compile_model(m)
    sol = run(cp, options=options)
    assert sol.status == "optimal", sol.model_status
    return extract(cp, sol), cp, sol


#: instances on which an exact model reduction (pruned flow arcs, lean surplus) is checked
REDUCTION_CASES = ["default", "synthetic12", "default_arc_capacity"]


def reduction_case(case: str):
    """The inputs of one of REDUCTION_CASES."""
    from nabb import pipeline
    from nabb.synthetic import synthetic_inputs
    if case == "synthetic12":
        return synthetic_inputs(12, years=4)
    inputs = pipeline.load(None)
    if case == "default_arc_capacity":
        inputs.settings["transport_arc_capacity_t"] = 300_000.0
    return inputs


def solve_with_meta(inputs, **meta):
    """Build with ``ModelData.meta`` flags set (e.g. all_flow_arcs, surplus_everywhere), solve,
    and return (compiled, solution, results); the solve must be optimal."""
    from nabb.model import build
    from nabb.model.data import prepare
    from nabb.results import extract
    from nabb.solve import compile_model, run
    d = prepare(inputs)
    d.meta.update(meta)
    cp = compile_model(build(d))
    sol = run(cp)
    assert sol.status == "optimal"
    return cp, sol, extract(cp, sol, inputs.scenario)
