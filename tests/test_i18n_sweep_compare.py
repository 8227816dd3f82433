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
    args = ["sweep", "--param", "carbon_price", "--values", "0:200:100", "--no-progress",
            "--workers", "2"]   # 3 points: too few to share, and the console says why
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
    assert charts["A2"].value.startswith("CO2-prijs van € 100 tot € 200 per t CO2 (2 punten)")
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
    assert "high_carbon_price tegenover base: gewijzigde invoercellen 6, totale kosten € -48,21 mln" \
        in out and "geschreven:" in out
    assert "EUR" not in out and " vs " not in out
    wb = load_workbook(path)
    assert wb.sheetnames == ["Grafieken", "Gewijzigde kerncijfers", "Grafiekdata", "Rapporten",
                             "Invoerverschillen", "Kerncijfers per jaar", "Areaal per regio",
                             "Capaciteit per regio", "Prijsverschillen",
                             "Marginale kosten doelen"]
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


# ------------------------------------------- the last English bits (issue 13 item 12, lang13f)

def test_workers_note_in_both_languages(sweeps):
    assert "nabb: --workers 2: 3 punten zijn te weinig om te verdelen, opgelost in één proces" \
        in sweeps["nl"][0]
    assert "nabb: --workers 2: 3 points are too few to share, solved in one process" \
        in sweeps["en"][0]


@pytest.mark.parametrize("key, values, nl, en", [
    ("sweep.workers.no_gain", dict(workers=2, n=1500, alone=(1234.56, 1), start=(12.0, 0),
                                   break_even=2000),
     "--workers 2 loont hier niet: de 1.500 punten duren in één proces ongeveer 1.234,6 s, en 2 "
     "werkprocessen starten kost ongeveer 12 s; opgelost in één proces (werkprocessen lonen vanaf "
     "ongeveer 2.000 punten van dit model)",
     "--workers 2 does not pay off here: the 1,500 points take about 1,234.6 s in one process, "
     "and starting 2 worker processes costs about 12 s; solved in one process (workers pay off "
     "from about 2,000 points of this model)"),
    ("sweep.workers.busy", dict(workers=2, load=(10.0, 1), cores=2, n=9, alone=(0.61, 1)),
     "--workers 2 loont hier niet: de processorkernen van deze machine zijn bezet (belasting 10,0 "
     "op 2 kernen), dus werkprocessen zouden niet tegelijk draaien; de 9 punten (ongeveer 0,6 s) "
     "worden in één proces opgelost",
     "--workers 2 does not pay off here: this machine's cores are busy (load 10.0 on 2 cores), so "
     "worker processes would not run at the same time; the 9 points (about 0.6 s) are solved in "
     "one process"),
    ("sweep.workers.hand_over", dict(workers=4, n=2000, alone=(1500.4, 0)),
     "4 werkprocessen: de 2.000 punten zouden in één proces ongeveer 1.500 s duren",
     "4 worker processes: the 2,000 points would take about 1,500 s in one process"),
])
def test_workers_note_words_and_numbers(key, values, nl, en):
    from nabb.sweep.run import workers_note
    assert workers_note((key, values), "nl") == nl
    assert workers_note((key, values), "en") == en
    assert workers_note(None, "nl") == ""


def _run_sheet(folder, name):
    return list(load_workbook(folder / "sweep.xlsx")[name].iter_rows(values_only=True))


def test_dutch_sweep_run_sheet_in_words(sweeps):
    rows = _run_sheet(sweeps["nl"][1], "Run")
    assert rows[0] == ("onderdeel", "waarde", "sleutel")
    by_key = {r[2]: r[1] for r in rows[1:]}
    words = {r[2]: r[0] for r in rows[1:]}
    assert words["points"] == "punten" and by_key["points"] == "3"
    assert by_key["mode"] == "model één keer opgebouwd, getallen per punt ter plekke gewijzigd"
    assert re.fullmatch(r"De CO2-prijs wijzigt [\d.]+ getallen van het model ter plekke "
                        r"\(\d+ compilaties om ze te vinden en te controleren\)", by_key["note"])
    assert by_key["workers_note"] == ("--workers 2: 3 punten zijn te weinig om te verdelen, "
                                      "opgelost in één proces")
    assert by_key["kpi_year"] == "2030" and by_key["interrupted"] == "nee"
    assert by_key["scheduler"] == "(geen)"
    assert re.fullmatch(r"\d+,\d{3}", by_key["timing.total_s"])
    shown = " ".join(str(v) for r in rows[1:] for v in r[:2] if v is not None)
    for english in ("affine", "LP entries", "compiles", "False", "points", "worker processes",
                    "timing", "carbon_price_eur_per_t"):
        assert english not in shown, english


def test_english_sweep_run_sheet_is_unchanged(sweeps):
    rows = _run_sheet(sweeps["en"][1], "Run")
    assert rows[0] == ("item", "value")
    items = [r[0] for r in rows[1:]]
    assert items == ["points", "mode", "note", "compiles", "kpi_year", "workers", "scheduler",
                     "worker_processes", "scenario", "input_file", "input_sha256",
                     "timing.setup_s", "timing.total_s", "interrupted"]
    values = {r[0]: r[1] for r in rows[1:]}
    assert values["mode"] == "affine" and values["interrupted"] == "False"
    assert values["note"].startswith("affine mode: carbon_price_eur_per_t changes ")


def test_dutch_compare_values_in_words(compared):
    _, path = compared["nl"]
    wb = load_workbook(path)
    reports = list(wb["Rapporten"].iter_rows(min_row=3, values_only=True))
    assert {r[3] for r in reports} == {"optimaal"}
    area = list(wb["Areaal per regio"].iter_rows(min_row=3, values_only=True))
    assert {r[1] for r in area} <= {"hennep", "vlas", "miscanthus", "graanstro"}, area[:3]
    cap = {r[1] for r in wb["Capaciteit per regio"].iter_rows(min_row=3, values_only=True)}
    assert "hennepdecorticatie" in cap and not [c for c in cap if "_" in c]
    goods = {r[1] for r in wb["Prijsverschillen"].iter_rows(min_row=3, values_only=True)}
    assert "constructiehout" in goods and "structural_timber" not in goods
    duals = list(wb["Marginale kosten doelen"].iter_rows(min_row=3, values_only=True))
    assert {r[0] for r in duals} >= {"nieuwbouw"} and "alle regio's" in {r[1] for r in duals}
    diff = list(wb["Invoerverschillen"].iter_rows(min_row=2, values_only=True))
    assert diff[0][-1] == "betekenis"
    carbon = [r for r in diff[1:] if r[2] == "year=2030"]   # sheet, row and column as the input has them
    assert carbon and carbon[0][1] == "policy" and carbon[0][3] == "carbon_price_eur_per_t"
    assert carbon[0][-1].startswith("Prijs van koolstofcredits")
    assert all(r[-1] for r in diff[1:]), [r for r in diff[1:] if not r[-1]]   # every cell explained


def test_english_compare_values_stay_codes(compared):
    _, path = compared["en"]
    wb = load_workbook(path)
    assert {r[3] for r in wb["Reports"].iter_rows(min_row=3, values_only=True)} == {"optimal"}
    assert "hemp" in {r[1] for r in wb["Area by region"].iter_rows(min_row=3, values_only=True)}
    head = [c.value for c in wb["Input differences"][2]]
    assert head == ["compared", "sheet", "row", "column", "base", "other", "change"]


def test_compare_notes_follow_the_language(compared, tmp_path):
    import shutil
    from nabb.compare import compare_reports
    root = compared["nl"][1].parent / "rep"
    for name in ("base", "high_carbon_price"):
        shutil.copytree(root / name, tmp_path / name)
    (tmp_path / "high_carbon_price" / "frames.json").unlink()
    comparison = compare_reports([tmp_path / "base", tmp_path / "high_carbon_price"])
    assert comparison.lines("nl")[-1] == ("high_carbon_price: geen frames.json: bladen per regio "
                                          "en knelpuntwaarden niet beschikbaar voor dit rapport")
    assert comparison.lines("en")[-1] == ("high_carbon_price: no frames.json: region and dual "
                                          "sheets unavailable for this report")
    from nabb.reports.compare import write_workbook
    write_workbook(comparison, tmp_path / "c.xlsx", lang="nl")
    notes = [r[-1] for r in load_workbook(tmp_path / "c.xlsx")["Rapporten"].iter_rows(
        min_row=3, values_only=True)]
    assert notes[1].startswith("geen frames.json")


# ---- money: the euro sign before a Dutch amount, English as it was

@pytest.mark.parametrize("value, unit, nl, en", [
    (946, "mln €", "€ 946 mln", "946 mln €"),
    (-352, "mln €", "€ -352 mln", "-352 mln €"),
    (2490, "€/woning", "€ 2.490 per woning", "2,490 €/woning"),
    (15676, "k€", "€ 15,7 mln", "15,676 k€"),
    (692.147, "k€", "€ 692.147", "692 k€"),
    (14608, "ha", "14.608 ha", "14,608 ha"),
    (28.9, "%", "29%", "29%"),
])
def test_amount_with_its_unit(value, unit, nl, en):
    from nabb.i18n.numbers import amount
    assert amount(value, unit, "nl") == nl
    assert amount(value, unit, "en") == en


def test_dutch_compare_sentences_put_the_euro_first(compared):
    _, path = compared["nl"]
    _, rows = _changes(path, "Gewijzigde kerncijfers")
    money = [r[7] for r in rows if "€" in r[7]]
    assert money
    for s in money:
        assert not re.search(r"\d (mln )?€", s), s          # never "1.419 mln €"
        assert re.search(r"€ -?[\d.]+(,\d+)?( mln| per )", s), s
    _, en_rows = _changes(compared["en"][1], "KPI changes")
    assert any(re.search(r"\d M EUR|\d EUR", r[7]) for r in en_rows)


def test_dutch_html_cost_tooltips_put_the_euro_first(tmp_path):
    invoke(["run", "--out", str(tmp_path)])
    html = (tmp_path / "base" / "report.html").read_text(encoding="utf-8")
    assert re.search(r"2030 – import: € [\d.]+ mln</title>", html)
    assert not re.search(r"\d mln €", html) and not re.search(r"\d k€<", html)


def test_dutch_cost_component_labels_read_as_dutch():
    from nabb.reports.labels import measure
    assert measure("cost_eur.construction_extra", (), "nl").label == "Kostenpost meerkosten bouw"
    assert measure("cost_eur.construction_extra", (), "en").label == "Cost of construction extra"


@pytest.mark.parametrize("lang, footer", [("nl", ("compare.xlsx, blad &A", "Pagina &P van &N")),
                                          ("en", ("compare.xlsx, sheet &A", "Page &P of &N"))])
def test_compare_and_sweep_workbooks_print_one_page_wide_with_a_footer(compared, sweeps, lang,
                                                                      footer):
    for path, name in ((compared[lang][1], "compare.xlsx"),
                       (sweeps[lang][1] / "sweep.xlsx", "sweep.xlsx")):
        wb = load_workbook(path)
        for ws in wb:
            want = (footer[0].replace("compare.xlsx", name), footer[1])
            assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == want, (name, ws.title)
            assert ws.page_setup.orientation == "landscape"
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
            if ws.tables:
                assert ws.print_title_rows, (name, ws.title)   # the header row on every page


def test_printed_dutch_compare_has_numbered_pages(compared, tmp_path):
    import shutil
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice and shutil.which("pdftotext"), "LibreOffice and poppler-utils are required"
    path = compared["nl"][1]
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "nl.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    n = len(pages)
    wb = load_workbook(path)
    for i, page in enumerate(pages, start=1):
        assert f"Pagina {i} van {n}" in page
    # one page wide, the header row repeated: every printed page of a table shows the header
    # of its first column (a strip of columns cut off to the right would not)
    for ws in wb:
        if not ws.tables:
            continue
        first = next(iter(ws.tables.values())).ref.split(":")[0]
        head = str(ws[first].value)
        on = [p for p in pages if f"blad {ws.title}" in p]
        assert on, ws.title
        assert all(head in p for p in on), (ws.title, head)
    assert "Page 1" not in text


def test_rebuilt_sweep_and_unsolved_points_in_dutch(tmp_path):
    """A sweep rebuilt per point says so in Dutch on the Run sheet; a point that was not solved
    is 'niet uitgevoerd' (and a failed one 'mislukt') on the Punten sheet."""
    from nabb import pipeline
    from nabb.reports.sweep import write_xlsx
    from nabb.sweep.levers import resolve_lever
    from nabb.sweep.run import run_sweep
    res = run_sweep(pipeline.load(pipeline.DEFAULT_WORKBOOK), [resolve_lever("carbon_price")],
                    [[0.0, 100.0, 200.0]], force_rebuild=True)
    res.frame.loc[1, "status"] = "not_run"
    res.frame.loc[2, "status"] = "failed"
    for lang in ("nl", "en"):
        write_xlsx(res, tmp_path / f"{lang}.xlsx", lang)
    wb = load_workbook(tmp_path / "nl.xlsx")
    head = [c.value for c in wb["Punten"][2]]
    col = head.index("status") + 1
    assert [wb["Punten"].cell(row=r, column=col).value for r in (3, 4, 5)] == [
        "optimaal", "niet uitgevoerd", "mislukt"]
    run = {r[2]: r[1] for r in wb["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["mode"] == "model per punt opnieuw opgebouwd"
    assert run["note"] == "Per punt opnieuw opgebouwd, zoals gevraagd (--rebuild)"
    en = load_workbook(tmp_path / "en.xlsx")
    head = [c.value for c in en["Sweep"][2]]
    col = head.index("status") + 1
    assert [en["Sweep"].cell(row=r, column=col).value for r in (3, 4, 5)] == [
        "optimal", "not_run", "failed"]
    run = {r[0]: r[1] for r in en["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["mode"] == "rebuild" and run["note"].startswith("rebuild mode: requested")
