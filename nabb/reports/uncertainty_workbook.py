"""uncertainty.xlsx: the same content as the html page, as Excel tables with native charts.

Sheets: Summary (probability per year, with a column chart), Fans (P5..P95 per KPI and year,
one line chart per KPI), Tornado (sensitivity table and bar charts), NoRegret, Regret,
Inputs, Samples (headline KPIs per sample; every KPI is in samples.csv) and Run.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference

from nabb.io.cells import save_workbook, write_cell
from nabb.reports.workbook import run_frame, write_table
from nabb.uncertainty import stats
from nabb.reports.uncertainty_html import FANS


def _num(v):
    return float(v) if isinstance(v, (int, float)) and math.isfinite(float(v)) else None


def _put(ws, row: int, column: int, value, number_format: str | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    write_cell(cell, value)
    if number_format:
        cell.number_format = number_format


def _line_chart(ws, title: str, ylab: str, min_row: int, max_row: int, col0: int, ncols: int, anchor: str,
                percent: bool, number_format: str | None = None) -> None:
    ch = LineChart()
    ch.title = title
    ch.y_axis.title = ylab
    ch.x_axis.title = "Year"
    ch.height, ch.width = 7.5, 14
    ch.x_axis.delete = ch.y_axis.delete = False
    if percent:
        ch.y_axis.number_format = "0%"
    elif number_format:
        ch.y_axis.number_format = number_format
    ch.add_data(Reference(ws, min_col=col0 + 1, max_col=col0 + ncols, min_row=min_row, max_row=max_row),
                titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=col0, min_row=min_row + 1, max_row=max_row))
    for s, colour, dash in zip(ch.series, ["90CAF9", "42A5F5", "0D47A1", "42A5F5", "90CAF9", "212121"],
                               [None, None, None, None, None, "dash"]):
        s.graphicalProperties.line.solidFill = colour
        s.graphicalProperties.line.width = 28000 if colour == "0D47A1" else 15000
        if dash:
            s.graphicalProperties.line.dashStyle = dash
        s.smooth = False
    ws.add_chart(ch, anchor)


def write_xlsx(result, path: Path) -> None:
    s = result.summary
    q = s["quantiles"]
    years = list(q["biobased_share"])
    base = s.get("base_plan", {})
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    run = s["run"]
    write_cell(ws.cell(row=1, column=1), f"nabb uncertainty – scenario {run['scenario']}: {s['samples']:,} samples "
             f"({s['method']}, seed {s['seed']}), {s['solved']:,} solved, {s['failed']:,} failed or infeasible")
    write_cell(ws.cell(row=2, column=1), s["structure"]["note"])
    write_cell(ws.cell(row=4, column=1), "year")
    write_cell(ws.cell(row=4, column=2), "probability national new-build target met")
    write_cell(ws.cell(row=4, column=3), "standard error")
    probs, errs = s["probability_target_met"], s["probability_standard_error"]
    r = 5
    for y in [k for k in probs if k.isdigit()]:
        _put(ws, r, 1, int(y))
        _put(ws, r, 2, _num(probs[y]), "0.0%")
        _put(ws, r, 3, _num(errs.get(y)), "0.0%")
        r += 1
    if r > 5:
        ch = BarChart()
        ch.title = "Probability of meeting the national new-build target"
        ch.y_axis.title = "share of samples"
        ch.x_axis.title = "Year"
        ch.y_axis.scaling.min, ch.y_axis.scaling.max = 0, 1
        ch.y_axis.number_format = "0%"
        ch.x_axis.delete = ch.y_axis.delete = False
        ch.height, ch.width = 7.5, 14
        ch.add_data(Reference(ws, min_col=2, min_row=4, max_row=r - 1), titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=1, min_row=5, max_row=r - 1))
        ch.legend = None
        ws.add_chart(ch, "E4")
    r += 1
    other = {k: v for k, v in probs.items() if not k.isdigit()}
    if other:
        write_cell(ws.cell(row=r, column=1), "other targets (probability met)")
        r += 1
        for j, y in enumerate(years, start=2):
            _put(ws, r, j, int(y))
        for k, v in other.items():
            r += 1
            write_cell(ws.cell(row=r, column=1), k)
            for j, y in enumerate(years, start=2):
                _put(ws, r, j, _num(v.get(y)), "0%")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 22

    fans = wb.create_sheet("Fans")
    write_cell(fans.cell(row=1, column=1), "P5..P95 of each KPI per year over the solved samples; the base plan is the "
             "workbook's own values")
    row = 3
    k = 0
    entries = [(key, title, unit, pct) for key, title, unit, pct in FANS] + \
              [(f"area_ha:{c}", f"Area of {c}", "ha", False) for c in q["area_ha"]] + \
              [(f"processing_capacity_t:{p}", f"Processing capacity {p}", "t/yr", False)
               for p in q["processing_capacity_t"]]
    for key, title, unit, pct in entries:
        if ":" in key:
            fam, item = key.split(":")
            block = q[fam][item]
            bkey = f"area_ha.{item}" if fam == "area_ha" else f"capacity_t.{item}"
        else:
            block, bkey = q[key], key
        # EUR in millions (the cell keeps the exact number): a year's cost has 10 digits
        fmt = "0.0%" if pct else ('#,##0,," M"' if unit == "EUR" else "#,##0")
        write_cell(fans.cell(row=row, column=1), f"{title} [{unit}]")
        heads = ["year", "P5", "P25", "P50", "P75", "P95", "base plan"]
        for j, h in enumerate(heads, start=1):
            write_cell(fans.cell(row=row + 1, column=j), h)
        for i, y in enumerate(years, start=row + 2):
            _put(fans, i, 1, int(y))
            for j, qq in enumerate(("P5", "P25", "P50", "P75", "P95"), start=2):
                _put(fans, i, j, _num((block.get(y) or {}).get(qq)), fmt)
            _put(fans, i, 7, _num(base.get(f"{bkey}.{y}")), fmt)
        _line_chart(fans, title, unit, row + 1, row + 1 + len(years), 1, 6,
                    f"{'I' if k % 2 == 0 else 'S'}{3 + (k // 2) * 16}", pct, fmt if unit == "EUR" else None)
        row += len(years) + 4
        k += 1

    qcols = ["kpi", "item", "region", "year"] + [f"P{p}" for p in stats.QUANTILES]
    write_table(wb, "Quantiles", pd.DataFrame(stats.quantile_rows(q), columns=qcols),
                note="P5..P95 of every KPI per year over the solved samples (national, and hectares per "
                "region and crop); total_cost_eur is the year's undiscounted cost, "
                "total_discounted_cost_eur the objective over the horizon", raw_headers=True)

    sens = s["sensitivity"]
    key = "ST" if sens["method"] == "sobol" else "prcc"
    heads = stats.headline([int(y) for y in years])
    names = list(sens.get("factors") or [p["parameter"] for p in s["inputs"]])
    tor = pd.DataFrame({"input": names})
    for kpi in heads:
        block = (sens["kpis"] or {}).get(kpi) or {}
        tor[kpi] = [(_num((block.get(n) or {}).get(key))) for n in tor["input"]]
        if sens["method"] == "sobol":
            tor[f"{kpi} S1"] = [(_num((block.get(n) or {}).get("S1"))) for n in tor["input"]]
    write_table(wb, "Tornado", tor, note=f"Influence of each input on the headline KPIs: "
                f"{'total Sobol index ST (and first-order S1)' if sens['method'] == 'sobol' else 'partial rank correlation (PRCC)'}",
                raw_headers=True)
    tws = wb["Tornado"]
    for i, kpi in enumerate(heads[:4]):
        items = stats.tornado(sens, kpi)
        col0 = 2 + len(tor.columns) + 1 + 3 * i
        write_cell(tws.cell(row=2, column=col0), "input")
        write_cell(tws.cell(row=2, column=col0 + 1), kpi)
        for j, (n, v) in enumerate(reversed(items), start=3):
            write_cell(tws.cell(row=j, column=col0), n)
            _put(tws, j, col0 + 1, float(v))
        if items:
            ch = BarChart()
            ch.type = "bar"
            ch.title = f"Tornado: {stats.label(kpi)}"
            ch.x_axis.delete = ch.y_axis.delete = False
            ch.height, ch.width = 7.5, 14
            ch.add_data(Reference(tws, min_col=col0 + 1, min_row=2, max_row=2 + len(items)), titles_from_data=True)
            ch.set_categories(Reference(tws, min_col=col0, min_row=3, max_row=2 + len(items)))
            ch.legend = None
            tws.add_chart(ch, f"A{len(tor) + 5 + 16 * i}")

    nr = pd.DataFrame([{**{"region": x["region"], "kind": x["kind"], "item": x.get("process") or x.get("crop")},
                        "share_of_samples": x["share_of_samples"], "p5": x["p5"], "p50": x["p50"], "p95": x["p95"],
                        "unit": x["unit"]} for x in sorted(s["no_regret"], key=lambda x: (x["region"], x["kind"]))],
                      columns=["region", "kind", "item", "share_of_samples", "p5", "p50", "p95", "unit"])
    write_table(wb, "NoRegret", nr, note="Investments built in at least 80% of the solved samples (P50 size "
                "over all solved samples)", raw_headers=True)
    rg = pd.DataFrame([{"region": x["region"], "kind": x["kind"], "item": x.get("process") or x.get("crop"),
                        "base_plan_size": x["base_plan_size"], "idle_share_of_samples": x["idle_share_of_samples"],
                        "unit": x["unit"]} for x in s["regret"]],
                      columns=["region", "kind", "item", "base_plan_size", "idle_share_of_samples", "unit"])
    write_table(wb, "Regret", rg, note="Base-plan investments that stand idle in more than half of the samples",
                raw_headers=True)
    write_table(wb, "Inputs", pd.DataFrame(s["inputs"]), note="Uncertain inputs (the uncertainty sheet)",
                raw_headers=True)
    cols = ["sample", "status", "structure_group", "rebuilt"] + [p["parameter"] for p in s["inputs"]] + \
        [h for h in heads if h in result.frame.columns] + ["note"]
    write_table(wb, "Samples", result.frame[[c for c in cols if c in result.frame.columns]],
                note="Headline KPIs per sample (samples.csv has every KPI)", raw_headers=True)
    meta = {"scenario": run["scenario"], "input_file": run["input_file"], "input_sha256": run["input_sha256"],
            "samples": s["samples"], "solved": s["solved"], "failed": s["failed"], "seed": s["seed"],
            "method": s["method"], "workers": run["workers"], "scheduler": run["scheduler"],
            "structure": s["structure"]["note"], "created": run["created"]}
    meta.update({f"timing.{k}": v for k, v in run["timings"].items()})
    meta.update({f"version.{k}": v for k, v in run["versions"].items()})
    write_table(wb, "Run", run_frame(meta))
    save_workbook(wb, path)
