"""A sweep in words and human units: labels of levers and KPI columns, the console table, the
steady ranges as sentences, and the plain account of how the sweep ran.

sweep.csv keeps the raw column keys (scripts read it); everything a person reads (the
console, sweep.png, the charts of sweep.xlsx) names a column through
:func:`nabb.reports.labels.measure`:
"Carbon price [EUR/t CO2]" for ``carbon_price_eur_per_t``, "Hemp area [ha]" for
``area_ha.hemp``, shares in %, large euro amounts in millions.
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from nabb.reports.labels import (LEVER_LABELS, decimals_for, fmt, fmt_lever, lever_measure,
                                 measure, with_unit)
from nabb.sweep.run import SweepResult

#: the columns of the console table (when present), in this order
TABLE_COLUMNS = ["biobased_share", "shortfall_homes", "fibre_crop_area_ha",
                 "primary_capacity_t_input_per_yr", "import_share", "co2_stored_t",
                 "objective_discounted_eur", "marginal_cost_target_eur_per_home"]
#: short headers for the console (two lines: name, unit)
SHORT = {"biobased_share": "biobased", "shortfall_homes": "shortfall",
         "fibre_crop_area_ha": "fibre crops", "primary_capacity_t_input_per_yr": "processing",
         "import_share": "imports", "co2_stored_t": "CO2 stored",
         "objective_discounted_eur": "total cost", "marginal_cost_target_eur_per_home": "target cost"}
MAX_TABLE_ROWS = 25


def console_table(result: SweepResult, max_rows: int = MAX_TABLE_ROWS) -> list[str]:
    """The KPIs per point as a small text table (at most ``max_rows`` rows, evenly spread)."""
    frame, levers = result.frame, result.plan.levers
    cols = [c for c in TABLE_COLUMNS if c in frame.columns]
    lms = [lever_measure(lv) for lv in levers]
    kms = [measure(c, frame[c].tolist()) for c in cols]
    decs = [decimals_for(frame[c].tolist(), m) for c, m in zip(cols, kms)]
    head1 = [LEVER_LABELS.get(lv.name, lv.name).lower() for lv in levers]
    head1 += [SHORT.get(c, c) for c in cols] + ["status"]
    head2 = [m.unit for m in lms] + [m.unit.replace("million ", "M ") for m in kms] + [""]
    n = len(frame)
    pick = list(range(n)) if n <= max_rows else sorted({round(i * (n - 1) / (max_rows - 1))
                                                        for i in range(max_rows)})
    body = []
    for i in pick:
        row = frame.iloc[i]
        cells = [fmt_lever(row[lv.name], m) for lv, m in zip(levers, lms)]
        ok = row.get("status") == "optimal"
        cells += [fmt(row[c], m, d) if ok else "" for c, m, d in zip(cols, kms, decs)]
        cells.append(str(row.get("status", "")))
        body.append(cells)
    widths = [max(len(h1), len(h2), *(len(r[j]) for r in body)) for j, (h1, h2)
              in enumerate(zip(head1, head2))]
    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if j < len(cells) - 1 else c
                         for j, (c, w) in enumerate(zip(cells, widths))).rstrip()
    out = [f"KPIs in {result.plan.year}:", line(head1), line(head2)]
    out += [line(r) for r in body]
    if n > max_rows:
        out.append(f"({len(pick)} of {n:,} points; every point is in sweep.csv)")
    return out


#: money columns in a sentence ("only money moves: total cost, carbon credits")
MONEY_WORDS = {"objective_discounted_eur": "total cost",
               "marginal_cost_target_eur_per_home": "marginal cost of the target",
               "carbon_credits_eur": "carbon credits", "carbon_income_eur_per_ha": "carbon income per ha",
               "farm_gate_value_eur": "farm-gate value", "farmer_income_eur_per_ha": "farmer income per ha"}


def _money_words(cols: Sequence[str]) -> str:
    names = [MONEY_WORDS[c] for c in cols if c in MONEY_WORDS]
    names += [measure(c).label.lower() for c in cols if c not in MONEY_WORDS and "." not in c]
    return ", ".join(names)


def steady_sentences(result: SweepResult, max_lines: int = 8) -> list[str]:
    """One sentence per steady range: where nothing physical changes, and what money still moves."""
    levers = result.plan.levers
    m = lever_measure(levers[0])
    lines = []
    for r in result.steady:
        where = ""
        if r.fixed:
            lv2 = levers[1]
            m2 = lever_measure(lv2)
            where = f"at {m2.label.lower()} {with_unit(fmt_lever(r.fixed[0][1], m2), m2.unit)}, "
        name = m.label.lower() if where else m.label
        text = (f"{where}{name} from {fmt_lever(r.lo, m)} to "
                f"{with_unit(fmt_lever(r.hi, m), m.unit)}"
                f" ({r.points} points): nothing physical changes in {result.plan.year} (areas, "
                f"capacities, processing, homes, imports, CO2)")
        if r.moving:
            text += f"; only money moves: {_money_words(r.moving)}"
        if r.whole_interval:
            text += (f". Not one decision of any year changes, and the {m.label.lower()} only "
                     f"changes costs, so this holds for every value in between")
        elif r.same_solution:
            text += ". Not one decision of any year changes at these points"
        lines.append(text[:1].upper() + text[1:] + ".")
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"... and {len(lines) - max_lines} more steady ranges "
                                     "(sweep.xlsx, Charts sheet)"]
    return lines


def how_it_ran(result: SweepResult) -> str:
    """How the points were solved, in words (sweep.json keeps the technical note)."""
    plan = result.plan
    names = " and ".join(lever_measure(lv).label.lower() for lv in plan.levers)
    if plan.mode == "affine":
        return (f"The model was built once; each point changes the {names} in it and "
                "re-solves from the previous point's solution.")
    return (f"The {names} changes the shape of the model, so it is rebuilt for each point "
            "(slower; the results are the same).")


def steady_frame(result: SweepResult) -> pd.DataFrame:
    """The steady ranges as a table (sweep.xlsx)."""
    return pd.DataFrame({"steady range": steady_sentences(result, max_lines=10 ** 6)})
