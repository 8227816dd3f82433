r"""Model building: sets and data, then one function per concern, then the objective.

``build(inputs)`` returns a Pyomo ConcreteModel whose components carry the names used
in ``models/formulation.md``.  The model never touches openpyxl: it sees only
:class:`nabb.inputs.Inputs`, through :func:`nabb.model.data.prepare`.

The balance of every commodity in every region and year closes:

.. math::

    \text{harvest} + \text{process output} + M + \text{inflow}
    = \text{process input} + \text{outflow} + \text{delivered} + Z

where :math:`Z_{rkt} \ge 0` is surplus (stranded harvest) at a cost (in large models only
where k can arise in r: :func:`surplus_keys`), and the use side
also holds :math:`W_{rkt}`, tonnes sold to a market outside construction (linen, bedding)
at its price, up to the national size of that market.
"""
from __future__ import annotations

import gc

import pyomo.environ as pyo

from nabb.inputs import Inputs
from nabb.model.data import ModelData, lean_columns, prepare
from nabb.model.demand import (add_demand, construction_extra_cost, deliveries, other_materials_cost,
                               shortfall_cost)
from nabb.model.land import add_land, crop_production, land_cost
from nabb.model.policy import add_policy, credited_co2, domestic_shortfall_cost
from nabb.model.processing import add_processing, process_flows, processing_cost
from nabb.model.transport import (add_flows, add_transport, arc_flows, deliverable_imports, import_cost,
                                  import_flows,
                                  regions_by_commodity, transport_cost)

COST_COMPONENTS = ("cultivation", "processing", "transport", "imports", "surplus",
                   "construction_extra", "other_materials", "shortfall", "domestic_shortfall",
                   "carbon_credits", "market_sales")
#: Components that are prices of a policy rule, not money spent (left out of the chain cost).
PENALTY_COMPONENTS = ("shortfall", "domestic_shortfall")


#: From this many commodity-balance keys on, surplus and sales exist only where a commodity
#: can arise (:func:`surplus_keys`); 40 synthetic regions have 4,854, the default 1,494.
LEAN_BALANCE_MIN_KEYS = 2_000


def _sum(terms) -> object:
    return sum(terms) if terms else 0


def surplus_keys(d: ModelData, idx: list, *arising: dict) -> list:
    r"""The balance keys (r, k, t) that get a surplus :math:`Z_{rkt}` and a sale :math:`W_{rkt}`.

    Only where k can arise in r (a harvest, a process output or an import of k in r), not where
    it can only arrive over an arc.  This is exact: the surplus cost :math:`z_k` and the
    market value :math:`\mu_k` of k are the same in every region, the market cap is national
    and transport costs :math:`c_k \ell_{ij} \ge 0`; a tonne that arrives in r only to be
    left or sold there can be left or sold where it arose instead (cut the flow back along
    its path: no row bounds a flow from below), at no higher cost.  So some optimum has
    :math:`Z_{rkt} = W_{rkt} = 0` wherever nothing arises, and the optimal cost is unchanged.

    Models with fewer than :data:`LEAN_BALANCE_MIN_KEYS` balance keys (the default's 12
    provinces: 1,494) keep both on every key: the saving is small there, and the default has
    several optimal plans, so a smaller LP may report another plan of the same cost than the
    one its users (and tests/test_golden_report.py) know.  ``ModelData.meta["surplus_everywhere"]``
    (True or False) overrides the size rule either way (the tests compare both LPs).
    """
    if d.meta.get("surplus_everywhere", len(idx) < LEAN_BALANCE_MIN_KEYS):
        return list(idx)
    local = set()
    for term in arising:
        local.update(key for key, items in term.items() if len(items))
    return [key for key in idx if key in local]


def surplus_in_rows(d: ModelData, idx: list) -> bool:
    r"""Whether the surplus is the slack of the balance row instead of a column.

    From :data:`LEAN_BALANCE_MIN_KEYS` balance keys on, :math:`Z_{rkt}` is substituted out: on
    the keys where it may exist the row reads :math:`\text{supply} - \text{use} - W \ge 0`
    and its cost :math:`z_k` is put on the row's terms in the objective
    (:math:`\sum \delta_t z_k (\text{supply} - \text{use} - W)`).  That is the same LP with
    the variable :math:`Z = \text{supply} - \text{use} - W \ge 0` eliminated, so every
    optimum and its cost are the same; the row's dual :math:`y'` and the dual of the
    equality form :math:`y` relate by :math:`y = y' - \delta_t z_k` (models/formulation.md,
    "Surplus as the slack of the balance"), and the reported price is :math:`y'/\delta_t - z_k`.
    ``ModelData.meta["surplus_in_rows"]`` (True or False) overrides the size rule either way.
    """
    return bool(d.meta.get("surplus_in_rows", len(idx) >= LEAN_BALANCE_MIN_KEYS))


def balance_price_shift(m: pyo.ConcreteModel) -> dict[tuple, float]:
    """{balance key: z_k} to subtract (M EUR/kt, undiscounted) from dual / discount to get the price.

    Empty unless the surplus lives in the rows (:func:`surplus_in_rows`); only the keys whose
    row is then an inequality with :math:`z_k \ne 0`.
    """
    if not getattr(m, "surplus_in_rows", False):
        return {}
    z = m.data.surplus_cost_meur_per_kt
    # in the balance's order, not the set's: the objective sums these terms, and a sum's last
    # bit must not depend on Python's string hashing (PYTHONHASHSEED)
    return {key: z[key[1]] for key in m.balance_index if key in m.surplus_keys and z[key[1]]}


def add_balance(m: pyo.ConcreteModel, d: ModelData) -> dict:
    harvest = crop_production(m, d)
    made, used = process_flows(m, d)
    imported = import_flows(m, d)
    delivered = deliveries(m, d)
    # flows only from where a commodity arises to where it is used (see model/transport.py)
    supplied = deliverable_imports(d, imported) if lean_columns(d) else imported
    add_flows(m, d, regions_by_commodity(harvest, made, supplied), regions_by_commodity(used, delivered))
    inflow, outflow = arc_flows(m, d)
    keys = set(harvest) | set(made) | set(used) | set(inflow) | set(outflow) | set(imported) | set(delivered)
    order = {r: i for i, r in enumerate(d.regions)}
    korder = {k: i for i, k in enumerate(d.commodities)}
    idx = sorted(keys, key=lambda x: (order[x[0]], korder[x[1]], x[2]))
    left_idx = surplus_keys(d, idx, harvest, made, imported)
    m.surplus_in_rows = surplus_in_rows(d, idx)
    m.surplus = pyo.Var([] if m.surplus_in_rows else left_idx, domain=pyo.NonNegativeReals,
                        doc="Z[r, k, t]: commodity k left unused (stranded) in region r and year t, kt")
    m.surplus_keys = set(left_idx)
    m.balance_index = idx
    sale_idx = [key for key in left_idx if key[1] in d.market_value_meur_per_kt]
    m.sold = pyo.Var(sale_idx, domain=pyo.NonNegativeReals,
                     doc="W[r, k, t]: commodity k sold to a market outside construction from region r "
                         "in year t, kt")
    m.sale_keys = set(sale_idx)
    by_market: dict[tuple[str, int], list] = {}
    for (r, k, t) in sale_idx:
        by_market.setdefault((k, t), []).append(m.sold[r, k, t])
    market_idx = list(by_market)

    def market_sales_max(m, k, t):
        r""":math:`\sum_r W_{rkt} \le \bar W_k` (markets outside construction are finite)."""
        return sum(by_market.get((k, t), [])) <= d.market_cap_kt_per_yr[k]
    m.market_sales_max = pyo.Constraint(
        market_idx, rule=market_sales_max,
        doc="[k, t] sales of k outside construction at most the national size of that market, kt")

    def commodity_balance(m, r, k, t):
        r"""Supply = use in every region, commodity and year (see module docstring)."""
        key = (r, k, t)
        # one flat sum per side (fewer intermediate expressions than a sum of sums)
        supply = sum([*harvest.get(key, ()), *made.get(key, ()), *imported.get(key, ()),
                      *inflow.get(key, ())])
        use_terms = [*used.get(key, ()), *outflow.get(key, ()), *delivered.get(key, ())]
        if key in m.sale_keys:
            use_terms.append(m.sold[key])
        if key in m.surplus_keys:
            if m.surplus_in_rows:   # the row's slack is the surplus Z (surplus_in_rows)
                return supply - sum(use_terms) >= 0
            use_terms.append(m.surplus[key])
        return supply - sum(use_terms) == 0
    m.commodity_balance = pyo.Constraint(
        idx, rule=commodity_balance,
        doc="[r, k, t] supply of commodity k in region r and year t equals its use (in large "
            "models: at least its use where a surplus may be left, the excess being the surplus), kt")
    return delivered


def build(inputs: Inputs | ModelData) -> pyo.ConcreteModel:
    """Build the LP.  Accepts Inputs, or ModelData already prepared."""
    d = inputs if isinstance(inputs, ModelData) else prepare(inputs)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # construction allocates many small objects; GC pauses cost ~40%
    try:
        m = pyo.ConcreteModel(name="nabb")
        m.data = d
        add_land(m, d)
        add_processing(m, d)
        add_transport(m, d)
        add_demand(m, d)
        delivered = add_balance(m, d)
        add_policy(m, d, delivered)
        m.delivered_terms = delivered
        costs: dict[tuple[str, int], object] = {}
        # per-year term lists built in one pass (not one scan of every key per year)
        surplus_terms: dict[int, list] = {t: [] for t in d.years}
        for (r, k, tt) in m.surplus:
            if d.surplus_cost_meur_per_kt[k]:
                surplus_terms[tt].append(d.surplus_cost_meur_per_kt[k] * m.surplus[r, k, tt])
        for (r, k, tt), z in balance_price_shift(m).items():
            # Z substituted out: z_k times the row's body, supply - use - W (surplus_in_rows)
            surplus_terms[tt].append(z * m.commodity_balance[r, k, tt].body)
        sold_terms: dict[int, list] = {t: [] for t in d.years}
        for (r, k, tt) in m.sold:
            sold_terms[tt].append(d.market_value_meur_per_kt[k] * m.sold[r, k, tt])
        for t in d.years:
            costs[("cultivation", t)] = land_cost(m, d, t)
            costs[("processing", t)] = processing_cost(m, d, t)
            costs[("transport", t)] = transport_cost(m, d, t)
            costs[("imports", t)] = import_cost(m, d, t)
            costs[("surplus", t)] = sum(surplus_terms[t])
            costs[("construction_extra", t)] = construction_extra_cost(m, d, t)
            costs[("other_materials", t)] = other_materials_cost(m, d, t)
            costs[("shortfall", t)] = shortfall_cost(m, d, t)
            costs[("domestic_shortfall", t)] = domestic_shortfall_cost(m, d, t)
            costs[("carbon_credits", t)] = -d.carbon_price_meur_per_kt[t] * credited_co2(m, d, delivered, t)
            costs[("market_sales", t)] = -sum(sold_terms[t])
        m.cost_expr = pyo.Expression(
            list(costs), initialize=costs,
            doc="[component, t]: undiscounted cost of one cost component in year t, M EUR "
                "(negative for income)")
        m.credited_co2_expr = pyo.Expression(
            d.years, initialize={t: credited_co2(m, d, delivered, t) for t in d.years},
            doc="[t]: biogenic CO2 credited in year t, kt CO2")
        m.total_cost = pyo.Objective(
            expr=sum(d.discount_factor[t] * m.cost_expr[c, t] for (c, t) in costs),
            sense=pyo.minimize, doc="total discounted cost of the chain over the horizon, M EUR")
    finally:
        if gc_was_enabled:
            gc.enable()
    return m
