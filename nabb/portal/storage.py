"""Content-addressed file store: every file is kept under its SHA-256, never under a name that a
user chose.  Files are written to a temporary name, flushed to disk and renamed, so a killed
server leaves either the whole file or none (stray temporaries are removed at start)."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

KINDS = ("uploads", "versions", "annotated", "compare")


class Store:
    def __init__(self, root: Path):
        self.root = Path(root)

    def prepare(self, clean: bool = False) -> None:
        """Make the folders; with ``clean`` (once, before any worker starts) remove what a killed
        server left half-written in tmp/."""
        for kind in (*KINDS, "runs", "tmp"):
            (self.root / kind).mkdir(parents=True, exist_ok=True)
        if clean:
            import shutil
            for stray in (self.root / "tmp").iterdir():
                if stray.is_dir():
                    shutil.rmtree(stray, ignore_errors=True)
                else:
                    stray.unlink(missing_ok=True)

    def path(self, kind: str, sha256: str) -> Path:
        if kind not in KINDS or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a stored file: {kind}/{sha256!r}")
        return self.root / kind / sha256[:2] / f"{sha256}.xlsx"

    def tmp_dir(self) -> Path:
        d = self.root / "tmp"
        d.mkdir(parents=True, exist_ok=True)
        return d

    def put_bytes(self, kind: str, data: bytes) -> tuple[str, Path]:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(kind, sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha, target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.tmp_dir(), suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha, target

    def put_file(self, kind: str, src: Path) -> tuple[str, Path]:
        return self.put_bytes(kind, Path(src).read_bytes())

    def run_dir(self, job_id: int) -> Path:
        return self.root / "runs" / str(int(job_id))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - not on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
