"""Surplus and sales only where a commodity can arise (issue 14, item 1; nabb/model/__init__.py).

``surplus_keys`` gives :math:`Z_{rkt}` and :math:`W_{rkt}` only to the balance keys with a
harvest, a process output or an import of k in r.  The removal is exact: the LP with both on
every key (``meta["surplus_everywhere"] = True``) has the same optimum.
"""
from __future__ import annotations

import pytest

from nabb import pipeline
from nabb.model import LEAN_BALANCE_MIN_KEYS, build
from nabb.synthetic import synthetic_inputs
from tests.cases import REDUCTION_CASES, reduction_case, solve_with_meta


@pytest.mark.parametrize("case", REDUCTION_CASES)
def test_surplus_only_where_goods_arise_keeps_the_optimum(case):
    """Same objective (1e-9 relative) as with a surplus and a sale on every balance key."""
    inputs = reduction_case(case)
    cp, sol, res = solve_with_meta(inputs, surplus_everywhere=False)
    cp_all, sol_all, _ = solve_with_meta(inputs, surplus_everywhere=True)
    m = cp.model
    assert len(m.surplus) < len(cp_all.model.surplus) == len(m.balance_index)
    assert set(m.sold) <= set(cp_all.model.sold)   # market goods arise where they are made
    assert cp.num_cols < cp_all.num_cols
    assert abs(sol.objective - sol_all.objective) <= 1e-9 * abs(sol_all.objective)
    # the balance still closes everywhere, and nothing is left or sold where it only arrives
    bal = res.frames["balance"]
    assert bal["residual_t"].abs().max() < 1e-4
    keys = list(zip(bal.region, bal.commodity, bal.year))
    lean = bal[[k not in m.surplus_keys for k in keys]]
    # keys without a surplus: goods only arrive there (and are used), nothing arises
    assert len(lean) and (lean.inflow_t > 0).any()
    assert (lean[["harvest_t", "process_output_t", "imports_t", "surplus_t",
                  "sold_to_other_markets_t"]].abs().max().max() == 0)


def test_the_size_rule_keeps_small_models_whole_and_trims_large_ones():
    small = build(pipeline.load(None))
    assert len(small.balance_index) < LEAN_BALANCE_MIN_KEYS
    assert len(small.surplus) == len(small.balance_index)
    large = build(synthetic_inputs(40, years=3))
    assert len(large.balance_index) >= LEAN_BALANCE_MIN_KEYS
    assert len(large.surplus) < len(large.balance_index)
    # a region where a commodity only arrives (a building site far from any field) has none
    harvest_or_made = set(large.surplus_keys)
    assert all(k in harvest_or_made for k in large.sold)
