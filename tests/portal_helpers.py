"""Helpers for the portal tests: filled-in capacity sheets, a real server on a free port, a
signed-in HTTP client, and a throw-away PostgreSQL cluster (initdb + pg_ctl)."""
from __future__ import annotations

import datetime as dt
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from openpyxl import load_workbook

from nabb.capacity.template import write_capacity_template

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {"coordinator": "coordinator-pass-1", "officer": "officer-pass-12", "admin": "admin-pass-123"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sheet(folder: Path, name: str, *, region: str = "GR", capacity: object = 12000,
          plant: str = "Vlasfabriek Nij Beets", date: dt.date = dt.date(2026, 3, 1),
          coordinator: str = "Jan de Vries", area: float = 500) -> Path:
    """A filled-in capacity sheet for the embedded default workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / f"_blank_{region}.xlsx"
    if not blank.exists():
        write_capacity_template(blank, region=region)
    wb = load_workbook(blank)
    c = wb["coordinator"]
    c["B3"], c["B4"], c["B5"], c["B6"] = region, coordinator, "coordinator@example.org", date
    ws = wb["existing_plants"]
    for j, v in enumerate([plant, "flax_scutching", capacity, 2012, 0.8], start=1):
        ws.cell(row=3, column=j, value=v)
    if plant.startswith("="):  # typed as text ('=...), not a formula
        ws.cell(row=3, column=1).data_type = "s"
    ws = wb["contracted_area"]
    for j, v in enumerate(["flax", 2027, area], start=1):
        ws.cell(row=3, column=j, value=v)
    out = folder / name
    wb.save(out)
    return out


def nabb(*args: str, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nabb", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, input=input, timeout=120, cwd=ROOT)


class Server:
    """``nabb serve`` in its own process group on 127.0.0.1 and a free port."""

    def __init__(self, data: Path, db: str | None = None, workers: int = 1, extra: tuple = ()):
        self.data, self.db, self.workers, self.extra = data, db, workers, extra
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = data / f"server-{self.port}.log"

    def args(self) -> list[str]:
        a = ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--data", str(self.data),
             "--workers", str(self.workers), *self.extra]
        return a + (["--db", self.db] if self.db else [])

    def start(self, timeout: float = 60) -> "Server":
        self.data.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "nabb", *self.args()], stdout=log,
                                         stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def kill(self) -> None:
        """SIGKILL the whole server (every worker) at once."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def add_users(data: Path, db: str | None, users) -> None:
    """Create the schema and accounts in-process (``nabb users add`` has its own test)."""
    from nabb.portal import auth
    from nabb.portal.config import Settings
    from nabb.portal.db import make_engine, migrate, session_factory
    settings = Settings.build(db, data)
    data.mkdir(parents=True, exist_ok=True)
    migrate(settings.db_url)
    engine = make_engine(settings.db_url)
    with session_factory(engine)() as s:
        for email, role, regions in users:
            auth.add_user(s, email, role, PASSWORDS[role], list(regions), by="test")
        s.commit()
    engine.dispose()


def add_user(data: Path, db: str | None, email: str, role: str, *regions: str) -> None:
    """``nabb users add`` in a subprocess, the password in NABB_PASSWORD."""
    args = ["users", "add", email, "--role", role, "--data", str(data)]
    for r in regions:
        args += ["--region", r]
    if db:
        args += ["--db", db]
    r = nabb(*args, env={"NABB_PASSWORD": PASSWORDS[role]})
    assert r.returncode == 0, r.stderr


def csrf(html: str) -> str:
    m = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def client(server: Server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, follow_redirects=False)


def sign_in(server: Server, email: str, role: str, password: str | None = None) -> httpx.Client:
    c = client(server)
    token = csrf(c.get("/login").text)
    r = c.post("/login", data={"csrftoken": token, "email": email,
                               "password": password or PASSWORDS[role]})
    assert r.status_code == 303, (r.status_code, r.text[:500])
    return c


def form_token(c: httpx.Client, page: str) -> str:
    r = c.get(page)
    assert r.status_code == 200, (page, r.status_code)
    return csrf(r.text)


def upload(c: httpx.Client, path: Path, token: str | None = None) -> httpx.Response:
    token = token or form_token(c, "/regions")
    # the CSRF field comes before the file (asgi-csrf reads it first)
    files = {"csrftoken": (None, token), "file": (path.name, path.read_bytes(), "application/octet-stream")}
    return c.post("/upload", files=files)


def wait_for_job(c: httpx.Client, job_id: int, timeout: float = 180) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        html = c.get(f"/runs/{job_id}").text
        m = re.search(r'id="job-status">([a-z]+)<', html)
        if m and m.group(1) in ("done", "failed", "stalled"):
            return m.group(1)
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish")


# ---------------------------------------------------------------------------- PostgreSQL
def pg_bin() -> Path | None:
    exe = shutil.which("pg_ctl")
    if exe:
        return Path(exe).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class Postgres:
    """A PostgreSQL cluster in a temporary folder, run as an unprivileged user when root."""

    def __init__(self):
        self.bin = pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="nabb-pg-"))
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:
            import pwd
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue

    def _run(self, *cmd: str) -> subprocess.CompletedProcess:
        full = list(cmd)
        if self.user is not None:
            full = ["runuser", "-u", self.user.pw_name, "--", *full]
        return subprocess.run(full, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        if self.user is not None:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        data = self.dir / "data"
        r = self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "nabb", "--auth=trust",
                      "-E", "UTF8", "--no-sync")
        assert r.returncode == 0, r.stderr
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        r = self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", opts, "-l",
                      str(self.dir / "log"), "-w", "start")
        assert r.returncode == 0, r.stderr + (self.dir / "log").read_text()
        r = self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "nabb", "portal")
        assert r.returncode == 0, r.stderr
        return f"postgresql://nabb@127.0.0.1:{self.port}/portal"

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
