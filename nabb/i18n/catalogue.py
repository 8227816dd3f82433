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
}
