"""Issue lines in Dutch (issue 13, item 12): "FOUT f.xlsx:crops:C5 [yield_t_per_ha]: verwacht
een getal >= 0 t/ha; gevonden tekst 'abc'".

The English lines are what nabb always wrote (every other test checks them); here: the Dutch
rendering by hand-written examples, and a coverage test that produces the issues of a broad
corpus of bad inputs (the reader's, the capacity sheets', the scenarios', the file preflight's,
the sweep and uncertainty options') and fails when a Dutch line still holds an English word
outside the quoted user data.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.capacity.check import check_files
from nabb.capacity.layout import COORDINATOR_FIELDS, TABLES
from nabb.cli import main
from nabb.errors import InputError, Issue, format_issues
from nabb.i18n.capacity import DESCRIPTIONS_NL
from nabb.i18n.issue_phrases import DESCRIPTIONS
from nabb.i18n.issues import mask, translate
from nabb.i18n.why_nl import WHY_MAX_NL
from nabb.io.preflight import load_workbook_safely
from nabb.io.reader import read_workbook
from nabb.io.template import write_input_workbook
from nabb.schema import SETTINGS, SHEETS
from nabb.scenarios import apply_scenario
from tests import fixtures_multi as fm
from tests.cases import SETTINGS_ONE, tables
from tests.test_capacity import CASES, blank, fill, scenario  # noqa: F401  (fixtures)
from tests.test_preflight import _ole2

# ---- hand-written lines


def test_a_cell_error_in_dutch_and_in_english():
    issue = Issue("policy.xlsx", "crops", "C5", "yield_t_per_ha", "a number >= 0 t/ha", "text 'abc'")
    assert issue.render("nl") == ("FOUT policy.xlsx:crops:C5 [yield_t_per_ha]: verwacht een getal "
                                  ">= 0 t/ha; gevonden tekst 'abc'")
    assert str(issue) == issue.render("en") == ("ERROR policy.xlsx:crops:C5 [yield_t_per_ha]: "
                                                "expected a number >= 0 t/ha; found text 'abc'")


def test_a_warning_and_an_option_in_dutch():
    warning = Issue("w.xlsx", "sources", "B4", "source", "a source for the numbers on this row",
                    "an empty cell", "warning")
    assert warning.render("nl") == ("WAARSCHUWING w.xlsx:sources:B4 [source]: verwacht een bron "
                                    "voor de getallen op deze rij; gevonden een lege cel")
    option = Issue("", "", "", "--method", "one of lhs, sobol, random", "'grid'")
    assert option.render("nl") == "FOUT --method: verwacht één van lhs, sobol, random; gevonden 'grid'"


def test_user_data_in_quotes_is_never_translated():
    issue = Issue("w.xlsx", "process_io", "C3", "direction", "one of in, out",
                  "'a number or an empty cell'")
    assert issue.render("nl").endswith("gevonden 'a number or an empty cell'")
    # an apostrophe inside a word is no quote: the text around it is still translated
    assert translate("one of the horizon's years 2030, 2040", "nl") == \
        "één van de jaren van de horizon 2030, 2040"


def test_did_you_mean_is_translated_and_the_suggestion_kept():
    assert translate("'bsae' - did you mean 'base'?", "nl") == "'bsae' - bedoelt u 'base'?"
    assert translate("a region code or name from w.xlsx: GR, FR; did you mean 'GR' (Groningen)?",
                     "nl") == "een regiocode of -naam uit w.xlsx: GR, FR; bedoelt u 'GR' (Groningen)?"


def test_numbers_and_units_in_dutch_notation_but_examples_as_typed():
    assert translate("at most 1,000,000 rows", "nl") == "hoogstens 1.000.000 rijen"
    assert translate("inputs = outputs + loss within 0.001 t/t", "nl") == \
        "invoer = uitvoer + verlies binnen 0,001 t/t"
    assert translate("20,000 t/yr, 4,000× the largest known hemp plant", "nl") == \
        "20.000 t/jaar, 4.000× de grootste bekende fabriek (hemp)"
    # what to type stays in the notation nabb reads
    assert translate("a number with a decimal point (e.g. 1.5)", "nl") == \
        "een getal met een decimale punt (bijvoorbeeld 1.5)"


def test_english_is_returned_unchanged():
    for text in ("a number >= 0 t/ha", "'x' - did you mean 'y'?", "at most 1,000 rows"):
        assert translate(text, "en") == text


def test_the_cap_per_column_says_its_count_in_dutch():
    issues = [Issue("f.xlsx", "crops", f"C{r}", "yield_t_per_ha", "a number", f"text 'x{r}'")
              for r in range(3, 1030)]
    lines = format_issues(issues, per_column=2, lang="nl")
    assert lines[-1] == "  ... en nog 1.025 fouten in kolom yield_t_per_ha van blad crops (f.xlsx)"
    assert format_issues(issues, per_column=2)[-1] == \
        "  ... and 1,025 more errors in column yield_t_per_ha of sheet crops (f.xlsx)"


def test_every_plausible_maximum_of_the_schema_has_its_dutch():
    whys = {c.why_max for s in SHEETS for c in s.columns if c.why_max}
    whys |= {s.why_max for s in SETTINGS if getattr(s, "why_max", "")}
    whys |= {c.why_max for s in TABLES for c in s.columns if c.why_max}
    assert whys - set(WHY_MAX_NL) == set()


def test_every_capacity_description_quoted_in_a_message_has_its_dutch():
    for sheet, columns in (("coordinator", COORDINATOR_FIELDS), *((s.name, s.columns) for s in TABLES)):
        for col in columns:
            if f"{sheet}.{col.name}" in DESCRIPTIONS_NL:
                assert col.description.split(".")[0] in DESCRIPTIONS, (sheet, col.name)


# ---- the corpus: the issues of many bad inputs, each rendered in Dutch

#: English words that must not survive in a Dutch line (outside quoted user data)
STOP = re.compile(r"\b(expected|found|must|one of|number|numbers|text|empty|row|rows|column|"
                  r"columns|sheet|sheets|did you mean|value|values|the|with|without|and|not|"
                  r"at least|at most|file|cell|cells|unknown|which|should|between|within|than|"
                  r"this|that|when|has|have|or|only|each|no|none|formula|missing|year|years|"
                  r"plant|plants|name|region|cannot|must)\b")
#: not translated on purpose: Python's own exception texts and Unicode character names
TECHNICAL = re.compile(r"\b(?:\w+Error|BadZipFile|error): [^()]*(?:\([^()]*\)[^()]*)*|"
                       r"U\+[0-9A-F]{4,6} [A-Z][A-Z -]*[A-Z]|(?<=upload\?\): ).*")


#: codes in a code position, not words: key=value, a list of codes in brackets, a column or
#: sheet named after "kolom(men)" or "blad" (a column called "value" is no English left over)
CODES = re.compile(r"\b[\w.]+=\S*|\((?:[\w.*-]+, )*[\w.*-]+\)|"
                   r"\b(?:kolom|kolommen|blad|bladen) [\w.]+(?:, [\w.]+)*(?: (?:en|of) [\w.]+)?")


def english_left(issue: Issue) -> list[str]:
    """English stop words in the Dutch line, outside the location and the quoted user data."""
    line = issue.render("nl")
    head = f"{'FOUT' if issue.severity == 'error' else 'WAARSCHUWING'} {issue.where}".rstrip()
    assert line.startswith(head + ": verwacht "), line  # the location is never translated
    body, _ = mask(line[len(head):])
    return STOP.findall(CODES.sub("", TECHNICAL.sub("", body)))


def _issues(call) -> list[Issue]:
    try:
        out = call()
    except InputError as err:
        return err.issues
    return list(out) if isinstance(out, list) else list(getattr(out, "warnings", []) or [])


READER_EDITS = [
    ("crops", "C3", "1,5"), ("crops", "C3", "eight"), ("crops", "C3", -8),
    ("regions", "D3", 123.0), ("demand", "B3", 2030.5), ("processes", "F3", None),
    ("capacity", "C3", "nosuch"), ("process_io", "C3", "sideways"),
    ("commodities", "E3", "maybe"), ("crops", "C3", "=4*2"), ("demand", "B3", 1700),
    ("crops", "C3", float("inf")), ("crops", "A3", "hemp\u00a0"),
]


def reader_corpus(tmp_path: Path) -> list[Issue]:
    good = tmp_path / "one.xlsx"
    write_input_workbook(good, {k: pd.DataFrame(v) for k, v in tables().items()}, SETTINGS_ONE)
    out: list[Issue] = []
    for n, (sheet, cell, value) in enumerate(READER_EDITS):
        path = tmp_path / f"r{n}.xlsx"
        wb = load_workbook(good)
        wb[sheet][cell] = value
        wb.save(path)
        out += _issues(lambda p=path: read_workbook(p))
    # a whole sheet missing, a hidden sheet, an unknown setting, a duplicate key
    wb = load_workbook(good)
    del wb["demand"]
    wb["crops"].sheet_state = "hidden"
    ws = wb["settings"]
    ws.append(["discount_rte", 0.03])
    ws.append(["language", "fr"])
    wb["regions"].append(list(next(wb["regions"].iter_rows(min_row=3, max_row=3, values_only=True))))
    path = tmp_path / "many.xlsx"
    wb.save(path)
    out += _issues(lambda: read_workbook(path))
    out += _issues(lambda: read_workbook(tmp_path / "no_such.xlsx"))
    return out


def file_corpus(tmp_path: Path) -> list[Issue]:
    files = {"doc.xlsx": b"%PDF-1.4 ...", "pic.xlsx": b"\x89PNG\r\n\x1a\n....",
             "page.xlsx": b"<html><body>x</body></html>", "empty.xlsx": b"",
             "data.xlsx": "plant;process\nmill;scutching\n".encode(), "old.xlsx": _ole2(),
             "secret.xlsx": _ole2("EncryptedPackage".encode("utf-16-le")),
             "odd.xlsx": b"\x01\x02\x03\x04\x05\x06\x07\x08"}
    out: list[Issue] = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        out += _issues(lambda p=tmp_path / name: load_workbook_safely(p))
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:
        z.writestr("readme.txt", "hello")
    out += _issues(lambda: load_workbook_safely(tmp_path / "zip.xlsx"))
    (tmp_path / "folder.xlsx").mkdir()
    out += _issues(lambda: load_workbook_safely(tmp_path / "folder.xlsx"))
    return out


SCENARIO_ROWS = [
    dict(sheet="demand", column="units", filter="region=NOPE", multiplier=2.0),
    dict(sheet="demand", column="units", filter="colour=red", value=5.0),
    dict(sheet="demand", column="units", filter="*", value=5.0, multiplier=2.0),
    dict(sheet="demand", column="region", filter="*", value=5.0),
    dict(sheet="nosuchsheet", column="units", filter="*", value=5.0),
    dict(sheet="settings", column="value", filter="key=nope", value=1.0),
    dict(sheet="settings", column="value", filter="key=discount_rate", value=3.0),
    dict(sheet="demand", column="units", filter="region=R1", value=-1.0),
]


def scenario_corpus() -> list[Issue]:
    out: list[Issue] = []
    for row in SCENARIO_ROWS:
        t = fm.tables()
        t["scenarios"] = [dict(scenario="bad", **row)]
        out += _issues(lambda t=t: apply_scenario(fm.make(tables_=t), "bad"))
    out += _issues(lambda: apply_scenario(fm.make(), "bsae"))
    return out


SUMMARIES = ["{", "[]", '{"years": []}', '{"years": {"soon": {}}}', '{"years": {"2030": "x"}}',
             '{"years": {"2030": {"a": []}}}', '{"years": {}, "scenario": {}}', '{"years": {}, "run": 1}']


def compare_corpus(tmp_path: Path) -> list[Issue]:
    from nabb.compare import load_report
    out = _issues(lambda: load_report(tmp_path))  # no summary.json
    for n, text in enumerate(SUMMARIES):
        folder = tmp_path / f"report{n}"
        folder.mkdir()
        (folder / "summary.json").write_text(text, encoding="utf-8")
        out += _issues(lambda f=folder: load_report(f))
    return out


def inheritance_corpus() -> list[Issue]:
    cases = [[dict(scenario="a", parent="b", sheet="policy", column="carbon_price_eur_per_t",
                   value=1.0), dict(scenario="b", parent="a")],
             [dict(scenario="a", parent="ghost", sheet="policy", column="carbon_price_eur_per_t",
                   value=1.0)],
             [dict(scenario="p"), dict(scenario="q"), dict(scenario="a", parent="p"),
              dict(scenario="a", parent="q")]]
    out: list[Issue] = []
    for rows in cases:
        t = fm.tables()
        t["scenarios"] = rows
        out += _issues(lambda t=t: apply_scenario(fm.make(tables_=t), "a"))
    return out


def option_corpus() -> list[Issue]:
    from nabb.sweep.levers import parse_values, resolve_lever
    from nabb.uncertainty.run import check_args
    return (_issues(lambda: resolve_lever("carbon_prise")) + _issues(lambda: parse_values("a:b"))
            + _issues(lambda: parse_values("0:10:-1")) + _issues(lambda: parse_values(","))
            + _issues(lambda: check_args(5, "grid")) + _issues(lambda: check_args(0, "lhs")))


def capacity_corpus(blank, scenario, tmp_path: Path) -> list[Issue]:  # noqa: F811
    out: list[Issue] = []
    for n, (_name, edit, *_rest) in enumerate(CASES):
        path = fill(blank, tmp_path / f"c{n}.xlsx", edit=edit)
        out += check_files([path], workbook=scenario)
    # a capacity meant as kt (plausibility) and an unknown region
    path = fill(blank, tmp_path / "kt.xlsx", region="Grunn",
                existing=[("Vlasfabriek Nij Beets", "scutching", 12, 1998, 0.8)])
    out += check_files([path], workbook=scenario)
    return out


@pytest.fixture(scope="module")
def corpus(blank, scenario, tmp_path_factory) -> list[Issue]:  # noqa: F811
    tmp = tmp_path_factory.mktemp("corpus")
    issues = (reader_corpus(tmp) + file_corpus(tmp) + scenario_corpus() + inheritance_corpus()
              + option_corpus() + compare_corpus(tmp_path_factory.mktemp("reports"))
              + capacity_corpus(blank, scenario, tmp))
    seen, unique = set(), []
    for i in issues:
        if (i.expected, i.found) not in seen:
            seen.add((i.expected, i.found))
            unique.append(i)
    return unique


def test_the_corpus_is_broad(corpus):
    assert len(corpus) >= 40, len(corpus)
    print(f"{len(corpus)} distinct (expected, found) pairs")
    assert {i.severity for i in corpus} == {"error", "warning"}


def test_every_line_of_the_corpus_is_dutch_outside_the_user_data(corpus):
    left = {i.render("nl"): hits for i in corpus if (hits := english_left(i))}
    assert not left, "English left in Dutch lines:\n" + "\n".join(f"{k}  <- {v}" for k, v in left.items())


def test_the_stop_list_catches_an_untranslated_line():
    issue = Issue("f.xlsx", "crops", "C3", "x", "a thing nabb cannot say in Dutch", "an odd value")
    assert english_left(issue)


# ---- the commands: validate and capacity check in Dutch and in English


def test_validate_prints_its_issue_lines_in_the_language(tmp_path):
    path = tmp_path / "w.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in tables().items()}, SETTINGS_ONE)
    wb = load_workbook(path)
    wb["crops"]["C3"] = "eight"
    wb.save(path)
    where = f"{path}:crops:C3 [yield_t_per_ha]"
    nl = CliRunner().invoke(main, ["validate", str(path), "--lang", "nl"])
    assert nl.exit_code == 2
    assert f"FOUT {where}: verwacht een getal; gevonden tekst 'eight'" in nl.output, nl.output
    assert "fout(en) in de invoer" in nl.output and "expected" not in nl.output
    en = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert en.exit_code == 2
    assert f"ERROR {where}: expected a number (float); found text 'eight'" in en.output, en.output
    # without --lang: the workbook's language setting
    wb = load_workbook(path)
    wb["settings"].append(["language", "nl"])
    wb.save(path)
    assert "FOUT " in CliRunner().invoke(main, ["validate", str(path)]).output


def test_capacity_check_prints_its_issue_lines_in_the_language(blank, scenario, tmp_path):  # noqa: F811
    path = fill(blank, tmp_path / "gr.xlsx", edit=lambda wb: wb["existing_plants"].__setitem__("C3", -5))
    args = ["capacity", "check", str(path), "--workbook", str(scenario)]
    nl = CliRunner().invoke(main, args + ["--lang", "nl"])
    assert nl.exit_code == 2
    assert ("FOUT gr.xlsx:existing_plants:C3 [capacity_t_per_yr]: verwacht een getal >= 0 t/jaar; "
            "gevonden -5") in nl.output, nl.output
    en = CliRunner().invoke(main, args + ["--lang", "en"])
    assert ("ERROR gr.xlsx:existing_plants:C3 [capacity_t_per_yr]: expected a number >= 0 t/yr; "
            "found -5") in en.output, en.output
    # the annotated copy's comment follows the language too
    out = tmp_path / "gr.checked.xlsx"
    CliRunner().invoke(main, args + ["--lang", "nl", "--annotate", str(out)])
    annotated = load_workbook(out)
    comment = annotated["existing_plants"]["C3"].comment.text
    assert comment == "FOUT: verwacht een getal >= 0 t/jaar; gevonden -5"
    listed = [[c.value for c in row] for row in annotated["nabb_check"].iter_rows(max_row=2)]
    assert listed[0] == ["ernst", "bestand", "blad", "cel", "kolom", "verwacht", "gevonden"]
    assert listed[1] == ["fout", "gr.xlsx", "existing_plants", "C3", "capacity_t_per_yr",
                         "een getal >= 0 t/jaar", "-5"]
    english = tmp_path / "gr.en.xlsx"
    CliRunner().invoke(main, args + ["--lang", "en", "--annotate", str(english)])
    annotated = load_workbook(english)
    assert annotated["existing_plants"]["C3"].comment.text == \
        "ERROR: expected a number >= 0 t/yr; found -5"
    assert [c.value for c in annotated["nabb_check"][2]][:1] == ["error"]


def test_capacity_merge_lists_in_the_language(blank, scenario, tmp_path):  # noqa: F811
    path = fill(blank, tmp_path / "groningen_2026.xlsx")
    out = tmp_path / "nl.xlsx"
    nl = CliRunner().invoke(main, ["capacity", "merge", str(path), "--into", str(scenario),
                                   "-o", str(out), "--lang", "nl"])
    assert nl.exit_code == 0, nl.output
    assert ("samengevoegd: groningen_2026.xlsx: regio GR, 3 fabrieken, 2 gecontracteerde arealen"
            in nl.output), nl.output
    assert ("  regio GR (groningen_2026.xlsx): fabriek 'Vlasfabriek Nij Beets' toegevoegd "
            "(existing, 20000 t/jaar)") in nl.output, nl.output
    assert ("regio GR (groningen_2026.xlsx): gecontracteerd areaal hemp 2027 toegevoegd: 800,5 ha"
            in nl.output), nl.output
    assert f"geschreven: {out}" in nl.output and "wijzigingen:" in nl.output
    en = CliRunner().invoke(main, ["capacity", "merge", str(path), "--into", str(scenario),
                                   "-o", str(tmp_path / "en.xlsx")])  # the workbook sets no language
    assert "added plant 'Vlasfabriek Nij Beets'" in en.output and "changes:" in en.output, en.output
    # a merge that fails lists its issues in the language too
    bad = fill(blank, tmp_path / "bad.xlsx", edit=lambda wb: wb["existing_plants"].__setitem__("C3", -5))
    r = CliRunner().invoke(main, ["capacity", "merge", str(bad), "--into", str(scenario),
                                  "-o", str(tmp_path / "x.xlsx"), "--lang", "nl"])
    assert r.exit_code == 2 and "1 fout(en):" in r.output and "FOUT bad.xlsx:existing_plants:C3" \
        in r.output, r.output


def test_a_bad_settings_header_is_named_in_words_not_as_a_python_list(tmp_path):
    """Issue 13, item 18: the settings sheet's row 1 was shown as ['name', 'value', None, None]."""
    import openpyxl
    from nabb.defaults import DEFAULT_WORKBOOK
    from nabb.errors import InputError
    from nabb.io.reader import read_workbook
    wb = openpyxl.load_workbook(DEFAULT_WORKBOOK)
    wb["settings"]["A1"] = "name"
    path = tmp_path / "bad_settings.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    issue = next(i for i in err.value.issues if i.sheet == "settings" and i.cell == "A1")
    assert issue.found.startswith("row 1 holds 'name', 'value'"), issue.found
    assert "[" not in issue.found and "None" not in issue.found
    dutch = issue.render("nl")
    assert "gevonden rij 1 bevat 'name', 'value'" in dutch, dutch
