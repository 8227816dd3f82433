"""A short KPI summary for the terminal, in the run's language."""
from __future__ import annotations

from nabb.i18n import Lang
from nabb.i18n.catalogue import CATALOGUE
from nabb.results import Results


def status_word(status: str, say: Lang) -> str:
    """A run status in the reader's language ("optimal" -> "optimaal"); unknown ones as they are."""
    key = f"status.{status}"
    return say(key) if key in CATALOGUE else status


def kpi_lines(res: Results, say: Lang | None = None) -> list[str]:
    say = say or Lang("en")
    status = status_word(res.status, say)
    if res.kpis is None or res.kpis.empty:
        return [say("console.no_solution", scenario=res.scenario, status=status)]
    k = res.kpis.iloc[-1]
    y = int(k["year"])

    def util(v: float) -> str:  # NaN: no capacity of that kind
        return say("console.utilisation", share=say.pct(v)) if v == v else say("console.no_capacity")

    return [say("console.objective", scenario=res.scenario, status=status,
                objective=say.money(res.objective_eur)),
            say("console.share", year=y, share=say.pct(k["biobased_share"], 1),
                target=say.pct(k["target_share"], 1), shortfall=say.num(k["shortfall_homes"])),
            say("console.capacity", year=y, area=say.num(k["fibre_crop_area_ha"]),
                primary=say.num(k["primary_capacity_t_input_per_yr"]),
                primary_use=util(k["primary_utilisation"]),
                lines=say.num(k["product_line_capacity_t_output_per_yr"]),
                lines_use=util(k["product_line_utilisation"])),
            say("console.carbon", year=y, co2=say.num(k["co2_stored_t"]),
                credits=say.money(k["carbon_credits_eur"]), imports=say.pct(k["import_share"])),
            say("console.marginal", year=y,
                cost=say.euros(k["marginal_cost_target_eur_per_home"] + 0.0))]
