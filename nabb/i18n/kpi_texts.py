"""Texts of the KPI labels, the levers and ``nabb compare`` (issue 13 item 12), English and
Dutch, merged into :data:`nabb.i18n.catalogue.CATALOGUE` (same rules: same placeholders).

``kpi.<key>`` names a KPI column (the English matches nabb.reports.labels.KPI_LABELS),
``kpifam.<family>`` a family of columns per code, ``lever.<key>`` a sweep lever.
"""
from __future__ import annotations

KPI_TEXTS: dict[str, tuple[str, str]] = {
    # ---- KPI columns
    "kpi.objective_discounted_eur": ("Total cost (whole horizon, discounted)",
                                     "Totale kosten (hele horizon, verdisconteerd)"),
    "kpi.biobased_share": ("Biobased share of new-build homes", "Biobased aandeel nieuwbouwwoningen"),
    "kpi.shortfall_homes": ("Shortfall from the target", "Tekort ten opzichte van het doel"),
    "kpi.marginal_cost_target_eur_per_home": ("Marginal cost of the target",
                                              "Marginale kosten van het doel"),
    "kpi.import_share": ("Import share of biobased products", "Importaandeel biobased producten"),
    "kpi.new_build_homes": ("New-build homes", "Nieuwbouwwoningen"),
    "kpi.biobased_homes": ("Biobased new-build homes", "Biobased nieuwbouwwoningen"),
    "kpi.fibre_crop_area_ha": ("Fibre-crop area", "Teeltareaal vezelgewassen"),
    "kpi.primary_capacity_t_input_per_yr": ("Primary processing capacity",
                                            "Primaire verwerkingscapaciteit"),
    "kpi.product_line_capacity_t_output_per_yr": ("Product-line capacity",
                                                  "Capaciteit productlijnen"),
    "kpi.processing_activity_t": ("Processing activity", "Verwerkte hoeveelheid"),
    "kpi.co2_stored_t": ("CO2 stored", "CO2 vastgelegd"),
    "kpi.co2_credited_t": ("CO2 credited", "CO2 gecertificeerd"),
    "kpi.carbon_credits_eur": ("Carbon credits paid", "Uitbetaalde koolstofcredits"),
    "kpi.credit_earning_area_ha": ("Area earning carbon credits", "Areaal met koolstofcredits"),
    "kpi.carbon_income_eur_per_ha": ("Carbon income per ha of fibre crop",
                                     "CO2-vergoeding per ha vezelgewas"),
    "kpi.farm_gate_value_eur": ("Farm-gate value of the harvest", "Waarde van de oogst af boerderij"),
    "kpi.farmer_income_eur_per_ha": ("Farmer income per ha", "Boereninkomen per ha"),
    "kpi.carbon_price_eur_per_t": ("Carbon price", "CO2-prijs"),
    "kpi.chain_cost_undiscounted_eur": ("Chain cost (undiscounted)",
                                        "Ketenkosten (niet verdisconteerd)"),
    "kpi.cost_undiscounted_eur": ("Cost with shortfall penalties (undiscounted)",
                                  "Kosten met boetes voor tekorten (niet verdisconteerd)"),
    "kpi.coproducts_sold_t": ("Co-products sold to other markets",
                              "Nevenproducten verkocht aan andere markten"),
    "kpi.surplus_t": ("Surplus", "Overschot"),
    "kpi.target_share": ("Biobased target", "Biobased doel"),
    "kpi.biobased_delivered_t": ("Biobased material delivered", "Geleverd biobased materiaal"),
    "kpi.primary_throughput_t_input_per_yr": ("Primary processing throughput",
                                              "Doorzet primaire verwerking"),
    "kpi.product_line_throughput_t_output_per_yr": ("Product-line throughput",
                                                    "Doorzet productlijnen"),
    "kpi.primary_utilisation": ("Utilisation of primary processing",
                                "Benuttingsgraad primaire verwerking"),
    "kpi.product_line_utilisation": ("Utilisation of the product lines",
                                     "Benuttingsgraad productlijnen"),
    # ---- families of KPI columns, one per code
    "kpifam.area_ha": ("{name} area", "Areaal {name}"),
    "kpifam.processing_capacity_t": ("{name} capacity", "Capaciteit {name}"),
    "kpifam.carbon_income_eur_per_ha": ("Carbon income per ha of {name}",
                                        "CO2-vergoeding per ha {name}"),
    "kpifam.units": ("{name} units", "Eenheden {name}"),
    "kpifam.biobased_units": ("Biobased units, {name}", "Biobased eenheden, {name}"),
    "kpifam.cost_eur": ("Cost of {name}", "Kostenpost {name}"),
    "kpifam.marginal_cost_target": ("Marginal cost of the {name} target",
                                    "Marginale kosten van het doel voor {name}"),
    "kpifam.biobased_mass_share": ("Biobased mass share, {name}", "Biobased massa-aandeel, {name}"),
    "kpifam.target_share": ("Biobased target, {name}", "Biobased doel, {name}"),
    # ---- sweep levers
    "lever.carbon_price_eur_per_t": ("Carbon price", "CO2-prijs"),
    "lever.min_domestic_share": ("Minimum domestic share", "Minimaal binnenlands aandeel"),
    "lever.discount_rate": ("Discount rate", "Discontovoet"),
    "lever.biobased_threshold": ("Biobased threshold", "Biobased drempel"),
    "lever.market_interest_rate": ("Market interest rate", "Marktrente"),
    "lever.loan_interest_rate": ("Loan interest rate", "Rente op de gunstige lening"),
    "lever.loan_share": ("Loan share of the investment", "Aandeel lening in de investering"),
    "lever.loan_min_utilisation": ("Minimum use of loan-financed capacity",
                                   "Minimale benutting van met een lening gefinancierde capaciteit"),
    "lever.shortfall_penalty_eur_per_unit": ("Shortfall penalty", "Boete per ontbrekende eenheid"),
    "lever.transport_arc_capacity_t": ("Transport capacity per arc",
                                       "Transportcapaciteit per verbinding"),
    "lever.base_year": ("Base year", "Basisjaar"),
    # ---- nabb compare: console
    "compare.line": ("{label} vs {first}: {cells} input cell(s) differ, total cost {change}",
                     "{label} tegenover {first}: gewijzigde invoercellen {cells}, totale kosten "
                     "{change}"),
    "compare.wrote": ("wrote {path}", "geschreven: {path}"),
    # ---- nabb compare: the KPI changes sentence
    "compare.up_pp": ("{label} in {year}: up from {a}% to {b}% (+{change} percentage points).",
                      "{label} in {year}: gestegen van {a}% naar {b}% (+{change} procentpunt)."),
    "compare.down_pp": ("{label} in {year}: down from {a}% to {b}% (-{change} percentage points).",
                        "{label} in {year}: gedaald van {a}% naar {b}% (-{change} procentpunt)."),
    "compare.up": ("{label} in {year}: up from {a} to {b}{unit} (+{change}{unit}{rel}).",
                   "{label} in {year}: gestegen van {a} naar {b}{unit} (+{change}{unit}{rel})."),
    "compare.down": ("{label} in {year}: down from {a} to {b}{unit} (-{change}{unit}{rel}).",
                     "{label} in {year}: gedaald van {a} naar {b}{unit} (-{change}{unit}{rel})."),
    # ---- nabb compare: sheets
    "compare.sheet.Charts": ("Charts", "Grafieken"),
    "compare.sheet.ChartData": ("ChartData", "Grafiekdata"),
    "compare.sheet.Reports": ("Reports", "Rapporten"),
    "compare.sheet.Input differences": ("Input differences", "Invoerverschillen"),
    "compare.sheet.KPI changes": ("KPI changes", "Gewijzigde kerncijfers"),
    "compare.sheet.KPI deltas": ("KPI deltas", "Kerncijfers per jaar"),
    "compare.sheet.Area by region": ("Area by region", "Areaal per regio"),
    "compare.sheet.Capacity by region": ("Capacity by region", "Capaciteit per regio"),
    "compare.sheet.Price changes": ("Price changes", "Prijsverschillen"),
    "compare.sheet.Target dual changes": ("Target dual changes", "Marginale kosten doelen"),
    # ---- nabb compare: charts
    "compare.title": ("nabb compare: {labels} (changes are against {first})",
                      "nabb compare: {labels} (verschillen ten opzichte van {first})"),
    "compare.share_chart": ("Biobased share of new-build homes", "Biobased aandeel nieuwbouwwoningen"),
    "compare.share_axis": ("share", "aandeel"),
    "compare.year": ("year", "jaar"),
    "compare.crop": ("crop", "gewas"),
    "compare.crop_chart": ("Hectares per crop in {year}", "Hectare per gewas in {year}"),
    # ---- nabb compare: sheet notes
    "compare.note.reports": ("The reports compared; every change is against the first ({first}).",
                             "De vergeleken rapporten; elk verschil is ten opzichte van het "
                             "eerste ({first})."),
    "compare.note.inputs": ("Every input cell that differs from the first report (after its "
                            "scenario was applied); rows are named by the sheet's key.",
                            "Elke invoercel die afwijkt van het eerste rapport (na toepassing "
                            "van het scenario); rijen heten naar de sleutel van het blad."),
    "compare.note.changes": ("The KPIs that changed against {first} ({changed} of {total}), in "
                             "words and units: the headline KPIs first, then the largest relative "
                             "changes. Each row shows the chart year when the KPI changed then, "
                             "else the year of its largest change. Every KPI of every year: sheet "
                             "{deltas}.",
                             "De kerncijfers die veranderden ten opzichte van {first} ({changed} "
                             "van {total}), in woorden en eenheden: eerst de belangrijkste, dan de "
                             "grootste relatieve verschillen. Elke rij toont het grafiekjaar als "
                             "het kerncijfer toen veranderde, anders het jaar van het grootste "
                             "verschil. Elk kerncijfer van elk jaar: blad {deltas}."),
    "compare.note.deltas": ("Every KPI per year, as stored (shares from 0 to 1); change = report "
                            "- first. The changed ones in words: sheet {changes}.",
                            "Elk kerncijfer per jaar, zoals opgeslagen (aandelen van 0 tot 1); "
                            "verschil = rapport - eerste. De gewijzigde in woorden: blad "
                            "{changes}."),
    "compare.note.area": ("Hectares per region, crop and year, side by side.",
                          "Hectare per regio, gewas en jaar, naast elkaar."),
    "compare.note.capacity": ("Processing capacity (t/yr) per region, process and year, side by "
                              "side.",
                              "Verwerkingscapaciteit (t/jaar) per regio, proces en jaar, naast "
                              "elkaar."),
    "compare.note.prices": ("Implied commodity prices (duals of the commodity balance, EUR/t).",
                            "Afgeleide prijzen van goederen (knelpuntwaarde van de balans, €/t)."),
    "compare.note.duals": ("Marginal cost of the biobased targets (EUR per extra biobased unit).",
                           "Marginale kosten van de biobased doelen (€ per extra biobased "
                           "eenheid)."),
    # ---- nabb sweep: console
    "sweep.lever_values": ("the {lever} ({count} values)", "{lever} ({count} waarden)"),
    "sweep.sweeping": ("sweeping {levers} = {n} points, scenario {scenario}",
                       "sweep over {levers} = {n} punten, scenario {scenario}"),
    "sweep.kpis_in": ("KPIs in {year}:", "Kerncijfers in {year}:"),
    "sweep.more_points": ("({shown} of {total} points; every point is in sweep.csv)",
                          "({shown} van {total} punten; elk punt staat in sweep.csv)"),
    "sweep.all_optimal": ("all optimal", "alle optimaal"),
    "sweep.solved": ("{n} points solved in {total} s ({setup} s of it to build the model): "
                     "{states}",
                     "{n} punten opgelost in {total} s (waarvan {setup} s om het model op te "
                     "bouwen): {states}"),
    "sweep.written": ("written to {out}: sweep.csv (every point), sweep.xlsx (charts), sweep.png, "
                      "sweep.json",
                      "geschreven naar {out}: sweep.csv (elk punt), sweep.xlsx (grafieken), "
                      "sweep.png, sweep.json"),
    "sweep.interrupted": ("interrupted: the points solved so far are in the output",
                          "onderbroken: de punten die al zijn opgelost staan in de uitvoer"),
    "sweep.how.affine": ("The model was built once; each point changes the {names} in it and "
                         "re-solves from the previous point's solution.",
                         "Het model is één keer opgebouwd; elk punt wijzigt de {names} erin en "
                         "lost opnieuw op vanaf de oplossing van het vorige punt."),
    "sweep.how.rebuild": ("The {names} changes the shape of the model, so it is rebuilt for each "
                          "point (slower; the results are the same).",
                          "De {names} verandert de vorm van het model, dus het wordt voor elk "
                          "punt opnieuw opgebouwd (trager; de uitkomsten zijn gelijk)."),
    "sweep.and": (" and ", " en "),
    # ---- nabb sweep: console table headers (short)
    "sweep.short.biobased_share": ("biobased", "biobased"),
    "sweep.short.shortfall_homes": ("shortfall", "tekort"),
    "sweep.short.fibre_crop_area_ha": ("fibre crops", "vezelgewassen"),
    "sweep.short.primary_capacity_t_input_per_yr": ("processing", "verwerking"),
    "sweep.short.import_share": ("imports", "import"),
    "sweep.short.co2_stored_t": ("CO2 stored", "CO2-opslag"),
    "sweep.short.objective_discounted_eur": ("total cost", "totale kosten"),
    "sweep.short.marginal_cost_target_eur_per_home": ("target cost", "kosten doel"),
    "sweep.status": ("status", "status"),
    # ---- nabb sweep: steady ranges
    "sweep.money.objective_discounted_eur": ("total cost", "totale kosten"),
    "sweep.money.marginal_cost_target_eur_per_home": ("marginal cost of the target",
                                                      "marginale kosten van het doel"),
    "sweep.money.carbon_credits_eur": ("carbon credits", "koolstofcredits"),
    "sweep.money.carbon_income_eur_per_ha": ("carbon income per ha", "CO2-vergoeding per ha"),
    "sweep.money.farm_gate_value_eur": ("farm-gate value", "waarde af boerderij"),
    "sweep.money.farmer_income_eur_per_ha": ("farmer income per ha", "boereninkomen per ha"),
    "sweep.steady.at": ("at {lever} {value}, ", "bij {lever} {value}, "),
    "sweep.steady.range": ("{where}{name} from {lo} to {hi} ({points} points): nothing physical "
                           "changes in {year} (areas, capacities, processing, homes, imports, CO2)",
                           "{where}{name} van {lo} tot {hi} ({points} punten): niets fysieks "
                           "verandert in {year} (arealen, capaciteiten, verwerking, woningen, "
                           "import, CO2)"),
    "sweep.steady.money": ("; only money moves: {what}", "; alleen geldbedragen veranderen: {what}"),
    "sweep.steady.whole": (". Not one decision of any year changes, and the {lever} only changes "
                           "costs, so this holds for every value in between",
                           ". Geen enkele beslissing in enig jaar verandert, en de {lever} "
                           "verandert alleen kosten, dus dit geldt voor elke waarde daartussen"),
    "sweep.steady.same": (". Not one decision of any year changes at these points",
                          ". Op deze punten verandert geen enkele beslissing in enig jaar"),
    "sweep.steady.more": ("... and {n} more steady ranges (sweep.xlsx, {sheet} sheet)",
                          "... en nog {n} stabiele bereiken (sweep.xlsx, blad {sheet})"),
    "sweep.steady.header": ("steady range", "stabiel bereik"),
    "sweep.steady.none": ("No steady range: some physical KPI changes between every two "
                          "neighbouring points.",
                          "Geen stabiel bereik: tussen elke twee naburige punten verandert een "
                          "fysiek kerncijfer."),
    # ---- nabb sweep: sweep.xlsx and sweep.png
    "sweep.sheet.Sweep": ("Sweep", "Punten"),
    "sweep.sheet.ChartData": ("ChartData", "Grafiekdata"),
    "sweep.sheet.Charts": ("Charts", "Grafieken"),
    "sweep.sheet.Run": ("Run", "Run"),
    "sweep.note": ("nabb sweep over {levers}; KPIs in {year}; {how}",
                   "nabb sweep over {levers}; kerncijfers in {year}; {how}"),
    "sweep.charts_head": ("KPIs in {year} against {lever}", "Kerncijfers in {year} tegen {lever}"),
    "sweep.line_per": (", one line per {lever}", ", één lijn per {lever}"),
    "sweep.chart.crops": ("Hectares per crop", "Hectare per gewas"),
    "sweep.chart.co2": ("CO2 stored and credited", "CO2 vastgelegd en gecertificeerd"),
    "sweep.chart.farmer": ("Farmer income per hectare", "Boereninkomen per hectare"),
    "sweep.png_head": ("nabb sweep: KPIs in {year} ({scenario})",
                       "nabb sweep: kerncijfers in {year} ({scenario})"),
    "sweep.png_bands": ("grey bands: nothing physical changes (only money moves)",
                        "grijze banden: niets fysieks verandert (alleen geldbedragen)"),
}

#: Dutch column headers of compare.xlsx (English headers stay as they are); a header
#: "<word> <report label>" translates its first word(s) by the longest match
COMPARE_HEADERS_NL: dict[str, str] = {
    "report": "rapport", "KPI": "kerncijfer", "unit": "eenheid", "year": "jaar",
    "this report": "dit rapport", "change": "verschil", "what changed": "wat veranderde",
    "years with a change": "jaren met een verschil", "key": "sleutel", "kpi": "sleutel",
    "KPI in words": "kerncijfer in woorden", "label": "label", "folder": "map",
    "scenario": "scenario", "status": "status", "objective_eur": "doelfunctie [€]",
    "objective change vs first": "verschil doelfunctie met het eerste",
    "input_file": "invoerbestand", "input_sha256": "SHA-256 invoer", "created": "gemaakt",
    "scenario changes": "scenariowijzigingen", "notes": "opmerkingen", "compared": "vergeleken",
    "sheet": "blad", "row": "rij", "column": "kolom", "first": "eerste", "other": "ander",
    "meaning": "betekenis",
    "region": "regio", "crop": "gewas", "process": "proces", "commodity": "goed",
    "segment": "segment", "area_ha": "areaal [ha]", "capacity_t_per_yr": "capaciteit [t/jaar]",
    "price_eur_per_t": "prijs [€/t]",
    "marginal_cost_eur_per_unit": "marginale kosten [€/eenheid]",
}

#: Dutch headers of the sweep's bookkeeping columns (sweep.xlsx, sheet Punten)
SWEEP_COLUMNS_NL: dict[str, str] = {
    "point": "punt", "status": "status", "decisions_changed": "beslissingen gewijzigd",
    "iterations": "iteraties", "hot_start": "warme start", "solve_s": "oplostijd [s]",
    "worker": "werker", "note": "opmerking",
}
