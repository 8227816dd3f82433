"""The compare workbook (``nabb compare -o compare.xlsx``): a :class:`nabb.compare.Comparison`
as real Excel tables, with native charts of the biobased share per year and of the hectares
per crop, one series per report.

The workbook is written atomically and never into, or onto a file of, a report folder it
reads; an existing file that nabb did not write needs ``force``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference

from nabb.compare import Comparison, Report, plain
from nabb.io.cells import save_workbook, write_cell
from nabb.io.outputs import (UnsafeOutputError, check_output_file, files_under, output_file,
                             stamp_workbook)
from nabb.reports.workbook import write_table


def check_output(folders: Sequence[Path], output: Path, force: bool = False) -> None:
    """Refuse ``output`` inside a report folder it reads, or on a file nabb did not write
    (without ``force``): called before the reports are read, and again before writing."""
    for f in folders:
        if Path(output).resolve().parent == Path(f).resolve() or Path(f).resolve() in Path(
                output).resolve().parents:
            raise UnsafeOutputError(f"refusing to write {output}: it is inside the input report "
                                    f"folder {f}; compare never writes into what it reads - "
                                    "choose another -o")
    check_output_file(output, files_under(folders), force)


def _write(wb, name: str, frame: pd.DataFrame, note: str | None = None) -> None:
    write_table(wb, name, frame, note=note, raw_headers=True)


def _charts(wb, reports: Sequence[Report], year: int | None) -> int | None:
    ws = wb.create_sheet("Charts", 0)
    data = wb.create_sheet("ChartData")
    kp = [r.kpis() for r in reports]
    years = sorted(set().union(*[set(f["year"]) for f in kp if len(f)]))
    write_cell(data.cell(row=1, column=1), "year")
    for j, r in enumerate(reports, start=2):
        write_cell(data.cell(row=1, column=j), r.label)
    for i, y in enumerate(years, start=2):
        write_cell(data.cell(row=i, column=1), int(y))
        for j, f in enumerate(kp, start=2):
            sub = f[f["year"] == y] if len(f) else f
            v = plain(sub["biobased_share"].iloc[0]) if len(sub) and "biobased_share" in sub else None
            if v is not None:
                write_cell(data.cell(row=i, column=j), v)
    line = LineChart()
    line.title = "Biobased share of new-build homes"
    line.y_axis.title = "share"
    line.y_axis.number_format = "0%"
    line.x_axis.title = "year"
    line.height, line.width = 8, 16
    line.x_axis.delete = line.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
    line.y_axis.scaling.min = 0
    line.add_data(Reference(data, min_col=2, max_col=1 + len(reports), min_row=1, max_row=1 + len(years)),
                  titles_from_data=True)
    line.set_categories(Reference(data, min_col=1, min_row=2, max_row=1 + len(years)))
    ws.add_chart(line, "A3")

    chart_year = year if year is not None else (2030 if 2030 in years else (years[-1] if years else None))
    crops: list[str] = []
    for f in kp:
        crops += [c.split(".", 1)[1] for c in f.columns if c.startswith("area_ha.") and c.split(".", 1)[1] not in crops]
    col0 = len(reports) + 3
    write_cell(data.cell(row=1, column=col0), "crop")
    for j, r in enumerate(reports, start=1):
        write_cell(data.cell(row=1, column=col0 + j), r.label)
    for i, c in enumerate(crops, start=2):
        write_cell(data.cell(row=i, column=col0), c)
        for j, f in enumerate(kp, start=1):
            sub = f[f["year"] == chart_year] if len(f) else f
            v = plain(sub[f"area_ha.{c}"].iloc[0]) if len(sub) and f"area_ha.{c}" in sub else None
            if v is not None:
                write_cell(data.cell(row=i, column=col0 + j), v)
    bar = BarChart()
    bar.type = "col"
    bar.title = f"Hectares per crop in {chart_year}"
    bar.y_axis.title = "ha"
    bar.x_axis.title = "crop"
    bar.height, bar.width = 8, 16
    bar.x_axis.delete = bar.y_axis.delete = False  # openpyxl 3.1 hides axes in Excel otherwise
    bar.y_axis.scaling.min = 0
    bar.add_data(Reference(data, min_col=col0 + 1, max_col=col0 + len(reports), min_row=1,
                           max_row=1 + len(crops)), titles_from_data=True)
    bar.set_categories(Reference(data, min_col=col0, min_row=2, max_row=1 + len(crops)))
    ws.add_chart(bar, "A20")
    write_cell(ws.cell(row=1, column=1), f"nabb compare: {', '.join(r.label for r in reports)} "
             f"(changes are against {reports[0].label})")
    return chart_year


def write_workbook(comparison: Comparison, output: Path, year: int | None = None,
                   force: bool = False) -> Path:
    """Write ``comparison`` to ``output``: charts (hectares per crop in ``year``, default 2030
    or the last year), the reports compared, input differences, KPI deltas, regions and duals."""
    reports = comparison.reports
    first = comparison.first
    folders = [r.folder for r in reports]
    check_output(folders, output, force)
    wb = Workbook()
    wb.remove(wb.active)
    _charts(wb, reports, year)
    _write(wb, "Reports", comparison.listing, note="The reports compared; every change is "
           f"against the first ({first.label}).")
    diff = pd.concat(comparison.differences, ignore_index=True) if comparison.differences \
        else pd.DataFrame()
    _write(wb, "Input differences", diff.rename(columns={"first": first.label}),
           note="Every input cell that differs from the first report (after its scenario was "
                "applied); rows are named by the sheet's key.")
    _write(wb, "KPI deltas", comparison.kpi_deltas, note="KPIs per year; change = report - first.")
    _write(wb, "Area by region", comparison.area,
           note="Hectares per region, crop and year, side by side.")
    _write(wb, "Capacity by region", comparison.capacity,
           note="Processing capacity (t/yr) per region, process and year, side by side.")
    _write(wb, "Price changes", comparison.prices,
           note="Implied commodity prices (duals of the commodity balance, EUR/t).")
    _write(wb, "Target dual changes", comparison.target_duals,
           note="Marginal cost of the biobased targets (EUR per extra biobased unit).")
    stamp_workbook(wb, "compare")
    with output_file(output, files_under(folders), force) as tmp:
        save_workbook(wb, tmp)
    return Path(output)
