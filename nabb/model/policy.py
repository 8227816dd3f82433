r"""Policy levers: the minimum domestic share and carbon credits.

Carbon credits pay the carbon price :math:`p^{CO2}_t` for eligible biogenic CO2 that
reaches buildings from Dutch crops: only the Dutch-crop mass share :math:`f_k` of a product
earns credits (the imported timber in a straw panel does not), and imported tonnes earn none:
:math:`\text{credits}_t = p^{CO2}_t \sum_k \epsilon_k \gamma_k f_k (\sum_r \text{deliv}_{rkt} - \sum_{r} M^{imp}_{krt})`.

The minimum domestic share counts crop-based products only (material group crop_product:
imported timber is not in it), and a shortfall is priced (``domestic_shortfall[t]``, kt),
so a share that cannot be reached is an answer, not an infeasible model.
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData


def _by_year(m, delivered: dict) -> dict[int, list]:
    """delivered.items() grouped by year: one pass, cached on the model for this dict."""
    hit = m.__dict__.get("_nabb_delivered_by_year")
    if hit is not None and hit[0] is delivered and hit[2] == len(delivered):
        return hit[1]
    out: dict[int, list] = {}
    for key, terms in delivered.items():
        out.setdefault(key[2], []).append((key, terms))
    m.__dict__["_nabb_delivered_by_year"] = (delivered, out, len(delivered))
    return out


def crop_products(d: ModelData) -> set[str]:
    """Commodities the minimum domestic share counts: material group crop_product."""
    return {k for k in d.commodities if d.material_group.get(k) == "crop_product"
            and d.biobased_share[k] > 0}


def is_imported(d: ModelData, k: str, r: str) -> bool:
    return d.import_origin.get((k, r), "import") == "import"


def add_policy(m: pyo.ConcreteModel, d: ModelData, delivered: dict) -> None:
    products = crop_products(d)
    idx = [t for t in d.years if d.min_domestic_share[t] > 0]
    m.domestic_shortfall = pyo.Var(idx, domain=pyo.NonNegativeReals,
                                   doc="S^dom[t]: crop-based product tonnes missing from the minimum "
                                       "domestic share in year t, kt")

    def domestic_share_min(m, t):
        r""":math:`\sum_{k \in CP,r} \phi_k M^{imp}_{krt} \le (1 - \eta_t) \sum_{k \in CP,r}
        \phi_k \text{deliv}_{rkt} + S^{dom}_t` (crop-based products only; the shortfall is priced)."""
        imported = sum(d.biobased_share[k] * m.imports[k, r, t] for (k, r) in d.import_options
                       if k in products and is_imported(d, k, r))
        deliv = sum(d.biobased_share[k] * e for (r, k, tt), terms in _by_year(m, delivered).get(t, ())
                    if k in products for e in terms)
        return imported <= (1 - d.min_domestic_share[t]) * deliv + m.domestic_shortfall[t]
    m.domestic_share_min = pyo.Constraint(
        idx, rule=domestic_share_min,
        doc="[t] imported crop-based products at most (1 - minimum domestic share) of those "
            "delivered, plus the shortfall, kt of biobased mass")
    if d.meta.get("hard_targets"):
        m.domestic_shortfall.fix(0)


def domestic_shortfall_cost(m, d: ModelData, t: int):
    """Price of the crop-based product tonnes missing from the minimum domestic share (M EUR)."""
    return d.domestic_shortfall_penalty_meur_per_kt * m.domestic_shortfall[t] if t in m.domestic_shortfall else 0


def credit_factor(d: ModelData, k: str) -> float:
    """t CO2 credited per t of commodity k from Dutch crops: eligibility x CO2 x Dutch-crop share."""
    if not d.credit_eligible[k] or not d.co2_t_per_t[k]:
        return 0.0
    return d.co2_t_per_t[k] * d.dutch_crop_share.get(k, 1.0)


def credited_co2(m, d: ModelData, delivered: dict, t: int):
    """kt CO2 credited in year t: the Dutch-crop share of eligible CO2 delivered, minus imports."""
    deliv = sum(credit_factor(d, k) * e for (r, k, tt), terms in _by_year(m, delivered).get(t, ())
                if credit_factor(d, k) for e in terms)
    imported = sum(credit_factor(d, k) * m.imports[k, r, t] for (k, r) in d.import_options
                   if credit_factor(d, k) and is_imported(d, k, r))
    return deliv - imported
