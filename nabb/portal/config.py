"""Portal settings.  ``nabb serve`` passes them to every uvicorn worker through environment
variables (``NABB_PORTAL_*``), so that each worker process builds the same app."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: An upload larger than this is refused before it is read (a filled-in sheet is ~30 KiB).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Sessions last this long; signing in again makes a new one.
SESSION_HOURS = 12
#: Sign-in rate limit: this many failures in the window block further tries.
LOGIN_WINDOW_MINUTES = 15
LOGIN_MAX_FAILURES_PER_EMAIL = 5
LOGIN_MAX_FAILURES_PER_CLIENT = 20

ENV = {"db": "NABB_PORTAL_DB", "data": "NABB_PORTAL_DATA", "workbook": "NABB_PORTAL_WORKBOOK",
       "scheduler": "NABB_PORTAL_SCHEDULER", "max_upload": "NABB_PORTAL_MAX_UPLOAD"}


def default_data_dir() -> Path:
    """The data folder: $NABB_PORTAL_DATA, else ~/.local/share/nabb-portal."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nabb-portal"


@dataclass(frozen=True)
class Settings:
    db_url: str
    data_dir: Path
    workbook: Path | None = None       # base scenario workbook (None: the embedded default)
    scheduler: str | None = None       # dask scheduler for runs (None: a local subprocess)
    max_upload_bytes: int = MAX_UPLOAD_BYTES

    @classmethod
    def build(cls, db: str | None, data_dir: str | Path | None, workbook: str | Path | None = None,
              scheduler: str | None = None, max_upload_bytes: int | None = None) -> "Settings":
        data = Path(data_dir) if data_dir else default_data_dir()
        url = db or f"sqlite:///{(data / 'portal.sqlite3').resolve()}"
        return cls(url, data.resolve(), Path(workbook).resolve() if workbook else None,
                   scheduler or None, max_upload_bytes or MAX_UPLOAD_BYTES)

    def to_env(self) -> dict[str, str]:
        env = {ENV["db"]: self.db_url, ENV["data"]: str(self.data_dir),
               ENV["max_upload"]: str(self.max_upload_bytes)}
        if self.workbook:
            env[ENV["workbook"]] = str(self.workbook)
        if self.scheduler:
            env[ENV["scheduler"]] = self.scheduler
        return env

    @classmethod
    def from_env(cls) -> "Settings":
        return cls.build(os.environ.get(ENV["db"]), os.environ.get(ENV["data"]),
                         os.environ.get(ENV["workbook"]), os.environ.get(ENV["scheduler"]),
                         int(os.environ.get(ENV["max_upload"], "0") or 0) or None)
