"""Load test of the coordinator portal: 25 coordinators each upload 4 sheets at the same time.

    python benchmarks/bench_portal.py [--coordinators 25] [--sheets 4] [--workers 2] [--db URL]

Starts ``nabb serve`` on 127.0.0.1 and a free port (traffic goes to loopback only), creates the
accounts (coordinator i gets region i mod 15 of the default workbook), signs everyone in, then
releases all coordinators at once; each uploads its sheets one after another.  Every upload is
a POST /upload that returns only after nabb's check has run and the file and row are stored.

Checks, from the database and the file store after the run: no upload is lost or mixed up
(every stored SHA-256 equals the one sent, under the sender's account and the region written in
the sheet, and the stored bytes hash to it).  Prints p50/p95/max of the upload response time.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from nabb.capacity.lists import read_scenario_lists  # noqa: E402
from nabb.portal.config import Settings  # noqa: E402
from nabb.portal.db import Upload, User, make_engine, session_factory  # noqa: E402
from tests.portal_helpers import Server, add_users, form_token, sheet, sign_in, upload  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coordinators", type=int, default=25)
    ap.add_argument("--sheets", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    ap.add_argument("--db", default=None, help="database URL (default: SQLite in a temp folder)")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="nabb-bench-portal-"))
    data = tmp / "data"
    codes = sorted(read_scenario_lists(None).regions)[:15]
    people = [(f"coordinator{i:02d}@example.org", codes[i % len(codes)]) for i in range(args.coordinators)]
    add_users(data, args.db, [(email, "coordinator", (region,)) for email, region in people])
    # distinct sheets: plant name and capacity differ per coordinator and sheet
    sent: dict[str, list[tuple[Path, str, str]]] = {}
    for i, (email, region) in enumerate(people):
        sent[email] = []
        for k in range(args.sheets):
            path = sheet(tmp / "sheets", f"c{i:02d}_{k}.xlsx", region=region, capacity=1000 + 10 * i + k,
                         plant=f"Plant {region} {i}-{k}", coordinator=email)
            sent[email].append((path, region, hashlib.sha256(path.read_bytes()).hexdigest()))

    server = Server(data, args.db, workers=args.workers).start()
    try:
        clients = {email: sign_in(server, email, "coordinator") for email, _ in people}
        tokens = {email: form_token(c, "/regions") for email, c in clients.items()}
        times: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(len(people))

        def run(email: str) -> None:
            c = clients[email]
            start.wait()
            for path, _, _ in sent[email]:
                t0 = time.perf_counter()
                r = upload(c, path, tokens[email])
                dt = time.perf_counter() - t0
                with lock:
                    if r.status_code == 303:
                        times.append(dt)
                    else:
                        failures.append(f"{email} {path.name}: HTTP {r.status_code}")

        threads = [threading.Thread(target=run, args=(email,)) for email, _ in people]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.stop()

    # verify from the database and the store
    settings = Settings.build(args.db, data)
    engine = make_engine(settings.db_url)
    problems = list(failures)
    with session_factory(engine)() as db:
        users = {u.id: u.email for u in db.scalars(select(User))}
        rows = list(db.scalars(select(Upload)))
    engine.dispose()
    by_sha = {}
    for r in rows:
        by_sha.setdefault(r.sha256, []).append(r)
    expected = 0
    for email, items in sent.items():
        for path, region, sha in items:
            expected += 1
            got = by_sha.get(sha, [])
            if len(got) != 1:
                problems.append(f"{path.name}: {len(got)} stored rows with its SHA-256")
                continue
            r = got[0]
            if users[r.user_id] != email or r.region != region:
                problems.append(f"{path.name}: stored for {users[r.user_id]} / {r.region}, sent by "
                                f"{email} for {region}")
            stored = data / "uploads" / sha[:2] / f"{sha}.xlsx"
            if hashlib.sha256(stored.read_bytes()).hexdigest() != sha:
                problems.append(f"{path.name}: stored bytes do not hash to the SHA-256 sent")
    if len(rows) != expected:
        problems.append(f"{len(rows)} rows stored for {expected} uploads sent")

    figures = {"coordinators": len(people), "sheets_each": args.sheets, "uploads": expected,
               "stored": len(rows), "workers": args.workers,
               "database": "postgresql" if args.db and args.db.startswith("postgres") else "sqlite",
               "p50_s": round(statistics.median(times), 3) if times else None,
               "p95_s": round(percentile(times, 0.95), 3) if times else None,
               "max_s": round(max(times), 3) if times else None,
               "wall_s": round(wall, 2), "uploads_per_s": round(len(times) / wall, 1),
               "problems": len(problems)}
    print(json.dumps(figures, indent=2))
    for p in problems[:20]:
        print("PROBLEM", p)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
