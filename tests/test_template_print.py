"""The blank input template on paper (issue 13, item 12, lang13f): `nabb template input` prints
one page per sheet, landscape and one page wide, the name and unit rows repeated, the settings
keys not cut, and a footer in the template's language ("Pagina 1 van 20" / "Page 1 of 20").

Checked from the workbook's print set-up and, independently, by printing it with LibreOffice
(a CI dependency, .ci/apt-packages.txt: this test fails, never skips, without it)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nabb.cli import main
from nabb.schema import SETTINGS, SHEETS

FOOTER = {"nl": ("nabb-invoerbestand, blad &A", "Pagina &P van &N"),
          "en": ("nabb input workbook, sheet &A", "Page &P of &N")}
PRINTED = {"nl": "Pagina {p} van {n}", "en": "Page {p} of {n}"}


def template(tmp_path, lang):
    out = tmp_path / f"template-{lang}.xlsx"
    r = CliRunner().invoke(main, ["template", "input", str(out), "--lang", lang])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == {"nl": f"geschreven: {out}", "en": f"wrote {out}"}[lang]
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_sheet_has_a_print_setup_in_the_templates_language(tmp_path, lang):
    wb = load_workbook(template(tmp_path, lang))
    assert wb.sheetnames == ["settings"] + [s.name for s in SHEETS]
    for ws in wb:
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == FOOTER[lang], ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows == "$1:$2", ws.title
        assert ws.oddHeader.left.text, ws.title
    settings = wb["settings"]
    longest = max(len(s.key) for s in SETTINGS)
    assert settings.column_dimensions["A"].width >= longest + 1     # no key is cut
    assert settings["D3"].alignment.wrap_text                        # descriptions wrap


def test_default_data_workbook_has_no_print_setup_and_stays_as_built():
    """The print set-up is the template's: the default data workbook is what
    data/build_default.py builds (tests/test_default_data.py checks it byte for byte)."""
    from nabb.pipeline import DEFAULT_WORKBOOK
    ws = load_workbook(DEFAULT_WORKBOOK)["settings"]
    assert ws.oddFooter.right.text is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_printed_template_is_one_page_per_sheet_with_the_footer(tmp_path, lang):
    path = template(tmp_path, lang)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is required (.ci/apt-packages.txt)"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is required (.ci/apt-packages.txt)"
    text = subprocess.run([pdftotext, "-layout", str(path.with_suffix(".pdf")), "-"], check=True,
                          capture_output=True, text=True, timeout=120).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    n = 1 + len(SHEETS)
    assert len(pages) == n, f"the template prints on {len(pages)} pages, not one per sheet ({n})"
    for i, page in enumerate(pages, start=1):
        assert PRINTED[lang].format(p=i, n=n) in page, page[-300:]
    other = PRINTED["en" if lang == "nl" else "nl"].format(p=1, n=n)
    assert other not in text
    first = pages[0]
    for s in SETTINGS:                      # every key printed whole on the settings page
        assert s.key in first, s.key
