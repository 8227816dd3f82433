r"""Demand: units built per recipe, and the biobased targets (30-30-30).

* ``built[r, s, b, q, t]`` :math:`U_{rsbqt}` -- thousand units of segment s and building type
  b built in region r and year t with recipe q.
* ``shortfall[s, t]`` :math:`S_{st}` -- thousand biobased units missing from the national
  target; ``regional_shortfall[s, r, t]`` likewise for regional targets.  Both are priced,
  so a target that cannot be met is an answer, not an infeasible model.

A recipe q is biobased when :math:`\beta_q = \sum_k q_k \phi_k / (\sum_k q_k + m_q) \ge
\theta` (mass share, threshold :math:`\theta` = 30% by default).

A target with basis ``mass`` (NABB's non-residential target) asks instead for a biobased
share of the segment's total material mass; its shortfall ``mass_shortfall[s, t]`` is in kt
of biobased material.  Recipes may belong to a construction system (timber frame, CLT)
whose national output can grow only so fast (``build_system_growth_max``).
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData


def add_demand(m: pyo.ConcreteModel, d: ModelData) -> None:
    idx = [(r, s, b, q, t) for (r, s, b, t) in d.demand_keys for q in d.recipes_for.get((s, b), [])]
    m.built = pyo.Var(idx, domain=pyo.NonNegativeReals,
                      doc="U[r, s, b, q, t]: units of segment s and building type b built in region r "
                          "and year t with recipe q, thousand units")
    by_key: dict[tuple, list] = {}
    for (r, s, b, q, t) in idx:
        by_key.setdefault((r, s, b, t), []).append(q)
    m.recipes_by_demand = by_key

    def demand_met(m, r, s, b, t):
        r""":math:`\sum_q U_{rsbqt} = D_{rsbt}` (every planned unit is built, one way or another)."""
        return sum(m.built[r, s, b, q, t] for q in by_key[(r, s, b, t)]) == d.demand_kunits[(r, s, b, t)]
    m.demand_met = pyo.Constraint(
        [k for k in d.demand_keys if k in by_key], rule=demand_met,
        doc="[r, s, b, t] every planned unit is built with some recipe, thousand units")

    bio_nat: dict[tuple, list] = {}
    bio_reg: dict[tuple, list] = {}
    for k in idx:
        r, s, _b, q, t = k
        if d.recipe_is_bio[q]:
            bio_nat.setdefault((s, t), []).append(k)
            bio_reg.setdefault((s, r, t), []).append(k)
    tot_nat: dict[tuple, float] = {}
    tot_reg: dict[tuple, float] = {}
    for (r, s, b, t), v in d.demand_kunits.items():
        tot_nat[(s, t)] = tot_nat.get((s, t), 0.0) + v
        tot_reg[(s, r, t)] = tot_reg.get((s, r, t), 0.0) + v

    nat_idx = [k for k in d.national_target_share if d.target_basis.get(k, "units") == "units"]
    m.shortfall = pyo.Var(nat_idx, domain=pyo.NonNegativeReals,
                          doc="S[s, t]: biobased units missing from the national target of segment s "
                              "in year t, thousand units")

    def biobased_target(m, s, t):
        r""":math:`\sum_{q \text{ biobased}} U_{\cdot s \cdot q t} + S_{st} \ge \sigma_{st} \sum D_{\cdot s \cdot t}`."""
        bio = sum(m.built[k] for k in bio_nat.get((s, t), []))
        return bio + m.shortfall[s, t] >= d.national_target_share[(s, t)] * tot_nat.get((s, t), 0.0)
    m.biobased_target = pyo.Constraint(
        nat_idx, rule=biobased_target,
        doc="[s, t] biobased units plus shortfall at least the national target share, thousand units")

    reg_idx = [k for k in d.regional_target_share if d.target_basis.get(k, "units") == "units"]
    m.regional_shortfall = pyo.Var(reg_idx, domain=pyo.NonNegativeReals,
                                   doc="S[s, r, t]: biobased units missing from the regional target of "
                                       "segment s in region r and year t, thousand units")

    def regional_biobased_target(m, s, r, t):
        r"""Same as ``biobased_target`` for one region."""
        bio = sum(m.built[k] for k in bio_reg.get((s, r, t), []))
        return (bio + m.regional_shortfall[s, r, t]
                >= d.regional_target_share[(s, r, t)] * tot_reg.get((s, r, t), 0.0))
    m.regional_biobased_target = pyo.Constraint(
        reg_idx, rule=regional_biobased_target,
        doc="[s, r, t] biobased units plus shortfall at least the regional target share, thousand units")

    # mass-share targets: sum of U (biobased t - share x total t) + shortfall >= 0, in kt
    by_nat: dict[tuple, list] = {}
    by_reg: dict[tuple, list] = {}
    for k in idx:
        r, s, _b, _q, t = k
        by_nat.setdefault((s, t), []).append(k)
        by_reg.setdefault((s, r, t), []).append(k)
    mass_idx = [k for k in d.national_target_share if d.target_basis.get(k) == "mass"]
    m.mass_shortfall = pyo.Var(mass_idx, domain=pyo.NonNegativeReals,
                               doc="S^m[s, t]: biobased material missing from the national mass-share "
                                   "target of segment s in year t, kt")

    def _mass_gap(keys, share):
        return sum((d.recipe_bio_mass_t_per_unit[k[3]] - share * d.recipe_total_mass_t_per_unit[k[3]]) * m.built[k]
                   for k in keys)

    def biobased_mass_target(m, s, t):
        r""":math:`\sum_{r,b,q} U_{rsbqt} (b_q - \sigma_{st} w_q) + S^m_{st} \ge 0`: biobased tonnes
        are at least the share of all tonnes of material of the segment."""
        keys = by_nat.get((s, t), [])
        if not keys:
            return pyo.Constraint.Skip
        return _mass_gap(keys, d.national_target_share[(s, t)]) + m.mass_shortfall[s, t] >= 0
    m.biobased_mass_target = pyo.Constraint(
        mass_idx, rule=biobased_mass_target,
        doc="[s, t] biobased tonnes plus shortfall at least the target share of all material tonnes, kt")
    rmass_idx = [k for k in d.regional_target_share if d.target_basis.get(k) == "mass"]
    m.regional_mass_shortfall = pyo.Var(rmass_idx, domain=pyo.NonNegativeReals,
                                        doc="S^m[s, r, t]: biobased material missing from the regional "
                                            "mass-share target of segment s in region r and year t, kt")

    def regional_biobased_mass_target(m, s, r, t):
        r"""Same as ``biobased_mass_target`` for one region."""
        keys = by_reg.get((s, r, t), [])
        if not keys:
            return pyo.Constraint.Skip
        return _mass_gap(keys, d.regional_target_share[(s, r, t)]) + m.regional_mass_shortfall[s, r, t] >= 0
    m.regional_biobased_mass_target = pyo.Constraint(
        rmass_idx, rule=regional_biobased_mass_target,
        doc="[s, r, t] biobased tonnes plus shortfall at least the regional share of all tonnes, kt")

    add_build_systems(m, d, idx)
    if d.meta.get("hard_targets"):  # setting hard_targets: no shortfall allowed
        m.shortfall.fix(0)
        m.regional_shortfall.fix(0)
        m.mass_shortfall.fix(0)
        m.regional_mass_shortfall.fix(0)


def add_build_systems(m: pyo.ConcreteModel, d: ModelData, idx: list) -> None:
    r"""National growth of construction systems (timber frame, CLT): prefab factories.

    :math:`V_{gt} = \sum_{r,s,b,q \in g} U_{rsbqt}` (thousand units built with system g).
    """
    by_system: dict[tuple[str, int], list] = {}
    for k in idx:
        g = d.recipe_build_system.get(k[3])
        if g is not None and g in d.build_systems:
            by_system.setdefault((g, k[-1]), []).append(k)

    def units(g, t):
        return sum(m.built[k] for k in by_system.get((g, t), []))

    g_idx = [(g, t) for g in d.build_systems for t in d.years if by_system.get((g, t))]

    def build_system_growth_max(m, g, t):
        r""":math:`V_{gt} \le (1 + \rho_g \Delta_t) V_{g,t-1} + h_g \Delta_t`, :math:`V_{g,t_0-1}` =
        units built with the system before the horizon (the industry grows, it does not jump)."""
        sysd = d.build_systems[g]
        prev = d.prev_year[t]
        last = sysd["base"] if prev is None else units(g, prev)
        gap = d.gap_yr[t]
        return units(g, t) <= (1 + sysd["rate"] * gap) * last + sysd["growth"] * gap
    m.build_system_growth_max = pyo.Constraint(
        g_idx, rule=build_system_growth_max,
        doc="[g, t] units built with construction system g grow at most by its yearly limits, "
            "thousand units")
    cap_idx = [(g, t) for (g, t) in g_idx if d.build_systems[g]["cap"] is not None]

    def build_system_capacity_max(m, g, t):
        r""":math:`V_{gt} \le \bar V_g` (factory capacity)."""
        return units(g, t) <= d.build_systems[g]["cap"]
    m.build_system_capacity_max = pyo.Constraint(
        cap_idx, rule=build_system_capacity_max,
        doc="[g, t] units built with construction system g at most its factory capacity, thousand units")


def deliveries(m, d: ModelData) -> dict:
    """kt of each commodity delivered to building sites, per (region, commodity, year)."""
    out: dict[tuple[str, str, int], list] = {}
    for (r, s, b, q, t) in m.built:
        for k, a in d.recipe_materials_t_per_unit[q].items():
            out.setdefault((r, k, t), []).append(a * m.built[r, s, b, q, t])
    return out


def _keys_by_year(m, component: str) -> dict:
    """Keys of an indexed component grouped by year (the last index), computed once per model."""
    cache = m.__dict__.setdefault("_nabb_keys_by_year", {})
    if component not in cache:
        out: dict[int, list] = {}
        for k in getattr(m, component):
            out.setdefault(k[-1], []).append(k)
        cache[component] = out
    return cache[component]


def construction_extra_cost(m, d: ModelData, t: int):
    """Extra construction cost of the recipes chosen in year t (M EUR)."""
    return sum(d.recipe_extra_cost_meur_per_kunit[k[3]] * m.built[k] for k in _keys_by_year(m, "built").get(t, ())
               if d.recipe_extra_cost_meur_per_kunit[k[3]])


def other_materials_cost(m, d: ModelData, t: int):
    """Cost of the non-modelled (mineral) mass of the recipes chosen in year t (M EUR)."""
    return sum(d.recipe_other_cost_meur_per_kunit[k[3]] * m.built[k] for k in _keys_by_year(m, "built").get(t, ())
               if d.recipe_other_cost_meur_per_kunit.get(k[3]))


def shortfall_cost(m, d: ModelData, t: int):
    """Price of the units (or tonnes) missing from national and regional targets in year t (M EUR)."""
    return (sum(d.shortfall_penalty_meur_per_kunit * m.shortfall[s, tt]
                for (s, tt) in _keys_by_year(m, "shortfall").get(t, ()))
            + sum(d.shortfall_penalty_meur_per_kunit * m.regional_shortfall[s, r, tt]
                  for (s, r, tt) in _keys_by_year(m, "regional_shortfall").get(t, ()))
            + sum(d.mass_shortfall_penalty_meur_per_kt * m.mass_shortfall[s, tt]
                  for (s, tt) in _keys_by_year(m, "mass_shortfall").get(t, ()))
            + sum(d.mass_shortfall_penalty_meur_per_kt * m.regional_mass_shortfall[s, r, tt]
                  for (s, r, tt) in _keys_by_year(m, "regional_mass_shortfall").get(t, ())))
