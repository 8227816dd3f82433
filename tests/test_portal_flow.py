"""The portal end to end over HTTP against a real server, on SQLite and on PostgreSQL:
upload, check, annotated copy, accept, national table, merge with provenance, background run,
report.html / report.xlsx, and the compare workbook."""
from __future__ import annotations

import hashlib
import io
import re
import sqlite3

import pytest
from openpyxl import load_workbook

from nabb.capacity.provenance import parse_provenance
from tests.portal_fixtures import build_portal, populate
from tests.portal_helpers import form_token, sign_in


def _ids_of(p, region: str):
    """Upload ids of a region, from the database the portal uses."""
    from sqlalchemy import text
    from nabb.portal.config import Settings
    from nabb.portal.db import make_engine
    engine = make_engine(Settings.build(p.server.db, p.data).db_url)
    with engine.connect() as conn:
        rows = list(conn.execute(text("SELECT id FROM uploads WHERE region = :r"), {"r": region}))
    engine.dispose()
    return rows


def _check_portal(p, compare: bool = True) -> None:
    ids = p.ids
    gr = sign_in(p.server, "gr@example.org", "coordinator")
    # the decimal comma is shown with sheet, cell, column, expected and found
    page = gr.get(f"/uploads/{ids['draft']}").text
    assert "1 error(s)" in page and "cannot be accepted" in page
    row = re.search(r'<tr class="error">(.*?)</tr>', page, re.S).group(1)
    assert "existing_plants" in row and "<code>C3</code>" in row and "capacity_t_per_yr" in row
    assert "decimal comma" in row and "12000,5" in row
    # the draft with errors cannot be accepted, even by a forged request
    r = gr.post(f"/uploads/{ids['draft']}/accept",
                data={"csrftoken": form_token(gr, f"/uploads/{ids['draft']}")})
    assert r.status_code == 409 and "cannot be accepted" in r.text
    # the annotated copy marks the cell
    r = gr.get(f"/uploads/{ids['draft']}/annotated")
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "nabb_check"
    assert "decimal comma" in wb["existing_plants"]["C3"].comment.text
    # history: who, when, SHA-256, state
    mine = gr.get("/regions").text
    sent = hashlib.sha256((p.sheets / "gr_ok.xlsx").read_bytes()).hexdigest()
    assert sent[:16] in mine and "gr@example.org" in mine and "badge accepted" in mine
    # a blank template for the region
    r = gr.get("/regions/GR/template")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert load_workbook(io.BytesIO(r.content))["coordinator"]["B3"].value == "GR"

    officer = sign_in(p.server, "officer@example.org", "officer")
    table = officer.get("/national").text
    gr_row = re.search(r'<tr class="(\w+)" data-region="GR">(.*?)</tr>', table, re.S)
    fr_row = re.search(r'<tr class="(\w+)" data-region="FR">(.*?)</tr>', table, re.S)
    # other tests of the shared portal may upload newer GR drafts: the accepted one stays listed
    latest = max(i for (i,) in _ids_of(p, "GR"))
    assert gr_row.group(1) == ("accepted" if latest == ids["accepted"] else gr_row.group(1))
    assert gr_row.group(1) in ("accepted", "draft", "errors")
    assert f"#{ids['accepted']}<" in gr_row.group(2) and "gr@example.org" in gr_row.group(2)
    assert fr_row.group(1) == "missing" and "fr@example.org" in fr_row.group(2)
    # the version holds the accepted sheet with its provenance
    r = officer.get(f"/versions/{ids['version']}/download")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    cap = wb["capacity"]
    head = [c.value for c in cap[1]]
    rows = [dict(zip(head, [c.value for c in row])) for row in cap.iter_rows(min_row=3)]
    mine = [r for r in rows if r.get("plant") == "Vlasfabriek Nij Beets"]
    assert len(mine) == 1 and mine[0]["region"] == "GR" and mine[0]["capacity_t_per_yr"] == 12000
    assert parse_provenance(mine[0]["provenance"])["sha"] == sent
    # the run's reports
    job = ids["job"]
    run_page = officer.get(f"/runs/{job}").text
    assert "report.html" in run_page
    r = officer.get(f"/runs/{job}/base/report.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "<svg" in r.text
    r = officer.get(f"/runs/{job}/base/report.xlsx")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert "Summary" in load_workbook(io.BytesIO(r.content)).sheetnames or len(r.content) > 10_000
    # compare two runs
    if not compare:
        return
    r = officer.post("/compare", data={"csrftoken": form_token(officer, "/versions"),
                                       "first": f"{job}:base", "second": f"{job}:high_carbon_price"})
    assert r.status_code == 200, r.text[:2000]
    assert "KPI deltas" in load_workbook(io.BytesIO(r.content)).sheetnames
    # the audit log has every kind of event
    admin = sign_in(p.server, "admin@example.org", "admin")
    audit = admin.get("/admin/audit").text
    for action in ("signin", "upload", "accept", "merge", "run", "compare", "user_add"):
        assert f"<code>{action}</code>" in audit, action


def test_portal_on_sqlite(portal):
    _check_portal(portal)
    db = sqlite3.connect(portal.data / "portal.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    # passwords are argon2 hashes
    assert all(h.startswith("$argon2id$") for (h,) in db.execute("SELECT password_hash FROM users"))


@pytest.mark.slow
def test_portal_on_postgresql(postgres_url, tmp_path):
    p = build_portal(tmp_path, postgres_url)
    try:
        populate(p, scenarios=("base",))
        _check_portal(p, compare=False)
    finally:
        p.server.stop()
    import psycopg
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT count(*) FROM uploads").fetchone()[0] == 2
        assert conn.execute("SELECT status FROM jobs").fetchone()[0] == "done"


@pytest.mark.slow
def test_runs_go_to_the_dask_scheduler_given(tmp_path):
    """``nabb serve --scheduler``: the run is solved on the cluster's worker and the report
    comes back as bytes into the portal's store."""
    from distributed import LocalCluster
    from tests.portal_helpers import Server, add_users, sheet, upload, wait_for_job
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                           host="127.0.0.1", dashboard_address=None)
    data = tmp_path / "data"
    try:
        add_users(data, None, [("gr@example.org", "coordinator", ("GR",)),
                               ("officer@example.org", "officer", ())])
        server = Server(data, extra=("--scheduler", cluster.scheduler_address)).start()
        try:
            gr = sign_in(server, "gr@example.org", "coordinator")
            r = upload(gr, sheet(tmp_path / "sheets", "gr.xlsx"))
            up = int(r.headers["location"].rsplit("/", 1)[1])
            gr.post(f"/uploads/{up}/accept", data={"csrftoken": form_token(gr, f"/uploads/{up}")})
            officer = sign_in(server, "officer@example.org", "officer")
            r = officer.post("/versions", data={"csrftoken": form_token(officer, "/national")})
            v = int(r.headers["location"].rsplit("/", 1)[1])
            page = officer.get(f"/versions/{v}").text
            assert f"on the Dask scheduler {cluster.scheduler_address}" in page
            r = officer.post(f"/versions/{v}/runs", data={"csrftoken": form_token(officer, f"/versions/{v}"),
                                                          "scenario": "base"})
            job = int(r.headers["location"].rsplit("/", 1)[1])
            assert wait_for_job(officer, job) == "done", officer.get(f"/runs/{job}").text[-2000:]
            assert cluster.scheduler_address in officer.get(f"/runs/{job}").text
            tasks = cluster.scheduler.task_prefixes
            assert "solve_to_files" in tasks, list(tasks)  # solved on the cluster, not locally
            assert officer.get(f"/runs/{job}/base/report.html").status_code == 200
        finally:
            server.stop()
    finally:
        cluster.close()
