"""SVG chart pieces for nabb's html pages: a plot :class:`Frame` (axes, titles, legend) and the
bar, horizontal-bar and share-vs-target charts built on it.

Each chart returns one ``<svg>`` with a title, axis titles with units and numbers with
thousands separators; hovering a bar or point shows its exact value (SVG ``<title>``).
Imports only :mod:`nabb.reports.style`.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from nabb.i18n import Lang
from nabb.i18n.names import name
from nabb.i18n.numbers import is_money
from nabb.reports.style import FONT, OTHER_COLOUR, esc

EN = Lang("en")


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


def _tick_label(v: float, span: float, percent: bool = False, say: Lang = EN) -> str:
    if percent:
        return say.pct(v)
    if span < 5:
        return say.num(v, 1)
    return say.num(v)


class Frame:
    """Plot area with axes, title and axis titles; maps data to pixels."""

    def __init__(self, title: str, xtitle: str, ytitle: str, width: int = 960, height: int = 380,
                 left: int = 84, right: int = 190, top: int = 44, bottom: int = 58,
                 say: Lang = EN):
        self.say = say
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
                              f'font-size="11">{_tick_label(v, span, percent, self.say)}</text>')
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


def bar_chart(chart_id: str, title: str, xtitle: str, ytitle: str, categories: list[str],
              series: dict[str, list[float]], colours: dict[str, str], stacked: bool = True,
              unit: str = "", percent_labels: list[str] | None = None, say: Lang = EN) -> str:
    rotate = len(categories) > 8
    # the legend sits right of the plot: room for its longest label (about 6.3 px a character
    # of 11 px text, after the 36 px of margin and swatch), so no label is cut
    longest = max((len(name(s_, say.code)) for s_ in series), default=0)
    f = Frame(title, xtitle, ytitle, height=420 if rotate else 380, bottom=100 if rotate else 58,
              right=max(190, int(6.3 * longest) + 40), say=say)
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
                           f'<title>{esc(cat)} – {esc(name(s, say.code))}: '
                           f'{esc(_amount(v, unit, say, " "))}</title></rect>')
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
    f.legend([(name(s, say.code), colours.get(s, OTHER_COLOUR), "box") for s in names])
    return f.svg(chart_id)


def share_chart(kpis: pd.DataFrame, say: Lang = EN) -> str:
    f = Frame(say("chart.share.title"), say("html.axis.year"), say("chart.share.axis"), say=say)
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
                           f'<title>{yr} – {esc(name)}: {say.pct(v, 1)}</title></circle>')

    line(share, "#2E7D32", False, say("chart.share.model"))
    line(target, "#212121", True, say("chart.share.target"))
    short = kpis.get("shortfall_homes")
    if short is not None:
        for x, s, v in zip(xs, short.astype(float), share):
            if s > 0.5:
                f.parts.append(f'<text x="{x:.1f}" y="{f.y(v) + 16:.1f}" text-anchor="middle" '
                               f'font-size="10" fill="#C62828">'
                               f'{esc(say("chart.share.missing", homes=say.num(s)))}</text>')
    f.legend([(say("chart.share.model"), "#2E7D32", "line"),
              (say("chart.share.target"), "#212121", "dash")])
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
               legend: list[tuple[str, str]] | None = None, unit: str = "",
               say: Lang = EN) -> str:
    """Horizontal bars, ranked top-down, each with its value written at the bar's end.

    ``log``: a logarithmic value axis (powers of ten), so a first bar a thousand times the
    tenth does not make the others invisible.  Labels wrap onto two lines; the full label is
    the bar's hover title."""
    n = max(len(labels), 1)
    bh_px = 34
    legend = legend or []
    # legend entries left to right, onto a new line when the next would pass the right edge
    places, lx, line = [], 360, 0
    for label, colour in legend:
        step = 36 + 7 * len(label)
        if lx + step > 960 - 10 and lx > 360:
            lx, line = 360, line + 1
        places.append((lx, line, label, colour))
        lx += step
    extra = 22 + 18 * line if legend else 0
    height = 44 + bh_px * n + 54 + extra
    f = Frame(title, xtitle, "", width=960, height=height, left=360, right=110, top=44,
              bottom=50 + extra, say=say)
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
                       f'font-size="11">{say.num(v, 1 if v < 5 and not log else 0) if v >= 1 else say.g(v, "g")}'
                       '</text>')
    bh = f.ph / n
    for i, (lab, v, c, tip) in enumerate(zip(labels, values, colours, tips)):
        y = f.t + i * bh + bh * 0.15
        x0 = x(tk[0]) if log else f.l
        w = max(x(v) - x0, 0.5) if v > 0 else 0.5
        f.parts.append(f'<rect class="bar" x="{x0:.1f}" y="{y:.1f}" width="{w:.1f}" '
                       f'height="{bh * 0.7:.1f}" fill="{c}"><title>{i + 1}. {esc(lab)} – '
                       f'{esc(tip)}</title></rect>')
        f.parts.append(f'<text class="value" x="{x0 + w + 4:.1f}" y="{y + bh * 0.35 + 4:.1f}" '
                       f'font-size="11">{esc(_amount(v, unit, say))}</text>')
        lines = wrap_label(f"{i + 1}. {lab}", 54)
        y_mid = y + bh * 0.35
        first = y_mid + 4 - 6.5 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{f.l - 8}" y="{first + 13 * k:.1f}">{esc(t)}</tspan>'
                        for k, t in enumerate(lines))
        f.parts.append(f'<text class="label" text-anchor="end" font-size="11">'
                       f'<title>{i + 1}. {esc(lab)}</title>{spans}</text>')
    for lx, line, label, colour in places:
        ly = f.t + f.ph + 38 + 18 * line
        f.parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
                       f'<text x="{lx + 16}" y="{ly}" font-size="11">{esc(label)}</text>')
    return f.svg(chart_id)


def _amount(v: float, unit: str, say: Lang, gap: str = "") -> str:
    """A chart value with its unit: Dutch money with the euro sign first (€ 946 mln), else
    the number then ``gap`` and the unit, as English has always been written here."""
    decimals = 1 if abs(v) < 10 else 0
    if say.code == "nl" and is_money(unit):
        return say.amount(v, unit, decimals)
    return f"{say.num(v, decimals)}{gap}{unit}"
