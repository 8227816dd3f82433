"""The report as people see it (issue 13 items 6-11): report.xlsx through LibreOffice, report.html
through headless Chromium.

* report.xlsx -> PDF (LibreOffice): the Summary sheet prints on one page, no cell anywhere
  shows ``###`` (checked in the PDF text and, independently, from column widths and the
  values' shown text), every sheet prints with a page title;
* report.html -> screenshot and DOM (Chromium): not blank, and no two labels of the flow map,
  the Sankey charts or the bottleneck chart overlap (their boxes measured by the browser).

LibreOffice, Chromium and poppler-utils are CI dependencies (.ci/apt-packages.txt): these
tests fail, never skip, when one is missing.  The pictures are kept in .pytest_cache/render/
for a look by eye.  The HTML is rendered in every report language (LANGS); the Excel checks run
on the English and the Dutch report.xlsx alike.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from nabb import pipeline
from tests.test_html_report import FLAGS, chromium, console_errors

LANGS = ["en", "nl"]
KEEP = Path(__file__).resolve().parent.parent / ".pytest_cache" / "render"


def _tool(name: str) -> str:
    exe = shutil.which(name)
    assert exe, f"{name} is required (.ci/apt-packages.txt)"
    return exe


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """The default workbook's base scenario, as a user gets it from `nabb run --lang LANG`."""
    out = {}
    for lang in LANGS:
        run_ = pipeline.solve_inputs(pipeline.load(pipeline.DEFAULT_WORKBOOK, lang=lang))
        out[lang] = pipeline.write_reports(run_, tmp_path_factory.mktemp(f"render-{lang}"))
    return out


@pytest.fixture(scope="module", params=LANGS)
def lang(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def folder(folders, lang) -> Path:
    """The report folder of one language: every Excel check runs on each."""
    return folders[lang]


#: what the printed report.xlsx says, per language
WORDS = {
    "en": dict(summary="Summary", sheet="sheet {name}", title="nabb report – {name}",
               marginal="Marginal cost of the target", left_out="left out",
               rows=r"([\d,]+) of ([\d,]+) rows", group=",", demand="Demand", prices="Prices",
               units="units", price="price"),
    "nl": dict(summary="Kerncijfers", sheet="blad {name}", title="nabb-rapport – {name}",
               marginal="Marginale kosten van het doel", left_out="weggelaten",
               rows=r"([\d.]+) van ([\d.]+) rijen", group=".", demand="Vraag", prices="Prijzen",
               units="eenheden", price="prijs"),
}


@pytest.fixture(scope="module")
def pdf_pages(folder, tmp_path_factory) -> list[str]:
    """The text of every page of report.xlsx printed by LibreOffice."""
    out = tmp_path_factory.mktemp("pdf")
    soffice = shutil.which("soffice") or _tool("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(folder / "report.xlsx")],
                   check=True, capture_output=True, timeout=300)
    pdf = out / "report.pdf"
    assert pdf.exists(), list(out.iterdir())
    text = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    KEEP.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("pdftoppm"), "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf),
                    str(KEEP / f"report-xlsx-{folder.parent.name}")], check=True, timeout=120)
    return text.split("\f")


def test_summary_prints_on_one_page(pdf_pages, lang):
    w = WORDS[lang]
    summary = [p for p in pdf_pages if w["sheet"].format(name=w["summary"]) in p]
    assert len(summary) == 1, f"the Summary prints on {len(summary)} pages"
    assert w["marginal"] in summary[0] and w["title"].format(name=w["summary"]) in summary[0]


def test_no_cell_shows_hashes_in_print(pdf_pages):
    bad = [i + 1 for i, p in enumerate(pdf_pages) if "###" in p]
    assert not bad, f"### on printed pages {bad[:10]}"


def test_every_sheet_prints_with_a_title(folder, pdf_pages, lang):
    w = WORDS[lang]
    names = load_workbook(folder / "report.xlsx", read_only=True).sheetnames
    for name in names:
        pages = [p for p in pdf_pages if w["sheet"].format(name=name) in p]
        assert pages, f"sheet {name} prints no page with its footer"
        assert all(w["title"].format(name=name) in p for p in pages), name


def shown(value: float, fmt: str) -> str:
    """The text a spreadsheet shows for a number in the formats nabb uses."""
    if fmt.endswith("%"):
        digits = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
        return f"{value * 100:,.{digits}f}%"
    if fmt.startswith("#,##0"):
        digits = len(fmt.split(".")[1]) if "." in fmt else 0
        return f"{value:,.{digits}f}"
    # General: a spreadsheet drops decimals to fit, so only the integer part must fit
    return f"{value:.0f}"


def test_no_number_is_wider_than_its_column(folder):
    """``###`` appears when a number's shown text is wider than the column: check every one."""
    wb = load_workbook(folder / "report.xlsx")
    too_wide = []
    for ws in wb.worksheets:
        widths = {}   # a <col min max width> entry covers several columns
        for d in ws.column_dimensions.values():
            if d.width and d.min:
                for i in range(d.min, (d.max or d.min) + 1):
                    widths[get_column_letter(i)] = d.width
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    width = widths.get(c.column_letter, 8.43)
                    text = shown(float(c.value), c.number_format)
                    if len(text) + 1 > width:
                        too_wide.append((ws.title, c.coordinate, text, width))
    assert not too_wide, too_wide[:10]


def test_large_sheets_leave_zero_rows_out_and_say_so(folder, lang):
    w = WORDS[lang]
    wb = load_workbook(folder / "report.xlsx", read_only=True)
    for name in (w["demand"], w["prices"]):
        ws = wb[name]
        note = next(ws.iter_rows(max_row=1, values_only=True))[0]
        assert w["left_out"] in note, note
        m = re.search(w["rows"], note)
        dropped, total = (int(g.replace(w["group"], "")) for g in m.groups())
        assert 0 < dropped < total
        rows = list(ws.iter_rows(min_row=3, values_only=True))
        assert len(rows) == total - dropped
        header = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
        qty = next(i for i, h in enumerate(header)
                   if h.startswith(w["units"] if name == w["demand"] else w["price"]))
        assert all(r[qty] != 0 for r in rows)


# ----------------------------------------------------------------------------- report.html
OVERLAP_PROBE = """
<script>
document.addEventListener('DOMContentLoaded', function () {
  var sel = ['#svg-flowmap text.map-label', '#svg-sankey text.node-label',
             '#svg-sankey-domestic text.node-label', '#svg-bottlenecks text.label'];
  var hits = [], counts = [];
  sel.forEach(function (s) {
    var els = Array.prototype.slice.call(document.querySelectorAll(s));
    counts.push(els.length);
    var boxes = els.map(function (e) { return [e.getBoundingClientRect(), e.textContent]; });
    for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i][0], b = boxes[j][0];
      var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) hits.push(s + ': ' + boxes[i][1] + ' / ' + boxes[j][1]);
    }
  });
  var d = document.createElement('div');
  d.id = 'overlaps'; d.setAttribute('data-counts', counts.join(','));
  d.textContent = hits.length ? hits.join(' | ') : 'none';
  document.body.appendChild(d);
});
</script>
"""


@pytest.mark.parametrize("lang", LANGS)
def test_html_labels_do_not_overlap_and_page_is_drawn(folders, tmp_path, lang):
    folder = folders[lang]
    page = tmp_path / f"report-{lang}.html"
    text = (folder / "report.html").read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", OVERLAP_PROBE + "</body>"), encoding="utf-8")
    profile = f"--user-data-dir={tmp_path / 'profile'}"
    dom = subprocess.run([chromium(), *FLAGS, profile, "--window-size=1100,1400", "--dump-dom",
                          page.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    m = re.search(r'<div id="overlaps" data-counts="([\d,]+)">(.*?)</div>', dom.stdout, re.S)
    assert m, "the overlap probe did not run"
    counts = [int(c) for c in m.group(1).split(",")]
    assert all(c > 0 for c in counts), counts          # every labelled chart has labels
    assert m.group(2) == "none", m.group(2)
    assert not console_errors(dom.stderr), console_errors(dom.stderr)

    png = tmp_path / f"report-{lang}.png"
    shot = subprocess.run([chromium(), *FLAGS, profile, "--hide-scrollbars",
                           "--window-size=1100,7000", f"--screenshot={png}",
                           (folder / "report.html").resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    from PIL import Image
    im = Image.open(png).convert("RGB")
    colours = im.resize((110, 700)).getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 50   # not a blank page
    KEEP.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, KEEP / png.name)


# ----------------------------------------------------------------------------- Excel charts
def test_excel_charts_show_every_category_label(folder):
    """Issue 13 item 11: LibreOffice showed every other bottleneck label: each category axis
    asks for every label (tickLblSkip 1)."""
    import zipfile
    with zipfile.ZipFile(folder / "report.xlsx") as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 4
    for xml in charts:
        assert '<c:tickLblSkip val="1"/>' in xml


def test_excel_chart_data_headers_are_not_cut(folder):
    """Issue 13 item 11: 'transport (M EUimports': every header on the Charts sheet fits its
    column in at most two lines (the header rows are two lines high)."""
    from nabb.reports.workbook import header_lines
    wb = load_workbook(folder / "report.xlsx")
    ws = wb["Charts" if "Charts" in wb.sheetnames else "Grafieken"]
    widths = {}
    for d in ws.column_dimensions.values():
        if d.width and d.min:
            for i in range(d.min, (d.max or d.min) + 1):
                widths[i] = d.width
    heads = [(c.coordinate, c.value, widths.get(c.column, 8.43)) for row in ws.iter_rows(min_row=2)
             for c in row if isinstance(c.value, str) and c.font.b]
    assert heads
    cut = [(at, text, w) for at, text, w in heads if header_lines(text, w) > 2]
    assert not cut, cut


@pytest.mark.parametrize("lang, label, group, decimal", [
    ("en", "Fibre-crop area", ",", "."), ("nl", "Teeltareaal vezelgewassen", ".", ",")])
def test_area_chart_and_tile_count_the_same_hectares(folders, lang, label, group, decimal):
    """Issue 13 item 8: the area chart's bars add up to the fibre-crop area tile (read in the
    report's own number notation)."""
    html = (folders[lang] / "report.html").read_text(encoding="utf-8")
    tile = re.search(r'<div class="v">([\d.,]+) ha</div><div class="l">' + label + r' (\d{4})', html)
    assert tile, "no fibre-crop area tile"

    def value(text: str) -> float:
        return float(text.replace(group, "").replace(decimal, "."))
    area, year = value(tile.group(1)), tile.group(2)
    chart = html.split('id="chart-area"')[1].split("</figure>")[0]
    bars = [value(v) for v in re.findall(rf"<title>{year} – [^:]+: ([\d,.]+) ha</title>", chart)]
    assert bars and abs(sum(bars) - area) <= len(bars), (bars, area)
