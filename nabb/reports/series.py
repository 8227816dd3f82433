"""The data behind report.html's key charts, shared with the Excel charts of report.xlsx, so
that both draw the same numbers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nabb.model import COST_COMPONENTS

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run


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
    per_in = {p: sum(d.proc_in_t_per_t[p].values()) for p in d.processes}
    per_out = {p: sum(a for k, a in d.proc_out_t_per_t[p].items() if d.commodity_kind.get(k) == "product")
               for p in d.processes}

    # rows per (region, line) found once (a mask per region and line was quadratic in
    # regions); each total sums the same products, in the same order, as that mask selected
    rows = p_last.groupby(["region", "line"], sort=False).indices if len(p_last) else {}
    weighted: dict[tuple[str, int], Any] = {}

    def total(r, line, col, per):
        pos = rows.get((r, line))
        if pos is None:
            return 0.0
        if (col, id(per)) not in weighted:
            weighted[(col, id(per))] = p_last[col] * p_last["process"].map(per)
        return float(weighted[(col, id(per))].iloc[pos].sum())
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
