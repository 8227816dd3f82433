"""The look shared by every nabb page and chart: colours (one per crop in every chart, also used
by the Excel charts), the font, and how numbers and codes are written.

Imports nothing from nabb: every report module may use it.
"""
from __future__ import annotations

import html
import math
from typing import Any, Iterable

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
                "domestic-share rule": "#6A1B9A", "contract": "#F9A825", "target": "#C62828",
                "national ramp-up": "#0D47A1", "construction-system growth": "#795548",
                "construction-system capacity": "#A1887F"}
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
            src = [col[j] for j in d.proc_in_t_per_t[p] if j in col and d.commodity_kind.get(j) != "auxiliary"]
            if src:
                for k in d.proc_out_t_per_t[p]:
                    col.setdefault(k, src[0])
    for k in d.commodities:
        if k not in col:
            col[k] = OTHER_COLOUR if d.commodity_kind[k] == "auxiliary" else IMPORT_COLOUR
    return col


def mix(a: str, b: str, w: float) -> str:
    """Colour ``a`` moved a fraction ``w`` of the way to colour ``b`` (both "#RRGGBB")."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * w):02X}" for x, y in zip(ca, cb))



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
