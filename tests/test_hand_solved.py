"""Tiny instances whose optimum, duals included, was computed by hand.

ONE_REGION (tests/cases.py): 1,000 homes, target 50%.  A biobased home needs 2 t wool and
costs EUR 1,000 extra; 1 t wool = 2 t hemp straw (decortication, EUR 50 per t straw);
hemp yields 8 t/ha at EUR 600 cultivation + EUR 1,000 forgone margin = EUR 1,600/ha.

* straw price = 1,600 / 8 = EUR 200/t
* wool price = 2 x (200 + 50) = EUR 500/t
* marginal cost of the target = 2 x 500 + 1,000 = EUR 2,000 per biobased home
* objective = 500 homes x 2,000 = EUR 1,000,000 (250 ha, 2,000 t straw)
"""
import pytest

from tests.cases import make, solve, tables, two_region


def price(res, region, commodity, year=2030):
    p = res.frames["prices"]
    return float(p[(p.region == region) & (p.commodity == commodity) & (p.year == year)].price_eur_per_t.iloc[0])


def target_dual(res, year=2030):
    t = res.frames["targets"]
    return float(t[(t.region == "*") & (t.year == year)].marginal_cost_eur_per_unit.iloc[0])


def test_one_region_optimum_and_duals():
    res, _, _ = solve(make())
    assert res.objective_eur == pytest.approx(1_000_000, rel=1e-9)
    area = res.frames["cultivation"]
    assert area.area_ha.sum() == pytest.approx(250)
    assert res.frames["demand"].query("recipe == 'bio'").units.sum() == pytest.approx(500)
    assert price(res, "A", "straw") == pytest.approx(200)
    assert price(res, "A", "wool") == pytest.approx(500)
    assert target_dual(res) == pytest.approx(2000)
    k = res.kpis.iloc[0]
    assert k.biobased_share == pytest.approx(0.5)
    assert k.shortfall_homes == pytest.approx(0)
    assert k.co2_stored_t == pytest.approx(1000 * 1.5)


def test_two_regions_transport_prices_differ_by_transport_cost():
    res, _, _ = solve(make(two_region()))
    # 1,000 t wool moved 100 km at 0.5 EUR/tkm = EUR 50,000 on top of the one-region optimum
    assert res.objective_eur == pytest.approx(1_050_000, rel=1e-9)
    assert price(res, "B", "wool") - price(res, "A", "wool") == pytest.approx(50)
    assert target_dual(res) == pytest.approx(2 * 550 + 1000)
    flows = res.frames["flows"]
    assert flows.query("commodity == 'wool'").t.sum() == pytest.approx(1000)


def test_cheaper_import_sets_the_price():
    t = two_region()
    t["imports"] = [dict(commodity="wool", region="B", price_eur_per_t=520.0)]
    res, _, _ = solve(make(t))
    assert res.objective_eur == pytest.approx(1000 * 520 + 500_000, rel=1e-9)
    assert price(res, "B", "wool") == pytest.approx(520)
    assert res.kpis.iloc[0].import_share == pytest.approx(1.0)


def test_carbon_credits_lower_the_cost_of_a_biobased_home():
    t = tables()
    t["policy"][0]["carbon_price_eur_per_t"] = 100.0
    res, _, _ = solve(make(t))
    # each biobased home stores 2 t x 1.5 t CO2/t = 3 t CO2, paid EUR 100/t
    assert target_dual(res) == pytest.approx(2000 - 300)
    assert res.objective_eur == pytest.approx(1_000_000 - 500 * 300, rel=1e-9)
    k = res.kpis.iloc[0]
    assert k.carbon_credits_eur == pytest.approx(150_000)
    assert k.carbon_income_eur_per_ha == pytest.approx(150_000 / 250)


def test_carbon_price_above_the_premium_makes_every_home_biobased():
    t = tables()
    t["policy"][0]["carbon_price_eur_per_t"] = 1000.0   # 3,000 EUR credit > 2,000 EUR cost
    res, _, _ = solve(make(t))
    assert res.kpis.iloc[0].biobased_homes == pytest.approx(1000)
    assert res.objective_eur == pytest.approx(1000 * (2000 - 3000), rel=1e-9)


def test_discounting_scales_cost_but_not_prices():
    res, _, _ = solve(make(base_year=2025, discount_rate=0.03))
    assert res.objective_eur == pytest.approx(1_000_000 / 1.03 ** 5, rel=1e-9)
    assert price(res, "A", "straw") == pytest.approx(200)
    assert target_dual(res) == pytest.approx(2000)


def test_retrofit_segment_works_like_new_build():
    """A retrofit segment (units = homes insulated) with its own 30% target and recipes."""
    from tests.golden_lp_cases import retrofit
    res, _, _ = solve(retrofit())
    tg = res.frames["targets"].set_index("segment")
    # 600 retrofits x 0.5 t wool = 300 t wool at EUR 500/t + EUR 100 extra each
    assert tg.loc["retrofit", "marginal_cost_eur_per_unit"] == pytest.approx(0.5 * 500 + 100)
    assert tg.loc["new_build", "marginal_cost_eur_per_unit"] == pytest.approx(2000)
    assert res.objective_eur == pytest.approx(1_000_000 + 600 * 350, rel=1e-9)
    # the headline KPIs stay on new-build homes
    assert res.kpis.iloc[0].biobased_share == pytest.approx(0.5)
