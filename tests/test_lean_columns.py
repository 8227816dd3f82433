r"""Exact column cuts for large models (issue 14, item 1): import forests and idle plantings.

Under ``nabb.model.data.lean_columns`` (from 2,000 possible balance keys on, or forced with
``meta["lean_columns"]``):
* a commodity that only enters by uncapped purchases of one origin moves over the
  cheapest-landed-cost forest from its ports (``nabb.model.transport._forest_arcs``), not over
  the union of one shortest-path tree per port; an import option capped at 0 t is no source;
* a perennial's planting in the last :math:`L_c` years (no harvest inside the horizon) is
  left out (``nabb.model.land.idle_planting_years``);
* a perennial's area is no column but its plantings still standing,
  :math:`A^0 + \sum_{\tau \le t} P_\tau` (``nabb.model.land.area_of``; the same LP with
  :math:`A` and ``perennial_area_persists`` eliminated);
* one conventional recipe per demand key has no column, :math:`U_{q_0} = D - \sum_{q \ne q_0} U_q`
  (``nabb.model.demand.built_of``; ``meta["recipe_substitution"]`` forces either form; the same
  LP with ``demand_met`` solved for :math:`U_{q_0}`).
All are exact: the LP without them (``lean_columns=False``) has the same optimum.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from nabb import pipeline
from nabb.model import build
from nabb.model.data import LEAN_COLUMNS_MIN_KEYS, lean_columns, prepare
from nabb.model.transport import _forest_arcs, flow_arcs
from nabb.synthetic import synthetic_inputs
from tests.cases import REDUCTION_CASES, reduction_case, solve_with_meta

CASES = [*REDUCTION_CASES, "synthetic40", "default_port_prices"]


def _inputs(case: str):
    if case == "synthetic40":
        return synthetic_inputs(40, years=3)
    if case == "default_port_prices":
        # ports of one good at different prices: the forest must follow the landed cost, not km
        inputs = reduction_case("default")
        imp = inputs.tables["imports"]
        for k, port, factor in (("clt", "DE_VENLO", 0.8), ("structural_timber", "RTM", 1.3),
                                ("wood_fibre_insulation", "DE_EMMERICH", 0.9)):
            row = (imp.commodity == k) & (imp.region == port)
            assert row.sum() == 1
            imp.loc[row, "price_eur_per_t"] *= factor
        return inputs
    return reduction_case(case)


@pytest.mark.parametrize("case", CASES)
def test_lean_columns_keep_the_optimum(case):
    """Same objective (1e-9 relative) with and without the cuts, on fewer columns."""
    inputs = _inputs(case)
    cp, sol, res = solve_with_meta(inputs, lean_columns=True)
    cp_all, sol_all, res_all = solve_with_meta(inputs, lean_columns=False)
    assert cp.num_cols < cp_all.num_cols
    assert len(cp.model.planted) < len(cp_all.model.planted)
    d = cp.model.data
    perennial_keys = {k for k in cp_all.model.area if d.perennial[k[1]]}
    assert perennial_keys and not perennial_keys & set(cp.model.area)
    assert len(cp.model.perennial_area_persists) == 0
    assert abs(sol.objective - sol_all.objective) <= 1e-9 * abs(sol_all.objective)
    # the whole plan's imports and the harvest are the same in total (prices differ by port
    # only where landed costs tie)
    # the Cultivation sheet still has every (region, crop, year); a perennial's area is its
    # existing area plus the plantings so far
    cult = res.frames["cultivation"]
    assert len(cult) == len(res_all.frames["cultivation"]) == len(d.cult_pairs) * len(d.years)
    per = cult[cult.crop.map(d.perennial)]
    planted = per.groupby(["region", "crop"]).planted_ha.cumsum()
    want = per.existing_area_ha + planted
    assert (per.area_ha - want).abs().max() < 1e-6
    for frame, col in (("imports", "t"), ("cultivation", "production_t")):
        a, b = res.frames[frame][col].sum(), res_all.frames[frame][col].sum()
        assert abs(a - b) <= 1e-6 * max(1.0, abs(b)), (frame, a, b)
    assert res.frames["balance"]["residual_t"].abs().max() < 1e-4


def test_import_only_goods_move_over_one_forest():
    """Timber, CLT, wood-fibre insulation, lime and polyester: at most one arc into each region."""
    d = prepare(synthetic_inputs(40, years=3))
    assert lean_columns(d)
    m = build(d)
    for k in ("structural_timber", "clt", "wood_fibre_insulation", "lime_binder", "polyester_fibre"):
        heads = [j for (_, j) in m.flow_arcs[k]]
        assert len(heads) == len(set(heads)) > 0, k
    d.meta["lean_columns"] = False
    whole = build(d)
    assert len(whole.flow_arcs["clt"]) > len(m.flow_arcs["clt"])   # three ports, three trees


LINE = {("A", "B"): 10.0, ("B", "A"): 10.0, ("B", "C"): 10.0, ("C", "B"): 10.0}


def _line(tau: float):
    return SimpleNamespace(regions=["A", "B", "C"], arcs=list(LINE), arc_km=dict(LINE),
                           transport_cost_meur_per_kt_km={"clt": tau})


def test_the_forest_hangs_each_use_below_its_cheapest_landed_port():
    """Ports A (price 1.0) and C (price 1.5), use at B, 10 km from each: buying at A and
    carrying 10 km is cheaper whatever the haul costs, so the arc A-B is kept, not C-B."""
    assert _forest_arcs(_line(0.01), "clt", {"A": 1.0, "C": 1.5}, {"B"}) == [("A", "B")]
    # with C cheaper by more than the haul from A is dearer: C-B
    assert _forest_arcs(_line(0.01), "clt", {"A": 1.0, "C": 0.5}, {"B"}) == [("C", "B")]
    # a use at C itself is served from C when landed there is cheapest; from A when
    # carrying 20 km (0.2) costs less than the price gap (0.5)
    assert _forest_arcs(_line(0.01), "clt", {"A": 1.0, "C": 1.5}, {"C"}) == [("A", "B"), ("B", "C")]
    assert _forest_arcs(_line(0.1), "clt", {"A": 1.0, "C": 1.5}, {"C"}) == []


def test_the_size_rule_keeps_the_default_whole():
    d = prepare(pipeline.load(None))
    assert len(d.regions) * len(d.commodities) * len(d.years) < LEAN_COLUMNS_MIN_KEYS
    assert not lean_columns(d)
    m = build(d)
    assert len(m.planted) == sum(1 for (r, c) in d.cult_pairs if d.perennial[c]) * len(d.years)
    d.meta["lean_columns"] = True
    assert lean_columns(d)
    lean = build(d)
    # miscanthus (L = 2): no planting in the last two years; its area is no column
    assert {t for (_, _, t) in lean.planted} == set(d.years[:-2])
    assert not any(d.perennial[c] for (_, c, _) in lean.area)
    assert any(d.perennial[c] for (_, c, _) in m.area)


def test_a_contracted_area_in_the_last_years_keeps_their_planting():
    inputs = pipeline.load(None)
    d = prepare(inputs)
    d.meta["lean_columns"] = True
    r, c = next((r, c) for (r, c) in d.cult_pairs if d.perennial[c])
    d.contracted_kha[(r, c, d.years[-1])] = 0.001
    m = build(d)
    assert (r, c, d.years[-1]) in m.planted
    assert not any((rr, cc) != (r, c) and t == d.years[-1] for (rr, cc, t) in m.planted)


def test_flow_arcs_without_the_lean_rule_keep_every_port_tree():
    """Guard for the test above: the forest applies only under lean_columns."""
    net = SimpleNamespace(regions=["A", "B", "C"], arcs=list(LINE), arc_km=dict(LINE), meta={},
                          years=[2030], commodities=["clt"], arc_capacity_kt_per_yr=None)
    arcs = flow_arcs(net, {"clt": {"A", "C"}}, {"clt": {"B"}})
    assert set(arcs["clt"]) == {("A", "B"), ("C", "B")}


# --------------------------------------------------------------------------- recipe substitution
# In large models one conventional recipe q0 per demand key has no column:
# U_q0 = D - sum_{q != q0} U_q, demand_met reads sum_{q != q0} U_q <= D (nabb.model.demand).

SUBSTITUTION_CASES = ["synthetic12", "synthetic40", "synthetic12_costly_conventional"]


def _substitution_inputs(case: str):
    if case == "synthetic40":
        return synthetic_inputs(40, years=3)
    inputs = synthetic_inputs(12, years=4)
    if case == "synthetic12_costly_conventional":
        # the data's conventional recipes cost nothing beyond their materials (they are the
        # baseline): give them an extra cost and price the mineral mass, so that the cost
        # constants c_q0 D and the coefficients c_q - c_q0 are not zero
        inputs.settings["other_mass_price_eur_per_t"] = 30.0
        rec = inputs.tables["recipes"]
        rec.loc[rec.recipe.str.startswith(("conv_", "retrofit_conv")), "extra_cost_eur_per_unit"] = 800.0
    return inputs


def _name(obj):
    return obj.parent_component().name, obj.index()


def _on_every_recipe(cp_sub, sol_sub, cp_all):
    """The substituted LP's plan and duals on the columns and rows of the LP with every recipe.

    x: U_q0 = D - sum of the key's other recipes.  y: the same rows' duals; the equality
    form's demand_met dual lambda = c_q0 - a_q0^T y + mu (mu the dual of the <= row), with
    c_q0 and a_q0 U_q0's own column in the LP with every recipe."""
    m = cp_sub.model
    x_of = {_name(v): sol_sub.x[j] for j, v in enumerate(cp_sub.columns)}
    x = np.empty(cp_all.num_cols)
    q0_col = {}
    for j, v in enumerate(cp_all.columns):
        key = _name(v)
        if key in x_of:
            x[j] = x_of[key]
            continue
        assert key[0] == "built", key
        r, s, b, q, t = key[1]
        assert m.substituted_recipe[(r, s, b, t)] == q
        x[j] = m.data.demand_kunits[(r, s, b, t)] - sum(
            x_of[("built", (r, s, b, q2, t))] for q2 in m.recipes_by_demand[(r, s, b, t)] if q2 != q)
        q0_col[(r, s, b, t)] = j
    y_of = {_name(c): sol_sub.row_dual[i] for i, (c, _) in enumerate(cp_sub.rows)}
    y = np.array([y_of[_name(c)] for c, _ in cp_all.rows])
    row = {_name(c): i for i, (c, _) in enumerate(cp_all.rows)}
    lam_rows = {key: row[("demand_met", key)] for key in q0_col}
    for key, j in q0_col.items():
        i = lam_rows[key]
        lo, hi = cp_all.A.indptr[j], cp_all.A.indptr[j + 1]
        rows, vals = cp_all.A.indices[lo:hi], cp_all.A.data[lo:hi]
        assert vals[rows == i].tolist() == [1.0]
        others = rows != i
        y[i] = cp_all.c[j] - vals[others] @ y[rows[others]] + y[i]
    return x, y


@pytest.mark.parametrize("case", SUBSTITUTION_CASES)
def test_recipe_substitution_is_the_same_lp(case):
    """Objective to 1e-9 relative, and the substituted plan with its duals (demand_met's dual
    recovered) is an optimal primal-dual pair of the LP with every recipe: a substitution that
    drops a term (a delivery of q0, its cost, its constant) fails here."""
    import dataclasses
    from nabb.results import extract
    inputs = _substitution_inputs(case)
    cp, sol, res = solve_with_meta(inputs, lean_columns=True, recipe_substitution=True)
    cp_all, sol_all, res_all = solve_with_meta(inputs, lean_columns=True, recipe_substitution=False)
    m = cp.model
    assert set(m.substituted_recipe.values()) == {"conv_ground", "conv_apartment", "retrofit_conv_cavity",
                                                  "conv_nonres"}
    assert len(m.substituted_recipe) == len(m.demand_met)
    assert cp.num_cols == cp_all.num_cols - len(m.substituted_recipe)
    assert abs(sol.objective - sol_all.objective) <= 1e-9 * abs(sol_all.objective)

    x, y = _on_every_recipe(cp, sol, cp_all)
    scale = 1.0 + np.abs(cp_all.c).max()
    tol = 1e-7 * scale
    act = cp_all.A @ x
    assert np.all(act >= cp_all.row_lower - 1e-6) and np.all(act <= cp_all.row_upper + 1e-6)
    assert np.all(x >= cp_all.col_lower - 1e-7)
    assert abs(cp_all.c @ x + cp_all.c_offset - sol_all.objective) <= 1e-9 * abs(sol_all.objective)
    red = cp_all.c - cp_all.A.T @ y
    at_lower = x <= cp_all.col_lower + 1e-9
    at_upper = x >= cp_all.col_upper - 1e-9
    inside = ~at_lower & ~at_upper
    assert red[at_lower & ~at_upper].min(initial=0.0) >= -tol
    assert np.abs(red[inside]).max(initial=0.0) <= tol
    ge = np.isinf(cp_all.row_upper) & np.isfinite(cp_all.row_lower)
    le = np.isinf(cp_all.row_lower) & np.isfinite(cp_all.row_upper)
    assert y[ge].min(initial=0.0) >= -tol and y[le].max(initial=0.0) <= tol
    # and the dual objective equals the primal one (strong duality, no gap)
    eq = np.isfinite(cp_all.row_lower) & np.isfinite(cp_all.row_upper)
    rhs = np.where(ge | eq, cp_all.row_lower, cp_all.row_upper)
    ub = np.isfinite(cp_all.col_upper) & (red < 0)
    dual_obj = rhs @ y + np.where(ub, cp_all.col_upper, 0.0) @ np.where(ub, red, 0.0) + cp_all.c_offset
    assert abs(dual_obj - sol_all.objective) <= 1e-7 * abs(sol_all.objective)

    # every frame, read from the substituted LP, equals the frame of the LP with every recipe
    # read at the same plan and duals
    same = dataclasses.replace(sol_all, x=x, row_dual=y, col_dual=red, objective=sol.objective)
    res_same = extract(cp_all, same, inputs.scenario)
    for name in ("demand", "balance", "prices", "costs", "targets", "cultivation", "imports", "coproducts"):
        a, b = res.frames[name], res_same.frames[name]
        assert list(a.columns) == list(b.columns) and len(a) == len(b), name
        for col in a.columns:
            if a[col].dtype.kind in "fi":
                assert np.allclose(a[col].to_numpy(float), b[col].to_numpy(float), rtol=1e-9, atol=1e-5,
                                   equal_nan=True), (name, col)
            else:
                assert (a[col].astype(str).to_numpy() == b[col].astype(str).to_numpy()).all(), (name, col)
    num = res.kpis.select_dtypes("number").columns
    assert np.allclose(res.kpis[num].to_numpy(float), res_same.kpis[num].to_numpy(float), rtol=1e-9,
                       atol=1e-5, equal_nan=True)
    # the units of every demand key add up to its demand, q0's included
    dem = res.frames["demand"].groupby(["region", "segment", "building_type", "year"]).units.sum()
    want = {(r, s, b, t): v * 1000.0 for (r, s, b, t), v in m.data.demand_kunits.items()}
    assert max(abs(v - want[k]) for k, v in dem.items()) < 1e-6
    # the optimum's KPIs agree with the other form's own optimum (several optimal plans may
    # split retrofits differently over regions, not in national totals)
    assert np.allclose(res.kpis[num].to_numpy(float), res_all.kpis[num].to_numpy(float), rtol=1e-6,
                       atol=1e-3, equal_nan=True)


def test_the_sweep_kpis_read_the_substituted_recipe():
    """The sweep's linear KPI map (nabb.sweep.kpis) gives the same KPIs on both forms."""
    from nabb.sweep.kpis import evaluate_kpis, kpi_map, point_scalars
    inputs = synthetic_inputs(12, years=4)
    cp, sol, res = solve_with_meta(inputs, lean_columns=True, recipe_substitution=True)
    cp_all, _sol_all, _res_all = solve_with_meta(inputs, lean_columns=True, recipe_substitution=False)
    x, y = _on_every_recipe(cp, sol, cp_all)
    import dataclasses
    same = dataclasses.replace(_sol_all, x=x, row_dual=y, objective=sol.objective)
    for year in cp.model.data.years:
        sc = point_scalars(inputs, [], [], year)
        k = evaluate_kpis(kpi_map(cp, year), sol, sc)
        k_all = evaluate_kpis(kpi_map(cp_all, year), same, sc)
        assert k.keys() == k_all.keys()
        for name, v in k.items():
            assert v == pytest.approx(k_all[name], rel=1e-9, abs=1e-6, nan_ok=True), (year, name)
        kp = res.kpis.set_index("year").loc[year]
        assert k["new_build_homes"] == pytest.approx(kp.new_build_homes, rel=1e-9)
        assert k["co2_stored_t"] == pytest.approx(kp.co2_stored_t, rel=1e-9)
    assert k["new_build_homes"] > 0 and k["co2_stored_t"] > 0


def test_the_size_rule_keeps_the_default_s_recipes_and_uncertainty_builds_every_recipe():
    from nabb.uncertainty.engine import prepared
    from nabb.uncertainty.kpis import Indexer
    from nabb.solve import compile_model
    small = build(prepare(pipeline.load(None)))
    assert not small.substituted_recipe and len(small.built) == len(small.built_index)
    d = prepare(synthetic_inputs(40, years=3))
    large = build(d)
    assert large.substituted_recipe and len(large.built) < len(large.built_index)
    for key, q0 in large.substituted_recipe.items():
        assert not d.recipe_is_bio[q0] and q0 not in d.recipe_build_system
        assert large.demand_met[key].upper == d.demand_kunits[key] and large.demand_met[key].lower is None
    d.meta["recipe_substitution"] = False
    assert not build(d).substituted_recipe
    # the uncertainty run: every recipe a column, at every size (its per-year cost split and
    # sample KPIs read units from columns); an Indexer refuses a substituted LP
    assert not build(prepared(synthetic_inputs(40, years=3))).substituted_recipe
    with pytest.raises(ValueError, match="recipe_substitution"):
        Indexer.of(compile_model(large))


def test_the_infeasibility_diagnosis_sees_every_recipe(monkeypatch):
    """The diagnosis of a substituted LP rebuilds it with every recipe, and says the same."""
    from nabb import explain as E
    from nabb.run import solve_inputs
    from tests.test_explain import make, tables
    inputs = make(tables(target=0.9, growth=40.0, flax=False), hard_targets=True)
    plain = solve_inputs(inputs)
    want = [(f.kind, f.link, f.message) for f in E.diagnose_infeasible(plain)]
    import nabb.model.demand as demand
    monkeypatch.setattr(demand, "recipe_substitution",
                        lambda d: bool(d.meta.get("recipe_substitution", True)))
    run_ = solve_inputs(inputs)
    assert run_.solution.status == "infeasible" and run_.compiled.model.substituted_recipe
    assert run_.compiled.num_cols == plain.compiled.num_cols - len(run_.compiled.model.substituted_recipe)
    got = [(f.kind, f.link, f.message) for f in E.diagnose_infeasible(run_)]
    assert got == want and any(k == "elastic" for k, _, _ in got)


def test_a_sweep_that_moves_the_substituted_costs_stays_exact(monkeypatch):
    """A sweep in affine mode over a lever that moves q0's cost (the mineral-mass price: the
    constant c_q0 D is in the objective's offset) and the carbon price: the same objective and
    primal KPIs with and without the substitution.  The KPIs read from duals (farm-gate value,
    the target's marginal cost) are left out: the LP is degenerate and either form may stop at
    another optimal dual (measured: farm-gate value 4e-4 apart); that the substituted duals are
    optimal duals of the LP with every recipe is test_recipe_substitution_is_the_same_lp's."""
    import nabb.model.demand as demand
    from nabb.sweep.levers import resolve_lever
    from nabb.sweep.run import run_sweep
    inputs = synthetic_inputs(12, years=4)
    levers = [resolve_lever("carbon_price"), resolve_lever("other_mass_price_eur_per_t")]
    values = [[0.0, 150.0], [0.0, 40.0]]
    frames = {}
    for flag in (True, False):
        monkeypatch.setattr(demand, "recipe_substitution", lambda d, f=flag: f)
        res = run_sweep(inputs, levers, values)
        assert res.meta["mode"] == "affine"
        frames[flag] = res.frame
    a, b = frames[True], frames[False]
    assert len(a) == len(b) == 4
    dual_based = {"farm_gate_value_eur", "farmer_income_eur_per_ha", "marginal_cost_target_eur_per_home"}
    compared = []
    for col in a.columns:
        if (a[col].dtype.kind not in "fi" or col.endswith("_s") or "iteration" in col or col not in b
                or col in dual_based):
            continue
        compared.append(col)
        assert np.allclose(a[col].to_numpy(float), b[col].to_numpy(float), rtol=1e-9, atol=1e-6,
                           equal_nan=True), col
    assert {"objective_discounted_eur", "new_build_homes", "co2_stored_t", "co2_credited_t"} <= set(compared)
    assert a.objective_discounted_eur.nunique() == 4
