"""Flows only where goods can move (issue 14, item 1): the arcs each commodity may use.

The arc sets are derived from the data (where a commodity arises, where it is used, the
arc lengths); see nabb/model/transport.py.  The pruning is exact: the optimum of the LP
with every commodity on every arc (``meta["all_flow_arcs"]``) is the same.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from nabb.model import build
from nabb.model.data import prepare
from nabb.model.transport import flow_arcs
from nabb.synthetic import synthetic_inputs
from tests.cases import REDUCTION_CASES, reduction_case, solve_with_meta


def _net(arcs: dict[tuple[str, str], float], capacity=None):
    regions = sorted({r for a in arcs for r in a})
    return SimpleNamespace(regions=regions, arcs=list(arcs), arc_km=dict(arcs), meta={}, years=[2030],
                           commodities=["lime", "straw", "shives"], arc_capacity_kt_per_yr=capacity)


LINE = {("A", "B"): 10.0, ("B", "A"): 10.0, ("B", "C"): 10.0, ("C", "B"): 10.0,
        ("A", "C"): 25.0, ("C", "A"): 25.0, ("C", "D"): 5.0, ("D", "C"): 5.0}


def test_single_source_commodity_uses_the_shortest_path_tree_only():
    """Lime enters at A and is used at C and D: A-B-C-D (20 km to C) beats the 25 km arc A-C."""
    d = _net(LINE)
    arcs = flow_arcs(d, {"lime": {"A"}, "straw": {"A", "B", "C", "D"}, "shives": {"B"}},
                     {"lime": {"C", "D"}, "straw": {"A", "B", "C", "D"}})
    assert arcs["lime"] == [("A", "B"), ("B", "C"), ("C", "D")]
    # made everywhere and used everywhere: every arc that is some shortest route stays; the
    # 25 km arc A-C is longer than A-B-C (20 km) and no shortest route uses it
    assert set(arcs["straw"]) == set(LINE) - {("A", "C"), ("C", "A")}
    # nothing uses shives (sold or left as surplus where they arise): no flows at all
    assert arcs["shives"] == []


def test_with_an_arc_capacity_every_useful_arc_stays():
    """A capacity per arc can force a detour, so trees are not enough: reachability only."""
    d = _net(LINE, capacity=1.0)
    arcs = flow_arcs(d, {"lime": {"A"}, "straw": set(), "shives": {"B"}}, {"lime": {"C"}})
    # from A everything is reachable; every region reaches C; nothing flows without a use
    assert set(arcs["lime"]) == set(LINE)
    assert arcs["straw"] == [] and arcs["shives"] == []


def test_all_flow_arcs_switch_puts_every_commodity_on_every_arc():
    d = _net(LINE)
    d.meta["all_flow_arcs"] = True
    assert all(v == list(LINE) for v in flow_arcs(d, {}, {}).values())


@pytest.mark.parametrize("case", REDUCTION_CASES)
def test_pruned_flows_keep_the_optimum(case):
    """Same objective (1e-9 relative) as with every commodity on every arc."""
    inputs = reduction_case(case)
    cp, sol, res = solve_with_meta(inputs, all_flow_arcs=False)
    cp_all, sol_all, res_all = solve_with_meta(inputs, all_flow_arcs=True)
    assert len(cp.model.flow) < len(cp_all.model.flow)
    assert cp.num_cols < cp_all.num_cols
    assert abs(sol.objective - sol_all.objective) <= 1e-9 * abs(sol_all.objective)
    # The plan itself is not compared: these LPs have several optimal plans, and the pruned
    # LP may stop at another one of the same cost (seen on the default and 12 regions).
    # every flow that is used lies on an arc its commodity may use
    allowed = {(i, j, k) for k, arcs in cp.model.flow_arcs.items() for (i, j) in arcs}
    fl = res.frames["flows"]
    assert all((i, j, k) in allowed for i, j, k in zip(fl.from_region, fl.to_region, fl.commodity))


def test_flow_columns_shrink_on_a_40_region_instance():
    """Two commodities nobody uses lose every arc; five imported ones keep only trees."""
    d = prepare(synthetic_inputs(40, years=2))
    m = build(d)
    full = len(d.arcs) * len(d.commodities) * len(d.years)
    assert len(m.flow) <= 0.75 * full
    assert m.flow_arcs["flax_shives"] == [] and m.flow_arcs["flax_long_fibre"] == []
    assert 0 < len(m.flow_arcs["lime_binder"]) < len(d.arcs) / 2
