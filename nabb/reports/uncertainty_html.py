"""uncertainty.html: one self-contained page (inline SVG, no script, no internet).

Fan charts of the KPIs over the years (P5-P95 and P25-P75 bands, P50 line, the base plan
dashed), the probability of meeting the target per year, tornado charts of the inputs that
matter most, and the no-regret and regret investments by region.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from nabb.reports.style import FONT, crop_colours, esc, nice, num, pct
from nabb.reports.svg import Frame
from nabb.uncertainty import stats

BAND_OUTER, BAND_INNER, LINE = "#BBDEFB", "#64B5F6", "#0D47A1"
FANS = [("total_cost_eur", "Total cost of the year, undiscounted", "EUR", False),
        ("biobased_share", "Biobased share of new-build homes", "share", True),
        ("fibre_crop_area_ha", "Fibre-crop area", "ha", False),
        ("marginal_cost_target_eur_per_home", "Marginal cost of the new-build target", "EUR/home", False),
        ("import_share", "Import share of biobased products", "share", True),
        ("co2_credited_t", "CO2 credited", "t CO2", False),
        ("carbon_income_eur_per_ha", "Carbon income per hectare of fibre crop", "EUR/ha", False)]


def _v(x: Any) -> float:
    return float(x) if isinstance(x, (int, float)) and math.isfinite(float(x)) else math.nan


def fan_chart(chart_id: str, title: str, unit: str, years: list[str], q: dict, base: list[float],
              percent: bool = False) -> str:
    f = Frame(title, "Year", f"{title} ({'%' if percent else unit})", width=620, height=320, right=150)
    lo = [_v((q.get(y) or {}).get("P5")) for y in years]
    hi = [_v((q.get(y) or {}).get("P95")) for y in years]
    vals = [v for v in lo + hi + base if math.isfinite(v)]
    if not vals:
        f.yaxis(0, 1, percent)
        f.parts.append(f'<text x="{f.l + f.pw / 2}" y="{f.t + f.ph / 2}" text-anchor="middle" '
                       'font-size="13">no solved samples</text>')
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
        return pct(v, 1) if percent else f"{num(v, 1 if abs(v) < 10 else 0)} {unit}"

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
    line([_v((q.get(y) or {}).get("P50")) for y in years], LINE, False, "median (P50)")
    line(base, "#212121", True, "base plan")
    f.legend([("P5–P95", BAND_OUTER, "box"), ("P25–P75", BAND_INNER, "box"), ("median", LINE, "line"),
              ("base plan", "#212121", "dash")])
    return f.svg(chart_id)


def probability_chart(probs: dict) -> str:
    years = [k for k in probs if k.isdigit()]
    f = Frame("Probability of meeting the national new-build target", "Year",
              "Share of samples meeting the target (%)", width=620, height=320, right=40)
    f.yaxis(0, 1, percent=True)
    n = max(len(years), 1)
    slot = f.pw / n
    for i, y in enumerate(years):
        p = _v(probs[y])
        x = f.l + slot * i + slot * 0.2
        if math.isfinite(p):
            f.parts.append(f'<rect class="bar" x="{x:.1f}" y="{f.y(p):.1f}" width="{slot * 0.6:.1f}" '
                           f'height="{f.y(0) - f.y(p):.1f}" fill="#2E7D32"><title>{y}: {pct(p, 1)}</title></rect>')
            f.parts.append(f'<text x="{x + slot * 0.3:.1f}" y="{f.y(p) - 4:.1f}" text-anchor="middle" '
                           f'font-size="11">{pct(p)}</text>')
        f.parts.append(f'<text x="{x + slot * 0.3:.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" '
                       f'font-size="11">{y}</text>')
    return f.svg("probability")


def tornado_chart(chart_id: str, title: str, items: list[tuple[str, float]], label: str) -> str:
    n = max(len(items), 1)
    f = Frame(title, label, "", width=620, height=80 + 26 * n + 30, left=230, right=30, top=44, bottom=44)
    lo = -1.0 if any(v < 0 for _, v in items) else 0.0
    x = lambda v: f.l + f.pw * (v - lo) / (1.0 - lo)  # noqa: E731
    for t in ([-1, -0.5, 0, 0.5, 1] if lo < 0 else [0, 0.25, 0.5, 0.75, 1]):
        f.parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{f.t}" y2="{f.t + f.ph}" stroke="#e0e0e0"/>')
        f.parts.append(f'<text x="{x(t):.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" font-size="11">{t:g}</text>')
    if not items:
        f.parts.append(f'<text x="{f.l + f.pw / 2}" y="{f.t + 20}" text-anchor="middle" font-size="12">'
                       'not defined (constant KPI or too few samples)</text>')
    bh = f.ph / n
    for i, (name, v) in enumerate(items):
        y = f.t + i * bh + bh * 0.15
        a, b = sorted((x(0), x(v)))
        f.parts.append(f'<rect class="bar" x="{a:.1f}" y="{y:.1f}" width="{max(b - a, 0.5):.1f}" height="{bh * 0.7:.1f}" '
                       f'fill="{"#C62828" if v < 0 else "#1565C0"}"><title>{esc(name)}: {v:+.2f}</title></rect>')
        f.parts.append(f'<text x="{f.l - 6}" y="{y + bh * 0.5:.1f}" text-anchor="end" font-size="11">{esc(name)}</text>')
    return f.svg(chart_id)


def _scaled(block: dict, factor: float) -> dict:
    return {y: {k: (_v(v) * factor if v is not None else None) for k, v in (qs or {}).items()}
            for y, qs in block.items()}


def _by_region(by_region: dict, years: list[str]) -> str:
    """Hectares per region and crop: P5 / P50 / P95 in every year (the fans are national)."""
    if not by_region:
        return ""
    rows = [[r, nice(c)] + [f"{num(_v(qs.get(y, {}).get('P5')))} / {num(_v(qs.get(y, {}).get('P50')))} / "
                            f"{num(_v(qs.get(y, {}).get('P95')))}" for y in years]
            for r, crops in by_region.items() for c, qs in crops.items()]
    return ("<h3>Hectares per region and crop (P5 / P50 / P95)</h3>"
            + _table(["region", "crop"] + years, rows, "byregion"))


def _table(headers: list[str], rows: list[list[Any]], cls: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body or "<tr><td colspan=9>none</td></tr>"}</tbody></table>'


def render(result) -> str:
    s = result.summary
    q = s["quantiles"]
    years = list(q["biobased_share"])
    base = s.get("base_plan", {})
    parts = []
    probs = s["probability_target_met"]
    run = s["run"]
    heads = stats.headline([int(y) for y in years])
    fails = ", ".join(f"{k} {v}" for k, v in sorted(s["statuses"].items()))
    parts.append(f"<h1>nabb uncertainty – {esc(run['scenario'])}</h1>")
    parts.append(f'<p class="meta">{s["samples"]:,} samples ({esc(s["method"])}, seed {s["seed"]}): {esc(fails)}. '
                 f'{esc(s["structure"]["note"])}. Input {esc(run["input_file"])} (sha256 {esc(run["input_sha256"][:12])}…).</p>')
    if s["failed"]:
        parts.append(f'<p class="warn">{s["failed"]} sample(s) did not solve to optimality; they count as '
                     'not meeting the target and are left out of the quantiles (see the table at the end).</p>')
    parts.append("<h2>How likely is the target?</h2>")
    last = years[-1]
    parts.append(f"<p>Share of samples in which the national new-build target is met without shortfall. "
                 f"In {last}: <b>{pct(_v(probs.get(last)), 0)}</b>.</p>")
    parts.append(f'<figure class="chart" id="chart-probability">{probability_chart(probs)}</figure>')
    other = {k: v for k, v in probs.items() if not k.isdigit()}
    if other:
        parts.append(_table(["target"] + years, [[k] + [pct(_v(v.get(y)), 0) for y in years] for k, v in other.items()]))
    parts.append("<h2>Ranges of the results over the years</h2><div class=grid>")
    for i, (key, title, unit, percent) in enumerate(FANS):
        b = [_v(base.get(f"{key}.{y}")) for y in years]
        block = q[key]
        if unit == "EUR":  # millions read better on an axis
            block, b, unit = _scaled(block, 1e-6), [v * 1e-6 for v in b], "M EUR"
        parts.append(f'<figure class="chart" id="chart-fan-{key}">{fan_chart(f"fan-{key}", title, unit, years, block, b, percent)}</figure>')
    for c in q["area_ha"]:
        parts.append(f'<figure class="chart" id="chart-fan-area-{esc(c)}">'
                     f'{fan_chart(f"fan-area-{c}", f"Area of {nice(c)}", "ha", years, q["area_ha"][c], [_v(base.get(f"area_ha.{c}.{y}")) for y in years])}</figure>')
    for p in q.get("processing_capacity_t", {}):
        parts.append(f'<figure class="chart" id="chart-fan-capacity-{esc(p)}">'
                     f'{fan_chart(f"fan-capacity-{p}", f"Processing capacity: {nice(p)}", "t/yr", years, q["processing_capacity_t"][p], [_v(base.get(f"capacity_t.{p}.{y}")) for y in years])}</figure>')
    parts.append("</div>")
    parts.append(_by_region(q.get("area_ha_by_region", {}), years))
    tq = q["total_discounted_cost_eur"]
    parts.append(f"<p>Total discounted cost over the horizon: P5 {num(_v(tq['P5']) / 1e6, 1)}, P50 "
                 f"{num(_v(tq['P50']) / 1e6, 1)}, P95 {num(_v(tq['P95']) / 1e6, 1)} M EUR.</p>")
    sens = s["sensitivity"]
    label = "total Sobol index" if sens["method"] == "sobol" else "partial rank correlation (PRCC)"
    parts.append(f"<h2>Which inputs matter most</h2><p>Influence of each uncertain input on the headline "
                 f"results ({esc(label)}); longer bars matter more, red means the result goes down when the input goes up.</p><div class=grid>")
    for kpi in heads:
        items = stats.tornado(sens, kpi)
        parts.append(f'<figure class="chart" id="chart-tornado-{esc(kpi)}">'
                     f'{tornado_chart(f"tornado-{kpi}", stats.label(kpi), items, label)}</figure>')
    parts.append("</div>")
    parts.append("<h2>No-regret investments</h2><p>Built in at least 80% of the solved samples; size is the median over all samples.</p>")
    parts.append(_table(["region", "kind", "process / crop", "share of samples", "P5", "P50", "P95", "unit"],
                        [[x["region"], x["kind"], x.get("process") or x.get("crop"), pct(_v(x["share_of_samples"])),
                          num(_v(x["p5"])), num(_v(x["p50"])), num(_v(x["p95"])), x["unit"]]
                         for x in sorted(s["no_regret"], key=lambda x: (x["region"], x["kind"]))], "noregret"))
    parts.append("<h2>Regret: what the base plan builds that stands idle</h2>")
    parts.append(_table(["region", "kind", "process / crop", "base plan size", "idle in share of samples", "unit"],
                        [[x["region"], x["kind"], x.get("process") or x.get("crop"), num(_v(x["base_plan_size"])),
                          pct(_v(x["idle_share_of_samples"])), x["unit"]] for x in s["regret"]], "regret"))
    parts.append("<h2>Uncertain inputs</h2>")
    parts.append(_table(["parameter", "sheet", "column", "filter", "apply", "distribution", "group", "basis", "source"],
                        [[p["parameter"], p["sheet"], p["column"], p["filter"], p["apply"], p["distribution"],
                          p["group"], p["basis"], p["source"]] for p in s["inputs"]]))
    if s["failed_samples"]:
        parts.append("<h2>Samples that did not solve</h2>")
        parts.append(_table(["sample", "status", "note"], [[f["sample"], f["status"], f["note"]]
                                                           for f in s["failed_samples"][:50]]))
    parts.append(f'<p class="meta">nabb {esc(run["versions"].get("nabb", ""))}, {esc(run["created"])}; '
                 f'timings: {esc(", ".join(f"{k} {v:.1f}" for k, v in run["timings"].items() if isinstance(v, (int, float))))} s.</p>')
    css = (f"body{{{FONT};margin:24px;max-width:1320px;color:#212121}} h1{{font-size:24px}} h2{{font-size:19px;margin-top:28px}}"
           ".grid{display:flex;flex-wrap:wrap;gap:8px} figure{margin:0} table{border-collapse:collapse;font-size:13px;margin:8px 0}"
           "td,th{border:1px solid #e0e0e0;padding:3px 8px;text-align:left} th{background:#f5f5f5}"
           ".meta{color:#616161;font-size:13px} .warn{color:#C62828}")
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>nabb uncertainty</title>"
            f"<style>{css}</style></head><body>" + "\n".join(parts) + "</body></html>")


def write_html(result, path: Path) -> None:
    Path(path).write_text(render(result), encoding="utf-8")
