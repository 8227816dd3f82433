"""Extension points of the report folder: explanation sheets, native charts, report.html.

``pipeline.write_reports`` calls these three functions for every scenario.  They own
everything in the report beyond the core tables of ``reports/workbook.py``:

* sheets **Bottlenecks** (knelpunten), **Shortfall** (tekort) and **Checks** (pre-solve
  checks and, for an infeasible model, the elastic/IIS diagnosis);
* a **Charts** sheet with native Excel charts of the key series (same crop colours as the
  HTML report);
* ``report.html`` (self-contained, see :mod:`nabb.reports.html`) and, for an infeasible
  model, ``diagnosis.txt``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from nabb.pipeline import Run


def _explanation(run_: "Run"):
    from nabb.explain import explain
    return explain(run_)


def extra_sheets(run_: "Run") -> dict[str, pd.DataFrame]:
    """Extra tables for report.xlsx: Bottlenecks, Shortfall, Checks."""
    return _explanation(run_).frames()


def add_charts(wb, run_: "Run") -> None:
    """Native Excel charts added to the report workbook (sheet Charts)."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Font

    from nabb.io.cells import write_cell
    from nabb.reports.html import COST_COLOURS, crop_colours, series

    if run_.results.kpis is None or not run_.solution.optimal:
        return
    s = series(run_)
    ex = _explanation(run_)
    ws = wb.create_sheet("Charts", index=1)
    write_cell(ws["A1"], "Key series of this scenario (model results, modeluitkomst); the data "
               "for each chart is next to it.")
    ws["A1"].font = Font(italic=True)

    def block(row: int, header: list[str], rows: list[list], fmt: str = "#,##0") -> tuple[int, int]:
        for j, h in enumerate(header, start=1):
            c = ws.cell(row=row, column=j)
            write_cell(c, h)
            c.font = Font(bold=True)
        for i, r in enumerate(rows, start=row + 1):
            for j, v in enumerate(r, start=1):
                c = ws.cell(row=i, column=j)
                write_cell(c, v)
                if j > 1 and isinstance(v, (int, float)):
                    c.number_format = fmt
        return row, row + len(rows)

    def style(chart, title: str, x: str, y: str, yfmt: str = "#,##0") -> None:
        chart.title = title
        chart.x_axis.title = x
        chart.y_axis.title = y
        chart.y_axis.number_format = yfmt
        chart.y_axis.majorGridlines = chart.y_axis.majorGridlines
        chart.x_axis.delete = False   # newer Excel hides axes unless told otherwise
        chart.y_axis.delete = False
        chart.height, chart.width = 8.5, 17.0
        chart.legend.position = "r"

    def colour(ser, rgb: str, line: bool = False) -> None:
        rgb = rgb.lstrip("#")
        if line:
            ser.graphicalProperties.line.solidFill = rgb
            ser.graphicalProperties.line.width = 28575
        else:
            ser.graphicalProperties.solidFill = rgb
            ser.graphicalProperties.line.solidFill = rgb

    years = s["years"]
    row = 3
    # 1. biobased share vs target
    top, end = block(row, ["year", "biobased share", "target share"],
                     [[y, a, b] for y, a, b in zip(years, s["share"], s["target"])], "0.0%")
    ch = LineChart()
    style(ch, "Biobased share of new-build homes vs target", "Year", "Share of new-build homes (%)", "0%")
    ch.add_data(Reference(ws, min_col=2, max_col=3, min_row=top, max_row=end), titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=end))
    colour(ch.series[0], "2E7D32", line=True)
    colour(ch.series[1], "616161", line=True)
    ch.series[1].graphicalProperties.line.dashStyle = "dash"
    ws.add_chart(ch, f"F{row}")
    row = max(end, row + 17) + 2
    # 2. hectares per crop per year (stacked)
    crops = list(s["area"])
    cc = crop_colours(crops)
    top, end = block(row, ["year"] + [f"{c} (ha)" for c in crops],
                     [[y] + [s["area"][c][i] for c in crops] for i, y in enumerate(years)])
    ch = BarChart()
    ch.type, ch.grouping, ch.overlap = "col", "stacked", 100
    style(ch, "Fibre-crop area per crop (teeltareaal)", "Year", "Area (ha)")
    ch.add_data(Reference(ws, min_col=2, max_col=1 + len(crops), min_row=top, max_row=end),
                titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=end))
    for ser, c in zip(ch.series, crops):
        colour(ser, cc[c])
    ws.add_chart(ch, f"F{row}")
    row = max(end, row + 17) + 2
    # 3. processing capacity vs use per region (last year)
    top, end = block(row, ["region", "primary capacity (t in/yr)", "primary use (t in/yr)",
                           "product-line capacity (t out/yr)", "product-line use (t out/yr)"],
                     [[n, c, u, co, uo] for n, c, u, co, uo in zip(
                         s["region_names"], s["capacity"], s["use"], s["capacity_out"], s["use_out"])])
    ch = BarChart()
    ch.type = "col"
    style(ch, f"Primary processing and product lines: usable capacity vs use per region, {s['last']}",
          "Region", "t/yr: crop input (primary), product output (product lines)")
    ch.add_data(Reference(ws, min_col=2, max_col=5, min_row=top, max_row=max(end, top + 1)),
                titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=max(end, top + 1)))
    for ser, c in zip(ch.series, ("90CAF9", "1565C0", "FFCC80", "EF6C00")):
        colour(ser, c)
    ws.add_chart(ch, f"F{row}")
    row = max(end, row + 17) + 2
    # 4. cost components per year (stacked, M EUR)
    comps = list(s["costs"])
    if comps:
        top, end = block(row, ["year"] + [f"{c} (M EUR)" for c in comps],
                         [[y] + [s["costs"][c][i] for c in comps] for i, y in enumerate(years)],
                         "#,##0.0")
        ch = BarChart()
        ch.type, ch.grouping, ch.overlap = "col", "stacked", 100
        style(ch, "Chain cost by component (undiscounted)", "Year", "EUR million per year", "#,##0.0")
        ch.add_data(Reference(ws, min_col=2, max_col=1 + len(comps), min_row=top, max_row=end),
                    titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=end))
        for ser, c in zip(ch.series, comps):
            colour(ser, COST_COLOURS.get(c, "9E9E9E"))
        ws.add_chart(ch, f"F{row}")
        row = max(end, row + 17) + 2
    # 5. bottleneck ranking
    top10 = ex.bottlenecks[:10]
    if top10:
        top, end = block(row, ["bottleneck (knelpunt)", "value of one step (k EUR)"],
                         [[f"{b.what} {b.when}", max(b.value_step_eur, 0) / 1e3] for b in top10],
                         "#,##0.0")
        ch = BarChart()
        ch.type = "bar"
        style(ch, "Bottlenecks: value of relaxing each limit by one step", "Bottleneck",
              "Lower system cost, k EUR (discounted)", "#,##0")
        ch.add_data(Reference(ws, min_col=2, min_row=top, max_row=end), titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=end))
        ch.x_axis.scaling.orientation = "maxMin"    # rank 1 on top
        colour(ch.series[0], "C62828")
        ch.legend = None
        ws.add_chart(ch, f"F{row}")
    ws.column_dimensions["A"].width = 44
    for col in "BCDEFGHIJ":
        ws.column_dimensions[col].width = 14


def write_extra_files(run_: "Run", folder: Path) -> None:
    """report.html (always) and diagnosis.txt (when the model is infeasible)."""
    from nabb.reports.html import write_html

    ex = _explanation(run_)
    write_html(run_, folder, ex)
    if ex.infeasibility or (run_.solution.status != "optimal" and ex.checks):
        lines = [f"nabb: scenario {run_.results.scenario} is {run_.solution.status}.", ""]
        for f in ex.checks + ex.infeasibility:
            lines.append(f"- [{f.kind}] {f.message}")
            for r in f.refs:
                lines.append(f"    input: {r.where}")
        (Path(folder) / "diagnosis.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
