"""report.html renders in headless Chromium with no console errors and every chart present.

Chromium is a CI dependency (.ci/apt-packages.txt): this test fails, never skips, when it is
missing.  The PNG of the last render is kept in the pytest tmp folder for a look by eye.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nabb.pipeline import solve_inputs, write_reports
from tests.test_explain import PENALTY, make, tables

CHARTS = ("bottlenecks", "sankey", "sankey-domestic", "flowmap", "share", "area", "capacity", "costs")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "Debian package chromium is required (listed in .ci/apt-packages.txt)"
    return exe


def render(page: Path, tmp: Path, what: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{what}"
    cmd = [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if ":CONSOLE(" in line or "Uncaught" in line or "SyntaxError" in line]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    run_ = solve_inputs(make(tables(target=0.9, growth=40.0, flax=True), **PENALTY))
    return write_reports(run_, tmp_path_factory.mktemp("reports")) / "report.html"


def test_html_is_self_contained(report):
    text = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text
    for chart in CHARTS:
        assert f'id="chart-{chart}"' in text
    # labels: every chart has a title and axis titles with units; thousands separators
    for title in ("Area (ha)", "t/yr (primary: crop in; product lines: product out)", "EUR million per year",
                  "Share of new-build homes (%)", "Longitude (°E)", "Latitude (°N)",
                  "Crops and imports (t/yr)", "Lower total system cost, k EUR"):
        assert title in text
    assert re.search(r"\d{1,3},\d{3} t", text)
    # the same colour per crop in every chart: hemp in the Sankey and the area chart
    hemp = "#2E7D32"
    sankey = text.split('id="chart-sankey"')[1].split("</figure>")[0]
    area = text.split('id="chart-area"')[1].split("</figure>")[0]
    assert hemp in sankey and hemp in area


def test_html_renders_without_console_errors(report, tmp_path):
    dom = render(report, tmp_path, "dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    status = re.search(r'<div id="js-status"[^>]*>', dom.stdout)
    assert status, "the error collector did not run"
    assert 'data-errors="0"' in status.group(0), dom.stdout[-3000:]
    assert f'data-charts="{len(CHARTS)}"' in status.group(0)
    for chart in CHARTS:
        block = dom.stdout.split(f'id="chart-{chart}"')[1].split("</figure>")[0]
        assert "<svg" in block and ("<rect" in block or "<path" in block)
    assert not console_errors(dom.stderr), console_errors(dom.stderr)

    png = tmp_path / "report.png"
    shot = render(report, tmp_path, "png", "--window-size=1100,5200", f"--screenshot={png}")
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    assert not console_errors(shot.stderr), console_errors(shot.stderr)
    from PIL import Image
    im = Image.open(png).convert("RGB")
    colours = im.resize((220, 1040)).getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 50          # not a blank page
    assert any(abs(r - 0x2E) < 20 and abs(g - 0x7D) < 20 and abs(b - 0x32) < 20
               for _, (r, g, b) in colours)                   # hemp green is drawn
    shutil.copy(png, Path(__file__).resolve().parent.parent / ".pytest_cache" / "report.png") \
        if (Path(__file__).resolve().parent.parent / ".pytest_cache").is_dir() else None


def test_infeasible_report_names_inputs_and_renders(tmp_path):
    run_ = solve_inputs(make(tables(target=0.9, growth=40.0, flax=False), hard_targets=True))
    folder = write_reports(run_, tmp_path / "out")
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert "infeasible" in text and "crops!F3" in text and "targets!D5" in text
    diag = (folder / "diagnosis.txt").read_text(encoding="utf-8")
    assert "crops!F3 (max_growth_ha_per_year, crop=hemp)" in diag and "[iis]" in diag
    dom = render(folder / "report.html", tmp_path, "inf", "--dump-dom")
    assert 'data-errors="0"' in dom.stdout and not console_errors(dom.stderr)
