"""The field-to-building Sankey chart of report.html: crops -> intermediates -> building
products -> home types, plus imports, in tonnes per year (also the domestic-only variant).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from nabb.i18n import Lang
from nabb.i18n.names import name
from nabb.reports.style import (FONT, HALO, IMPORT_COLOUR, OTHER_COLOUR, commodity_colours,
                                crop_colours, esc)

EN = Lang("en")

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


def sankey_chart(run_: "Run", year: int, domestic: bool = False, say: Lang = EN) -> str:
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
        tot_in = sum(d.proc_in_t_per_t[p].values()) or 1.0
        for k, o in d.proc_out_t_per_t[p].items():
            for j, i in d.proc_in_t_per_t[p].items():
                add(f"c:{j}", f"c:{k}", a * o * i / tot_in)
    imp = fr["imports"]
    imp = imp[imp.year == year]
    for k, t in imp.groupby("commodity")["t"].sum().items():
        add("imports", f"c:{k}", t)
    dem = fr["demand"]
    dem = dem[(dem.year == year) & (dem.units > 1e-9)]
    for (seg, b, q), u in dem.groupby(["segment", "building_type", "recipe"])["units"].sum().items():
        for k, a in d.recipe_materials_t_per_unit[q].items():
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
                nodes[n] = dict(label=say("chart.sankey.imports"), col=0, colour=IMPORT_COLOUR)
            elif n == "surplus":
                nodes[n] = dict(label=say("chart.sankey.surplus"), col=3, colour=OTHER_COLOUR)
            elif n.startswith("h:"):
                _, seg, b_ = n.split(":", 2)
                nodes[n] = dict(label=f"{_cap(name(b_, say.code))} ({name(seg, say.code)})", col=3,
                                colour="#455A64")
            else:
                k = n[2:]
                crop = next((c for c in d.crops if d.crop_commodity[c] == k), None)
                nodes[n] = dict(label=crop_label(crop, k, say) if crop else name(k, say.code),
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
    # room right of the last column for its longest label ("Grondgebonden woning (nieuwbouw)
    # 40.098 t"), at about 6.3 px a character of 11 px text
    last = [len(f"{nd['label']} {say.num(nd['value'])} t") for nd in nodes.values() if nd["col"] == 3]
    right = max(right, int(6.3 * max(last, default=0)) + 30)
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
    title = say("chart.sankey.title_domestic" if domestic else "chart.sankey.title", year=year)
    cid = "sankey-domestic" if domestic else "sankey"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="svg-{cid}" role="img" viewBox="0 0 {W} {H}" '
             f'width="{W}" height="{H}" style="{FONT}">',
             f'<title>{esc(title)}</title>',
             f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="15" font-weight="600">'
             f'{esc(title)}</text>']
    heads = [say("chart.sankey.crops_domestic" if domestic else "chart.sankey.crops"),
             say("chart.sankey.intermediates"), say("chart.sankey.products"),
             say("chart.sankey.uses")]
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
                     f'{say.num(v)} t</title></path>')
    for n, nd in nodes.items():
        parts.append(f'<rect class="node" x="{nd["x"]:.1f}" y="{nd["y"]:.1f}" width="{node_w}" '
                     f'height="{nd["h"]:.1f}" fill="{nd["colour"]}"><title>{esc(nd["label"])}: '
                     f'{say.num(nd["value"])} t</title></rect>')
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
                         f'text-anchor="start">{esc(nd["label"])} {say.num(nd["value"])} t</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _cap(text: str) -> str:
    """The first letter upper case, the rest as it is (str.capitalize lowers "CLT")."""
    return text[:1].upper() + text[1:]


def crop_label(crop: str, commodity: str, say: Lang = EN) -> str:
    """'Miscanthus' (not 'Miscanthus (miscanthus)'), 'Hemp straw', 'Willow (wood chips)';
    in Dutch 'Hennepstro', 'Graanstro'."""
    c, k = name(crop, say.code), name(commodity, say.code)
    if say.code == "en":
        c, k = c.lower(), k.lower()
    if k == c:
        return _cap(c)
    if k.startswith(c + " ") or (say.code == "nl" and k.startswith(c)):
        return _cap(k)
    return f"{_cap(c)} ({k})"


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
