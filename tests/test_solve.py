"""The hand-off to HiGHS: a violated solution is never reported as optimal."""
import numpy as np
import pytest

from nabb.errors import SolverError
from nabb.model import build
from nabb.solve import compile_model, max_violation, run
from tests.cases import make, tables


def test_solution_satisfies_compiled_constraints():
    cp = compile_model(build(make()))
    sol = run(cp)
    assert sol.status == "optimal"
    assert sol.max_violation <= 1e-9


def test_solution_of_a_different_lp_is_not_reported_optimal():
    """If what HiGHS solves differs from the compiled model (a dropped or mangled
    coefficient), nabb's own check catches the violation."""
    cp = compile_model(build(make()))
    row = next(i for i, (con, _) in enumerate(cp.rows) if con.parent_component().name == "demand_met")
    cp.highs.changeRowBounds(row, 0.5, 0.5)   # HiGHS now builds 500 homes instead of 1,000
    sol = run(cp)
    assert sol.status == "failed"
    assert "violates" in sol.model_status
    assert max_violation(cp, sol.x) > 0.1


def test_huge_coefficient_is_refused_before_solving():
    t = tables()
    t["recipe_materials"][0]["t_per_unit"] = 1e18 * 1000  # kt per k units after scaling
    with pytest.raises(SolverError, match="infinite"):
        compile_model(build(make(t)))


def test_time_limit_gives_a_status_not_a_crash():
    cp = compile_model(build(make()))
    sol = run(cp, options={"solver": "simplex"}, time_limit=0.0)
    assert sol.status == "time_limit"
    assert sol.model_status == "Time limit reached"
    # the same object then solves to optimal once the limit is lifted
    assert run(cp, options={"solver": "simplex"}, time_limit=60.0).status == "optimal"
