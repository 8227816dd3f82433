"""Capacity sheets in the portal: upload (check at once with nabb's own check), accept, the
status of every region, and merging accepted sheets into a new workbook version.  All checking
and merging is done by :mod:`nabb.capacity`; this module only stores and records."""
from __future__ import annotations

import dataclasses
import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nabb.capacity.check import read_sheet
from nabb.capacity.lists import ScenarioLists, read_scenario_lists
from nabb.capacity.merge import changes_between, merge
from nabb.errors import InputError, Issue
from nabb.portal.auth import audit
from nabb.portal.config import Settings
from nabb.portal.db import Upload, User, WorkbookVersion, utcnow
from nabb.portal.storage import Store


def base_workbook(settings: Settings) -> Path:
    from nabb.pipeline import DEFAULT_WORKBOOK
    return settings.workbook or DEFAULT_WORKBOOK


@lru_cache(maxsize=8)
def _lists(path: str, mtime: float) -> ScenarioLists:
    return read_scenario_lists(path)


def scenario_lists(settings: Settings) -> ScenarioLists:
    """Regions, processes and crops of the base workbook (re-read when the file changes)."""
    path = base_workbook(settings)
    return _lists(str(path), path.stat().st_mtime)


def regions(settings: Settings) -> dict[str, str]:
    return dict(scenario_lists(settings).regions)


def issue_dicts(issues: list[Issue]) -> list[dict[str, str]]:
    return [dataclasses.asdict(i) for i in issues]


def issues_of(upload: Upload) -> list[Issue]:
    return [Issue(**d) for d in upload.issues]


@dataclass
class UploadOutcome:
    upload: Upload | None
    issues: list[Issue] = field(default_factory=list)
    refused: str = ""          # why nothing was stored
    seconds: float = 0.0


def _display_name(name: str) -> str:
    """The uploaded name, for display only: no path, no control characters, at most 120 chars."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:120] or "unnamed.xlsx"


def upload_sheet(db: Session, store: Store, settings: Settings, user: User, filename: str,
                 data: bytes, client: str = "") -> UploadOutcome:
    """Check an uploaded sheet and store it as a draft of the region it names.

    The region is read from the sheet itself and must be one of the user's regions; otherwise
    nothing is stored.  The file is stored under its SHA-256 (flushed to disk) before the row
    is committed, so a row never points to a missing file.
    """
    t0 = time.perf_counter()
    sha = hashlib.sha256(data).hexdigest()
    shown = _display_name(filename)
    work = Path(tempfile.mkdtemp(prefix="check-", dir=store.tmp_dir()))
    try:
        path = work / f"{sha}.xlsx"
        path.write_bytes(data)
        sheet, issues = read_sheet(path, base_workbook(settings))
        region = sheet.region if sheet is not None else ""
        mine = set(user.region_codes)
        if not region or region not in mine:
            found = f"region {region}" if region else "no valid region"
            why = (f"The sheet names {found}; you can upload sheets for "
                   f"{', '.join(sorted(mine)) or 'no region'} only. Nothing was stored.")
            audit(db, user.email, "upload_refused", f"{shown} sha256={sha} {found}", client)
            db.commit()
            return UploadOutcome(None, issues, why, time.perf_counter() - t0)
        n_err = sum(i.severity == "error" for i in issues)
        changes: list[str] = []
        previous = latest_accepted(db, region)
        if not n_err and previous is not None and previous.sha256 != sha:
            try:
                changes = changes_between(store.path("uploads", previous.sha256), path,
                                                   base_workbook(settings), work)
            except InputError as exc:
                changes = [f"cannot be merged after the accepted sheet #{previous.id}: "
                           + "; ".join(str(i) for i in exc.issues if i.severity == "error")[:2000]]
        elif not n_err and previous is not None:
            changes = [f"the same file as the accepted sheet #{previous.id}"]
        store.put_bytes("uploads", data)
        up = Upload(region=region, user_id=user.id, sha256=sha, size=len(data), filename=shown,
                    status="draft", n_errors=n_err, n_warnings=len(issues) - n_err,
                    issues=issue_dicts(issues), changes=changes,
                    sheet_date=sheet.date.isoformat() if sheet and sheet.date else "",
                    coordinator=(sheet.coordinator if sheet else "")[:255])
        db.add(up)
        db.flush()
        audit(db, user.email, "upload", f"#{up.id} region={region} {shown} sha256={sha} "
              f"errors={n_err} warnings={len(issues) - n_err}", client)
        db.commit()
        return UploadOutcome(up, issues, "", time.perf_counter() - t0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def accept(db: Session, upload: Upload, user: User, client: str = "") -> str:
    """Accept a draft without errors; returns "" or why it cannot be accepted."""
    if upload.n_errors:
        return "A sheet with errors cannot be accepted. Fix the errors and upload it again."
    if upload.status == "accepted":
        return ""
    upload.status = "accepted"
    upload.accepted_at = utcnow()
    upload.accepted_by = user.id
    audit(db, user.email, "accept", f"#{upload.id} region={upload.region} sha256={upload.sha256}",
          client)
    db.commit()
    return ""


def latest_accepted(db: Session, region: str) -> Upload | None:
    return db.scalar(select(Upload).where(Upload.region == region, Upload.status == "accepted")
                     .order_by(Upload.accepted_at.desc(), Upload.id.desc()).limit(1))


def latest_upload(db: Session, region: str) -> Upload | None:
    return db.scalar(select(Upload).where(Upload.region == region).order_by(Upload.id.desc()).limit(1))


def history(db: Session, region: str) -> list[Upload]:
    return list(db.scalars(select(Upload).where(Upload.region == region).order_by(Upload.id.desc())))


STATUS_LABEL = {"missing": "missing", "errors": "has errors", "draft": "checked, not accepted",
                "accepted": "accepted"}


def region_status(latest: Upload | None) -> str:
    """missing, errors (the latest sheet has errors), draft (clean, not accepted) or accepted."""
    if latest is None:
        return "missing"
    if latest.n_errors:
        return "errors"
    return "accepted" if latest.status == "accepted" else "draft"


@dataclass
class RegionRow:
    code: str
    name: str
    status: str
    latest: Upload | None
    accepted: Upload | None
    coordinators: list[str]


def national_table(db: Session, settings: Settings) -> list[RegionRow]:
    coords: dict[str, list[str]] = {}
    for u in db.scalars(select(User).where(User.role == "coordinator", User.active.is_(True))):
        for r in u.region_codes:
            coords.setdefault(r, []).append(u.email)
    rows = []
    for code, name in regions(settings).items():
        latest = latest_upload(db, code)
        rows.append(RegionRow(code, name or code, region_status(latest), latest,
                              latest_accepted(db, code), sorted(coords.get(code, []))))
    return rows


def merge_accepted(db: Session, store: Store, settings: Settings, user: User,
                   client: str = "") -> WorkbookVersion:
    """Merge the latest accepted sheet of every region into a new version of the base workbook.

    Raises InputError (with every issue) when nothing is accepted or the merge fails."""
    ups = [u for u in (latest_accepted(db, code) for code in regions(settings)) if u is not None]
    if not ups:
        raise InputError("no region has an accepted sheet yet")
    base = base_workbook(settings)
    work = Path(tempfile.mkdtemp(prefix="merge-", dir=store.tmp_dir()))
    try:
        out = work / "merged.xlsx"
        result = merge([store.path("uploads", u.sha256) for u in ups], base, out)
        sha, _ = store.put_file("versions", out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    version = WorkbookVersion(sha256=sha, created_by=user.id,
                              base_sha256=hashlib.sha256(base.read_bytes()).hexdigest(),
                              base_name=base.name, upload_ids=[u.id for u in ups],
                              changes=list(result.changes), warnings=[str(w) for w in result.warnings])
    db.add(version)
    db.flush()
    audit(db, user.email, "merge", f"version #{version.id} sha256={sha} from uploads "
          + ", ".join(f"#{u.id} ({u.region})" for u in ups), client)
    db.commit()
    return version


def count_uploads(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Upload)) or 0
