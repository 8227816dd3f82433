"""A self-contained ``report.html``: inline SVG charts, no CDN, no internet, no library JS.

Every chart is an ``<figure class="chart" id="chart-...">`` holding one inline ``<svg>``
with a title, axis titles with units and numbers with thousands separators.  Each crop
has one colour in every chart (:func:`crop_colours`, also used by the Excel charts).
Hovering any bar, band, arc or point shows its exact value (SVG ``<title>``).

This module lays out the page and its sections; the pieces live next to it: colours and
number formats in :mod:`~nabb.reports.style`, the chart frame and bar charts in
:mod:`~nabb.reports.svg`, the Sankey chart in :mod:`~nabb.reports.sankey`, the flow map in
:mod:`~nabb.reports.flowmap` and the chart data (shared with Excel) in
:mod:`~nabb.reports.series`.

The only script on the page is a small error collector: it records script errors and
``console.error`` calls into ``#js-status`` (``data-errors``, ``data-charts``), which the
headless-Chromium test reads back.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from nabb.reports.flowmap import flow_map
from nabb.reports.sankey import sankey_chart
from nabb.reports.series import series
from nabb.reports.style import COST_COLOURS, LINK_COLOURS, OTHER_COLOUR, crop_colours, esc, num, pct
from nabb.reports.svg import bar_chart, hbar_chart, share_chart

if TYPE_CHECKING:  # pragma: no cover
    from nabb.explain import Explanation
    from nabb.run import Run


def penalty_sentence(res) -> str:
    """Issue 12 item 8: the shortfall price is not a sourced value; say what it means."""
    pen = (res.meta or {}).get("shortfall_penalty_eur_per_unit")
    k = res.kpis
    if pen is None or k is None or not len(k):
        return ""
    mc = k["marginal_cost_target_eur_per_home"].astype(float)
    met = k[k["shortfall_homes"].astype(float) <= 0.5]
    worst = float(met["marginal_cost_target_eur_per_home"].max()) if len(met) else float("nan")
    text = (f"The new-build target is treated as hard up to EUR {pen:,.0f} per home (setting "
            f"shortfall_penalty_eur_per_unit; not a sourced value): while one more biobased home "
            f"costs less than that, the model builds it; beyond it, the model builds conventional "
            f"homes and reports the shortfall. ")
    if worst == worst:
        text += (f"Where the target is met, its marginal cost is at most EUR {worst:,.0f} per home "
                 f"(EUR {float(mc.min()):,.0f} to {float(mc.max()):,.0f} over the years): with a "
                 f"penalty below EUR {worst:,.0f} part of the target would be given up in that year, "
                 f"and below EUR {float(mc.min()):,.0f} in every year.")
    return text



# ----------------------------------------------------------------------------- page
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#212121;background:#fafafa}
header{background:#1B5E20;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px} header p{margin:4px 0 0;opacity:.9}
main{max-width:1060px;margin:0 auto;padding:8px 24px 48px}
section{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:18px 0;padding:14px 20px}
h2{font-size:18px;margin:4px 0 10px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.tile{border:1px solid #e0e0e0;border-radius:6px;padding:10px 12px;background:#fff}
.tile .v{font-size:22px;font-weight:600} .tile .l{font-size:12px;color:#616161}
.tile.bad .v{color:#C62828} .tile.good .v{color:#2E7D32}
figure.chart{margin:10px 0;overflow-x:auto} figure.chart svg{max-width:100%;height:auto}
figcaption{font-size:12px;color:#616161}
ol.knelpunten li{margin:6px 0} .cell{font-family:monospace;background:#f1f1f1;padding:0 3px}
table{border-collapse:collapse;font-size:13px} td,th{border-bottom:1px solid #eee;padding:4px 8px;text-align:left}
td.n{text-align:right} .note{font-size:12px;color:#616161} .err{color:#C62828}
#js-status{display:none}
"""

ERROR_COLLECTOR = """
window.__nabbErrors = [];
window.addEventListener('error', function (e) { window.__nabbErrors.push(String(e.message || e)); });
(function () {
  var orig = console.error;
  console.error = function () {
    window.__nabbErrors.push(Array.prototype.join.call(arguments, ' '));
    return orig.apply(console, arguments);
  };
})();
document.addEventListener('DOMContentLoaded', function () {
  var s = document.getElementById('js-status');
  s.setAttribute('data-charts', String(document.querySelectorAll('figure.chart > svg').length));
  s.setAttribute('data-errors', String(window.__nabbErrors.length));
  s.textContent = window.__nabbErrors.join('\\n');
});
"""


def _tile(value: str, label: str, cls: str = "") -> str:
    return f'<div class="tile {cls}"><div class="v">{esc(value)}</div><div class="l">{esc(label)}</div></div>'


def _findings_html(findings) -> str:
    if not findings:
        return '<p class="note">No problems found.</p>'
    items = []
    for f in findings:
        cells = ", ".join(f'<span class="cell">{esc(r.where)}</span>' for r in f.refs)
        items.append(f"<li><b>{esc(f.link)}</b>: {esc(f.message)}"
                     + (f"<br><span class='note'>Inputs: {cells}</span>" if cells else "") + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def render(run_: "Run", ex: "Explanation") -> str:
    res = run_.results
    scen = esc(res.scenario)
    body: list[str] = []
    status_ok = res.kpis is not None and run_.solution.optimal
    if status_ok:
        s = series(run_)
        k = res.kpis
        last = s["last"]
        row = k[k.year == last].iloc[0]
        gap = float(row["biobased_share"]) - float(row["target_share"])
        tiles = [
            _tile(pct(row["biobased_share"], 1), f"Biobased share of new-build homes {last} "
                  f"(doel {pct(row['target_share'])})", "good" if gap >= -1e-6 else "bad"),
            _tile(num(row["biobased_homes"]), f"Biobased new-build homes {last}"),
            _tile(num(row["shortfall_homes"]), f"Homes missing from the target {last} (tekort)",
                  "bad" if row["shortfall_homes"] > 0.5 else "good"),
            _tile(f"{num(row['fibre_crop_area_ha'])} ha", f"Fibre-crop area {last} (teeltareaal)"),
            _tile(f"{num(row['primary_capacity_t_input_per_yr'])} t in/yr",
                  f"Primary processing capacity {last}, used {pct(row['primary_utilisation'])} of usable (benuttingsgraad)"),
            _tile(f"{num(row['product_line_capacity_t_output_per_yr'])} t out/yr",
                  f"Product-line capacity {last}, used {pct(row['product_line_utilisation'])} of usable"),
            _tile(pct(row["import_share"]), f"Imported share of biobased product mass {last}"),
            _tile(f"€{res.objective_eur / 1e6:,.1f} M", "Objective, all years discounted: chain cost + shortfall penalties − credits and sales"),
            _tile(str(len([b for b in ex.listed() if b.link != 'target'])),
                  "Binding limits worth ≥ €1,000 a step (knelpunten)"),
        ]
        body.append(f'<section id="kpis"><h2>Key figures (kerncijfers), {last}</h2>'
                    f'<div class="tiles">{"".join(tiles)}</div>'
                    '<p class="note">All figures are model results (modeluitkomst), not monitor '
                    'values.</p></section>')
        # bottlenecks
        listed = ex.listed()
        top = [b for b in listed if b.link != "target"][:10]
        target_lines = [b.sentence() for b in listed if b.link == "target"]
        if top:
            links = list(dict.fromkeys(b.link for b in top))
            chart = hbar_chart(
                "bottlenecks", "Bottlenecks (knelpunten): value of relaxing each limit by one step",
                "Lower total system cost, k EUR (discounted), for one step (logarithmic scale)",
                [f"{b.what}, {b.when}" for b in top], [max(b.value_step_eur, 0) / 1e3 for b in top],
                [LINK_COLOURS.get(b.link, OTHER_COLOUR) for b in top],
                [f"{b.link}: {b.step:,.0f} {b.unit} → €{b.value_step_eur:,.0f} ({b.method})" for b in top],
                log=True, legend=[(lk, LINK_COLOURS.get(lk, OTHER_COLOUR)) for lk in links],
                unit=" k€")
        else:
            chart = hbar_chart("bottlenecks", "Bottlenecks (knelpunten): none binding",
                               "Lower total system cost, k EUR (discounted)", [], [], [], [])
        items = "".join(f"<li>{esc(b.sentence())}"
                        + (f"<br><span class='note'>Input: "
                           + ", ".join(f'<span class="cell">{esc(r.where)}</span>' for r in b.refs)
                           + "</span>" if b.refs else "") + "</li>" for b in top)
        body.append('<section id="bottlenecks"><h2>Bottlenecks (knelpunten)</h2>'
                    f'<figure class="chart" id="chart-bottlenecks">{chart}<figcaption>Ranked by '
                    'what one step more (100 ha, 1,000 t/yr, one percentage point, or 100 homes '
                    'for a target) would save, from the duals of the solved model; the top '
                    'entries are checked by a re-solve. Steps: see each sentence. The scale is '
                    'logarithmic (each grid line ten times the last); the value is written at '
                    'the end of each bar and the colour is the kind of limit (legend). Limits '
                    'worth less than €1,000 a step are not listed.</figcaption>'
                    f'</figure><ol class="knelpunten">{items}</ol>'
                    + "".join(f"<p>{esc(t)}</p>" for t in target_lines) + '</section>')
        # shortfall
        penalty = f"<p>{esc(penalty_sentence(res))}</p>"
        if ex.shortfall is not None:
            sh = ex.shortfall
            steps = "".join(f"<li>{esc(st.sentence(sh.missing))}</li>" for st in sh.steps)
            body.append(f'<section id="shortfall"><h2>Shortfall (tekort)</h2><p>{esc(sh.message)}</p>'
                        f'<ol>{steps}</ol>{penalty}</section>')
        else:
            body.append('<section id="shortfall"><h2>Shortfall (tekort)</h2><p>Every biobased '
                        f'target is met in every year.</p>{penalty}</section>')
        body.append('<section id="field-to-building"><h2>From field to building (van land tot pand)</h2>'
                    f'<figure class="chart" id="chart-sankey">{sankey_chart(run_, last)}'
                    '<figcaption>Band width is proportional to tonnes per year of output. Mass lost in '
                    'processing (dust, water) is the gap between a node and its bands.</figcaption></figure>'
                    f'<figure class="chart" id="chart-sankey-domestic">{sankey_chart(run_, last, domestic=True)}'
                    '<figcaption>The same chain with imports left out, so the flows from Dutch crops '
                    'can be seen: each band is scaled by the share of its source that comes from '
                    'Dutch fields (a product made from imported and Dutch fibre counts in part).'
                    '</figcaption></figure></section>')
        body.append('<section id="map"><h2>Flows between regions</h2>'
                    f'<figure class="chart" id="chart-flowmap">{flow_map(run_, last)}'
                    '<figcaption>Net flow = tonnes leaving minus tonnes entering the region, all '
                    'commodities. Hover an arc for the commodities.</figcaption></figure></section>')
        body.append('<section id="share"><h2>Biobased share vs target (doelbereik)</h2>'
                    f'<figure class="chart" id="chart-share">{share_chart(k)}</figure></section>')
        cc = crop_colours(s["area"].keys())
        body.append('<section id="area"><h2>Fibre-crop area (teeltareaal)</h2><figure class="chart" '
                    'id="chart-area">' + bar_chart(
                        "area", "Area per crop per year (teeltareaal)", "Year", "Area (ha)",
                        [str(y) for y in s["years"]], s["area"], cc, unit="ha") + "</figure></section>")
        labels = [f"{pct(u / c)}" if c > 0 else "" for c, u in zip(s["capacity"], s["use"])]
        body.append('<section id="capacity"><h2>Processing capacity and use (verwerkingscapaciteit, '
                    'benuttingsgraad)</h2><figure class="chart" id="chart-capacity">' + bar_chart(
                        "capacity", f"Primary processing and product lines: usable capacity vs use per region, {last}", "Region",
                        "t/yr (primary: crop in; product lines: product out)", s["region_names"],
                        {"primary capacity (t in)": s["capacity"], "primary use (t in)": s["use"],
                         "product-line capacity (t out)": s["capacity_out"],
                         "product-line use (t out)": s["use_out"]},
                        {"primary capacity (t in)": "#90CAF9", "primary use (t in)": "#1565C0",
                         "product-line capacity (t out)": "#FFCC80", "product-line use (t out)": "#EF6C00"},
                        stacked=False, unit="t/yr", percent_labels=labels)
                    + "<figcaption>Usable capacity = (existing plus new nameplate capacity) x "
                    "availability, as in the KPIs: primary processing in tonnes of crop input, "
                    "product lines in tonnes of product output, never added up; labels show the "
                    "utilisation of usable primary capacity.</figcaption></figure></section>")
        body.append('<section id="costs"><h2>Chain cost by component (ketenkosten)</h2>'
                    '<figure class="chart" id="chart-costs">' + bar_chart(
                        "costs", "Cost components per year (undiscounted)", "Year",
                        "EUR million per year", [str(y) for y in s["years"]], s["costs"],
                        COST_COLOURS, unit="M EUR") + "<figcaption>Carbon credits are income and "
                    "show below zero.</figcaption></figure></section>")
    else:
        body.append(f'<section id="status"><h2 class="err">No balance: the model is '
                    f'{esc(run_.solution.status)}</h2><p>{esc(run_.solution.model_status)}</p>'
                    '<p>The conflicting rules and the input cells behind them:</p>'
                    f'{_findings_html(ex.infeasibility)}</section>')
    body.append('<section id="checks"><h2>Pre-solve checks</h2>'
                '<p class="note">Arithmetic on the inputs alone, before any solve.</p>'
                f'{_findings_html(ex.checks)}</section>')
    meta = res.meta or {}
    foot = (f'Bron: modeluitkomst NABB-balansmodel, scenario {scen}; input '
            f'{esc(meta.get("input_file", ""))} (sha256 {esc(str(meta.get("input_sha256", ""))[:12])}); '
            f'{esc(meta.get("solver", ""))}; created {esc(meta.get("created", ""))}.')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>NABB balance – scenario {scen}</title><style>{CSS}</style>"
            f"<script>{ERROR_COLLECTOR}</script></head><body>"
            f"<header><h1>NABB balance report – scenario {scen}</h1><p>Status: "
            f"{esc(res.status)}. Objective (all years, discounted): "
            f"{'€' + format(res.objective_eur / 1e6, ',.1f') + ' M' if math.isfinite(res.objective_eur) else '–'}"
            f"</p></header><main>{''.join(body)}<p class=\"note\">{foot}</p></main>"
            '<div id="js-status" data-errors="-1" data-charts="-1"></div></body></html>\n')


def write_html(run_: "Run", folder: Path, ex: "Explanation") -> Path:
    path = Path(folder) / "report.html"
    path.write_text(render(run_, ex), encoding="utf-8")
    return path
