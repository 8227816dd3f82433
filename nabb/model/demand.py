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

In large models (:func:`recipe_substitution`) one conventional recipe per demand key has no
column: :math:`U_{q_0} = D - \sum_{q \ne q_0} U_q` (:func:`built_of`, :func:`weighted_built`).
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData, lean_columns


def recipe_substitution(d: ModelData) -> bool:
    """Whether one conventional recipe per demand key is substituted out (large models).

    ``d.meta["recipe_substitution"]`` (True or False) overrides the size rule
    (:func:`nabb.model.data.lean_columns`) either way; the tests solve both forms.
    """
    flag = d.meta.get("recipe_substitution")
    return lean_columns(d) if flag is None else bool(flag)


def substituted_recipe(d: ModelData, recipes: list[str]) -> str | None:
    r"""The recipe :math:`q_0` of a demand key whose column is left out, or None.

    The first recipe that is neither biobased nor part of a construction system (the
    conventional one), when the key has at least one other recipe.  Neither the biobased
    targets nor the construction-system rows hold :math:`U_{q_0}`, so they keep their terms.
    """
    if len(recipes) < 2:
        return None
    return next((q for q in recipes if not d.recipe_is_bio[q] and q not in d.recipe_build_system), None)


def add_demand(m: pyo.ConcreteModel, d: ModelData) -> None:
    r"""Units built per recipe, the demand rows, the targets and the construction systems.

    **Recipe substitution** (large models, :func:`recipe_substitution`).  For a demand key
    :math:`k = (r, s, b, t)` with a conventional recipe :math:`q_0`
    (:func:`substituted_recipe`), ``demand_met`` is solved for it and it has no column:

    .. math::

        U_{q_0} = D_k - \sum_{q \ne q_0} U_q, \qquad
        \text{demand\_met}_k:\ \sum_{q \ne q_0} U_q \le D_k \quad (\Leftrightarrow U_{q_0} \ge 0).

    Every other use of :math:`U_{q_0}` (costs, deliveries in the commodity balance, the
    mass-share targets, the carbon credits, the domestic share) reads it so: a term
    :math:`\sum_q w_q U_q` of the key becomes
    :math:`w_{q_0} D_k + \sum_{q \ne q_0} (w_q - w_{q_0}) U_q` (:func:`weighted_built`).
    That is the equality eliminated together with one variable: the map
    :math:`(U_{q \ne q_0}) \mapsto (U_{q \ne q_0}, D_k - \sum U_q)` is a bijection between the
    feasible plans of the two LPs that keeps every row and the cost, so both have the same
    optima.  The duals: with :math:`\mu_k \le 0` the dual of the :math:`\le` row and
    :math:`y` those of the other rows, the dual of the equality form's ``demand_met`` is
    :math:`\lambda_k = c_{q_0} - a_{q_0}^\top y + \mu_k` and the reduced cost of
    :math:`U_{q_0}` is :math:`-\mu_k` (models/formulation.md, "One recipe per demand key
    substituted"; ``tests/test_lean_columns.py`` checks both on the equality form).
    """
    idx = [(r, s, b, q, t) for (r, s, b, t) in d.demand_keys for q in d.recipes_for.get((s, b), [])]
    by_key: dict[tuple, list] = {}
    for (r, s, b, q, t) in idx:
        by_key.setdefault((r, s, b, t), []).append(q)
    sub: dict[tuple, str] = {}
    if recipe_substitution(d):
        for key, qs in by_key.items():
            q0 = substituted_recipe(d, qs)
            if q0 is not None:
                sub[key] = q0
    m.built = pyo.Var([k for k in idx if sub.get((k[0], k[1], k[2], k[4])) != k[3]],
                      domain=pyo.NonNegativeReals,
                      doc="U[r, s, b, q, t]: units of segment s and building type b built in region r "
                          "and year t with recipe q (in large models not a column for one conventional "
                          "recipe per key, see built_of), thousand units")
    m.recipes_by_demand = by_key
    #: every (r, s, b, q, t), with or without a column; {(r, s, b, t): q0} of the keys substituted
    m.built_index = idx
    m.substituted_recipe = sub

    def demand_met(m, r, s, b, t):
        r""":math:`\sum_q U_{rsbqt} = D_{rsbt}` (every planned unit is built, one way or another);
        with :math:`U_{q_0}` substituted :math:`\sum_{q \ne q_0} U_{rsbqt} \le D_{rsbt}`."""
        q0 = sub.get((r, s, b, t))
        if q0 is not None:
            return (sum(m.built[r, s, b, q, t] for q in by_key[(r, s, b, t)] if q != q0)
                    <= d.demand_kunits[(r, s, b, t)])
        return sum(m.built[r, s, b, q, t] for q in by_key[(r, s, b, t)]) == d.demand_kunits[(r, s, b, t)]
    m.demand_met = pyo.Constraint(
        [k for k in d.demand_keys if k in by_key], rule=demand_met,
        doc="[r, s, b, t] every planned unit is built with some recipe (in large models: the "
            "recipes with a column at most the demand, the rest built conventionally), thousand units")

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
        if not sub:
            return sum((d.recipe_bio_mass_t_per_unit[k[3]] - share * d.recipe_total_mass_t_per_unit[k[3]])
                       * m.built[k] for k in keys)
        terms = []
        for key in dict.fromkeys((r, s_, b, t) for (r, s_, b, _q, t) in keys):
            terms += weighted_built(m, key, {q: d.recipe_bio_mass_t_per_unit[q]
                                             - share * d.recipe_total_mass_t_per_unit[q]
                                             for q in by_key[key]}, keep_zeros=True)
        return sum(terms)

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


def built_of(m, k: tuple):
    r""":math:`U_{rsbqt}`: the variable, or for the recipe substituted out of its demand key
    (:func:`recipe_substitution`) :math:`D_{rsbt} - \sum_{q' \ne q} U_{rsbq't}`."""
    if k in m.built:
        return m.built[k]
    const, terms = built_linear(m, k)
    return const + sum(a * v for a, v in terms)


def built_linear(m, k: tuple) -> tuple[float, list[tuple[float, object]]]:
    """:math:`U_{rsbqt}` as (constant, [(coefficient, variable)]): ``(0, [(1, U)])`` for a
    column, ``(D, [(-1, U_q') for the key's other recipes])`` for the substituted recipe."""
    r, s, b, q, t = k
    if k in m.built:
        return 0.0, [(1.0, m.built[k])]
    key = (r, s, b, t)
    if m.substituted_recipe.get(key) != q:
        raise KeyError(k)
    return (m.data.demand_kunits[key],
            [(-1.0, m.built[r, s, b, q2, t]) for q2 in m.recipes_by_demand[key] if q2 != q])


def weighted_built(m, key: tuple, w: dict[str, float], keep_zeros: bool = False) -> list:
    r"""Terms of :math:`\sum_q w_q U_{rsbqt}` over the recipes of demand key (r, s, b, t)
    (recipes missing from ``w`` weigh 0).

    With :math:`U_{q_0}` substituted: :math:`w_{q_0} D_{rsbt} + \sum_{q \ne q_0} (w_q - w_{q_0}) U_q`
    (a float first, then one term per column; zero coefficients left out unless ``keep_zeros``).
    """
    r, s, b, t = key
    q0 = m.substituted_recipe.get(key)
    qs = m.recipes_by_demand[key]
    if q0 is None:
        return [w.get(q, 0.0) * m.built[r, s, b, q, t] for q in qs if keep_zeros or w.get(q, 0.0)]
    w0 = w.get(q0, 0.0)
    out: list = [w0 * m.data.demand_kunits[key]] if w0 else []
    for q in qs:
        if q != q0 and (keep_zeros or w.get(q, 0.0) != w0):
            out.append((w.get(q, 0.0) - w0) * m.built[r, s, b, q, t])
    return out


def deliveries(m, d: ModelData) -> dict:
    """kt of each commodity delivered to building sites, per (region, commodity, year)."""
    out: dict[tuple[str, str, int], list] = {}
    mats = d.recipe_materials_t_per_unit
    for key, qs in m.recipes_by_demand.items():
        r, s, b, t = key
        if key not in m.substituted_recipe:
            for q in qs:
                for k, a in mats[q].items():
                    out.setdefault((r, k, t), []).append(a * m.built[r, s, b, q, t])
            continue
        for k in dict.fromkeys(k for q in qs for k in mats[q]):
            terms = weighted_built(m, key, {q: mats[q].get(k, 0.0) for q in qs})
            if terms:
                out.setdefault((r, k, t), []).extend(terms)
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


def _recipe_cost(m, t: int, cost: dict[str, float]):
    r""":math:`\sum c_q U_{rsbqt}` over the demand keys of year t (substituted recipes included)."""
    if not m.substituted_recipe:
        return sum(cost[k[3]] * m.built[k] for k in _keys_by_year(m, "built").get(t, ()) if cost.get(k[3]))
    terms = []
    for key in _keys_by_year(m, "recipes_by_demand").get(t, ()):
        terms += weighted_built(m, key, {q: cost.get(q, 0.0) for q in m.recipes_by_demand[key]})
    return sum(terms)


def construction_extra_cost(m, d: ModelData, t: int):
    """Extra construction cost of the recipes chosen in year t (M EUR)."""
    return _recipe_cost(m, t, d.recipe_extra_cost_meur_per_kunit)


def other_materials_cost(m, d: ModelData, t: int):
    """Cost of the non-modelled (mineral) mass of the recipes chosen in year t (M EUR)."""
    return _recipe_cost(m, t, d.recipe_other_cost_meur_per_kunit)


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
