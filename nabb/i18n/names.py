"""Dutch names of the codes in nabb's default data (crops, commodities, processes, segments,
building types), for Dutch reports.  A code not listed is shown as it is, with spaces for
underscores, in both languages: it is the user's own word."""
from __future__ import annotations

#: code -> Dutch name (monitor and trade vocabulary: vezelhennep, vlas, lemen, scheven, ...)
NAMES_NL: dict[str, str] = {
    # crops and their harvests
    "hemp": "hennep",
    "flax": "vlas",
    "miscanthus": "miscanthus",
    "cereal_straw": "graanstro",
    "straw": "stro",
    "willow": "wilg",
    "cattail": "lisdodde",
    "hemp_straw": "hennepstro",
    "flax_straw": "vlasstro",
    # intermediates
    "hemp_fibre": "hennepvezel",
    "hemp_shives": "hennepscheven",
    "flax_long_fibre": "lange vlasvezel",
    "flax_tow": "korte vlasvezel (werk)",
    "flax_shives": "vlaslemen",
    "miscanthus_chips": "miscanthussnippers",
    # building products and imports
    "hemp_wool": "hennepwol",
    "flax_insulation": "vlasisolatie",
    "straw_panel": "stropaneel",
    "hempcrete": "hennepkalk",
    "miscanthus_blowin": "miscanthus-inblaasisolatie",
    "wood_fibre_insulation": "houtvezelisolatie",
    "structural_timber": "constructiehout",
    "clt": "kruislaaghout (CLT)",
    "lime_binder": "kalkbindmiddel",
    "polyester_fibre": "polyestervezel",
    # processes
    "hemp_decortication": "hennepdecorticatie",
    "flax_scutching": "vlaszwingelen",
    "miscanthus_chopping": "miscanthus hakselen",
    "hemp_wool_production": "productie hennepwol",
    "flax_insulation_production": "productie vlasisolatie",
    "straw_panel_production": "productie stropanelen",
    "hempcrete_production": "productie hennepkalk",
    "miscanthus_blowin_production": "productie miscanthus-inblaasisolatie",
    # segments and building types
    "new_build": "nieuwbouw",
    "retrofit": "verduurzaming",
    "non_residential": "utiliteitsbouw",
    "apartment": "appartement",
    "ground_level": "grondgebonden woning",
    "house": "woning",
    "building_1000m2": "gebouw van 1.000 m²",
    "cavity_wall": "spouwmuur",
    # construction systems
    "timber_frame": "houtskeletbouw",
    # the default data's import points (their names, as the regions sheet writes them)
    "Port of Rotterdam (Maasvlakte/Europoort)": "Haven van Rotterdam (Maasvlakte/Europoort)",
    "German border A3/A12 at Emmerich-Zevenaar": "Duitse grens A3/A12 bij Emmerich-Zevenaar",
    "German border A67/A40 at Venlo": "Duitse grens A67/A40 bij Venlo",
    # values of report columns (line, basis, origin, method, severity)
    "primary": "primair",
    "product_line": "productlijn",
    "mass": "massa",
    "units": "eenheden",
    "import": "import",
    "duals": "knelpuntwaarden",
    "re-solve": "opnieuw opgelost",
    "duals, re-solve stopped": "knelpuntwaarden, opnieuw oplossen gestopt",
    "warning": "waarschuwing",
    "error": "fout",
    # cost components
    "cultivation": "teelt",
    "processing": "verwerking",
    "transport": "transport",
    "imports": "import",
    "surplus": "overschot",
    "construction_extra": "meerkosten bouw",
    "shortfall": "tekort",
    "carbon_credits": "koolstofcredits",
    "other_materials": "overige materialen",
    "domestic_shortfall": "tekort binnenlands aandeel",
    "market_sales": "verkoop aan andere markten",
}


def name(code: object, lang: str) -> str:
    """The reader's word for a code: Dutch from NAMES_NL, else the code with spaces."""
    text = str(code)
    if lang == "nl" and text in NAMES_NL:
        return NAMES_NL[text]
    return text.replace("_", " ")
