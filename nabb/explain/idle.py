"""Existing plants that (almost) idle, and why, in words (issue 12, item 3)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from nabb.explain.sentences import say_for, whole
from nabb.model.data import ModelData
from nabb.model.families import nice, region_names
from nabb.units import K

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


def idle_plants(run_: "Run", threshold: float = 0.01) -> pd.DataFrame:
    """Existing plants that (almost) idle, and why, in words (issue 12, item 3).

    An idle process has a positive reduced cost: running it one more tonne costs its
    variable cost plus its inputs at their implied prices, and earns its outputs at their
    implied prices; the sentence names both sides and the largest terms.
    """
    cols = ["plant", "region", "process", "year", "usable_capacity_t_per_yr", "activity_t",
            "utilisation", "cost_per_t_eur", "value_per_t_eur", "explanation"]
    res = run_.results
    proc = res.frames.get("processing")
    prices = res.frames.get("prices")
    if proc is None or prices is None or not len(proc):
        return pd.DataFrame(columns=cols)
    d: ModelData = run_.compiled.model.data
    inputs = run_.inputs
    say = say_for(inputs)
    names = region_names(inputs, say)
    price = {(r, k, y): v for r, k, y, v in zip(prices.region, prices.commodity, prices.year,
                                                prices.price_eur_per_t)}
    cap_tab = inputs.tables["capacity"]
    rows = []
    for _, pl in cap_tab.iterrows():
        if (pl.get("status") or "existing") not in ("existing", "financed", "under_construction"):
            continue
        r, p = pl["region"], pl["process"]
        sub = proc[(proc.region == r) & (proc.process == p)]
        for _, x in sub.iterrows():
            usable = float(x.usable_capacity_t_per_yr)
            if x.existing_capacity_t_per_yr <= 1e-9 or usable <= 1e-9:
                continue
            if float(x.activity_t) > threshold * usable:
                continue
            y = int(x.year)
            ins = [(k, a, price.get((r, k, y), math.nan)) for k, a in d.proc_in_t_per_t[p].items()]
            outs = [(k, a, price.get((r, k, y), math.nan)) for k, a in d.proc_out_t_per_t[p].items()]
            var = d.variable_cost_meur_per_kt[p] * K
            cost = var + sum(a * v for _, a, v in ins if not math.isnan(v))
            value = sum(a * v for _, a, v in outs if not math.isnan(v))
            idle = ", ".join(say("idle.input", tonnes=say.g(a, "g"), commodity=nice(k, say),
                                 price=whole(v, say)) for k, a, v in ins)
            made = ", ".join(say("idle.output", tonnes=say.g(a, "g"), commodity=nice(k, say),
                                 price=whole(v, say)) for k, a, v in outs)
            unused = [k for k, a, v in outs if not math.isnan(v) and v <= 0]
            why = say("idle.why", plant=pl["plant"], process=nice(p, say),
                      region=names.get(str(r), r), share=say.pct(float(x.activity_t) / usable),
                      year=y, cost=say.num(cost), variable=say.num(var), inputs=idle,
                      value=say.num(value), outputs=made)
            if unused:
                why += say("idle.unused", commodities=", ".join(nice(k, say) for k in unused))
            elif cost > value:
                why += say("idle.cheaper", saving=say.num(cost - value))
            rows.append({"plant": pl["plant"], "region": r, "process": p, "year": y,
                         "usable_capacity_t_per_yr": usable, "activity_t": float(x.activity_t),
                         "utilisation": float(x.activity_t) / usable, "cost_per_t_eur": cost,
                         "value_per_t_eur": value, "explanation": why + "."})
    return pd.DataFrame(rows, columns=cols)

