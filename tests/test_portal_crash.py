"""A killed server loses no accepted upload: SIGKILL every worker while uploads and acceptances
are in flight (and one upload is half sent), restart on the same data, and check that the
database and the file store agree and that everything acknowledged is still there."""
from __future__ import annotations

import hashlib
import socket
import sqlite3
import threading
import time

import httpx
import pytest

from tests.portal_helpers import Server, add_users, form_token, sheet, sign_in, upload


@pytest.mark.slow
def test_kill_mid_upload_loses_nothing_acknowledged(tmp_path):
    data = tmp_path / "data"
    add_users(data, None, [("gr@example.org", "coordinator", ("GR",))])
    sheets = [sheet(tmp_path / "sheets", f"gr_{i}.xlsx", capacity=1000 + i) for i in range(24)]
    server = Server(data, workers=2).start()
    acked_uploads: dict[int, str] = {}   # upload id -> sha256, for every 303 received
    acked_accepts: set[int] = set()
    lock = threading.Lock()
    try:
        c = sign_in(server, "gr@example.org", "coordinator")
        for path in sheets[:3]:  # accepted before the traffic starts
            r = upload(c, path)
            up = int(r.headers["location"].rsplit("/", 1)[1])
            assert c.post(f"/uploads/{up}/accept",
                          data={"csrftoken": form_token(c, f"/uploads/{up}")}).status_code == 303
            acked_uploads[up] = hashlib.sha256(path.read_bytes()).hexdigest()
            acked_accepts.add(up)
        token = form_token(c, "/regions")
        cookies = "; ".join(f"{k}={v}" for k, v in c.cookies.items())

        def worker(paths):
            w = httpx.Client(base_url=server.url, cookies=c.cookies, timeout=30)
            for path in paths:
                try:
                    r = upload(w, path, token)
                    if r.status_code != 303:
                        continue
                    up = int(r.headers["location"].rsplit("/", 1)[1])
                    with lock:
                        acked_uploads[up] = hashlib.sha256(path.read_bytes()).hexdigest()
                    r = w.post(f"/uploads/{up}/accept", data={"csrftoken": token})
                    if r.status_code == 303:
                        with lock:
                            acked_accepts.add(up)
                except httpx.HTTPError:
                    return  # the server is gone

        threads = [threading.Thread(target=worker, args=(sheets[3 + i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        # one upload that is only half sent when the server dies
        body = sheets[-1].read_bytes()
        boundary = "nabbcrashtest"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrftoken\"\r\n\r\n{token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.xlsx\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        raw = socket.create_connection(("127.0.0.1", server.port))
        raw.sendall((f"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\n"
                     f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                     f"Content-Length: {len(head) + len(body) + len(tail)}\r\n\r\n").encode()
                    + head + body[: len(body) // 2])
        deadline = time.monotonic() + 30
        while len(acked_accepts) < 7 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        raw.close()
        for t in threads:
            t.join(60)
        assert len(acked_accepts) >= 7, "too little traffic before the kill to test anything"

        restarted = Server(data, workers=1).start()
        try:
            db = sqlite3.connect(data / "portal.sqlite3")
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = {i: (sha, region, status, size) for i, sha, region, status, size in
                    db.execute("SELECT id, sha256, region, status, size FROM uploads")}
            # every row points to a complete file with its SHA-256
            for i, (sha, region, status, size) in rows.items():
                stored = data / "uploads" / sha[:2] / f"{sha}.xlsx"
                content = stored.read_bytes()
                assert hashlib.sha256(content).hexdigest() == sha and len(content) == size, i
                assert region == "GR"
            # everything acknowledged is there, unchanged
            for i, sha in acked_uploads.items():
                assert rows[i][0] == sha, i
            for i in acked_accepts:
                assert rows[i][2] == "accepted", i
            assert not any((data / "tmp").iterdir()), "half-written files left behind"
            # the half-sent upload left no row
            half = hashlib.sha256(body).hexdigest()
            assert all(sha != half for sha, *_ in rows.values()) or half in acked_uploads.values()
            # and the portal works on the same data
            c2 = sign_in(restarted, "gr@example.org", "coordinator")
            page = c2.get("/regions").text
            assert "badge accepted" in page
            latest = max(acked_accepts)
            r = c2.get(f"/uploads/{latest}/file")
            assert hashlib.sha256(r.content).hexdigest() == acked_uploads[latest]
        finally:
            restarted.stop()
    finally:
        server.stop()
