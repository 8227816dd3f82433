"""Lean explanations (issue 14, item 3): re-solves on the run's own HiGHS object.

The bottleneck and shortfall re-solves change row bounds of the solved LP in place and
hot-start from its optimal basis; afterwards the object holds the run's LP, options and
optimal solution again.  The values are those of a re-solve on a fresh copy of the LP.
"""
from __future__ import annotations

import numpy as np
import pytest

from nabb import explain as E
from nabb.explain.lp import clone_highs, solve_highs
from nabb import pipeline


@pytest.fixture(scope="module")
def default_run():
    return pipeline.solve_inputs(pipeline.load(None))


def _option(h, key):
    v = h.getOptionValue(key)
    return v[1] if isinstance(v, tuple) else v


def test_resolves_restore_the_runs_highs_object(default_run):
    run_ = default_run
    cp = run_.compiled
    before = {k: _option(cp.highs, k) for k in ("solver", "presolve", "time_limit")}
    ex = E.explain(run_)
    assert any(b.method == "re-solve" for b in ex.bottlenecks)
    h = cp.highs
    lp = h.getLp()
    np.testing.assert_array_equal(np.asarray(lp.row_lower_), cp.row_lower)
    np.testing.assert_array_equal(np.asarray(lp.row_upper_), cp.row_upper)
    assert h.modelStatusToString(h.getModelStatus()) == "Optimal"
    obj = h.getInfo().objective_function_value
    assert abs(obj - run_.solution.objective) <= 1e-9 * abs(run_.solution.objective)
    np.testing.assert_allclose(np.asarray(h.getSolution().col_value), run_.solution.x, atol=1e-7)
    assert {k: _option(h, k) for k in before} == before


def test_in_place_values_equal_a_resolve_on_a_copy(default_run):
    """Each re-solved bottleneck's value is what a cold copy of the LP with that step gives."""
    run_ = default_run
    cp = run_.compiled
    checked = 0
    for b in E.explain(run_).bottlenecks:
        if b.method != "re-solve":
            continue
        h = clone_highs(cp, warm=False)
        for i, s in zip(b.rows, b.slopes):
            lo, up = cp.row_lower[i], cp.row_upper[i]
            if b.link == "contract":
                h.changeRowBounds(i, lo - s * b.step, up)
            else:
                h.changeRowBounds(i, lo, up + s * b.step)
        st, _, _, obj = solve_highs(h)
        assert st == "Optimal"
        expected = (run_.solution.objective - obj) * 1e6
        assert b.value_step_eur == pytest.approx(expected, rel=1e-6, abs=1.0)
        checked += 1
    assert checked >= 3


def test_bottleneck_cells_are_among_their_familys_inputs(default_run):
    """The registry's input columns of a family cover every cell its sentences cite."""
    from nabb.model.families import BY_NAME
    ranked = E.explain(default_run).bottlenecks
    assert ranked
    for b in ranked:
        cited = {f"{r.sheet}.{r.column}" for r in b.refs}
        assert cited <= set(BY_NAME[b.family].inputs), (b.family, cited)


def test_devex_resolves_of_large_models_restore_and_agree(default_run, monkeypatch):
    """From DEVEX_MIN_COLUMNS columns on the re-solves price with Devex (HiGHS recomputes exact
    steepest-edge weights at each re-solve's start: 0.45 s at 342 regions).  Forced on the
    default here: the same re-solved values as steepest edge, and the object restored (its
    pricing option, bounds, the optimal solution), so a later re-solve starts as before."""
    from nabb.explain import lp as L
    run_ = default_run
    cp, h = run_.compiled, run_.compiled.highs
    run_.__dict__.pop("_explanation", None)
    dse = {(b.family, b.index, tuple(b.years)): b.value_step_eur
           for b in E.explain(run_).bottlenecks if b.method == "re-solve"}
    before = {k: _option(h, k) for k in L.InPlace.KEEP}
    monkeypatch.setattr(L, "DEVEX_MIN_COLUMNS", 0)
    entered = []
    enter = L.InPlace.__enter__

    def spy(self):
        out = enter(self)
        entered.append((self.devex, _option(h, "simplex_dual_edge_weight_strategy")))
        return out
    monkeypatch.setattr(L.InPlace, "__enter__", spy)
    run_.__dict__.pop("_explanation", None)
    devex = {(b.family, b.index, tuple(b.years)): b.value_step_eur
             for b in E.explain(run_).bottlenecks if b.method == "re-solve"}
    assert entered and all(e == (True, L.DEVEX) for e in entered)
    assert devex.keys() == dse.keys() and len(dse) == 5
    for k, v in dse.items():
        assert devex[k] == pytest.approx(v, rel=1e-7, abs=1.0)
    assert {k: _option(h, k) for k in before} == before
    lp = h.getLp()
    np.testing.assert_array_equal(np.asarray(lp.row_lower_), cp.row_lower)
    np.testing.assert_array_equal(np.asarray(lp.row_upper_), cp.row_upper)
    assert h.modelStatusToString(h.getModelStatus()) == "Optimal"
    assert h.getInfo().objective_function_value == pytest.approx(run_.solution.objective, rel=1e-12)
    np.testing.assert_allclose(np.asarray(h.getSolution().col_value), run_.solution.x, atol=1e-7)
    run_.__dict__.pop("_explanation", None)


@pytest.mark.parametrize("devex_from", [0, 10**9])
def test_the_restoring_run_after_an_ipx_main_solve_is_simplex_from_the_basis(monkeypatch, devex_from):
    """Large models solve with IPX; the run that puts the optimum back after the re-solves must
    start from the optimal basis with simplex (0 iterations), never solve the LP again with IPX
    (a second main solve: 70 s at 342 regions)."""
    from nabb.explain import lp as L
    run_ = pipeline.solve_inputs(pipeline.load(None), options={"solver": "ipm"})
    h = run_.compiled.highs
    assert run_.solution.iterations["ipm"] > 0
    monkeypatch.setattr(L, "DEVEX_MIN_COLUMNS", devex_from)
    ex = E.explain(run_)
    assert any(b.method == "re-solve" for b in ex.bottlenecks)
    info = h.getInfo()
    assert (info.ipm_iteration_count, info.simplex_iteration_count) == (0, 0)
    assert h.modelStatusToString(h.getModelStatus()) == "Optimal"
    assert info.objective_function_value == pytest.approx(run_.solution.objective, rel=1e-9)
    assert _option(h, "solver") == "ipm"
