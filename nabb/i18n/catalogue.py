"""Every user-facing text of the reports and the console, in English and in Dutch, in one place.

``CATALOGUE[key] = (English, Nederlands)``.  Both texts fill in the same {placeholders}
(tests/test_i18n.py checks it).  The Dutch follows the vocabulary of the national NABB
monitor (RVO, Building Balance) and of CBS tables: biobased woningen, knelpunt,
knelpuntwaarde (an LP dual: never "schaduwprijs", which Dutch building readers know as the
MPG environmental cost), tekort / overschot, teeltareaal, verwerkingscapaciteit,
benuttingsgraad, modeluitkomst, kerncijfers.
"""
from __future__ import annotations

#: unit words, English -> Dutch; units are translated word by word (nabb.i18n.language.unit)
UNIT_WORDS: dict[str, str] = {
    "EUR": "€",
    "yr": "jaar",
    "year": "jaar",
    "homes": "woningen",
    "home": "woning",
    "units": "eenheden",
    "unit": "eenheid",
    "count": "aantal",
    "share": "aandeel",
    "per": "per",
    "extra": "extra",
    "biobased": "biobased",
    "steps": "stappen",
    "step": "stap",
    "YYYY": "JJJJ",
}

#: unit phrases translated whole, before the words
UNIT_PHRASES: dict[str, str] = {"percentage point": "procentpunt", "percentage points": "procentpunten"}

CATALOGUE: dict[str, tuple[str, str]] = {
    # ---- run status words
    "status.optimal": ("optimal", "optimaal"),
    "status.infeasible": ("infeasible", "onhaalbaar"),
    "status.time_limit": ("time limit reached", "tijdslimiet bereikt"),
    "status.iteration_limit": ("iteration limit reached", "iteratielimiet bereikt"),
    "status.unbounded": ("unbounded", "onbegrensd"),
    "status.error": ("solver error", "solverfout"),
    # ---- console (nabb validate, nabb capacity check): the summary lines
    "console.valid": ("{workbook}: valid ({count} warning(s))",
                      "{workbook}: geldig ({count} waarschuwing(en))"),
    "console.check.ok": ("OK", "in orde"),
    "console.check.counts": ("{errors} error(s), {warnings} warning(s)",
                             "{errors} fout(en), {warnings} waarschuwing(en)"),
    "console.check.annotated": ("annotated copy written to {path}",
                                "kopie met opmerkingen geschreven naar {path}"),
    # ---- issue lines (nabb.errors.format_issues, InputError; nabb.i18n.issues renders each line)
    "issues.head": ("{count} error(s) in input:", "{count} fout(en) in de invoer:"),
    "issues.more.error": ("... and {count} more errors in column {column}",
                          "... en nog {count} fouten in kolom {column}"),
    "issues.more.error.sheet": ("... and {count} more errors in column {column} of sheet {sheet}",
                                "... en nog {count} fouten in kolom {column} van blad {sheet}"),
    "issues.more.warning": ("... and {count} more warnings in column {column}",
                            "... en nog {count} waarschuwingen in kolom {column}"),
    "issues.more.warning.sheet": ("... and {count} more warnings in column {column} of sheet "
                                  "{sheet}",
                                  "... en nog {count} waarschuwingen in kolom {column} van blad "
                                  "{sheet}"),
    "console.check.errors_head": ("{count} error(s):", "{count} fout(en):"),
    "console.merge.warnings": ("{count} warning(s):", "{count} waarschuwing(en):"),
    "console.merge.merged": ("merged {line}", "samengevoegd: {line}"),
    "console.merge.changes": ("changes:", "wijzigingen:"),
    "console.merge.no_changes": ("no changes", "geen wijzigingen"),
    "console.merge.written": ("written {path}", "geschreven: {path}"),
    # the nabb_check sheet of an annotated capacity sheet (nabb capacity check --annotate)
    "annotate.severity": ("severity", "ernst"),
    "annotate.file": ("file", "bestand"),
    "annotate.sheet": ("sheet", "blad"),
    "annotate.cell": ("cell", "cel"),
    "annotate.column": ("column", "kolom"),
    "annotate.expected": ("expected", "verwacht"),
    "annotate.found": ("found", "gevonden"),
    "annotate.error": ("error", "fout"),
    "annotate.warning": ("warning", "waarschuwing"),
    "annotate.no_issues": ("no issues", "geen problemen"),
    "annotate.removed": ("removed", "verwijderd"),
    "annotate.no_active_content": ("no active content in this copy",
                                   "geen actieve inhoud in deze kopie"),
    "issues.lines_more": ("  ... and {count} more lines", "  ... en nog {count} regels"),
    "console.check.strict": ("{warnings} warning(s) (--strict)",
                             "{warnings} waarschuwing(en) (--strict)"),
    # ---- console (nabb run)
    "console.no_solution": ("scenario {scenario}: status {status}, no solution",
                            "scenario {scenario}: status {status}, geen oplossing"),
    "console.objective": ("scenario {scenario}: status {status}, objective (whole horizon, "
                          "discounted) {objective}",
                          "scenario {scenario}: status {status}, doelfunctie (hele horizon, "
                          "verdisconteerd) {objective}"),
    "console.share": ("  {year}: biobased share of new-build homes {share} (target {target}), "
                      "shortfall {shortfall} homes",
                      "  {year}: biobased aandeel nieuwbouwwoningen {share} (doel {target}), "
                      "tekort {shortfall} woningen"),
    "console.capacity": ("  {year}: fibre crops {area} ha; primary processing {primary} t input/yr "
                         "({primary_use}); product lines {lines} t output/yr ({lines_use})",
                         "  {year}: vezelgewassen {area} ha; primaire verwerking {primary} t "
                         "input/jaar ({primary_use}); productlijnen {lines} t output/jaar "
                         "({lines_use})"),
    "console.utilisation": ("utilisation {share}", "benuttingsgraad {share}"),
    "console.no_capacity": ("no capacity", "geen capaciteit"),
    "console.carbon": ("  {year}: CO2 stored {co2} t, carbon credits {credits}, import share "
                       "{imports}",
                       "  {year}: CO2-opslag {co2} t, koolstofcredits {credits}, importaandeel "
                       "{imports}"),
    "console.marginal": ("  {year}: marginal cost of the target {cost} per biobased home",
                         "  {year}: marginale kosten van het doel {cost} per biobased woning"),
    "console.scenario": ("scenario {scenario}", "scenario {scenario}"),
    "console.reading": ("reading {path}", "lezen: {path}"),
    "console.writing": ("writing {path}", "schrijven: {path}"),
    "console.building": ("building the model", "model opbouwen"),
    "console.handing": ("handing the model to HiGHS", "model naar HiGHS"),
    "console.solving": ("solving ({variables} variables, {constraints} constraints, {nonzeros} "
                        "non-zeros)",
                        "oplossen ({variables} variabelen, {constraints} restricties, "
                        "{nonzeros} niet-nullen)"),
    "console.presolve_check": ("pre-solve check ({severity}): {message}",
                               "controle vooraf ({severity}): {message}"),
    "console.report": ("report: {path} ({files})", "rapport: {path} ({files})"),
    "console.kept": ("not optimal: kept the optimal report {kept}; this run's diagnosis is in "
                     "{path} ({files})",
                     "niet optimaal: het optimale rapport {kept} blijft staan; de diagnose van "
                     "deze run staat in {path} ({files})"),
    "console.solver_status": ("solver status: {status}", "status van de solver: {status}"),
    "console.why": ("  why: {line}", "  waarom: {line}"),
    # ---- explanations: what binds (nabb.explain), English exactly as before (golden report)
    "why.what.land": ("Arable land for fibre crops in {region}",
                      "Akkerbouwgrond voor vezelgewassen in {region}"),
    "why.what.rotation": ("The rotation limit for {crop} in {region}",
                          "De vruchtwisselingsgrens voor {crop} in {region}"),
    "why.limit.rotation_cap": ("at most {area} ha by contract or soil",
                               "ten hoogste {area} ha door contract of bodem"),
    "why.limit.rotation_share": ("at most {share} of the land, {area} ha",
                                 "ten hoogste {share} van de grond, {area} ha"),
    "why.what.growth": ("The growth limit of {crop} area in {region}",
                        "De groeigrens van het areaal {crop} in {region}"),
    "why.limit.growth": ("+{area} ha/yr", "+{area} ha/jaar"),
    "why.limit.growth_rate": (" and +{rate}/yr", " en +{rate}/jaar"),
    "why.what.contract": ("Contracted {crop} area in {region}",
                          "Gecontracteerd areaal {crop} in {region}"),
    "why.limit.contract": ("{area} ha in {year}", "{area} ha in {year}"),
    "why.what.capacity": ("{process} capacity in {region}", "Capaciteit {process} in {region}"),
    "why.limit.capacity": ("{tonnes} t/yr usable in {year}", "{tonnes} t/jaar bruikbaar in {year}"),
    "why.limit.all_new": (", all built new by the model: the value is the investment it saves",
                          ", alles nieuw gebouwd door het model: de waarde is de investering die "
                          "het bespaart"),
    "why.limit.some_new": (", of which {tonnes} t/yr built new",
                           ", waarvan {tonnes} t/jaar nieuw gebouwd"),
    "why.what.investment": ("The largest new {process} capacity per year in {region}",
                            "De grootste nieuwe capaciteit {process} per jaar in {region}"),
    "why.limit.investment": ("{tonnes} t/yr of new capacity per year",
                             "{tonnes} t/jaar nieuwe capaciteit per jaar"),
    "why.what.arc": ("The transport link {origin} → {destination} for {commodity}",
                     "De transportverbinding {origin} → {destination} voor {commodity}"),
    "why.limit.tonnes": ("{tonnes} t/yr", "{tonnes} t/jaar"),
    "why.what.import": ("The import cap of {commodity} at {region}",
                        "Het importplafond van {commodity} bij {region}"),
    "why.what.ramp_up": ("The national ramp-up of {process} capacity",
                         "De landelijke opschaling van capaciteit {process}"),
    "why.limit.ramp_up": ("+{tonnes} t/yr of new capacity a year in the whole country",
                          "+{tonnes} t/jaar nieuwe capaciteit per jaar in heel Nederland"),
    "why.limit.ramp_up_rate": (", plus {rate} of last year's capacity",
                               ", plus {rate} van de capaciteit van vorig jaar"),
    "why.what.system_growth": ("The growth limit of {system} construction (prefab factories)",
                               "De groeigrens van bouwsysteem {system} (prefabfabrieken)"),
    "why.limit.system_growth": ("+{units} units a year", "+{units} eenheden per jaar"),
    "why.limit.system_rate": (" and +{rate}/yr", " en +{rate}/jaar"),
    "why.limit.system_base": (" from {units} units before the horizon",
                              " vanaf {units} eenheden vóór de horizon"),
    "why.what.system_capacity": ("The factory capacity for {system} construction",
                                 "De fabriekscapaciteit voor bouwsysteem {system}"),
    "why.limit.units": ("{units} units a year", "{units} eenheden per jaar"),
    "why.what.domestic": ("The minimum domestic share of crop-based products",
                          "Het minimale binnenlandse aandeel van producten uit gewassen"),
    "why.limit.share_in": ("{share} in {year}", "{share} in {year}"),
    "why.what.target_national": ("The national biobased target for {segment}",
                                 "Het landelijke biobased doel voor {segment}"),
    "why.what.target_regional": ("The {region} biobased target for {segment}",
                                 "Het biobased doel voor {segment} in {region}"),
    "why.rule.limit": ("{what} ({limit}) in {year}", "{what} ({limit}) in {year}"),
    "why.rule.target_national": ("the national {segment} target of {share} biobased in {year}",
                                 "het landelijke doel voor {segment} van {share} biobased in {year}"),
    "why.rule.target_regional": ("the {segment} target of {share} biobased in {region} in {year}",
                                 "het doel voor {segment} van {share} biobased in {region} in {year}"),
    "why.rule.domestic": ("the minimum domestic share of {share} in {year}",
                          "het minimale binnenlandse aandeel van {share} in {year}"),
    "why.rule.contract": ("the contracted {crop} area of {area} ha in {region} in {year}",
                          "het gecontracteerde areaal {crop} van {area} ha in {region} in {year}"),
    "why.rule.loan": ("the minimum use of loan-financed {process} capacity in {region} in {year}",
                      "het minimale gebruik van met de lening gefinancierde capaciteit {process} "
                      "in {region} in {year}"),
    "why.rule.demand": ("building all {units} {building} units in {region} in {year}",
                        "het bouwen van alle {units} eenheden {building} in {region} in {year}"),
    "why.rule.balance": ("the balance of {commodity} in {region} in {year}",
                         "de balans van {commodity} in {region} in {year}"),
    "why.rule.perennial": ("planted {crop} staying in the ground in {region} in {year}",
                           "aangeplante {crop} die in de grond blijft in {region} in {year}"),
    "why.amount.homes": ("{homes} homes", "{homes} woningen"),
    "why.amount.units": ("{units} units", "{units} eenheden"),
    # ---- a bottleneck in one sentence
    "why.target_binds": ("{what} ({limit}) binds in {years}: each extra biobased home it asks "
                         "for costs {cost}.",
                         "{what} ({limit}) is bindend in {years}: elke extra biobased woning die "
                         "het vraagt kost {cost}."),
    "why.binds": ("{what} ({limit}) binds in {years}.", "{what} ({limit}) is bindend in {years}."),
    "why.contract_binds": ("{what} ({limit}) forces more than the cheapest area in {years}.",
                           "{what} ({limit}) dwingt meer af dan het goedkoopste areaal in {years}."),
    "why.point_less": (" One percentage point less would lower the system cost by {value}",
                       " Eén procentpunt minder zou de systeemkosten met {value} verlagen"),
    "why.step_more": (" {step} more would lower the system cost by {value}",
                      " {step} meer zou de systeemkosten met {value} verlagen"),
    "why.step_less": (" {step} less would lower the system cost by {value}",
                      " {step} minder zou de systeemkosten met {value} verlagen"),
    "why.more_homes": (" and allow {homes} more biobased homes",
                       " en {homes} biobased woningen meer mogelijk maken"),
    "why.per_unit": (" ({value} per {unit} per year; {how}).", " ({value} per {unit} per jaar; {how})."),
    "why.how": (" ({how}).", " ({how})."),
    "why.resolve": ("re-solve", "opnieuw opgelost"),
    "why.duals": ("estimate from duals", "schatting uit de knelpuntwaarden"),
    "why.duals_stopped": ("estimate from duals, at most this much: the re-solve stopped at its "
                          "iteration budget",
                          "schatting uit de knelpuntwaarden, hoogstens zoveel: het opnieuw oplossen "
                          "stopte bij het budget aan iteraties"),
    # chain links of the limits (nabb.explain.sentences.LINKS)
    "link.land": ("land", "grond"),
    "link.rotation": ("rotation", "vruchtwisseling"),
    "link.growth": ("growth", "groei areaal"),
    "link.contract": ("contract", "contract"),
    "link.processing capacity": ("processing capacity", "verwerkingscapaciteit"),
    "link.processing investment": ("processing investment", "investering verwerking"),
    "link.transport arc": ("transport arc", "transportverbinding"),
    "link.import cap": ("import cap", "importplafond"),
    "link.domestic-share rule": ("domestic-share rule", "binnenlands aandeel"),
    "link.national ramp-up": ("national ramp-up", "landelijke opschaling"),
    "link.construction-system growth": ("construction-system growth", "groei bouwsysteem"),
    "link.construction-system capacity": ("construction-system capacity", "capaciteit bouwsysteem"),
    "link.target": ("target", "doel"),
    "why.regions": ("{count} regions ({first}, …)", "{count} regio's ({first}, …)"),
    "why.same_cell": (", the same cell for every region", ", dezelfde cel voor elke regio"),
    "link.recipe threshold": ("recipe threshold", "receptdrempel"),
    "link.unknown": ("unknown", "onbekend"),
    # ---- shortfall (tekort): the first link to run out, the smallest change that closes it
    "short.closes": ("Raising {column} from {current} to {needed} {unit}{pct} closes the gap of "
                     "{missing} homes (re-solve, bisection over {solves} solves). Cell: {where}.",
                     "{column} verhogen van {current} naar {needed} {unit}{pct} dicht het gat van "
                     "{missing} woningen (opnieuw opgelost, bisectie over {solves} oplossingen). "
                     "Cel: {where}."),
    "short.then": (" Then {link} runs out.", " Daarna raakt {link} op."),
    "short.not_alone": ("Raising {column} alone does not close the gap: at the largest value tried "
                        "{left} of the {missing} missing homes are still missing.{next} Cell: "
                        "{where}.",
                        "Alleen {column} verhogen dicht het gat niet: bij de grootste geprobeerde "
                        "waarde ontbreken nog {left} van de {missing} woningen.{next} Cel: "
                        "{where}."),
    "short.threshold": ("The {year} target misses {homes} homes because of the recipe threshold: "
                        "only {reach} of the {need} required {segment} have a recipe at or above "
                        "{threshold} biobased mass.",
                        "Het doel voor {year} mist {homes} woningen door de receptdrempel: maar "
                        "{reach} van de {need} vereiste {segment} hebben een recept met ten minste "
                        "{threshold} biobased massa."),
    "short.first": ("The biobased target misses {homes} homes in {years}. The link that runs out "
                    "first is {link}: {what} ({limit}) binds from {year}.",
                    "Het biobased doel mist {homes} woningen in {years}. De schakel die het eerst "
                    "opraakt is {link}: {what} ({limit}) is bindend vanaf {year}."),
    "short.no_limit": ("The biobased target misses {homes} homes in {years}; no single input limit "
                       "binds (the shortfall penalty is lower than the cost of more biobased "
                       "homes).",
                       "Het biobased doel mist {homes} woningen in {years}; geen enkele grens in "
                       "de invoer is bindend (de boete voor het tekort is lager dan de kosten van "
                       "meer biobased woningen)."),
    "short.smallest": (" Smallest single change found: {where} from {current} to {needed} {unit}.",
                       " Kleinste enkele wijziging: {where} van {current} naar {needed} {unit}."),
    "short.threshold_what": ("The biobased threshold", "De biobased drempel"),
    "short.none": ("No shortfall: every biobased target is met.",
                   "Geen tekort: elk biobased doel wordt gehaald."),
    # ---- pre-solve checks (nabb.explain.checks)
    "severity.error": ("error", "fout"),
    "severity.warning": ("warning", "waarschuwing"),
    "link.land and growth": ("land and growth", "grond en groei"),
    "link.carbon storage": ("carbon storage", "CO2-opslag"),
    "check.best_recipe": ("{building} (best recipe {share})", "{building} (beste recept {share})"),
    "check.threshold": ("The {year} target asks {share} of {segment} ({need}) to be biobased, but "
                        "only {reach} have a recipe at or above the {threshold} threshold; no "
                        "recipe reaches it for {worst}.",
                        "Het doel voor {year} vraagt dat {share} van de {segment} ({need}) "
                        "biobased is, maar maar {reach} hebben een recept op of boven de drempel "
                        "van {threshold}; geen recept haalt die voor {worst}."),
    "check.supply": ("The {year} target ({share} of {segment}, {need} biobased) needs at least "
                     "{tonnes} of {commodity}, but all regions together can make at most {most} "
                     "in {year} under the given land, rotation, growth, investment and import "
                     "limits.",
                     "Het doel voor {year} ({share} van de {segment}, {need} biobased) vraagt "
                     "ten minste {tonnes} {commodity}, maar alle regio's samen kunnen in {year} "
                     "ten hoogste {most} maken binnen de gegeven grenzen voor grond, "
                     "vruchtwisseling, groei, investering en import."),
    "check.hard": (" With hard_targets = TRUE the model will be infeasible.",
                   " Met hard_targets = TRUE is het model onhaalbaar."),
    "check.co2": ("{process} makes products that store {out} t CO2 per t of activity ({products}), "
                  "more than its inputs hold ({into} t CO2{parts}). Lower co2_storage_t_per_t of "
                  "the product or check the inputs.",
                  "{process} maakt producten die {out} t CO2 per t activiteit vastleggen "
                  "({products}), meer dan de grondstoffen bevatten ({into} t CO2{parts}). Verlaag "
                  "co2_storage_t_per_t van het product of controleer de invoer."),
    # ---- infeasible models (nabb.explain.infeasible)
    "link.structure": ("structure", "opbouw van de regels"),
    "link.solver": ("solver", "solver"),
    "infeasible.cannot": ("Cannot hold {rule}: up to {amount} out of reach with every other rule "
                          "and limit as given.",
                          "{rule} is niet te halen: tot {amount} buiten bereik met alle andere "
                          "regels en grenzen zoals gegeven."),
    "infeasible.conflict": ("In conflict with it: {rule}; the hard rules need up to {amount} more.",
                            "Daarmee in strijd: {rule}; de harde regels vragen tot {amount} meer."),
    "infeasible.structure": ("Even with every land, growth, capacity and import limit relaxed the "
                             "hard rules cannot all hold: the conflict is between the rules "
                             "themselves (e.g. a target above the share of units that have a "
                             "biobased recipe). Rules out of reach: {rules}.",
                             "Ook met alle grenzen voor grond, groei, capaciteit en import "
                             "losgelaten kunnen de harde regels niet allemaal gelden: het conflict "
                             "zit tussen de regels zelf (bijvoorbeeld een doel boven het aandeel "
                             "eenheden met een biobased recept). Regels buiten bereik: {rules}."),
    "infeasible.see_iis": ("see IIS", "zie IIS"),
    "infeasible.balances": ("the balances of {commodities}", "de balansen van {commodities}"),
    "infeasible.bounds": ("{count} non-negativity bounds", "{count} niet-negativiteitsgrenzen"),
    "infeasible.and": (" and ", " en "),
    "infeasible.linked": (" (linked through {through})", " (verbonden via {through})"),
    "infeasible.iis": ("HiGHS IIS: these rules cannot hold together: {rules}{linked}.",
                       "HiGHS IIS: deze regels kunnen niet samen gelden: {rules}{linked}."),
    # ---- plants that idle (nabb.explain.idle)
    "idle.input": ("{tonnes} t {commodity} at EUR {price}/t", "{tonnes} t {commodity} à € {price}/t"),
    "idle.output": ("{tonnes} t {commodity} worth EUR {price}/t",
                    "{tonnes} t {commodity} ter waarde van € {price}/t"),
    "idle.why": ("{plant} ({process}, {region}) runs at {share} of its usable capacity in {year}: "
                 "one tonne of activity costs EUR {cost} (variable cost EUR {variable} plus "
                 "{inputs}) but its outputs are worth only EUR {value} ({outputs}) at the prices "
                 "the rest of the chain sets",
                 "{plant} ({process}, {region}) draait in {year} op {share} van de bruikbare "
                 "capaciteit: een ton activiteit kost € {cost} (variabele kosten € {variable} plus "
                 "{inputs}), maar de producten zijn maar € {value} waard ({outputs}) tegen de "
                 "prijzen die de rest van de keten zet"),
    "idle.unused": ("; {commodities} has no use or buyer in the model at this price (no recipe or "
                    "outside market takes more of it)",
                    "; {commodities} heeft in het model geen gebruik of koper tegen deze prijs "
                    "(geen recept of externe markt neemt er meer van af)"),
    "idle.cheaper": ("; the chain gets these outputs EUR {saving}/t cheaper elsewhere",
                     "; de keten krijgt deze producten elders € {saving}/t goedkoper"),
    # ---- report.html: page
    "html.title": ("NABB balance – scenario {scenario}", "NABB-balans – scenario {scenario}"),
    "html.heading": ("NABB balance report – scenario {scenario}",
                     "NABB-balansrapport – scenario {scenario}"),
    "html.status_line": ("Status: {status}. Objective (all years, discounted): {objective}",
                         "Status: {status}. Doelfunctie (alle jaren, verdisconteerd): {objective}"),
    "html.footer": ("Source: model result of the NABB balance model, scenario {scenario}; input "
                    "{file} (sha256 {sha}); {solver}; created {created}.",
                    "Bron: modeluitkomst NABB-balansmodel, scenario {scenario}; invoer {file} "
                    "(sha256 {sha}); {solver}; gemaakt {created}."),
    "html.no_problems": ("No problems found.", "Geen problemen gevonden."),
    "html.inputs": ("Inputs: {cells}", "Invoer: {cells}"),
    "html.input": ("Input: {cells}", "Invoer: {cells}"),
    # tiles
    "html.tile.share": ("Biobased share of new-build homes {year} (target {target})",
                        "Biobased aandeel nieuwbouwwoningen {year} (doel {target})"),
    "html.tile.homes": ("Biobased new-build homes {year}", "Biobased nieuwbouwwoningen {year}"),
    "html.tile.shortfall": ("Homes missing from the target {year} (shortfall)",
                            "Woningen tekort t.o.v. het doel {year}"),
    "html.tile.area": ("Fibre-crop area {year}", "Teeltareaal vezelgewassen {year}"),
    "html.tile.primary": ("Primary processing capacity {year}, used {share} of usable",
                          "Primaire verwerkingscapaciteit {year}, benuttingsgraad {share} van de "
                          "bruikbare capaciteit"),
    "html.tile.lines": ("Product-line capacity {year}, used {share} of usable",
                        "Capaciteit productlijnen {year}, benuttingsgraad {share} van de "
                        "bruikbare capaciteit"),
    "html.tile.imports": ("Imported share of biobased product mass {year}",
                          "Importaandeel in de massa biobased producten {year}"),
    "html.tile.objective": ("Objective, all years discounted: chain cost + shortfall penalties − "
                            "credits and sales",
                            "Doelfunctie, alle jaren verdisconteerd: ketenkosten + boetes voor "
                            "tekorten − credits en verkoop"),
    "html.tile.bottlenecks": ("Binding limits worth ≥ {threshold} a step (bottlenecks)",
                              "Bindende grenzen met een waarde ≥ {threshold} per stap (knelpunten)"),
    "html.unit.t_in": ("t in/yr", "t in/jaar"),
    "html.unit.t_out": ("t out/yr", "t uit/jaar"),
    "html.kpis": ("Key figures, {year}", "Kerncijfers, {year}"),
    "html.kpis_note": ("All figures are model results, not monitor values.",
                       "Alle cijfers zijn modeluitkomsten, geen monitorwaarden."),
    # bottlenecks section
    "html.bottlenecks": ("Bottlenecks", "Knelpunten"),
    "html.bottlenecks.chart": ("Bottlenecks: value of relaxing each limit by one step",
                               "Knelpunten: wat één stap ruimere grens oplevert"),
    "html.bottlenecks.none": ("Bottlenecks: none binding", "Knelpunten: geen bindende grens"),
    "html.bottlenecks.axis": ("Lower total system cost, k EUR (discounted), for one step "
                              "(logarithmic scale)",
                              "Lagere totale systeemkosten, k€ (verdisconteerd), per stap "
                              "(logaritmische schaal)"),
    "html.bottlenecks.axis_plain": ("Lower total system cost, k EUR (discounted)",
                                    "Lagere totale systeemkosten, k€ (verdisconteerd)"),
    "html.bottlenecks.unit": (" k€", " k€"),
    "html.bottlenecks.caption": (
        "Ranked by what one step more (100 ha, 1,000 t/yr, one percentage point, or 100 homes for "
        "a target) would save, from the duals of the solved model; the top entries are checked "
        "by a re-solve, within a budget of simplex iterations (5% of the main solve's; "
        "where it runs out, the duals' value stays: at most that much). Steps: see each sentence. The scale is logarithmic (each grid line ten "
        "times the last); the value is written at the end of each bar and the colour is the kind "
        "of limit (legend). Limits worth less than {threshold} a step are not listed.",
        "Gerangschikt naar wat één stap meer (100 ha, 1.000 t/jaar, één procentpunt, of 100 "
        "woningen voor een doel) zou besparen, volgens de knelpuntwaarden (duale waarden) van het "
        "opgeloste model; de bovenste zijn gecontroleerd door opnieuw op te lossen, binnen een "
        "budget aan simplex-iteraties (5% van die van de hoofdberekening; waar het op is, blijft "
        "de schatting uit de knelpuntwaarden staan: hoogstens zoveel). De stap staat "
        "in elke zin. De schaal is logaritmisch (elke rasterlijn tien keer de vorige); de waarde "
        "staat aan het eind van elke balk en de kleur geeft het soort grens (legenda). Grenzen "
        "met een waarde onder {threshold} per stap staan er niet in."),
    "html.shortfall": ("Shortfall", "Tekort"),
    "html.shortfall.none": ("Every biobased target is met in every year.",
                            "Elk biobased doel wordt in elk jaar gehaald."),
    "html.sankey.section": ("From field to building", "Van land tot pand"),
    "html.sankey.caption": ("Band width is proportional to tonnes per year of output. Mass lost "
                            "in processing (dust, water) is the gap between a node and its bands.",
                            "De breedte van een band is evenredig met de ton per jaar. Massa die "
                            "bij de verwerking verloren gaat (stof, water) is het verschil tussen "
                            "een knoop en zijn banden."),
    "html.sankey.caption_domestic": (
        "The same chain with imports left out, so the flows from Dutch crops can be seen: each "
        "band is scaled by the share of its source that comes from Dutch fields (a product made "
        "from imported and Dutch fibre counts in part).",
        "Dezelfde keten zonder import, zodat de stromen uit Nederlandse teelt zichtbaar zijn: "
        "elke band is geschaald met het aandeel van zijn bron dat van Nederlandse akkers komt (een "
        "product uit geïmporteerde en Nederlandse vezel telt voor een deel mee)."),
    "html.map.section": ("Flows between regions", "Stromen tussen regio's"),
    "html.map.caption": ("Net flow = tonnes leaving minus tonnes entering the region, all "
                         "commodities. Hover an arc for the commodities.",
                         "Netto stroom = ton die de regio verlaat min ton die binnenkomt, alle "
                         "goederen. Wijs een pijl aan voor de goederen."),
    "html.share.section": ("Biobased share vs target", "Biobased aandeel t.o.v. het doel (doelbereik)"),
    "html.area.section": ("Fibre-crop area", "Teeltareaal vezelgewassen"),
    "html.area.chart": ("Area per crop per year", "Areaal per gewas per jaar"),
    "html.axis.year": ("Year", "Jaar"),
    "html.axis.area": ("Area (ha)", "Areaal (ha)"),
    "html.axis.region": ("Region", "Regio"),
    "html.capacity.section": ("Processing capacity and use",
                              "Verwerkingscapaciteit en benuttingsgraad"),
    "html.capacity.chart": ("Primary processing and product lines: usable capacity vs use per "
                            "region, {year}",
                            "Primaire verwerking en productlijnen: bruikbare capaciteit en gebruik "
                            "per regio, {year}"),
    "html.capacity.axis": ("t/yr (primary: crop in; product lines: product out)",
                           "t/jaar (primair: gewas in; productlijnen: product uit)"),
    "html.capacity.primary_cap": ("primary capacity (t in)", "primaire capaciteit (t in)"),
    "html.capacity.primary_use": ("primary use (t in)", "primair gebruik (t in)"),
    "html.capacity.lines_cap": ("product-line capacity (t out)", "capaciteit productlijnen (t uit)"),
    "html.capacity.lines_use": ("product-line use (t out)", "gebruik productlijnen (t uit)"),
    "html.capacity.caption": (
        "Usable capacity = (existing plus new nameplate capacity) x availability, as in the KPIs: "
        "primary processing in tonnes of crop input, product lines in tonnes of product output, "
        "never added up; labels show the utilisation of usable primary capacity.",
        "Bruikbare capaciteit = (bestaande plus nieuwe nominale capaciteit) x beschikbaarheid, "
        "zoals in de kerncijfers: primaire verwerking in ton gewas in, productlijnen in ton "
        "product uit, nooit opgeteld; de labels geven de benuttingsgraad van de bruikbare "
        "primaire capaciteit."),
    "html.costs.section": ("Chain cost by component", "Ketenkosten per onderdeel"),
    "html.costs.chart": ("Cost components per year (undiscounted)",
                         "Kostenonderdelen per jaar (niet verdisconteerd)"),
    "html.costs.axis": ("EUR million per year", "mln euro per jaar"),
    "html.costs.unit": ("M EUR", "mln €"),
    "html.costs.caption": ("Carbon credits are income and show below zero.",
                           "Koolstofcredits zijn inkomsten en staan onder nul."),
    "html.failed.heading": ("No balance: the model is {status}", "Geen balans: het model is {status}"),
    "html.failed.rules": ("The conflicting rules and the input cells behind them:",
                          "De regels die elkaar tegenspreken en de invoercellen erachter:"),
    "html.checks.section": ("Pre-solve checks", "Controles vooraf"),
    "html.checks.note": ("Arithmetic on the inputs alone, before any solve.",
                         "Rekenwerk op de invoer alleen, voordat er iets wordt opgelost."),
    # charts
    "chart.share.title": ("Biobased share of new-build homes vs the NABB target path",
                          "Biobased aandeel nieuwbouwwoningen t.o.v. het NABB-doelpad"),
    "chart.share.axis": ("Share of new-build homes (%)", "Aandeel nieuwbouwwoningen (%)"),
    "chart.share.model": ("model result", "modeluitkomst"),
    "chart.share.target": ("target path", "doelpad"),
    "chart.share.missing": ("−{homes} homes", "−{homes} woningen"),
    "chart.sankey.title": ("From field to building, {year}: tonnes per year",
                           "Van land tot pand, {year}: ton per jaar"),
    "chart.sankey.title_domestic": ("From Dutch fields to building, {year}: tonnes per year",
                                    "Van Nederlands land tot pand, {year}: ton per jaar"),
    "chart.sankey.crops": ("Crops and imports (t/yr)", "Gewassen en import (t/jaar)"),
    "chart.sankey.crops_domestic": ("Dutch crops (t/yr)", "Nederlandse gewassen (t/jaar)"),
    "chart.sankey.intermediates": ("Intermediate products (t/yr)", "Halffabricaten (t/jaar)"),
    "chart.sankey.products": ("Building products (t/yr)", "Bouwproducten (t/jaar)"),
    "chart.sankey.uses": ("Home types and other uses (t/yr)",
                          "Woningtypen en ander gebruik (t/jaar)"),
    "chart.sankey.imports": ("Imports", "Import"),
    "chart.sankey.surplus": ("Unused / other markets", "Ongebruikt / andere markten"),
    "chart.map.title": ("Flows between regions, {year} (t/yr)",
                        "Stromen tussen regio's, {year} (t/jaar)"),
    "chart.map.lon": ("Longitude (°E)", "Lengtegraad (°O)"),
    "chart.map.lat": ("Latitude (°N)", "Breedtegraad (°N)"),
    "chart.map.surplus": ("surplus", "overschot"),
    "chart.map.deficit": ("deficit", "tekort"),
    "chart.map.import_entry": ("{name} (import entry): {tonnes} t imported",
                               "{name} (importpunt): {tonnes} t geïmporteerd"),
    "chart.map.net_surplus": ("{name}: net surplus {tonnes} t (out {out} t, in {into} t)",
                              "{name}: netto overschot {tonnes} t (uit {out} t, in {into} t)"),
    "chart.map.net_deficit": ("{name}: net deficit {tonnes} t (out {out} t, in {into} t)",
                              "{name}: netto tekort {tonnes} t (uit {out} t, in {into} t)"),
    "chart.map.legend": ("Net flow per region", "Netto stroom per regio"),
    "chart.map.legend_surplus": ("surplus, largest {tonnes} t", "overschot, grootste {tonnes} t"),
    "chart.map.legend_balanced": ("balanced (0 t)", "in balans (0 t)"),
    "chart.map.legend_deficit": ("deficit, largest {tonnes} t", "tekort, grootste {tonnes} t"),
    "chart.map.legend_ports": ("port / border (imports)", "haven / grens (import)"),
    "chart.map.arc_width": ("Arc width", "Breedte van de pijl"),
    "chart.map.arc_tonnes": ("{tonnes} t/yr", "{tonnes} t/jaar"),
    # the shortfall price (issue 12 item 8)
    "html.penalty": (
        "The new-build target is treated as hard up to {penalty} per home (setting "
        "shortfall_penalty_eur_per_unit; not a sourced value): while one more biobased home costs "
        "less than that, the model builds it; beyond it, the model builds conventional homes and "
        "reports the shortfall. ",
        "Het nieuwbouwdoel geldt als harde eis tot {penalty} per woning (instelling "
        "shortfall_penalty_eur_per_unit; geen waarde uit een bron): zolang één biobased woning "
        "meer minder kost dan dat, bouwt het model haar; daarboven bouwt het model gangbare "
        "woningen en meldt het het tekort. "),
    "html.penalty.met": (
        "Where the target is met, its marginal cost is at most {worst} per home ({low} to {high} "
        "over the years): with a penalty below {worst} part of the target would be given up in "
        "that year, and below {low} in every year.",
        "Waar het doel gehaald wordt, zijn de marginale kosten ten hoogste {worst} per woning "
        "({low} tot {high} over de jaren): met een boete onder {worst} zou een deel van het doel "
        "in dat jaar worden losgelaten, en onder {low} in elk jaar."),
    "chart.map.outline": ("The Netherlands (outline: Natural Earth, public domain)",
                          "Nederland (omtrek: Natural Earth, publiek domein)"),
    # ---- report.xlsx: page set-up and notes (English notes stay in nabb.reports.workbook)
    "xlsx.page.title": ("nabb report – {title}", "nabb-rapport – {title}"),
    "xlsx.page.scenario": ("scenario {scenario}", "scenario {scenario}"),
    "xlsx.page.footer": ("&Lreport.xlsx, sheet &A&RPage &P of &N",
                         "&Lreport.xlsx, blad &A&RPagina &P van &N"),
    "xlsx.empty": ("(empty)", "(leeg)"),
    "xlsx.note.summary": ("nabb report (model result) — scenario {scenario}, status {status}, "
                          "objective_discounted_eur (whole horizon, discounted; shortfall "
                          "penalties included, credits and sales deducted) {objective}",
                          "nabb-rapport (modeluitkomst) — scenario {scenario}, status {status}, "
                          "doelfunctie (hele horizon, verdisconteerd; boetes voor tekorten "
                          "meegeteld, credits en verkoop afgetrokken) {objective}"),
    "xlsx.note.kerncijfers": (". Key figures in the order of the NABB monitor.",
                              ". Kerncijfers in de volgorde van de NABB-monitor."),
    "xlsx.note.kpis": ("All KPIs per year (one row per year).",
                       "Alle kerncijfers per jaar (één rij per jaar)."),
    "xlsx.note.balance": ("Per region, commodity and year: production + imports + inflow = "
                          "process input + outflow + delivered + surplus. Price = dual of the "
                          "commodity balance.",
                          "Per regio, goed en jaar: productie + import + instroom = procesinvoer "
                          "+ uitstroom + geleverd + overschot. Prijs = knelpuntwaarde (duale "
                          "waarde) van de balans van het goed."),
    "xlsx.note.processing": ("Capacity value = what one more t/yr of nameplate capacity would "
                             "save (dual of processing_capacity_max x availability). Utilisation "
                             "= activity / usable capacity (nameplate x availability). line: "
                             "primary capacity counts in t input/yr, product_line capacity in t "
                             "output/yr.",
                             "Waarde capaciteit = wat één t/jaar nominale capaciteit meer zou "
                             "besparen (knelpuntwaarde van processing_capacity_max x "
                             "beschikbaarheid). Benuttingsgraad = activiteit / bruikbare "
                             "capaciteit (nominaal x beschikbaarheid). Lijn: primaire capaciteit "
                             "telt in t input/jaar, productlijnen in t output/jaar."),
    "xlsx.note.targets": ("Marginal cost = dual of the target: the cost of one more required "
                          "biobased unit (basis units), or of one more tonne of biobased material "
                          "(basis mass, EUR/t). ",
                          "Marginale kosten = knelpuntwaarde van het doel: de kosten van één "
                          "vereiste biobased eenheid meer (grondslag eenheden), of van één ton "
                          "biobased materiaal meer (grondslag massa, €/t). "),
    "xlsx.note.penalty": ("The target is treated as hard up to {penalty} per home: while one more "
                          "biobased home costs less than that, the model builds it; above it, the "
                          "model builds conventional homes and reports the shortfall. {penalty} is "
                          "not a sourced value: at a price below the marginal cost shown here, "
                          "part of the target would be given up.",
                          "Het doel geldt als harde eis tot {penalty} per woning: zolang één "
                          "biobased woning meer minder kost dan dat, bouwt het model haar; "
                          "daarboven bouwt het model gangbare woningen en meldt het het tekort. "
                          "{penalty} is geen waarde uit een bron: bij een prijs onder de "
                          "marginale kosten hier zou een deel van het doel worden losgelaten."),
    "xlsx.note.cost_split": ("The marginal cost of each national target split into its parts: the "
                             "biobased and the conventional recipe built side by side in one "
                             "region, costed at the implied prices. other_limits_eur = the price "
                             "of limits on the recipe itself (construction-system growth, "
                             "regional targets).",
                             "De marginale kosten van elk landelijk doel in delen: het biobased "
                             "en het gangbare recept naast elkaar gebouwd in één regio, tegen de "
                             "afgeleide prijzen. other_limits_eur = de prijs van grenzen op het "
                             "recept zelf (groei bouwsystemen, regionale doelen)."),
    "xlsx.note.coproducts": ("Process outputs that are not building products: used in the chain, "
                             "sold to an outside market (valued) or discarded.",
                             "Procesuitvoer die geen bouwproduct is: gebruikt in de keten, "
                             "verkocht aan een andere markt (gewaardeerd) of afgevoerd."),
    "xlsx.note.prices": ("Implied regional price of each commodity (dual of commodity_balance): "
                         "what the chain could pay for one more tonne.",
                         "Afgeleide regionale prijs van elk goed (knelpuntwaarde van "
                         "commodity_balance): wat de keten voor één ton meer zou kunnen betalen."),
    "xlsx.note.lean": ("Rows in which every quantity{but} is zero are left out: {dropped} of "
                       "{total} rows. A combination not listed here is zero.",
                       "Rijen waarin elke hoeveelheid{but} nul is, zijn weggelaten: {dropped} van "
                       "{total} rijen. Een combinatie die hier niet staat, is nul."),
    "xlsx.note.lean_but": (" (not counting {columns})", " (zonder {columns})"),
    "xlsx.note.monitor_gaps": ("KPI numbers follow the NABB monitor's list of headline KPIs. Not "
                               "in this table: {named}: this model does not compute them as a "
                               "yearly figure.",
                               "De nummers volgen de lijst van kerncijfers van de NABB-monitor. "
                               "Niet in deze tabel: {named}: dit model berekent ze niet als "
                               "jaarcijfer."),
    "xlsx.monitor.3": ("biobased share of retrofit insulation",
                       "biobased aandeel isolatie bij verduurzaming"),
    "xlsx.monitor.4": ("biobased share of non-residential building",
                       "biobased aandeel utiliteitsbouw"),
    "xlsx.monitor.13": ("fibre-crop gross margin vs the reference crop",
                        "saldo vezelteelt t.o.v. referentiegewas"),
    "xlsx.monitor.15": ("bottlenecks (see the Bottlenecks sheet)",
                        "knelpunten (zie het blad Knelpunten)"),
    "short.summary": ("summary", "samenvatting"),
    # ---- report.xlsx: the Charts sheet (English exactly as before: golden report)
    "charts.note": ("Key series of this scenario (model results); the data for each "
                    "chart is next to it.",
                    "De belangrijkste reeksen van dit scenario (modeluitkomsten); de gegevens van "
                    "elke grafiek staan ernaast."),
    "charts.year": ("year", "jaar"),
    "charts.axis_year": ("Year", "Jaar"),
    "charts.share": ("biobased share", "biobased aandeel"),
    "charts.target_share": ("target share", "doelaandeel"),
    "charts.share_title": ("Biobased share of new-build homes vs target",
                           "Biobased aandeel nieuwbouwwoningen t.o.v. het doel"),
    "charts.area_title": ("Fibre-crop area per crop (teeltareaal)",
                          "Teeltareaal vezelgewassen per gewas"),
    "charts.region": ("region", "regio"),
    "charts.primary_cap": ("primary capacity (t in/yr)", "primaire capaciteit (t in/jaar)"),
    "charts.primary_use": ("primary use (t in/yr)", "primair gebruik (t in/jaar)"),
    "charts.lines_cap": ("product-line capacity (t out/yr)", "capaciteit productlijn (t uit/jaar)"),
    "charts.lines_use": ("product-line use (t out/yr)", "gebruik productlijn (t uit/jaar)"),
    "charts.capacity_axis": ("t/yr: crop input (primary), product output (product lines)",
                             "t/jaar: gewas in (primair), product uit (productlijnen)"),
    "charts.cost_column": ("{component} (M EUR)", "{component} (mln €)"),
    "charts.costs_title": ("Chain cost by component (undiscounted)",
                           "Ketenkosten per onderdeel (niet verdisconteerd)"),
    "charts.bottleneck": ("bottleneck (in full on the {sheet} sheet)",
                          "knelpunt (voluit op werkblad '{sheet}')"),
    "charts.step_value": ("value of one step (k EUR)", "waarde van één stap (k€)"),
    "charts.bottleneck_axis": ("Bottleneck", "Knelpunt"),
    "charts.bottleneck_value_axis": ("Lower system cost, k EUR (discounted)",
                                     "Lagere systeemkosten, k€ (verdisconteerd)"),
    # ---- a run stopped at a limit (console), and diagnosis.txt
    "limit.of": (" of {seconds} s", " van {seconds} s"),
    "limit.time": ("time limit{limit} reached after {seconds} s",
                   "tijdslimiet{limit} bereikt na {seconds} s"),
    "limit.time_advice": ("Raise --time-limit, or try --solver-option solver=simplex / "
                          "solver=ipm.",
                          "Verhoog --time-limit, of probeer --solver-option solver=simplex / "
                          "solver=ipm."),
    "limit.iterations": ("iteration limit{limits} reached after {iterations} iterations",
                         "iteratielimiet{limits} bereikt na {iterations} iteraties"),
    "limit.no": ("no", "geen"),
    "limit.iterations_advice": ("Raise or drop the iteration-limit --solver-option.",
                                "Verhoog de iteratielimiet in --solver-option of laat haar weg."),
    "limit.nothing": ("no solution was found yet", "er is nog geen oplossing gevonden"),
    "limit.feasible": ("the best solution found is feasible but not proven optimal (objective "
                       "{objective}); its results are in the report",
                       "de beste gevonden oplossing is toegelaten maar niet bewezen optimaal "
                       "(doelfunctie {objective}); de resultaten staan in het rapport"),
    "limit.infeasible": ("the best point found is not feasible (largest violation {violation}); "
                         "its numbers are not a plan",
                         "het beste gevonden punt is niet toegelaten (grootste overschrijding "
                         "{violation}); de getallen zijn geen plan"),
    "limit.line": ("{stopped} (HiGHS: {status}); {best}. {advice}",
                   "{stopped} (HiGHS: {status}); {best}. {advice}"),
    "diagnosis.head": ("nabb: scenario {scenario} is {status}.",
                       "nabb: scenario {scenario} is {status}."),
    "diagnosis.input": ("    input: {where}", "    invoer: {where}"),
    # ---- the capacity sheet for chain coordinators (nabb template capacity)
    "cap.title": ("Capacity sheet", "Capaciteitsblad"),
    "cap.title_region": ("Capacity sheet for region {region}", "Capaciteitsblad voor regio {region}"),
    "cap.fill_in": ("Please fill in the sheets 'coordinator', 'existing_plants', 'planned_plants' "
                    "and 'contracted_area', save the file as .xlsx and send it to the policy "
                    "officer.",
                    "Vul de bladen 'coordinator', 'existing_plants', 'planned_plants' en "
                    "'contracted_area' in, sla het bestand op als .xlsx en stuur het naar de "
                    "beleidsmedewerker."),
    "cap.rows": ("Row 1 holds the column names and row 2 the units; both are protected. Type your "
                 "data from row 3 down, one plant or one crop and year per row. Do not merge "
                 "cells, do not hide sheets, and type numbers as numbers (1.5, not '1,5' as text).",
                 "Rij 1 bevat de kolomnamen en rij 2 de eenheden; beide zijn beveiligd. Typ uw "
                 "gegevens vanaf rij 3, één fabriek of één gewas en jaar per rij. Voeg geen cellen "
                 "samen, verberg geen bladen en typ getallen als getal (in een Nederlandse Excel "
                 "1,5; niet als tekst)."),
    "cap.horizon": ("Years must lie within the planning horizon {horizon}. Drop-down lists come "
                    "from {source}; the 'lists' sheet shows them.",
                    "Jaren moeten binnen de planningshorizon {horizon} liggen. De keuzelijsten "
                    "komen uit {source}; het blad 'lists' toont ze."),
    "cap.horizon_unknown": ("the years of the scenario workbook",
                            "de jaren van de scenariowerkmap"),
    "cap.check": ("Check the file before sending it: nabb capacity check THIS_FILE.xlsx",
                  "Controleer het bestand voor u het verstuurt: nabb capacity check "
                  "DIT_BESTAND.xlsx"),
    "cap.head.sheet": ("sheet", "blad"),
    "cap.head.column": ("column", "kolom"),
    "cap.head.unit": ("unit", "eenheid"),
    "cap.head.required": ("required", "verplicht"),
    "cap.head.allowed": ("allowed values", "toegestane waarden"),
    "cap.head.description": ("description", "toelichting"),
    "cap.yes": ("yes", "ja"),
    "cap.no": ("no", "nee"),
    "cap.see_lists": ("see sheet 'lists' ({list})", "zie blad 'lists' ({list})"),
    "cap.at_least": (">= {min}", ">= {min}"),
    "cap.at_most": (" and <= {max}", " en <= {max}"),
}

# the KPI labels, levers and nabb compare (a module of their own: nabb.i18n.kpi_texts)
from nabb.i18n.kpi_texts import KPI_TEXTS  # noqa: E402

CATALOGUE.update(KPI_TEXTS)

# nabb sweep's and nabb compare's bookkeeping (a module of their own: nabb.i18n.tool_texts)
from nabb.i18n.tool_texts import TOOL_TEXTS  # noqa: E402

CATALOGUE.update(TOOL_TEXTS)

# nabb uncertainty: console, uncertainty.html and uncertainty.xlsx (nabb.i18n.uncertainty_texts)
from nabb.i18n.uncertainty_texts import UNCERTAINTY_TEXTS  # noqa: E402

CATALOGUE.update(UNCERTAINTY_TEXTS)
