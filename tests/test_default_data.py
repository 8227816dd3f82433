"""The embedded default: it validates, every scenario solves, and the key 2030 results of
`base` are pinned so that a changed result is always a conscious change.

When a deliberate change to the data or the model moves these figures, update EXPECTED
and say why in the commit message (and in data/README.md's results table)."""
import pytest

from nabb import pipeline
from nabb.io.reader import read_workbook
from nabb.scenarios import apply_scenario, scenario_names

#: base, 2030 (from `nabb run`, see data/README.md); tolerances are solver-level.
EXPECTED = {
    "objective_eur": 2_394_530_524,
    "biobased_share": 0.30,
    "shortfall_homes": 0.0,
    "fibre_crop_area_ha": 4_733.8,
    "processing_capacity_total_t": 195_606,
    "co2_stored_t": 910_299,
    "import_share": 0.8996,
    "marginal_cost_target_eur_per_home": 20_882,
}
POLICY_SCENARIOS = {"base", "housing_100k", "high_carbon_price", "cheap_processor_loans", "domestic_only"}


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
    assert k["domestic_only"].import_share <= k["base"].import_share + 1e-9
