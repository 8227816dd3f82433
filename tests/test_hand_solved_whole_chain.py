"""Hand-solved instances for the issue-12 model features (whole-home cost, credits by origin,
mass-share target, national ramp-up, construction-system growth, priced domestic share,
planting annuity, the target's cost split).

All start from ONE_REGION (tests/cases.py), solved by hand in tests/test_hand_solved.py:
straw EUR 200/t, wool EUR 500/t, a biobased home (2 t wool, 4 t other mass, EUR 1,000
extra) costs EUR 2,000 more than a conventional one (100 t other mass); 500 of 1,000 homes
must be biobased; objective EUR 1,000,000.
"""
import pytest

from tests.cases import make, solve, tables

PENALTY = 100_000.0


def target_dual(res, segment="new_build", year=2030):
    t = res.frames["targets"]
    return float(t[(t.region == "*") & (t.segment == segment) & (t.year == year)].marginal_cost_eur_per_unit.iloc[0])


def bio_homes(res, year=2030):
    return float(res.kpis.set_index("year").loc[year, "biobased_homes"])


def test_whole_home_cost_every_recipe_pays_for_its_other_mass():
    """other_mass_price_eur_per_t = 10: conventional 100 t -> EUR 1,000/home, biobased
    4 t -> EUR 40/home.  Marginal cost = (2 x 500 + 1,000 + 40) - 1,000 = EUR 1,040;
    objective = 500 x 2,040 + 500 x 1,000 = EUR 1,520,000.  The split: crop products
    2 x 500 = 1,000, construction 1,000 + 40 - 1,000 = 40."""
    res, _, _ = solve(make(other_mass_price_eur_per_t=10.0))
    assert res.objective_eur == pytest.approx(1_520_000, rel=1e-9)
    assert target_dual(res) == pytest.approx(1040)
    split = res.frames["target_cost_split"].iloc[0]
    assert split.crop_products_eur == pytest.approx(1000)
    assert split.construction_eur == pytest.approx(40)
    assert split.timber_eur == pytest.approx(0)
    assert split.other_limits_eur == pytest.approx(0, abs=1e-6)
    costs = res.frames["costs"].set_index("component").cost_eur
    assert costs["other_materials"] == pytest.approx(500 * 40 + 500 * 1000)


def test_whole_home_cost_can_make_the_biobased_home_cheaper():
    """At EUR 30/t the conventional home's 100 t cost EUR 3,000, the biobased home
    2 x 500 + 1,000 + 4 x 30 = EUR 2,120: every home is biobased, the target is slack
    (dual 0), objective = 1,000 x 2,120."""
    res, _, _ = solve(make(other_mass_price_eur_per_t=30.0))
    assert bio_homes(res) == pytest.approx(1000)
    assert target_dual(res) == pytest.approx(0, abs=1e-6)
    assert res.objective_eur == pytest.approx(2_120_000, rel=1e-9)


def test_explicit_other_material_cost_overrides_the_price_per_tonne():
    """The biobased recipe's other materials cost EUR 3,000 (explicit); conventional
    100 t x 10 = 1,000.  Dual = 2 x 500 + 1,000 + 3,000 - 1,000 = 4,000;
    objective = 500 x 5,000 + 500 x 1,000 = 3,000,000."""
    t = tables()
    t["recipes"][1]["other_material_cost_eur_per_unit"] = 3000.0
    res, _, _ = solve(make(t, other_mass_price_eur_per_t=10.0))
    assert target_dual(res) == pytest.approx(4000)
    assert res.objective_eur == pytest.approx(3_000_000, rel=1e-9)


def timber_in_wool():
    """Decortication takes 0.25 t imported timber (EUR 400/t) per t straw: wool is then
    1 / 1.25 = 80% Dutch crop by input mass; wool costs 2 x (200 + 50 + 100) = EUR 700/t."""
    t = tables()
    t["regions"].append(dict(region="RTM", name="Rotterdam", kind="port", lat=51.9, lon=4.5))
    t["commodities"].append(dict(commodity="timber", kind="intermediate", biobased_share=1.0,
                                 transport_cost_eur_per_tkm=0.0))
    t["process_io"].append(dict(process="decort", commodity="timber", direction="in", t_per_t=0.25))
    t["processes"][0]["mass_loss_t_per_t"] = 0.75
    t["imports"] = [dict(commodity="timber", region="RTM", price_eur_per_t=400.0)]
    t["arcs"] = [dict(from_region="RTM", to_region="A", distance_km=0.0)]
    t["policy"][0]["carbon_price_eur_per_t"] = 100.0
    return t


def test_credits_by_origin_only_the_dutch_crop_share_earns():
    """Credit per t wool = 1.5 t CO2 x 0.8 = 1.2 t -> EUR 120; per home 2 x 120 = 240.
    Dual = 2 x 700 + 1,000 - 240 = 2,160; objective = 500 x 2,160 = 1,080,000;
    credited CO2 = 1,000 t wool x 1.2 = 1,200 t (not 1,500)."""
    res, _, _ = solve(make(timber_in_wool()))
    assert target_dual(res) == pytest.approx(2160)
    assert res.objective_eur == pytest.approx(1_080_000, rel=1e-9)
    k = res.kpis.iloc[0]
    assert k.co2_credited_t == pytest.approx(1200)
    assert k.co2_stored_t == pytest.approx(1500)
    # the credits were earned by 250 ha of hemp: EUR 120,000 / 250 ha
    assert k.carbon_income_eur_per_ha == pytest.approx(120_000 / 250)
    assert k["carbon_income_eur_per_ha.hemp"] == pytest.approx(120_000 / 250)
    split = res.frames["target_cost_split"].iloc[0]
    assert split.carbon_credits_eur == pytest.approx(-240)


def test_a_given_dutch_crop_share_overrides_the_derived_one():
    t = timber_in_wool()
    t["commodities"][1]["dutch_crop_share"] = 1.0
    res, _, _ = solve(make(t))
    assert target_dual(res) == pytest.approx(2 * 700 + 1000 - 300)


def non_residential():
    """1,000 m2 of non-residential building: conventional 1.0 t/m2 mineral; biobased
    0.2 t wool + 0.6 t other per m2 (25% biobased by mass).  Target: 10% of the segment's
    material mass biobased."""
    t = tables()
    t["demand"].append(dict(region="A", year=2030, segment="non_residential", building_type="office",
                            units=1000.0))
    t["recipes"] += [dict(recipe="nr_conv", segment="non_residential", building_type="office",
                          other_mass_t_per_unit=1.0),
                     dict(recipe="nr_bio", segment="non_residential", building_type="office",
                          other_mass_t_per_unit=0.6)]
    t["recipe_materials"].append(dict(recipe="nr_bio", commodity="wool", t_per_unit=0.2))
    t["targets"].append(dict(segment="non_residential", region="*", year=2030, target_share=0.1,
                             basis="mass"))
    return t


def test_mass_share_target_counts_tonnes_not_units():
    """x m2 biobased: 0.2x t biobased >= 0.1 x (1,000 - 0.2x) t in all -> x = 100 / 0.22 =
    454.5 m2.  Each m2 switched costs 0.2 x 500 = EUR 100 and closes 0.2 + 0.1 x 0.2 = 0.22 t
    of the gap, so the dual is 100 / 0.22 = EUR 454.5 per t.  No unit counts as biobased
    (25% < 30%), so a units target could not be met with these recipes at all."""
    res, _, _ = solve(make(non_residential()))
    x = 100 / 0.22
    nr = res.frames["demand"].query("recipe == 'nr_bio'").units.sum()
    assert nr == pytest.approx(x)
    assert target_dual(res, "non_residential") == pytest.approx(100 / 0.22)
    assert res.objective_eur == pytest.approx(1_000_000 + 100 * x, rel=1e-9)
    tg = res.frames["targets"].set_index("segment")
    assert tg.loc["non_residential", "basis"] == "mass"
    assert tg.loc["non_residential", "biobased_mass_share"] == pytest.approx(0.1)


def test_mass_share_shortfall_is_priced_per_tonne():
    """A 50% mass target cannot be met (the best recipe is 25%): all 1,000 m2 biobased give
    200 t of 800 t; the shortfall is 0.5 x 800 - 200 = 200 t at EUR 1,000/t.  Switching one
    more m2 would close 0.2 + 0.5 x 0.2 = 0.3 t at EUR 100, cheaper than 0.3 x 1,000: all
    1,000 m2 are biobased.  Dual = the penalty, EUR 1,000/t."""
    t = non_residential()
    t["targets"][-1]["target_share"] = 0.5
    res, _, _ = solve(make(t, mass_shortfall_penalty_eur_per_t=1000.0))
    tg = res.frames["targets"].set_index("segment")
    assert tg.loc["non_residential", "shortfall_t"] == pytest.approx(200)
    assert tg.loc["non_residential", "marginal_cost_eur_per_unit"] == pytest.approx(1000)
    assert res.objective_eur == pytest.approx(1_000_000 + 1000 * 100 + 200 * 1000, rel=1e-9)


def two_land_regions():
    """A and B alike (land, no existing plant, capex 0), 500 homes each, national target 50%."""
    t = tables()
    t["regions"].append(dict(t["regions"][0], region="B", name="Beta"))
    t["cultivation"].append(dict(region="B", crop="hemp", existing_area_ha=0.0))
    t["capacity"] = []
    t["demand"] = [dict(region=r, year=2030, segment="new_build", building_type="house", units=500.0)
                   for r in ("A", "B")]
    return t


def test_national_ramp_up_limits_the_whole_country_not_each_province():
    """national_growth_t_per_yr = 1,000 t straw of new decortication capacity in the whole
    country (first year, no existing capacity): 1,000 t straw -> 500 t wool -> 250 biobased
    homes, 250 short.  Objective = 250 x 2,000 + 250 x 100,000 = 25,500,000.  One more t/yr
    gives 0.25 homes: worth 0.25 x (100,000 - 2,000) = EUR 24,500."""
    t = two_land_regions()
    t["processes"][0]["national_growth_t_per_yr"] = 1000.0
    res, cp, sol = solve(make(t))
    assert bio_homes(res) == pytest.approx(250)
    assert res.objective_eur == pytest.approx(25_500_000, rel=1e-9)
    m = cp.model
    row = cp.row_of[id(m.national_capacity_growth_max["decort", 2030])]
    assert -sol.row_dual[row] * 1000 == pytest.approx(24_500)


def test_national_ramp_up_relative_part_over_two_years():
    """h = 1,000 t/yr, g = 0.5: 2029 builds <= 1,000; 2030 <= 1,000 + 0.5 x 1,000 = 1,500,
    so 2,500 t straw of capacity in 2030 -> 625 biobased homes of 1,000 needed."""
    t = two_land_regions()
    for row in t["demand"]:
        row["units"] = 1000.0
    t["processes"][0].update(national_growth_t_per_yr=1000.0, national_growth_rate=0.5)
    t["policy"] = [dict(year=2029), dict(year=2030)]
    res, _, _ = solve(make(t, base_year=2029))
    assert bio_homes(res) == pytest.approx(625)


def test_build_system_growth_limits_timber_frame_homes():
    """The biobased recipe is timber frame (hsb): 100 homes/yr before the horizon, at most
    +50% + 200 homes a year: 150 + 200 = 350 homes in 2030, 150 short.
    Objective = 350 x 2,000 + 150 x 100,000 = 15,700,000.  One more hsb home saves
    100,000 - 2,000 = EUR 98,000; the cost split shows it as other_limits_eur."""
    t = tables()
    t["build_systems"] = [dict(system="hsb", base_units_per_year=100.0, max_growth_units_per_year=200.0,
                               max_growth_rate=0.5)]
    t["recipes"][1]["build_system"] = "hsb"
    res, cp, sol = solve(make(t))
    assert bio_homes(res) == pytest.approx(350)
    assert res.objective_eur == pytest.approx(15_700_000, rel=1e-9)
    row = cp.row_of[id(cp.model.build_system_growth_max["hsb", 2030])]
    assert -sol.row_dual[row] * 1000 == pytest.approx(98_000)
    split = res.frames["target_cost_split"].iloc[0]
    assert split.marginal_cost_eur_per_unit == pytest.approx(PENALTY)
    assert split.other_limits_eur == pytest.approx(98_000)


def test_build_system_capacity_caps_units():
    t = tables()
    t["build_systems"] = [dict(system="hsb", base_units_per_year=100.0, max_growth_units_per_year=200.0,
                               max_growth_rate=0.5, max_units_per_year=300.0)]
    t["recipes"][1]["build_system"] = "hsb"
    res, _, _ = solve(make(t))
    assert bio_homes(res) == pytest.approx(300)


def wool_imports(share):
    t = tables()
    t["regions"].append(dict(region="RTM", name="Rotterdam", kind="port", lat=51.9, lon=4.5))
    t["arcs"] = [dict(from_region="RTM", to_region="A", distance_km=0.0)]
    t["imports"] = [dict(commodity="wool", region="RTM", price_eur_per_t=400.0)]
    t["policy"][0]["min_domestic_share"] = share
    return t


def test_domestic_share_over_crop_products_with_its_dual():
    """Imported wool (EUR 400/t) is cheaper than Dutch (500).  Domestic share 60% of 1,000 t:
    600 t Dutch, 400 t imported.  Objective = 600 x 500 + 400 x 400 + 500 x 1,000 =
    960,000.  Dual = 500 - 400 = EUR 100 per t."""
    res, cp, sol = solve(make(wool_imports(0.6)))
    assert res.objective_eur == pytest.approx(960_000, rel=1e-9)
    assert res.frames["imports"].t.sum() == pytest.approx(400)
    row = cp.row_of[id(cp.model.domestic_share_min[2030])]
    assert -sol.row_dual[row] * 1000 == pytest.approx(100)


def test_unreachable_domestic_share_is_a_priced_shortfall_not_infeasible():
    """Hemp may grow 100 ha only: 800 t straw -> 400 t Dutch wool.  60% of 1,000 t = 600 t
    must be Dutch: 200 t short at EUR 10,000/t (the default).  Objective = 400 x 500 +
    600 x 400 + 500 x 1,000 + 200 x 10,000 = 2,940,000."""
    t = wool_imports(0.6)
    t["crops"][0]["max_growth_ha_per_year"] = 100.0
    res, _, _ = solve(make(t))
    assert res.status == "optimal"
    assert res.objective_eur == pytest.approx(2_940_000, rel=1e-9)
    costs = res.frames["costs"].set_index("component").cost_eur
    assert costs["domestic_shortfall"] == pytest.approx(2_000_000)


def test_domestic_supply_is_not_counted_as_imported():
    """The same wool at EUR 400/t from a domestic supply option: all 1,000 t bought there,
    the 60% rule does not bind, import share 0."""
    t = wool_imports(0.6)
    t["imports"][0].update(region="A", origin="domestic")
    res, _, _ = solve(make(t))
    assert res.objective_eur == pytest.approx(1000 * 400 + 500_000, rel=1e-9)
    assert res.kpis.iloc[0].import_share == pytest.approx(0)


def test_perennial_planting_is_annualised_over_the_stand_life():
    """A perennial harvested in its planting year (establishment 0), planting EUR 2,000/ha,
    stand life 10 yr at 7%: annuity 2,000 x CRF(7%, 10) = 284.76 EUR/ha/yr (no establishment
    years to pay back).  Straw =
    (1,600 + 284.76) / 8 = 235.59 EUR/t; dual = 2 x (2 x 235.59 + 50) + 1,000.  Paid at once
    the planting would cost (1,600 + 2,000) / 8 = 450 EUR/t straw in a one-year horizon."""
    t = tables()
    t["crops"][0].update(crop="misc", perennial=True, establishment_years=0,
                         establishment_cost_eur_per_ha=2000.0, stand_lifetime_years=10)
    t["cultivation"][0]["crop"] = "misc"
    res, _, _ = solve(make(t, market_interest_rate=0.07))
    crf = 0.07 * 1.07 ** 10 / (1.07 ** 10 - 1)
    straw = (1600 + 2000 * crf) / 8
    assert target_dual(res) == pytest.approx(2 * 2 * (straw + 50) + 1000)
    assert res.objective_eur == pytest.approx(250 * (1600 + 2000 * crf) + 2000 * 50 + 500 * 1000, rel=1e-9)
    t["crops"][0]["stand_lifetime_years"] = None
    res2, _, _ = solve(make(t, market_interest_rate=0.07))
    assert target_dual(res2) == pytest.approx(2 * 2 * (450 + 50) + 1000)


def test_perennial_planted_before_the_last_years_is_levelised_over_its_harvests():
    """Years 2028-2030, establishment 2 years, planting EUR 2,000/ha, stand life 10 yr at
    7%: a hectare planted in 2028 yields from 2030 only.  Levelised, it costs nothing in
    2028-2029 and in 2030 its cultivation cost 1,600 plus (2,000 + 2 x 1,600) x CRF(7%, 8) =
    870.8 EUR/ha.  Straw in 2030 = (1,600 + 870.8) / 8 = 308.85 EUR/t.  Paid the old way the
    same hectare costs 3 x 1,600 + 2,000 inside the horizon (straw (3 x 1,600 + 2,000) / 8 =
    850 EUR/t, tests/test_constraints.py)."""
    t = tables()
    t["crops"][0].update(crop="misc", perennial=True, establishment_years=2,
                         establishment_cost_eur_per_ha=2000.0, stand_lifetime_years=10)
    t["cultivation"][0]["crop"] = "misc"
    t["policy"] = [dict(year=2028), dict(year=2029), dict(year=2030)]
    res, _, _ = solve(make(t, base_year=2028, market_interest_rate=0.07))
    crf = 0.07 * 1.07 ** 8 / (1.07 ** 8 - 1)
    kappa = (2000 + 2 * 1600) * crf
    p = res.frames["prices"].query("commodity == 'straw' and year == 2030").price_eur_per_t.iloc[0]
    assert p == pytest.approx((1600 + kappa) / 8)
    c = res.frames["cultivation"].set_index("year")
    assert c.loc[2028, "planted_ha"] == pytest.approx(250)
    assert res.objective_eur == pytest.approx(250 * (1600 + kappa) + 100_000 + 500_000, rel=1e-9)


def test_capacity_value_is_per_t_of_nameplate_and_utilisation_of_usable_capacity():
    """Availability 0.5 and 1,000 t/yr existing: usable 500 t straw.  New capacity costs
    100 EUR/(t/yr) / 10 yr = 10 EUR per nameplate t/yr.  The dual of
    processing_capacity_max is per usable tonne (10 / 0.5 = 20); the capacity value per
    t/yr of nameplate is 10.  The plant runs at its limit: utilisation 100% of usable."""
    t = tables()
    t["capacity"][0]["capacity_t_per_yr"] = 1000.0
    t["processes"][0].update(capex_eur_per_t_yr=100.0, lifetime_years=10, availability=0.5)
    res, _, _ = solve(make(t, market_interest_rate=0.0, loan_share=0.0))
    p = res.frames["processing"].iloc[0]
    assert p.capacity_value_eur_per_t_yr == pytest.approx(10)
    assert p.utilisation == pytest.approx(1.0)
    k = res.kpis.iloc[0]
    # 2,000 t straw needs 4,000 t/yr nameplate at availability 0.5 (3,000 new).
    # Decortication makes the building product here: a product line, in t output/yr
    assert k.product_line_capacity_t_output_per_yr == pytest.approx(4000 * 0.5)
    assert k.product_line_utilisation == pytest.approx(1.0)
    assert k.primary_capacity_t_input_per_yr == pytest.approx(0)


def test_target_cost_split_names_the_timber_bill():
    """The biobased home also takes 10 t of imported structural timber at EUR 400/t
    (material group derived: biobased, made from no Dutch crop -> timber).  Dual = 2 x 500 +
    10 x 400 + 1,000 = 6,000: timber 4,000, crop products 1,000, construction 1,000."""
    t = tables()
    t["regions"].append(dict(region="RTM", name="Rotterdam", kind="port", lat=51.9, lon=4.5))
    t["arcs"] = [dict(from_region="RTM", to_region="A", distance_km=0.0)]
    t["commodities"].append(dict(commodity="timber", kind="product", biobased_share=1.0,
                                 transport_cost_eur_per_tkm=0.0))
    t["imports"] = [dict(commodity="timber", region="RTM", price_eur_per_t=400.0)]
    t["recipe_materials"].append(dict(recipe="bio", commodity="timber", t_per_unit=10.0))
    res, _, _ = solve(make(t))
    assert target_dual(res) == pytest.approx(6000)
    split = res.frames["target_cost_split"].iloc[0]
    assert (split.timber_eur, split.crop_products_eur, split.construction_eur) == pytest.approx((4000, 1000, 1000))
    assert split.other_limits_eur == pytest.approx(0, abs=1e-6)


def test_summary_json_holds_per_segment_and_per_crop_kpis():
    """KPI names with a dot become families in summary.json unless a plain KPI has the same
    name (target_share and target_share.non_residential, carbon income total and per crop)."""
    from nabb.pipeline import solve_inputs, summary_dict
    t = non_residential()
    t["policy"][0]["carbon_price_eur_per_t"] = 100.0
    run_ = solve_inputs(make(t))
    y = summary_dict(run_.results)["years"]["2030"]
    assert y["target_share"] == pytest.approx(0.5)
    assert y["target_share.non_residential"] == pytest.approx(0.1)
    assert y["units"]["non_residential"] == pytest.approx(1000)
    assert y["carbon_income_eur_per_ha"] == pytest.approx(y["carbon_income_eur_per_ha.hemp"])
    assert y["area_ha"]["hemp"] > 0


def test_capacity_value_equals_the_finite_difference_of_nameplate_capacity():
    """Defect 1, measured as in the issue: availability 0.8, one more t/yr of existing
    nameplate capacity lowers the objective by the reported capacity value (the annuity of
    new capacity, 100 EUR/(t/yr) x CRF(7%, 10) = 14.24 EUR), not by 1/0.8 of it."""
    def objective(existing):
        t = tables()
        t["capacity"][0]["capacity_t_per_yr"] = existing
        t["processes"][0].update(capex_eur_per_t_yr=100.0, lifetime_years=10, availability=0.8)
        res, _, _ = solve(make(t, market_interest_rate=0.07, loan_share=0.0))
        return res
    base, more = objective(1000.0), objective(1001.0)
    crf = 0.07 * 1.07 ** 10 / (1.07 ** 10 - 1)
    value = float(base.frames["processing"].iloc[0].capacity_value_eur_per_t_yr)
    assert value == pytest.approx(100 * crf)
    assert base.objective_eur - more.objective_eur == pytest.approx(value, rel=1e-6)


def test_target_cost_split_explains_the_default_marginal_cost():
    """On the embedded default (no construction-system limit, no regional target), the
    biobased and the conventional recipe built side by side differ in cost by exactly the
    target's dual: nothing is left for other limits."""
    from nabb import pipeline
    from nabb.io.reader import read_workbook
    run_ = pipeline.solve_inputs(read_workbook(pipeline.DEFAULT_WORKBOOK))
    m, res = run_.compiled.model, run_.results
    if len(m.build_system_growth_max) or len(m.build_system_capacity_max) or len(m.regional_biobased_target):
        pytest.skip("the default now has limits that act on recipes: other_limits_eur may be non-zero")
    split = res.frames["target_cost_split"]
    nat = res.frames["targets"].query("region == '*' and basis == 'units' and segment == 'new_build'")
    assert set(split.query("segment == 'new_build'").year) == set(nat.year)
    for _, row in split.iterrows():
        assert abs(row.other_limits_eur) < 1e-6 * max(1.0, abs(row.marginal_cost_eur_per_unit))
