"""Dutch column headers and sheet names of report.xlsx.

report.xlsx names a column by its code ("area_cap_ha" -> "area cap [ha]",
"area_ha.hemp" -> "area hemp [ha]").  A Dutch header translates the English label
(longest known label first, a code after it by :func:`nabb.i18n.names.name`) and the unit
word by word: "areaalplafond [ha]", "areaal hennep [ha]", "capaciteit [t/jaar]".
"""
from __future__ import annotations

import re

from nabb.i18n.language import unit
from nabb.i18n.names import name

SHEETS_NL: dict[str, str] = {
    "Summary": "Kerncijfers", "KPIs": "KPI per jaar", "Charts": "Grafieken",
    "Balance": "Balans", "Cultivation": "Teelt", "Processing": "Verwerking", "Flows": "Stromen",
    "Imports": "Import", "Demand": "Vraag", "Targets": "Doelen",
    "Target cost split": "Kosten van het doel", "Co-products": "Nevenproducten",
    "Prices": "Prijzen", "Costs": "Kosten", "Run": "Berekening", "Bottlenecks": "Knelpunten",
    "Shortfall": "Tekort", "Checks": "Controles", "Idle plants": "Stilstaande fabrieken",
}

#: English column label (without unit) -> Dutch
LABELS_NL: dict[str, str] = {
    "activity": "activiteit", "area": "areaal", "area cap": "areaalplafond", "basis": "grondslag",
    "biobased": "biobased", "biobased delivered": "biobased geleverd",
    "biobased mass": "biobased aandeel (massa)", "biobased recipe": "biobased recept",
    "building type": "gebouwtype", "capacity": "capaciteit",
    "capacity t input per yr": "capaciteit t input per jaar",
    "capacity t output per yr": "capaciteit t output per jaar",
    "capacity value": "waarde capaciteit", "carbon credits": "koolstofcredits",
    "carbon income": "CO2-vergoeding", "carbon price": "CO2-prijs",
    "chain cost undiscounted": "ketenkosten niet verdisconteerd", "co2 credited": "CO2 gecertificeerd",
    "co2 stored": "CO2 vastgelegd", "commodity": "goed", "component": "onderdeel",
    "constraint": "restrictie", "construction": "bouw", "conventional recipe": "gangbaar recept",
    "coproducts sold": "nevenproducten verkocht", "cost": "kosten", "cost per t": "kosten per t",
    "cost undiscounted": "kosten niet verdisconteerd", "counts as biobased": "telt als biobased",
    "credit earning area": "areaal met credits", "crop": "gewas",
    "crop products": "producten uit gewassen", "delivered": "geleverd", "discarded": "afgevoerd",
    "discount factor": "disconteringsfactor", "discounted": "verdisconteerd",
    "disposal cost": "afvoerkosten", "distance": "afstand", "existing area": "bestaand areaal",
    "existing capacity": "bestaande capaciteit", "explanation": "toelichting",
    "extra biobased": "extra biobased", "fibre crop area": "teeltareaal vezelgewassen",
    "from region": "van regio", "harvest": "oogst", "harvested": "geoogst",
    "idle capacity": "ongebruikte capaciteit", "import": "import", "imports": "import",
    "inflow": "instroom", "input": "invoer", "inputs": "invoer", "invest loan": "investering lening",
    "invest market": "investering markt", "kind": "soort", "limit": "grens", "line": "lijn",
    "link": "schakel", "marginal cost": "marginale kosten",
    "marginal cost target": "marginale kosten doel", "message": "melding", "method": "methode",
    "mineral and other materials": "minerale en overige materialen", "new build": "nieuwbouw",
    "new capacity": "nieuwe capaciteit", "origin": "herkomst", "other limits": "overige grenzen",
    "outflow": "uitstroom", "plant": "fabriek", "planted": "aangeplant", "price": "prijs",
    "primary capacity t input per yr": "primaire capaciteit t input per jaar",
    "primary throughput t input per yr": "primaire doorzet t input per jaar",
    "primary utilisation": "benuttingsgraad primair", "process": "proces",
    "process input": "procesinvoer", "process output": "procesuitvoer",
    "processing activity": "verwerkingsactiviteit", "processing capacity": "verwerkingscapaciteit",
    "produced": "geproduceerd",
    "product line capacity t output per yr": "capaciteit productlijnen t output per jaar",
    "product line throughput t output per yr": "doorzet productlijnen t output per jaar",
    "product line utilisation": "benuttingsgraad productlijnen", "production": "productie",
    "rank": "rang", "recipe": "recept", "region": "regio", "residual": "restant",
    "sale value": "verkoopwaarde", "segment": "segment", "severity": "ernst",
    "shortfall": "tekort", "sold": "verkocht", "sold to other markets": "verkocht aan andere markten",
    "step": "stap", "surplus": "overschot", "target": "doel", "timber": "hout",
    "to region": "naar regio", "tonnes": "ton", "transport work": "transportprestatie",
    "units": "eenheden", "usable capacity": "bruikbare capaciteit", "used in chain": "gebruikt in keten",
    "utilisation": "benuttingsgraad", "value per step": "waarde per stap",
    "value per t": "waarde per t", "value per unit": "waarde per eenheid", "what": "wat",
    "year": "jaar", "years": "jaren", "yield": "opbrengst", "item": "onderdeel", "value": "waarde",
    "nr": "nr", "KPI (NL)": "KPI", "unit": "eenheid", "option": "optie", "what if": "wat als",
    "current value": "huidige waarde", "needed value": "benodigde waarde",
    "shortfall left": "resterend tekort", "next link": "volgende schakel",
    "biobased share": "biobased aandeel", "target share": "doelaandeel",
}

_HEADER = re.compile(r"^(.*?)(?: \[(.+)\])?$")


def sheet_name(sheet: str, lang: str) -> str:
    """The sheet's name in the reader's language (Excel allows 31 characters)."""
    return SHEETS_NL.get(sheet, sheet)[:31] if lang == "nl" else sheet


def header(english: str, lang: str) -> str:
    """A report.xlsx column header in the reader's language ("area hemp [ha]" ->
    "areaal hennep [ha]"); English headers are returned as they are."""
    if lang != "nl":
        return english
    label, unit_ = _HEADER.match(english).groups()
    if "." in label:               # "marginal cost target.retrofit retrofit": the family, the code
        label = f"{label.split('.')[0]} {label.split()[-1]}"
    out = LABELS_NL.get(label)
    if out is None:
        known = [k for k in LABELS_NL if label.startswith(k + " ")]
        if known:
            head = max(known, key=len)
            out = f"{LABELS_NL[head]} {name(label[len(head) + 1:], 'nl')}"
        else:
            out = name(label, "nl")
    return f"{out} [{unit(unit_, 'nl')}]" if unit_ else out
