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

from nabb.i18n import Lang
from nabb.i18n.catalogue import CATALOGUE
from nabb.i18n.numbers import is_money
from nabb.reports.labels import (LEVER_LABELS, decimals_for, fmt, fmt_lever, lever_measure,
                                 lowered, measure, with_unit)
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


def _status(status: object, say: Lang) -> str:
    key = f"status.{status}"
    return say(key) if key in CATALOGUE else str(status)


def console_table(result: SweepResult, max_rows: int = MAX_TABLE_ROWS,
                  lang: str = "en") -> list[str]:
    """The KPIs per point as a small text table (at most ``max_rows`` rows, evenly spread)."""
    say = Lang(lang)
    frame, levers = result.frame, result.plan.levers
    cols = [c for c in TABLE_COLUMNS if c in frame.columns]
    lms = [lever_measure(lv, lang) for lv in levers]
    kms = [measure(c, frame[c].tolist(), lang) for c in cols]
    decs = [decimals_for(frame[c].tolist(), m) for c, m in zip(cols, kms)]
    head1 = [lowered(m.label) if lang != "en" else LEVER_LABELS.get(lv.name, lv.name).lower()
             for lv, m in zip(levers, lms)]
    head1 += [say(f"sweep.short.{c}") for c in cols] + [say("sweep.status")]
    head2 = [m.unit for m in lms] + [m.unit.replace("million ", "M ") for m in kms] + [""]
    n = len(frame)
    pick = list(range(n)) if n <= max_rows else sorted({round(i * (n - 1) / (max_rows - 1))
                                                        for i in range(max_rows)})
    body = []
    for i in pick:
        row = frame.iloc[i]
        cells = [fmt_lever(row[lv.name], m, lang) for lv, m in zip(levers, lms)]
        ok = row.get("status") == "optimal"
        cells += [fmt(row[c], m, d, lang) if ok else "" for c, m, d in zip(cols, kms, decs)]
        cells.append(_status(row.get("status", ""), say))
        body.append(cells)
    widths = [max(len(h1), len(h2), *(len(r[j]) for r in body)) for j, (h1, h2)
              in enumerate(zip(head1, head2))]
    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if j < len(cells) - 1 else c
                         for j, (c, w) in enumerate(zip(cells, widths))).rstrip()
    out = [say("sweep.kpis_in", year=result.plan.year), line(head1), line(head2)]
    out += [line(r) for r in body]
    if n > max_rows:
        out.append(say("sweep.more_points", shown=len(pick), total=say.num(n)))
    return out


#: money columns in a sentence ("only money moves: total cost, carbon credits")
MONEY_WORDS = {"objective_discounted_eur": "total cost",
               "marginal_cost_target_eur_per_home": "marginal cost of the target",
               "carbon_credits_eur": "carbon credits", "carbon_income_eur_per_ha": "carbon income per ha",
               "farm_gate_value_eur": "farm-gate value", "farmer_income_eur_per_ha": "farmer income per ha"}


def _money_words(cols: Sequence[str], lang: str = "en") -> str:
    say = Lang(lang)
    names = [say(f"sweep.money.{c}") for c in cols if c in MONEY_WORDS]
    names += [lowered(measure(c, (), lang).label) for c in cols
              if c not in MONEY_WORDS and "." not in c]
    return ", ".join(names)


def steady_sentences(result: SweepResult, max_lines: int = 8, lang: str = "en") -> list[str]:
    """One sentence per steady range: where nothing physical changes, and what money still moves."""
    say = Lang(lang)
    levers = result.plan.levers
    m = lever_measure(levers[0], lang)
    lines = []
    for r in result.steady:
        where = ""
        if r.fixed:
            m2 = lever_measure(levers[1], lang)
            where = say("sweep.steady.at", lever=lowered(m2.label),
                        value=with_unit(fmt_lever(r.fixed[0][1], m2, lang), m2.unit, lang))
        name = lowered(m.label) if where else m.label
        lo = fmt_lever(r.lo, m, lang)
        if lang == "nl" and is_money(m.unit):  # van € 100 tot € 200 per t CO2
            lo = f"€ {lo}"
        text = say("sweep.steady.range", where=where, name=name, lo=lo,
                   hi=with_unit(fmt_lever(r.hi, m, lang), m.unit, lang), points=r.points,
                   year=result.plan.year)
        if r.moving:
            text += say("sweep.steady.money", what=_money_words(r.moving, lang))
        if r.whole_interval:
            text += say("sweep.steady.whole", lever=lowered(m.label))
        elif r.same_solution:
            text += say("sweep.steady.same")
        lines.append(text[:1].upper() + text[1:] + ".")
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [say("sweep.steady.more", n=len(lines) - max_lines,
                                         sheet=say("sweep.sheet.Charts"))]
    return lines


def how_it_ran(result: SweepResult, lang: str = "en") -> str:
    """How the points were solved, in words (sweep.json keeps the technical note)."""
    say = Lang(lang)
    plan = result.plan
    names = say("sweep.and").join(lowered(lever_measure(lv, lang).label) for lv in plan.levers)
    return say("sweep.how.affine" if plan.mode == "affine" else "sweep.how.rebuild", names=names)


def steady_frame(result: SweepResult, lang: str = "en") -> pd.DataFrame:
    """The steady ranges as a table (sweep.xlsx)."""
    return pd.DataFrame({Lang(lang)("sweep.steady.header"):
                         steady_sentences(result, max_lines=10 ** 6, lang=lang)})


#: the lines of sweep.xlsx's Run sheet, in this order (meta keys; timings as timing.<key>)
RUN_ITEMS = ["points", "mode", "note", "compiles", "kpi_year", "workers", "scheduler",
             "worker_processes", "workers_note", "scenario", "input_file", "input_sha256",
             "timing.setup_s", "timing.total_s", "interrupted"]


def run_sheet(result: SweepResult, lang: str = "en") -> pd.DataFrame:
    """sweep.xlsx's Run sheet: how the sweep ran.  English: the meta keys and their values as
    sweep.json has them (nabb.reports.workbook.run_frame).  Dutch: every line in words, its
    value in Dutch (the technical note and the --workers note too), the key alongside."""
    from nabb.reports.workbook import run_frame
    meta = dict(result.meta)
    meta.update({f"timing.{k}": f"{v:.3f}" for k, v in result.timings.items()})
    meta["interrupted"] = result.interrupted
    if lang == "en":
        return run_frame(meta)
    from nabb.sweep.run import workers_note
    say = Lang(lang)
    meta["workers_note"] = workers_note(result.workers_why, lang)
    levers = say("sweep.and").join(lowered(lever_measure(lv, lang).label)
                                   for lv in result.plan.levers)
    key, values = result.plan.why
    lever = next((lv for lv in result.plan.levers if lv.name == values.get("lever")),
                 result.plan.levers[0])
    m = lever_measure(lever, lang)
    shown = {k: say.num(v) if isinstance(v, int) else fmt_lever(v, m, lang)
             if isinstance(v, float) else v for k, v in values.items()}
    if "lever" in shown:
        shown["lever"] = lowered(m.label)
    if key in CATALOGUE:
        meta["note"] = say(key, levers=levers, **{k: v for k, v in shown.items() if k != "levers"})
        meta["note"] = meta["note"][:1].upper() + meta["note"][1:]
    meta["mode"] = say(f"sweep.mode.{result.plan.mode}")

    def value(k: str, v: object) -> str:
        if isinstance(v, bool):
            return say("sweep.run.yes" if v else "sweep.run.no")
        if k == "kpi_year":
            return str(v)
        if k.startswith("timing."):
            return say.num(float(v), 3)
        if isinstance(v, int):
            return say.num(v)
        if v in ("", None):
            return say("sweep.run.none")
        return say("sweep.run.cluster") if v == "cluster" else str(v)

    rows = [{say("sweep.run.head.item"): say(f"sweep.run.{k}"),
             say("sweep.run.head.value"): value(k, meta[k]), say("sweep.run.head.key"): k}
            for k in RUN_ITEMS if k in meta and (k != "workers_note" or meta[k])]
    return pd.DataFrame(rows)
