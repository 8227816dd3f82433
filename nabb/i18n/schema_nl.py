"""Dutch descriptions of the input workbook's sheets, columns and settings (``nabb template
input --lang nl``).

The English descriptions are the schema's own (:mod:`nabb.schema`, the single source of
truth); this catalogue holds their Dutch text keyed by the schema's names: ``"sheet"`` for a
sheet, ``"sheet.column"`` for a column and ``"settings.key"`` for a setting.  Sheet and column
names themselves stay as they are (the reader reads them).  tests/test_i18n.py checks that every
sheet, column and setting of the schema has its Dutch text here, and nothing else.
"""
from __future__ import annotations

from nabb.i18n.language import unit

_SOURCE = ("Bron-id('s) uit het blad sources voor de getallen in deze rij, gescheiden door komma's. "
           "Een rij zonder bron geeft een waarschuwing.")

#: settings key -> Dutch description
SETTINGS_NL: dict[str, str] = {
    "base_year": "Jaar waarnaar kosten worden verdisconteerd.",
    "discount_rate": "Maatschappelijke discontovoet.",
    "biobased_threshold": "Biobased massa-aandeel vanaf waar een eenheid als biobased telt.",
    "market_interest_rate": "Rente van gewone financiering van verwerkers.",
    "loan_interest_rate": "Rente van de gunstige NABB-lening voor verwerkers (verwerkersregeling).",
    "loan_share": "Aandeel van de investering dat de gunstige lening financiert (hoogstens 25%).",
    "loan_min_utilisation": "Kleinste benuttingsgraad van capaciteit die met de gunstige lening "
                            "is gebouwd.",
    "shortfall_penalty_eur_per_unit": "Prijs van één eenheid die aan een doel ontbreekt; de "
                                      "marginale kosten van het doel komen nooit hoger.",
    "transport_arc_capacity_t": "Capaciteit van elke verbinding per goed; 0 = onbeperkt.",
    "loan_max_eur": "Grootste gunstige lening per regio en jaar (de verwerkersregeling leent "
                    "hoogstens € 5 mln per bedrijf); 0 = geen grens.",
    "other_mass_price_eur_per_t": "Prijs per ton van de niet-gemodelleerde (vooral minerale) massa "
                                  "van een recept (recipes.other_mass_t_per_unit), voor recepten "
                                  "zonder other_material_cost_eur_per_unit; 0 = die massa kost "
                                  "niets.",
    "mass_shortfall_penalty_eur_per_t": "Prijs van één ton biobased massa die aan een doel op "
                                        "massa-aandeel ontbreekt (targets.basis = mass).",
    "domestic_shortfall_penalty_eur_per_t": "Prijs van één ton product uit gewassen die aan het "
                                            "minimale binnenlandse aandeel ontbreekt (beprijsd "
                                            "zoals een doel, zodat een onhaalbaar aandeel een "
                                            "antwoord is en geen onoplosbaar model).",
    "hard_targets": "TRUE: biobased doelen moeten volledig worden gehaald (geen beprijsd tekort). "
                    "Een onhaalbaar doel maakt het model dan onoplosbaar, en het rapport noemt de "
                    "invoer die botst.",
    "language": "Taal van de rapporten en de consoleregels: nl (Nederlands) of en (Engels). Leeg: "
                "Engels, behalve voor de eigen standaarddata van nabb, die Nederlands is. "
                "`nabb run --lang` gaat voor.",
}

#: sheet name -> Dutch description
SHEETS_NL: dict[str, str] = {
    "regions": "Regio's (provincies, COROP-gebieden, gemeenten) en importknooppunten.",
    "commodities": "Alles wat wordt geteeld, verwerkt, vervoerd, geïmporteerd of verbouwd.",
    "crops": "Vezelgewassen en het stro van granen.",
    "cultivation": "Areaal per regio en gewas in het basisjaar, en eventueel regionale opbrengsten.",
    "contracted_area": "Gecontracteerde of beoogde hectares per regio, gewas en jaar (uit de "
                       "regionale capaciteitsbladen); het model teelt minstens zoveel.",
    "processes": "Processen die goederen omzetten in andere goederen.",
    "process_io": "Invoer- en uitvoercoëfficiënten per ton procesactiviteit.",
    "capacity": "Bestaande en geplande verwerkingsfabrieken.",
    "arcs": "Transportverbindingen tussen regio's (schaars: het aantal variabelen groeit met de "
            "verbindingen, niet met het kwadraat van het aantal regio's).",
    "imports": "Importmogelijkheden: een goed dat een regio binnenkomt, met prijs en eventueel "
               "een plafond.",
    "demand": "Te bouwen eenheden per regio, jaar, segment en gebouwtype (woningen bij new_build).",
    "recipes": "Manieren om één eenheid te bouwen: de niet-gemodelleerde (minerale) massa en de "
               "meerkosten.",
    "build_systems": "Bouwsystemen (houtskeletbouw, CLT) en hoe snel de industrie die ze bouwt "
                     "landelijk kan groeien.",
    "recipe_materials": "Ton van elk gemodelleerd goed per eenheid die met een recept wordt "
                        "gebouwd.",
    "policy": "Jaarlijkse beleidsknoppen; de rijen bepalen de planningshorizon.",
    "targets": "Biobased doelen: aandeel eenheden gebouwd met een biobased recept (basis units), "
               "of biobased aandeel van de totale materiaalmassa van het segment (basis mass, het "
               "NABB-doel voor utiliteitsbouw).",
    "scenarios": "Benoemde scenario's als wijzigingen op de basisdata.",
    "uncertainty": "Bandbreedtes van onzekere invoer, voor steekproeven (`nabb uncertainty`). "
                   "Elke rij wijst cellen aan zoals het blad scenarios (sheet, column, filter) en "
                   "geeft een verdeling. Een gewone `nabb run` gebruikt dit blad niet; het wordt "
                   "gecontroleerd zoals elk ander blad.",
    "sources": "Waar elk getal vandaan komt.",
}

#: "sheet.column" -> Dutch description (the source columns are added below)
COLUMNS_NL: dict[str, str] = {
    "regions.region": "Korte regiocode, precies zoals getypt (\"NA\" blijft \"NA\").",
    "regions.name": "Volledige naam.",
    "regions.kind": "Wat het knooppunt is; havens en grensovergangen hebben geen land of vraag.",
    "regions.lat": "Breedtegraad van het middelpunt (WGS84).",
    "regions.lon": "Lengtegraad van het middelpunt (WGS84).",
    "regions.arable_land_ha": "Akkerbouwland dat beschikbaar is voor vezelgewassen.",
    "regions.cereal_area_ha": "Graanareaal waarvan het stro kan worden geperst.",
    "commodities.commodity": "Code van het goed.",
    "commodities.kind": "crop (gewas), intermediate (tussenproduct), product (gaat in gebouwen) "
                        "of auxiliary (hulpstof).",
    "commodities.biobased_share": "Biobased massa-aandeel van het goed.",
    "commodities.co2_storage_t_per_t": "Biogene CO2 die per ton wordt vastgelegd.",
    "commodities.credit_eligible": "Of vastgelegde CO2 Nederlandse koolstofcredits oplevert als "
                                   "het in een gebouw belandt (binnenlandse vezelgewassen ja, "
                                   "hout nee).",
    "commodities.transport_cost_eur_per_tkm": "Kosten van wegtransport per tonkilometer.",
    "commodities.surplus_cost_eur_per_t": "Kosten van het afvoeren van ongebruikte tonnen "
                                          "(niet afgezette oogst).",
    "commodities.market_value_eur_per_t": "Prijs die een markt buiten de bouw betaalt (linnen "
                                          "voor lange vlasvezel, strooisel voor scheven); 0 = "
                                          "zo'n afzet is er niet.",
    "commodities.market_max_t_per_yr": "Landelijke omvang van die markt per jaar; verplicht als "
                                       "market_value_eur_per_t > 0.",
    "commodities.material_group": "timber (hout), crop_product (product uit gewassen), mineral "
                                  "(mineraal) of other (overig): de groep waarin de marginale "
                                  "kosten van het doel worden gesplitst; crop_product telt mee "
                                  "voor het minimale binnenlandse aandeel. Leeg = afgeleid: een "
                                  "biobased goed uit een proces dat Nederlandse gewassen "
                                  "gebruikt is crop_product, een ander biobased goed timber, "
                                  "een niet-biobased goed other.",
    "commodities.dutch_crop_share": "Aandeel van de massa van het goed dat uit Nederlandse "
                                    "gewassen komt; alleen dit deel van de vastgelegde CO2 levert "
                                    "credits op. Leeg = afgeleid uit process_io (invoermassa uit "
                                    "gewassen gedeeld door alle invoermassa, via tussenproducten; "
                                    "de laagste over de processen die het maken).",
    "commodities.description": "Wat het is.",
    "crops.crop": "Code van het gewas.",
    "crops.commodity": "Het goed dat wordt geoogst.",
    "crops.yield_t_per_ha": "Geoogste ton per volgroeide hectare.",
    "crops.land_use": "arable: concurreert om akkerbouwland; cereal_byproduct: stro van bestaand "
                      "graanareaal.",
    "crops.rotation_max_share": "Grootste aandeel van het akkerbouwland van een regio (of het "
                                "graanareaal voor stro) onder dit gewas in één jaar: 1/7 voor "
                                "vlas, 1/4 voor hennep.",
    "crops.max_growth_ha_per_year": "Grootste jaarlijkse toename van het areaal in één regio, "
                                    "absoluut deel.",
    "crops.max_growth_rate": "Grootste jaarlijkse toename als aandeel van het areaal van vorig "
                             "jaar (boeren stappen geleidelijk in).",
    "crops.cultivation_cost_eur_per_ha": "Kosten van telen en oogsten.",
    "crops.competing_margin_eur_per_ha": "Saldo van het gewas dat het vezelgewas verdringt: het "
                                         "gederfde inkomen van de boer.",
    "crops.perennial": "Aangeplant areaal blijft staan (miscanthus).",
    "crops.establishment_years": "Jaren na aanplant zonder oogst (het plantjaar telt als eerste).",
    "crops.establishment_cost_eur_per_ha": "Eenmalige aanplantkosten van een meerjarig gewas.",
    "crops.stand_lifetime_years": "Levensduur van een meerjarig gewas vanaf aanplant. Ingevuld: "
                                  "het gewas wordt over zijn productieve jaren genormaliseerd "
                                  "(zoals verwerkingsinvesteringen, tegen de marktrente): de "
                                  "aanplantkosten en de teeltkosten en het gederfde saldo van de "
                                  "aanloopjaren worden door elk oogstjaar terugbetaald, zodat het "
                                  "einde van de horizon niet beslist of er wordt aangeplant. Leeg "
                                  "= de aanplantkosten worden in één keer betaald en elke "
                                  "aangeplante hectare betaalt zijn jaarlijkse kosten vanaf het "
                                  "plantjaar.",
    "cultivation.region": "Regiocode.",
    "cultivation.crop": "Code van het gewas.",
    "cultivation.existing_area_ha": "Areaal in het jaar vóór de horizon (volgroeid bij meerjarige "
                                    "gewassen).",
    "cultivation.yield_t_per_ha": "Regionale opbrengst; leeg gebruikt de opbrengst van het gewas.",
    "cultivation.max_area_ha": "Eventueel een extra plafond op het areaal (contracten, bodem).",
    "contracted_area.region": "Regiocode.",
    "contracted_area.crop": "Code van het gewas.",
    "contracted_area.year": "Jaar.",
    "contracted_area.area_ha": "Gecontracteerd of beoogd areaal.",
    "contracted_area.provenance": "Waar de rij vandaan komt.",
    "processes.process": "Code van het proces.",
    "processes.description": "Wat het doet.",
    "processes.capex_eur_per_t_yr": "Investering per t/jaar capaciteit (capaciteit in ton "
                                    "activiteit, zie process_io).",
    "processes.fixed_om_eur_per_t_yr": "Vaste bedrijfs- en onderhoudskosten.",
    "processes.variable_cost_eur_per_t": "Variabele kosten per ton activiteit.",
    "processes.lifetime_years": "Economische levensduur van nieuwe capaciteit.",
    "processes.availability": "Grootste bruikbare aandeel van de nominale capaciteit.",
    "processes.max_investment_t_per_yr": "Grootste nieuwe capaciteit per regio en jaar; leeg = "
                                         "onbeperkt.",
    "processes.mass_loss_t_per_t": "Massaverlies (stof, water, afval) per ton activiteit; invoer "
                                   "= uitvoer + verlies.",
    "processes.national_growth_t_per_yr": "Grootste nieuwe capaciteit van dit proces die in één "
                                          "jaar in heel Nederland wordt gebouwd, absoluut deel "
                                          "(opschaling van de industrie); leeg = geen landelijke "
                                          "grens.",
    "processes.national_growth_rate": "Grootste nieuwe capaciteit die in één jaar in heel "
                                      "Nederland wordt gebouwd, als aandeel van de landelijke "
                                      "capaciteit van vorig jaar (bestaand plus nieuw); samen met "
                                      "national_growth_t_per_yr.",
    "process_io.process": "Code van het proces.",
    "process_io.commodity": "Code van het goed.",
    "process_io.direction": "in (invoer) of out (uitvoer).",
    "process_io.t_per_t": "Ton per ton activiteit.",
    "capacity.plant": "Naam van de fabriek (uniek).",
    "capacity.region": "Regiocode.",
    "capacity.process": "Code van het proces.",
    "capacity.capacity_t_per_yr": "Nominale capaciteit in ton activiteit.",
    "capacity.commissioning_year": "Eerste bedrijfsjaar.",
    "capacity.decommissioning_year": "Laatste bedrijfsjaar; leeg = open.",
    "capacity.status": "Status van de fabriek; alleen existing (bestaand), financed "
                       "(gefinancierd) en under_construction (in aanbouw) tellen als capaciteit.",
    "capacity.provenance": "Waar de rij vandaan komt (samengevoegd capaciteitsblad, hash, "
                           "ketenregisseur, datum).",
    "arcs.from_region": "Herkomst.",
    "arcs.to_region": "Bestemming.",
    "arcs.distance_km": "Afstand over de weg.",
    "arcs.bidirectional": "Ook in de andere richting te gebruiken.",
    "imports.commodity": "Code van het goed.",
    "imports.region": "Regio van binnenkomst (haven of grensovergang).",
    "imports.price_eur_per_t": "Geleverde prijs in de regio van binnenkomst.",
    "imports.max_t_per_yr": "Plafond per jaar; leeg = onbeperkt.",
    "imports.origin": "import: in het buitenland gekocht (telt als import in het importaandeel en "
                      "de regel voor het binnenlandse aandeel); domestic: een Nederlandse "
                      "aanvoer zoals Nederlands constructiehout, gekocht in die regio.",
    "demand.region": "Regiocode.",
    "demand.year": "Jaar.",
    "demand.segment": "Vraagsegment.",
    "demand.building_type": "Bijvoorbeeld ground_level (grondgebonden), apartment (appartement).",
    "demand.units": "Woningen (of eenheden) per jaar.",
    "recipes.recipe": "Code van het recept.",
    "recipes.segment": "Segment waarvoor het recept dient.",
    "recipes.building_type": "Gebouwtype waarvoor het recept dient.",
    "recipes.other_mass_t_per_unit": "Massa van materialen die niet in recipe_materials staan "
                                     "(beton, baksteen, staal...), geteld als niet-biobased.",
    "recipes.extra_cost_eur_per_unit": "Kosten boven het gangbare recept, zonder de genoemde "
                                       "materialen; negatief als het recept kosten bespaart "
                                       "(bijvoorbeeld minder beton).",
    "recipes.other_material_cost_eur_per_unit": "Kosten van de materialen die niet in "
                                                "recipe_materials staan (de other_mass). Leeg = "
                                                "other_mass_t_per_unit x de instelling "
                                                "other_mass_price_eur_per_t, zodat elk recept "
                                                "voor al zijn massa betaalt.",
    "recipes.build_system": "Bouwsysteem waarvan dit recept de landelijke groeigrenzen deelt "
                            "(bijvoorbeeld timber_frame, clt); leeg = geen.",
    "recipes.description": "Wat het is.",
    "build_systems.system": "Code van het systeem, gebruikt in recipes.build_system.",
    "build_systems.description": "Wat het is.",
    "build_systems.base_units_per_year": "Eenheden die in het jaar vóór de horizon met dit systeem "
                                         "zijn gebouwd (alle segmenten samen).",
    "build_systems.max_growth_units_per_year": "Grootste jaarlijkse toename van de eenheden die "
                                               "met dit systeem in heel Nederland worden "
                                               "gebouwd, absoluut deel (nieuwe capaciteit van "
                                               "prefabfabrieken).",
    "build_systems.max_growth_rate": "Grootste jaarlijkse toename als aandeel van de eenheden van "
                                     "vorig jaar.",
    "build_systems.max_units_per_year": "Eventueel een plafond op de eenheden per jaar "
                                        "(fabriekscapaciteit); leeg = geen.",
    "recipe_materials.recipe": "Code van het recept.",
    "recipe_materials.commodity": "Code van het goed.",
    "recipe_materials.t_per_unit": "Ton per eenheid.",
    "policy.year": "Een modeljaar.",
    "policy.carbon_price_eur_per_t": "Prijs van koolstofcredits, betaald voor CO2 die in "
                                     "gebouwen wordt vastgelegd en ervoor in aanmerking komt.",
    "policy.min_domestic_share": "Kleinste aandeel van de massa aan producten uit gewassen "
                                 "(material_group crop_product) geleverd aan gebouwen dat in "
                                 "Nederland is gemaakt en niet geïmporteerd; een tekort wordt "
                                 "beprijsd met domestic_shortfall_penalty_eur_per_t.",
    "targets.segment": "Segment.",
    "targets.region": "Regiocode, of * voor het landelijke doel.",
    "targets.year": "Jaar.",
    "targets.target_share": "Aandeel eenheden dat biobased moet zijn (basis units), of aandeel "
                            "van de materiaalmassa (basis mass).",
    "targets.basis": "units: aandeel eenheden waarvan het recept minstens biobased_threshold "
                     "biobased is; mass: biobased ton gedeeld door alle ton materiaal van het "
                     "segment (tekort per ton beprijsd met mass_shortfall_penalty_eur_per_t).",
    "scenarios.scenario": "Naam van het scenario; het geeft de rapportmap zijn naam "
                          "(reports/<scenario>/).",
    "scenarios.parent": "Scenario waarvan dit scenario erft; leeg = basisdata.",
    "scenarios.sheet": "Blad dat wordt gewijzigd.",
    "scenarios.column": "Kolom die wordt gewijzigd.",
    "scenarios.filter": "Rijfilter: * of paren kolom=waarde gescheiden door ; (bijvoorbeeld "
                        "region=GR;year=2030).",
    "scenarios.value": "Nieuwe waarde (alleen getallen).",
    "scenarios.multiplier": "Vermenigvuldigt de huidige waarde.",
    "scenarios.description": "Waarom.",
    "uncertainty.parameter": "Naam van de onzekere invoer (uniek), bijvoorbeeld nonbio_mass_hsb.",
    "uncertainty.sheet": "Blad van de aangewezen cellen (elk datablad, of settings).",
    "uncertainty.column": "Numerieke kolom van dat blad (settings: value).",
    "uncertainty.filter": "Aangewezen rijen: * of paren kolom=waarde gescheiden door ; "
                          "(settings: key=NAAM). Moet minstens één rij treffen.",
    "uncertainty.apply": "value: een trekking vervangt de aangewezen cellen (in de eenheid van de "
                         "kolom); multiplier: een trekking vermenigvuldigt ze (gebruik dit als de "
                         "rijen verschillen).",
    "uncertainty.distribution": "triangular (low, mode, high), uniform (low, high), normal (mean, "
                                "sd; afgekapt op low/high als die zijn gegeven), lognormal (mean, "
                                "sd van de waarde zelf, > 0; afgekapt op low/high als die zijn "
                                "gegeven) of discrete (values).",
    "uncertainty.low": "Kleinste waarde (triangular, uniform; eventueel afkapping bij normal en "
                       "lognormal).",
    "uncertainty.mode": "Meest waarschijnlijke waarde (triangular).",
    "uncertainty.high": "Grootste waarde (triangular, uniform; eventueel afkapping bij normal en "
                        "lognormal).",
    "uncertainty.mean": "Gemiddelde (normal, lognormal).",
    "uncertainty.sd": "Standaardafwijking (normal, lognormal); > 0.",
    "uncertainty.values": "Discreet: de mogelijke waarden gescheiden door ; (even waarschijnlijk), "
                          "bijvoorbeeld eerdere CBS-opbrengsten 8.4;6.9;7.3;8.3.",
    "uncertainty.correlation_group": "Rijen met dezelfde groep worden gecorreleerd getrokken; "
                                     "leeg = onafhankelijk.",
    "uncertainty.correlation": "Correlaties met andere parameters van de groep: paren naam=rho "
                               "gescheiden door ; (bijvoorbeeld yield_hemp=0.6), elk paar één "
                               "keer; niet genoemde paren zijn 0. De matrix van de groep moet "
                               "positief semidefiniet zijn.",
    "uncertainty.correlation_method": "rank (Iman-Conover-rangcorrelatie) of copula (Gaussische "
                                      "copula); één methode per groep; leeg = rank.",
    "uncertainty.basis": "Waarom deze bandbreedte: de spreiding van de bronnen of de redenering "
                         "achter de schatting.",
    "sources.source_id": "Korte id, gebruikt in de source-kolommen.",
    "sources.kind": "sourced (met bron), derived (afgeleid) of estimate (schatting).",
    "sources.publisher": "Uitgever of auteur.",
    "sources.title": "Titel.",
    "sources.year": "Jaar van publicatie.",
    "sources.url": "Adres.",
    "sources.note": "Afleiding bij afgeleide cijfers en schattingen.",
}
COLUMNS_NL.update({f"{sheet}.source": _SOURCE for sheet in (
    "regions", "commodities", "crops", "cultivation", "contracted_area", "processes", "process_io",
    "capacity", "arcs", "imports", "demand", "recipes", "build_systems", "recipe_materials",
    "policy", "targets", "uncertainty")})

#: the settings sheet's own header comments and the drop-down's error title
TEMPLATE_NL: dict[str, str] = {
    "Setting name": "Naam van de instelling", "Value": "Waarde", "Unit": "Eenheid",
    "What it means": "Wat het betekent",
}

#: schema units that are no unit words (nabb.i18n.unit translates the others word by word)
UNITS_NL: dict[str, str] = {"as column": "als de kolom", "deg": "graden"}


def schema_unit(label: str, lang: str) -> str:
    """A schema column's unit in ``lang``: "t/yr" -> "t/jaar", "EUR/t" -> "€/t" in Dutch."""
    if lang != "nl":
        return label
    return UNITS_NL.get(label) or unit(label, "nl")


def description(key: str, english: str, lang: str) -> str:
    """The description of a schema item ("sheet", "sheet.column" or "settings.key") in ``lang``:
    the schema's English one, or its Dutch text from this catalogue."""
    if lang != "nl":
        return english
    sheet, _, rest = key.partition(".")
    if not rest:
        return SHEETS_NL[sheet]
    return SETTINGS_NL[rest] if sheet == "settings" else COLUMNS_NL[key]
