r"""Transport over a sparse list of arcs and imports at entry regions.

* ``flow[i, j, k, t]`` :math:`F_{ijkt}` -- kt of commodity k moved over arc (i, j), for the
  arcs :math:`(i, j) \in A_k` that commodity may use (below).  The number of variables is
  at most arcs x commodities x years, never regions squared.
* ``imports[k, r, t]`` :math:`M_{krt}` -- kt imported at region r.

Arcs per commodity, :math:`A_k` (chosen from the data, exact)
----------------------------------------------------------------
Goods move only from where they can arise to where they can be used.  From the balance
terms the builder already has, every commodity k gets its *sources* :math:`S_k` (regions
with a harvest, a process output or an import of k) and its *uses* :math:`U_k` (regions
with a process input of k, or a building site whose recipes contain k).  Then:

* :math:`S_k` or :math:`U_k` empty (nothing makes it, or nothing uses it -- flax long fibre
  and flax shives in the default are only sold or left as surplus): no flow variables.
  Surplus cost and market value are the same in every region, so selling or leaving a
  tonne where it arises is never worse than moving it first.
* no arc capacity (``transport_arc_capacity_t`` = 0, the default): :math:`A_k` is the union,
  over the sources s, of the arcs of one shortest-path tree from s (by km) that lead to a
  use.  The transport cost of k is :math:`c_k \ell_{ij}` with :math:`c_k \ge 0`, and
  nothing else limits an arc, so any optimal flow of k splits into paths from a source to
  a use (cycles cost :math:`\ge 0` and can be dropped) and each path can be replaced by the
  tree path between the same two regions at no higher cost.  The optimum is unchanged;
  only ties between equally short routes may be broken differently.  A commodity that
  enters at one or two ports (lime binder, polyester fibre, imported wood products) needs
  a tree, not every arc.
* with an arc capacity: :math:`A_k` is every arc (i, j) with i reachable from a source and
  j able to reach a use (a capacity per arc can force detours, so trees are not enough).

``ModelData.meta["all_flow_arcs"] = True`` puts every commodity on every arc (used by the
tests that check the optimum is the same).
"""
from __future__ import annotations

from collections import deque

import numpy as np
import pyomo.environ as pyo

from nabb.model.data import ModelData, lean_columns


def regions_by_commodity(*terms: dict) -> dict[str, set[str]]:
    """{commodity: regions} from balance-term dicts keyed by (region, commodity, year)."""
    out: dict[str, set[str]] = {}
    for term in terms:
        for (r, k, _t), items in term.items():
            if len(items):
                out.setdefault(k, set()).add(r)
    return out


def _reachable(adj: dict[str, list[str]], start: set[str]) -> set[str]:
    seen, todo = set(start), deque(start)
    while todo:
        for j in adj.get(todo.popleft(), ()):
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def _tree_arcs(d: ModelData, sources: dict[str, set[str]], uses: dict[str, set[str]],
               ks: list[str]) -> dict[str, np.ndarray]:
    """Arc numbers (sorted) of the shortest-path trees from each source of k that lead to a use of k."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    pos = {r: n for n, r in enumerate(d.regions)}
    n = len(d.regions)
    tail = np.array([pos[i] for i, _ in d.arcs], dtype=np.int64)
    head = np.array([pos[j] for _, j in d.arcs], dtype=np.int64)
    # csgraph reads a stored 0 as "no arc": a 0 km arc gets a length far below any real one
    km = np.array([max(float(d.arc_km[a]), 1e-9) for a in d.arcs])
    graph = csr_matrix((km, (tail, head)), shape=(n, n))
    # tree edges back to arc numbers: search the sorted codes tail * n + head
    code = tail * n + head
    by_code = np.argsort(code)
    sorted_code = code[by_code]
    origins = np.array(sorted({pos[r] for k in ks for r in sources[k]}), dtype=np.int64)
    dist, pred = dijkstra(graph, directed=True, indices=origins, return_predecessors=True)
    row_of = {int(o): x for x, o in enumerate(origins)}
    every = np.arange(len(origins))
    groups: dict[frozenset, list[str]] = {}
    for k in ks:
        groups.setdefault(frozenset(pos[r] for r in uses[k]), []).append(k)
    out: dict[str, np.ndarray] = {}
    for use_set, group in groups.items():
        # need[s, v]: v lies on the tree path from origin s to some use (v is not s itself);
        # grown from the uses up the trees, all origins at once, until it stops changing
        need = np.zeros((len(origins), n), dtype=bool)
        need[:, sorted(use_set)] = True
        need &= np.isfinite(dist)
        need[every, origins] = False
        while True:
            r_, v_ = np.nonzero(need)
            up = pred[r_, v_]
            ok = up >= 0
            grown = need.copy()
            grown[r_[ok], up[ok]] = True
            grown[every, origins] = False
            if np.array_equal(grown, need):
                break
            need = grown
        memo: dict[frozenset, np.ndarray] = {}
        for k in group:
            src = frozenset(row_of[pos[r]] for r in sources[k])
            if src not in memo:
                rows = np.array(sorted(src), dtype=np.int64)
                r_, v_ = np.nonzero(need[rows])
                edge = pred[rows][r_, v_] * n + v_
                used = np.zeros(len(d.arcs), dtype=bool)
                used[by_code[np.searchsorted(sorted_code, edge)]] = True
                memo[src] = np.nonzero(used)[0]
            out[k] = memo[src]
    return out


def deliverable_imports(d: ModelData, imported: dict) -> dict:
    """The import terms of the options that can deliver: an option capped at 0 t is no source."""
    return {(r, k, t): items for (r, k, t), items in imported.items()
            if d.import_cap_kt_per_yr.get((k, r)) != 0}


def import_only_ports(d: ModelData, k: str) -> dict[str, float] | None:
    r"""{port: price} when k can get into the country only by purchases that a landed-cost forest serves.

    That is when nothing harvests or makes k, every option that can deliver is uncapped and of
    one origin (so the credits and the domestic share count a tonne the same from any port),
    and moving k costs :math:`\tau_k > 0` per tkm.  Otherwise None.
    """
    if k in d.crop_commodity.values() or any(k in out for out in d.proc_out_t_per_t.values()):
        return None
    options = [(r, d.import_cap_kt_per_yr[(kk, r)]) for (kk, r) in d.import_options if kk == k]
    open_ = [r for r, cap in options if cap != 0]
    if (not open_ or any(cap is not None for r, cap in options if cap != 0)
            or len({d.import_origin.get((k, r)) for r in open_}) != 1
            or not d.transport_cost_meur_per_kt_km[k] > 0):
        return None
    return {r: d.import_price_meur_per_kt[(k, r)] for r in open_}


def _forest_arcs(d: ModelData, k: str, ports: dict[str, float], uses: set[str]) -> list[tuple[str, str]]:
    r"""Arcs of the cheapest-landed-cost forest of k that lead to a use, in the order of ``d.arcs``.

    One shortest-path tree from a virtual node joined to every port p by a link of length
    :math:`\pi_{kp} / \tau_k` km: each use hangs below the port it is cheapest to buy from
    and carry from (ties broken once).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    pos = {r: n for n, r in enumerate(d.regions)}
    n = len(d.regions)
    tau = d.transport_cost_meur_per_kt_km[k]
    tail = [pos[i] for i, _ in d.arcs] + [n] * len(ports)
    head = [pos[j] for _, j in d.arcs] + [pos[p] for p in ports]
    # csgraph reads a stored 0 as "no arc": a 0 km link gets a length far below any real one
    km = [max(float(d.arc_km[a]), 1e-9) for a in d.arcs] + [max(ports[p] / tau, 1e-9) for p in ports]
    graph = csr_matrix((km, (tail, head)), shape=(n + 1, n + 1))
    dist, pred = dijkstra(graph, directed=True, indices=n, return_predecessors=True)
    keep: set[tuple[int, int]] = set()
    for u in uses:
        v = pos[u]
        if not np.isfinite(dist[v]):
            continue
        while pred[v] >= 0 and pred[v] != n and (int(pred[v]), v) not in keep:
            keep.add((int(pred[v]), v))
            v = int(pred[v])
    return [(i, j) for (i, j) in d.arcs if (pos[i], pos[j]) in keep]


def flow_arcs(d: ModelData, sources: dict[str, set[str]], uses: dict[str, set[str]]
              ) -> dict[str, list[tuple[str, str]]]:
    """The arcs each commodity may use, in the order of ``d.arcs`` (see the module docstring)."""
    if d.meta.get("all_flow_arcs"):
        return {k: list(d.arcs) for k in d.commodities}
    movable = [k for k in d.commodities if sources.get(k) and uses.get(k)]
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in d.commodities}
    if not movable or not d.arcs:
        return out
    if d.arc_capacity_kt_per_yr is None and lean_columns(d):
        for k in list(movable):
            ports = import_only_ports(d, k)
            if ports is not None:
                out[k] = _forest_arcs(d, k, ports, uses[k])
                movable.remove(k)
        if not movable:
            return out
    if d.arc_capacity_kt_per_yr is None:
        chosen = _tree_arcs(d, sources, uses, movable)
        for k in movable:
            out[k] = [d.arcs[x] for x in chosen[k].tolist()]
        return out
    fwd: dict[str, list[str]] = {}
    back: dict[str, list[str]] = {}
    for i, j in d.arcs:
        fwd.setdefault(i, []).append(j)
        back.setdefault(j, []).append(i)
    for k in movable:
        reach, reached_by = _reachable(fwd, sources[k]), _reachable(back, uses[k])
        out[k] = [(i, j) for (i, j) in d.arcs if i in reach and j in reached_by]
    return out


def add_transport(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Imports and their caps (the flows follow in :func:`add_flows`, once the balance terms are known)."""
    imp_idx = [(k, r, t) for (k, r) in d.import_options for t in d.years]
    m.imports = pyo.Var(imp_idx, domain=pyo.NonNegativeReals,
                        doc="M[k, r, t]: commodity k bought at entry region r in year t, kt")
    cap_idx = [(k, r, t) for (k, r, t) in imp_idx if d.import_cap_kt_per_yr[(k, r)] is not None]

    def import_max(m, k, r, t):
        r""":math:`M_{krt} \le \bar M_{kr}`."""
        return m.imports[k, r, t] <= d.import_cap_kt_per_yr[(k, r)]
    m.import_max = pyo.Constraint(
        cap_idx, rule=import_max,
        doc="[k, r, t] purchases of k at r at most the import option's cap, kt")


def add_flows(m: pyo.ConcreteModel, d: ModelData, sources: dict[str, set[str]],
              uses: dict[str, set[str]]) -> None:
    """``flow`` over the arcs of each commodity, and the arc capacity when it is set."""
    arcs_of = flow_arcs(d, sources, uses)
    m.flow_arcs = arcs_of
    # arcs x commodities x years, in that order (arc_flows and results rely on it)
    by_arc: dict[tuple[str, str], list[str]] = {}
    for k in d.commodities:
        for a in arcs_of[k]:
            by_arc.setdefault(a, []).append(k)
    korder = {k: n for n, k in enumerate(d.commodities)}
    idx = [(i, j, k, t) for (i, j) in d.arcs
           for k in sorted(by_arc.get((i, j), ()), key=korder.__getitem__) for t in d.years]
    m.flow = pyo.Var(idx, domain=pyo.NonNegativeReals,
                     doc="F[i, j, k, t]: commodity k moved over arc (i, j) in year t, kt")
    if d.arc_capacity_kt_per_yr is not None:
        def arc_capacity_max(m, i, j, k, t):
            r""":math:`F_{ijkt} \le \bar F`."""
            return m.flow[i, j, k, t] <= d.arc_capacity_kt_per_yr
        m.arc_capacity_max = pyo.Constraint(
            idx, rule=arc_capacity_max,
            doc="[i, j, k, t] flow of k over arc (i, j) at most the arc capacity, kt")


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
    return sum(d.transport_cost_meur_per_kt_km[k] * d.arc_km[(i, j)] * f
               for (i, j, k, f) in _flows_by_year(m).get(t, ()) if d.transport_cost_meur_per_kt_km[k] > 0)


def import_cost(m, d: ModelData, t: int):
    return sum(d.import_price_meur_per_kt[(k, r)] * m.imports[k, r, t] for (k, r) in d.import_options)
