"""uncertainty.xlsx: the same content as the html page, as Excel tables with native charts.

Sheets: Summary (probability per year, with a column chart), Fans (P5..P95 per KPI and year,
one line chart per KPI), Quantiles, Tornado (sensitivity table and bar charts), NoRegret,
Regret, Inputs, Samples (headline KPIs per sample; every KPI is in samples.csv) and Run.
In Dutch or in English (``lang``): sheet names, headers, notes, chart titles and axis titles
from the catalogue; numbers stay numbers, and a Dutch workbook gives every number format the
Dutch locale (``[$-413]``: LibreOffice then shows 1.234,5 whatever the machine's locale; a
Dutch Excel does so anyway).
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference

from nabb.i18n import Lang
from nabb.io.cells import save_workbook, write_cell
from nabb.reports.uncertainty_words import (FANS, code, distribution, kpi_label, sample_note, sheet,
                                            status_word, target, timing, word)
from nabb.reports.workbook import print_setup_openpyxl, write_table
from nabb.uncertainty import stats
from nabb.uncertainty.engine import plan_note

#: the locale code of a Dutch number format (Windows LCID 0x0413, nl-NL)
DUTCH = "[$-413]"

#: the quantile tree's KPIs (nabb.uncertainty.stats.quantile_tree): catalogue key, unit
QUANTILE_KPIS = {"total_cost_eur": ("unc.fan.total_cost", "EUR"),
                 "total_discounted_cost_eur": ("unc.kpi.total_cost_eur", "EUR"),
                 "marginal_cost_target_eur_per_home": ("kpi.marginal_cost_target_eur_per_home", "EUR/home"),
                 "area_ha": ("unc.q.area", "ha"),
                 "processing_capacity_t": ("unc.q.capacity", "t/yr"),
                 "import_share": ("kpi.import_share", "share"),
                 "co2_credited_t": ("kpi.co2_credited_t", "t CO2"),
                 "carbon_income_eur_per_ha": ("kpi.carbon_income_eur_per_ha", "EUR/ha"),
                 "biobased_share": ("kpi.biobased_share", "share"),
                 "fibre_crop_area_ha": ("kpi.fibre_crop_area_ha", "ha")}


def _num(v):
    return float(v) if isinstance(v, (int, float)) and math.isfinite(float(v)) else None


def _put(ws, row: int, column: int, value, number_format: str | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    write_cell(cell, value)
    if number_format:
        cell.number_format = number_format


def _line_chart(ws, title: str, ylab: str, min_row: int, max_row: int, col0: int, ncols: int, anchor: str,
                percent: bool, say: Lang, number_format: str | None = None) -> None:
    ch = LineChart()
    ch.title = title
    ch.y_axis.title = ylab
    ch.x_axis.title = say("charts.axis_year")
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


def _summary(wb: Workbook, result, say: Lang, years: list[str]) -> None:
    s = result.summary
    ws = wb.active
    ws.title = sheet("Summary", say)
    run = s["run"]
    write_cell(ws.cell(row=1, column=1), say("unc.x.head", scenario=run["scenario"], samples=say.num(s["samples"]),
                                             method=s["method"], seed=s["seed"], solved=say.num(s["solved"]),
                                             failed=say.num(s["failed"])))
    note = plan_note(result.plan, say.code) if getattr(result, "plan", None) else s["structure"]["note"]
    write_cell(ws.cell(row=2, column=1), note)
    for j, key in enumerate(("unc.col.year", "unc.col.probability", "unc.col.std_error"), start=1):
        write_cell(ws.cell(row=4, column=j), say(key))
    probs, errs = s["probability_target_met"], s["probability_standard_error"]
    r = 5
    for y in [k for k in probs if k.isdigit()]:
        _put(ws, r, 1, int(y))
        _put(ws, r, 2, _num(probs[y]), "0.0%")
        _put(ws, r, 3, _num(errs.get(y)), "0.0%")
        r += 1
    if r > 5:
        ch = BarChart()
        ch.title = say("unc.probability_title")
        ch.y_axis.title = say("unc.x.share_axis")
        ch.x_axis.title = say("charts.axis_year")
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
        write_cell(ws.cell(row=r, column=1), say("unc.x.other"))
        r += 1
        for j, y in enumerate(years, start=2):
            _put(ws, r, j, int(y))
        for k, v in other.items():
            r += 1
            write_cell(ws.cell(row=r, column=1), target(k, say))
            for j, y in enumerate(years, start=2):
                _put(ws, r, j, _num(v.get(y)), "0%")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 38      # the header "probability national new-build target met"
    ws.column_dimensions["C"].width = 16


def _fans(wb: Workbook, result, say: Lang, years: list[str]) -> None:
    s = result.summary
    q, base = s["quantiles"], s.get("base_plan", {})
    fans = wb.create_sheet(sheet("Fans", say))
    write_cell(fans.cell(row=1, column=1), say("unc.x.fans_note"))
    row = 3
    entries = [(key, say(title_key), unit, pct) for key, title_key, unit, pct in FANS] + \
              [(f"area_ha:{c}", say("unc.fan.area", name=code(c, say)), "ha", False) for c in q["area_ha"]] + \
              [(f"processing_capacity_t:{p}", say("unc.fan.capacity", name=code(p, say)), "t/yr", False)
               for p in q["processing_capacity_t"]]
    for k, (key, title, unit, pct) in enumerate(entries):
        if ":" in key:
            fam, item = key.split(":")
            block = q[fam][item]
            bkey = f"area_ha.{item}" if fam == "area_ha" else f"capacity_t.{item}"
        else:
            block, bkey = q[key], key
        # EUR in millions (the cell keeps the exact number): a year's cost has 10 digits
        fmt = "0.0%" if pct else (f'#,##0,,"{say("unc.x.millions")}"' if unit == "EUR" else "#,##0")
        shown = "%" if pct else say.unit(unit)
        write_cell(fans.cell(row=row, column=1), f"{title} [{shown}]")
        heads = [say("unc.col.year"), "P5", "P25", "P50", "P75", "P95", say("unc.base")]
        for j, h in enumerate(heads, start=1):
            write_cell(fans.cell(row=row + 1, column=j), h)
        for i, y in enumerate(years, start=row + 2):
            _put(fans, i, 1, int(y))
            for j, qq in enumerate(("P5", "P25", "P50", "P75", "P95"), start=2):
                _put(fans, i, j, _num((block.get(y) or {}).get(qq)), fmt)
            _put(fans, i, 7, _num(base.get(f"{bkey}.{y}")), fmt)
        _line_chart(fans, title, shown, row + 1, row + 1 + len(years), 1, 6,
                    f"{'I' if k % 2 == 0 else 'S'}{3 + (k // 2) * 16}", pct, say, fmt if unit == "EUR" else None)
        row += len(years) + 4


def _quantiles(wb: Workbook, q: dict, say: Lang) -> None:
    rows = []
    for r in stats.quantile_rows(q):
        key, unit = QUANTILE_KPIS.get(r["kpi"], ("", ""))
        rows.append({"kpi": say(key) if key else r["kpi"], "unit": "%" if unit == "share" else say.unit(unit),
                     "item": code(r["item"], say), "region": r["region"], "year": r["year"],
                     **{f"P{p}": r.get(f"P{p}") for p in stats.QUANTILES}})
    cols = ["kpi", "unit", "item", "region", "year"] + [f"P{p}" for p in stats.QUANTILES]
    frame = pd.DataFrame(rows, columns=cols).rename(columns={
        "kpi": say("unc.col.kpi"), "unit": say("unc.col.unit"), "item": say("unc.col.item"),
        "region": say("unc.col.region"), "year": say("unc.col.year")})
    write_table(wb, sheet("Quantiles", say), frame, note=say("unc.x.quantiles_note"), raw_headers=True)
    ws = wb[sheet("Quantiles", say)]
    for i, r in enumerate(rows, start=3):  # shares in %, other quantities whole
        for j in range(len(cols) - len(stats.QUANTILES) + 1, len(cols) + 1):
            cell = ws.cell(row=i, column=j)
            if isinstance(cell.value, (int, float)):
                cell.number_format = "0.0%" if r["unit"] == "%" else "#,##0"


def _tornado(wb: Workbook, result, say: Lang, years: list[str]) -> None:
    s = result.summary
    sens = s["sensitivity"]
    key = "ST" if sens["method"] == "sobol" else "prcc"
    heads = stats.headline([int(y) for y in years])
    names = list(sens.get("factors") or [p["parameter"] for p in s["inputs"]])
    tor = pd.DataFrame({say("unc.col.input"): names})
    for kpi in heads:
        block = (sens["kpis"] or {}).get(kpi) or {}
        tor[kpi_label(kpi, say)] = [(_num((block.get(n) or {}).get(key))) for n in names]
        if sens["method"] == "sobol":
            tor[f"{kpi_label(kpi, say)} S1"] = [(_num((block.get(n) or {}).get("S1"))) for n in names]
    label = say("unc.x.sobol_both") if sens["method"] == "sobol" else say("unc.prcc")
    name = sheet("Tornado", say)
    write_table(wb, name, tor, note=say("unc.x.tornado_note", label=label), raw_headers=True)
    tws = wb[name]
    for i, kpi in enumerate(heads[:4]):
        items = stats.tornado(sens, kpi)
        col0 = 2 + len(tor.columns) + 1 + 3 * i
        write_cell(tws.cell(row=2, column=col0), say("unc.col.input"))
        write_cell(tws.cell(row=2, column=col0 + 1), kpi_label(kpi, say))
        for j, (n, v) in enumerate(reversed(items), start=3):
            write_cell(tws.cell(row=j, column=col0), n)
            _put(tws, j, col0 + 1, float(v))
        if items:
            ch = BarChart()
            ch.type = "bar"
            ch.title = say("unc.x.tornado_title", label=kpi_label(kpi, say))
            ch.x_axis.delete = ch.y_axis.delete = False
            ch.height, ch.width = 7.5, 14
            ch.add_data(Reference(tws, min_col=col0 + 1, min_row=2, max_row=2 + len(items)), titles_from_data=True)
            ch.set_categories(Reference(tws, min_col=col0, min_row=3, max_row=2 + len(items)))
            ch.legend = None
            tws.add_chart(ch, f"A{len(tor) + 5 + 16 * i}")


def _investments(wb: Workbook, s: dict, say: Lang) -> None:
    def col(k: str) -> str:
        return say(f"unc.col.{k}")
    nr = pd.DataFrame([{col("region"): x["region"], col("kind"): word("unc.kind", x["kind"], say),
                        col("item"): code(x.get("process") or x.get("crop"), say),
                        col("share"): x["share_of_samples"], "P5": x["p5"], "P50": x["p50"], "P95": x["p95"],
                        col("unit"): say.unit(x["unit"])}
                       for x in sorted(s["no_regret"], key=lambda x: (x["region"], x["kind"]))],
                      columns=[col("region"), col("kind"), col("item"), col("share"), "P5", "P50", "P95",
                               col("unit")])
    write_table(wb, sheet("NoRegret", say), nr, raw_headers=True,
                note=say("unc.x.no_regret_note", share=say.pct(stats.NO_REGRET_SHARE)))
    _percent_column(wb[sheet("NoRegret", say)], 4, len(nr))
    rg = pd.DataFrame([{col("region"): x["region"], col("kind"): word("unc.kind", x["kind"], say),
                        col("item"): code(x.get("process") or x.get("crop"), say),
                        col("base_size"): x["base_plan_size"], col("idle"): x["idle_share_of_samples"],
                        col("unit"): say.unit(x["unit"])} for x in s["regret"]],
                      columns=[col("region"), col("kind"), col("item"), col("base_size"), col("idle"), col("unit")])
    write_table(wb, sheet("Regret", say), rg, note=say("unc.x.regret_note"), raw_headers=True)
    _percent_column(wb[sheet("Regret", say)], 5, len(rg))


def _percent_column(ws, column: int, rows: int) -> None:
    for i in range(3, 3 + rows):
        cell = ws.cell(row=i, column=column)
        if isinstance(cell.value, (int, float)):
            cell.number_format = "0%"


def _inputs(wb: Workbook, result, say: Lang) -> None:
    s = result.summary
    dists = {p.name: p.dist for p in result.plan.spec.params} if getattr(result, "plan", None) else {}
    keys = ["parameter", "sheet", "column", "filter", "apply", "distribution", "group", "basis", "source",
            "centre"]
    rows = [{**p, "apply": word("unc.apply", p["apply"], say),
             "distribution": distribution(dists[p["parameter"]], say) if p["parameter"] in dists
             else p["distribution"]} for p in s["inputs"]]
    frame = pd.DataFrame(rows, columns=keys).rename(columns={k: say(f"unc.col.{k}") for k in keys})
    write_table(wb, sheet("Inputs", say), frame, note=say("unc.x.inputs_note"), raw_headers=True)


def _samples(wb: Workbook, result, say: Lang, years: list[str]) -> None:
    s = result.summary
    heads = stats.headline([int(y) for y in years])
    cols = ["sample", "status", "structure_group", "rebuilt"] + [p["parameter"] for p in s["inputs"]] + \
        [h for h in heads if h in result.frame.columns] + ["note"]
    frame = result.frame[[c for c in cols if c in result.frame.columns]].copy()
    if "status" in frame:
        frame["status"] = frame["status"].map(lambda v: status_word(v, say.code) if isinstance(v, str) else v)
    if "note" in frame:
        frame["note"] = frame["note"].map(lambda v: sample_note(v, say) if isinstance(v, str) else v)
    names = {c: say(f"unc.col.{c}") for c in ("sample", "status", "structure_group", "rebuilt", "note")}
    names.update({h: kpi_label(h, say) for h in heads})
    write_table(wb, sheet("Samples", say), frame.rename(columns=names), note=say("unc.x.samples_note"),
                raw_headers=True)


def _run(wb: Workbook, result, say: Lang) -> None:
    """What was run: scenario, input and its hash, samples, seed, timings and versions (the
    names in the reader's words; English keeps nabb's own keys, as every Run sheet does)."""
    s = result.summary
    run = s["run"]
    note = plan_note(result.plan, say.code) if getattr(result, "plan", None) else s["structure"]["note"]
    meta = {"scenario": run["scenario"], "input_file": run["input_file"], "input_sha256": run["input_sha256"],
            "samples": say.num(s["samples"]), "solved": say.num(s["solved"]), "failed": say.num(s["failed"]),
            "seed": s["seed"], "method": s["method"], "workers": say.num(run["workers"]),
            "scheduler": run["scheduler"], "structure": note, "created": run["created"]}
    rows = [(say(f"unc.run.{k}"), v) for k, v in meta.items()]
    rows += [(say("unc.run.timing", name=timing(k, say)), say.num(v, 3) if isinstance(v, (int, float)) else v)
             for k, v in run["timings"].items()]
    rows += [(say("unc.run.version", name=k), v) for k, v in run["versions"].items()]
    frame = pd.DataFrame([(k, "" if v is None else str(v)) for k, v in rows],
                         columns=[say("unc.col.item_value"), say("unc.col.value")])
    write_table(wb, sheet("Run", say), frame)


def _dutch_number_formats(wb: Workbook) -> None:
    """Every number cell and chart axis of a Dutch workbook in the Dutch locale (1.234,5)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) \
                        and not cell.number_format.startswith(DUTCH):
                    cell.number_format = DUTCH + cell.number_format
        for ch in ws._charts:
            for axis in (ch.x_axis, ch.y_axis):
                fmt = getattr(getattr(axis, "number_format", None), "formatCode", None)
                if fmt and not fmt.startswith(DUTCH):
                    axis.number_format = DUTCH + fmt


def write_xlsx(result, path: Path, lang: str = "en") -> None:
    say = Lang(lang)
    s = result.summary
    years = list(s["quantiles"]["biobased_share"])
    wb = Workbook()
    _summary(wb, result, say, years)
    _fans(wb, result, say, years)
    _quantiles(wb, s["quantiles"], say)
    _tornado(wb, result, say, years)
    _investments(wb, s, say)
    _inputs(wb, result, say)
    _samples(wb, result, say, years)
    _run(wb, result, say)
    if say.code == "nl":
        _dutch_number_formats(wb)
    print_setup_openpyxl(wb, lambda name: say("unc.page.title", name=name), say("unc.page.footer"))
    save_workbook(wb, path)
