"""The embedded default: it validates, every scenario solves, and the key 2030 results of
`base` are pinned so that a changed result is always a conscious change.

When a deliberate change to the data or the model moves these figures, update EXPECTED
and say why in the commit message (and in data/README.md's results table)."""
import pandas as pd
import pytest

from nabb import pipeline
from nabb.io.reader import read_workbook
from nabb.kpis import headline
from nabb.scenarios import apply_scenario, scenario_names

#: base, 2030 (from `nabb run`, see data/README.md); tolerances are solver-level.
EXPECTED = {
    "objective_eur": 6_036_039_781,
    "biobased_share": 0.30,
    "shortfall_homes": 0.0,
    "fibre_crop_area_ha": 14_608.1,
    "primary_capacity_t_input_per_yr": 135_941,
    "product_line_capacity_t_output_per_yr": 59_614,
    "co2_stored_t": 2_701_992,
    "co2_credited_t": 68_699,
    "carbon_income_eur_per_ha": 376.22,
    "import_share": 0.9749,
    "marginal_cost_target_eur_per_home": 2_489.5,
    "biobased_mass_share.non_residential": 0.30,
    "marginal_cost_target.non_residential": 384.09,
}
#: CBS 85636NED, 2025 provisional (ha): the first modelled year must sit near it.
CBS_2025_HA = {"hemp": 2_808, "flax": 3_730}
POLICY_SCENARIOS = {"base", "housing_100k", "high_carbon_price", "cheap_processor_loans",
                    "woodfibre_parity", "high_nonbio_mass", "retrofit_programme", "flax_current_linen",
                    "timber_growth_cap", "dutch_timber", "domestic_insulation_share"}


@pytest.fixture(scope="module")
def base_inputs():
    return read_workbook(pipeline.DEFAULT_WORKBOOK)


def test_default_validates_without_errors_or_warnings(base_inputs):
    assert base_inputs.warnings == []
    assert len(base_inputs.tables["regions"].query("kind == 'province'")) == 12
    assert base_inputs.years == [2025, 2026, 2027, 2028, 2029, 2030]


def test_default_has_the_policy_scenarios(base_inputs):
    assert POLICY_SCENARIOS <= set(scenario_names(base_inputs))


@pytest.fixture(scope="module")
def solved(base_inputs):
    out = {}
    for name in sorted(POLICY_SCENARIOS):
        run_ = pipeline.solve_inputs(apply_scenario(base_inputs, name))
        out[name] = run_.results
    return out


@pytest.mark.parametrize("name", sorted(POLICY_SCENARIOS))
def test_every_scenario_solves_to_optimal(solved, name):
    assert solved[name].status == "optimal"


def test_base_2030_regression(solved):
    res = solved["base"]
    k = res.kpis.set_index("year").loc[2030]
    assert res.objective_eur == pytest.approx(EXPECTED["objective_eur"], rel=1e-6)
    for key, value in EXPECTED.items():
        if key == "objective_eur":
            continue
        assert k[key] == pytest.approx(value, rel=1e-3, abs=1e-6), key


def test_results_are_not_degenerate(solved):
    """No zero everywhere, and not everything from one province."""
    res = solved["base"]
    c = res.frames["cultivation"].query("year == 2030 and area_ha > 1")
    assert c.region.nunique() >= 4
    p = res.frames["processing"].query("year == 2030 and activity_t > 1")
    assert p.region.nunique() >= 4


def test_scenarios_move_in_the_expected_direction(solved):
    k = {n: r.kpis.set_index("year").loc[2030] for n, r in solved.items()}
    assert k["housing_100k"].new_build_homes > k["base"].new_build_homes
    assert k["housing_100k"].fibre_crop_area_ha >= k["base"].fibre_crop_area_ha
    assert k["high_carbon_price"].carbon_credits_eur > k["base"].carbon_credits_eur
    assert solved["cheap_processor_loans"].objective_eur <= solved["base"].objective_eur
    assert k["high_carbon_price"].fibre_crop_area_ha > k["base"].fibre_crop_area_ha
    assert k["woodfibre_parity"].marginal_cost_target_eur_per_home < k["base"].marginal_cost_target_eur_per_home
    assert k["flax_current_linen"].cost_undiscounted_eur < k["base"].cost_undiscounted_eur
    assert k["timber_growth_cap"].marginal_cost_target_eur_per_home > k["base"].marginal_cost_target_eur_per_home
    assert k["dutch_timber"].import_share < k["base"].import_share


@pytest.fixture(scope="module")
def headlines(base_inputs):
    out = {}
    for name in scenario_names(base_inputs):
        run_ = pipeline.solve_inputs(apply_scenario(base_inputs, name))
        assert run_.results.status == "optimal", name
        table = headline(run_.results, run_.compiled.model.data).set_index("KPI (EN)")["2030"]
        kpis = run_.results.kpis.set_index("year").loc[2030]
        out[name] = pd.concat([table, kpis.drop(labels=["year"], errors="ignore")])
    return out


def test_every_shipped_scenario_changes_a_2030_kpi(base_inputs, headlines):
    """A scenario an officer runs must change the answer (issue 12, item 9): each one differs
    from base in at least one 2030 headline KPI by more than solver noise."""
    base = pd.to_numeric(headlines["base"], errors="coerce")
    for name in scenario_names(base_inputs):
        if name == "base":
            continue
        other = pd.to_numeric(headlines[name], errors="coerce")
        rel = ((other - base).abs() / base.abs().clip(lower=1.0)).dropna()
        changed = rel[rel > 1e-4]
        assert len(changed), f"scenario {name!r} equals base in every 2030 KPI"


def test_first_year_sits_near_cbs(solved):
    """2025 is history: the model's hemp and flax area must sit near CBS 2025 (provisional)."""
    k = solved["base"].kpis.set_index("year").loc[2025]
    for crop, cbs in CBS_2025_HA.items():
        assert k[f"area_ha.{crop}"] == pytest.approx(cbs, rel=0.25), crop


def test_a_route_without_dutch_crops_reaches_the_threshold(base_inputs):
    """Timber frame with mineral wool and CLT with mineral wool pass 30% without crops."""
    from nabb.model.data import prepare
    data = prepare(base_inputs)
    for recipe in ("hsb_mineralwool_ground", "clt_mineralwool_apartment", "hsb_woodfibre_ground"):
        assert data.recipe_is_bio[recipe], recipe
        assert not any(data.credit_eligible[c] for c in data.recipe_materials_t_per_unit[recipe]), recipe


def test_committed_default_is_what_its_sources_build(tmp_path):
    """nabb/data/nabb_default.xlsx is exactly (byte for byte) what data/build_default.py builds
    from data/default/*.csv: no stale copy, and no timestamps that make rebuilds differ."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    script = root / "data" / "build_default.py"
    if not script.exists():  # an installed wheel carries the workbook, not its sources
        pytest.skip("data/build_default.py is not in this checkout")
    spec = importlib.util.spec_from_file_location("build_default", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    module.build(first)
    module.build(second)
    assert first.read_bytes() == second.read_bytes(), "two builds of the default differ"
    assert first.read_bytes() == pipeline.DEFAULT_WORKBOOK.read_bytes(), (
        "nabb/data/nabb_default.xlsx is not what data/default/*.csv builds: run `make data` "
        "and commit the workbook")


def test_the_default_data_passes_its_own_pre_solve_checks():
    """A policy officer's first run must not open with a warning about nabb's own data (the
    straw panel once stored more CO2 per tonne than its straw and timber inputs held)."""
    from nabb import pipeline
    run_ = pipeline.solve_inputs(pipeline.load(None, "base"))
    assert [f.message for f in run_.checks] == []
