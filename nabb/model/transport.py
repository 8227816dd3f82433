r"""Transport over a sparse list of arcs and imports at entry regions.

* ``flow[i, j, k, t]`` :math:`F_{ijkt}` -- kt of commodity k moved over arc (i, j).  The
  number of variables is arcs x commodities x years, never regions squared.
* ``imports[k, r, t]`` :math:`M_{krt}` -- kt imported at region r.
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData


def add_transport(m: pyo.ConcreteModel, d: ModelData) -> None:
    idx = [(i, j, k, t) for (i, j) in d.arcs for k in d.commodities for t in d.years]
    m.flow = pyo.Var(idx, domain=pyo.NonNegativeReals)
    if d.arc_capacity_kt is not None:
        def arc_capacity_max(m, i, j, k, t):
            r""":math:`F_{ijkt} \le \bar F`."""
            return m.flow[i, j, k, t] <= d.arc_capacity_kt
        m.arc_capacity_max = pyo.Constraint(idx, rule=arc_capacity_max)
    imp_idx = [(k, r, t) for (k, r) in d.import_options for t in d.years]
    m.imports = pyo.Var(imp_idx, domain=pyo.NonNegativeReals)
    cap_idx = [(k, r, t) for (k, r, t) in imp_idx if d.import_cap_kt[(k, r)] is not None]

    def import_max(m, k, r, t):
        r""":math:`M_{krt} \le \bar M_{kr}`."""
        return m.imports[k, r, t] <= d.import_cap_kt[(k, r)]
    m.import_max = pyo.Constraint(cap_idx, rule=import_max)


def arc_flows(m, d: ModelData) -> tuple[dict, dict]:
    """(inflow, outflow) expressions per (region, commodity, year)."""
    inflow: dict[tuple[str, str, int], list] = {}
    outflow: dict[tuple[str, str, int], list] = {}
    # m.flow is indexed arcs x commodities x years in that order: items() visits the
    # variables in the same order as the nested loops, without one look-up per index.
    for (i, j, k, t), f in m.flow.items():
        outflow.setdefault((i, k, t), []).append(f)
        inflow.setdefault((j, k, t), []).append(f)
    return inflow, outflow


def _flows_by_year(m) -> dict[int, list]:
    """(i, j, k, flow var) per year in (arc, commodity) order; built once per model."""
    cache = m.__dict__.get("_nabb_flows_by_year")
    if cache is None:
        cache = {}
        for (i, j, k, t), f in m.flow.items():
            cache.setdefault(t, []).append((i, j, k, f))
        m.__dict__["_nabb_flows_by_year"] = cache
    return cache


def import_flows(m, d: ModelData) -> dict:
    out: dict[tuple[str, str, int], list] = {}
    for (k, r) in d.import_options:
        for t in d.years:
            out.setdefault((r, k, t), []).append(m.imports[k, r, t])
    return out


def transport_cost(m, d: ModelData, t: int):
    return sum(d.transport_cost[k] * d.arc_km[(i, j)] * f
               for (i, j, k, f) in _flows_by_year(m).get(t, ()) if d.transport_cost[k] > 0)


def import_cost(m, d: ModelData, t: int):
    return sum(d.import_price[(k, r)] * m.imports[k, r, t] for (k, r) in d.import_options)
