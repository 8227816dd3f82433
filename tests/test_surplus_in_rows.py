"""The surplus as the slack of the balance row (issue 14, item 1; nabb.model.surplus_in_rows).

In large models :math:`Z_{rkt}` is substituted out: the balance row reads
supply - use - W >= 0 where a surplus may be left, and z_k sits on the row's terms in the
objective.  That is the same LP with one variable eliminated, so:
* the objective is the same (1e-9 relative) as with Z as a column;
* the plan of the slack form, with Z read back as the row's slack, and its duals turned into
  the equality form's (y = y' - discount * z_k) are an optimal primal-dual pair of the LP with
  Z as a column: feasible, the same cost, every reduced cost of the right sign and zero on
  every column strictly between its bounds.  The reported price is that dual, undiscounted.
A wrong sign of the shift or a surplus cost left off the row fails these checks.
"""
from __future__ import annotations

import numpy as np
import pytest

from nabb import pipeline
from nabb.model import LEAN_BALANCE_MIN_KEYS, build
from nabb.model.data import prepare
from nabb.synthetic import synthetic_inputs
from nabb.units import K
from tests.cases import solve_with_meta

CASES = ["default", "default_arc_capacity", "synthetic12", "synthetic40", "synthetic40_arc_capacity"]


def _inputs(case: str):
    if case.startswith("synthetic"):
        n = int(case[len("synthetic"):].split("_")[0])
        inputs = synthetic_inputs(n, years=4 if n == 12 else 3)
    else:
        inputs = pipeline.load(None)
    if case.endswith("arc_capacity"):
        inputs.settings["transport_arc_capacity_t"] = 300_000.0
    return inputs


def _key(obj):
    return obj.parent_component().name, obj.index()


def _as_equality_form(cp_rows, sol_rows, res_rows, cp_eq):
    """Map the slack form's solution (x, y) onto the columns and rows of the equality form."""
    m_rows, m_eq, d = cp_rows.model, cp_eq.model, cp_rows.model.data
    x_of = {_key(v): sol_rows.x[j] for j, v in enumerate(cp_rows.columns)}
    bal = res_rows.frames["balance"]
    z_val = {(r, k, t): s / K for r, k, t, s in zip(bal.region, bal.commodity, bal.year, bal.surplus_t)}
    x = np.array([z_val.get(v.index(), 0.0) if v.parent_component().name == "surplus" else x_of[_key(v)]
                  for v in cp_eq.columns])
    y_of = {_key(c): sol_rows.row_dual[i] for i, (c, _) in enumerate(cp_rows.rows)}
    y = np.empty(len(cp_eq.rows))
    for i, (c, _) in enumerate(cp_eq.rows):
        y[i] = y_of[_key(c)]
        if c.parent_component().name == "commodity_balance" and c.index() in m_rows.surplus_keys:
            r, k, t = c.index()
            y[i] -= d.discount_factor[t] * d.surplus_cost_meur_per_kt[k]
    assert set(m_eq.surplus) == m_rows.surplus_keys
    return x, y


@pytest.mark.parametrize("case", CASES)
def test_surplus_as_row_slack_is_the_same_lp(case):
    inputs = _inputs(case)
    cp, sol, res = solve_with_meta(inputs, surplus_in_rows=True)
    cp_eq, sol_eq, res_eq = solve_with_meta(inputs, surplus_in_rows=False)
    assert len(cp.model.surplus) == 0 and len(cp_eq.model.surplus) > 0
    assert cp.num_cols == cp_eq.num_cols - len(cp_eq.model.surplus)
    assert abs(sol.objective - sol_eq.objective) <= 1e-9 * abs(sol_eq.objective)
    # the cost components agree in total; the surplus cost is z_k times the row's slack
    costs, costs_eq = res.frames["costs"], res_eq.frames["costs"]
    assert abs(costs.cost_eur.sum() - costs_eq.cost_eur.sum()) <= 1e-6 * abs(costs_eq.cost_eur.sum()) + 1.0
    bal = res.frames["balance"]
    z = bal.commodity.map(lambda k: cp.model.data.surplus_cost_meur_per_kt[k] * K)
    surplus_cost = costs.loc[costs.component == "surplus", "cost_eur"].sum()
    assert abs((bal.surplus_t * z).sum() - surplus_cost) <= 1e-6 * max(1.0, abs(surplus_cost)) + 1e-3
    assert (bal.surplus_t >= 0).all()

    # (x, y) of the slack form, mapped, is optimal for the equality form
    x, y = _as_equality_form(cp, sol, res, cp_eq)
    scale = 1.0 + np.abs(cp_eq.c).max()
    act = cp_eq.A @ x
    assert np.all(act >= cp_eq.row_lower - 1e-6) and np.all(act <= cp_eq.row_upper + 1e-6)
    assert abs(cp_eq.c @ x + cp_eq.c_offset - sol_eq.objective) <= 1e-7 * abs(sol_eq.objective)
    red = cp_eq.c - cp_eq.A.T @ y
    tol = 1e-7 * scale
    at_lower = x <= cp_eq.col_lower + 1e-9
    at_upper = x >= cp_eq.col_upper - 1e-9
    inside = ~at_lower & ~at_upper
    assert red[at_lower & ~at_upper].min(initial=0.0) >= -tol
    assert red[at_upper & ~at_lower].max(initial=0.0) <= tol
    assert np.abs(red[inside]).max(initial=0.0) <= tol
    ge = np.isinf(cp_eq.row_upper) & np.isfinite(cp_eq.row_lower)
    le = np.isinf(cp_eq.row_lower) & np.isfinite(cp_eq.row_upper)
    assert y[ge].min(initial=0.0) >= -tol and y[le].max(initial=0.0) <= tol
    # the reported price is that dual, undiscounted
    prices = res.frames["prices"]
    row_of = {c.index(): i for i, (c, _) in enumerate(cp_eq.rows)
              if c.parent_component().name == "commodity_balance"}
    want = np.array([y[row_of[(r, k, t)]] / cp.model.data.discount_factor[t] * K
                     for r, k, t in zip(prices.region, prices.commodity, prices.year)])
    assert np.allclose(prices.price_eur_per_t, want, atol=1e-6, rtol=1e-9)


def test_the_size_rule_keeps_the_default_s_balance_an_equality():
    small = build(pipeline.load(None))
    assert len(small.balance_index) < LEAN_BALANCE_MIN_KEYS and not small.surplus_in_rows
    assert len(small.surplus) == len(small.balance_index)
    d = prepare(synthetic_inputs(40, years=3))
    large = build(d)
    assert large.surplus_in_rows and len(large.surplus) == 0
    assert large.commodity_balance[next(iter(large.surplus_keys))].lower == 0
    assert large.commodity_balance[next(iter(large.surplus_keys))].upper is None


def test_the_sweep_s_farm_gate_value_reads_the_same_prices_as_the_report():
    """The sweep's farm-gate value (its own map of balance duals) uses price = dual - z_k too."""
    from nabb.sweep.kpis import evaluate_kpis, kpi_map, point_scalars
    inputs = synthetic_inputs(40, years=3)
    cp, sol, res = solve_with_meta(inputs, surplus_in_rows=True)
    d, year = cp.model.data, cp.model.data.years[-1]
    k = evaluate_kpis(kpi_map(cp, year), sol, point_scalars(inputs, [], [], year))
    cult = res.frames["cultivation"]
    cult = cult[(cult.year == year) & cult.crop.map(lambda c: d.land_use[c] == "arable")]
    price = res.frames["prices"].set_index(["region", "commodity", "year"]).price_eur_per_t
    want = sum(p * price.get((r, com, year), 0.0)
               for r, com, p in zip(cult.region, cult.commodity, cult.production_t))
    shift = sum(p * d.surplus_cost_meur_per_kt[com] * K
                for com, p in zip(cult.commodity, cult.production_t))
    assert shift > 1.0   # the check below would not see a missing shift otherwise
    assert abs(k["farm_gate_value_eur"] - want) <= 1e-6 * abs(want) + 1e-3
