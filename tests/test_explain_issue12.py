"""Issue 12 explanations: the CO2 check (defect 5) and why an existing plant idles (item 3)."""
import pytest

from nabb import explain as E
from nabb.pipeline import solve_inputs
from tests.cases import make, tables


def test_product_storing_more_co2_than_its_inputs_is_flagged():
    """Straw holds 0.5 t CO2/t; 1 t straw makes 0.5 t wool at 1.5 t CO2/t = 0.75 > 0.5."""
    t = tables()
    t["commodities"][0]["co2_storage_t_per_t"] = 0.5
    found = [f for f in E.presolve_checks(make(t)) if f.link == "carbon storage"]
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert found[0].amount == pytest.approx(0.25)
    assert any(r.sheet == "commodities" and r.column == "co2_storage_t_per_t" for r in found[0].refs)


def test_consistent_co2_is_not_flagged():
    t = tables()
    t["commodities"][0]["co2_storage_t_per_t"] = 1.5   # 1.5 in >= 0.75 out
    assert not [f for f in E.presolve_checks(make(t)) if f.link == "carbon storage"]
    # without a CO2 figure the input is bounded by what dry biomass can hold (1.83 t/t)
    assert not [f for f in E.presolve_checks(make()) if f.link == "carbon storage"]


def test_an_idle_existing_plant_is_explained_in_words():
    """Imported wool at EUR 300/t undercuts Dutch wool: decortication costs 50 + 1 t straw x
    200 = EUR 250 per t of straw and makes 0.5 t wool worth 300 = EUR 150, so P1 idles."""
    t = tables()
    t["regions"].append(dict(region="RTM", name="Rotterdam", kind="port", lat=51.9, lon=4.5))
    t["arcs"] = [dict(from_region="RTM", to_region="A", distance_km=0.0)]
    t["imports"] = [dict(commodity="wool", region="RTM", price_eur_per_t=300.0)]
    run_ = solve_inputs(make(t))
    idle = E.explain(run_, bisect=False).frames()["Idle plants"]
    row = idle.set_index("plant").loc["P1"]
    assert row.cost_per_t_eur == pytest.approx(250)
    assert row.value_per_t_eur == pytest.approx(150)
    assert "P1" in row.explanation and "EUR 250" in row.explanation and "EUR 150" in row.explanation


def test_a_running_plant_is_not_listed_as_idle():
    run_ = solve_inputs(make())
    assert E.explain(run_, bisect=False).frames()["Idle plants"].empty


def test_ramp_up_and_construction_growth_limits_are_reported_where_they_bind():
    """Issue 12 item 4: the Bottlenecks sheet names the national ramp-up and the timber-frame
    growth limit with their input cells when they bind."""
    from tests.test_hand_solved_whole_chain import two_land_regions
    t = two_land_regions()
    t["processes"][0]["national_growth_t_per_yr"] = 1000.0
    run_ = solve_inputs(make(t))
    b = E.explain(run_, bisect=False).frames()["Bottlenecks"]
    row = b[b.link == "national ramp-up"].iloc[0]
    assert "national ramp-up of decort" in row.what.lower()
    assert "processes!" in row.input and "national_growth_t_per_yr" in row.input
    # 1,000 t/yr more: 0.25 homes per t at EUR 98,000 -> EUR 24.5 M (first year, not discounted)
    assert row.value_per_step_eur == pytest.approx(24_500_000, rel=1e-6)

    t = tables()
    t["build_systems"] = [dict(system="hsb", base_units_per_year=100.0, max_growth_units_per_year=200.0,
                               max_growth_rate=0.5)]
    t["recipes"][1]["build_system"] = "hsb"
    run_ = solve_inputs(make(t))
    b = E.explain(run_, bisect=False).frames()["Bottlenecks"]
    row = b[b.link == "construction-system growth"].iloc[0]
    assert "build_systems!" in row.input
    assert row.value_per_step_eur == pytest.approx(100 * 98_000, rel=1e-6)
