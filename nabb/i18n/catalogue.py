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
}
