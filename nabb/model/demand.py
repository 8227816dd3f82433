r"""Demand: units built per recipe, and the biobased targets (30-30-30).

* ``built[r, t, s, b, q]`` :math:`U_{rtsbq}` -- thousand units of segment s and building type
  b built in region r and year t with recipe q.
* ``shortfall[s, t]`` :math:`S_{st}` -- thousand biobased units missing from the national
  target; ``regional_shortfall[s, r, t]`` likewise for regional targets.  Both are priced,
  so a target that cannot be met is an answer, not an infeasible model.

A recipe q is biobased when :math:`\beta_q = \sum_k q_k \phi_k / (\sum_k q_k + m_q) \ge
\theta` (mass share, threshold :math:`\theta` = 30% by default).
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData


def add_demand(m: pyo.ConcreteModel, d: ModelData) -> None:
    idx = [(r, t, s, b, q) for (r, t, s, b) in d.demand_keys for q in d.recipes_for.get((s, b), [])]
    m.built = pyo.Var(idx, domain=pyo.NonNegativeReals)
    by_key: dict[tuple, list] = {}
    for (r, t, s, b, q) in idx:
        by_key.setdefault((r, t, s, b), []).append(q)
    m.recipes_by_demand = by_key

    def demand_met(m, r, t, s, b):
        r""":math:`\sum_q U_{rtsbq} = D_{rtsb}` (every planned unit is built, one way or another)."""
        return sum(m.built[r, t, s, b, q] for q in by_key[(r, t, s, b)]) == d.demand_k[(r, t, s, b)]
    m.demand_met = pyo.Constraint([k for k in d.demand_keys if k in by_key], rule=demand_met)

    bio_nat: dict[tuple, list] = {}
    bio_reg: dict[tuple, list] = {}
    for k in idx:
        if d.recipe_is_bio[k[4]]:
            bio_nat.setdefault((k[2], k[1]), []).append(k)
            bio_reg.setdefault((k[2], k[0], k[1]), []).append(k)
    tot_nat: dict[tuple, float] = {}
    tot_reg: dict[tuple, float] = {}
    for (r, t, s, b), v in d.demand_k.items():
        tot_nat[(s, t)] = tot_nat.get((s, t), 0.0) + v
        tot_reg[(s, r, t)] = tot_reg.get((s, r, t), 0.0) + v

    nat_idx = [k for k in d.national_targets]
    m.shortfall = pyo.Var(nat_idx, domain=pyo.NonNegativeReals)

    def biobased_target(m, s, t):
        r""":math:`\sum_{q \text{ biobased}} U_{\cdot ts\cdot q} + S_{st} \ge \sigma_{st} \sum D_{\cdot ts \cdot}`."""
        bio = sum(m.built[k] for k in bio_nat.get((s, t), []))
        return bio + m.shortfall[s, t] >= d.national_targets[(s, t)] * tot_nat.get((s, t), 0.0)
    m.biobased_target = pyo.Constraint(nat_idx, rule=biobased_target)

    reg_idx = [k for k in d.regional_targets]
    m.regional_shortfall = pyo.Var(reg_idx, domain=pyo.NonNegativeReals)

    def regional_biobased_target(m, s, r, t):
        r"""Same as ``biobased_target`` for one region."""
        bio = sum(m.built[k] for k in bio_reg.get((s, r, t), []))
        return (bio + m.regional_shortfall[s, r, t]
                >= d.regional_targets[(s, r, t)] * tot_reg.get((s, r, t), 0.0))
    m.regional_biobased_target = pyo.Constraint(reg_idx, rule=regional_biobased_target)
    if d.meta.get("hard_targets"):  # setting hard_targets: no shortfall allowed
        m.shortfall.fix(0)
        m.regional_shortfall.fix(0)


def deliveries(m, d: ModelData) -> dict:
    """kt of each commodity delivered to building sites, per (region, commodity, year)."""
    out: dict[tuple[str, str, int], list] = {}
    for (r, t, s, b, q) in m.built:
        for k, a in d.recipe_materials[q].items():
            out.setdefault((r, k, t), []).append(a * m.built[r, t, s, b, q])
    return out


def _keys_by_year(m, component: str, year_pos: int) -> dict:
    """Keys of an indexed component grouped by year, computed once per model and cached."""
    cache = m.__dict__.setdefault("_nabb_keys_by_year", {})
    if component not in cache:
        out: dict[int, list] = {}
        for k in getattr(m, component):
            out.setdefault(k[year_pos], []).append(k)
        cache[component] = out
    return cache[component]


def construction_extra_cost(m, d: ModelData, t: int):
    """Extra construction cost of the recipes chosen in year t (M EUR)."""
    return sum(d.recipe_extra_cost[k[4]] * m.built[k] for k in _keys_by_year(m, "built", 1).get(t, ())
               if d.recipe_extra_cost[k[4]])


def shortfall_cost(m, d: ModelData, t: int):
    """Price of the units missing from national and regional targets in year t (M EUR)."""
    return (sum(d.shortfall_penalty * m.shortfall[s, tt]
                for (s, tt) in _keys_by_year(m, "shortfall", 1).get(t, ()))
            + sum(d.shortfall_penalty * m.regional_shortfall[s, r, tt]
                  for (s, r, tt) in _keys_by_year(m, "regional_shortfall", 2).get(t, ())))
