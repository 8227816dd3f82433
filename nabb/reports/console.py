"""A short KPI summary for the terminal."""
from __future__ import annotations

from nabb.results import Results


def kpi_lines(res: Results) -> list[str]:
    if res.kpis is None or res.kpis.empty:
        return [f"scenario {res.scenario}: status {res.status}, no solution"]
    k = res.kpis.iloc[-1]
    y = int(k["year"])
    def util(v: float) -> str:  # NaN: no capacity of that kind
        return f"utilisation {v:.0%}" if v == v else "no capacity"

    lines = [f"scenario {res.scenario}: status {res.status}, objective (whole horizon, discounted) EUR {res.objective_eur:,.0f}",
             f"  {y}: biobased share of new-build homes {k['biobased_share']:.1%} "
             f"(target {k['target_share']:.1%}), shortfall {k['shortfall_homes']:,.0f} homes",
             f"  {y}: fibre crops {k['fibre_crop_area_ha']:,.0f} ha; primary processing "
             f"{k['primary_capacity_t_input_per_yr']:,.0f} t input/yr ({util(k['primary_utilisation'])}); "
             f"product lines {k['product_line_capacity_t_output_per_yr']:,.0f} "
             f"t output/yr ({util(k['product_line_utilisation'])})",
             f"  {y}: CO2 stored {k['co2_stored_t']:,.0f} t, carbon credits EUR {k['carbon_credits_eur']:,.0f}, "
             f"import share {k['import_share']:.0%}",
             f"  {y}: marginal cost of the target EUR {k['marginal_cost_target_eur_per_home'] + 0.0:,.0f} per biobased home"]
    return lines
