"""Session fixtures for the portal tests: one live SQLite portal (two uvicorn workers, so that
nothing may live in process memory) with accounts, uploads, a merged version and a finished run;
and a PostgreSQL cluster started in a temporary folder."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.portal_helpers import (Postgres, Server, add_users, csrf, form_token, pg_bin, sheet,
                                  sign_in, upload, wait_for_job)


@dataclass
class Portal:
    server: Server
    data: Path
    sheets: Path
    ids: dict = field(default_factory=dict)


def build_portal(tmp: Path, db: str | None, workers: int = 2) -> Portal:
    data = tmp / "data"
    add_users(data, db, (("gr@example.org", "coordinator", ("GR",)),
                         ("fr@example.org", "coordinator", ("FR",)),
                         ("officer@example.org", "officer", ()),
                         ("admin@example.org", "admin", ())))
    server = Server(data, db, workers=workers).start()
    return Portal(server, data, tmp / "sheets")


def populate(p: Portal, scenarios=("base", "high_carbon_price")) -> None:
    """GR: a sheet with a decimal comma (draft) then a clean one (accepted); FR: nothing.
    Then a merged version and a finished run of ``scenarios`` on it."""
    gr = sign_in(p.server, "gr@example.org", "coordinator")
    r = upload(gr, sheet(p.sheets, "gr_comma.xlsx", capacity="12000,5"))
    assert r.status_code == 303, r.text[:1000]
    p.ids["draft"] = int(r.headers["location"].rsplit("/", 1)[1])
    r = upload(gr, sheet(p.sheets, "gr_ok.xlsx", capacity=12000))
    assert r.status_code == 303, r.text[:1000]
    p.ids["accepted"] = up = int(r.headers["location"].rsplit("/", 1)[1])
    r = gr.post(f"/uploads/{up}/accept", data={"csrftoken": form_token(gr, f"/uploads/{up}")})
    assert r.status_code == 303
    officer = sign_in(p.server, "officer@example.org", "officer")
    r = officer.post("/versions", data={"csrftoken": form_token(officer, "/national")})
    assert r.status_code == 303, r.text[:2000]
    p.ids["version"] = v = int(r.headers["location"].rsplit("/", 1)[1])
    r = officer.post(f"/versions/{v}/runs", data={"csrftoken": form_token(officer, f"/versions/{v}"),
                                                  "scenario": list(scenarios)})
    assert r.status_code == 303, r.text[:2000]
    p.ids["job"] = job = int(r.headers["location"].rsplit("/", 1)[1])
    assert wait_for_job(officer, job) == "done", officer.get(f"/runs/{job}").text[-3000:]
    gr.close()
    officer.close()


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    """A live SQLite portal with data (see :func:`populate`)."""
    p = build_portal(tmp_path_factory.mktemp("portal"), None)
    try:
        populate(p)
        yield p
    finally:
        p.server.stop()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database in a temporary cluster.  In CI (CI=true) a missing pg_ctl fails."""
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("pg_ctl not found: make test installs the Debian package postgresql")
        pytest.skip("PostgreSQL is not installed (make test installs it)")
    pg = Postgres()
    try:
        yield pg.start()
    finally:
        pg.stop()
