"""End to end in headless Chromium (Playwright) against a real ``nabb serve`` on a free port:

1. a coordinator signs in; 2. uploads a sheet with a decimal comma; 3. sees the cell error;
4. fixes it, uploads again and accepts it; 5. the officer sees the region turn green, merges,
runs ``base`` and opens the report.  The admin then sees the users and the audit log.

Set NABB_PORTAL_SCREENSHOTS=DIR to keep a screenshot of every page (docs/img/portal/ is made so).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.portal_helpers import PASSWORDS, Server, add_users, sheet

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture()
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium not found: make test installs it")
        pytest.skip("chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Shots:
    def __init__(self):
        folder = os.environ.get("NABB_PORTAL_SCREENSHOTS")
        self.folder = Path(folder) if folder else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str) -> None:
        if self.folder:
            page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)


def sign_in(page, url: str, email: str, role: str) -> None:
    page.goto(url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORDS[role])
    page.click("button[type=submit]")


@pytest.mark.slow
def test_coordinator_to_officer_in_a_browser(browser, tmp_path):
    data = tmp_path / "data"
    add_users(data, None, [("coordinator@groningen.example", "coordinator", ("GR",)),
                           ("officer@example.org", "officer", ()), ("admin@example.org", "admin", ())])
    server = Server(data).start()
    shots = Shots()
    sheets = tmp_path / "sheets"
    comma = sheet(sheets, "groningen_2026.xlsx", capacity="12000,5")
    fixed = sheet(sheets, "groningen_2026_fixed.xlsx", capacity=12000.5)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # 1. the coordinator signs in
        page.goto(server.url + "/regions")
        assert page.url.endswith("/login")
        shots(page, "01_sign_in")
        sign_in(page, server.url, "coordinator@groningen.example", "coordinator")
        page.wait_for_url("**/regions")
        assert page.locator(".badge.missing").count() == 1
        shots(page, "02_coordinator_regions_empty")
        # 2. uploads a sheet with a decimal comma (choosing it sends it: upload.js under the CSP)
        with page.expect_navigation(url=re.compile(r"/uploads/\d+$")):
            page.set_input_files("input[type=file]", str(comma))
        # 3. sees the cell error
        verdict = page.locator("#verdict").inner_text()
        assert "1 error(s)" in verdict and "cannot be accepted" in verdict
        row = page.locator("table.issues tr.error").first
        text = row.inner_text()
        assert "existing_plants" in text and "C3" in text and "capacity_t_per_yr" in text
        assert "decimal comma" in text and "'12000,5'" in text
        assert page.locator("text=Accept this sheet").count() == 0
        shots(page, "03_upload_with_error")
        with page.expect_download() as dl:
            page.click("text=Download the annotated copy")
        assert dl.value.suggested_filename.endswith(".checked.xlsx")
        # 4. fixes it, uploads again and accepts it
        page.goto(server.url + "/regions")
        with page.expect_navigation(url=re.compile(r"/uploads/\d+$")):
            page.set_input_files("input[type=file]", str(fixed))
        assert "No errors" in page.locator("#verdict").inner_text()
        shots(page, "04_upload_clean")
        page.click("text=Accept this sheet")
        page.wait_for_load_state()
        assert "Accepted" in page.locator("#verdict").inner_text()
        page.goto(server.url + "/regions")
        assert page.locator(".region-head .badge.accepted").count() == 1
        shots(page, "05_coordinator_regions_accepted")
        page.click("text=Sign out")
        page.wait_for_url("**/login")

        # 5. the officer sees the region turn green, merges, runs base and opens the report
        sign_in(page, server.url, "officer@example.org", "officer")
        page.wait_for_url("**/national")
        gr = page.locator('tr[data-region="GR"]')
        assert gr.get_attribute("class") == "accepted"
        assert gr.locator(".badge").inner_text() == "accepted"
        assert "rgb(46, 125, 79)" == gr.locator(".badge").evaluate("e => getComputedStyle(e).color")
        assert page.locator('tr[data-region="FR"]').get_attribute("class") == "missing"
        shots(page, "06_officer_national")
        page.click("text=Merge into a new version")
        page.wait_for_url(re.compile(r"/versions/\d+$"))
        assert page.locator("input[name=scenario][value=base]").is_checked()
        assert "Vlasfabriek Nij Beets" in page.content()
        shots(page, "07_officer_version")
        page.click("button:has-text('Run')")
        page.wait_for_url(re.compile(r"/runs/\d+$"))
        page.wait_for_selector("#job-status:text-is('done')", timeout=180_000)  # it refreshes itself
        assert page.locator("#job-status").inner_text() == "done"
        shots(page, "08_officer_run_done")
        with page.expect_popup() as popup:
            page.click("text=Open report.html")
        report = popup.value
        report.wait_for_load_state()
        assert report.locator("svg").count() > 0
        assert "base" in report.content()
        shots(report, "09_report_html")
        report.close()
        page.click("text=Sign out")

        # the admin: users and their regions, and the audit log
        sign_in(page, server.url, "admin@example.org", "admin")
        page.goto(server.url + "/admin/users")
        assert "coordinator@groningen.example" in page.content()
        shots(page, "10_admin_users")
        page.goto(server.url + "/admin/audit")
        log = page.locator("table.audit").inner_text()
        for action in ("signin", "upload", "accept", "merge", "run"):
            assert action in log
        shots(page, "11_admin_audit")
    finally:
        server.stop()
