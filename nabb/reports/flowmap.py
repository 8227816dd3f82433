"""The flow map of report.html: province centroids on the outline of the Netherlands, arcs
between regions with width proportional to tonnes, each region coloured by its net surplus or
deficit, labels placed so that none overlaps another or a marker.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from nabb.i18n import Lang
from nabb.i18n.names import name
from nabb.reports.style import HALO, IMPORT_COLOUR, esc, mix
from nabb.reports.svg import Frame, ticks

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


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


#: side of the grid squares place_labels files boxes under, px (about one label's height x 4)
CELL = 48.0


class _Boxes:
    """Placed boxes filed under a grid of CELL-pixel squares, so a candidate is measured
    against its neighbours only (linear in labels, not quadratic).  Boxes that share no
    cell do not overlap and add exactly 0, and the others are summed in the order they were
    placed, so :meth:`overlap` equals the all-pairs sum (``scan_all=True``, the reference)."""

    def __init__(self, scan_all: bool = False) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []
        self.grid: dict[tuple[int, int], list[int]] = {}
        self.anywhere: list[int] = []   # boxes without finite corners: measured against all
        self.scan_all = scan_all

    @staticmethod
    def cells(b) -> list[tuple[int, int]] | None:
        if not all(math.isfinite(v) for v in b):
            return None
        return [(i, j) for i in range(math.floor(b[0] / CELL), math.floor(b[2] / CELL) + 1)
                for j in range(math.floor(b[1] / CELL), math.floor(b[3] / CELL) + 1)]

    def add(self, b) -> None:
        found = self.cells(b)
        for c in found if found is not None else [None]:
            (self.grid.setdefault(c, []) if c is not None else self.anywhere).append(len(self.boxes))
        self.boxes.append(b)

    def overlap(self, b) -> float:
        found = None if self.scan_all else self.cells(b)
        near = (range(len(self.boxes)) if found is None
                else sorted({n for c in found for n in self.grid.get(c, ())}.union(self.anywhere)))
        return sum(max(0, min(b[2], o[2]) - max(b[0], o[0])) * max(0, min(b[3], o[3]) - max(b[1], o[1]))
                   for o in (self.boxes[n] for n in near))


def place_labels(labels: list[tuple[str, str, float, float, bool]],
                 markers: dict[str, tuple[float, float]],
                 area: tuple[float, float, float, float], scan_all: bool = False) -> list[str]:
    """SVG texts for map labels that overlap neither each other nor any marker.

    Each label (key, text, x, y, small) tries eight places around its marker, nearest first,
    and takes the first free one inside ``area``; a label that finds none takes its least
    crowded place.  Text widths are estimated (0.6 em per character).  ``scan_all`` measures
    every candidate against every box (the reference the grid index must equal)."""
    boxes = _Boxes(scan_all)
    for x, y in markers.values():
        boxes.add((x - 10, y - 10, x + 10, y + 10))
    out = []
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
            sc = boxes.overlap(b) + (0 if inside else 1e6)
            if score is None or sc < score:
                best, score = (tx, ty, anchor, b), sc
            if sc == 0:
                break
        tx, ty, anchor, b = best
        boxes.add(b)
        out.append(f'<text class="map-label" x="{tx:.1f}" y="{ty:.1f}" font-size="{size}" '
                   f'text-anchor="{anchor}" {HALO}>{esc(text)}</text>')
    return out


def flow_map(run_: "Run", year: int, say: Lang | None = None) -> str:
    """Province centroids, arcs with width proportional to tonnes, net surplus/deficit colour."""
    reg = run_.inputs.tables["regions"].copy()
    reg = reg[pd.to_numeric(reg["lat"], errors="coerce").notna()]
    fr = run_.results.frames
    flows = fr["flows"]
    flows = flows[flows.year == year]
    W, H = 960, 620
    say = say or Lang("en")
    f = Frame(say("chart.map.title", year=year), say("chart.map.lon"), say("chart.map.lat"),
              width=W, height=H, left=64, right=230, top=44, bottom=52, say=say)
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
            f.parts.append(f'<text x="{px(v):.1f}" y="{f.t + f.ph + 16}" text-anchor="middle" font-size="11">{say.num(v, 1)}</text>')
    for v in ticks(lat_lo, lat_hi, 6):
        if lat_lo <= v <= lat_hi:
            f.parts.append(f'<line x1="{f.l}" x2="{f.l + f.pw}" y1="{py(v):.1f}" y2="{py(v):.1f}" stroke="#eeeeee"/>')
            f.parts.append(f'<text x="{f.l - 6}" y="{py(v) + 4:.1f}" text-anchor="end" font-size="11">{say.num(v, 1)}</text>')
    if outline:
        path = lambda pts: "M" + " L".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)  # noqa: E731
        f.parts.append('<path class="outline" d="' + " ".join(path(r) + " Z" for r in outline["rings"])
                       + '" fill="#F1F3EE" stroke="#78909C" stroke-width="1"><title>'
                       + esc(say("chart.map.outline")) + '</title></path>')
        f.parts.append('<path class="provinces" d="' + " ".join(path(ln) for ln in outline["lines"])
                       + '" fill="none" stroke="#B0BEC5" stroke-width="0.8" stroke-dasharray="3,2"/>')
    pos = {r: (px(lo), py(la)) for r, lo, la in zip(reg["region"], reg["lon"].astype(float), reg["lat"].astype(float))}
    names = {r: name(n, say.code) if say.code == "nl" else n
             for r, n in zip(reg["region"], reg["name"])}
    kinds = dict(zip(reg["region"], reg["kind"].fillna("province")))
    agg = flows.groupby(["from_region", "to_region"])["t"].sum() if len(flows) else pd.Series(dtype=float)
    detail = (flows.groupby(["from_region", "to_region", "commodity"])["t"].sum()
              if len(flows) else pd.Series(dtype=float))
    tmax = float(agg.max()) if len(agg) else 1.0
    by_arc: dict[tuple, list] = {}   # (from, to) -> [(commodity, t)], in detail's order
    for (aa, bb, k), v in detail.items():
        by_arc.setdefault((aa, bb), []).append((k, v))
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
        tip = "; ".join(f"{name(k, say.code)} {say.num(v)} t" for k, v in by_arc.get((a, b), [])
                        if v > 1e-6)
        f.parts.append(f'<path class="arc" d="M{x0:.1f},{y0:.1f} Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}" '
                       f'fill="none" stroke="#37474F" stroke-opacity="0.55" stroke-width="{w:.1f}" '
                       f'marker-end="url(#arrow)"><title>{esc(names.get(a, a))} → '
                       f'{esc(names.get(b, b))}: {say.num(t)} t ({esc(tip)})</title></path>')
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
                           f'fill="{IMPORT_COLOUR}"><title>'
                           + esc(say("chart.map.import_entry", name=names[r],
                                     tonnes=say.num(float(imp_t.get(r, 0.0)))))
                           + '</title></rect>')
        else:
            a = min(abs(v) / nmax, 1.0)
            colour = mix("#F5F5F5", "#2E7D32" if v >= 0 else "#C62828", 0.25 + 0.75 * a)
            tip = say("chart.map.net_surplus" if v >= 0 else "chart.map.net_deficit",
                      name=names[r], tonnes=say.num(abs(v)), out=say.num(float(out_t.get(r, 0))),
                      into=say.num(float(in_t.get(r, 0))))
            f.parts.append(f'<circle class="region" cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{colour}" '
                           f'stroke="#424242"><title>{esc(tip)}</title></circle>')
        labels.append((r, str(names[r]).split(" (")[0], x, y, kinds.get(r) in ("port", "border")))
    f.parts.extend(place_labels(labels, pos, (f.l, f.t, f.l + f.pw, f.t + f.ph)))
    # legend
    lx = f.l + f.pw + 18
    ly = f.t + 10
    f.parts.append(f'<text x="{lx}" y="{ly}" font-size="11" font-weight="600">{esc(say("chart.map.legend"))}</text>')
    for n, (label, colour) in enumerate([
            (say("chart.map.legend_surplus", tonnes=say.num(smax)), "#2E7D32"),
            (say("chart.map.legend_balanced"), "#F5F5F5"),
            (say("chart.map.legend_deficit", tonnes=say.num(dmax)), "#C62828")]):
        f.parts.append(f'<circle cx="{lx + 7}" cy="{ly + 18 + n * 20}" r="7" fill="{colour}" stroke="#424242"/>')
        f.parts.append(f'<text x="{lx + 20}" y="{ly + 22 + n * 20}" font-size="11">{esc(label)}</text>')
    f.parts.append(f'<rect x="{lx}" y="{ly + 74}" width="12" height="12" fill="{IMPORT_COLOUR}"/>'
                   f'<text x="{lx + 20}" y="{ly + 84}" font-size="11">{esc(say("chart.map.legend_ports"))}</text>')
    f.parts.append(f'<text x="{lx}" y="{ly + 112}" font-size="11" font-weight="600">{esc(say("chart.map.arc_width"))}</text>')
    for n, frac in enumerate((1.0, 0.25)):
        yy = ly + 130 + n * 22
        f.parts.append(f'<line x1="{lx}" x2="{lx + 30}" y1="{yy}" y2="{yy}" stroke="#37474F" '
                       f'stroke-opacity="0.55" stroke-width="{1.2 + 13 * frac:.1f}"/>'
                       f'<text x="{lx + 38}" y="{yy + 4}" font-size="11">{esc(say("chart.map.arc_tonnes", tonnes=say.num(tmax * frac)))}</text>')
    return f.svg("flowmap")

