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

from nabb.explain import MIN_LISTED_EUR
from nabb.i18n import Lang
from nabb.reports.console import status_word
from nabb.reports.flowmap import flow_map
from nabb.reports.sankey import sankey_chart
from nabb.reports.series import series
from nabb.reports.style import COST_COLOURS, LINK_COLOURS, OTHER_COLOUR, crop_colours, esc
from nabb.reports.svg import bar_chart, hbar_chart, share_chart

if TYPE_CHECKING:  # pragma: no cover
    from nabb.explain import Explanation
    from nabb.run import Run

EN = Lang("en")


def penalty_sentence(res, say: Lang = EN) -> str:
    """Issue 12 item 8: the shortfall price is not a sourced value; say what it means."""
    pen = (res.meta or {}).get("shortfall_penalty_eur_per_unit")
    k = res.kpis
    if pen is None or k is None or not len(k):
        return ""
    mc = k["marginal_cost_target_eur_per_home"].astype(float)
    met = k[k["shortfall_homes"].astype(float) <= 0.5]
    worst = float(met["marginal_cost_target_eur_per_home"].max()) if len(met) else float("nan")
    text = say("html.penalty", penalty=say.euros(pen))
    clean = lambda v: 0.0 if abs(v) < 0.5 else v  # noqa: E731  (no "-0" for solver noise)
    if worst == worst:
        text += say("html.penalty.met", worst=say.euros(clean(worst)),
                    low=say.euros(clean(float(mc.min()))), high=say.euros(clean(float(mc.max()))))
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


def _cells(refs) -> str:
    return ", ".join(f'<span class="cell">{esc(r.where)}</span>' for r in refs)


def _findings_html(findings, say: Lang = EN) -> str:
    if not findings:
        return f'<p class="note">{esc(say("html.no_problems"))}</p>'
    items = []
    for f in findings:
        cells = _cells(f.refs)
        items.append(f"<li><b>{esc(f.link_name)}</b>: {esc(f.message)}"
                     + (f"<br><span class='note'>{say('html.inputs', cells=cells)}</span>"
                        if cells else "") + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _figure(chart_id: str, svg: str, caption: str = "") -> str:
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure class="chart" id="chart-{chart_id}">{svg}{cap}</figure>'


def _section(section_id: str, heading: str, content: str) -> str:
    return f'<section id="{section_id}"><h2>{esc(heading)}</h2>{content}</section>'


def render(run_: "Run", ex: "Explanation", say: Lang | None = None) -> str:
    """The page in ``say``'s language (default: the run's ``language`` setting)."""
    say = say or Lang(run_.inputs.settings.get("language") or "en")
    res = run_.results
    body: list[str] = []
    status_ok = res.kpis is not None and run_.solution.optimal
    threshold = say.euros(MIN_LISTED_EUR)
    if status_ok:
        s = series(run_)
        k = res.kpis
        last = s["last"]
        row = k[k.year == last].iloc[0]
        gap = float(row["biobased_share"]) - float(row["target_share"])
        tiles = [
            _tile(say.pct(row["biobased_share"], 1),
                  say("html.tile.share", year=last, target=say.pct(row["target_share"])),
                  "good" if gap >= -1e-6 else "bad"),
            _tile(say.num(row["biobased_homes"]), say("html.tile.homes", year=last)),
            _tile(say.num(row["shortfall_homes"]), say("html.tile.shortfall", year=last),
                  "bad" if row["shortfall_homes"] > 0.5 else "good"),
            _tile(f"{say.num(row['fibre_crop_area_ha'])} ha", say("html.tile.area", year=last)),
            _tile(f"{say.num(row['primary_capacity_t_input_per_yr'])} {say('html.unit.t_in')}",
                  say("html.tile.primary", year=last, share=say.pct(row["primary_utilisation"]))),
            _tile(f"{say.num(row['product_line_capacity_t_output_per_yr'])} {say('html.unit.t_out')}",
                  say("html.tile.lines", year=last, share=say.pct(row["product_line_utilisation"]))),
            _tile(say.pct(row["import_share"]), say("html.tile.imports", year=last)),
            _tile(say.money(res.objective_eur), say("html.tile.objective")),
            _tile(str(len([b for b in ex.listed() if b.link != 'target'])),
                  say("html.tile.bottlenecks", threshold=threshold)),
        ]
        body.append(_section("kpis", say("html.kpis", year=last),
                             f'<div class="tiles">{"".join(tiles)}</div>'
                             f'<p class="note">{esc(say("html.kpis_note"))}</p>'))
        # bottlenecks
        listed = ex.listed()
        top = [b for b in listed if b.link != "target"][:10]
        target_lines = [b.sentence() for b in listed if b.link == "target"]
        if top:
            links = list(dict.fromkeys(b.link for b in top))
            names = {b.link: b.link_name for b in top}
            chart = hbar_chart(
                "bottlenecks", say("html.bottlenecks.chart"), say("html.bottlenecks.axis"),
                [f"{b.what}, {b.when}" for b in top], [max(b.value_step_eur, 0) / 1e3 for b in top],
                [LINK_COLOURS.get(b.link, OTHER_COLOUR) for b in top],
                [f"{b.link_name}: {b.step_text} → {say.euros(b.value_step_eur)} "
                 f"({b.how})"
                 for b in top],
                log=True, legend=[(names[lk], LINK_COLOURS.get(lk, OTHER_COLOUR)) for lk in links],
                unit=say("html.bottlenecks.unit"), say=say)
        else:
            chart = hbar_chart("bottlenecks", say("html.bottlenecks.none"),
                               say("html.bottlenecks.axis_plain"), [], [], [], [], say=say)
        items = "".join(f"<li>{esc(b.sentence())}"
                        + (f"<br><span class='note'>{say('html.input', cells=_cells(b.refs))}</span>"
                           if b.refs else "") + "</li>" for b in top)
        body.append(_section("bottlenecks", say("html.bottlenecks"),
                             _figure("bottlenecks", chart,
                                     say("html.bottlenecks.caption", threshold=threshold))
                             + f'<ol class="knelpunten">{items}</ol>'
                             + "".join(f"<p>{esc(t)}</p>" for t in target_lines)))
        # shortfall
        penalty = f"<p>{esc(penalty_sentence(res, say))}</p>"
        if ex.shortfall is not None:
            sh = ex.shortfall
            steps = "".join(f"<li>{esc(st.sentence(sh.missing))}</li>" for st in sh.steps)
            body.append(_section("shortfall", say("html.shortfall"),
                                 f"<p>{esc(sh.message)}</p><ol>{steps}</ol>{penalty}"))
        else:
            body.append(_section("shortfall", say("html.shortfall"),
                                 f"<p>{esc(say('html.shortfall.none'))}</p>{penalty}"))
        body.append(_section("field-to-building", say("html.sankey.section"),
                             _figure("sankey", sankey_chart(run_, last, say=say),
                                     say("html.sankey.caption"))
                             + _figure("sankey-domestic",
                                       sankey_chart(run_, last, domestic=True, say=say),
                                       say("html.sankey.caption_domestic"))))
        body.append(_section("map", say("html.map.section"),
                             _figure("flowmap", flow_map(run_, last, say),
                                     say("html.map.caption"))))
        body.append(_section("share", say("html.share.section"),
                             _figure("share", share_chart(k, say))))
        cc = crop_colours(s["area"].keys())
        body.append(_section("area", say("html.area.section"), _figure("area", bar_chart(
            "area", say("html.area.chart"), say("html.axis.year"), say("html.axis.area"),
            [str(y) for y in s["years"]], s["area"], cc, unit="ha", say=say))))
        labels = [say.pct(u / c) if c > 0 else "" for c, u in zip(s["capacity"], s["use"])]
        cap_names = [say("html.capacity.primary_cap"), say("html.capacity.primary_use"),
                     say("html.capacity.lines_cap"), say("html.capacity.lines_use")]
        body.append(_section("capacity", say("html.capacity.section"), _figure(
            "capacity", bar_chart(
                "capacity", say("html.capacity.chart", year=last), say("html.axis.region"),
                say("html.capacity.axis"), s["region_names"],
                dict(zip(cap_names, (s["capacity"], s["use"], s["capacity_out"], s["use_out"]))),
                dict(zip(cap_names, ("#90CAF9", "#1565C0", "#FFCC80", "#EF6C00"))),
                stacked=False, unit=say.unit("t/yr"), percent_labels=labels, say=say),
            say("html.capacity.caption"))))
        body.append(_section("costs", say("html.costs.section"), _figure("costs", bar_chart(
            "costs", say("html.costs.chart"), say("html.axis.year"), say("html.costs.axis"),
            [str(y) for y in s["years"]], s["costs"], COST_COLOURS, unit=say("html.costs.unit"),
            say=say), say("html.costs.caption"))))
    else:
        status = esc(status_word(run_.solution.status, say))
        body.append(f'<section id="status"><h2 class="err">'
                    f'{esc(say("html.failed.heading", status=status))}</h2>'
                    f'<p>{esc(run_.solution.model_status)}</p>'
                    f'<p>{esc(say("html.failed.rules"))}</p>'
                    f'{_findings_html(ex.infeasibility, say)}</section>')
    body.append(_section("checks", say("html.checks.section"),
                         f'<p class="note">{esc(say("html.checks.note"))}</p>'
                         f'{_findings_html(ex.checks, say)}'))
    meta = res.meta or {}
    foot = esc(say("html.footer", scenario=res.scenario, file=meta.get("input_file", ""),
                   sha=str(meta.get("input_sha256", ""))[:12], solver=meta.get("solver", ""),
                   created=meta.get("created", "")))
    objective = say.money(res.objective_eur) if math.isfinite(res.objective_eur) else "–"
    status_line = esc(say("html.status_line", status=status_word(res.status, say),
                          objective=objective))
    return (f"<!DOCTYPE html>\n<html lang=\"{say.code}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(say('html.title', scenario=res.scenario))}</title><style>{CSS}</style>"
            f"<script>{ERROR_COLLECTOR}</script></head><body>"
            f"<header><h1>{esc(say('html.heading', scenario=res.scenario))}</h1>"
            f"<p>{status_line}</p></header><main>{''.join(body)}<p class=\"note\">{foot}</p></main>"
            '<div id="js-status" data-errors="-1" data-charts="-1"></div></body></html>\n')


def write_html(run_: "Run", folder: Path, ex: "Explanation") -> Path:
    path = Path(folder) / "report.html"
    path.write_text(render(run_, ex), encoding="utf-8")
    return path
