"""Properties of the LP: relaxing a bound never raises the cost, scaling costs scales the
objective, and the target's dual matches the finite difference of the objective."""
import copy

import pytest

from tests.cases import make, solve, two_region


def rich_instance():
    """Two regions with imports, caps, growth limits and a binding shortfall."""
    t = two_region()
    t["regions"][0]["arable_land_ha"] = 6000.0
    t["crops"][0].update(max_growth_ha_per_year=800.0, rotation_max_share=0.3)
    t["capacity"][0]["capacity_t_per_yr"] = 3000.0
    t["processes"][0].update(capex_eur_per_t_yr=150.0, max_investment_t_per_yr=1000.0)
    t["imports"] = [dict(commodity="wool", region="B", price_eur_per_t=900.0, max_t_per_yr=800.0)]
    t["demand"][0]["units"] = 8000.0
    t["policy"][0].update(carbon_price_eur_per_t=80.0, min_domestic_share=0.2)
    return t


SETTINGS = dict(transport_arc_capacity_t=5000.0, shortfall_penalty_eur_per_unit=20000.0)

RELAXATIONS = {
    "more arable land": lambda t, s: t["regions"][0].update(arable_land_ha=12000.0),
    "looser rotation": lambda t, s: t["crops"][0].update(rotation_max_share=0.5),
    "faster growth": lambda t, s: t["crops"][0].update(max_growth_ha_per_year=2000.0),
    "more capacity": lambda t, s: t["capacity"][0].update(capacity_t_per_yr=6000.0),
    "larger investment cap": lambda t, s: t["processes"][0].update(max_investment_t_per_yr=5000.0),
    "larger import cap": lambda t, s: t["imports"][0].update(max_t_per_yr=2000.0),
    "lower domestic share": lambda t, s: t["policy"][0].update(min_domestic_share=0.0),
    "larger arc capacity": lambda t, s: s.update(transport_arc_capacity_t=20000.0),
    "lower target": lambda t, s: t["targets"][0].update(target_share=0.3),
    "lower threshold": lambda t, s: s.update(biobased_threshold=0.2),
    "looser loan utilisation": lambda t, s: s.update(loan_min_utilisation=0.0),
}


@pytest.fixture(scope="module")
def base_objective():
    res, _, _ = solve(make(rich_instance(), **SETTINGS))
    assert res.kpis.iloc[0].shortfall_homes > 0  # the instance has a binding gap
    return res.objective_eur


@pytest.mark.parametrize("name", sorted(RELAXATIONS))
def test_relaxing_a_bound_never_raises_the_cost(name, base_objective):
    t, s = rich_instance(), dict(SETTINGS)
    RELAXATIONS[name](t, s)
    res, _, _ = solve(make(t, **s))
    assert res.objective_eur <= base_objective * (1 + 1e-9) + 1e-6


COST_FIELDS = {
    "crops": ["cultivation_cost_eur_per_ha", "competing_margin_eur_per_ha", "establishment_cost_eur_per_ha"],
    "processes": ["capex_eur_per_t_yr", "fixed_om_eur_per_t_yr", "variable_cost_eur_per_t"],
    "commodities": ["transport_cost_eur_per_tkm", "surplus_cost_eur_per_t"],
    "imports": ["price_eur_per_t"],
    "recipes": ["extra_cost_eur_per_unit"],
    "policy": ["carbon_price_eur_per_t"],
}


def scaled(k):
    t = rich_instance()
    for sheet, cols in COST_FIELDS.items():
        for row in t[sheet]:
            for c in cols:
                if row.get(c) is not None:
                    row[c] = row[c] * k
    s = dict(SETTINGS)
    s["shortfall_penalty_eur_per_unit"] *= k
    return make(t, **s)


def test_scaling_all_costs_scales_the_objective_and_keeps_decisions():
    r1, _, _ = solve(scaled(1.0))
    r3, _, _ = solve(scaled(3.0))
    assert r3.objective_eur == pytest.approx(3 * r1.objective_eur, rel=1e-7)
    for frame, col in (("cultivation", "area_ha"), ("processing", "activity_t"),
                       ("demand", "units"), ("imports", "t")):
        assert list(r3.frames[frame][col]) == pytest.approx(list(r1.frames[frame][col]), rel=1e-6, abs=1e-6)
    p1 = r1.frames["prices"].price_eur_per_t
    p3 = r3.frames["prices"].price_eur_per_t
    assert list(p3) == pytest.approx(list(3 * p1), rel=1e-6, abs=1e-6)


def test_target_dual_matches_finite_difference():
    """d objective / d required homes = dual of biobased_target (non-degenerate: imports at the margin)."""
    t = two_region()
    t["imports"] = [dict(commodity="wool", region="B", price_eur_per_t=560.0)]
    t["crops"][0]["max_growth_ha_per_year"] = 100.0      # domestic 100 ha, rest imported
    base = make(copy.deepcopy(t))
    r0, _, _ = solve(base)
    dual = float(r0.frames["targets"].marginal_cost_eur_per_unit.iloc[0])
    step = 0.002  # 2 more required homes out of 1,000
    t2 = copy.deepcopy(t)
    t2["targets"][0]["target_share"] += step
    r1, _, _ = solve(make(t2))
    fd = (r1.objective_eur - r0.objective_eur) / (step * 1000)
    assert dual == pytest.approx(2 * 560 + 1000)
    assert fd == pytest.approx(dual, rel=1e-6)


def test_price_dual_matches_finite_difference_of_delivered_tonnes():
    """The wool price at B equals the cost of delivering one more tonne there."""
    t = two_region()
    r0, _, _ = solve(make(copy.deepcopy(t)))
    p = r0.frames["prices"].query("region == 'B' and commodity == 'wool'").price_eur_per_t.iloc[0]
    t2 = copy.deepcopy(t)
    t2["recipes"][1]["other_mass_t_per_unit"] = 4.0
    t2["recipe_materials"][0]["t_per_unit"] = 2.002         # 500 homes x 0.002 t = 1 t more wool
    r1, _, _ = solve(make(t2))
    assert (r1.objective_eur - r0.objective_eur) / 1.0 == pytest.approx(p, rel=1e-6)
