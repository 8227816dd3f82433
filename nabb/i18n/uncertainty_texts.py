"""Texts of ``nabb uncertainty`` (issue 13 item 12): its console lines, uncertainty.html and
uncertainty.xlsx, in English and in Dutch, merged into :data:`nabb.i18n.catalogue.CATALOGUE`
(same rules: both texts fill in the same placeholders).

A *sample* is a *trekking* in Dutch (one draw of every uncertain input, solved as one plan);
the *base plan* (the workbook's own values) is the *basisplan*; P5..P95 stay as they are.
"""
from __future__ import annotations

UNCERTAINTY_TEXTS: dict[str, tuple[str, str]] = {
    # ---- console
    "unc.start": ("{params} uncertain input(s), {samples} samples ({method}, seed {seed}), "
                  "scenario {scenario}",
                  "{params} onzekere invoer(en), {samples} trekkingen ({method}, startwaarde "
                  "{seed}), scenario {scenario}"),
    "unc.interrupted_early": ("interrupted before any sample was solved; nothing was written",
                              "onderbroken voordat er een trekking was opgelost; er is niets "
                              "geschreven"),
    "unc.done": ("{samples} samples in {total} s (setup {setup} s): {states}",
                 "{samples} trekkingen in {total} s (voorbereiding {setup} s): {states}"),
    "unc.probability_line": ("probability national new-build target met: {years}",
                             "kans dat het nationale nieuwbouwdoel wordt gehaald: {years}"),
    "unc.interrupted": ("interrupted: the samples solved so far are in the output",
                        "onderbroken: de tot nu toe opgeloste trekkingen staan in de uitvoer"),
    "unc.status.failed": ("failed", "mislukt"),
    "unc.status.not_run": ("not run", "niet uitgevoerd"),
    "unc.sample.not_run": ("interrupted before this sample was solved",
                           "onderbroken voordat deze trekking was opgelost"),
    "unc.sample.infeasible": ("infeasible before solving: {why}",
                              "al vóór het oplossen onhaalbaar: {why}"),
    # ---- console: how the samples are solved (nabb.uncertainty.run and .engine)
    "unc.starting_workers": ("starting the dask workers", "dask-workers starten"),
    "unc.connecting": ("connecting to {scheduler}", "verbinden met {scheduler}"),
    "unc.signatures_workers": ("taking the structure signature of every sample on the workers",
                               "structuurkenmerk van elke trekking bepalen op de workers"),
    "unc.signatures": ("taking the structure signature of every sample",
                       "structuurkenmerk van elke trekking bepalen"),
    "unc.base_plan": ("solving the base plan (the workbook's own values)",
                      "basisplan oplossen (de eigen waarden van de werkmap)"),
    "unc.compiling": ("compiling the centre and probing {params} parameter(s)",
                      "het midden compileren en {params} parameter(s) aftasten"),
    "unc.no_slope": ("{name}: no other value with the centre's structure; slope 0, checked below",
                     "{name}: geen andere waarde met de structuur van het midden; helling 0, "
                     "hieronder gecontroleerd"),
    "unc.pairs": ("{pairs} pair(s) of parameters multiply each other somewhere in the LP",
                  "{pairs} paar (paren) parameters vermenigvuldigen elkaar ergens in het LP"),
    "unc.note.rebuild": ("rebuild mode: {reason}; every sample is compiled and solved from scratch",
                         "herbouwmodus: {reason}; elke trekking wordt vanaf nul gecompileerd en "
                         "opgelost"),
    "unc.note.affine": ("affine mode: {groups} structure group(s) ({sizes} samples), {rebuilt} "
                        "sample(s) rebuilt, {compiles} compiles; {projections} group(s) checked "
                        "without a second compile",
                        "affiene modus: {groups} structuurgroep(en) ({sizes} trekkingen), "
                        "{rebuilt} trekking(en) herbouwd, {compiles} compilaties; {projections} "
                        "groep(en) gecontroleerd zonder tweede compilatie"),
    "unc.reason.requested": ("requested", "gevraagd met --rebuild"),
    "unc.reason.centre_infeasible": ("the LP at the centre of the ranges is infeasible before "
                                     "solving",
                                     "het LP in het midden van de bandbreedtes is al vóór het "
                                     "oplossen onhaalbaar"),
    "unc.reason.bound": ("{name} turns a bound (in)finite",
                         "{name} maakt een grens (on)eindig"),
    "unc.reason.kpi_data": ("the KPI data is not affine in the parameters (sample {sample})",
                            "de gegevens van de kerncijfers zijn niet affien in de parameters "
                            "(trekking {sample})"),
    "unc.reason.structure": ("sample {sample} has the centre's signature but not its structure",
                             "trekking {sample} heeft het kenmerk van het midden maar niet de "
                             "structuur"),
    "unc.reason.lp_data": ("the LP data is not affine in the parameters (mismatch {mismatch} at "
                           "sample {sample}; a parameter enters non-linearly or two multiply each "
                           "other)",
                           "de LP-gegevens zijn niet affien in de parameters (afwijking "
                           "{mismatch} bij trekking {sample}; een parameter werkt niet-lineair "
                           "door of twee parameters vermenigvuldigen elkaar)"),
    "progress.uncertainty": ("uncertainty", "onzekerheid"),
    "progress.structure": ("structure", "structuur"),
    "progress.samples": ("samples", "trekkingen"),
    "progress.left": ("left", "te gaan"),
    "progress.eta": ("eta", "nog"),
    # ---- uncertainty.html and .xlsx: words used on both
    "unc.title": ("nabb uncertainty", "nabb onzekerheidsanalyse"),
    "unc.h1": ("nabb uncertainty – {scenario}", "nabb onzekerheidsanalyse – {scenario}"),
    "unc.meta": ("{samples} samples ({method}, seed {seed}): {states}. {note}. Input {file} "
                 "(sha256 {sha}…).",
                 "{samples} trekkingen ({method}, startwaarde {seed}): {states}. {note}. Invoer "
                 "{file} (sha256 {sha}…)."),
    "unc.failed_warning": ("{failed} sample(s) did not solve to optimality; they count as not "
                           "meeting the target and are left out of the quantiles (see the table "
                           "at the end).",
                           "{failed} trekking(en) zijn niet optimaal opgelost; ze tellen als "
                           "'doel niet gehaald' en blijven buiten de kwantielen (zie de tabel "
                           "aan het eind)."),
    "unc.h.likely": ("How likely is the target?", "Hoe waarschijnlijk is het doel?"),
    "unc.likely_text": ("Share of samples in which the national new-build target is met without "
                        "shortfall. In {year}: {share}.",
                        "Aandeel trekkingen waarin het nationale nieuwbouwdoel zonder tekort "
                        "wordt gehaald. In {year}: {share}."),
    "unc.probability_title": ("Probability of meeting the national new-build target",
                              "Kans dat het nationale nieuwbouwdoel wordt gehaald"),
    "unc.probability_axis": ("Share of samples meeting the target (%)",
                             "Aandeel trekkingen dat het doel haalt (%)"),
    "unc.h.ranges": ("Ranges of the results over the years",
                     "Bandbreedtes van de uitkomsten per jaar"),
    "unc.fan.total_cost": ("Total cost of the year, undiscounted",
                           "Totale kosten van het jaar, niet verdisconteerd"),
    "unc.fan.area": ("Area of {name}", "Areaal {name}"),
    "unc.fan.capacity": ("Processing capacity: {name}", "Verwerkingscapaciteit: {name}"),
    "unc.no_solved": ("no solved samples", "geen opgeloste trekkingen"),
    "unc.median_p50": ("median (P50)", "mediaan (P50)"),
    "unc.median": ("median", "mediaan"),
    "unc.base": ("base plan", "basisplan"),
    "unc.h.by_region": ("Hectares per region and crop (P5 / P50 / P95)",
                        "Hectare per regio en gewas (P5 / P50 / P95)"),
    "unc.discounted": ("Total discounted cost over the horizon: P5 {p5}, P50 {p50}, P95 {p95}.",
                       "Totale verdisconteerde kosten over de horizon: P5 {p5}, P50 {p50}, "
                       "P95 {p95}."),
    "unc.sobol": ("total Sobol index", "totale Sobol-index"),
    "unc.prcc": ("partial rank correlation (PRCC)", "partiële rangcorrelatie (PRCC)"),
    "unc.h.inputs_matter": ("Which inputs matter most", "Welke invoer weegt het zwaarst"),
    "unc.inputs_matter_text": ("Influence of each uncertain input on the headline results "
                               "({label}); longer bars matter more, red means the result goes "
                               "down when the input goes up.",
                               "Invloed van elke onzekere invoer op de belangrijkste uitkomsten "
                               "({label}); langere balken wegen zwaarder, rood betekent dat de "
                               "uitkomst daalt als de invoer stijgt."),
    "unc.not_defined": ("not defined (constant KPI or too few samples)",
                        "niet bepaald (constant kerncijfer of te weinig trekkingen)"),
    "unc.h.no_regret": ("No-regret investments", "No-regret-investeringen"),
    "unc.no_regret_text": ("Built in at least {share} of the solved samples; size is the median "
                           "over all samples.",
                           "Gebouwd in ten minste {share} van de opgeloste trekkingen; de omvang "
                           "is de mediaan over alle trekkingen."),
    "unc.h.regret": ("Regret: what the base plan builds that stands idle",
                     "Spijt: wat het basisplan bouwt en dat stil blijft staan"),
    "unc.h.inputs": ("Uncertain inputs", "Onzekere invoer"),
    "unc.h.failed": ("Samples that did not solve", "Trekkingen die niet zijn opgelost"),
    "unc.footer": ("nabb {version}, {created}; timings: {timings} s.",
                   "nabb {version}, {created}; rekentijden: {timings} s."),
    "unc.none": ("none", "geen"),
    "unc.kind.capacity": ("capacity", "capaciteit"),
    "unc.kind.area": ("area", "areaal"),
    "unc.apply.value": ("value", "waarde"),
    "unc.apply.multiplier": ("multiplier", "vermenigvuldiger"),
    "unc.dist.triangular": ("triangular", "driehoeksverdeling"),
    "unc.dist.uniform": ("uniform", "uniforme verdeling"),
    "unc.dist.normal": ("normal", "normale verdeling"),
    "unc.dist.lognormal": ("lognormal", "lognormale verdeling"),
    "unc.dist.discrete": ("discrete", "discrete verdeling"),
    "unc.dist.mean": ("mean", "gemiddelde"),
    "unc.dist.sd": ("sd", "sd"),
    # ---- column headers (html tables and xlsx sheets)
    "unc.col.year": ("year", "jaar"),
    "unc.col.region": ("region", "regio"),
    "unc.col.crop": ("crop", "gewas"),
    "unc.col.target": ("target", "doel"),
    "unc.col.kind": ("kind", "soort"),
    "unc.col.item": ("process / crop", "proces / gewas"),
    "unc.col.share": ("share of samples", "aandeel trekkingen"),
    "unc.col.unit": ("unit", "eenheid"),
    "unc.col.base_size": ("base plan size", "omvang in het basisplan"),
    "unc.col.idle": ("idle in share of samples", "ongebruikt in aandeel trekkingen"),
    "unc.col.parameter": ("parameter", "parameter"),
    "unc.col.sheet": ("sheet", "blad"),
    "unc.col.column": ("column", "kolom"),
    "unc.col.filter": ("filter", "filter"),
    "unc.col.apply": ("apply", "toepassing"),
    "unc.col.distribution": ("distribution", "verdeling"),
    "unc.col.group": ("group", "groep"),
    "unc.col.basis": ("basis", "onderbouwing"),
    "unc.col.source": ("source", "bron"),
    "unc.col.centre": ("centre", "midden"),
    "unc.col.sample": ("sample", "trekking"),
    "unc.col.status": ("status", "status"),
    "unc.col.note": ("note", "toelichting"),
    "unc.col.kpi": ("KPI", "kerncijfer"),
    "unc.col.input": ("input", "invoer"),
    "unc.col.structure_group": ("structure group", "structuurgroep"),
    "unc.col.rebuilt": ("rebuilt", "herbouwd"),
    "unc.col.probability": ("probability national new-build target met",
                            "kans nationaal nieuwbouwdoel gehaald"),
    "unc.col.std_error": ("standard error", "standaardfout"),
    "unc.col.item_value": ("item", "onderdeel"),
    "unc.col.value": ("value", "waarde"),
    # ---- headline KPIs of the tornado charts (label, then unit)
    "unc.kpi.total_cost_eur": ("Total discounted cost", "Totale verdisconteerde kosten"),
    "unc.kpi.biobased_share": ("Biobased share of new-build", "Biobased aandeel nieuwbouw"),
    "unc.kpi.carbon_income": ("Carbon income per ha", "CO2-vergoeding per ha"),
    # ---- uncertainty.xlsx
    "unc.sheet.Summary": ("Summary", "Samenvatting"),
    "unc.sheet.Fans": ("Fans", "Waaiers"),
    "unc.sheet.Quantiles": ("Quantiles", "Kwantielen"),
    "unc.sheet.Tornado": ("Tornado", "Tornado"),
    "unc.sheet.NoRegret": ("NoRegret", "No-regret"),
    "unc.sheet.Regret": ("Regret", "Spijt"),
    "unc.sheet.Inputs": ("Inputs", "Invoer"),
    "unc.sheet.Samples": ("Samples", "Trekkingen"),
    "unc.sheet.Run": ("Run", "Berekening"),
    "unc.x.head": ("nabb uncertainty – scenario {scenario}: {samples} samples ({method}, seed "
                   "{seed}), {solved} solved, {failed} failed or infeasible",
                   "nabb onzekerheidsanalyse – scenario {scenario}: {samples} trekkingen "
                   "({method}, startwaarde {seed}), {solved} opgelost, {failed} mislukt of "
                   "onhaalbaar"),
    "unc.x.share_axis": ("share of samples", "aandeel trekkingen"),
    "unc.x.other": ("other targets (probability met)", "overige doelen (kans gehaald)"),
    "unc.x.fans_note": ("P5..P95 of each KPI per year over the solved samples; the base plan is "
                        "the workbook's own values",
                        "P5..P95 van elk kerncijfer per jaar over de opgeloste trekkingen; het "
                        "basisplan rekent met de eigen waarden van de werkmap"),
    "unc.x.quantiles_note": ("P5..P95 of every KPI per year over the solved samples (national, "
                             "and hectares per region and crop); the year's total cost is "
                             "undiscounted, the total discounted cost is the objective over the "
                             "whole horizon",
                             "P5..P95 van elk kerncijfer per jaar over de opgeloste trekkingen "
                             "(nationaal, en hectare per regio en gewas); de totale kosten van "
                             "het jaar zijn niet verdisconteerd, de totale verdisconteerde "
                             "kosten zijn de doelfunctie over de hele horizon"),
    "unc.x.tornado_note": ("Influence of each input on the headline KPIs: {label}",
                           "Invloed van elke invoer op de belangrijkste kerncijfers: {label}"),
    "unc.x.sobol_both": ("total Sobol index ST (and first-order S1)",
                         "totale Sobol-index ST (en eerste-orde-index S1)"),
    "unc.x.tornado_title": ("Tornado: {label}", "Tornado: {label}"),
    "unc.x.no_regret_note": ("Investments built in at least {share} of the solved samples (P50 "
                             "size over all solved samples)",
                             "Investeringen die in ten minste {share} van de opgeloste "
                             "trekkingen worden gebouwd (omvang: P50 over alle opgeloste "
                             "trekkingen)"),
    "unc.x.regret_note": ("Base-plan investments that stand idle in more than half of the samples",
                          "Investeringen van het basisplan die in meer dan de helft van de "
                          "trekkingen ongebruikt blijven"),
    "unc.x.inputs_note": ("Uncertain inputs (the uncertainty sheet)",
                          "Onzekere invoer (het blad uncertainty)"),
    "unc.x.samples_note": ("Headline KPIs per sample (samples.csv has every KPI)",
                           "Belangrijkste kerncijfers per trekking (samples.csv bevat elk "
                           "kerncijfer)"),
    "unc.x.millions": (" M", " mln"),
    "unc.run.scenario": ("scenario", "scenario"),
    "unc.run.input_file": ("input_file", "invoerbestand"),
    "unc.run.input_sha256": ("input_sha256", "SHA-256 van de invoer"),
    "unc.run.samples": ("samples", "trekkingen"),
    "unc.run.solved": ("solved", "opgelost"),
    "unc.run.failed": ("failed", "mislukt"),
    "unc.run.seed": ("seed", "startwaarde"),
    "unc.run.method": ("method", "methode"),
    "unc.run.workers": ("workers", "workers"),
    "unc.run.scheduler": ("scheduler", "scheduler"),
    "unc.run.structure": ("structure", "structuur"),
    "unc.run.created": ("created", "gemaakt"),
    "unc.run.timing": ("timing.{name}", "rekentijd {name} (s)"),
    "unc.run.version": ("version.{name}", "versie {name}"),
    "unc.timing.draw_s": ("draw_s", "trekken"),
    "unc.timing.setup_s": ("setup_s", "voorbereiding"),
    "unc.timing.solve_s": ("solve_s", "oplossen"),
    "unc.timing.total_s": ("total_s", "totaal"),
    "unc.timing.solve_s_per_sample_median": ("solve_s_per_sample_median",
                                             "oplossen per trekking (mediaan)"),
    "unc.timing.summary_s": ("summary_s", "samenvatten"),
    "unc.q.area": ("Area", "Areaal"),
    "unc.q.capacity": ("Processing capacity", "Verwerkingscapaciteit"),
}
