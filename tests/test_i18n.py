"""Report languages (issue 13, item 12): the catalogue, Dutch and English number notation,
the ``language`` setting and ``--lang``.  Every expected string below is written by hand."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.cli import main
from nabb.errors import InputError
from nabb.i18n import Lang, resolve_language, text, unit
from nabb.i18n.catalogue import CATALOGUE, UNIT_WORDS
from nabb.i18n.language import placeholders
from nabb.i18n.numbers import money, number, percent
from nabb.io.reader import read_workbook
from nabb.io.template import write_input_workbook
from tests.cases import SETTINGS_ONE, tables

NL, EN = Lang("nl"), Lang("en")


# ---- the catalogue

@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_fill_in_the_same_placeholders(key):
    en, nl = CATALOGUE[key]
    assert en.strip() and nl.strip(), f"{key}: an empty text"
    assert placeholders(en) == placeholders(nl), key


def test_every_entry_has_exactly_an_english_and_a_dutch_text():
    assert all(isinstance(v, tuple) and len(v) == 2 for v in CATALOGUE.values())


def test_placeholders_are_read_from_the_format_string():
    assert placeholders("{a} and {b:,.0f} and {c.d} {{literal}}") == {"a", "b", "c"}


def test_text_fills_in_and_an_unknown_key_or_language_fails():
    assert text("console.scenario", "nl", scenario="base") == "scenario base"
    assert NL("console.why", line="x") == "  waarom: x"
    with pytest.raises(KeyError):
        NL("no.such.key")
    with pytest.raises(ValueError, match="fr"):
        Lang("fr")


# ---- numbers, money, shares (hand-checked against taaladvies.net / CBS notation)

@pytest.mark.parametrize("value, decimals, nl, en", [
    (1234567.8, 1, "1.234.567,8", "1,234,567.8"),
    (1234567.8, 0, "1.234.568", "1,234,568"),
    (999.5, 0, "1.000", "1,000"),
    (0.5, 2, "0,50", "0.50"),
    (-4079.52, 1, "-4.079,5", "-4,079.5"),
    (-0.004, 0, "0", "0"),        # solver noise rounded to zero has no sign
    (-0.04, 1, "0,0", "0.0"),
    (12, 0, "12", "12"),
])
def test_numbers(value, decimals, nl, en):
    assert number(value, "nl", decimals) == nl
    assert number(value, "en", decimals) == en


def test_missing_and_infinite_numbers():
    for lang in ("nl", "en"):
        assert number(None, lang) == "–" and number(math.nan, lang) == "–"
        assert percent(math.nan, lang) == "–" and money(None, lang) == "–"
        assert number(math.inf, lang) == "∞"


@pytest.mark.parametrize("value, nl, en", [
    (2.39e9, "€ 2,39 mld", "EUR 2.39 bn"),
    (2394530524, "€ 2,39 mld", "EUR 2.39 bn"),
    (42.16e6, "€ 42,16 mln", "EUR 42.16 M"),
    (999_999, "€ 999.999", "EUR 999,999"),
    (1234.4, "€ 1.234", "EUR 1,234"),
    (-5.5e6, "€ -5,50 mln", "EUR -5.50 M"),
])
def test_money(value, nl, en):
    assert NL.money(value) == nl
    assert EN.money(value) == en


def test_euros_in_full():
    assert NL.euros(2394530524) == "€ 2.394.530.524"
    assert EN.euros(2394530524) == "EUR 2,394,530,524"


@pytest.mark.parametrize("share, decimals, nl, en", [
    (0.289, 1, "28,9%", "28.9%"),
    (0.3, 0, "30%", "30%"),
    (0.0289644, 1, "2,9%", "2.9%"),
    (1.0, 0, "100%", "100%"),
    (-1e-12, 0, "0%", "0%"),      # an idle plant at -1e-12 runs at 0%, not -0%
    (-0.02, 0, "-2%", "-2%"),
])
def test_percentages(share, decimals, nl, en):
    assert NL.pct(share, decimals) == nl
    assert EN.pct(share, decimals) == en


# ---- units: no Dutch word in an English unit, no English word in a Dutch one

@pytest.mark.parametrize("en, nl", [
    ("t/yr", "t/jaar"),
    ("t input/yr", "t input/jaar"),
    ("t CO2/yr", "t CO2/jaar"),
    ("EUR/yr", "€/jaar"),
    ("EUR per extra biobased home", "€ per extra biobased woning"),
    ("homes", "woningen"),
    ("count", "aantal"),
    ("ha", "ha"),
    ("%", "%"),
])
def test_units_both_ways(en, nl):
    assert unit(en, "nl") == nl
    assert unit(nl, "en") == unit(en, "en") == en


def test_dutch_units_read_in_english_lose_every_dutch_word():
    for word in ("t/jaar", "aantal", "woningen", "EUR per extra biobased woning"):
        english = EN.unit(word)
        assert not any(nl in english.split() for nl in ("jaar", "aantal", "woningen", "woning"))
        assert "jaar" not in english


def test_quantity_with_unit():
    assert NL.qty(135940.65, "t input/yr") == "135.941 t input/jaar"
    assert EN.qty(135940.65, "t input/yr") == "135,941 t input/yr"


def test_unit_words_are_distinct_words():
    assert all(en.isalpha() and nl for en, nl in UNIT_WORDS.items())


# ---- which language a run writes

@pytest.mark.parametrize("option, setting, default_data, expected", [
    ("en", "nl", True, "en"),      # --lang wins
    ("nl", "", False, "nl"),
    (None, "en", True, "en"),      # the workbook's setting next
    (None, "nl", False, "nl"),
    (None, "", True, "nl"),        # nabb's own default data is Dutch
    (None, None, False, "en"),     # otherwise English
])
def test_resolve_language(option, setting, default_data, expected):
    assert resolve_language(option, setting, default_data) == expected


def test_resolve_language_refuses_an_unknown_language():
    with pytest.raises(ValueError):
        resolve_language("de", None, False)


# ---- the language setting in the workbook

def _workbook(path, **settings):
    s = dict(SETTINGS_ONE)
    s.update(settings)
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in tables().items()}, s)
    return path


def test_language_setting_is_read(tmp_path):
    assert read_workbook(_workbook(tmp_path / "a.xlsx", language="nl")).settings["language"] == "nl"
    assert read_workbook(_workbook(tmp_path / "b.xlsx")).settings["language"] == ""


@pytest.mark.parametrize("value, hint", [("fr", ""), ("NL", "did you mean 'nl'")])
def test_unknown_language_is_an_error_at_its_cell(tmp_path, value, hint):
    path = _workbook(tmp_path / "a.xlsx", language=value)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    (issue,) = exc.value.issues
    assert issue.sheet == "settings" and issue.column == "value"
    assert "one of nl, en" in issue.expected and repr(value) in issue.found
    assert hint in issue.found
    wb = load_workbook(path)
    row = next(r for r in wb["settings"].iter_rows() if r[0].value == "language")
    assert issue.cell == row[1].coordinate


# ---- the CLI: --lang and the defaults

def test_run_lang_option_switches_the_console(tmp_path):
    wb = _workbook(tmp_path / "one.xlsx")
    r = CliRunner().invoke(main, ["run", str(wb), "--out", str(tmp_path / "en")])
    assert r.exit_code == 0, r.output
    assert "biobased share of new-build homes 50.0% (target 50.0%)" in r.output
    assert "report: " in r.output
    r = CliRunner().invoke(main, ["run", str(wb), "--out", str(tmp_path / "nl"), "--lang", "nl"])
    assert r.exit_code == 0, r.output
    assert "biobased aandeel nieuwbouwwoningen 50,0% (doel 50,0%), tekort 0 woningen" in r.output
    assert "status optimaal" in r.output and "rapport: " in r.output
    assert "marginale kosten van het doel € 2.000 per biobased woning" in r.output
    for english in ("objective", "shortfall", "utilisation", "report:"):
        assert english not in r.output


def test_workbook_language_setting_decides_without_the_option(tmp_path):
    wb = _workbook(tmp_path / "one.xlsx", language="nl")
    r = CliRunner().invoke(main, ["run", str(wb), "--out", str(tmp_path / "r")])
    assert r.exit_code == 0, r.output
    assert "biobased aandeel nieuwbouwwoningen 50,0%" in r.output


def test_unknown_lang_option_exits_2(tmp_path):
    r = CliRunner().invoke(main, ["run", "--lang", "de", "--out", str(tmp_path / "r")])
    assert r.exit_code == 2 and "nl" in r.output and "en" in r.output


def test_scenario_cannot_change_the_language(tmp_path):
    from nabb.scenarios import apply_scenario
    t = tables()
    t["scenarios"] = [dict(scenario="dutch", parent="", sheet="settings", column="value",
                           filter="key=language", value=1.0, description="")]
    path = tmp_path / "s.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()}, SETTINGS_ONE)
    with pytest.raises(InputError, match="language is text"):
        apply_scenario(read_workbook(path), "dutch")


# ---- English notation is Python's own (the golden report pins it), Dutch swaps the separators

from hypothesis import given, strategies as st  # noqa: E402


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
def test_english_numbers_are_pythons_format_and_dutch_swaps_the_separators(value, decimals):
    english = f"{value:,.{decimals}f}"
    if not any(c in "123456789" for c in english):
        english = english.lstrip("-")          # no negative zero
    assert number(value, "en", decimals) == english
    assert number(value, "nl", decimals) == english.translate(str.maketrans(",.", ".,"))


# ---- the reports of a small workbook in both languages

@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from nabb import pipeline
    out = {}
    base = tmp_path_factory.mktemp("lang")
    for lang in ("en", "nl"):
        path = base / f"{lang}.xlsx"
        write_input_workbook(path, {k: pd.DataFrame(v) for k, v in tables().items()}, SETTINGS_ONE)
        run_ = pipeline.solve_inputs(pipeline.load(path, lang=lang))
        out[lang] = pipeline.write_reports(run_, base / f"out-{lang}")
    return out


def _page_text(folder) -> str:
    import html
    import re
    text = (folder / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>|<script>.*?</script>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_html_is_dutch_with_dutch_numbers(reports):
    page = (reports["nl"] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    text = _page_text(reports["nl"])
    for dutch in ("Kerncijfers, 2030", "Knelpunten", "Tekort", "Van land tot pand",
                  "Stromen tussen regio's", "Teeltareaal vezelgewassen", "Controles vooraf",
                  "Status: optimaal", "Bron: modeluitkomst NABB-balansmodel"):
        assert dutch in text, dutch
    assert "50,0%" in text and "€ 1,00 mln" in text          # share and objective, Dutch notation
    for english in ("Key figures", "Bottlenecks", "Shortfall", "From field to building",
                    "Flows between regions", "Pre-solve checks", "Objective", " homes", "t/yr",
                    "No problems found"):
        assert english not in text, english


def test_html_in_english_has_no_dutch_asides(reports):
    page = (reports["en"] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    text = _page_text(reports["en"])
    assert "Key figures, 2030" in text and "50.0%" in text and "EUR 1.00 M" in text
    for dutch in ("kerncijfers", "knelpunt", "tekort", "teeltareaal", "modeluitkomst",
                  "benuttingsgraad", "doelbereik", "van land tot pand", "woningen", "jaar"):
        assert dutch not in text.lower(), dutch


def test_xlsx_sheets_headers_and_notes_in_dutch(reports):
    wb = load_workbook(reports["nl"] / "report.xlsx")
    assert wb.sheetnames[:4] == ["Kerncijfers", "Grafieken", "KPI per jaar", "Balans"]
    assert {"Teelt", "Verwerking", "Knelpunten", "Controles"} <= set(wb.sheetnames)
    heads = [c.value for c in wb["Teelt"][1]]
    assert heads[:4] == ["regio", "gewas", "jaar", "areaal [ha]"], heads
    rows = list(wb["Teelt"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert rows[0][:2] == ("A", "hennep")   # a code nabb knows by its Dutch name; region A as it is
    summary = list(wb["Kerncijfers"].iter_rows(max_row=2, values_only=True))
    assert summary[0][0].startswith("nabb-rapport (modeluitkomst) — scenario base, status optimaal")
    assert list(summary[1][:3]) == ["nr", "KPI", "eenheid"]
    en = load_workbook(reports["en"] / "report.xlsx")
    assert en.sheetnames[:3] == ["Summary", "Charts", "KPIs"]
    assert [c.value for c in en["Cultivation"][1]][:4] == ["region", "crop", "year", "area [ha]"]


def test_run_sheet_in_words_in_dutch_with_the_raw_keys_alongside(reports):
    nl = load_workbook(reports["nl"] / "report.xlsx")
    assert "Run" not in nl.sheetnames
    rows = list(nl["Berekening"].iter_rows(values_only=True))
    assert rows[0][:3] == ("onderdeel", "waarde", "sleutel")
    by_key = {r[2]: (r[0], r[1]) for r in rows[1:]}
    assert by_key["status"] == ("uitkomst", "optimaal")
    assert by_key["timing.solve_s"][0] == "seconden: oplossen door HiGHS"
    assert "," in by_key["timing.solve_s"][1] and "." not in by_key["timing.solve_s"][1]
    assert by_key["version.highspy"][0] == "versie van highspy"
    assert by_key["variables"][0] == "variabelen (kolommen van het LP)"
    for key, (label, _value) in by_key.items():   # 'scenario' is Dutch as well
        assert label != key or key == "scenario", f"untranslated Run line {label!r}"
    en = load_workbook(reports["en"] / "report.xlsx")
    en_rows = list(en["Run"].iter_rows(values_only=True))
    assert en_rows[0][:2] == ("item", "value")
    assert {r[0] for r in en_rows[1:]} == set(by_key)   # the same lines, keys as they were


def test_explanations_in_dutch(reports):
    wb = load_workbook(reports["nl"] / "report.xlsx")
    ws = wb["Knelpunten"]
    heads = [c.value for c in ws[1]]
    assert heads[:3] == ["rang", "schakel", "wat"]
    sentences = [r[heads.index("toelichting")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sentences and all(" is bindend in " in s or " dwingt " in s for s in sentences), sentences
    assert all(" binds " not in s for s in sentences)


def test_every_catalogue_key_the_code_asks_for_exists():
    """A say("key") / text("key") with a literal key anywhere in nabb names a catalogue entry
    (a typo would only fail when that sentence is first written)."""
    import re
    from pathlib import Path
    root = Path(__file__).resolve().parents[1] / "nabb"
    asked = set()
    for path in root.rglob("*.py"):
        asked |= set(re.findall(r"""\b(?:say|text|Lang\([^)]*\))\(\s*["']([a-z_]+\.[A-Za-z0-9_. -]+)["']""",
                                path.read_text(encoding="utf-8")))
    assert len(asked) > 150
    assert sorted(k for k in asked if k not in CATALOGUE) == []


# ---- the capacity sheet for chain coordinators

def _instructions(path) -> str:
    wb = load_workbook(path)
    return " ".join(str(c.value) for row in wb["instructions"].iter_rows() for c in row if c.value)


def test_capacity_template_instructions_in_dutch_and_english(tmp_path):
    nl, en = tmp_path / "nl.xlsx", tmp_path / "en.xlsx"
    r = CliRunner().invoke(main, ["template", "capacity", str(nl), "--region", "GR"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["template", "capacity", str(en), "--region", "GR", "--lang", "en"])
    assert r.exit_code == 0, r.output
    dutch, english = _instructions(nl), _instructions(en)
    assert "Capaciteitsblad voor regio GR" in dutch and "Vul de bladen" in dutch
    assert "toelichting" in dutch and "Naam van de regionale ketenregisseur" in dutch
    assert "[t/jaar]" in dutch or "t/jaar" in dutch
    for word in ("Please", "description", "Plant name", "Harvest year"):
        assert word not in dutch, word
    assert "Capacity sheet for region GR" in english and "Please fill in" in english
    for word in ("Vul", "toelichting", "jaar"):
        assert word not in english, word
    # the sheets and columns nabb capacity check reads keep their names in both languages
    assert load_workbook(nl).sheetnames == load_workbook(en).sheetnames


def test_every_capacity_column_has_a_dutch_description():
    from nabb.capacity.layout import COORDINATOR_FIELDS, COORDINATOR_SHEET, TABLES
    from nabb.i18n.capacity import DESCRIPTIONS_NL
    wanted = {f"{COORDINATOR_SHEET}.{c.name}" for c in COORDINATOR_FIELDS}
    wanted |= {f"{s.name}.{c.name}" for s in TABLES for c in s.columns}
    assert wanted == set(DESCRIPTIONS_NL)


# ---- fully English or fully Dutch report.xlsx (issue 13, item 12)

#: Dutch words that must not appear in an English report.xlsx (whole words, any case)
DUTCH_WORDS = ("jaar", "aantal", "woningen", "woning", "knelpunt", "knelpunten", "tekort",
               "overschot", "eenheden", "waarvan", "aandeel", "doel", "streefwaarde",
               "modeluitkomst", "kerncijfers", "ketenkosten", "teeltareaal", "benuttingsgraad",
               "mln", "mld", "gewas", "regio", "nieuwbouw", "bindend", "verdisconteerd")
#: English words that must not appear in a Dutch report's sentences, KPI names and units
ENGLISH_WORDS = ("year", "yr", "homes", "home", "count", "shortfall", "bottleneck", "binds",
                 "surplus", "target", "of which", "would lower", "more", "units", "EUR")


def _words_in(text: str, words) -> list[str]:
    import re
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]


def english_report_dutch_words(sheets) -> list[str]:
    """Every cell of an English report (``{sheet: rows}``) that holds a Dutch word, a euro sign
    (English money is "EUR 6.04 bn") or a negative zero percentage, as "sheet!row,col: words"."""
    found = []
    for sheet, rows in sheets.items():
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, str):
                    bad = _words_in(value, DUTCH_WORDS) + [s for s in ("€", "-0%") if s in value]
                    if bad:
                        found.append(f"{sheet}!{i + 1},{j + 1}: {bad} in {value[:80]!r}")
    return found


def _sheets(path) -> dict:
    wb = load_workbook(path, read_only=True)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    return out


def test_english_report_xlsx_holds_no_dutch_word(reports):
    assert english_report_dutch_words(_sheets(reports["en"] / "report.xlsx")) == []


def test_the_dutch_word_check_finds_a_dutch_word():
    assert english_report_dutch_words({"Summary": [["t/jaar", "aantal", 3]]}) == [
        "Summary!1,1: ['jaar'] in 't/jaar'", "Summary!1,2: ['aantal'] in 'aantal'"]
    assert english_report_dutch_words({"Idle": [["runs at -0% of", "€15.68 M"]]}) == [
        "Idle!1,1: ['-0%'] in 'runs at -0% of'", "Idle!1,2: ['€'] in '€15.68 M'"]
    assert english_report_dutch_words({"Run": [["year", "t/yr", "EUR 6.04 bn"]]}) == []


def test_english_summary_names_kpis_and_units_in_english(reports):
    rows = _sheets(reports["en"] / "report.xlsx")["Summary"]
    assert rows[1][:3] == ["nr", "KPI", "unit"]
    units = {r[2] for r in rows[2:] if r and r[2]}
    assert "t/yr" in units and "count" in units and not units & {"t/jaar", "aantal", "woningen"}


def test_dutch_report_spot_check_has_no_english_words(reports):
    sheets = _sheets(reports["nl"] / "report.xlsx")
    summary = sheets["Kerncijfers"]
    assert summary[1][:3] == ["nr", "KPI", "eenheid"]
    texts = [v for r in summary[1:] for v in r[1:3] if isinstance(v, str)]
    texts += [r[sheets["Knelpunten"][0].index("toelichting")] for r in sheets["Knelpunten"][1:]]
    assert texts and "t/jaar" in texts
    hits = {t: _words_in(t, ENGLISH_WORDS) for t in texts}
    assert {t: w for t, w in hits.items() if w} == {}


# ---- the input template (nabb template input --lang nl|en; issue 13, item 12)

def test_every_schema_sheet_column_and_setting_has_a_dutch_description():
    from nabb.i18n.schema_nl import COLUMNS_NL, SETTINGS_NL, SHEETS_NL
    from nabb.schema import SETTINGS, SHEETS
    assert set(SHEETS_NL) == {s.name for s in SHEETS}
    assert set(COLUMNS_NL) == {f"{s.name}.{c.name}" for s in SHEETS for c in s.columns}
    assert set(SETTINGS_NL) == {s.key for s in SETTINGS}
    assert all(t.strip() for t in [*SHEETS_NL.values(), *COLUMNS_NL.values(), *SETTINGS_NL.values()])


def test_every_schema_unit_has_a_dutch_form_without_english_words():
    from nabb.i18n.schema_nl import schema_unit
    from nabb.schema import SETTINGS, SHEETS
    units = {c.unit for s in SHEETS for c in s.columns} | {s.unit for s in SETTINGS}
    for u in units:
        assert schema_unit(u, "en") == u
        assert not _words_in(schema_unit(u, "nl"), ("yr", "EUR", "unit", "units", "as", "deg")), u


def _template_texts(path) -> tuple[list[str], list[str]]:
    """(every header comment and settings description, every unit) of an input template."""
    wb = load_workbook(path)
    texts = [c.comment.text for ws in wb.worksheets for c in ws[1] if c.comment]
    ws = wb["settings"]
    texts += [r[3] for r in ws.iter_rows(min_row=3, values_only=True) if r[3]]
    units = [c.value for ws in wb.worksheets if ws.title != "settings" for c in ws[2] if c.value]
    units += [r[2] for r in ws.iter_rows(min_row=3, values_only=True) if r[2]]
    return texts, units


def test_input_template_in_dutch_by_default_and_in_english_on_request(tmp_path):
    from nabb.schema import SHEETS
    nl, en = tmp_path / "nl.xlsx", tmp_path / "en.xlsx"
    r = CliRunner().invoke(main, ["template", "input", str(nl)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["template", "input", str(en), "--lang", "en"])
    assert r.exit_code == 0, r.output
    dutch, dutch_units = _template_texts(nl)
    english, english_units = _template_texts(en)
    assert "Het goed dat wordt geoogst." in dutch and "Jaar waarnaar kosten worden verdisconteerd." in dutch
    assert "The harvested commodity." in english and "Year to which costs are discounted." in english
    assert "[t/jaar]" in dutch_units and "[€/t]" in dutch_units and "jaar" in dutch_units
    assert "[t/yr]" in english_units and "[EUR/t]" in english_units
    assert not [u for u in dutch_units if _words_in(u, ("yr", "EUR", "units", "unit"))]
    assert not [t for t in english if _words_in(t, ("het", "een", "jaar", "wordt", "leeg"))]
    # no description is left in English ("Segment." is the same word in both languages)
    assert set(dutch) & set(english) <= {"Segment."}
    # the sheets and columns the reader reads keep their names, and both templates read back
    wb_nl, wb_en = load_workbook(nl), load_workbook(en)
    assert wb_nl.sheetnames == wb_en.sheetnames
    for sheet in SHEETS:
        assert [c.value for c in wb_nl[sheet.name][1]] == sheet.column_names
    assert [c.value for c in wb_nl["settings"][1]] == ["key", "value", "unit", "description"]


def test_a_dutch_template_filled_in_reads_like_an_english_one(tmp_path):
    tabs = {k: pd.DataFrame(v) for k, v in tables().items()}
    write_input_workbook(tmp_path / "nl.xlsx", tabs, SETTINGS_ONE, lang="nl")
    write_input_workbook(tmp_path / "en.xlsx", tabs, SETTINGS_ONE, lang="en")
    a, b = read_workbook(tmp_path / "nl.xlsx"), read_workbook(tmp_path / "en.xlsx")
    assert a.settings == b.settings
    assert set(a.tables) == set(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])


# ---- the summary lines of nabb validate and nabb capacity check follow --lang

def test_validate_summary_line_follows_lang_and_the_language_setting(tmp_path):
    path = tmp_path / "w.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in tables().items()}, SETTINGS_ONE)
    r = CliRunner().invoke(main, ["validate", str(path)])
    assert r.exit_code == 0 and f"{path}: valid (" in r.output, r.output
    r = CliRunner().invoke(main, ["validate", str(path), "--lang", "nl"])
    assert r.exit_code == 0 and f"{path}: geldig (" in r.output and ": valid" not in r.output, r.output
    dutch = tmp_path / "nl.xlsx"
    write_input_workbook(dutch, {k: pd.DataFrame(v) for k, v in tables().items()},
                         {**SETTINGS_ONE, "language": "nl"})
    r = CliRunner().invoke(main, ["validate", str(dutch)])
    assert f"{dutch}: geldig (" in r.output, r.output


def test_capacity_check_summary_lines_follow_lang(tmp_path):
    sheet = tmp_path / "gr.xlsx"      # a blank sheet: 3 empty coordinator cells, no data rows
    assert CliRunner().invoke(main, ["template", "capacity", str(sheet), "--region", "GR"]).exit_code == 0
    r = CliRunner().invoke(main, ["capacity", "check", str(sheet), "--lang", "nl"])
    assert r.exit_code == 2 and "gr.xlsx: 3 fout(en), 1 waarschuwing(en)" in r.output, r.output
    assert "error(s)" not in r.output
    r = CliRunner().invoke(main, ["capacity", "check", str(sheet), "--lang", "en"])
    assert r.exit_code == 2 and "gr.xlsx: 3 error(s), 1 warning(s)" in r.output, r.output
    # without --lang the check follows the scenario workbook: nabb's own default data is Dutch
    r = CliRunner().invoke(main, ["capacity", "check", str(sheet)])
    assert r.exit_code == 2 and "gr.xlsx: 3 fout(en), 1 waarschuwing(en)" in r.output, r.output
