"""A self-contained ``report.html``: inline SVG charts, no CDN, no internet, no library JS.

Every chart is an ``<figure class="chart" id="chart-...">`` holding one inline ``<svg>``
with a title, axis titles with units and numbers with thousands separators.  Each crop
has one colour in every chart (:func:`crop_colours`, also used by the Excel charts).
Hovering any bar, band, arc or point shows its exact value (SVG ``<title>``).

The only script on the page is a small error collector: it records script errors and
``console.error`` calls into ``#js-status`` (``data-errors``, ``data-charts``), which the
headless-Chromium test reads back.
"""
from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import pandas as pd

from nabb.model import COST_COMPONENTS

if TYPE_CHECKING:  # pragma: no cover
    from nabb.explain import Explanation
    from nabb.run import Run

#: Known crops get fixed colours; others take the fallback list in crop order.
KNOWN_CROP_COLOURS = {"hemp": "#2E7D32", "flax": "#1565C0", "miscanthus": "#EF6C00",
                      "cereal_straw": "#C9A227", "straw": "#C9A227", "willow": "#6A1B9A",
                      "cattail": "#00838F", "lisdodde": "#00838F"}
FALLBACK = ["#AD1457", "#4E342E", "#558B2F", "#5D4037", "#283593", "#00695C", "#9E9D24"]
IMPORT_COLOUR = "#8D6E63"
OTHER_COLOUR = "#9E9E9E"
COST_COLOURS = {"cultivation": "#558B2F", "processing": "#1565C0", "transport": "#6D4C41",
                "imports": "#8D6E63", "surplus": "#BDBDBD", "construction_extra": "#F9A825",
                "shortfall": "#C62828", "carbon_credits": "#00897B", "other_materials": "#78909C",
                "domestic_shortfall": "#EF9A9A", "market_sales": "#5C6BC0"}
LINK_COLOURS = {"land": "#558B2F", "rotation": "#7CB342", "growth": "#9CCC65",
                "processing capacity": "#1565C0", "processing investment": "#42A5F5",
                "import cap": "#8D6E63", "transport arc": "#6D4C41",
                "domestic-share rule": "#6A1B9A", "contract": "#F9A825", "target": "#C62828"}
HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


def crop_colours(crops: Iterable[str]) -> dict[str, str]:
    out, n = {}, 0
    for c in crops:
        if c in KNOWN_CROP_COLOURS:
            out[c] = KNOWN_CROP_COLOURS[c]
        else:
            out[c] = FALLBACK[n % len(FALLBACK)]
            n += 1
    return out


def commodity_colours(d) -> dict[str, str]:
    """Crop commodities take their crop's colour; products and intermediates the colour of
    the crop they are made from; imports-only commodities brown; auxiliaries grey."""
    cc = crop_colours(d.crops)
    col = {d.crop_commodity[c]: cc[c] for c in d.crops}
    for _ in range(6):   # propagate down the process chain
        for p in d.processes:
            src = [col[j] for j in d.proc_in[p] if j in col and d.commodity_kind.get(j) != "auxiliary"]
            if src:
                for k in d.proc_out[p]:
                    col.setdefault(k, src[0])
    for k in d.commodities:
        if k not in col:
            col[k] = OTHER_COLOUR if d.commodity_kind[k] == "auxiliary" else IMPORT_COLOUR
    return col


# ----------------------------------------------------------------------------- formatting
def esc(s: Any) -> str:
    return html.escape(str(s), quote=True)


def num(v: float, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{v:,.{digits}f}"


def pct(v: float, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{v * 100:,.{digits}f}%"


def nice(code: str) -> str:
    return str(code).replace("_", " ")


def ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if not math.isfinite(lo) or not math.isfinite(hi) or hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    start = math.floor(lo / step) * step
    out, v = [], start
    while v <= hi + step * 1e-9:
        out.append(round(v, 10))
        v += step
    if out[-1] < hi:
        out.append(out[-1] + step)
    return out


def _tick_label(v: float, span: float, percent: bool = False) -> str:
    if percent:
        return f"{v * 100:,.0f}%"
    if span < 5:
        return f"{v:,.1f}"
    return f"{v:,.0f}"


class Frame:
    """Plot area with axes, title and axis titles; maps data to pixels."""

    def __init__(self, title: str, xtitle: str, ytitle: str, width: int = 960, height: int = 380,
                 left: int = 84, right: int = 190, top: int = 44, bottom: int = 58):
        self.W, self.H = width, height
        self.l, self.r, self.t, self.b = left, right, top, bottom
        self.title, self.xtitle, self.ytitle = title, xtitle, ytitle
        self.parts: list[str] = []
        self.pw = width - left - right
        self.ph = height - top - bottom

    def yaxis(self, lo: float, hi: float, percent: bool = False) -> None:
        self.ticks = ticks(lo, hi)
        self.y0, self.y1 = self.ticks[0], self.ticks[-1]
        span = self.y1 - self.y0
        for v in self.ticks:
            y = self.y(v)
            self.parts.append(f'<line x1="{self.l}" x2="{self.l + self.pw}" y1="{y:.1f}" '
                              f'y2="{y:.1f}" stroke="#e0e0e0"/>')
            self.parts.append(f'<text x="{self.l - 8}" y="{y + 4:.1f}" text-anchor="end" '
                              f'font-size="11">{_tick_label(v, span, percent)}</text>')
        if self.y0 < 0 < self.y1:
            self.parts.append(f'<line x1="{self.l}" x2="{self.l + self.pw}" y1="{self.y(0):.1f}" '
                              f'y2="{self.y(0):.1f}" stroke="#616161"/>')

    def y(self, v: float) -> float:
        return self.t + self.ph * (1 - (v - self.y0) / ((self.y1 - self.y0) or 1))

    def legend(self, items: list[tuple[str, str, str]]) -> None:
        """items: (label, colour, kind) with kind 'box', 'line' or 'dash'."""
        x = self.l + self.pw + 16
        for n, (label, colour, kind) in enumerate(items):
            y = self.t + 6 + n * 20
            if kind == "box":
                self.parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{colour}"/>')
            else:
                dash = ' stroke-dasharray="6,4"' if kind == "dash" else ""
                self.parts.append(f'<line x1="{x}" x2="{x + 14}" y1="{y - 3}" y2="{y - 3}" '
                                  f'stroke="{colour}" stroke-width="2.5"{dash}/>')
            self.parts.append(f'<text x="{x + 20}" y="{y + 1}" font-size="11">{esc(label)}</text>')

    def svg(self, chart_id: str) -> str:
        head = [f'<svg xmlns="http://www.w3.org/2000/svg" id="svg-{chart_id}" role="img" '
                f'viewBox="0 0 {self.W} {self.H}" width="{self.W}" height="{self.H}" style="{FONT}">',
                f'<title>{esc(self.title)}</title>',
                f'<text x="{self.W / 2:.0f}" y="22" text-anchor="middle" font-size="15" '
                f'font-weight="600">{esc(self.title)}</text>',
                f'<line x1="{self.l}" x2="{self.l}" y1="{self.t}" y2="{self.t + self.ph}" stroke="#616161"/>',
                f'<line x1="{self.l}" x2="{self.l + self.pw}" y1="{self.t + self.ph}" '
                f'y2="{self.t + self.ph}" stroke="#616161"/>',
                f'<text x="{self.l + self.pw / 2:.0f}" y="{self.H - 12}" text-anchor="middle" '
                f'font-size="12" class="axis-title">{esc(self.xtitle)}</text>',
                f'<text transform="translate(16,{self.t + self.ph / 2:.0f}) rotate(-90)" '
                f'text-anchor="middle" font-size="12" class="axis-title">{esc(self.ytitle)}</text>']
        return "\n".join(head + self.parts + ["</svg>"])


# ----------------------------------------------------------------------------- charts
def bar_chart(chart_id: str, title: str, xtitle: str, ytitle: str, categories: list[str],
              series: dict[str, list[float]], colours: dict[str, str], stacked: bool = True,
              unit: str = "", percent_labels: list[str] | None = None) -> str:
    rotate = len(categories) > 8
    f = Frame(title, xtitle, ytitle, height=420 if rotate else 380, bottom=100 if rotate else 58)
    arr = np.array([series[s] for s in series], dtype=float) if series else np.zeros((0, len(categories)))
    arr = np.nan_to_num(arr)
    if stacked and len(arr):
        hi = max(float(np.clip(arr, 0, None).sum(axis=0).max(initial=0)), 1e-9)
        lo = min(float(np.clip(arr, None, 0).sum(axis=0).min(initial=0)), 0.0)
    else:
        hi = max(float(arr.max(initial=0)), 1e-9)
        lo = min(float(arr.min(initial=0)), 0.0)
    f.yaxis(lo, hi * 1.05)
    n = max(len(categories), 1)
    slot = f.pw / n
    width = slot * 0.7
    names = list(series)
    for i, cat in enumerate(categories):
        x0 = f.l + slot * i + (slot - width) / 2
        pos = neg = 0.0
        for s_i, s in enumerate(names):
            v = float(arr[s_i, i])
            if stacked:
                if v >= 0:
                    y_top, y_bot = f.y(pos + v), f.y(pos)
                    pos += v
                else:
                    y_top, y_bot = f.y(neg), f.y(neg + v)
                    neg += v
                x, w = x0, width
            else:
                w = width / len(names)
                x = x0 + s_i * w
                y_top, y_bot = f.y(max(v, 0)), f.y(min(v, 0))
            if abs(y_bot - y_top) < 0.05:
                continue
            f.parts.append(f'<rect class="bar" x="{x:.1f}" y="{y_top:.1f}" width="{w:.1f}" '
                           f'height="{y_bot - y_top:.1f}" fill="{colours.get(s, OTHER_COLOUR)}">'
                           f'<title>{esc(cat)} – {esc(nice(s))}: {num(v, 1 if abs(v) < 10 else 0)} '
                           f'{esc(unit)}</title></rect>')
        if percent_labels and percent_labels[i]:
            top = float(np.clip(arr[:, i], 0, None).max()) if not stacked else pos
            f.parts.append(f'<text x="{x0 + width / 2:.1f}" y="{f.y(top) - 4:.1f}" '
                           f'text-anchor="middle" font-size="10">{esc(percent_labels[i])}</text>')
        if rotate:
            tx, ty = x0 + width / 2, f.t + f.ph + 12
            f.parts.append(f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="end" font-size="11" '
                           f'transform="rotate(-35 {tx:.1f} {ty:.1f})">{esc(cat)}</text>')
        else:
            f.parts.append(f'<text x="{x0 + width / 2:.1f}" y="{f.t + f.ph + 16}" '
                           f'text-anchor="middle" font-size="11">{esc(cat)}</text>')
    f.legend([(nice(s), colours.get(s, OTHER_COLOUR), "box") for s in names])
    return f.svg(chart_id)


def share_chart(kpis: pd.DataFrame) -> str:
    f = Frame("Biobased share of new-build homes vs the NABB target path",
              "Year", "Share of new-build homes (%)")
    years = [int(y) for y in kpis["year"]]
    share = kpis["biobased_share"].astype(float).fillna(0).tolist()
    target = kpis["target_share"].astype(float).tolist()
    hi = max([0.1] + share + [t for t in target if math.isfinite(t)])
    f.yaxis(0, hi * 1.1, percent=True)
    n = len(years)
    xs = [f.l + f.pw * (i + 0.5) / max(n, 1) for i in range(n)]
    for x, y in zip(xs, years):
        f.parts.append(f'<text x="{x:.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" '
                       f'font-size="11">{y}</text>')

    def line(vals, colour, dash, name):
        pts = [(x, f.y(v)) for x, v in zip(xs, vals) if math.isfinite(v)]
        if not pts:
            return
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(pts))
        extra = ' stroke-dasharray="6,4"' if dash else ""
        f.parts.append(f'<path class="series" d="{d}" fill="none" stroke="{colour}" '
                       f'stroke-width="{2 if dash else 4}"{extra}/>')
        for (x, y), v, yr in zip(pts, [v for v in vals if math.isfinite(v)], years):
            f.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                           f'<title>{yr} – {esc(name)}: {pct(v, 1)}</title></circle>')

    line(share, "#2E7D32", False, "model result (modeluitkomst)")
    line(target, "#212121", True, "target path (doel)")
    short = kpis.get("shortfall_homes")
    if short is not None:
        for x, s, v in zip(xs, short.astype(float), share):
            if s > 0.5:
                f.parts.append(f'<text x="{x:.1f}" y="{f.y(v) + 16:.1f}" text-anchor="middle" '
                               f'font-size="10" fill="#C62828">−{num(s)} homes</text>')
    f.legend([("model result", "#2E7D32", "line"), ("target path", "#212121", "dash")])
    return f.svg("share")


def wrap_label(text: str, width: int = 48, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters (words kept whole);
    the last line ends in "…" when the text is longer (the full text is in the hover title)."""
    words, out, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = (out[-1][: width - 1].rstrip() + "…")
    return out


def hbar_chart(chart_id: str, title: str, xtitle: str, labels: list[str], values: list[float],
               colours: list[str], tips: list[str], log: bool = False,
               legend: list[tuple[str, str]] | None = None, unit: str = "") -> str:
    """Horizontal bars, ranked top-down, each with its value written at the bar's end.

    ``log``: a logarithmic value axis (powers of ten), so a first bar a thousand times the
    tenth does not make the others invisible.  Labels wrap onto two lines; the full label is
    the bar's hover title."""
    n = max(len(labels), 1)
    bh_px = 34
    legend = legend or []
    height = 44 + bh_px * n + 54 + (22 if legend else 0)
    f = Frame(title, xtitle, "", width=960, height=height, left=360, right=110, top=44,
              bottom=50 + (22 if legend else 0))
    pos = [v for v in values if v > 0]
    if log and pos:
        lo_exp = math.floor(math.log10(min(pos)))
        hi_exp = math.ceil(math.log10(max(pos)))
        hi_exp = max(hi_exp, lo_exp + 1)
        tk = [10.0 ** e for e in range(lo_exp, hi_exp + 1)]
        x = lambda v: f.l + f.pw * (math.log10(max(v, tk[0])) - lo_exp) / (hi_exp - lo_exp)  # noqa: E731
    else:
        tk = ticks(0, max(values + [1e-9]) * 1.05)
        x = lambda v: f.l + f.pw * v / tk[-1]  # noqa: E731
    for v in tk:
        f.parts.append(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{f.t}" y2="{f.t + f.ph}" stroke="#e0e0e0"/>')
        f.parts.append(f'<text x="{x(v):.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" '
                       f'font-size="11">{num(v, 1 if v < 5 and not log else 0) if v >= 1 else f"{v:g}"}</text>')
    bh = f.ph / n
    for i, (lab, v, c, tip) in enumerate(zip(labels, values, colours, tips)):
        y = f.t + i * bh + bh * 0.15
        x0 = x(tk[0]) if log else f.l
        w = max(x(v) - x0, 0.5) if v > 0 else 0.5
        f.parts.append(f'<rect class="bar" x="{x0:.1f}" y="{y:.1f}" width="{w:.1f}" '
                       f'height="{bh * 0.7:.1f}" fill="{c}"><title>{i + 1}. {esc(lab)} – '
                       f'{esc(tip)}</title></rect>')
        f.parts.append(f'<text class="value" x="{x0 + w + 4:.1f}" y="{y + bh * 0.35 + 4:.1f}" '
                       f'font-size="11">{num(v, 1 if abs(v) < 10 else 0)}{esc(unit)}</text>')
        lines = wrap_label(f"{i + 1}. {lab}", 54)
        y_mid = y + bh * 0.35
        first = y_mid + 4 - 6.5 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{f.l - 8}" y="{first + 13 * k:.1f}">{esc(t)}</tspan>'
                        for k, t in enumerate(lines))
        f.parts.append(f'<text class="label" text-anchor="end" font-size="11">'
                       f'<title>{i + 1}. {esc(lab)}</title>{spans}</text>')
    if legend:
        ly = f.t + f.ph + 38
        lx = f.l
        for label, colour in legend:
            f.parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
                           f'<text x="{lx + 16}" y="{ly}" font-size="11">{esc(label)}</text>')
            lx += 36 + 7 * len(label)
    return f.svg(chart_id)


def sankey_chart(run_: "Run", year: int, domestic: bool = False) -> str:
    """Crops -> intermediates -> building products -> home types, plus imports, in t/yr.

    ``domestic``: only what comes from Dutch fields: every band is scaled by the share of its
    source that comes from Dutch crops (imports pass this share on through processing), so
    imported timber, which would swamp the picture, drops out."""
    d = run_.compiled.model.data
    fr = run_.results.frames
    col = commodity_colours(d)
    cc = crop_colours(d.crops)
    links: dict[tuple[str, str], float] = {}

    def add(a: str, b: str, v: float) -> None:
        if v > 1e-6:
            links[(a, b)] = links.get((a, b), 0.0) + v

    proc = fr["processing"]
    proc = proc[proc.year == year] if len(proc) else proc
    act = proc.groupby("process")["activity_t"].sum() if len(proc) else pd.Series(dtype=float)
    for p, a in act.items():
        tot_in = sum(d.proc_in[p].values()) or 1.0
        for k, o in d.proc_out[p].items():
            for j, i in d.proc_in[p].items():
                add(f"c:{j}", f"c:{k}", a * o * i / tot_in)
    imp = fr["imports"]
    imp = imp[imp.year == year]
    for k, t in imp.groupby("commodity")["t"].sum().items():
        add("imports", f"c:{k}", t)
    dem = fr["demand"]
    dem = dem[(dem.year == year) & (dem.units > 1e-9)]
    for (seg, b, q), u in dem.groupby(["segment", "building_type", "recipe"])["units"].sum().items():
        for k, a in d.recipe_materials[q].items():
            add(f"c:{k}", f"h:{seg}:{b}", u * a)
    bal = fr["balance"]
    bal = bal[bal.year == year]
    for k, s in bal.groupby("commodity")["surplus_t"].sum().items():
        add(f"c:{k}", "surplus", s)
    harvest = bal.groupby("commodity")["harvest_t"].sum() if len(bal) else pd.Series(dtype=float)
    if domestic:
        links = _domestic_links(links, {f"c:{k}": float(v) for k, v in harvest.items()})
    # nodes
    kind_col = {"crop": 0, "intermediate": 1, "auxiliary": 1, "product": 2}
    nodes: dict[str, dict[str, Any]] = {}
    for a, b in links:
        for n in (a, b):
            if n in nodes:
                continue
            if n == "imports":
                nodes[n] = dict(label="Imports", col=0, colour=IMPORT_COLOUR)
            elif n == "surplus":
                nodes[n] = dict(label="Unused / other markets", col=3, colour=OTHER_COLOUR)
            elif n.startswith("h:"):
                _, seg, b_ = n.split(":", 2)
                nodes[n] = dict(label=f"{nice(b_).capitalize()} ({nice(seg)})", col=3, colour="#455A64")
            else:
                k = n[2:]
                crop = next((c for c in d.crops if d.crop_commodity[c] == k), None)
                nodes[n] = dict(label=crop_label(crop, k) if crop else nice(k),
                                col=kind_col.get(d.commodity_kind[k], 1),
                                colour=cc[crop] if crop else col[k])
    for n, nd in nodes.items():
        nd["in"] = sum(v for (a, b), v in links.items() if b == n)
        if n.startswith("c:"):
            nd["in"] += float(harvest.get(n[2:], 0.0))   # crops: the harvest enters the chain
        nd["out"] = sum(v for (a, b), v in links.items() if a == n)
        nd["value"] = max(nd["in"], nd["out"])
    W, H = 1100, 560
    top, bottom, left, right = 62, 20, 20, 250
    node_w, pad = 14, 12
    cols: dict[int, list[str]] = {}
    for n, nd in nodes.items():
        cols.setdefault(nd["col"], []).append(n)
    for c in cols:
        cols[c].sort(key=lambda n: (n in ("imports", "surplus"), -nodes[n]["value"]))
    avail = H - top - bottom
    scale = min(((avail - pad * (len(v) - 1)) / max(sum(nodes[n]["value"] for n in v), 1e-9))
                for v in cols.values()) if cols else 1.0
    xcol = {c: left + (W - left - right - node_w) * c / 3 for c in range(4)}
    for c, names in cols.items():
        y = top
        for n in names:
            nodes[n]["x"], nodes[n]["y"] = xcol[c], y
            nodes[n]["h"] = max(nodes[n]["value"] * scale, 1.0)
            y += nodes[n]["h"] + pad
    title = (f"From Dutch fields to building (van Nederlands land tot pand), {year}: tonnes per year"
             if domestic else f"From field to building (van land tot pand), {year}: tonnes per year")
    cid = "sankey-domestic" if domestic else "sankey"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="svg-{cid}" role="img" viewBox="0 0 {W} {H}" '
             f'width="{W}" height="{H}" style="{FONT}">',
             f'<title>{esc(title)}</title>',
             f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="15" font-weight="600">'
             f'{esc(title)}</text>']
    heads = ["Dutch crops (t/yr)" if domestic else "Crops and imports (t/yr)",
             "Intermediate products (t/yr)", "Building products (t/yr)", "Home types and other uses (t/yr)"]
    for c, h_ in enumerate(heads):
        parts.append(f'<text x="{xcol[c]:.0f}" y="46" text-anchor="start" font-size="12" '
                     f'class="axis-title" fill="#424242">{esc(h_)}</text>')
    out_off = {n: 0.0 for n in nodes}
    in_off = {n: 0.0 for n in nodes}
    for (a, b), v in sorted(links.items(), key=lambda kv: (nodes[kv[0][0]]["y"], nodes[kv[0][1]]["y"])):
        na, nb = nodes[a], nodes[b]
        w = max(v * scale, 0.8)
        y0 = na["y"] + out_off[a] + w / 2
        y1 = nb["y"] + in_off[b] + w / 2
        out_off[a] += v * scale
        in_off[b] += v * scale
        x0, x1 = na["x"] + node_w, nb["x"]
        xm = (x0 + x1) / 2
        parts.append(f'<path class="link" d="M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} '
                     f'{x1:.1f},{y1:.1f}" fill="none" stroke="{na["colour"]}" stroke-opacity="0.45" '
                     f'stroke-width="{w:.1f}"><title>{esc(na["label"])} → {esc(nb["label"])}: '
                     f'{num(v)} t</title></path>')
    for n, nd in nodes.items():
        parts.append(f'<rect class="node" x="{nd["x"]:.1f}" y="{nd["y"]:.1f}" width="{node_w}" '
                     f'height="{nd["h"]:.1f}" fill="{nd["colour"]}"><title>{esc(nd["label"])}: '
                     f'{num(nd["value"])} t</title></rect>')
    # labels right of their node, pushed apart so none overlaps the next (13 px a line)
    for c, names in cols.items():
        ys = spread([nodes[n]["y"] + nodes[n]["h"] / 2 + 4 for n in names], 13.0, top + 10, H - 4)
        for n, ty in zip(names, ys):
            nd = nodes[n]
            tx = nd["x"] + node_w + 5
            mid = nd["y"] + nd["h"] / 2
            if abs(ty - 4 - mid) > 3:      # moved away from its node: a short leader line
                parts.append(f'<line x1="{nd["x"] + node_w:.1f}" y1="{mid:.1f}" x2="{tx - 1:.1f}" '
                             f'y2="{ty - 4:.1f}" stroke="#9E9E9E" stroke-width="0.8"/>')
            parts.append(f'<text class="node-label" x="{tx:.1f}" y="{ty:.1f}" font-size="11" {HALO} '
                         f'text-anchor="start">{esc(nd["label"])} {num(nd["value"])} t</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def crop_label(crop: str, commodity: str) -> str:
    """'Miscanthus' (not 'Miscanthus (miscanthus)'), 'Hemp straw', 'Willow (wood chips)'."""
    c, k = nice(crop), nice(commodity)
    if k == c:
        return c.capitalize()
    if k.startswith(c + " "):
        return k.capitalize()
    return f"{c.capitalize()} ({k})"


def spread(ys: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """``ys`` (in order) moved as little as possible so neighbours are ``gap`` apart, within
    [lo, hi] where it fits."""
    out = list(ys)
    for i in range(len(out)):
        out[i] = max(out[i], lo if i == 0 else out[i - 1] + gap)
    if out and out[-1] > hi:
        out[-1] = hi
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return out


def _domestic_links(links: dict[tuple[str, str], float],
                    harvest: dict[str, float]) -> dict[tuple[str, str], float]:
    """The part of every band that comes from Dutch fields.

    A node's domestic share = (harvest + domestic inflow) / (harvest + all inflow); a band
    carries its source's share.  Computed down the chain (a few passes reach a fixed point in
    an acyclic chain)."""
    share: dict[str, float] = {"imports": 0.0}
    nodes = {n for ab in links for n in ab}
    for _ in range(8):
        for n in nodes:
            if n == "imports":
                continue
            inflow = [(a, v) for (a, b), v in links.items() if b == n]
            total = harvest.get(n, 0.0) + sum(v for _, v in inflow)
            if total <= 0:
                share[n] = 1.0 if n in harvest else 0.0
                continue
            share[n] = (harvest.get(n, 0.0) + sum(v * share.get(a, 0.0) for a, v in inflow)) / total
    out = {}
    for (a, b), v in links.items():
        dv = v * share.get(a, 0.0)
        if dv > 1e-6 and a != "imports":
            out[(a, b)] = dv
    return out


_OUTLINE: dict[str, Any] | None = None


def nl_outline() -> dict[str, Any] | None:
    """The Netherlands and its province boundaries (nabb/reports/geo, Natural Earth, public
    domain) as {"rings": [...], "lines": [...], "bbox": (lon0, lat0, lon1, lat1)}."""
    global _OUTLINE
    if _OUTLINE is None:
        import json
        from importlib.resources import files
        try:
            gj = json.loads(files("nabb.reports").joinpath("geo", "netherlands.geojson")
                            .read_text(encoding="utf-8"))
        except (OSError, ValueError):   # a broken install draws the map without an outline
            return None
        rings = [poly[0] for ft in gj["features"] if ft["geometry"]["type"] == "MultiPolygon"
                 for poly in ft["geometry"]["coordinates"]]
        lines = [ln for ft in gj["features"] if ft["geometry"]["type"] == "MultiLineString"
                 for ln in ft["geometry"]["coordinates"]]
        xs = [p[0] for r in rings for p in r]
        ys = [p[1] for r in rings for p in r]
        _OUTLINE = {"rings": rings, "lines": lines, "bbox": (min(xs), min(ys), max(xs), max(ys))}
    return _OUTLINE


def place_labels(labels: list[tuple[str, str, float, float, bool]],
                 markers: dict[str, tuple[float, float]],
                 area: tuple[float, float, float, float]) -> list[str]:
    """SVG texts for map labels that overlap neither each other nor any marker.

    Each label (key, text, x, y, small) tries eight places around its marker, nearest first,
    and takes the first free one inside ``area``; a label that finds none takes its least
    crowded place.  Text widths are estimated (0.6 em per character)."""
    boxes = [(x - 10, y - 10, x + 10, y + 10) for x, y in markers.values()]
    out = []

    def overlap(b) -> float:
        return sum(max(0, min(b[2], o[2]) - max(b[0], o[0])) * max(0, min(b[3], o[3]) - max(b[1], o[1]))
                   for o in boxes)
    for key, text, x, y, small in labels:
        size = 10 if small else 11
        w, h = 0.6 * size * len(text), size + 2
        cands = [(x + 12, y + 4, "start"), (x - 12, y + 4, "end"), (x - w / 2, y - 13, "start"),
                 (x - w / 2, y + 21, "start"), (x + 10, y - 10, "start"), (x + 10, y + 18, "start"),
                 (x - 10, y - 10, "end"), (x - 10, y + 18, "end")]
        best, score = None, None
        for tx, ty, anchor in cands:
            x0 = tx if anchor == "start" else tx - w
            b = (x0, ty - size, x0 + w, ty - size + h)
            inside = b[0] >= area[0] and b[2] <= area[2] and b[1] >= area[1] - 20 and b[3] <= area[3]
            sc = overlap(b) + (0 if inside else 1e6)
            if score is None or sc < score:
                best, score = (tx, ty, anchor, b), sc
            if sc == 0:
                break
        tx, ty, anchor, b = best
        boxes.append(b)
        out.append(f'<text class="map-label" x="{tx:.1f}" y="{ty:.1f}" font-size="{size}" '
                   f'text-anchor="{anchor}" {HALO}>{esc(text)}</text>')
    return out


def flow_map(run_: "Run", year: int) -> str:
    """Province centroids, arcs with width proportional to tonnes, net surplus/deficit colour."""
    reg = run_.inputs.tables["regions"].copy()
    reg = reg[pd.to_numeric(reg["lat"], errors="coerce").notna()]
    fr = run_.results.frames
    flows = fr["flows"]
    flows = flows[flows.year == year]
    W, H = 960, 620
    f = Frame(f"Flows between regions, {year} (t/yr)", "Longitude (°E)", "Latitude (°N)",
              width=W, height=H, left=64, right=230, top=44, bottom=52)
    lat0 = float(reg["lat"].mean()) if len(reg) else 52.0
    kx = math.cos(math.radians(lat0))
    lon_lo, lon_hi = float(reg["lon"].min()) - 0.3, float(reg["lon"].max()) + 0.3
    lat_lo, lat_hi = float(reg["lat"].min()) - 0.25, float(reg["lat"].max()) + 0.25
    outline = nl_outline()
    if outline and lon_lo < outline["bbox"][2] and lon_hi > outline["bbox"][0] and \
            lat_lo < outline["bbox"][3] and lat_hi > outline["bbox"][1]:
        lon_lo, lat_lo = min(lon_lo, outline["bbox"][0] - 0.1), min(lat_lo, outline["bbox"][1] - 0.1)
        lon_hi, lat_hi = max(lon_hi, outline["bbox"][2] + 0.1), max(lat_hi, outline["bbox"][3] + 0.1)
    else:
        outline = None
    sx = f.pw / ((lon_hi - lon_lo) * kx)
    sy = f.ph / (lat_hi - lat_lo)
    s = min(sx, sy)
    ox = f.l + (f.pw - (lon_hi - lon_lo) * kx * s) / 2
    oy = f.t + (f.ph - (lat_hi - lat_lo) * s) / 2
    px = lambda lon: ox + (lon - lon_lo) * kx * s  # noqa: E731
    py = lambda lat: oy + (lat_hi - lat) * s  # noqa: E731
    for v in ticks(lon_lo, lon_hi, 6):
        if lon_lo <= v <= lon_hi:
            f.parts.append(f'<line x1="{px(v):.1f}" x2="{px(v):.1f}" y1="{f.t}" y2="{f.t + f.ph}" stroke="#eeeeee"/>')
            f.parts.append(f'<text x="{px(v):.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" font-size="11">{v:.1f}</text>')
    for v in ticks(lat_lo, lat_hi, 6):
        if lat_lo <= v <= lat_hi:
            f.parts.append(f'<line x1="{f.l}" x2="{f.l + f.pw}" y1="{py(v):.1f}" y2="{py(v):.1f}" stroke="#eeeeee"/>')
            f.parts.append(f'<text x="{f.l - 6}" y="{py(v) + 4:.1f}" text-anchor="end" font-size="11">{v:.1f}</text>')
    if outline:
        path = lambda pts: "M" + " L".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)  # noqa: E731
        f.parts.append('<path class="outline" d="' + " ".join(path(r) + " Z" for r in outline["rings"])
                       + '" fill="#F1F3EE" stroke="#78909C" stroke-width="1"><title>Nederland '
                       '(outline: Natural Earth, public domain)</title></path>')
        f.parts.append('<path class="provinces" d="' + " ".join(path(ln) for ln in outline["lines"])
                       + '" fill="none" stroke="#B0BEC5" stroke-width="0.8" stroke-dasharray="3,2"/>')
    pos = {r: (px(lo), py(la)) for r, lo, la in zip(reg["region"], reg["lon"].astype(float), reg["lat"].astype(float))}
    names = dict(zip(reg["region"], reg["name"]))
    kinds = dict(zip(reg["region"], reg["kind"].fillna("province")))
    agg = flows.groupby(["from_region", "to_region"])["t"].sum() if len(flows) else pd.Series(dtype=float)
    detail = (flows.groupby(["from_region", "to_region", "commodity"])["t"].sum()
              if len(flows) else pd.Series(dtype=float))
    tmax = float(agg.max()) if len(agg) else 1.0
    f.parts.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
                   'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path '
                   'd="M0,0 L10,5 L0,10 z" fill="#263238"/></marker></defs>')
    for (a, b), t in agg.items():
        if a not in pos or b not in pos or t <= 1e-6:
            continue
        (x0, y0), (x1, y1) = pos[a], pos[b]
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = x1 - x0, y1 - y0
        ln = math.hypot(dx, dy) or 1
        cx, cy = mx - dy / ln * 18, my + dx / ln * 18     # bend right so both directions show
        w = 1.2 + 13 * t / tmax
        tip = "; ".join(f"{nice(k)} {num(v)} t" for (aa, bb, k), v in detail.items()
                        if aa == a and bb == b and v > 1e-6)
        f.parts.append(f'<path class="arc" d="M{x0:.1f},{y0:.1f} Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}" '
                       f'fill="none" stroke="#37474F" stroke-opacity="0.55" stroke-width="{w:.1f}" '
                       f'marker-end="url(#arrow)"><title>{esc(names.get(a, a))} → '
                       f'{esc(names.get(b, b))}: {num(t)} t ({esc(tip)})</title></path>')
    out_t = flows.groupby("from_region")["t"].sum() if len(flows) else pd.Series(dtype=float)
    in_t = flows.groupby("to_region")["t"].sum() if len(flows) else pd.Series(dtype=float)
    imp = fr["imports"]
    imp_t = imp[imp.year == year].groupby("region")["t"].sum()
    net = {r: float(out_t.get(r, 0.0)) - float(in_t.get(r, 0.0)) for r in pos}
    inland = [v for r, v in net.items() if kinds.get(r) not in ("port", "border")]
    nmax = max([abs(v) for v in inland] + [1e-9])
    smax = max([v for v in inland if v > 0] + [0.0])
    dmax = max([-v for v in inland if v < 0] + [0.0])
    labels: list[tuple[str, str, float, float, bool]] = []
    for r, (x, y) in pos.items():
        v = net[r]
        if kinds.get(r) in ("port", "border"):
            f.parts.append(f'<rect class="region" x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" '
                           f'fill="{IMPORT_COLOUR}"><title>{esc(names[r])} (import entry): '
                           f'{num(float(imp_t.get(r, 0.0)))} t imported</title></rect>')
        else:
            a = min(abs(v) / nmax, 1.0)
            colour = _mix("#F5F5F5", "#2E7D32" if v >= 0 else "#C62828", 0.25 + 0.75 * a)
            word = "surplus (overschot)" if v >= 0 else "deficit (tekort)"
            f.parts.append(f'<circle class="region" cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{colour}" '
                           f'stroke="#424242"><title>{esc(names[r])}: net {word} {num(abs(v))} t '
                           f'(out {num(float(out_t.get(r, 0)))} t, in {num(float(in_t.get(r, 0)))} t)'
                           f'</title></circle>')
        labels.append((r, str(names[r]).split(" (")[0], x, y, kinds.get(r) in ("port", "border")))
    f.parts.extend(place_labels(labels, pos, (f.l, f.t, f.l + f.pw, f.t + f.ph)))
    # legend
    lx = f.l + f.pw + 18
    ly = f.t + 10
    f.parts.append(f'<text x="{lx}" y="{ly}" font-size="11" font-weight="600">Net flow per region</text>')
    for n, (label, colour) in enumerate([(f"surplus, largest {num(smax)} t", "#2E7D32"),
                                         ("balanced (0 t)", "#F5F5F5"),
                                         (f"deficit, largest {num(dmax)} t", "#C62828")]):
        f.parts.append(f'<circle cx="{lx + 7}" cy="{ly + 18 + n * 20}" r="7" fill="{colour}" stroke="#424242"/>')
        f.parts.append(f'<text x="{lx + 20}" y="{ly + 22 + n * 20}" font-size="11">{esc(label)}</text>')
    f.parts.append(f'<rect x="{lx}" y="{ly + 74}" width="12" height="12" fill="{IMPORT_COLOUR}"/>'
                   f'<text x="{lx + 20}" y="{ly + 84}" font-size="11">port / border (imports)</text>')
    f.parts.append(f'<text x="{lx}" y="{ly + 112}" font-size="11" font-weight="600">Arc width</text>')
    for n, frac in enumerate((1.0, 0.25)):
        yy = ly + 130 + n * 22
        f.parts.append(f'<line x1="{lx}" x2="{lx + 30}" y1="{yy}" y2="{yy}" stroke="#37474F" '
                       f'stroke-opacity="0.55" stroke-width="{1.2 + 13 * frac:.1f}"/>'
                       f'<text x="{lx + 38}" y="{yy + 4}" font-size="11">{num(tmax * frac)} t/yr</text>')
    return f.svg("flowmap")


def _mix(a: str, b: str, w: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * w):02X}" for x, y in zip(ca, cb))


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


# ----------------------------------------------------------------------------- series (shared with Excel)
def series(run_: "Run") -> dict[str, Any]:
    """The data behind the key charts, used by both report.html and the Excel charts."""
    d = run_.compiled.model.data
    k = run_.results.kpis
    fr = run_.results.frames
    years = [int(y) for y in k["year"]]
    last = years[-1]
    # the same crops as the fibre_crop_area_ha KPI (arable crops; baled cereal straw is not
    # fibre-crop area), so the chart and the KPI count the same thing
    area = {c: [float(v) for v in k[f"area_ha.{c}"]] for c in d.crops
            if f"area_ha.{c}" in k and d.land_use[c] == "arable"}
    proc = fr["processing"]
    p_last = proc[proc.year == last] if len(proc) else proc
    names = dict(zip(run_.inputs.tables["regions"]["region"], run_.inputs.tables["regions"]["name"]))
    regions = [r for r in d.regions if len(p_last) and r in set(p_last.region)]
    # as in the KPIs: primary processing in t of crop input, product lines in t of product
    # out, usable capacity; the two are separate series, never added up
    per_in = {p: sum(d.proc_in[p].values()) for p in d.processes}
    per_out = {p: sum(a for k, a in d.proc_out[p].items() if d.commodity_kind.get(k) == "product")
               for p in d.processes}

    def total(r, line, col, per):
        sel = p_last[(p_last.region == r) & (p_last.line == line)]
        return float((sel[col] * sel["process"].map(per)).sum())
    cap = [total(r, "primary", "usable_capacity_t_per_yr", per_in) for r in regions]
    use = [total(r, "primary", "activity_t", per_in) for r in regions]
    cap_out = [total(r, "product_line", "usable_capacity_t_per_yr", per_out) for r in regions]
    use_out = [total(r, "product_line", "activity_t", per_out) for r in regions]
    costs = {c: [float(v) / 1e6 for v in k[f"cost_eur.{c}"]] for c in COST_COMPONENTS
             if f"cost_eur.{c}" in k and float(k[f"cost_eur.{c}"].abs().sum()) > 0.5}
    return dict(years=years, last=last, share=k["biobased_share"].astype(float).tolist(),
                target=k["target_share"].astype(float).tolist(), area=area,
                regions=regions, region_names=[names.get(r, r) for r in regions],
                capacity=cap, use=use, capacity_out=cap_out, use_out=use_out, costs=costs)


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
