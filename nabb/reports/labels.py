"""Words and units for nabb's KPI keys and levers: what a person reads instead of a raw key.

``measure("area_ha.hemp")`` is "Hemp area [ha]", ``measure("biobased_share")`` a share shown
in %, ``measure("objective_discounted_eur", values)`` euros in millions when they are large;
``lever_measure`` does the same for a sweep's levers.  Used by the sweep outputs
(nabb.reports.sweep, sweep_text) and the KPI changes of compare.xlsx (nabb.reports.compare).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from nabb.i18n.catalogue import CATALOGUE
from nabb.i18n.language import text, unit as unit_in
from nabb.i18n.names import name as code_word
from nabb.i18n.numbers import is_money, localise, number
from nabb.sweep.levers import Lever

#: units that are shares or rates: shown ×100 as % (%/yr for rates)
_PERCENT_UNITS = {"t/t": "%", "EUR/EUR": "%", "share": "%", "1/yr": "%/yr", "-/yr": "%/yr"}


@dataclass(frozen=True)
class Measure:
    """How a person reads one column: its label, its display unit and the factor to it."""
    label: str
    unit: str
    factor: float = 1.0

    @property
    def title(self) -> str:
        return f"{self.label} [{self.unit}]" if self.unit else self.label

    def show(self, value: float) -> float:
        return value * self.factor


#: lever key -> label (units come from the schema)
LEVER_LABELS = {
    "carbon_price_eur_per_t": "Carbon price",
    "min_domestic_share": "Minimum domestic share",
    "discount_rate": "Discount rate",
    "biobased_threshold": "Biobased threshold",
    "market_interest_rate": "Market interest rate",
    "loan_interest_rate": "Loan interest rate",
    "loan_share": "Loan share of the investment",
    "loan_min_utilisation": "Minimum use of loan-financed capacity",
    "shortfall_penalty_eur_per_unit": "Shortfall penalty",
    "transport_arc_capacity_t": "Transport capacity per arc",
    "base_year": "Base year",
}

#: KPI column -> (label, unit, kind); kind "share" is shown in %, "money" in millions when large
KPI_LABELS: dict[str, tuple[str, str, str]] = {
    "objective_discounted_eur": ("Total cost (whole horizon, discounted)", "EUR", "money"),
    "biobased_share": ("Biobased share of new-build homes", "", "share"),
    "shortfall_homes": ("Shortfall from the target", "homes", ""),
    "marginal_cost_target_eur_per_home": ("Marginal cost of the target", "EUR/home", "money"),
    "import_share": ("Import share of biobased products", "", "share"),
    "new_build_homes": ("New-build homes", "homes", ""),
    "biobased_homes": ("Biobased new-build homes", "homes", ""),
    "fibre_crop_area_ha": ("Fibre-crop area", "ha", ""),
    "primary_capacity_t_input_per_yr": ("Primary processing capacity", "t input/yr", ""),
    "product_line_capacity_t_output_per_yr": ("Product-line capacity", "t output/yr", ""),
    "processing_activity_t": ("Processing activity", "t", ""),
    "co2_stored_t": ("CO2 stored", "t CO2", ""),
    "co2_credited_t": ("CO2 credited", "t CO2", ""),
    "carbon_credits_eur": ("Carbon credits paid", "EUR", "money"),
    "credit_earning_area_ha": ("Area earning carbon credits", "ha", ""),
    "carbon_income_eur_per_ha": ("Carbon income per ha of fibre crop", "EUR/ha", "money"),
    "farm_gate_value_eur": ("Farm-gate value of the harvest", "EUR", "money"),
    "farmer_income_eur_per_ha": ("Farmer income per ha", "EUR/ha", "money"),
    # the report's per-year KPIs (nabb.results) besides the sweep's
    "carbon_price_eur_per_t": ("Carbon price", "EUR/t CO2", "money"),
    "chain_cost_undiscounted_eur": ("Chain cost (undiscounted)", "EUR", "money"),
    "cost_undiscounted_eur": ("Cost with shortfall penalties (undiscounted)", "EUR", "money"),
    "coproducts_sold_t": ("Co-products sold to other markets", "t", ""),
    "surplus_t": ("Surplus", "t", ""),
    "target_share": ("Biobased target", "", "share"),
    "biobased_delivered_t": ("Biobased material delivered", "t", ""),
    "primary_throughput_t_input_per_yr": ("Primary processing throughput", "t input/yr", ""),
    "product_line_throughput_t_output_per_yr": ("Product-line throughput", "t output/yr", ""),
    "primary_utilisation": ("Utilisation of primary processing", "", "share"),
    "product_line_utilisation": ("Utilisation of the product lines", "", "share"),
}
#: families of columns "prefix.code" -> (label with {name}, unit)
KPI_FAMILIES = {
    "area_ha": ("{name} area", "ha"),
    "processing_capacity_t": ("{name} capacity", "t/yr"),
    "carbon_income_eur_per_ha": ("Carbon income per ha of {name}", "EUR/ha"),
    "units": ("{name} units", "units"),
    "biobased_units": ("Biobased units, {name}", "units"),
    "cost_eur": ("Cost of {name}", "EUR"),
    "marginal_cost_target": ("Marginal cost of the {name} target", "EUR/unit"),
    "biobased_mass_share": ("Biobased mass share, {name}", "share"),
    "target_share": ("Biobased target, {name}", "share"),
}


def code_name(code: str) -> str:
    """'cereal_straw' -> 'Cereal straw'."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _in(m: Measure, lang: str) -> Measure:
    """``m`` with its unit in the reader's language (million EUR -> mln €)."""
    if lang == "en":
        return m
    u = m.unit.replace("million ", "mln ") if m.unit.startswith("million ") else m.unit
    return Measure(m.label, unit_in(u, lang), m.factor)


def lever_measure(lever: Lever, lang: str = "en") -> Measure:
    label = LEVER_LABELS.get(lever.name, code_name(lever.name))
    if lang != "en" and f"lever.{lever.name}" in CATALOGUE:
        label = text(f"lever.{lever.name}", lang)
    unit = "" if lever.unit in ("-", "") else lever.unit
    if unit in _PERCENT_UNITS:
        return _in(Measure(label, _PERCENT_UNITS[unit], 100.0), lang)
    return _in(Measure(label, "" if lever.name == "base_year" else unit), lang)


def measure(column: str, values: Sequence[float] = (), lang: str = "en") -> Measure:
    """Label, display unit and factor of a sweep column; ``values`` pick millions for large sums;
    ``lang`` the words (nabb.i18n.kpi_texts) and units of the reader."""
    if column in KPI_LABELS:
        label, unit, kind = KPI_LABELS[column]
        if lang != "en" and f"kpi.{column}" in CATALOGUE:
            label = text(f"kpi.{column}", lang)
    elif "." in column and column.partition(".")[0] in KPI_FAMILIES:
        family, _, code = column.partition(".")
        label, unit = KPI_FAMILIES[family]
        if lang != "en":
            label, kind = text(f"kpifam.{family}", lang, name=code_word(code, lang)), ""
        else:
            label, kind = label.format(name=code_name(code) if label.startswith("{") else
                                       code.replace("_", " ")), ""
        kind = "money" if "EUR" in unit else ""
        if unit == "share":
            unit, kind = "", "share"
    else:
        return Measure(code_name(code_word(column, lang)), "")
    if kind == "share":
        return Measure(label, "%", 100.0)
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    if finite and max(finite) >= 1e7:
        return _in(Measure(label, f"million {unit}", 1e-6), lang)
    return _in(Measure(label, unit), lang)


def decimals_for(values: Sequence[float], m: Measure) -> int:
    """One number of decimals for a whole column: 0 from 100 up, 1 from 1, else 2."""
    finite = [abs(m.show(float(v))) for v in values if v is not None and math.isfinite(float(v))]
    top = max(finite, default=0.0)
    return 0 if top >= 100 or top == 0 else 1 if top >= 1 else 2


def fmt(value: float, m: Measure, decimals: int = 0, lang: str = "en") -> str:
    """A value in its display unit with thousands separators (1,234.5 / 1.234,5)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return number(m.show(float(value)), lang, decimals)


def fmt_lever(value: float, m: Measure, lang: str = "en") -> str:
    """A lever value as typed: whole numbers without decimals, else as few as it needs."""
    v = round(m.show(float(value)), 9)
    return localise(f"{v:,.6f}".rstrip("0").rstrip("."), lang)


def lowered(label: str) -> str:
    """A label inside a sentence: its first letter lower case, unless it starts an acronym
    ('Carbon price' -> 'carbon price', 'CO2-prijs' stays)."""
    if len(label) > 1 and (label[1].isupper() or label[1].isdigit()):
        return label
    return label[:1].lower() + label[1:]


def with_unit(text: str, unit: str, lang: str = "en") -> str:
    """'3' + '%/yr' -> '3%/yr'; '200' + 'EUR/t CO2' -> '200 EUR/t CO2'; Dutch money with the
    euro sign first: '200' + '€/t CO2' -> '€ 200 per t CO2', '1.419' + 'mln €' -> '€ 1.419 mln'."""
    if not unit:
        return text
    u = unit.strip()
    if lang == "nl" and is_money(u) and u != "k€":
        scale = {"€": "", "mln €": " mln", "mld €": " mld"}
        if u in scale:
            return f"€ {text}{scale[u]}"
        return f"€ {text} per {u.split('/', 1)[1]}"
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"




def raw_unit(column: str) -> str:
    """The unit of a KPI's raw value (as stored): 'share (0-1)' for shares, else its unit."""
    m = measure(column)
    if m.unit == "%":
        return "share (0-1)"
    return m.unit
