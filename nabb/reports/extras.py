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
    from nabb.run import Run


def _explanation(run_: "Run"):
    from nabb.explain import explain
    return explain(run_)


def extra_sheets(run_: "Run") -> dict[str, pd.DataFrame]:
    """Extra tables for report.xlsx: Bottlenecks, Shortfall, Checks."""
    return _explanation(run_).frames()


def add_charts(wb, run_: "Run") -> None:
    """Native Excel charts, on a sheet Charts placed second in the report (XlsxWriter charts).

    Each chart's data sits next to it in columns A-E, with the full labels and units in the
    headers; the columns are sized so no header is cut."""
    from nabb.reports.series import series
    from nabb.reports.style import COST_COLOURS, crop_colours
    from nabb.reports.workbook import Sheet, column_width

    if run_.results.kpis is None or not run_.solution.optimal:
        return
    s = series(run_)
    ex = _explanation(run_)
    wb.add(Sheet("Charts", draw=lambda report, ws: _draw_charts(report, ws, s, ex,
                                                                  COST_COLOURS, crop_colours,
                                                                  column_width)), index=1)


def _draw_charts(report, ws, s, ex, cost_colours, crop_colours, column_width) -> None:
    from nabb.i18n.names import name as code_name
    cells, book = report.cells, report.cells.book
    say = report.say
    nm = lambda code: code_name(code, say.code)  # noqa: E731
    name = report.title("Charts")
    widths: dict[int, list[str]] = {}
    cells.write(ws, 0, 0, say("charts.note"), {"italic": True})

    def block(row: int, header: list[str], rows: list[list], fmt: str = "#,##0") -> tuple[int, int]:
        for j, h in enumerate(header):
            cells.write(ws, row, j, h, {"bold": True, "text_wrap": True, "valign": "top"})
            widths.setdefault(j, []).append(h if j == 0 else h[:22])
        ws.set_row(row, 30)
        for i, r in enumerate(rows, start=row + 1):
            for j, v in enumerate(r):
                number = isinstance(v, (int, float)) and not isinstance(v, bool)
                cells.write(ws, i, j, v, {"num_format": fmt} if j > 0 and number else None)
                if j == 0:
                    widths.setdefault(j, []).append(str(v))
        return row, row + len(rows)

    def chart(kind: str, title: str, x: str, y: str, yfmt: str = "#,##0", subtype: str | None = None,
              height: int = 330):
        ch = book.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
        ch.set_title({"name": title, "name_font": {"size": 12, "bold": True}})
        cat = {"name": x, "interval_unit": 1, "num_font": {"size": 9}}
        val = {"name": y, "num_format": yfmt, "major_gridlines": {"visible": True,
                                                                   "line": {"color": "#E0E0E0"}}}
        if kind == "bar":       # horizontal bars: x is the value axis, y the categories
            ch.set_x_axis(val)
            ch.set_y_axis({**cat, "reverse": True})
        else:
            ch.set_x_axis(cat)
            ch.set_y_axis(val)
        ch.set_legend({"position": "right"})
        ch.set_size({"width": 760, "height": height})
        return ch

    def add(ch, col: int, top: int, end: int, colour: str, line: bool = False,
            dash: bool = False) -> None:
        spec = {"name": [name, top, col], "categories": [name, top + 1, 0, end, 0],
                "values": [name, top + 1, col, end, col]}
        if line:
            spec["line"] = {"color": colour, "width": 2.25 if not dash else 1.5,
                            **({"dash_type": "dash"} if dash else {})}
            spec["marker"] = {"type": "circle", "size": 5, "fill": {"color": colour},
                              "border": {"color": colour}}
        else:
            spec["fill"] = {"color": colour}
            spec["border"] = {"color": colour}
        ch.add_series(spec)

    years = s["years"]
    # charts go right of the widest data block, so no chart covers data
    gap = max(5, 1 + len(s["area"]), 1 + len(s["costs"])) + 1
    row = 2
    # 1. biobased share vs target
    top, end = block(row, [say("charts.year"), say("charts.share"), say("charts.target_share")],
                     [[y, a, b] for y, a, b in zip(years, s["share"], s["target"])], "0.0%")
    ch = chart("line", say("charts.share_title"), say("charts.axis_year"),
               say("chart.share.axis"), "0%")
    add(ch, 1, top, end, "#2E7D32", line=True)
    add(ch, 2, top, end, "#616161", line=True, dash=True)
    ws.insert_chart(row, gap, ch)
    row = max(end, row + 18) + 2
    # 2. hectares per crop per year (stacked)
    crops = list(s["area"])
    if crops:  # a workbook without crops (imports only) has no area to chart
        cc = crop_colours(crops)
        top, end = block(row, [say("charts.year")] + [f"{nm(c) if say.code == 'nl' else c} (ha)"
                                                       for c in crops],
                         [[y] + [s["area"][c][i] for c in crops] for i, y in enumerate(years)])
        ch = chart("column", say("charts.area_title"), say("charts.axis_year"),
                   say("html.axis.area"), subtype="stacked")
        for j, c in enumerate(crops, start=1):
            add(ch, j, top, end, cc[c])
        ch.set_chartarea({"border": {"none": True}})
        ws.insert_chart(row, gap, ch)
        row = max(end, row + 18) + 2
    # 3. processing capacity vs use per region (last year)
    top, end = block(row, [say("charts.region"), say("charts.primary_cap"), say("charts.primary_use"),
                           say("charts.lines_cap"), say("charts.lines_use")],
                     [[n, c, u, co, uo] for n, c, u, co, uo in zip(
                         s["region_names"], s["capacity"], s["use"], s["capacity_out"], s["use_out"])])
    ch = chart("column", say("html.capacity.chart", year=s["last"]), say("html.axis.region"),
               say("charts.capacity_axis"))
    for j, c in enumerate(("#90CAF9", "#1565C0", "#FFCC80", "#EF6C00"), start=1):
        add(ch, j, top, max(end, top + 1), c)
    ws.insert_chart(row, gap, ch)
    row = max(end, row + 18) + 2
    # 4. cost components per year (stacked, M EUR)
    comps = list(s["costs"])
    if comps:
        top, end = block(row, [say("charts.year")] + [say("charts.cost_column", component=nm(c))
                                                       for c in comps],
                         [[y] + [s["costs"][c][i] for c in comps] for i, y in enumerate(years)],
                         "#,##0.0")
        ch = chart("column", say("charts.costs_title"), say("charts.axis_year"),
                   say("html.costs.axis"), "#,##0.0", subtype="stacked")
        ch.set_x_axis({"name": say("charts.axis_year"), "interval_unit": 1, "label_position": "low"})
        for j, c in enumerate(comps, start=1):
            add(ch, j, top, end, "#" + cost_colours.get(c, "#9E9E9E").lstrip("#"))
        ws.insert_chart(row, gap, ch)
        row = max(end, row + 18) + 2
    # 5. bottleneck ranking
    top10 = [b for b in ex.listed() if b.link != "target"][:10]
    if top10:
        def short(text: str, n: int = 46) -> str:
            return text if len(text) <= n else text[: n - 1].rstrip() + "…"
        top, end = block(row, [say("charts.bottleneck", sheet=report.title("Bottlenecks")),
                               say("charts.step_value")],
                         [[short(f"{i}. {b.what}, {b.when}"), max(b.value_step_eur, 0) / 1e3]
                          for i, b in enumerate(top10, start=1)], "#,##0.0")
        ch = chart("bar", say("html.bottlenecks.chart"), say("charts.bottleneck_axis"),
                   say("charts.bottleneck_value_axis"), "#,##0", height=140 + 36 * len(top10))
        add(ch, 1, top, end, "#C62828")
        ch.set_legend({"none": True})
        ws.insert_chart(row, gap, ch, {"x_offset": 0})
    last_row = row + 18
    for j, texts in widths.items():   # headers wrap onto two lines (row height 30) if wider
        w, _ = column_width("", texts)
        ws.set_column(j, j, min(w, 48) if j == 0 else min(max(w, 12), 24))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, last_row, gap + 12)
    esc = lambda t: str(t).replace("&", "&&")  # noqa: E731  (& starts a header code)
    ws.set_header(f'&L&"-,Bold"{esc(say("xlsx.page.title", title=name))}'
                  f'&R{esc(say("xlsx.page.scenario", scenario=report.scenario))}')
    ws.set_footer(say("xlsx.page.footer"))


def write_extra_files(run_: "Run", folder: Path) -> None:
    """report.html (always) and diagnosis.txt (when the model is infeasible)."""
    from nabb.reports.html import write_html

    ex = _explanation(run_)
    write_html(run_, folder, ex)
    if ex.infeasibility or (run_.solution.status != "optimal" and ex.checks):
        from nabb.i18n import Lang
        from nabb.reports.console import status_word
        say = Lang(ex.lang)
        lines = [say("diagnosis.head", scenario=run_.results.scenario,
                     status=status_word(run_.solution.status, say)), ""]
        for f in ex.checks + ex.infeasibility:
            lines.append(f"- [{f.kind}] {f.message}")
            for r in f.refs:
                lines.append(say("diagnosis.input", where=r.where))
        (Path(folder) / "diagnosis.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
