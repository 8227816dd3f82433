"""Derive nabb/reports/geo/netherlands.geojson from Natural Earth 1:10m (public domain).

    python data/build_nl_outline.py COUNTRIES.shp PROVINCE_LINES.shp

COUNTRIES.shp: ``ne_10m_admin_0_countries`` (any point-of-view variant; the .dbf beside it
is read to find the record with ADM0_A3 = NLD).  PROVINCE_LINES.shp:
``ne_10m_admin_1_states_provinces_lines``.  Both are Natural Earth 10m layers (version 5.x),
public domain (naturalearthdata.com/about/terms-of-use).

Method: the European part of the Netherlands (rings with a point north of 50.5 N) from the
country polygon; the province boundary lines whose every point lies inside that outline
(lines of Belgium and Germany are left out); both simplified with Douglas-Peucker at
0.008 degrees (about 600-900 m) and rounded to 3 decimals.  Enough for a map of flows
between provinces, not for measuring anything.
"""
from __future__ import annotations

import json
import math
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "nabb" / "reports" / "geo" / "netherlands.geojson"
TOL = 0.008


def shapes(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Every record of a polygon (5) or polyline (3) shapefile as a list of parts."""
    data = path.read_bytes()
    out, pos = [], 100
    while pos < len(data):
        _, length = struct.unpack(">2i", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        kind = struct.unpack("<i", rec[:4])[0]
        if kind not in (3, 5):
            out.append([])
            continue
        nparts, npoints = struct.unpack("<2i", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts])) + [npoints]
        base = 44 + 4 * nparts
        pts = [struct.unpack("<2d", rec[base + 16 * i:base + 16 * i + 16]) for i in range(npoints)]
        out.append([pts[parts[k]:parts[k + 1]] for k in range(nparts)])
    return out


def dbf_column(path: Path, name: str) -> list[str]:
    data = path.read_bytes()
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, off = [], 32
    while data[off] != 0x0D:
        fname = data[off:off + 11].split(b"\0")[0].decode()
        fields.append((fname, data[off + 16]))
        off += 32
    start = 1 + sum(w for f, w in fields[:[f for f, _ in fields].index(name)])
    width = dict(fields)[name]
    return [data[hlen + i * rlen + start:hlen + i * rlen + start + width].decode("latin-1").strip()
            for i in range(nrec)]


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(pts) < 3:
        return pts
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    dx, dy = x1 - x0, y1 - y0
    norm = math.hypot(dx, dy)
    best, idx = -1.0, 0
    for i in range(1, len(pts) - 1):
        x, y = pts[i]
        d = (abs(dy * x - dx * y + x1 * y0 - y1 * x0) / norm) if norm else math.hypot(x - x0, y - y0)
        if d > best:
            best, idx = d, i
    if best <= tol:
        return [pts[0], pts[-1]]
    return simplify(pts[:idx + 1], tol)[:-1] + simplify(pts[idx:], tol)


def inside(pt: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    x, y = pt
    hit = False
    for ring in rings:
        for (xa, ya), (xb, yb) in zip(ring, ring[1:] + ring[:1]):
            if (ya > y) != (yb > y) and x < xa + (y - ya) * (xb - xa) / (yb - ya):
                hit = not hit
    return hit


def main(countries: str, lines: str) -> None:
    cpath = Path(countries)
    codes = dbf_column(cpath.with_suffix(".dbf"), "ADM0_A3")
    nl = shapes(cpath)[codes.index("NLD")]
    rings = [r for r in nl if max(y for _, y in r) > 50.5 and len(r) >= 8]   # Europe, no islets
    provinces = []
    for rec in shapes(Path(lines)):
        for part in rec:
            if not part or not (3.0 < part[0][0] < 7.5 and 50.6 < part[0][1] < 53.7):
                continue
            if all(inside(p, rings) or _near_edge(p, rings) for p in part[::max(len(part) // 8, 1)]):
                provinces.append(part)
    r3 = lambda pts: [[round(x, 3), round(y, 3)] for x, y in pts]  # noqa: E731
    outline = [[r3(simplify(r, TOL))] for r in rings]
    outline = [p for p in outline if len(p[0]) >= 4]
    borders = [r3(simplify(p, TOL)) for p in provinces]
    gj = {"type": "FeatureCollection",
          "source": "Natural Earth 1:10m admin 0 countries and admin 1 states/provinces lines "
                    "(public domain), simplified by data/build_nl_outline.py",
          "features": [
              {"type": "Feature", "properties": {"name": "Nederland", "kind": "country"},
               "geometry": {"type": "MultiPolygon", "coordinates": outline}},
              {"type": "Feature", "properties": {"name": "provinciegrenzen", "kind": "province boundaries"},
               "geometry": {"type": "MultiLineString", "coordinates": borders}}]}
    OUT.write_text(json.dumps(gj, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(outline)} rings, {sum(len(p[0]) for p in outline)} points; "
          f"{len(borders)} province lines, {sum(len(b) for b in borders)} points; "
          f"{OUT.stat().st_size:,} bytes")


def _near_edge(p: tuple[float, float], rings: list[list[tuple[float, float]]], tol: float = 0.02) -> bool:
    """Province lines end on the coast or the border: points within ``tol`` degrees count."""
    x, y = p
    for ring in rings:
        for (xa, ya), (xb, yb) in zip(ring, ring[1:] + ring[:1]):
            dx, dy = xb - xa, yb - ya
            t = max(0.0, min(1.0, ((x - xa) * dx + (y - ya) * dy) / ((dx * dx + dy * dy) or 1)))
            if math.hypot(x - xa - t * dx, y - ya - t * dy) < tol:
                return True
    return False


if __name__ == "__main__":
    main(*sys.argv[1:3])
