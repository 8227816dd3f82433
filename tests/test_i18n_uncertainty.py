"""`nabb uncertainty --lang` (issue 13 item 12): one uncertainty run of the default data
(8 samples; Dutch, the default for the default data) written in Dutch and in English, and runs
of a two-input workbook (English by default, Dutch with --lang nl).  Dutch has Dutch words and
notation (1.234,5; € 8,58 mld) in the console, uncertainty.html and uncertainty.xlsx, and no
English sentence; English the reverse; uncertainty.json and samples.csv keep the raw keys."""
from __future__ import annotations

import csv
import html as htmllib
import json
import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.cli import main
from nabb.i18n import Lang
from nabb.reports import uncertainty_outputs
from nabb.reports.uncertainty_words import distribution, kpi_label, sample_note, status_word, target
from nabb.uncertainty.spec import Distribution
from tests.test_cli_uncertainty import COST, YIELD, workbook
from tests.test_i18n_sweep_compare import DUTCH_THOUSANDS, ENGLISH_THOUSANDS, chart_texts

NL_SHEETS = ["Samenvatting", "Waaiers", "Kwantielen", "Tornado", "No-regret", "Spijt", "Invoer",
             "Trekkingen", "Berekening"]
EN_SHEETS = ["Summary", "Fans", "Quantiles", "Tornado", "NoRegret", "Regret", "Inputs", "Samples",
             "Run"]


def invoke(args):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    return r.output


def words_of(console: str) -> str:
    """The console without the lines naming the files written (json: DIR/uncertainty.json)."""
    return "\n".join(line for line in console.splitlines()
                     if not line.startswith(("json: ", "xlsx: ", "html: ", "csv: ")))


def page_text(page: str, inputs_heading: str) -> str:
    """What a reader sees on uncertainty.html (chart labels included), without the table of
    uncertain inputs: its basis column is the workbook's own text, in the workbook's language."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    start = page.index(f"<h2>{inputs_heading}</h2>")
    end = page.index('<p class="meta">', start)
    page = page[:start] + page[end:]
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def sheet_strings(path, skip: tuple[str, ...] = ()) -> list[str]:
    wb = load_workbook(path)
    out = []
    for ws in wb.worksheets:
        if ws.title in skip:
            continue
        out += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        out += chart_texts(ws)
    return out


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    """``nabb uncertainty --samples 8`` of the default data (no --lang: Dutch), and the same
    result written again in English (one solve, both languages)."""
    root = tmp_path_factory.mktemp("unc")
    seen = {}
    write = uncertainty_outputs.write_outputs

    def keep(result, out_dir, **kw):
        seen["result"] = result
        return write(result, out_dir, **kw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(uncertainty_outputs, "write_outputs", keep)
        out = invoke(["uncertainty", "--samples", "8", "--out", str(root / "nl"), "--no-progress"])
    write(seen["result"], root / "en", lang="en")
    return SimpleNamespace(console=out, nl=root / "nl", en=root / "en")


@pytest.fixture(scope="module")
def small_runs(tmp_path_factory):
    """A two-input workbook (24 samples): English without --lang, Dutch with --lang nl."""
    root = tmp_path_factory.mktemp("unc_small")
    wb = workbook(root / "u.xlsx", [YIELD, COST])
    args = ["uncertainty", str(wb), "--samples", "24", "--seed", "3", "--no-progress"]
    return SimpleNamespace(en=invoke(args + ["--out", str(root / "en")]),
                           nl=invoke(args + ["--out", str(root / "nl"), "--lang", "nl"]),
                           root=root)


# ---- console

def test_dutch_console_of_the_default_data(default_run):
    out = words_of(default_run.console)
    for words in ("lezen:", "onzekere invoer(en), 8 trekkingen (lhs, startwaarde 0), scenario base",
                  "het midden compileren en", "parameter(s) aftasten", "affiene modus:",
                  "structuurgroep(en)", "basisplan oplossen (de eigen waarden van de werkmap)",
                  "8 trekkingen in", "voorbereiding", "optimaal 8",
                  "kans dat het nationale nieuwbouwdoel wordt gehaald: 2025 "):
        assert words in out, words
    assert re.search(r"trekkingen in \d+,\d s \(voorbereiding \d+,\d s\)", out), out
    for english in ("reading", "samples", "uncertain input", "seed", "compiling", "probing",
                    "affine mode", "base plan", "optimal", "probability", "setup", "target"):
        assert english not in out, english


def test_english_console_without_lang_for_a_users_workbook(small_runs):
    out = words_of(small_runs.en)
    for words in ("reading", "2 uncertain input(s), 24 samples (lhs, seed 3), scenario base",
                  "compiling the centre and probing 2 parameter(s)", "solving the base plan",
                  "24 samples in", "optimal 24", "probability national new-build target met: 2030 "):
        assert words in out, words
    for dutch in ("lezen", "trekking", "invoer", "startwaarde", "basisplan", "optimaal", "kans",
                  "modus", "voorbereiding", "compileren"):
        assert dutch not in out, dutch


def test_lang_nl_turns_a_users_workbook_dutch(small_runs):
    out = words_of(small_runs.nl)
    for words in ("lezen:", "2 onzekere invoer(en), 24 trekkingen (lhs, startwaarde 3)",
                  "24 trekkingen in", "optimaal 24", "kans dat het nationale nieuwbouwdoel"):
        assert words in out, words
    assert "samples" not in out and "reading" not in out


# ---- uncertainty.html

def test_dutch_html(default_run):
    page = (default_run.nl / "uncertainty.html").read_text(encoding="utf-8")
    assert "<html lang=nl>" in page
    text = page_text(page, "Onzekere invoer")
    for words in ("nabb onzekerheidsanalyse – base", "8 trekkingen (lhs, startwaarde 0): optimaal 8",
                  "Hoe waarschijnlijk is het doel?", "Kans dat het nationale nieuwbouwdoel wordt gehaald",
                  "Bandbreedtes van de uitkomsten per jaar", "Totale kosten van het jaar, niet verdisconteerd",
                  "Biobased aandeel nieuwbouwwoningen", "Teeltareaal vezelgewassen", "mediaan",
                  "basisplan", "Jaar", "mln €", "Areaal hennep", "Verwerkingscapaciteit: vlaszwingelen",
                  "Hectare per regio en gewas", "Welke invoer weegt het zwaarst",
                  "partiële rangcorrelatie (PRCC)", "No-regret-investeringen", "t/jaar",
                  "Spijt: wat het basisplan bouwt", "utiliteitsbouw", "rekentijden"):
        assert words in text, words
    assert re.search(r"Totale verdisconteerde kosten over de horizon: P5 € \d+,\d\d mld, "
                     r"P50 € \d+,\d\d mld, P95 € \d+,\d\d mld\.", text), text
    assert re.search(r"€ \d+ mln", page)                 # a year's cost on hover: € 690 mln
    assert re.search(r"€ \d\.\d{3} per woning", page)    # the marginal cost on hover
    assert re.search(r"\d+,\d%", text)                     # 98,8%
    assert DUTCH_THOUSANDS.search(text) and not ENGLISH_THOUSANDS.search(text)
    for english in ("samples", "median", "base plan", "Year", "How likely", "Ranges", "Which inputs",
                    "No-regret investments", "Regret", "EUR", "/yr", "timings", "Area of",
                    "Processing capacity", "non_residential", " bn"):
        assert english not in text, english


def test_english_html_of_the_same_run(default_run):
    page = (default_run.en / "uncertainty.html").read_text(encoding="utf-8")
    assert "<html lang=en>" in page
    text = page_text(page, "Uncertain inputs")
    for words in ("nabb uncertainty – base", "8 samples (lhs, seed 0): optimal 8", "How likely is the target?",
                  "Ranges of the results over the years", "median", "base plan", "Year", "M EUR",
                  "Area of hemp", "No-regret investments", "t/yr", "non residential"):
        assert words in text, words
    assert re.search(r"P5 EUR \d+\.\d\d bn, P50 EUR \d+\.\d\d bn", text), text
    assert ENGLISH_THOUSANDS.search(text) and not DUTCH_THOUSANDS.search(text)
    for dutch in ("trekking", "mediaan", "basisplan", "Jaar", "aandeel", "mln", "mld", "€", "hennep",
                  "Areaal", "jaar", "gewas", "rekentijden"):
        assert dutch not in text, dutch


def test_dutch_tornado_of_a_users_workbook(small_runs):
    page = (small_runs.root / "nl" / "uncertainty.html").read_text(encoding="utf-8")
    tornado = page[page.index('id="svg-tornado-total_cost_eur"'):]
    tornado = tornado[:tornado.index("</svg>")]
    assert "Totale verdisconteerde kosten (€)" in tornado
    assert ">-0,5<" in tornado and ">0,5<" in tornado and "partiële rangcorrelatie (PRCC)" in tornado
    assert re.search(r"<title>hemp_(yield|cost): [+-]\d,\d\d</title>", tornado), tornado


# ---- uncertainty.xlsx

def test_dutch_workbook(default_run):
    path = default_run.nl / "uncertainty.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == NL_SHEETS
    numbers = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    assert numbers and all(c.number_format.startswith("[$-413]") for c in numbers)
    fans = wb["Waaiers"]
    assert any(c.number_format == '[$-413]#,##0,," mln"' for row in fans.iter_rows() for c in row)
    strings = sheet_strings(path, skip=("Invoer",))
    titles = chart_texts(fans) + chart_texts(wb["Samenvatting"])
    for words in ("Kans dat het nationale nieuwbouwdoel wordt gehaald", "Jaar", "aandeel trekkingen",
                  "Teeltareaal vezelgewassen", "Areaal hennep"):
        assert words in titles, words
    for words in ("jaar", "kans nationaal nieuwbouwdoel gehaald", "standaardfout", "basisplan",
                  "kerncijfer", "eenheid", "proces / gewas", "regio", "Teeltareaal vezelgewassen [ha]",
                  "trekking", "structuurgroep", "toelichting", "optimaal", "invoerbestand",
                  "rekentijd voorbereiding (s)", "versie nabb", "utiliteitsbouw"):
        assert words in strings, words
    assert any(s.startswith("nabb onzekerheidsanalyse – scenario base: 8 trekkingen") for s in strings)
    assert any(s.startswith("affiene modus:") for s in strings)
    joined = "\n".join(strings).replace("samples.csv", "")
    for english in ("samples", "median", "base plan", "Year", "Summary", "probability", "standard error",
                    "structure group", "timing", "version.", "EUR", "/yr", "optimal", "failed"):
        assert english not in joined, english
    invoer = [c.value for c in wb["Invoer"][2]]         # row 1 holds the note
    assert invoer == ["parameter", "blad", "kolom", "filter", "toepassing", "verdeling", "groep",
                          "onderbouwing", "bron", "midden"]
    assert any(isinstance(c.value, str) and c.value.startswith("driehoeksverdeling(")
               for row in wb["Invoer"].iter_rows() for c in row)


def test_the_workbook_prints_one_page_wide_with_its_footer_in_its_language(default_run):
    for lang, footer in (("nl", "Pagina &P van &N"), ("en", "Page &P of &N")):
        wb = load_workbook(getattr(default_run, lang) / "uncertainty.xlsx")
        for ws in wb.worksheets:
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, ws.title
            assert ws.oddFooter.right.text == footer, (lang, ws.title, ws.oddFooter.right.text)


def test_english_workbook_of_the_same_run(default_run):
    path = default_run.en / "uncertainty.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == EN_SHEETS
    assert not any(c.number_format.startswith("[$-413]") for ws in wb.worksheets
                   for row in ws.iter_rows() for c in row)
    strings = sheet_strings(path, skip=("Inputs",))
    for words in ("Probability of meeting the national new-build target", "Year", "share of samples",
                  "probability national new-build target met", "base plan", "Area of hemp [ha]",
                  "optimal", "input_file", "timing.setup_s"):
        assert words in strings, words
    joined = "\n".join(strings)
    for dutch in ("trekking", "mediaan", "basisplan", "Jaar", "Samenvatting", "kerncijfer", "mln", "€",
                  "hennep", "rekentijd", "versie", "optimaal"):
        assert dutch not in joined, dutch


# ---- machine-readable outputs keep raw keys

def test_json_and_csv_keep_raw_keys_in_dutch(default_run):
    for lang in ("nl", "en"):
        doc = json.loads((getattr(default_run, lang) / "uncertainty.json").read_text(encoding="utf-8"))
        assert {"probability_target_met", "quantiles", "no_regret", "sensitivity"} <= set(doc)
        assert doc["structure"]["note"].startswith("affine mode:")     # English, as always
        assert doc["statuses"] == {"optimal": 8}
        with open(getattr(default_run, lang) / "samples.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows[0]["status"] == "optimal" and "biobased_share.2030" in rows[0]
    assert (default_run.nl / "uncertainty.json").read_text() == (default_run.en / "uncertainty.json").read_text()


# ---- words (hand-written expectations)

@pytest.mark.parametrize("dist, en, nl", [
    (Distribution("triangular", low=0.9, mode=1.0, high=1.2), "triangular(0.9, 1, 1.2)",
     "driehoeksverdeling(0,9; 1; 1,2)"),
    (Distribution("uniform", low=1.0, high=5.5), "uniform(1, 5.5)", "uniforme verdeling(1; 5,5)"),
    (Distribution("discrete", values=(8.4, 6.9)), "discrete(8.4, 6.9)", "discrete verdeling(8,4; 6,9)"),
    (Distribution("normal", mean=2.5, sd=0.5, low=0.0), "normal(mean 2.5, sd 0.5) in [0, ]",
     "normale verdeling(gemiddelde 2,5; sd 0,5) in [0; ]"),
])
def test_distributions_in_both_languages(dist, en, nl):
    assert distribution(dist, Lang("en")) == en == dist.describe()
    assert distribution(dist, Lang("nl")) == nl


def test_labels_status_words_and_targets():
    assert kpi_label("fibre_crop_area_ha.2030", Lang("en")) == "Fibre-crop area (ha), 2030"
    assert kpi_label("fibre_crop_area_ha.2030", Lang("nl")) == "Teeltareaal vezelgewassen (ha), 2030"
    assert kpi_label("shortfall_homes.new_build.2030", Lang("nl")) == \
        "Tekort ten opzichte van het doel (woningen), 2030"
    assert kpi_label("total_cost_eur", Lang("nl")) == "Totale verdisconteerde kosten (€)"
    assert kpi_label("something_else.2030", Lang("nl")) == "something_else.2030"
    assert status_word("optimal", "nl") == "optimaal" and status_word("not_run", "nl") == "niet uitgevoerd"
    assert status_word("failed", "en") == "failed" and status_word("odd_state", "nl") == "odd state"
    assert target("new_build@GR", Lang("nl")) == "nieuwbouw (GR)"
    assert target("non_residential", Lang("en")) == "non residential"
    assert sample_note("interrupted before this sample was solved", Lang("nl")) == \
        "onderbroken voordat deze trekking was opgelost"
    assert sample_note("infeasible before solving: no recipe", Lang("nl")) == \
        "al vóór het oplossen onhaalbaar: no recipe"
    assert sample_note("Time limit reached", Lang("nl")) == "Time limit reached"   # HiGHS's words


def test_rebuild_mode_is_said_in_dutch_and_kept_english_in_the_json(tmp_path):
    wb = workbook(tmp_path / "u.xlsx", [YIELD])
    out = invoke(["uncertainty", str(wb), "--samples", "4", "--rebuild", "--lang", "nl", "--no-progress",
                  "--out", str(tmp_path / "nl")])
    assert "herbouwmodus: gevraagd met --rebuild; elke trekking wordt vanaf nul gecompileerd" in out, out
    doc = json.loads((tmp_path / "nl" / "uncertainty.json").read_text(encoding="utf-8"))
    assert doc["structure"]["note"] == ("rebuild mode: requested; every sample is compiled and solved "
                                        "from scratch")
    assert doc["samples"] == 4 and doc["solved"] == 4
