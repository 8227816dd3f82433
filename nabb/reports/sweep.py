"""The outputs of a sweep: sweep.csv, sweep.xlsx (native line charts), sweep.png, sweep.json.

A report: it reads the :class:`nabb.sweep.run.SweepResult` (analysis) and writes files
through nabb.io's safe writers; the CLI calls :func:`write_outputs` after the sweep.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import pandas as pd

from nabb.sweep.levers import Lever
from nabb.sweep.run import SweepResult

def chart_specs(frame: pd.DataFrame, levers: Sequence[Lever]) -> list[tuple[str, str, list[str]]]:
    """(title, y label, columns) of each chart; 2-D sweeps plot the first column per value of lever 2."""
    crops = [c for c in frame.columns if c.startswith("area_ha.")]
    specs = [
        ("Biobased share of new-build", "share", ["biobased_share"]),
        ("Shortfall from the target", "homes", ["shortfall_homes"]),
        ("Hectares per crop", "ha", crops or ["fibre_crop_area_ha"]),
        ("Primary processing capacity", "t input/yr", ["primary_capacity_t_input_per_yr"]),
        ("Product-line capacity", "t output/yr", ["product_line_capacity_t_output_per_yr"]),
        ("CO2 stored and credited", "t CO2", ["co2_stored_t", "co2_credited_t"]),
        ("Carbon credits paid", "EUR", ["carbon_credits_eur"]),
        ("Farmer income per hectare", "EUR/ha", ["farmer_income_eur_per_ha", "carbon_income_eur_per_ha"]),
        ("Import share of biobased products", "share", ["import_share"]),
        ("Objective (whole horizon, discounted)", "EUR", ["objective_discounted_eur"]),
        ("Marginal cost of the target", "EUR/home", ["marginal_cost_target_eur_per_home"]),
    ]
    if len(levers) > 1:
        specs = [(t, y, cols[:1]) if cols[0] != crops[:1] else (t, y, ["fibre_crop_area_ha"])
                 for t, y, cols in specs]
        specs[2] = ("Fibre-crop area", "ha", ["fibre_crop_area_ha"])
    return [(t, y, [c for c in cols if c in frame.columns]) for t, y, cols in specs
            if any(c in frame.columns for c in cols)]


def _series(frame: pd.DataFrame, levers: Sequence[Lever], cols: list[str]) -> tuple[list[float], dict[str, list[float]]]:
    x_name = levers[0].name
    ok = frame[frame["status"] == "optimal"] if "status" in frame else frame
    xs = sorted(frame[x_name].unique().tolist())
    series: dict[str, list[float]] = {}
    if len(levers) == 1:
        by_x = ok.set_index(x_name)
        for c in cols:
            series[c] = [float(by_x[c].get(x, math.nan)) if x in by_x.index else math.nan for x in xs]
    else:
        y_name = levers[1].name
        for yv in sorted(frame[y_name].unique().tolist()):
            sub = ok[ok[y_name] == yv].set_index(x_name)
            series[f"{cols[0]} at {y_name}={yv:g}"] = [float(sub[cols[0]].get(x, math.nan)) if x in sub.index
                                                     else math.nan for x in xs]
    return xs, series


def write_xlsx(result: SweepResult, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from nabb.io.cells import save_workbook, write_cell
    from nabb.io.safe_write import atomic_path
    from nabb.reports.workbook import run_frame, write_table
    frame, levers = result.frame, result.plan.levers
    wb = Workbook()
    wb.remove(wb.active)
    write_table(wb, "Sweep", frame, note=f"nabb sweep over {', '.join(lv.label for lv in levers)}; "
                f"KPIs in {result.plan.year}; {result.plan.note}")
    data = wb.create_sheet("ChartData")
    charts = wb.create_sheet("Charts", 0)
    write_cell(charts.cell(row=1, column=1), f"KPIs in {result.plan.year} against "
             f"{levers[0].label}" + (f", one line per {levers[1].label}" if len(levers) > 1 else ""))
    col = 1
    for k, (title, ylab, cols) in enumerate(chart_specs(frame, levers)):
        xs, series = _series(frame, levers, cols)
        write_cell(data.cell(row=1, column=col), levers[0].label)
        for i, x in enumerate(xs, start=2):
            write_cell(data.cell(row=i, column=col), x)
        for j, (name, ys) in enumerate(series.items(), start=1):
            write_cell(data.cell(row=1, column=col + j), name)
            for i, y in enumerate(ys, start=2):
                if not math.isnan(y):
                    write_cell(data.cell(row=i, column=col + j), float(f"{y:.10g}"))  # no float noise
        ch = LineChart()
        ch.title = title
        ch.y_axis.title = ylab
        ch.x_axis.title = levers[0].label
        ch.height, ch.width = 7.5, 15
        ch.x_axis.delete = ch.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
        finite = [y for ys in series.values() for y in ys if not math.isnan(y)]
        if finite and min(finite) >= 0:
            ch.y_axis.scaling.min = 0  # a flat line stays flat instead of zooming into noise
        ch.add_data(Reference(data, min_col=col + 1, max_col=col + len(series), min_row=1,
                              max_row=len(xs) + 1), titles_from_data=True)
        ch.set_categories(Reference(data, min_col=col, min_row=2, max_row=len(xs) + 1))
        charts.add_chart(ch, f"{'A' if k % 2 == 0 else 'K'}{3 + (k // 2) * 16}")
        col += len(series) + 2
    meta = dict(result.meta)
    meta.update({f"timing.{k}": f"{v:.3f}" for k, v in result.timings.items()})
    meta["interrupted"] = result.interrupted
    write_table(wb, "Run", run_frame(meta))
    with atomic_path(path) as tmp:
        save_workbook(wb, tmp)


def write_plots(result: SweepResult, folder: Path) -> list[Path]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nabb.io.safe_write import atomic_path
    frame, levers = result.frame, result.plan.levers
    specs = chart_specs(frame, levers)
    out = []
    ncol = 2
    nrow = math.ceil(len(specs) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(12, 3.2 * nrow), squeeze=False)
    for ax, (title, ylab, cols) in zip(axes.ravel(), specs):
        xs, series = _series(frame, levers, cols)
        for name, ys in series.items():
            ax.plot(xs, ys, marker="o", ms=3, label=name)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ylab)
        ax.set_xlabel(levers[0].label)
        if len(series) > 1:
            ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(specs):]:
        ax.axis("off")
    fig.suptitle(f"nabb sweep: KPIs in {result.plan.year} ({result.meta.get('scenario', '')})")
    fig.tight_layout()
    target = folder / "sweep.png"
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", dpi=110)
    plt.close(fig)
    out.append(target)
    return out


def write_outputs(result: SweepResult, out_dir: str | Path,
                  inputs: Sequence[str | Path] = ()) -> dict[str, Path]:
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
        write_xlsx(result, tmp / names["xlsx"])
        write_plots(result, tmp)
        meta = dict(result.meta, timings=result.timings, interrupted=result.interrupted,
                    statuses=result.statuses, levers=[lv.__dict__ for lv in result.plan.levers])
        write_text_atomic(tmp / names["json"], strict_dumps(meta, indent=2))

    replace_dir(folder, fill, root=folder, inputs=list(inputs), kind="sweep")
    return {k: folder / v for k, v in names.items()}
