r"""Cultivation: hectares per region, crop and year.

Variables (internal units: kha)

* ``area[r, c, t]`` :math:`A_{rct}` -- area occupied by crop c (for perennials: all planted
  area, harvested or not).
* ``planted[r, c, t]`` :math:`P_{rct}` -- new planting of a perennial in year t.

Harvested area :math:`H_{rct}` is :math:`A_{rct}` for annual crops and
:math:`A^0_{rc} + \sum_{\tau \le t - L_c} P_{rc\tau}` for perennials with establishment
time :math:`L_c` (no harvest in the planting year or the next when :math:`L_c = 2`).
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData, lean_columns


def harvested_area(m: pyo.ConcreteModel, d: ModelData, r: str, c: str, t: int):
    """:math:`H_{rct}`: the area that yields a harvest in year t."""
    if not d.perennial[c]:
        return m.area[r, c, t]
    lag = d.establishment_years[c]
    return d.existing_kha[(r, c)] + sum(m.planted[r, c, tau] for tau in d.years if tau <= t - lag)


def idle_planting_years(d: ModelData, r: str, c: str) -> set[int]:
    r"""Years whose planting :math:`P_{rc\tau}` of perennial c in r is left out of large models.

    A stand planted in :math:`\tau > T - L_c` (T the last modelled year) yields nothing inside
    the horizon.  Leaving all of those years out is exact when the yearly growth limits are
    :math:`g_c, h_c \ge 0`, the area costs are :math:`\ge 0` and no contracted area asks for
    hectares in those years: such a planting only adds area in the last years, where every
    area row is an upper bound (rotation, land, and growth, which holds for an unchanged area),
    and adds no harvest, so setting it to 0 keeps a plan feasible at no higher cost.
    Only under :func:`nabb.model.data.lean_columns`.
    """
    lag = d.establishment_years[c]
    if not (lean_columns(d) and d.perennial[c] and lag >= 1 and d.growth_rate_per_yr[c] >= 0
            and d.growth_kha_per_yr[c] >= 0 and d.area_cost_meur_per_kha[c] >= 0
            and d.establishment_cost_meur_per_kha[c] >= 0):
        return set()
    tail = {t for t in d.years if t > d.years[-1] - lag}
    if any(d.contracted_kha.get((r, c, t), 0.0) > 0 for t in tail):
        return set()
    return tail


def area_of(m: pyo.ConcreteModel, d: ModelData, r: str, c: str, t: int):
    r""":math:`A_{rct}`: the variable, or for a perennial whose area is substituted (large
    models, :func:`nabb.model.data.lean_columns`) :math:`A^0_{rc} + \sum_{\tau \le t} P_{rc\tau}`."""
    if (r, c, t) in m.area:
        return m.area[r, c, t]
    return d.existing_kha[(r, c)] + sum(m.planted[r, c, tau] for tau in d.years
                                        if tau <= t and (r, c, tau) in m.planted)


def add_land(m: pyo.ConcreteModel, d: ModelData) -> None:
    idx = [(r, c, t) for (r, c) in d.cult_pairs for t in d.years]
    # large models: a perennial's area is its plantings still standing (no column, no
    # perennial_area_persists row): A = A0 + sum of P, the same LP with A eliminated
    substituted = lean_columns(d)
    m.area = pyo.Var([k for k in idx if not (substituted and d.perennial[k[1]])],
                     domain=pyo.NonNegativeReals,
                     doc="A[r, c, t]: area occupied by crop c in region r and year t (perennials: all "
                         "planted area, harvested or not; in large models not a column, see area_of), kha")
    per_idx = [(r, c, t) for (r, c, t) in idx if d.perennial[c]]
    idle = {(r, c): idle_planting_years(d, r, c) for (r, c) in d.cult_pairs if d.perennial[c]}
    plant_idx = [(r, c, t) for (r, c, t) in per_idx if t not in idle[(r, c)]]
    m.planted = pyo.Var(plant_idx, domain=pyo.NonNegativeReals,
                        doc="P[r, c, t]: new planting of perennial crop c in region r and year t, kha")

    def previous_area(r, c, t):
        p = d.prev_year[t]
        return d.existing_kha[(r, c)] if p is None else area_of(m, d, r, c, p)

    def perennial_area_persists(m, r, c, t):
        r""":math:`A_{rct} = A_{rc,t-1} + P_{rct}` (planted area stays)."""
        if (r, c, t) not in m.planted:
            return m.area[r, c, t] == previous_area(r, c, t)   # an idle planting year
        return m.area[r, c, t] == previous_area(r, c, t) + m.planted[r, c, t]
    m.perennial_area_persists = pyo.Constraint(
        [] if substituted else per_idx, rule=perennial_area_persists,
        doc="[r, c, t] a perennial's area is last year's area plus this year's planting, kha")

    def rotation_area_max(m, r, c, t):
        r""":math:`A_{rct} \le \bar A_{rc}`, the area cap (rotation: flax once in 7 years...)."""
        a = area_of(m, d, r, c, t)
        if isinstance(a, (int, float)):   # a substituted area with no planting left: a number
            return pyo.Constraint.Skip
        return a <= d.area_cap_kha[(r, c)]
    m.rotation_area_max = pyo.Constraint(
        idx, rule=rotation_area_max,
        doc="[r, c, t] area of crop c at most its rotation share of the land (or max_area_ha), kha")

    def area_growth_max(m, r, c, t):
        r""":math:`A_{rct} \le (1 + g_c \Delta_t) A_{rc,t-1} + h_c \Delta_t` (farmers join gradually)."""
        g = d.gap_yr[t]
        a = area_of(m, d, r, c, t)
        if isinstance(a, (int, float)):
            return pyo.Constraint.Skip
        return a <= (1 + d.growth_rate_per_yr[c] * g) * previous_area(r, c, t) + d.growth_kha_per_yr[c] * g
    m.area_growth_max = pyo.Constraint(
        idx, rule=area_growth_max,
        doc="[r, c, t] area of crop c grows at most by its relative and absolute yearly limits, kha")

    land_idx = sorted({(r, t) for (r, c, t) in idx if d.land_use[c] == "arable"},
                      key=lambda x: (d.regions.index(x[0]), x[1]))

    def land_area_max(m, r, t):
        r""":math:`\sum_{c\,\text{arable}} A_{rct} \le \text{land}_r` (or the existing perennial area, when larger)."""
        per_existing = sum(d.existing_kha[(r, c)] for c in d.crops
                           if (r, c) in d.existing_kha and d.perennial[c] and d.land_use[c] == "arable")
        used = sum(area_of(m, d, r, c, t) for c in d.crops
                   if (r, c) in d.area_cap_kha and d.land_use[c] == "arable")
        if isinstance(used, (int, float)):   # existing stands only: they fit by the limit's definition
            return pyo.Constraint.Skip
        return used <= max(d.arable_kha[r], per_existing)
    m.land_area_max = pyo.Constraint(
        land_idx, rule=land_area_max,
        doc="[r, t] the arable crops of region r fit on its arable land, kha")

    c_idx = [k for k in d.contracted_kha if (k[0], k[1]) in d.area_cap_kha]

    def contracted_area_min(m, r, c, t):
        r""":math:`A_{rct} \ge \text{contr}_{rct}` (hectares contracted by regional chains)."""
        return area_of(m, d, r, c, t) >= d.contracted_kha[(r, c, t)]
    m.contracted_area_min = pyo.Constraint(
        c_idx, rule=contracted_area_min,
        doc="[r, c, t] area of crop c at least the hectares contracted by regional chains, kha")


def crop_production(m: pyo.ConcreteModel, d: ModelData) -> dict[tuple[str, str, int], object]:
    """Harvest in kt per (region, commodity, year), as expressions for the commodity balance."""
    out: dict[tuple[str, str, int], list] = {}
    for (r, c) in d.cult_pairs:
        k = d.crop_commodity[c]
        for t in d.years:
            out.setdefault((r, k, t), []).append(d.yield_kt_per_kha[(r, c)] * harvested_area(m, d, r, c, t))
    return out


def productive_planting(m: pyo.ConcreteModel, d: ModelData, r: str, c: str, t: int):
    """Planting of modelled years that yields in year t and whose stand still lives."""
    life, lag = d.stand_lifetime_yr[c], d.establishment_years[c]
    return sum(m.planted[r, c, tau] for tau in d.years if t - life < tau <= t - lag)


def land_cost(m: pyo.ConcreteModel, d: ModelData, t: int):
    r"""Cultivation cost plus the forgone margin of the competing crop, plus planting (M EUR).

    A perennial with a stand life :math:`n_c` is levelised over its productive years, so the
    end of the horizon does not decide whether it is planted: a hectare planted in year
    :math:`\tau` costs nothing while it establishes (years :math:`\tau .. \tau + L_c - 1`),
    and in each year it yields its cultivation cost :math:`c^A_c` plus
    :math:`\kappa^E_c = (c^E_c + L_c c^A_c)\, CRF(i, n_c - L_c)`: the planting and the
    establishment years paid back over the harvests.  Existing (mature) stands pay
    :math:`c^A_c` only (their planting is sunk).  Without a stand life the planting is paid
    at once and every planted hectare pays :math:`c^A_c` from the planting year (the old rule,
    which charges a stand planted late in the horizon for years whose harvests it never sees).
    """
    total = 0
    for (r, c) in d.cult_pairs:
        if d.perennial[c] and c in d.establishment_annuity_meur_per_kha:
            total += d.area_cost_meur_per_kha[c] * harvested_area(m, d, r, c, t)
            if d.establishment_annuity_meur_per_kha[c]:
                total += d.establishment_annuity_meur_per_kha[c] * productive_planting(m, d, r, c, t)
            continue
        total += d.area_cost_meur_per_kha[c] * area_of(m, d, r, c, t)
        if d.perennial[c] and d.establishment_cost_meur_per_kha[c] and (r, c, t) in m.planted:
            total += d.establishment_cost_meur_per_kha[c] * m.planted[r, c, t]
    return total
