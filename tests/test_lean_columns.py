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
  :math:`A` and ``perennial_area_persists`` eliminated).
Both are exact: the LP without them (``lean_columns=False``) has the same optimum.
"""
from __future__ import annotations

from types import SimpleNamespace

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
