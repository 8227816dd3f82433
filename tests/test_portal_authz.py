"""Authorization matrix: every role against every route, against the live portal.

Roles: no session, the coordinator of GR, the coordinator of FR (another region: GR's data must
be invisible to them), an officer and an admin.  Each cell is the exact status expected; a
denied page is 403 (wrong role), 404 (another region's object: not even its existence leaks)
or a redirect to the sign-in page (no session).
"""
from __future__ import annotations

import pytest

from tests.portal_helpers import client, csrf, sign_in

ROLES = ("anon", "gr", "fr", "officer", "admin")
LOGIN = "login"  # 303 to /login
ACCOUNTS = {"gr": ("gr@example.org", "coordinator"), "fr": ("fr@example.org", "coordinator"),
            "officer": ("officer@example.org", "officer"), "admin": ("admin@example.org", "admin")}


def row(anon, gr, fr, officer, admin):
    return dict(zip(ROLES, (anon, gr, fr, officer, admin)))


COORD_ONLY = row(LOGIN, 200, 200, 403, 403)
GR_READ = row(LOGIN, 200, 404, 200, 200)
OFFICER = row(LOGIN, 403, 403, 200, 200)
ADMIN = row(LOGIN, 403, 403, 403, 200)

# (method, path, form fields, expected); {draft} {accepted} {version} {job} {fr_user} are filled in
MATRIX = [
    ("GET", "/healthz", None, row(200, 200, 200, 200, 200)),
    ("GET", "/login", None, row(200, 200, 200, 200, 200)),
    ("GET", "/static/portal.css", None, row(200, 200, 200, 200, 200)),
    ("GET", "/", None, row(LOGIN, 303, 303, 303, 303)),
    ("GET", "/regions", None, COORD_ONLY),
    ("GET", "/regions/GR", None, GR_READ),
    ("GET", "/regions/GR/template", None, GR_READ),
    ("GET", "/regions/FR/template", None, row(LOGIN, 404, 200, 200, 200)),
    ("GET", "/uploads/{accepted}", None, GR_READ),
    ("GET", "/uploads/{draft}", None, GR_READ),
    ("GET", "/uploads/{accepted}/file", None, GR_READ),
    ("GET", "/uploads/{draft}/annotated", None, GR_READ),
    ("POST", "/uploads/{draft}/accept", {}, row(LOGIN, 409, 404, 403, 403)),
    ("POST", "/uploads/{accepted}/accept", {}, row(LOGIN, 303, 404, 403, 403)),
    ("POST", "/upload", "GR sheet", row(LOGIN, 303, 403, 403, 403)),
    ("GET", "/national", None, OFFICER),
    ("GET", "/versions", None, OFFICER),
    ("GET", "/versions/{version}", None, OFFICER),
    ("GET", "/versions/{version}/download", None, OFFICER),
    ("POST", "/versions/{version}/runs", {"scenario": "no_such_scenario"}, row(LOGIN, 403, 403, 400, 400)),
    ("GET", "/runs/{job}", None, OFFICER),
    ("GET", "/runs/{job}/base/report.html", None, OFFICER),
    ("GET", "/runs/{job}/base/report.xlsx", None, OFFICER),
    ("POST", "/compare", {"first": "{job}:base", "second": "{job}:high_carbon_price"}, OFFICER),
    ("GET", "/admin/users", None, ADMIN),
    ("GET", "/admin/audit", None, ADMIN),
    ("POST", "/admin/users", {"email": "not-an-address", "role": "officer", "password": "x"},
     row(LOGIN, 403, 403, 403, 400)),
    ("POST", "/admin/users/{fr_user}/regions", {"region": "FR"}, row(LOGIN, 403, 403, 403, 303)),
    ("POST", "/admin/users/{fr_user}/active", {"active": "1"}, row(LOGIN, 403, 403, 403, 303)),
    ("POST", "/versions", {}, row(LOGIN, 403, 403, 303, 303)),
    ("POST", "/logout", {}, row(303, 303, 303, 303, 303)),
]


@pytest.fixture(scope="module")
def clients(portal):
    out = {"anon": client(portal.server)}
    for name, (email, role) in ACCOUNTS.items():
        out[name] = sign_in(portal.server, email, role)
    yield out
    for c in out.values():
        c.close()


def _ids(portal):
    import sqlite3
    db = sqlite3.connect(portal.data / "portal.sqlite3")
    fr_user = db.execute("SELECT id FROM users WHERE email='fr@example.org'").fetchone()[0]
    return {**portal.ids, "fr_user": fr_user}


@pytest.mark.parametrize("method,path,form,expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_route_by_role(method, path, form, expected, portal, clients):
    ids = _ids(portal)
    url = path.format(**ids)
    for role in ROLES:
        if method == "POST" and url == "/logout":
            continue  # below, last: it ends the session
        c = clients[role]
        status = _call(c, method, url, form, ids, portal)
        want = expected[role]
        if want == LOGIN:
            assert status == (303, "/login"), f"{role} {method} {url}: {status}"
        else:
            assert status[0] == want, f"{role} {method} {url}: expected {want}, found {status}"


def test_logout_for_every_role(portal):
    for role, (email, kind) in ACCOUNTS.items():
        c = sign_in(portal.server, email, kind)
        assert c.get("/").status_code == 303
        token = csrf(c.get("/login").text)
        assert c.post("/logout", data={"csrftoken": token}).status_code == 303
        assert c.get("/regions").headers.get("location") == "/login"  # the session is gone


_TOKENS: dict[int, str] = {}


def _call(c, method, url, form, ids, portal):
    if method == "GET":
        r = c.get(url)
    else:
        if id(c) not in _TOKENS:  # bound to the client's cookies, which do not change here
            _TOKENS[id(c)] = csrf(c.get("/login").text)
        token = _TOKENS[id(c)]
        if form == "GR sheet":
            data = (portal.sheets / "gr_ok.xlsx").read_bytes()
            r = c.post(url, files={"csrftoken": (None, token),
                                   "file": ("gr.xlsx", data, "application/octet-stream")})
        else:
            fields = {k: v.format(**ids) for k, v in (form or {}).items()}
            r = c.post(url, data={"csrftoken": token, **fields})
    return r.status_code, r.headers.get("location")
