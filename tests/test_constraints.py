"""One test per constraint family: each instance makes the family bind, checks the
hand-computed consequence, and checks that dropping the family changes the answer (so the
test fails if the constraint is removed or has the wrong sign)."""
import pytest

from tests.cases import make, solve, tables, two_region

PENALTY = 100_000.0  # default shortfall_penalty_eur_per_unit


def objective_without(inputs, family):
    res, _, _ = solve(inputs, deactivate=(family,))
    return res.objective_eur


def bio_homes(res, year=2030):
    return float(res.kpis.set_index("year").loc[year, "biobased_homes"])


def shortfall(res, year=2030):
    return float(res.kpis.set_index("year").loc[year, "shortfall_homes"])


def test_rotation_area_max():
    t = tables()
    t["crops"][0]["max_growth_ha_per_year"] = 1e6
    t["demand"][0]["units"] = 20000.0
    inp = make(t)
    res, _, _ = solve(inp)
    # rotation: 25% of 10,000 ha = 2,500 ha -> 20,000 t straw -> 10,000 t wool -> 5,000 homes
    assert res.frames["cultivation"].area_ha.sum() == pytest.approx(2500)
    assert bio_homes(res) == pytest.approx(5000)
    assert shortfall(res) == pytest.approx(5000)
    assert res.frames["targets"].marginal_cost_eur_per_unit.iloc[0] == pytest.approx(PENALTY)
    assert objective_without(inp, "rotation_area_max") < res.objective_eur - 1


def test_land_area_max():
    t = tables()
    t["crops"][0].update(max_growth_ha_per_year=1e6, rotation_max_share=0.6)
    t["crops"].append(dict(t["crops"][0], crop="hemp_late"))
    t["cultivation"].append(dict(region="A", crop="hemp_late", existing_area_ha=0.0))
    t["demand"][0]["units"] = 48000.0  # needs 24,000 x 0.5 ha = 12,000 ha > 10,000 ha
    inp = make(t)
    res, _, _ = solve(inp)
    assert res.frames["cultivation"].area_ha.sum() == pytest.approx(10000)
    assert shortfall(res) == pytest.approx(4000)
    assert objective_without(inp, "land_area_max") < res.objective_eur - 1


def test_area_growth_max():
    t = tables()
    t["demand"][0]["units"] = 10000.0  # needs 2,500 ha; growth allows 1,000 ha from 0
    inp = make(t)
    res, _, _ = solve(inp)
    assert res.frames["cultivation"].area_ha.sum() == pytest.approx(1000)
    assert shortfall(res) == pytest.approx(3000)
    assert objective_without(inp, "area_growth_max") < res.objective_eur - 1


def test_area_growth_max_relative_part_and_multiple_years():
    t = tables()
    t["crops"][0].update(max_growth_ha_per_year=100.0, max_growth_rate=0.5)
    t["cultivation"][0]["existing_area_ha"] = 200.0
    t["policy"] = [dict(year=2029), dict(year=2030)]
    t["demand"][0]["units"] = 10000.0
    res, _, _ = solve(make(t, base_year=2029))
    a = res.frames["cultivation"].set_index("year").area_ha
    # 2029: 200 * 1.5 + 100 = 400 ha at most; 2030: 400 * 1.5 + 100 = 700 ha
    assert a[2030] == pytest.approx(700)
    assert a[2029] <= 400 + 1e-6


def perennial_tables():
    t = tables()
    t["crops"][0].update(crop="misc", perennial=True, establishment_years=2,
                         establishment_cost_eur_per_ha=2000.0)
    t["cultivation"][0]["crop"] = "misc"
    t["policy"] = [dict(year=2028), dict(year=2029), dict(year=2030)]
    return t


def test_perennial_area_persists():
    """Planted area stays, and the harvest waits two years."""
    inp = make(perennial_tables(), base_year=2028)
    res, _, _ = solve(inp)
    c = res.frames["cultivation"].set_index("year")
    # 250 ha planted in 2028, harvested from 2030 only, paid for in all three years
    assert c.loc[2028, "planted_ha"] == pytest.approx(250)
    assert list(c.area_ha) == pytest.approx([250, 250, 250])
    assert list(c.harvested_ha) == pytest.approx([0, 0, 250])
    assert res.objective_eur == pytest.approx(3 * 250 * 1600 + 250 * 2000 + 100_000 + 500_000, rel=1e-9)
    p = res.frames["prices"].query("commodity == 'straw' and year == 2030").price_eur_per_t.iloc[0]
    assert p == pytest.approx((3 * 1600 + 2000) / 8)
    assert objective_without(inp, "perennial_area_persists") < res.objective_eur - 1


def test_contracted_area_min():
    """Contracted area is grown even when unused; the unused straw pays the surplus cost."""
    t = tables()
    t["contracted_area"] = [dict(region="A", crop="hemp", year=2030, area_ha=500.0)]
    inp = make(t)
    res, _, _ = solve(inp)
    assert res.frames["cultivation"].area_ha.sum() == pytest.approx(500)
    bal = res.frames["balance"].query("commodity == 'straw'").iloc[0]
    assert bal.surplus_t == pytest.approx(2000)      # 4,000 t grown, 2,000 t used
    assert bal.price_eur_per_t == pytest.approx(-10)  # one more tonne used saves the disposal cost
    assert res.objective_eur == pytest.approx(1_000_000 + 250 * 1600 + 2000 * 10, rel=1e-9)
    assert objective_without(inp, "contracted_area_min") < res.objective_eur - 1


def capacity_tables(**process):
    t = tables()
    t["capacity"][0]["capacity_t_per_yr"] = 1000.0
    t["processes"][0].update(capex_eur_per_t_yr=100.0, lifetime_years=10, **process)
    return t


def test_processing_capacity_max():
    """Activity stops at existing capacity; the rest is built, paying annualised capex."""
    inp = make(capacity_tables(), market_interest_rate=0.0, loan_share=0.0)
    res, _, _ = solve(inp)
    p = res.frames["processing"].iloc[0]
    # 2,000 t needed, 1,000 t exists: build 1,000 t/yr at 100 EUR/(t/yr) / 10 yr = 10 EUR/yr
    assert p.new_capacity_t_per_yr == pytest.approx(1000)
    assert res.objective_eur == pytest.approx(1_000_000 + 10_000, rel=1e-9)
    assert p.capacity_value_eur_per_t_yr == pytest.approx(10)
    assert objective_without(inp, "processing_capacity_max") < res.objective_eur - 1


def test_loan_utilisation_min():
    t = capacity_tables(availability=0.5)
    t["capacity"] = []
    inp = make(t, market_interest_rate=0.10, loan_interest_rate=0.0, loan_share=1.0,
               loan_min_utilisation=0.6)
    res, _, _ = solve(inp)
    p = res.frames["processing"].iloc[0]
    # usable half of 4,000 t/yr; loan capacity must run >= 60%: K_L <= 2,000 / 0.6
    assert p.invest_loan_t_per_yr == pytest.approx(2000 / 0.6)
    assert p.invest_market_t_per_yr == pytest.approx(4000 - 2000 / 0.6)
    res2, _, _ = solve(inp, deactivate=("loan_utilisation_min",))
    assert res2.frames["processing"].iloc[0].invest_loan_t_per_yr == pytest.approx(4000)


def test_investment_max():
    t = capacity_tables(max_investment_t_per_yr=500.0)
    inp = make(t, market_interest_rate=0.0, loan_share=0.0)
    res, _, _ = solve(inp)
    # 1,500 t activity -> 750 t wool -> 375 biobased homes; 125 short
    assert bio_homes(res) == pytest.approx(375)
    assert shortfall(res) == pytest.approx(125)
    assert objective_without(inp, "investment_max") < res.objective_eur - 1


def test_arc_capacity_max():
    # a low shortfall price (EUR 3,000/home) so that building costly capacity in B does not pay
    inp = make(two_region(), transport_arc_capacity_t=600.0, shortfall_penalty_eur_per_unit=3000.0)
    res, _, _ = solve(inp)
    assert bio_homes(res) == pytest.approx(300)
    assert shortfall(res) == pytest.approx(200)
    assert objective_without(inp, "arc_capacity_max") < res.objective_eur - 1


def test_import_max():
    t = two_region()
    t["imports"] = [dict(commodity="wool", region="B", price_eur_per_t=520.0, max_t_per_yr=600.0)]
    inp = make(t)
    res, _, _ = solve(inp)
    assert res.frames["imports"].t.sum() == pytest.approx(600)
    assert res.objective_eur == pytest.approx(600 * 520 + 400 * 550 + 500_000, rel=1e-9)
    assert objective_without(inp, "import_max") < res.objective_eur - 1


def test_domestic_share_min():
    t = two_region()
    t["imports"] = [dict(commodity="wool", region="B", price_eur_per_t=520.0)]
    t["policy"][0]["min_domestic_share"] = 0.6
    inp = make(t)
    res, _, _ = solve(inp)
    assert res.frames["imports"].t.sum() == pytest.approx(400)
    assert res.objective_eur == pytest.approx(400 * 520 + 600 * 550 + 500_000, rel=1e-9)
    assert res.kpis.iloc[0].import_share == pytest.approx(0.4)
    assert objective_without(inp, "domestic_share_min") < res.objective_eur - 1


def test_demand_met():
    inp = make()
    res, _, _ = solve(inp)
    assert res.frames["demand"].units.sum() == pytest.approx(1000)
    # without demand_met nothing needs building: only the target's 500 homes remain
    res2, _, _ = solve(inp, deactivate=("demand_met",))
    assert res2.frames["demand"].units.sum() == pytest.approx(500)


def test_biobased_target():
    inp = make()
    res, _, _ = solve(inp)
    assert bio_homes(res) == pytest.approx(500)
    assert objective_without(inp, "biobased_target") == pytest.approx(0, abs=1e-6)


def test_regional_biobased_target():
    t = two_region()
    t["regions"][0]["arable_land_ha"] = 10000.0
    t["demand"].append(dict(region="A", year=2030, segment="new_build", building_type="house", units=1000.0))
    t["targets"][0]["target_share"] = 0.25          # national: 500 of 2,000
    t["targets"].append(dict(segment="new_build", region="B", year=2030, target_share=0.5))
    inp = make(t)
    res, _, _ = solve(inp)
    d = res.frames["demand"].query("recipe == 'bio'").groupby("region").units.sum()
    # cheapest would be all 500 in A (no transport); the regional target puts 500 in B
    assert d.get("B", 0) == pytest.approx(500)
    assert d.get("A", 0) == pytest.approx(0, abs=1e-6)
    assert objective_without(inp, "regional_biobased_target") < res.objective_eur - 1


def test_commodity_balance():
    inp = make()
    res, _, _ = solve(inp)
    bal = res.frames["balance"]
    assert bal.residual_t.abs().max() < 1e-6
    # without the balance, homes need no material at all
    assert objective_without(inp, "commodity_balance") == pytest.approx(500 * 1000, rel=1e-9)


def test_biobased_threshold_decides_which_recipe_counts():
    inp = make(biobased_threshold=0.40)  # the bio recipe is 2 / (2 + 4) = 33% biobased
    res, _, _ = solve(inp)
    assert bio_homes(res) == pytest.approx(0)
    assert shortfall(res) == pytest.approx(500)


def test_market_sales_max():
    """A by-product with an outside market (EUR 300/t, 100 t/yr): the sale is capped."""
    t = tables()
    t["commodities"].append(dict(commodity="shives", kind="intermediate", biobased_share=1.0,
                                 transport_cost_eur_per_tkm=0.0, market_value_eur_per_t=300.0,
                                 market_max_t_per_yr=100.0))
    t["process_io"].append(dict(process="decort", commodity="shives", direction="out", t_per_t=0.25))
    t["processes"][0]["mass_loss_t_per_t"] = 0.25
    inp = make(t)
    res, _, _ = solve(inp)
    bal = res.frames["balance"].query("commodity == 'shives'").iloc[0]
    # 2,000 t straw -> 500 t shives; 100 t sold at EUR 300, the rest is surplus
    assert bal.sold_to_other_markets_t == pytest.approx(100)
    assert bal.surplus_t == pytest.approx(400)
    assert res.objective_eur == pytest.approx(1_000_000 - 100 * 300, rel=1e-9)
    assert objective_without(inp, "market_sales_max") < res.objective_eur - 1


def test_market_value_without_market_size_is_an_input_error():
    from nabb.errors import InputError
    t = tables()
    t["commodities"][1]["market_value_eur_per_t"] = 300.0
    with pytest.raises(InputError, match="market_max_t_per_yr"):
        make(t)


def test_loan_amount_max():
    """The favourable loan is capped per region and year: EUR 100,000 of loan at 100% loan
    share buys 1,000 t/yr at EUR 100/(t/yr); the other 1,000 t/yr is financed at 10%."""
    t = capacity_tables()
    t["capacity"] = []
    inp = make(t, market_interest_rate=0.10, loan_interest_rate=0.0, loan_share=1.0,
               loan_min_utilisation=0.0, loan_max_eur=100_000.0)
    res, _, _ = solve(inp)
    p = res.frames["processing"].iloc[0]
    assert p.invest_loan_t_per_yr == pytest.approx(1000)
    assert p.invest_market_t_per_yr == pytest.approx(1000)
    crf = 0.1 * 1.1 ** 10 / (1.1 ** 10 - 1)
    assert res.objective_eur == pytest.approx(1_000_000 + 1000 * 10 + 1000 * 100 * crf, rel=1e-9)
    res2, _, _ = solve(inp, deactivate=("loan_amount_max",))
    assert res2.frames["processing"].iloc[0].invest_loan_t_per_yr == pytest.approx(2000)
