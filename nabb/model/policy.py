r"""Policy levers: the minimum domestic share and carbon credits.

Carbon credits pay the carbon price :math:`p^{CO2}_t` for eligible biogenic CO2 that
reaches buildings from domestic production:
:math:`\text{credits}_t = p^{CO2}_t \sum_k e_k \gamma_k (\sum_r \text{deliv}_{rkt} - \sum_r M_{krt})`.
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


def add_policy(m: pyo.ConcreteModel, d: ModelData, delivered: dict) -> None:
    products = [k for k in d.commodities if d.commodity_kind[k] == "product" and d.biobased_share[k] > 0]
    idx = [t for t in d.years if d.min_domestic_share[t] > 0]

    def domestic_share_min(m, t):
        r""":math:`\sum_{k,r} \phi_k M_{krt} \le (1 - \delta_t) \sum_{k,r} \phi_k \text{deliv}_{rkt}`."""
        imported = sum(d.biobased_share[k] * m.imports[k, r, t] for (k, r) in d.import_options
                       if k in products)
        deliv = sum(d.biobased_share[k] * e for (r, k, tt), terms in _by_year(m, delivered).get(t, ())
                    if k in products for e in terms)
        return imported <= (1 - d.min_domestic_share[t]) * deliv
    m.domestic_share_min = pyo.Constraint(idx, rule=domestic_share_min)


def credited_co2(m, d: ModelData, delivered: dict, t: int):
    """kt CO2 credited in year t: eligible CO2 delivered minus eligible CO2 imported."""
    deliv = sum(d.co2[k] * e for (r, k, tt), terms in _by_year(m, delivered).get(t, ())
                if d.credit_eligible[k] and d.co2[k] for e in terms)
    imported = sum(d.co2[k] * m.imports[k, r, t] for (k, r) in d.import_options
                   if d.credit_eligible[k] and d.co2[k])
    return deliv - imported
