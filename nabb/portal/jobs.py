"""Background scenario runs.  A job is a row in the ``jobs`` table; the web request only inserts
it and starts ``python -m nabb.portal.jobs JOB_ID`` as a separate process (its own session, so it
outlives the request and the worker that started it).  The runner claims the row, solves each
scenario with nabb's own pipeline (locally, or on the Dask scheduler given) and writes progress
and results back to the row.  No state lives in the web process.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from nabb.portal.config import Settings
from nabb.portal.db import Job, WorkbookVersion, make_engine, session_factory, utcnow
from nabb.portal.storage import Store

#: A running job whose runner has not written for this long is shown as stalled.
STALLED_AFTER = dt.timedelta(minutes=10)


def start(settings: Settings, job_id: int) -> int:
    """Start the runner process for a queued job; returns its pid."""
    store = Store(settings.data_dir)
    folder = store.run_dir(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **settings.to_env()}
    with open(folder / "runner.log", "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "nabb.portal.jobs", str(int(job_id))],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True, close_fds=True)
    return proc.pid


def is_stalled(job: Job) -> bool:
    return job.status == "running" and job.heartbeat_at is not None and \
        utcnow() - job.heartbeat_at > STALLED_AFTER


def _solve_to_files(workbook_bytes: bytes, name: str, scenario: str) -> dict[str, Any]:
    """Solve one scenario and return its report folder as {file name: bytes}.

    Runs in the runner process or on a Dask worker (which need not share a disk with the
    portal), so the workbook travels as bytes and the reports come back as bytes.
    """
    from nabb import pipeline
    from nabb.scenarios import apply_scenario
    with tempfile.TemporaryDirectory(prefix="nabb-portal-run-") as tmp:
        wb = Path(tmp) / name
        wb.write_bytes(workbook_bytes)
        base = pipeline.read_base(wb)
        inputs = apply_scenario(base, scenario)
        run_ = pipeline.solve_inputs(inputs)
        target = pipeline.write_reports(run_, Path(tmp) / "out")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(target.rglob("*")):
                if f.is_file():
                    zf.write(f, f.relative_to(target).as_posix())
        objective = run_.results.objective_eur
        return {"status": run_.results.status, "objective_eur": objective if objective == objective else None,
                "zip": buf.getvalue()}


def _unpack(data: bytes, target: Path) -> None:
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        import shutil
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            name = Path(info.filename)
            if name.is_absolute() or ".." in name.parts:
                continue
            out = tmp / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(zf.read(info))
    if target.exists():
        import shutil
        shutil.rmtree(target)
    os.replace(tmp, target)


def _update(db: Session, job_id: int, **values: Any) -> None:
    db.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=utcnow(), **values))
    db.commit()


def run_job(settings: Settings, job_id: int) -> str:
    """Claim and run a queued job; returns its final status."""
    engine = make_engine(settings.db_url)
    Sessions = session_factory(engine)
    store = Store(settings.data_dir)
    with Sessions() as db:
        claimed = db.execute(update(Job).where(Job.id == job_id, Job.status == "queued")
                             .values(status="running", pid=os.getpid(), started_at=utcnow(),
                                     heartbeat_at=utcnow()))
        db.commit()
        if claimed.rowcount != 1:
            return "not queued"
        job = db.get(Job, job_id)
        version = db.get(WorkbookVersion, job.version_id)
        scenarios = list(job.scenarios)
        data = store.path("versions", version.sha256).read_bytes()
        name = f"scenario_v{version.id}.xlsx"
        results: dict[str, Any] = {}
        client = None
        try:
            if settings.scheduler:
                from distributed import Client
                _update(db, job_id, progress=f"connecting to {settings.scheduler}")
                client = Client(settings.scheduler, timeout=os.environ.get("NABB_DASK_TIMEOUT", "30s"))
            for i, scenario in enumerate(scenarios):
                _update(db, job_id, progress=f"solving {scenario} ({i + 1} of {len(scenarios)})",
                        done_count=i)
                if client is not None:
                    out = client.submit(_solve_to_files, data, name, scenario, pure=False).result()
                else:
                    out = _solve_to_files(data, name, scenario)
                _unpack(out.pop("zip"), store.run_dir(job_id) / _folder(scenario))
                results[scenario] = out
                if i + 1 < len(scenarios):
                    _update(db, job_id, results=dict(results), done_count=i + 1)
            # the last results and the final status in one update: a page never shows a
            # finished report list on a job that still says running
            _update(db, job_id, results=dict(results), done_count=len(scenarios), status="done",
                    finished_at=utcnow(), progress=f"{len(scenarios)} of {len(scenarios)} scenarios solved")
            return "done"
        except BaseException as exc:  # noqa: BLE001 - the job records every failure
            db.rollback()
            from nabb.errors import NabbError
            msg = str(exc) if isinstance(exc, NabbError) else \
                f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
            _update(db, job_id, status="failed", finished_at=utcnow(), error=msg[:20000],
                    results=dict(results), progress="failed")
            return "failed"
        finally:
            if client is not None:
                client.close()
            engine.dispose()


def _folder(scenario: str) -> str:
    """Report folder name of a scenario (scenario names are checked against the workbook)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in scenario).strip(".")
    return safe or "_"


def report_dir(store: Store, job: Job, scenario: str) -> Path | None:
    if scenario not in job.scenarios:
        return None
    return store.run_dir(job.id) / _folder(scenario)


if __name__ == "__main__":  # pragma: no cover - exercised by the portal tests
    status = run_job(Settings.from_env(), int(sys.argv[1]))
    sys.exit(0 if status in ("done", "not queued") else 1)
