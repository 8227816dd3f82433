"""`nabb sweep --lang` and `nabb compare --lang` (issue 13 item 12): a sweep (3 points) and a
compare of the default data, in Dutch (the default for the default data) and in English.
Dutch has Dutch words and notation (1.234,5) and no English sentence; English the reverse."""
from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.cli import main

DUTCH_THOUSANDS = re.compile(r"\d\.\d{3}(?!\d)")      # 14.608
ENGLISH_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")     # 14,608


def invoke(args):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    return r.output


def chart_texts(ws):
    """Titles and axis titles of the charts of a sheet."""
    out = []
    for ch in ws._charts:
        for title in (ch.title, ch.x_axis.title, ch.y_axis.title):
            if title is not None and title.tx is not None and title.tx.rich is not None:
                out += [run.t for p in title.tx.rich.p for run in (p.r or [])]
    return out


# ---------------------------------------------------------------------------------- sweep

@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweeps")
    args = ["sweep", "--param", "carbon_price", "--values", "0:200:100", "--no-progress"]
    return {"nl": (invoke(args + ["--out", str(root / "nl")]), root / "nl"),
            "en": (invoke(args + ["--out", str(root / "en"), "--lang", "en"]), root / "en")}


def test_dutch_sweep_console_is_dutch_by_default_for_the_default_data(sweeps):
    out, _ = sweeps["nl"]
    for words in ("sweep over CO2-prijs (3 waarden) = 3 punten", "Kerncijfers in 2030:",
                  "vezelgewassen", "totale kosten", "optimaal", "3 punten opgelost in",
                  "alle optimaal", "geschreven naar", "niets fysieks verandert", "mln €"):
        assert words in out, words
    assert DUTCH_THOUSANDS.search(out)
    table = out[out.index("Kerncijfers in 2030:"):out.index("3 punten opgelost")]
    assert not ENGLISH_THOUSANDS.search(table), table
    for english in ("KPIs in", "points", "all optimal", "written to", "nothing physical",
                    "sweeping", "shortfall", "EUR", "/yr", "carbon price", "the model"):
        assert english not in out, english


def test_english_sweep_console_has_no_dutch(sweeps):
    out, _ = sweeps["en"]
    for words in ("sweeping the carbon price (3 values) = 3 points", "KPIs in 2030:",
                  "3 points solved in", "all optimal", "nothing physical changes", "EUR/t CO2"):
        assert words in out, words
    assert ENGLISH_THOUSANDS.search(out)
    for dutch in ("Kerncijfers", "punten", "optimaal", "geschreven", "tekort", "woningen",
                  "jaar", "mln", "€", "CO2-prijs"):
        assert dutch not in out, dutch


def test_dutch_sweep_workbook_sheets_headers_and_charts(sweeps):
    _, folder = sweeps["nl"]
    wb = load_workbook(folder / "sweep.xlsx")
    assert wb.sheetnames == ["Grafieken", "Punten", "Grafiekdata", "Run"]
    headers = [c.value for c in wb["Punten"][2]]
    assert "CO2-prijs [€/t CO2]" in headers and "Areaal hennep [ha]" in headers
    assert "Biobased aandeel nieuwbouwwoningen [aandeel (0-1)]" in headers
    assert "punt" in headers and "status" in headers
    assert not [h for h in headers if "_" in str(h)], headers   # no raw keys
    statuses = {wb["Punten"].cell(row=r, column=headers.index("status") + 1).value
                for r in range(3, 6)}
    assert statuses == {"optimaal"}
    charts = wb["Grafieken"]
    assert charts["A1"].value == "Kerncijfers in 2030 tegen CO2-prijs"
    assert charts["A2"].value.startswith("CO2-prijs van 100 tot 200 €/t CO2 (2 punten)")
    texts = chart_texts(charts)
    for title in ("Biobased aandeel nieuwbouwwoningen", "Hectare per gewas",
                  "Totale kosten (hele horizon, verdisconteerd)", "CO2-prijs [€/t CO2]", "mln €"):
        assert title in texts, (title, texts)
    for english in ("share", "Hectares", "cost", "EUR", "million", "/yr", "homes"):
        assert not [t for t in texts if english in t], (english, texts)
    data_headers = [c.value for c in wb["Grafiekdata"][1] if c.value]
    assert "Areaal hennep" in data_headers and "Hemp area" not in data_headers


def test_english_sweep_workbook_is_english(sweeps):
    _, folder = sweeps["en"]
    wb = load_workbook(folder / "sweep.xlsx")
    assert wb.sheetnames == ["Charts", "Sweep", "ChartData", "Run"]
    texts = chart_texts(wb["Charts"])
    assert "Hectares per crop" in texts and "Carbon price [EUR/t CO2]" in texts
    for dutch in ("aandeel", "Hectare per", "kosten", "€", "mln", "jaar", "woning"):
        assert not [t for t in texts if dutch in t], (dutch, texts)


def test_sweep_csv_keeps_the_raw_keys_in_both_languages(sweeps):
    heads = []
    for lang in ("nl", "en"):
        with open(sweeps[lang][1] / "sweep.csv", newline="") as fh:
            rows = list(csv.reader(fh))
        heads.append(rows[0])
        assert "carbon_price_eur_per_t" in rows[0] and "area_ha.hemp" in rows[0]
        assert {r[rows[0].index("status")] for r in rows[1:]} == {"optimal"}
    assert heads[0] == heads[1]


def test_sweep_png_tick_labels_and_titles_in_dutch_notation():
    from nabb.reports.sweep import _thousands
    nl, en = _thousands("nl"), _thousands("en")
    nl.set_locs([0, 2500, 5000]), en.set_locs([0, 2500, 5000])
    assert (nl(2500.0), en(2500.0)) == ("2.500", "2,500")
    nl.set_locs([0, 0.5, 1.0])
    assert nl(0.5) == "0,5"


# -------------------------------------------------------------------------------- compare

@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    root = tmp_path_factory.mktemp("compare")
    invoke(["run", "--scenario", "base", "--scenario", "high_carbon_price",
            "--out", str(root / "rep")])
    folders = [str(root / "rep" / "base"), str(root / "rep" / "high_carbon_price")]
    return {"nl": (invoke(["compare", *folders, "-o", str(root / "nl.xlsx")]), root / "nl.xlsx"),
            "en": (invoke(["compare", *folders, "-o", str(root / "en.xlsx"), "--lang", "en"]),
                   root / "en.xlsx")}


def _changes(path, sheet):
    rows = list(load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True))
    return rows[0], rows[1:]


def test_dutch_compare_is_dutch_by_default_for_the_default_data(compared):
    out, path = compared["nl"]
    assert "high_carbon_price tegenover base: 6 invoercel(len) verschillen, totale kosten € -" \
        in out and "geschreven:" in out
    assert DUTCH_THOUSANDS.search(out) and "EUR" not in out and " vs " not in out
    wb = load_workbook(path)
    assert wb.sheetnames == ["Grafieken", "Gewijzigde kerncijfers", "Grafiekdata", "Rapporten",
                             "Invoerverschillen", "Kerncijfers per jaar", "Areaal per regio",
                             "Capaciteit per regio", "Prijsverschillen",
                             "Knelpuntwaarde van de doelen"]
    head, rows = _changes(path, "Gewijzigde kerncijfers")
    assert head[:8] == ("rapport", "kerncijfer", "eenheid", "jaar", "base", "dit rapport",
                        "verschil", "wat veranderde")
    sentences = [r[7] for r in rows]
    assert sentences[0].startswith("Teeltareaal vezelgewassen in 2030: gestegen van ")
    assert any("procentpunt" in s for s in sentences)
    assert all(("gestegen van" in s or "gedaald van" in s) for s in sentences)
    assert any(DUTCH_THOUSANDS.search(s) for s in sentences)
    assert any(re.search(r"\d,\d%", s) for s in sentences)          # 97,5%
    for s in sentences:
        assert not ENGLISH_THOUSANDS.search(s), s
        for english in ("up from", "down from", "percentage", "EUR", "million", "/yr", "homes"):
            assert english not in s, (english, s)
    assert [c.value for c in wb["Areaal per regio"][2]][:4] == ["regio", "gewas", "jaar",
                                                               "areaal [ha] base"]
    texts = chart_texts(wb["Grafieken"])
    assert "Biobased aandeel nieuwbouwwoningen" in texts and "Hectare per gewas in 2030" in texts
    assert "jaar" in texts and "gewas" in texts


def test_english_compare_has_no_dutch(compared):
    out, path = compared["en"]
    assert "high_carbon_price vs base: 6 input cell(s) differ, total cost -" in out
    assert "wrote " in out and "tegenover" not in out and "€" not in out
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Charts", "KPI changes", "ChartData"]
    head, rows = _changes(path, "KPI changes")
    assert head[:8] == ("report", "KPI", "unit", "year", "base", "this report", "change",
                        "what changed")
    sentences = [r[7] for r in rows]
    assert sentences[0].startswith("Fibre-crop area in 2030: up from ")
    assert any(ENGLISH_THOUSANDS.search(s) for s in sentences)
    for s in sentences:
        for dutch in ("gestegen", "gedaald", "procentpunt", "€", "mln", "jaar", "woning"):
            assert dutch not in s, (dutch, s)
