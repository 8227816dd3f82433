"""uncertainty.html: one self-contained page (inline SVG, no script, no internet).

Fan charts of the KPIs over the years (P5-P95 and P25-P75 bands, P50 line, the base plan
dashed), the probability of meeting the target per year, tornado charts of the inputs that
matter most, and the no-regret and regret investments by region.  In Dutch or in English
(``lang``): words from the catalogue, numbers in the language's notation (1.234,5 / 1,234.5).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from nabb.i18n import Lang
from nabb.reports.style import FONT, esc
from nabb.reports.svg import Frame
from nabb.reports.uncertainty_words import (FANS, code, distribution, kpi_label, million_eur, states,
                                            sample_note, status_word, target, timing, word)
from nabb.uncertainty import stats
from nabb.uncertainty.engine import plan_note

BAND_OUTER, BAND_INNER, LINE = "#BBDEFB", "#64B5F6", "#0D47A1"
EN = Lang("en")


def _v(x: Any) -> float:
    return float(x) if isinstance(x, (int, float)) and math.isfinite(float(x)) else math.nan


def fan_chart(chart_id: str, title: str, unit: str, years: list[str], q: dict, base: list[float],
              percent: bool = False, say: Lang = EN) -> str:
    # the axis says the unit only: the title above already names the KPI (a long title and
    # its unit did not fit along the axis)
    f = Frame(title, say("charts.axis_year"), "%" if percent else unit, width=620,
              height=320, right=150, say=say)
    lo = [_v((q.get(y) or {}).get("P5")) for y in years]
    hi = [_v((q.get(y) or {}).get("P95")) for y in years]
    vals = [v for v in lo + hi + base if math.isfinite(v)]
    if not vals:
        f.yaxis(0, 1, percent)
        f.parts.append(f'<text x="{f.l + f.pw / 2}" y="{f.t + f.ph / 2}" text-anchor="middle" '
                       'font-size="13">' + esc(say("unc.no_solved")) + '</text>')
        return f.svg(chart_id)
    f.yaxis(min(0.0, min(vals)), max(vals) * 1.05 if max(vals) > 0 else 1.0, percent)
    n = len(years)
    xs = [f.l + f.pw * (i + 0.5) / max(n, 1) for i in range(n)]
    for x, y in zip(xs, years):
        f.parts.append(f'<text x="{x:.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" font-size="11">{y}</text>')

    def band(a: str, b: str, colour: str) -> None:
        top = [(x, _v((q.get(y) or {}).get(b))) for x, y in zip(xs, years)]
        bot = [(x, _v((q.get(y) or {}).get(a))) for x, y in zip(xs, years)]
        pts = [(x, v) for x, v in top if math.isfinite(v)] + [(x, v) for x, v in reversed(bot) if math.isfinite(v)]
        if len(pts) >= 2:
            d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{f.y(v):.1f}" for i, (x, v) in enumerate(pts)) + " Z"
            f.parts.append(f'<path class="band" d="{d}" fill="{colour}" stroke="none"><title>{a}–{b}</title></path>')
    band("P5", "P95", BAND_OUTER)
    band("P25", "P75", BAND_INNER)

    def fmt(v: float) -> str:
        if percent:
            return say.pct(v, 1)
        if unit == million_eur(say):     # € 690 mln, € 2,28 mld
            return say.money(v * 1e6, 2 if abs(v) >= 1000 else 0)
        return say.amount(v, unit, 1 if abs(v) < 10 else 0)   # € 2.367 per woning; 2,367 EUR/home

    def line(vals: list[float], colour: str, dash: bool, name: str) -> None:
        pts = [(x, v, y) for x, v, y in zip(xs, vals, years) if math.isfinite(v)]
        if not pts:
            return
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{f.y(v):.1f}" for i, (x, v, _) in enumerate(pts))
        extra = ' stroke-dasharray="6,4"' if dash else ""
        f.parts.append(f'<path class="series" d="{d}" fill="none" stroke="{colour}" '
                       f'stroke-width="{2 if dash else 3}"{extra}/>')
        for x, v, y in pts:
            f.parts.append(f'<circle cx="{x:.1f}" cy="{f.y(v):.1f}" r="3" fill="{colour}"><title>{y} – '
                           f'{esc(name)}: {esc(fmt(v))}</title></circle>')
    line([_v((q.get(y) or {}).get("P50")) for y in years], LINE, False, say("unc.median_p50"))
    line(base, "#212121", True, say("unc.base"))
    f.legend([("P5–P95", BAND_OUTER, "box"), ("P25–P75", BAND_INNER, "box"),
              (say("unc.median"), LINE, "line"), (say("unc.base"), "#212121", "dash")])
    return f.svg(chart_id)


def probability_chart(probs: dict, say: Lang = EN) -> str:
    years = [k for k in probs if k.isdigit()]
    f = Frame(say("unc.probability_title"), say("charts.axis_year"), say("unc.probability_axis"),
              width=620, height=320, right=40, say=say)
    f.yaxis(0, 1, percent=True)
    n = max(len(years), 1)
    slot = f.pw / n
    for i, y in enumerate(years):
        p = _v(probs[y])
        x = f.l + slot * i + slot * 0.2
        if math.isfinite(p):
            f.parts.append(f'<rect class="bar" x="{x:.1f}" y="{f.y(p):.1f}" width="{slot * 0.6:.1f}" '
                           f'height="{f.y(0) - f.y(p):.1f}" fill="#2E7D32"><title>{y}: {say.pct(p, 1)}</title></rect>')
            f.parts.append(f'<text x="{x + slot * 0.3:.1f}" y="{f.y(p) - 4:.1f}" text-anchor="middle" '
                           f'font-size="11">{say.pct(p)}</text>')
        f.parts.append(f'<text x="{x + slot * 0.3:.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" '
                       f'font-size="11">{y}</text>')
    return f.svg("probability")


def tornado_chart(chart_id: str, title: str, items: list[tuple[str, float]], label: str,
                  say: Lang = EN) -> str:
    n = max(len(items), 1)
    f = Frame(title, label, "", width=620, height=80 + 26 * n + 30, left=230, right=30, top=44, bottom=44,
              say=say)
    lo = -1.0 if any(v < 0 for _, v in items) else 0.0
    x = lambda v: f.l + f.pw * (v - lo) / (1.0 - lo)  # noqa: E731
    for t in ([-1, -0.5, 0, 0.5, 1] if lo < 0 else [0, 0.25, 0.5, 0.75, 1]):
        f.parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{f.t}" y2="{f.t + f.ph}" stroke="#e0e0e0"/>')
        f.parts.append(f'<text x="{x(t):.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" font-size="11">{say.g(t, "g")}</text>')
    if not items:
        f.parts.append(f'<text x="{f.l + f.pw / 2}" y="{f.t + 20}" text-anchor="middle" font-size="12">'
                       f'{esc(say("unc.not_defined"))}</text>')
    bh = f.ph / n
    for i, (name, v) in enumerate(items):
        y = f.t + i * bh + bh * 0.15
        a, b = sorted((x(0), x(v)))
        f.parts.append(f'<rect class="bar" x="{a:.1f}" y="{y:.1f}" width="{max(b - a, 0.5):.1f}" height="{bh * 0.7:.1f}" '
                       f'fill="{"#C62828" if v < 0 else "#1565C0"}"><title>{esc(name)}: {say.g(v, "+.2f")}</title></rect>')
        f.parts.append(f'<text x="{f.l - 6}" y="{y + bh * 0.5:.1f}" text-anchor="end" font-size="11">{esc(name)}</text>')
    return f.svg(chart_id)


def _scaled(block: dict, factor: float) -> dict:
    return {y: {k: (_v(v) * factor if v is not None else None) for k, v in (qs or {}).items()}
            for y, qs in block.items()}


def _by_region(by_region: dict, years: list[str], say: Lang) -> str:
    """Hectares per region and crop: P5 / P50 / P95 in every year (the fans are national)."""
    if not by_region:
        return ""
    rows = [[r, code(c, say)] + [f"{say.num(_v(qs.get(y, {}).get('P5')))} / {say.num(_v(qs.get(y, {}).get('P50')))} / "
                                 f"{say.num(_v(qs.get(y, {}).get('P95')))}" for y in years]
            for r, crops in by_region.items() for c, qs in crops.items()]
    return (f"<h3>{esc(say('unc.h.by_region'))}</h3>"
            + _table([say("unc.col.region"), say("unc.col.crop")] + years, rows, say, "byregion"))


def _table(headers: list[str], rows: list[list[Any]], say: Lang, cls: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    none = f"<tr><td colspan=9>{esc(say('unc.none'))}</td></tr>"
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body or none}</tbody></table>'


def _inputs_rows(result, say: Lang) -> list[list[Any]]:
    """The uncertain inputs, distributions and apply modes in the reader's words."""
    s = result.summary
    dists = {p.name: p.dist for p in result.plan.spec.params} if getattr(result, "plan", None) else {}
    return [[p["parameter"], p["sheet"], p["column"], p["filter"], word("unc.apply", p["apply"], say),
             distribution(dists[p["parameter"]], say) if p["parameter"] in dists else p["distribution"],
             p["group"], p["basis"], p["source"]] for p in s["inputs"]]


def _fans(result, years: list[str], say: Lang) -> list[str]:
    """The fan charts: the headline KPIs, then the area of each crop and each process's capacity."""
    s = result.summary
    q, base = s["quantiles"], s.get("base_plan", {})
    parts = []
    for key, title_key, unit, percent in FANS:
        b = [_v(base.get(f"{key}.{y}")) for y in years]
        block = q[key]
        shown = say.unit(unit)
        if unit == "EUR":  # millions read better on an axis
            block, b, shown = _scaled(block, 1e-6), [v * 1e-6 for v in b], million_eur(say)
        parts.append(f'<figure class="chart" id="chart-fan-{key}">'
                     f'{fan_chart(f"fan-{key}", say(title_key), shown, years, block, b, percent, say)}</figure>')
    for c in q["area_ha"]:
        chart = fan_chart(f"fan-area-{c}", say("unc.fan.area", name=code(c, say)), "ha", years, q["area_ha"][c],
                          [_v(base.get(f"area_ha.{c}.{y}")) for y in years], say=say)
        parts.append(f'<figure class="chart" id="chart-fan-area-{esc(c)}">{chart}</figure>')
    for p in q.get("processing_capacity_t", {}):
        chart = fan_chart(f"fan-capacity-{p}", say("unc.fan.capacity", name=code(p, say)), say.unit("t/yr"),
                          years, q["processing_capacity_t"][p],
                          [_v(base.get(f"capacity_t.{p}.{y}")) for y in years], say=say)
        parts.append(f'<figure class="chart" id="chart-fan-capacity-{esc(p)}">{chart}</figure>')
    return parts


def render(result, lang: str = "en") -> str:
    say = Lang(lang)
    s = result.summary
    q = s["quantiles"]
    years = list(q["biobased_share"])
    parts = []
    probs = s["probability_target_met"]
    run = s["run"]
    heads = stats.headline([int(y) for y in years])
    note = plan_note(result.plan, lang) if getattr(result, "plan", None) else s["structure"]["note"]
    parts.append(f"<h1>{esc(say('unc.h1', scenario=run['scenario']))}</h1>")
    parts.append(f'<p class="meta">' + esc(say("unc.meta", samples=say.num(s["samples"]), method=s["method"],
                                               seed=s["seed"], states=states(s["statuses"], say), note=note,
                                               file=run["input_file"], sha=run["input_sha256"][:12])) + "</p>")
    if s["failed"]:
        parts.append(f'<p class="warn">{esc(say("unc.failed_warning", failed=say.num(s["failed"])))}</p>')
    parts.append(f"<h2>{esc(say('unc.h.likely'))}</h2>")
    last = years[-1]
    parts.append("<p>" + esc(say("unc.likely_text", year=last, share="\x00")).replace(
        "\x00", f"<b>{esc(say.pct(_v(probs.get(last)), 0))}</b>") + "</p>")
    parts.append(f'<figure class="chart" id="chart-probability">{probability_chart(probs, say)}</figure>')
    other = {k: v for k, v in probs.items() if not k.isdigit()}
    if other:
        parts.append(_table([say("unc.col.target")] + years,
                            [[target(k, say)] + [say.pct(_v(v.get(y)), 0) for y in years]
                             for k, v in other.items()], say))
    parts.append(f"<h2>{esc(say('unc.h.ranges'))}</h2><div class=grid>")
    parts += _fans(result, years, say)
    parts.append("</div>")
    parts.append(_by_region(q.get("area_ha_by_region", {}), years, say))
    tq = q["total_discounted_cost_eur"]
    parts.append("<p>" + esc(say("unc.discounted", p5=say.money(_v(tq["P5"])), p50=say.money(_v(tq["P50"])),
                                 p95=say.money(_v(tq["P95"])))) + "</p>")
    sens = s["sensitivity"]
    label = say("unc.sobol") if sens["method"] == "sobol" else say("unc.prcc")
    parts.append(f"<h2>{esc(say('unc.h.inputs_matter'))}</h2><p>{esc(say('unc.inputs_matter_text', label=label))}"
                 "</p><div class=grid>")
    for kpi in heads:
        items = stats.tornado(sens, kpi)
        parts.append(f'<figure class="chart" id="chart-tornado-{esc(kpi)}">'
                     f'{tornado_chart(f"tornado-{kpi}", kpi_label(kpi, say), items, label, say)}</figure>')
    parts.append("</div>")
    parts.append(f"<h2>{esc(say('unc.h.no_regret'))}</h2>"
                 f"<p>{esc(say('unc.no_regret_text', share=say.pct(stats.NO_REGRET_SHARE)))}</p>")
    cols = [say(f"unc.col.{c}") for c in ("region", "kind", "item", "share")] + ["P5", "P50", "P95",
                                                                                  say("unc.col.unit")]
    parts.append(_table(cols, [[x["region"], word("unc.kind", x["kind"], say), code(x.get("process") or x.get("crop"), say),
                                say.pct(_v(x["share_of_samples"])), say.num(_v(x["p5"])), say.num(_v(x["p50"])),
                                say.num(_v(x["p95"])), say.unit(x["unit"])]
                               for x in sorted(s["no_regret"], key=lambda x: (x["region"], x["kind"]))],
                        say, "noregret"))
    parts.append(f"<h2>{esc(say('unc.h.regret'))}</h2>")
    cols = [say(f"unc.col.{c}") for c in ("region", "kind", "item", "base_size", "idle", "unit")]
    parts.append(_table(cols, [[x["region"], word("unc.kind", x["kind"], say), code(x.get("process") or x.get("crop"), say),
                                say.num(_v(x["base_plan_size"])), say.pct(_v(x["idle_share_of_samples"])),
                                say.unit(x["unit"])] for x in s["regret"]], say, "regret"))
    parts.append(f"<h2>{esc(say('unc.h.inputs'))}</h2>")
    cols = [say(f"unc.col.{c}") for c in ("parameter", "sheet", "column", "filter", "apply", "distribution",
                                          "group", "basis", "source")]
    parts.append(_table(cols, _inputs_rows(result, say), say))
    if s["failed_samples"]:
        parts.append(f"<h2>{esc(say('unc.h.failed'))}</h2>")
        parts.append(_table([say("unc.col.sample"), say("unc.col.status"), say("unc.col.note")],
                            [[f["sample"], status_word(f["status"], lang), sample_note(f["note"], say)]
                             for f in s["failed_samples"][:50]], say))
    timings = ", ".join(f"{timing(k, say)} {say.num(v, 1)}" for k, v in run["timings"].items() if isinstance(v, (int, float)))
    parts.append('<p class="meta">' + esc(say("unc.footer", version=run["versions"].get("nabb", ""),
                                              created=run["created"], timings=timings)) + "</p>")
    css = (f"body{{{FONT};margin:24px;max-width:1320px;color:#212121}} h1{{font-size:24px}} h2{{font-size:19px;margin-top:28px}}"
           ".grid{display:flex;flex-wrap:wrap;gap:8px} figure{margin:0} table{border-collapse:collapse;font-size:13px;margin:8px 0}"
           "td,th{border:1px solid #e0e0e0;padding:3px 8px;text-align:left} th{background:#f5f5f5}"
           ".meta{color:#616161;font-size:13px} .warn{color:#C62828}")
    return (f"<!DOCTYPE html><html lang={say.code}><head><meta charset=utf-8><title>{esc(say('unc.title'))}</title>"
            f"<style>{css}</style></head><body>" + "\n".join(parts) + "</body></html>")


def write_html(result, path: Path, lang: str = "en") -> None:
    Path(path).write_text(render(result, lang), encoding="utf-8")
