"""The bottleneck re-solves share an iteration budget (issue 14: lean explanations at scale).

At 342 synthetic regions the five re-solves took ~6,700 dual simplex iterations (~20 s), a
quarter of the main solve.  They now share :func:`resolve_budget` (5% of the main solve's
simplex and crossover iterations, at least 1,000), counted in iterations so that a report
does not depend on the machine.  An entry whose re-solve reaches its part keeps the duals'
value, which is an upper bound on what the step saves (the optimal cost is convex in a row
bound), and says so.
"""
from __future__ import annotations

import importlib

import numpy as np
import pytest

from nabb import pipeline
from nabb.explain import lp as L

# the module (nabb.explain re-exports a function of the same name)
B = importlib.import_module("nabb.explain.bottlenecks")


@pytest.fixture(scope="module")
def default_run():
    return pipeline.solve_inputs(pipeline.load(None))


def _fresh(run_):
    """The run without its cached explanation."""
    run_.__dict__.pop("_explanation", None)
    return run_


def _option(h, key):
    v = h.getOptionValue(key)
    return v[1] if isinstance(v, tuple) else v


def test_budget_is_a_share_of_the_main_solves_iterations_with_a_floor():
    assert B.resolve_budget({"simplex": 3251, "ipm": 0, "crossover": 0}) == B.RESOLVE_MIN_ITERATIONS
    assert B.resolve_budget({"simplex": 0, "ipm": 98, "crossover": 16_915}) == 1_000
    assert B.resolve_budget({"simplex": 0, "ipm": 120, "crossover": 30_000}) == 1_500
    assert B.resolve_budget({"simplex": 40_000, "ipm": 0, "crossover": 0}) == 2_000
    assert B.resolve_budget({}) == B.RESOLVE_MIN_ITERATIONS


def test_the_default_resolves_all_five_within_its_budget(default_run):
    """The default's five re-solves (~130 iterations) are far inside the floor of 1,000."""
    ranked = B.bottlenecks(_fresh(default_run))
    assert [b.method for b in ranked if b.link != "target"][:5] == ["re-solve"] * 5


def _spent(monkeypatch) -> list[tuple[int | None, int]]:
    """Record (iteration limit, iterations used) of every re-solve."""
    seen: list[tuple[int | None, int]] = []
    solve = L.InPlace.solve

    def counted(self, iteration_limit=None):
        out = solve(self, iteration_limit=iteration_limit)
        seen.append((iteration_limit, self.iterations))
        return out
    monkeypatch.setattr(L.InPlace, "solve", counted)
    return seen


def test_a_small_budget_stops_resolves_and_keeps_the_duals_value(default_run, monkeypatch):
    run_ = default_run
    duals_only = {(b.family, b.index, tuple(b.years)): b.value_step_eur
                  for b in B.bottlenecks(run_, resolve_top=0)}
    full = {(b.family, b.index, tuple(b.years)): b for b in B.bottlenecks(run_)}
    first = [k for k, b in full.items() if b.method == "re-solve"]
    assert len(first) == 5
    # the first entry of the default needs ~90 iterations: a budget of 5 x 6 stops it
    monkeypatch.setattr(B, "RESOLVE_MIN_ITERATIONS", 30)
    monkeypatch.setattr(B, "RESOLVE_SHARE", 0.0)
    seen = _spent(monkeypatch)
    h = run_.compiled.highs
    limit_before = _option(h, "simplex_iteration_limit")
    ranked = {(b.family, b.index, tuple(b.years)): b for b in B.bottlenecks(run_)}
    methods = [ranked[k].method for k in first]
    assert B.STOPPED in methods and "re-solve" in methods, methods
    # together within the budget; each within its part (an equal share of what is left)
    assert sum(used for _, used in seen) <= 30
    assert all(used <= limit for limit, used in seen)
    for k in first:
        b = ranked[k]
        if b.method == B.STOPPED:
            # the duals' value, never above it: it bounds the re-solved saving from above
            assert b.value_step_eur == pytest.approx(duals_only[k], rel=1e-12)
            assert b.value_step_eur >= full[k].value_step_eur - 1e-6 * abs(full[k].value_step_eur) - 1.0
        else:
            assert b.value_step_eur == pytest.approx(full[k].value_step_eur, rel=1e-9, abs=1e-3)
    # the run's HiGHS object is back as it was: option, bounds and optimal solution
    assert _option(h, "simplex_iteration_limit") == limit_before
    lp = h.getLp()
    np.testing.assert_array_equal(np.asarray(lp.row_lower_), run_.compiled.row_lower)
    np.testing.assert_array_equal(np.asarray(lp.row_upper_), run_.compiled.row_upper)
    assert h.modelStatusToString(h.getModelStatus()) == "Optimal"
    assert h.getInfo().objective_function_value == pytest.approx(run_.solution.objective, rel=1e-12)


def test_what_the_others_leave_lets_a_stopped_resolve_finish(default_run, monkeypatch):
    """Budget 150 for the default's five (~130 iterations, the first ~90): an equal part (30)
    stops the first; the second pass lets it go on from where it stopped and finish, with the
    value of an unlimited re-solve."""
    run_ = default_run
    full = {(b.family, b.index, tuple(b.years)): b for b in B.bottlenecks(run_)}
    monkeypatch.setattr(B, "RESOLVE_MIN_ITERATIONS", 150)
    monkeypatch.setattr(B, "RESOLVE_SHARE", 0.0)
    seen = _spent(monkeypatch)
    ranked = [b for b in B.bottlenecks(run_) if b.method != "duals"]
    assert [b.method for b in ranked] == ["re-solve"] * 5
    assert seen[0] == (30, 30)               # the first stopped at its equal part ...
    assert len(seen) == 6 and seen[-1][0] < 150   # ... and went on with what was left
    assert sum(used for _, used in seen) <= 150
    for b in ranked:
        want = full[(b.family, b.index, tuple(b.years))].value_step_eur
        assert b.value_step_eur == pytest.approx(want, rel=1e-9, abs=1e-3)


def test_duals_bound_every_resolved_saving_from_above(default_run):
    """Convexity of the optimal cost in a row bound: what the duals promise for one step is
    at least what the re-solve finds (why a stopped entry may keep the duals' value)."""
    run_ = default_run
    duals_only = {(b.family, b.index, tuple(b.years)): b.value_step_eur
                  for b in B.bottlenecks(run_, resolve_top=0)}
    checked = 0
    for b in B.bottlenecks(run_, resolve_top=8):
        if b.method != "re-solve":
            continue
        bound = duals_only[(b.family, b.index, tuple(b.years))]
        assert b.value_step_eur <= bound + 1e-7 * abs(bound) + 1.0, (b.what, b.value_step_eur, bound)
        checked += 1
    assert checked >= 5


def test_zero_budget_left_means_no_resolve(default_run, monkeypatch):
    monkeypatch.setattr(B, "RESOLVE_MIN_ITERATIONS", 0)
    monkeypatch.setattr(B, "RESOLVE_SHARE", 0.0)
    seen = _spent(monkeypatch)
    ranked = B.bottlenecks(default_run)
    assert seen == []
    assert [b.method for b in ranked if b.link != "target"][:5] == [B.STOPPED] * 5


@pytest.mark.parametrize("lang, words", [("en", "re-solve stopped at its iteration budget"),
                                         ("nl", "stopte bij het budget aan iteraties")])
def test_a_stopped_entry_says_so_in_its_sentence_and_method(default_run, monkeypatch, lang, words):
    monkeypatch.setattr(B, "RESOLVE_MIN_ITERATIONS", 0)
    monkeypatch.setattr(B, "RESOLVE_SHARE", 0.0)
    b = next(b for b in B.bottlenecks(default_run) if b.method == B.STOPPED)
    b.lang = lang
    assert words in b.sentence()
    assert b.row()["method"] == B.STOPPED
    from nabb.i18n.names import name
    assert name(B.STOPPED, "nl") != B.STOPPED
