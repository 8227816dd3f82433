r"""Processing: activity, capacity and investment per region, process and year.

Variables (kt and kt/yr)

* ``activity[r, p, t]`` :math:`X_{rpt}` -- tonnes of activity (capacity unit of process p).
* ``invest_loan[r, p, t]`` :math:`K^L_{rpt}` -- new capacity financed partly with the
  favourable NABB processor loan.
* ``invest_market[r, p, t]`` :math:`K^M_{rpt}` -- new capacity financed at market rates.

Capacity available in year t: :math:`\bar K_{rpt} + \sum_{\tau \le t < \tau + n_p}
(K^L_{rp\tau} + K^M_{rp\tau})`.
"""
from __future__ import annotations

import pyomo.environ as pyo

from nabb.model.data import ModelData


def _active(d: ModelData, p: str, t: int) -> list[int]:
    """Build years whose capacity still runs in year t."""
    return [tau for tau in d.years if tau <= t < tau + d.lifetime_yr[p]]


def new_capacity(m, d: ModelData, r: str, p: str, t: int, which: str = "both"):
    taus = _active(d, p, t)
    if (r, p) not in m.invest_pairs_set:
        return 0
    loan = sum(m.invest_loan[r, p, tau] for tau in taus)
    market = sum(m.invest_market[r, p, tau] for tau in taus)
    return {"loan": loan, "market": market}.get(which, loan + market)


def add_processing(m: pyo.ConcreteModel, d: ModelData) -> None:
    idx = [(r, p, t) for (r, p) in d.proc_pairs for t in d.years]
    m.activity = pyo.Var(idx, domain=pyo.NonNegativeReals,
                         doc="X[r, p, t]: activity of process p in region r and year t (capacity unit), kt")
    inv_idx = [(r, p, t) for (r, p) in d.invest_pairs for t in d.years]
    m.invest_pairs_set = set(d.invest_pairs)
    m.invest_loan = pyo.Var(inv_idx, domain=pyo.NonNegativeReals,
                            doc="K^L[r, p, t]: new capacity of process p in region r built in year t, "
                                "financed partly with the NABB processor loan, kt/yr")
    m.invest_market = pyo.Var(inv_idx, domain=pyo.NonNegativeReals,
                              doc="K^M[r, p, t]: new capacity of process p in region r built in year t, "
                                  "financed at market rates, kt/yr")

    def processing_capacity_max(m, r, p, t):
        r""":math:`X_{rpt} \le \alpha_p (\bar K_{rpt} + N_{rpt})` (availability times existing plus new capacity)."""
        return m.activity[r, p, t] <= d.availability_share[p] * (
            d.existing_cap_kt_per_yr.get((r, p, t), 0.0) + new_capacity(m, d, r, p, t))
    m.processing_capacity_max = pyo.Constraint(
        idx, rule=processing_capacity_max,
        doc="[r, p, t] activity at most the available existing plus new capacity, kt")

    def loan_utilisation_min(m, r, p, t):
        r""":math:`X_{rpt} \ge u^L N^L_{rpt}` (loan-financed capacity still active must run)."""
        return m.activity[r, p, t] >= d.loan_min_utilisation_share * new_capacity(m, d, r, p, t, "loan")
    m.loan_utilisation_min = pyo.Constraint(
        inv_idx if d.loan_min_utilisation_share > 0 else [], rule=loan_utilisation_min,
        doc="[r, p, t] loan-financed capacity runs at least at the minimum utilisation, kt")

    loan_idx = sorted({(r, t) for (r, p, t) in inv_idx}, key=lambda x: (d.regions.index(x[0]), x[1])) \
        if d.loan_max_meur is not None and d.loan_share > 0 else []

    def loan_amount_max(m, r, t):
        r""":math:`s \sum_p c^{cap}_p K^L_{rpt} \le \bar L` per region and year (the scheme lends at most
        EUR 5 M per company; the model has no companies, so the cap is per region and year)."""
        terms = [d.capex_meur_per_kt[p] * m.invest_loan[r, p, t] for p in d.processes
                 if (r, p) in m.invest_pairs_set and d.capex_meur_per_kt[p] > 0]
        if not terms:
            return pyo.Constraint.Skip
        return d.loan_share * sum(terms) <= d.loan_max_meur
    m.loan_amount_max = pyo.Constraint(
        loan_idx, rule=loan_amount_max,
        doc="[r, t] loan lent for new capacity in region r and year t at most the scheme's cap, M EUR")

    cap_idx = [(r, p, t) for (r, p, t) in inv_idx if d.max_investment_kt_per_yr[p] is not None]

    def investment_max(m, r, p, t):
        r""":math:`K^L_{rpt} + K^M_{rpt} \le \bar I_p`."""
        return m.invest_loan[r, p, t] + m.invest_market[r, p, t] <= d.max_investment_kt_per_yr[p]
    m.investment_max = pyo.Constraint(
        cap_idx, rule=investment_max,
        doc="[r, p, t] new capacity of process p per region and year at most its cap, kt/yr")

    nat_idx = [(p, t) for p in d.processes if d.national_growth_kt_per_yr.get(p) is not None
               for t in d.years]
    regions_of = {p: [r for (r, pp) in d.invest_pairs if pp == p] for p in d.processes}
    existing_regions_of = {p: [r for (r, pp) in d.proc_pairs if pp == p] for p in d.processes}

    def national_capacity(p, t):
        """Existing plus new capacity of process p in the whole country in year t."""
        return (sum(d.existing_cap_kt_per_yr.get((r, p, t), 0.0) for r in existing_regions_of[p])
                + sum(new_capacity(m, d, r, p, t) for r in regions_of[p]))

    def national_capacity_growth_max(m, p, t):
        r""":math:`\sum_r (K^L_{rpt} + K^M_{rpt}) \le \Delta_t (h^N_p + g^N_p \sum_r (\bar K_{rp,t-1} + N_{rp,t-1}))`
        (a nascent product line grows as one national industry, not per province)."""
        new = sum(m.invest_loan[r, p, t] + m.invest_market[r, p, t] for r in regions_of[p])
        if not regions_of[p]:
            return pyo.Constraint.Skip
        prev = d.prev_year[t]
        if prev is None:
            base = sum(d.existing_cap_kt_per_yr.get((r, p, t), 0.0) for r in existing_regions_of[p])
        else:
            base = national_capacity(p, prev)
        g = d.gap_yr[t]
        return new <= g * (d.national_growth_kt_per_yr[p] + d.national_growth_rate_per_yr[p] * base)
    m.national_capacity_growth_max = pyo.Constraint(
        nat_idx, rule=national_capacity_growth_max,
        doc="[p, t] new capacity of process p in the whole country at most its national ramp-up, kt/yr")


def process_flows(m, d: ModelData) -> tuple[dict, dict]:
    """(produced, consumed) expressions per (region, commodity, year)."""
    prod: dict[tuple[str, str, int], list] = {}
    cons: dict[tuple[str, str, int], list] = {}
    for (r, p) in d.proc_pairs:
        for t in d.years:
            x = m.activity[r, p, t]
            for k, a in d.proc_out_t_per_t[p].items():
                prod.setdefault((r, k, t), []).append(a * x)
            for k, a in d.proc_in_t_per_t[p].items():
                cons.setdefault((r, k, t), []).append(a * x)
    return prod, cons


def processing_cost(m, d: ModelData, t: int):
    """Annualised capex (loan or market rate), fixed O&M of new capacity, variable cost (M EUR)."""
    total = sum(d.variable_cost_meur_per_kt[p] * m.activity[r, p, t] for (r, p) in d.proc_pairs)
    total += sum((d.capex_annual_loan_meur_per_kt[p] + d.fixed_om_meur_per_kt[p]) * new_capacity(m, d, r, p, t, "loan")
                 + (d.capex_annual_market_meur_per_kt[p] + d.fixed_om_meur_per_kt[p]) * new_capacity(m, d, r, p, t, "market")
                 for (r, p) in d.invest_pairs)
    return total
