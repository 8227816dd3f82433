"""Texts of nabb sweep's and nabb compare's bookkeeping (issue 13, item 12): the ``--workers``
note, the Run sheet of sweep.xlsx, the notes and values of compare.xlsx.  Merged into
:data:`nabb.i18n.catalogue.CATALOGUE`; (English, Dutch) per key, the same {placeholders}."""
from __future__ import annotations

TOOL_TEXTS: dict[str, tuple[str, str]] = {
    # ---- nabb sweep --workers: why the points ran in one process, or on N
    "sweep.workers.few": ("--workers {workers}: {n} points are too few to share, solved in one "
                          "process",
                          "--workers {workers}: {n} punten zijn te weinig om te verdelen, "
                          "opgelost in één proces"),
    "sweep.workers.busy": ("--workers {workers} does not pay off here: this machine's cores are "
                           "busy (load {load} on {cores} cores), so worker processes would not run "
                           "at the same time; the {n} points (about {alone} s) are solved in one "
                           "process",
                           "--workers {workers} loont hier niet: de processorkernen van deze "
                           "machine zijn bezet (belasting {load} op {cores} kernen), dus "
                           "werkprocessen zouden niet tegelijk draaien; de {n} punten (ongeveer "
                           "{alone} s) worden in één proces opgelost"),
    "sweep.workers.hand_over": ("{workers} worker processes: the {n} points would take about "
                                "{alone} s in one process",
                                "{workers} werkprocessen: de {n} punten zouden in één proces "
                                "ongeveer {alone} s duren"),
    "sweep.workers.no_gain": ("--workers {workers} does not pay off here: the {n} points take "
                              "about {alone} s in one process, and starting {workers} worker "
                              "processes costs about {start} s; solved in one process (workers "
                              "pay off from about {break_even} points of this model)",
                              "--workers {workers} loont hier niet: de {n} punten duren in één "
                              "proces ongeveer {alone} s, en {workers} werkprocessen starten kost "
                              "ongeveer {start} s; opgelost in één proces (werkprocessen lonen "
                              "vanaf ongeveer {break_even} punten van dit model)"),
    # ---- a sweep point that was not solved (sweep.xlsx, the console's tally)
    "status.failed": ("failed", "mislukt"),
    "status.not_run": ("not run", "niet uitgevoerd"),  # as nabb uncertainty says it
    # ---- sweep.xlsx, sheet Run: what each line is
    "sweep.run.head.item": ("item", "onderdeel"),
    "sweep.run.head.value": ("value", "waarde"),
    "sweep.run.head.key": ("key", "sleutel"),
    "sweep.run.points": ("points", "punten"),
    "sweep.run.mode": ("how the points were solved", "hoe de punten zijn opgelost"),
    "sweep.run.note": ("technical note", "technische toelichting"),
    "sweep.run.compiles": ("model compilations to set up the sweep",
                           "modelcompilaties om de sweep op te zetten"),
    "sweep.run.kpi_year": ("year of the KPIs", "jaar van de kerncijfers"),
    "sweep.run.workers": ("--workers asked for", "gevraagde --workers"),
    "sweep.run.scheduler": ("dask scheduler", "dask-scheduler"),
    "sweep.run.worker_processes": ("processes that solved points",
                                   "processen die punten oplosten"),
    "sweep.run.workers_note": ("why this many processes", "waarom zoveel processen"),
    "sweep.run.scenario": ("scenario", "scenario"),
    "sweep.run.input_file": ("input workbook", "invoerbestand"),
    "sweep.run.input_sha256": ("SHA-256 of the input workbook", "SHA-256 van het invoerbestand"),
    "sweep.run.timing.setup_s": ("seconds to build the model", "seconden om het model op te bouwen"),
    "sweep.run.timing.total_s": ("seconds in all", "seconden in totaal"),
    "sweep.run.interrupted": ("interrupted", "onderbroken"),
    "sweep.run.yes": ("yes", "ja"),
    "sweep.run.no": ("no", "nee"),
    "sweep.run.none": ("(none)", "(geen)"),
    "sweep.run.cluster": ("cluster", "cluster"),
    "sweep.mode.affine": ("model built once, numbers changed in place per point",
                          "model één keer opgebouwd, getallen per punt ter plekke gewijzigd"),
    "sweep.mode.rebuild": ("model rebuilt for each point", "model per punt opnieuw opgebouwd"),
    "sweep.note.affine": ("the {levers} changes {entries} numbers of the model in place ({compiles} "
                          "compilations to find and check them)",
                          "de {levers} wijzigt {entries} getallen van het model ter plekke "
                          "({compiles} compilaties om ze te vinden en te controleren)"),
    "sweep.rebuild.": ("the model is rebuilt for each point", "het model wordt per punt opnieuw "
                       "opgebouwd"),
    "sweep.rebuild.requested": ("rebuilt for each point, as asked (--rebuild)",
                                "per punt opnieuw opgebouwd, zoals gevraagd (--rebuild)"),
    "sweep.rebuild.structure": ("the {lever} changes the shape of the model (between {lo} and "
                                "{hi}), so it is rebuilt for each point",
                                "de {lever} verandert de vorm van het model (tussen {lo} en {hi}), "
                                "dus het wordt per punt opnieuw opgebouwd"),
    "sweep.rebuild.bound": ("the {lever} turns a limit on or off, so the model is rebuilt for "
                            "each point",
                            "de {lever} zet een grens aan of uit, dus het model wordt per punt "
                            "opnieuw opgebouwd"),
    "sweep.rebuild.structure_at": ("the shape of the model changes at {point}, so it is rebuilt "
                                   "for each point",
                                   "de vorm van het model verandert bij {point}, dus het wordt "
                                   "per punt opnieuw opgebouwd"),
    "sweep.rebuild.not_affine": ("the model's numbers do not change in proportion (difference "
                                 "{mismatch} at {point}), so it is rebuilt for each point",
                                 "de getallen van het model veranderen niet evenredig (verschil "
                                 "{mismatch} bij {point}), dus het wordt per punt opnieuw "
                                 "opgebouwd"),
    # ---- compare: the notes of a report (load_report) and values of its sheets
    "compare.notes.reread": ("inputs re-read from {src} (SHA-256 matches)",
                             "invoer opnieuw gelezen uit {src} (SHA-256 klopt)"),
    "compare.notes.gone": ("no {file}, and the workbook {src} is gone or changed: input "
                           "differences unavailable",
                           "geen {file}, en het invoerbestand {src} is weg of gewijzigd: "
                           "invoerverschillen niet beschikbaar"),
    "compare.notes.unrecoverable": ("inputs could not be recovered: {error}",
                                    "invoer kon niet worden teruggehaald: {error}"),
    "compare.notes.no_frames": ("no {file}: region and dual sheets unavailable for this report",
                                "geen {file}: bladen per regio en knelpuntwaarden niet "
                                "beschikbaar voor dit rapport"),
    "compare.row": ("(row)", "(rij)"),
    "compare.row_n": ("row {n}", "rij {n}"),
    "compare.present": ("present", "aanwezig"),
    "compare.removed": ("removed", "verwijderd"),
    "compare.absent": ("absent", "afwezig"),
    "compare.added": ("added", "toegevoegd"),
    "compare.all_regions": ("all regions", "alle regio's"),
    "compare.na": ("n/a", "n.v.t."),
    # ---- nabb template input: the printed template (&A the sheet, &P the page, &N the pages)
    "template.settings_head": ("settings: one value per key; the model reads them all",
                               "settings: één waarde per sleutel; het model leest ze allemaal"),
    "template.footer_left": ("nabb input workbook, sheet &A", "nabb-invoerbestand, blad &A"),
    "template.footer_right": ("Page &P of &N", "Pagina &P van &N"),
    "template.wrote": ("wrote {path}", "geschreven: {path}"),
    # ---- compare.xlsx and sweep.xlsx on paper
    "compare.page.title": ("nabb compare – {name}", "nabb-vergelijking – {name}"),
    "compare.page.footer": ("&Lcompare.xlsx, sheet &A&RPage &P of &N",
                            "&Lcompare.xlsx, blad &A&RPagina &P van &N"),
    "unc.page.title": ("nabb uncertainty – {name}", "nabb-onzekerheid – {name}"),
    "unc.page.footer": ("&Luncertainty.xlsx, sheet &A&RPage &P of &N",
                        "&Luncertainty.xlsx, blad &A&RPagina &P van &N"),
    "sweep.page.title": ("nabb sweep – {name}", "nabb-sweep – {name}"),
    "sweep.page.footer": ("&Lsweep.xlsx, sheet &A&RPage &P of &N",
                          "&Lsweep.xlsx, blad &A&RPagina &P van &N"),
}

#: report.xlsx, sheet Run, in Dutch: what each line is (English keeps the raw keys alone)
RUN_TEXTS: dict[str, tuple[str, str]] = {
    "run.item.scenario": ("scenario", "scenario"),
    "run.item.input_file": ("input workbook", "invoerbestand"),
    "run.item.input_sha256": ("SHA-256 of the input workbook", "SHA-256 van het invoerbestand"),
    "run.item.status": ("outcome", "uitkomst"),
    "run.item.solver_status": ("status as HiGHS reports it", "status zoals HiGHS die meldt"),
    "run.item.solver": ("solver", "oplosser"),
    "run.item.objective_eur": ("objective (discounted), euro", "doelfunctie (verdisconteerd), euro"),
    "run.item.objective_discounted_eur": ("objective over the horizon (discounted), euro",
                                          "doelfunctie over de looptijd (verdisconteerd), euro"),
    "run.item.shortfall_penalty_eur_per_unit": ("penalty per missing unit, euro",
                                                "boete per ontbrekende eenheid, euro"),
    "run.item.max_constraint_violation": ("largest constraint violation",
                                          "grootste overschrijding van een beperking"),
    "run.item.variables": ("variables (LP columns)", "variabelen (kolommen van het LP)"),
    "run.item.constraints": ("constraints (LP rows)", "beperkingen (rijen van het LP)"),
    "run.item.nonzeros": ("non-zero coefficients", "coëfficiënten ongelijk aan nul"),
    "run.item.iterations": ("solver iterations", "iteraties van de oplosser"),
    "run.item.created": ("written at (UTC)", "geschreven op (UTC)"),
    "run.item.language": ("language", "taal"),
    "run.item.timing": ("seconds: {what}", "seconden: {what}"),
    "run.item.version": ("version of {what}", "versie van {what}"),
    "run.item.solver_option": ("HiGHS option {what}", "HiGHS-optie {what}"),
    "run.item.scenario_change": ("scenario change {what}", "scenariowijziging {what}"),
    "run.item.input_warning": ("input warning {what}", "invoerwaarschuwing {what}"),
    "run.item.other": ("{what}", "{what}"),
    "run.step.read_s": ("reading the workbook", "werkmap inlezen"),
    "run.step.build_s": ("building the model", "model opbouwen"),
    "run.step.presolve_checks_s": ("checks before the solve", "controles voor het oplossen"),
    "run.step.compile_s": ("compiling the LP", "LP compileren"),
    "run.step.pass_to_highs_s": ("handing the LP to HiGHS", "LP aan HiGHS doorgeven"),
    "run.step.solve_s": ("HiGHS solve", "oplossen door HiGHS"),
    "run.step.results_s": ("results", "resultaten"),
}
TOOL_TEXTS.update(RUN_TEXTS)

#: console lines every command may end with
CONSOLE_TEXTS: dict[str, tuple[str, str]] = {
    "console.interrupted": ("nabb: interrupted (Ctrl-C); outputs are replaced only when complete, "
                            "so nothing half-written was left",
                            "nabb: onderbroken (Ctrl-C); uitvoer wordt alleen vervangen als die "
                            "compleet is, dus er is niets half geschreven achtergebleven"),
    "console.internal_error": ("INTERNAL ERROR (a bug in nabb, please report it): {what}",
                               "INTERNE FOUT (een fout in nabb, meld die alstublieft): {what}"),
    "console.a_file": ("a file", "een bestand"),
}
TOOL_TEXTS.update(CONSOLE_TEXTS)
