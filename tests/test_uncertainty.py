"""nabb uncertainty: known answers, laws, exactness of the fast path, reproducibility, bad input.

The tiny instance (tests/cases.py ONE_REGION): 1,000 homes, target 50% = 500 biobased homes,
each needs 2 t of wool = 4 t of straw, so 2,000 t of straw; the hemp area can grow by at most
1,000 ha in the year.  The target is met exactly when yield >= 2 t/ha.  The biobased recipe
has 2 t of wool and ``m`` t of other mass: it counts as biobased when 2 / (2 + m) >= 30%,
i.e. m <= 14/3; above that no recipe can reach the target.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sst

from nabb.errors import InputError
from nabb.uncertainty.engine import make_plan, run_samples
from nabb.reports.uncertainty_outputs import strict, to_json
from nabb.uncertainty.run import run_uncertainty
from nabb.uncertainty.sample import draw
from nabb.uncertainty.spec import spec_from_records
from tests import cases


def tiny(**settings):
    t = cases.tables()
    t["crops"][0]["max_growth_ha_per_year"] = 1000.0
    return cases.make(t, **settings)


YIELD = dict(parameter="hemp_yield", sheet="crops", column="yield_t_per_ha", filter="crop=hemp",
             distribution="uniform", low=1.0, high=5.0)
MASS = dict(parameter="bio_other_mass", sheet="recipes", column="other_mass_t_per_unit", filter="recipe=bio",
            distribution="uniform", low=3.0, high=6.0)
COST = dict(parameter="hemp_cost", sheet="crops", column="cultivation_cost_eur_per_ha", filter="crop=hemp",
            distribution="triangular", low=400.0, mode=600.0, high=900.0)


def p_2030(res) -> float:
    return res.summary["probability_target_met"]["2030"]


# --------------------------------------------------------------------------- known answers

def test_probability_of_a_yield_threshold_is_analytic():
    """P(yield >= 2) for yield ~ U(1, 5) is 3/4 (shortfall <= 0.5 homes: yield >= 1.998, 0.7505)."""
    inputs = tiny()
    spec = spec_from_records([YIELD], inputs)
    exact = (5.0 - 2.0 * (1 - 0.5 / 500)) / 4.0
    res = run_uncertainty(inputs, spec, 200, seed=1, method="lhs")
    # a 1-D Latin hypercube puts one draw in each 1/200 stratum: the share is within 1/200
    assert abs(p_2030(res) - exact) <= 1 / 200 + 1e-12
    res = run_uncertainty(inputs, spec, 300, seed=2, method="random")
    se = math.sqrt(exact * (1 - exact) / 300)
    assert abs(p_2030(res) - exact) <= 3 * se                       # 3 standard errors
    assert res.summary["failed"] == 0 and res.summary["solved"] == 300
    # the shortfall in a sample is the hand-computed one
    f = res.frame
    y = f["hemp_yield"].to_numpy()
    expected = np.maximum(0.0, 500.0 - y * 1000.0 * 0.5 / 2.0)
    assert np.allclose(f["shortfall_homes.new_build.2030"], expected, atol=1e-6)


def test_structure_change_at_the_threshold_is_exact_and_analytic():
    """Other mass above 14/3 t drops the recipe below 30%: its homes leave the target row."""
    inputs = tiny()
    spec = spec_from_records([YIELD, MASS], inputs)
    res = run_uncertainty(inputs, spec, 300, seed=5, method="lhs")
    f = res.frame
    met = (f["hemp_yield"] >= 2.0 * (1 - 0.5 / 500)) & (f["bio_other_mass"] <= 14 / 3)
    assert p_2030(res) == pytest.approx(met.mean(), abs=1e-12)      # sample by sample
    exact = 0.7505 * (14 / 3 - 3) / 3
    assert abs(p_2030(res) - exact) <= 0.02                          # LHS, 300 samples
    st = res.summary["structure"]
    assert st["mode"] == "affine" and len(st["groups"]) >= 2          # the threshold is a structure change
    assert st["samples_rebuilt"] == 0


@pytest.mark.parametrize("params", [[YIELD, MASS, COST]])
def test_fast_path_equals_rebuilding_every_sample(params):
    inputs = tiny()
    spec = spec_from_records(params, inputs)
    values = draw(spec, 16, seed=11, method="lhs")
    fast, _, _ = run_samples(make_plan(inputs, spec, values))
    slow, _, _ = run_samples(make_plan(inputs, spec, values, force_rebuild=True))
    assert not any(r["rebuilt"] for r in fast) and all(r["rebuilt"] for r in slow)
    for a, b in zip(fast, slow):
        assert a["status"] == b["status"] == "optimal"
        keys = [k for k in b if "." in k or k == "total_cost_eur"]
        assert keys and set(keys) <= set(a)
        for k in keys:
            assert a[k] == pytest.approx(b[k], rel=1e-7, abs=1e-6, nan_ok=True), k


def test_fast_path_equals_rebuilding_on_the_default():
    """The default workbook, with a mass that crosses the 30% threshold (structure groups).

    The LP handed to HiGHS equals a fresh compile of each sample, entry by entry, and so does
    the optimum.  (The default LP is degenerate: an equally cheap plan may differ in where
    the hectares go, so the per-region KPIs are compared only through the objective.)"""
    from nabb import pipeline
    from nabb.sweep.update import LPData, mismatch
    from nabb.uncertainty import engine
    inputs = pipeline.load(None)
    spec = spec_from_records([
        dict(parameter="mass", sheet="recipes", column="other_mass_t_per_unit",
             filter="recipe=hsb_hempwool_ground", distribution="uniform", low=45, high=60),
        dict(parameter="wf_price", sheet="imports", column="price_eur_per_t", apply="multiplier",
             filter="commodity=wood_fibre_insulation", distribution="uniform", low=0.7, high=1.3),
        dict(parameter="carbon", sheet="policy", column="carbon_price_eur_per_t", filter="*",
             distribution="triangular", low=0, mode=50, high=150),
        # investments are paid over their lifetime: columns whose cost spans several years
        dict(parameter="capex", sheet="processes", column="capex_eur_per_t_yr", apply="multiplier",
             filter="*", distribution="uniform", low=0.6, high=1.4)], inputs)
    values = draw(spec, 5, seed=3, method="lhs")
    plan = make_plan(inputs, spec, values)
    assert plan.mode == "affine" and len(plan.groups) >= 2
    x = np.random.default_rng(0).random(len(plan.groups[plan.base_sig].arrays.data.c))
    for i in range(len(values)):
        exact = engine._try_compile(engine._data(plan.applier, values[i])[0])
        gm = plan.groups[plan.group_of[i]]
        lp = gm.affine.at(values[i])
        assert mismatch(lp, LPData.of(exact)) < 1e-12
        # the year costs read from the sample's objective vector are the compiled ones,
        # coefficient by coefficient (x is any vector, not a solution)
        ix = engine.Indexer.of(exact)
        for year, yc in gm.index.year_cost.items():
            assert yc.at(x, lp.c, lp.offset) == pytest.approx(ix.year_cost[year].at(x), rel=1e-12), year
    fast, _, _ = run_samples(plan)
    slow, _, _ = run_samples(make_plan(inputs, spec, values, force_rebuild=True))
    for a, b in zip(fast, slow):
        assert a["status"] == b["status"] == "optimal" and not a["rebuilt"]
        assert a["total_cost_eur"] == pytest.approx(b["total_cost_eur"], rel=1e-9)


def test_each_structure_group_costs_one_compile_and_stays_exact():
    """A recipe mass crossing the 30% threshold splits the samples into structure groups.
    Each group whose LP is the centre's minus entries is compiled once (its first sample), not
    twice; and every sample's LP, groups included, still equals a fresh compile entry by entry."""
    from nabb import pipeline
    from nabb.sweep.update import LPData, mismatch
    from nabb.uncertainty import engine
    inputs = pipeline.load(None)
    spec = spec_from_records([
        dict(parameter="mass", sheet="recipes", column="other_mass_t_per_unit",
             filter="recipe=hsb_hempwool_ground", distribution="uniform", low=45, high=60),
        dict(parameter="carbon", sheet="policy", column="carbon_price_eur_per_t", filter="*",
             distribution="triangular", low=0, mode=50, high=150)], inputs)
    values = draw(spec, 12, seed=1, method="lhs")
    plan = make_plan(inputs, spec, values)
    others = [gm for g, gm in plan.groups.items() if g != plan.base_sig]
    assert plan.mode == "affine" and others and all(gm.mode == "affine" for gm in others)
    assert any(gm.samples > 1 for gm in others)            # a group the old check compiled twice
    assert plan.group_compiles == len(others)
    for i in range(len(values)):
        exact = engine._try_compile(engine._data(plan.applier, values[i])[1])
        assert mismatch(plan.groups[plan.group_of[i]].affine.at(values[i]), LPData.of(exact)) < 1e-12, i


def test_a_group_that_is_not_the_centre_minus_entries_is_not_a_projection():
    """The second compile is skipped only when the group's LP at its first sample is the
    centre model's prediction there; a changed number or a new entry keeps the check."""
    from nabb.sweep.update import LPData
    from nabb.uncertainty.engine import _is_projection
    z = np.zeros(2)
    at_ref = LPData(np.array([1.0, 2.0]), 0.0, np.array([3.0, 4.0, 5.0]), z, z, z, np.array([np.inf, 1.0]))
    same = LPData(at_ref.c.copy(), 0.0, np.array([3.0, 5.0]), z, z, z, at_ref.col_upper.copy())
    assert _is_projection(same, at_ref, np.array([0, 2]))
    assert not _is_projection(same, at_ref, np.array([0, -1]))               # a new entry
    moved = LPData(np.array([1.0, 2.5]), 0.0, np.array([3.0, 5.0]), z, z, z, at_ref.col_upper.copy())
    assert not _is_projection(moved, at_ref, np.array([0, 2]))               # a cost differs
    finite = LPData(at_ref.c.copy(), 0.0, np.array([3.0, 5.0]), z, z, z, np.array([9.0, 1.0]))
    assert not _is_projection(finite, at_ref, np.array([0, 2]))              # a bound turns finite


def test_quantiles_per_year_of_a_cost_linear_in_the_draw():
    """Only the hemp cultivation cost c ~ Triangular(400, 600, 900) EUR/ha moves; the plan
    stays 250 ha, 2,000 t straw, 500 biobased homes (tests/test_hand_solved.py), so by hand
    the year's cost is 250 c + 250 x 1,000 (forgone margin) + 2,000 x 50 + 500 x 1,000
    = 250 c + 850,000 EUR and the marginal cost of the target 2 t wool x (2 t straw x
    (c + 1,000) / 8 + 2 x 50) + 1,000 = (c + 1,000) / 2 + 1,200 EUR per home (2,000 at c = 600).  Percentiles (linear interpolation) commute with an increasing affine map, so
    every P of these KPIs is that map of the same P of the draws."""
    inputs = tiny()
    spec = spec_from_records([COST], inputs)
    res = run_uncertainty(inputs, spec, 200, seed=3, method="lhs")
    assert res.summary["solved"] == 200
    c = res.frame["hemp_cost"].to_numpy()
    doc = json.loads(to_json(res.summary))
    q = doc["quantiles"]
    for p, draw_p in zip((5, 25, 50, 75, 95), np.percentile(c, [5, 25, 50, 75, 95])):
        assert q["total_cost_eur"]["2030"][f"P{p}"] == pytest.approx(250 * draw_p + 850_000, rel=1e-9)
        assert q["marginal_cost_target_eur_per_home"]["2030"][f"P{p}"] == pytest.approx(
            (draw_p + 1000) / 2 + 1200, rel=1e-9)
        assert q["area_ha"]["hemp"]["2030"][f"P{p}"] == pytest.approx(250, rel=1e-9)
        assert q["area_ha_by_region"]["A"]["hemp"]["2030"][f"P{p}"] == pytest.approx(250, rel=1e-9)
        assert q["processing_capacity_t"]["decort"]["2030"][f"P{p}"] == pytest.approx(100_000, rel=1e-9)
        assert q["co2_credited_t"]["2030"][f"P{p}"] == pytest.approx(1000 * 1.5, rel=1e-9)
        assert q["import_share"]["2030"][f"P{p}"] == 0.0
        # discount rate 0 and one year: the discounted total is the year's cost
        assert q["total_discounted_cost_eur"][f"P{p}"] == pytest.approx(q["total_cost_eur"]["2030"][f"P{p}"])
    # the median of Triangular(400, 600, 900) is 900 - sqrt(0.5 x 500 x 300) = 626.14; a
    # 200-sample Latin hypercube puts the sample median within F^-1(0.5 +- 1/200), i.e.
    # within 1.37 EUR/ha (density 0.00365 per EUR there), so the cost P50 within 343 EUR
    median = 900 - math.sqrt(0.5 * 500 * 300)
    assert abs(q["total_cost_eur"]["2030"]["P50"] - (250 * median + 850_000)) <= 350
    # every KPI of the issue is there per year, with the five quantiles
    for kpi in ("total_cost_eur", "marginal_cost_target_eur_per_home", "import_share", "co2_credited_t",
                "carbon_income_eur_per_ha", "biobased_share", "fibre_crop_area_ha"):
        assert set(q[kpi]) == {"2030"} and set(q[kpi]["2030"]) == {"P5", "P25", "P50", "P75", "P95"}, kpi


def test_year_costs_add_up_to_the_objective_over_years():
    """Two years, discount rate 3%: sum_t discount_t x cost_t is the objective, per sample, and
    each year's cost is the one `nabb run` reports (costs frame), at the base plan."""
    from nabb.model import build
    from nabb.results import extract
    from nabb.solve import compile_model, run
    from nabb.uncertainty.kpis import Indexer, sample_kpis
    t = cases.tables()
    t["crops"][0]["max_growth_ha_per_year"] = 1000.0
    t["demand"].append(dict(t["demand"][0], year=2029, units=800.0))
    t["policy"].append(dict(t["policy"][0], year=2029))
    t["targets"].append(dict(t["targets"][0], year=2029, target_share=0.3))
    inputs = cases.make(t, base_year=2029, discount_rate=0.03)
    cp = compile_model(build(inputs))
    sol = run(cp)
    kpis = sample_kpis(Indexer.of(cp), cp.model.data, sol)
    costs = extract(cp, sol).frames["costs"].groupby("year")["cost_eur"].sum()
    for year in (2029, 2030):
        assert kpis[f"total_cost_eur.{year}"] == pytest.approx(costs[year], rel=1e-12)
    spec = spec_from_records([YIELD, COST], inputs)
    res = run_uncertainty(inputs, spec, 12, seed=4)
    d = cp.model.data
    f = res.frame[res.frame["status"] == "optimal"]
    assert len(f) == 12
    total = sum(d.discount_factor[y] * f[f"total_cost_eur.{y}"] for y in (2029, 2030))
    assert np.allclose(total, f["total_cost_eur"], rtol=1e-9)


# --------------------------------------------------------------------------- laws

def test_every_target_at_zero_gives_probability_one():
    t = cases.tables()
    t["targets"][0]["target_share"] = 0.0
    inputs = cases.make(t)
    spec = spec_from_records([YIELD, MASS], inputs)
    res = run_uncertainty(inputs, spec, 40, seed=0)
    assert p_2030(res) == 1.0 and res.summary["failed"] == 0


def test_unreachable_hard_target_fails_every_sample():
    """No recipe is biobased when other mass >= 14/3 t: a hard target cannot be met at any cost."""
    inputs = tiny(hard_targets=True)
    unreachable = dict(MASS, low=5.0, high=8.0)
    spec = spec_from_records([YIELD, unreachable], inputs)
    res = run_uncertainty(inputs, spec, 30, seed=0)
    assert p_2030(res) == 0.0
    assert res.summary["failed"] == 30 and res.summary["solved"] == 0
    assert set(res.frame["status"]) == {"infeasible"}
    assert len(res.summary["failed_samples"]) == 30
    json.loads(to_json(res.summary))   # strict JSON even with no solved sample


# --------------------------------------------------------------------------- reproducibility

def _kpi_frame(rows) -> pd.DataFrame:
    f = pd.DataFrame(rows)
    return f.drop(columns=[c for c in ("worker", "solve_s") if c in f.columns])


def test_same_seed_same_results_with_1_or_2_workers_and_a_dask_cluster():
    from distributed import Client, LocalCluster
    inputs = tiny()
    spec = spec_from_records([YIELD, MASS, COST], inputs)
    a = run_uncertainty(inputs, spec, 24, seed=42)
    b = run_uncertainty(inputs, spec, 24, seed=42)
    c = run_uncertainty(inputs, spec, 24, seed=43)
    pd.testing.assert_frame_equal(_kpi_frame(a.frame), _kpi_frame(b.frame), check_exact=True)
    assert not np.array_equal(a.plan.values, c.plan.values)
    w2 = run_uncertainty(inputs, spec, 24, seed=42, workers=2, chunk_size=5)
    pd.testing.assert_frame_equal(_kpi_frame(a.frame), _kpi_frame(w2.frame), check_exact=True)
    assert w2.frame["worker"].nunique() >= 1
    # an in-process cluster (cheap to start); --workers 2 above ran worker processes
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        cl = run_uncertainty(inputs, spec, 24, seed=42, client=client, chunk_size=7)
    pd.testing.assert_frame_equal(_kpi_frame(a.frame), _kpi_frame(cl.frame), check_exact=True)
    assert json.loads(to_json(a.summary))["probability_target_met"] == \
        json.loads(to_json(cl.summary))["probability_target_met"]


# --------------------------------------------------------------------------- sampling

def test_iman_conover_gives_the_rank_correlation_and_keeps_the_margins():
    inputs = tiny()
    recs = [dict(YIELD, correlation_group="g", correlation="hemp_cost=0.8"),
            dict(COST, correlation_group="g")]
    spec = spec_from_records(recs, inputs)
    v = draw(spec, 500, seed=1, method="lhs")
    rho = sst.spearmanr(v[:, 0], v[:, 1])[0]
    assert abs(rho - 0.8) < 0.05
    # still a Latin hypercube in the yield: one draw per stratum of U(1, 5)
    strata = np.floor((v[:, 0] - 1.0) / 4.0 * 500).astype(int)
    assert sorted(strata.tolist()) == list(range(500))
    copula = spec_from_records([dict(r, correlation_method="copula") for r in recs], inputs)
    w = draw(copula, 2000, seed=1, method="random")
    assert abs(sst.spearmanr(w[:, 0], w[:, 1])[0] - 0.8) < 0.05


def test_distributions_have_their_moments():
    inputs = tiny()
    recs = [dict(parameter="n", sheet="crops", column="yield_t_per_ha", filter="crop=hemp",
                 distribution="normal", mean=8.0, sd=1.0),
            dict(parameter="ln", sheet="crops", column="cultivation_cost_eur_per_ha", filter="crop=hemp",
                 distribution="lognormal", mean=600.0, sd=120.0),
            dict(parameter="d", sheet="crops", column="competing_margin_eur_per_ha", filter="crop=hemp",
                 distribution="discrete", values="900;1000;1300")]
    v = draw(spec_from_records(recs, inputs), 3000, seed=4, method="lhs")
    assert v[:, 0].mean() == pytest.approx(8.0, abs=0.02) and v[:, 0].std() == pytest.approx(1.0, abs=0.03)
    assert v[:, 1].mean() == pytest.approx(600.0, rel=0.01) and v[:, 1].std() == pytest.approx(120.0, rel=0.05)
    assert set(np.unique(v[:, 2])) == {900.0, 1000.0, 1300.0}
    assert np.all(np.bincount(np.searchsorted([900, 1000, 1300], v[:, 2])) == 1000)


def test_sobol_indices_rank_the_input_that_matters():
    inputs = tiny()
    spec = spec_from_records([YIELD, COST], inputs)
    res = run_uncertainty(inputs, spec, 64, seed=0, method="sobol")
    sens = res.summary["sensitivity"]
    assert sens["method"] == "sobol" and res.summary["samples"] == 64  # N (k + 2) = 16 x 4
    block = sens["kpis"]["fibre_crop_area_ha.2030"]
    assert block["hemp_yield"]["ST"] > 0.5 and abs(block["hemp_cost"]["ST"]) < 0.1


def test_sobol_with_a_correlation_group_treats_the_group_as_one_factor():
    inputs = tiny()
    recs = [dict(YIELD, correlation_group="g", correlation="hemp_cost=0.7"), dict(COST, correlation_group="g"),
            dict(MASS)]
    spec = spec_from_records(recs, inputs)
    v = draw(spec, 400, seed=2, method="sobol")
    assert len(v) == 256 + 0 and len(v) % 4 == 0           # N (G + 2), G = 2 factors, N = 64
    A = v[0::4]
    assert sst.spearmanr(A[:, 0], A[:, 1])[0] > 0.5         # the group keeps its correlation
    res = run_uncertainty(inputs, spec, 64, seed=0, method="sobol")
    sens = res.summary["sensitivity"]
    assert sens["factors"] == {"group:g": ["hemp_yield", "hemp_cost"], "bio_other_mass": ["bio_other_mass"]}
    block = sens["kpis"][f"biobased_share.2030"]
    assert set(block) == {"group:g", "bio_other_mass"}


def test_prcc_finds_the_input_that_matters():
    inputs = tiny()
    spec = spec_from_records([YIELD, COST], inputs)
    res = run_uncertainty(inputs, spec, 60, seed=0)
    block = res.summary["sensitivity"]["kpis"]["fibre_crop_area_ha.2030"]
    assert block["hemp_yield"]["prcc"] < -0.9   # more yield, fewer hectares for the same straw
    assert abs(block["hemp_cost"]["prcc"]) < 0.5


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("rec, cell, words", [
    (dict(YIELD, low=6.0, high=5.0), "G3", "low <= high"),
    (dict(parameter="n", sheet="crops", column="yield_t_per_ha", filter="crop=hemp",
          distribution="normal", mean=8.0, sd=-1.0), "K3", "standard deviation"),
    (dict(YIELD, sheet="cropz"), "B3", "one of"),
    (dict(YIELD, column="yield"), "C3", "numeric column"),
    (dict(YIELD, filter="crop=rice"), "D3", "matches none"),
    (dict(YIELD, distribution="beta"), "F3", "triangular"),
    (dict(YIELD, low=-1.0), "G3", ">= 0"),
])
def test_bad_spec_names_the_cell(rec, cell, words):
    with pytest.raises(InputError) as e:
        spec_from_records([rec], tiny())
    issue = e.value.issues[0]
    assert issue.sheet == "uncertainty" and issue.cell == cell, str(e.value)
    assert words in str(e.value)


def test_correlation_matrix_not_psd_names_the_cells():
    recs = [dict(YIELD, correlation_group="g", correlation="hemp_cost=-0.9;m=-0.9"),
            dict(COST, correlation_group="g", correlation="m=-0.9"),
            dict(MASS, parameter="m", correlation_group="g")]
    with pytest.raises(InputError) as e:
        spec_from_records(recs, tiny())
    assert e.value.issues[0].cell == "N3" and "positive semi-definite" in str(e.value)


def test_strict_json_has_no_nan():
    text = to_json({"a": float("nan"), "b": [np.float64("inf"), 1.0], "c": np.int64(3)})
    assert json.loads(text) == {"a": None, "b": [None, 1.0], "c": 3}
    assert strict({"x": (np.nan,)}) == {"x": [None]}
