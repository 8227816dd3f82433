"""The outputs of a sweep: sweep.csv, sweep.xlsx (native line charts), sweep.png, sweep.json.

A report: it reads the :class:`nabb.sweep.run.SweepResult` (analysis) and writes files
through nabb.io's safe writers; the CLI calls :func:`write_outputs` after the sweep.
The charts name every line and axis in words and units (nabb.reports.sweep_text), shares
in %, large sums in millions, thousands separated; sweep.csv keeps the raw column keys.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import pandas as pd

from nabb.i18n import Lang
from nabb.i18n.catalogue import CATALOGUE
from nabb.i18n.kpi_texts import SWEEP_COLUMNS_NL
from nabb.i18n.numbers import localise
from nabb.reports.labels import (Measure, fmt_lever, lever_measure, lowered, measure, raw_unit,
                                 with_unit)
from nabb.reports.sweep_text import how_it_ran, run_sheet, steady_sentences
from nabb.sweep.levers import Lever
from nabb.sweep.run import SweepResult


def chart_specs(frame: pd.DataFrame, levers: Sequence[Lever],
                lang: str = "en") -> list[tuple[str, list[str]]]:
    """(title, columns) of each chart; 2-D sweeps plot the first column per value of lever 2.

    The y axis is named by the first column's :func:`measure` (its unit, in % or millions)."""
    say = Lang(lang)
    crops = [c for c in frame.columns if c.startswith("area_ha.")]
    specs = [
        (say("kpi.biobased_share"), ["biobased_share"]),
        (say("kpi.shortfall_homes"), ["shortfall_homes"]),
        (say("sweep.chart.crops"), crops or ["fibre_crop_area_ha"]),
        (say("kpi.primary_capacity_t_input_per_yr"), ["primary_capacity_t_input_per_yr"]),
        (say("kpi.product_line_capacity_t_output_per_yr"),
         ["product_line_capacity_t_output_per_yr"]),
        (say("sweep.chart.co2"), ["co2_stored_t", "co2_credited_t"]),
        (say("kpi.carbon_credits_eur"), ["carbon_credits_eur"]),
        (say("sweep.chart.farmer"), ["farmer_income_eur_per_ha", "carbon_income_eur_per_ha"]),
        (say("kpi.import_share"), ["import_share"]),
        (say("kpi.objective_discounted_eur"), ["objective_discounted_eur"]),
        (say("kpi.marginal_cost_target_eur_per_home"), ["marginal_cost_target_eur_per_home"]),
    ]
    if len(levers) > 1:
        specs = [(t, cols[:1]) for t, cols in specs]
        specs[2] = (say("kpi.fibre_crop_area_ha"), ["fibre_crop_area_ha"])
    return [(t, [c for c in cols if c in frame.columns]) for t, cols in specs
            if any(c in frame.columns for c in cols)]


def chart_measure(frame: pd.DataFrame, cols: list[str], lang: str = "en") -> Measure:
    """One display unit for all the lines of a chart (millions if any of them is large)."""
    values = [v for c in cols for v in frame[c].tolist()] if cols else []
    return measure(cols[0], values, lang)


def _series(frame: pd.DataFrame, levers: Sequence[Lever], cols: list[str],
            lang: str = "en") -> tuple[list[float], dict[str, list[float]]]:
    """x values (raw lever values) and, per line, its label and y values in raw units."""
    x_name = levers[0].name
    ok = frame[frame["status"] == "optimal"] if "status" in frame else frame
    xs = sorted(frame[x_name].unique().tolist())
    series: dict[str, list[float]] = {}
    if len(levers) == 1:
        by_x = ok.set_index(x_name)
        for c in cols:
            series[measure(c, (), lang).label] = [float(by_x[c].get(x, math.nan)) if x in by_x.index
                                        else math.nan for x in xs]
    else:
        y_name = levers[1].name
        m2 = lever_measure(levers[1], lang)
        for yv in sorted(frame[y_name].unique().tolist()):
            sub = ok[ok[y_name] == yv].set_index(x_name)
            name = f"{m2.label} {with_unit(fmt_lever(yv, m2, lang), m2.unit, lang)}"
            series[name] = [float(sub[cols[0]].get(x, math.nan)) if x in sub.index else math.nan
                            for x in xs]
    return xs, series


def _excel_format(m: Measure, values: Sequence[float]) -> str:
    """The number format of a chart axis and its data: thousands separators, no 1e9 offsets."""
    finite = [abs(m.show(v)) for v in values if not math.isnan(v)]
    top = max(finite, default=0.0)
    return "#,##0" if top >= 100 else "#,##0.0" if top >= 1 else "#,##0.00"


def _dutch_headers(result: SweepResult) -> dict[str, str]:
    """Dutch headers of the Sweep sheet: each column in words with its unit as stored."""
    say = Lang("nl")
    names = {lv.name: lever_measure(lv, "nl").label + (f" [{say.unit(lv.unit)}]"
                                                       if lv.unit not in ("", "-") else "")
             for lv in result.plan.levers}
    for c in result.frame.columns:
        if c in names:
            continue
        if c in SWEEP_COLUMNS_NL:
            names[c] = SWEEP_COLUMNS_NL[c]
            continue
        m = measure(c, (), "nl")
        unit = raw_unit(c)
        names[c] = f"{m.label} [{say.unit(unit)}]" if unit else m.label
    return names


def write_xlsx(result: SweepResult, path: Path, lang: str = "en") -> None:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from openpyxl.styles import Font
    from nabb.io.cells import save_workbook, write_cell
    from nabb.io.safe_write import atomic_path
    from nabb.reports.workbook import print_setup_openpyxl, write_table
    say = Lang(lang)
    frame, levers = result.frame, result.plan.levers
    xm = lever_measure(levers[0], lang)
    wb = Workbook()
    wb.remove(wb.active)
    note = say("sweep.note", levers=", ".join(lv.label if lang == "en" else
                                              lever_measure(lv, lang).label for lv in levers),
               year=result.plan.year, how=how_it_ran(result, lang))
    if lang == "en":
        write_table(wb, "Sweep", frame, note=note)
    else:
        shown = frame.rename(columns=_dutch_headers(result))
        if "status" in shown:
            shown["status"] = shown["status"].map(
                lambda v: say(f"status.{v}") if f"status.{v}" in CATALOGUE else v)
        write_table(wb, say("sweep.sheet.Sweep"), shown, note=note, raw_headers=True)
    data = wb.create_sheet(say("sweep.sheet.ChartData"))
    charts = wb.create_sheet(say("sweep.sheet.Charts"), 0)
    write_cell(charts.cell(row=1, column=1), say("sweep.charts_head", year=result.plan.year,
                                                 lever=lowered(xm.label)) +
               (say("sweep.line_per", lever=lowered(lever_measure(levers[1], lang).label))
                if len(levers) > 1 else ""))
    charts.cell(row=1, column=1).font = Font(bold=True, size=12)
    sentences = steady_sentences(result, max_lines=10 ** 6, lang=lang) or [
        say("sweep.steady.none")]
    for i, sentence in enumerate(sentences, start=2):
        write_cell(charts.cell(row=i, column=1), sentence)
    top = 3 + len(sentences)
    col = 1
    for k, (title, cols) in enumerate(chart_specs(frame, levers, lang)):
        xs, series = _series(frame, levers, cols, lang)
        ym = chart_measure(frame, cols, lang)
        fmt_y = _excel_format(ym, [y for ys in series.values() for y in ys])
        write_cell(data.cell(row=1, column=col), xm.title)
        for i, x in enumerate(xs, start=2):
            write_cell(data.cell(row=i, column=col), float(f"{xm.show(x):.10g}"))
        for j, (name, ys) in enumerate(series.items(), start=1):
            write_cell(data.cell(row=1, column=col + j), name)
            for i, y in enumerate(ys, start=2):
                if not math.isnan(y):
                    cell = data.cell(row=i, column=col + j)
                    write_cell(cell, float(f"{ym.show(y):.10g}"))  # no float noise
                    cell.number_format = fmt_y
        ch = LineChart()
        ch.title = title
        ch.y_axis.title = ym.unit or ym.label
        ch.x_axis.title = xm.title
        ch.y_axis.numFmt = fmt_y
        ch.y_axis.number_format = fmt_y
        ch.height, ch.width = 7.5, 15
        ch.x_axis.delete = ch.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
        finite = [y for ys in series.values() for y in ys if not math.isnan(y)]
        if finite and min(finite) >= 0 and _flat(finite):
            ch.y_axis.scaling.min = 0  # a flat line stays flat instead of zooming into noise
        if len(series) == 1:
            ch.legend = None  # the title names the one line
        if ym.unit == "%":
            ch.y_axis.scaling.max = 100
        ch.add_data(Reference(data, min_col=col + 1, max_col=col + len(series), min_row=1,
                              max_row=len(xs) + 1), titles_from_data=True)
        for line in ch.series:
            line.smooth = False  # a straight line between solved points, no invented curve
        ch.set_categories(Reference(data, min_col=col, min_row=2, max_row=len(xs) + 1))
        charts.add_chart(ch, f"{'A' if k % 2 == 0 else 'K'}{top + (k // 2) * 16}")
        col += len(series) + 2
    run = run_sheet(result, lang)
    write_table(wb, say("sweep.sheet.Run"), run, raw_headers=lang != "en")
    _fit_run(wb[say("sweep.sheet.Run")], run)
    print_setup_openpyxl(wb, lambda name: say("sweep.page.title", name=name),
                         say("sweep.page.footer"))
    with atomic_path(path) as tmp:
        save_workbook(wb, tmp)


def _fit_run(ws, frame, widest: int = 80) -> None:
    """The Run sheet's columns as wide as their text (up to ``widest``; longer text wraps)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    for j, col in enumerate(frame.columns, start=1):
        longest = max([len(str(col))] + [len(str(v)) for v in frame[col]])
        ws.column_dimensions[get_column_letter(j)].width = min(widest, max(10, longest + 2))
        if longest + 2 > widest:
            for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                row[0].alignment = Alignment(wrap_text=True, vertical="top")
                lines = math.ceil(len(str(row[0].value or "")) / (widest * 1.15))
                if lines > 1:
                    ws.row_dimensions[row[0].row].height = 15 * lines


def _thousands(lang: str = "en"):
    """Tick labels with thousands separators and as many decimals as the tick step needs
    (never a 1e9 offset, never two ticks labelled alike)."""
    from matplotlib.ticker import Formatter

    class Thousands(Formatter):
        decimals = 0

        def set_locs(self, locs):
            super().set_locs(locs)
            steps = [abs(b - a) for a, b in zip(locs, locs[1:]) if b != a]
            step = min(steps, default=1.0)
            self.decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0

        def __call__(self, x, pos=None):
            return localise(f"{x + 0.0:,.{self.decimals}f}", lang)
    return Thousands()


def _flat(values: Sequence[float]) -> bool:
    """All equal up to solver noise (a flat line must not be zoomed into its noise)."""
    finite = [v for v in values if not math.isnan(v)]
    if not finite:
        return False
    return max(finite) - min(finite) <= 1e-6 * max(1.0, max(abs(v) for v in finite))


def write_plots(result: SweepResult, folder: Path, lang: str = "en") -> list[Path]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nabb.io.safe_write import atomic_path
    say = Lang(lang)
    frame, levers = result.frame, result.plan.levers
    xm = lever_measure(levers[0], lang)
    specs = chart_specs(frame, levers, lang)
    bands = [(xm.show(r.lo), xm.show(r.hi)) for r in result.steady] if len(levers) == 1 else []
    out = []
    ncol = 2
    nrow = math.ceil(len(specs) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(12, 3.2 * nrow), squeeze=False)
    for ax, (title, cols) in zip(axes.ravel(), specs):
        xs, series = _series(frame, levers, cols, lang)
        ym = chart_measure(frame, cols, lang)
        shown = [ym.show(y) for ys in series.values() for y in ys if not math.isnan(y)]
        for lo, hi in bands:
            ax.axvspan(lo, hi, color="0.88", zorder=0, lw=0)
        for name, ys in series.items():
            ax.plot([xm.show(x) for x in xs], [ym.show(y) for y in ys], marker="o", ms=3,
                    label=name)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ym.unit or ym.label)
        ax.set_xlabel(xm.title)
        if _flat(shown):  # show a flat line flat, from 0 (or down to it), not its noise
            v = shown[0]
            ax.set_ylim(min(0.0, v * 1.2), max(0.0, v * 1.2) or 1.0)
        ax.yaxis.set_major_formatter(_thousands(lang))
        ax.xaxis.set_major_formatter(_thousands(lang))
        if len(series) > 1:
            ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(specs):]:
        ax.axis("off")
    head = say("sweep.png_head", year=result.plan.year, scenario=result.meta.get("scenario", ""))
    if bands:
        head += "\n" + say("sweep.png_bands")
    fig.suptitle(head)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / (3.2 * nrow)))
    target = folder / "sweep.png"
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", dpi=110)
    plt.close(fig)
    out.append(target)
    return out


def write_outputs(result: SweepResult, out_dir: str | Path,
                  inputs: Sequence[str | Path] = (), lang: str = "en") -> dict[str, Path]:
    """sweep.csv, sweep.xlsx (native line charts), sweep.png and sweep.json in out_dir.

    The four files are written in a staging folder and swapped in as a set
    (nabb.io.outputs.replace_dir): a failure leaves the previous set whole, never a mix.
    """
    from nabb.io.cells import csv_text as safe_text
    from nabb.io.outputs import replace_dir
    from nabb.io.safe_write import write_text_atomic
    folder = Path(out_dir)
    csv = result.frame.copy()
    for c in csv.columns:
        if csv[c].dtype == object:
            csv[c] = csv[c].map(safe_text)
    names = {"csv": "sweep.csv", "xlsx": "sweep.xlsx", "json": "sweep.json", "png": "sweep.png"}

    from nabb.io.strict_json import dumps as strict_dumps

    def fill(tmp: Path) -> None:
        write_text_atomic(tmp / names["csv"], csv.to_csv(index=False))
        write_xlsx(result, tmp / names["xlsx"], lang)
        write_plots(result, tmp, lang)
        meta = dict(result.meta, timings=result.timings, interrupted=result.interrupted,
                    statuses=result.statuses, levers=[lv.__dict__ for lv in result.plan.levers],
                    workers_note=result.workers_note, language=lang,
                    steady_ranges=[dict(r.__dict__, sentence=text) for r, text in
                                   zip(result.steady, steady_sentences(result, 10 ** 6, lang))])
        write_text_atomic(tmp / names["json"], strict_dumps(meta, indent=2))

    replace_dir(folder, fill, root=folder, inputs=list(inputs), kind="sweep")
    return {k: folder / v for k, v in names.items()}
