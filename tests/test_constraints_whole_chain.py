"""One test per issue-12 constraint family: the family binds in the instance, and dropping
it changes the answer (so each test fails if the constraint is removed or has the wrong sign).
The instances and their hand solutions are in tests/test_hand_solved_whole_chain.py."""
import pytest

from tests.cases import make, solve, tables
from tests.test_hand_solved_whole_chain import (bio_homes, non_residential, two_land_regions,
                                                wool_imports)


def objective_without(inputs, family):
    res, _, _ = solve(inputs, deactivate=(family,))
    return res.objective_eur


def test_national_capacity_growth_max():
    t = two_land_regions()
    t["processes"][0]["national_growth_t_per_yr"] = 1000.0
    inp = make(t)
    res, _, _ = solve(inp)
    assert bio_homes(res) == pytest.approx(250)
    new = res.frames["processing"].query("year == 2030").new_capacity_t_per_yr.sum()
    assert new == pytest.approx(1000)          # for the whole country, not 1,000 per region
    res2, _, _ = solve(inp, deactivate=("national_capacity_growth_max",))
    assert bio_homes(res2) == pytest.approx(500)
    assert res2.objective_eur < res.objective_eur - 1


def build_system_tables(**cap):
    t = tables()
    t["build_systems"] = [dict(system="hsb", base_units_per_year=100.0, max_growth_units_per_year=200.0,
                               max_growth_rate=0.5, **cap)]
    t["recipes"][1]["build_system"] = "hsb"
    return t


def test_build_system_growth_max():
    inp = make(build_system_tables())
    res, _, _ = solve(inp)
    assert bio_homes(res) == pytest.approx(350)
    assert objective_without(inp, "build_system_growth_max") < res.objective_eur - 1


def test_build_system_growth_max_over_years_uses_last_years_units():
    """2029: <= 1.5 x 100 + 200 = 350; 2030: <= 1.5 x 350 + 200 = 725 (of 1,000 needed)."""
    t = build_system_tables()
    t["policy"] = [dict(year=2029), dict(year=2030)]
    t["demand"] = [dict(region="A", year=y, segment="new_build", building_type="house", units=2000.0)
                   for y in (2029, 2030)]
    t["targets"] = [dict(segment="new_build", region="*", year=y, target_share=0.5) for y in (2029, 2030)]
    t["crops"][0]["max_growth_ha_per_year"] = 5000.0
    res, _, _ = solve(make(t, base_year=2029))
    assert bio_homes(res, 2029) == pytest.approx(350)
    assert bio_homes(res, 2030) == pytest.approx(725)


def test_build_system_capacity_max():
    inp = make(build_system_tables(max_units_per_year=300.0))
    res, _, _ = solve(inp)
    assert bio_homes(res) == pytest.approx(300)
    assert objective_without(inp, "build_system_capacity_max") < res.objective_eur - 1


def test_biobased_mass_target():
    inp = make(non_residential())
    res, _, _ = solve(inp)
    assert res.frames["demand"].query("recipe == 'nr_bio'").units.sum() == pytest.approx(100 / 0.22)
    res2, _, _ = solve(inp, deactivate=("biobased_mass_target",))
    assert res2.frames["demand"].query("recipe == 'nr_bio'").units.sum() == pytest.approx(0, abs=1e-6)


def test_regional_biobased_mass_target():
    t = non_residential()
    t["targets"][-1]["region"] = "A"
    inp = make(t)
    res, _, _ = solve(inp)
    assert res.frames["demand"].query("recipe == 'nr_bio'").units.sum() == pytest.approx(100 / 0.22)
    assert objective_without(inp, "regional_biobased_mass_target") < res.objective_eur - 1


def test_domestic_share_min_counts_crop_products_only():
    """Imported timber (not a crop product) is in the homes too; the rule still holds at
    60% of the wool, and timber imports do not make it unreachable."""
    t = wool_imports(0.6)
    t["commodities"].append(dict(commodity="timber", kind="product", biobased_share=1.0,
                                 transport_cost_eur_per_tkm=0.0))
    t["imports"].append(dict(commodity="timber", region="RTM", price_eur_per_t=300.0))
    t["recipe_materials"].append(dict(recipe="bio", commodity="timber", t_per_unit=20.0))
    inp = make(t)
    res, _, _ = solve(inp)
    wool = res.frames["imports"].query("commodity == 'wool'").t.sum()
    assert wool == pytest.approx(400)
    costs = res.frames["costs"].set_index("component").cost_eur
    assert costs["domestic_shortfall"] == pytest.approx(0, abs=1e-6)
    assert objective_without(inp, "domestic_share_min") < res.objective_eur - 1
