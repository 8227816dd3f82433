"""Where nabb may write: the one path guard, nabb's own folders, and whole-folder swaps.

Every command that writes or removes goes through this module (docs/security.md):

* :func:`replace_dir` writes a folder (a report ``reports/<scenario>/``, a sweep, a set of
  annotated copies) in a staging folder and swaps it in whole.  It replaces only a folder
  that nabb wrote itself: one holding a :data:`MARKER` file (JSON with the run id and the
  files nabb put there) and nothing else.  Any other folder is refused (exit 2), naming it.
* :func:`output_file` writes one file atomically after checking that it is none of the
  command's inputs (resolved paths and ``os.path.samefile``, so symbolic and hard links
  count) and that an existing file is one nabb wrote, or that the user passed ``--force``.
* Faults of the file system (read-only, full disk, permission denied, a file where a folder
  should be) become one :class:`~nabb.errors.FileSystemError` line naming the path (exit 6).

The swap: ``fill(staging)``, then ``target -> .NAME.nabb-old-ID`` and ``staging -> target``,
then the old folder is removed.  A run killed between the two renames leaves both under their
hidden names; the next run on the same output folder (under the same lock) finishes that swap
(or, when the staging folder is not complete, renames the old folder back) and removes stale
staging folders, before it does anything else.  The lock is an
``flock`` on the parent folder, so two runs on the same ``--out`` take turns and both finish.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import uuid
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from nabb.errors import FileSystemError, NabbError, UnsafeOutputError  # noqa: F401 (re-exported)
from nabb.io.strict_json import dumps

#: File in every folder nabb writes; its JSON names the run and the files nabb wrote there.
MARKER = ".nabb-output"
TMP_TAG = ".nabb-tmp-"
OLD_TAG = ".nabb-old-"
#: Files of a report folder written before markers existed (nabb <= 0.x); such a folder is
#: still recognised as nabb's when it holds nothing else and its summary.json says nabb.
LEGACY_REPORT_FILES = frozenset({"report.xlsx", "summary.json", "report.html", "diagnosis.txt",
                                 "inputs.json", "frames.json"})
#: Custom document property that marks a workbook nabb wrote (compare.xlsx, annotated copies).
WORKBOOK_PROPERTY = "nabb_output"
#: Test hook: ``NABB_TEST_KILL_AT=staged`` (after the staging folder is complete) or
#: ``between-renames`` kills the process with SIGKILL there (tests/test_hostile_paths.py).
KILL_ENV = "NABB_TEST_KILL_AT"

PathLike = "str | os.PathLike[str]"


# ------------------------------------------------------------------ file-system errors
def _code(err: OSError) -> str:
    return errno.errorcode.get(err.errno or 0, "")


def fs_error(err: OSError, path: Any, action: str = "write") -> FileSystemError:
    """One line naming the path and the reason, e.g. 'cannot write reports: Read-only ...'."""
    where = path
    name = getattr(err, "filename", None)
    if name and os.fspath(name) != os.fspath(path):
        base = os.path.basename(os.fspath(name))
        if not (base.startswith(".") and (TMP_TAG in base or base.endswith(".tmp"))):
            where = name  # a more precise path, unless it is one of nabb's staging names
    reason = err.strerror or str(err) or type(err).__name__
    code = _code(err)
    hint = {"ENOSPC": " - free some space or choose another --out",
            "EROFS": " - choose a writable output folder",
            "EACCES": " - choose a folder you may write to",
            "EPERM": " - choose a folder you may write to",
            "ENOTDIR": " - a part of this path is a file, not a folder",
            "EDQUOT": " - free some space or choose another --out"}.get(code, "")
    return FileSystemError(f"cannot {action} {where}: {reason}"
                           f"{f' ({code})' if code else ''}{hint}")


@contextlib.contextmanager
def filesystem_errors(path: Any, action: str = "write") -> Iterator[None]:
    """Turn an OSError raised inside the block into one FileSystemError line."""
    try:
        yield
    except NabbError:
        raise
    except OSError as err:
        raise fs_error(err, path, action) from None


# ------------------------------------------------------------------ path checks
def _abs(p: Any) -> Path:
    return Path(os.path.abspath(os.fspath(p)))


def _resolved(p: Any) -> Path:
    return _abs(p).resolve()


def _inode(p: Any) -> tuple[int, int] | None:
    try:
        st = os.stat(p)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def same_file(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` name one file: equal resolved paths, or samefile (links)."""
    if _resolved(a) == _resolved(b):
        return True
    ia, ib = _inode(a), _inode(b)
    return ia is not None and ia == ib


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_inside(path: Any, root: Any) -> None:
    """Refuse a path that, resolved, lies outside the output folder ``root``."""
    rp, rr = _resolved(path), _resolved(root)
    if not _is_within(rp, rr):
        raise UnsafeOutputError(f"refusing to write {path}: it resolves to {rp}, outside "
                                f"the output folder {root} ({rr})")


def check_not_inputs(output: Any, inputs: Iterable[Any]) -> None:
    """Refuse an output that is one of the inputs (resolved paths, symlinks, hard links)."""
    for inp in inputs:
        if inp is None:
            continue
        if same_file(output, inp):
            how = "" if _abs(output) == _abs(inp) else " (the same file through a link)"
            raise UnsafeOutputError(f"refusing to write {output}: it is the input {inp}"
                                    f"{how}; inputs are never modified - choose another name")


def _check_folder_holds_no_input(folder: Path, inputs: Iterable[Any]) -> None:
    """Refuse to replace a folder that holds an input (by path, resolved path or inode)."""
    inputs = [i for i in inputs if i is not None]
    if not inputs:
        return
    fa, fr = _abs(folder), _resolved(folder)
    inodes = {}
    for inp in inputs:
        if _is_within(_abs(inp), fa) or _is_within(_resolved(inp), fr):
            raise UnsafeOutputError(f"refusing to replace {folder}: it holds the input "
                                    f"{inp}; choose another --out")
        ino = _inode(inp)
        if ino is not None:
            inodes[ino] = inp
    if not inodes or not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames:
            ino = _inode(os.path.join(dirpath, name))
            if ino in inodes:
                raise UnsafeOutputError(f"refusing to replace {folder}: "
                                        f"{os.path.join(dirpath, name)} is a link to the input "
                                        f"{inodes[ino]}; choose another --out")


# ------------------------------------------------------------------ nabb's own folders
def read_marker(folder: Path) -> dict[str, Any] | None:
    """The marker of a folder nabb wrote, or None (no marker, a link, or not nabb's JSON)."""
    path = folder / MARKER
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 1 << 20:
            return None
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("run_id"), str):
        return None
    return doc


def _write_marker(folder: Path, kind: str, run_id: str, complete: bool,
                  status: str | None = None) -> None:
    from nabb import __version__
    files = sorted(p.name for p in folder.iterdir() if p.name != MARKER) if complete else []
    doc = {"written_by": "nabb", "nabb": __version__, "kind": kind, "run_id": run_id,
           "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
           "pid": os.getpid(), "complete": complete, "files": files}
    if status is not None:
        doc["status"] = status  # the solver status of a report: a failed run keeps an optimal one
    (folder / MARKER).write_text(dumps(doc, indent=1), encoding="utf-8")


def _legacy_report(folder: Path) -> bool:
    """A report folder from before markers: only report files, and nabb's summary.json."""
    try:
        entries = list(folder.iterdir())
        if not entries or any(p.name not in LEGACY_REPORT_FILES or p.is_symlink() or not p.is_file()
                              for p in entries):
            return False
        doc = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        return isinstance(doc.get("run", {}).get("versions", {}).get("nabb"), str)
    except (OSError, ValueError, AttributeError):
        return False


def report_status(folder: Path) -> str | None:
    """The solver status of the report nabb wrote in ``folder``, or None.

    Read from the marker; a report from before markers carried a status only in its
    summary.json, so that is read when the marker has none.  Only folders that nabb may
    replace are asked (anything else is refused anyway).
    """
    if folder.is_symlink() or not folder.is_dir():
        return None
    marker = read_marker(folder)
    if marker is None and not _legacy_report(folder):
        return None
    if marker is not None and isinstance(marker.get("status"), str):
        return marker["status"]
    try:
        doc = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    status = doc.get("status") if isinstance(doc, dict) else None
    return status if isinstance(status, str) else None


def check_replaceable(target: Path, inputs: Iterable[Any] = ()) -> None:
    """Refuse (exit 2) to replace anything but a folder nabb wrote, holding only its files."""
    if not os.path.lexists(target):
        return
    if target.is_symlink():
        raise UnsafeOutputError(f"refusing to replace {target}: it is a symbolic link; "
                                "nabb replaces only folders it wrote itself")
    if not target.is_dir():
        raise UnsafeOutputError(f"refusing to replace {target}: it is a file, not a folder "
                                "nabb wrote; move it away or choose another --out")
    _check_folder_holds_no_input(target, inputs)
    entries = [p.name for p in target.iterdir()]
    if not entries:
        return  # an empty folder loses nothing
    marker = read_marker(target)
    if marker is None:
        if _legacy_report(target):
            return
        raise UnsafeOutputError(f"refusing to replace {target}: it exists and was not "
                                f"written by nabb (no {MARKER} file); move it away or choose "
                                "another --out")
    extra = sorted(set(entries) - set(marker.get("files") or []) - {MARKER})
    if extra:
        raise UnsafeOutputError(f"refusing to replace {target}: it holds files nabb did "
                                f"not write ({', '.join(extra[:5])}"
                                f"{', ...' if len(extra) > 5 else ''}); move them away first")


# ------------------------------------------------------------------ lock and recovery
@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Exclusive flock on ``folder`` itself (no lock file): runs on one --out take turns."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock; a killed process releases it too


_LEGACY_OLD = re.compile(r"\.(?P<name>.+)\.old-(?P<pid>\d+)")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(parent: Path, name: str) -> list[str]:
    """Restore or clean what a killed swap of ``parent/name`` left; returns what was done.

    Call with :func:`folder_lock` held on ``parent``: every swap there holds the same lock,
    so any staging or old folder found is stale.
    """
    done: list[str] = []
    target = parent / name
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return done
    for entry in entries:
        n = entry.name
        if entry.is_symlink() or not entry.is_dir():
            continue
        if n.startswith(f".{name}{OLD_TAG}") and read_marker(entry) is not None:
            run_id = n[len(f".{name}{OLD_TAG}"):]
            staged = parent / f".{name}{TMP_TAG}{run_id}"
            marker = read_marker(staged) if staged.is_dir() and not staged.is_symlink() else None
            if not os.path.lexists(target) and marker and marker.get("complete"):
                os.rename(staged, target)  # killed between the renames: finish the swap
                shutil.rmtree(entry)
                done.append(f"completed the swap of {target} that a killed run left half done")
            elif not os.path.lexists(target):
                os.rename(entry, target)
                done.append(f"restored {target} from {entry.name} (left by a run that was killed)")
            else:
                shutil.rmtree(entry)
                done.append(f"removed {entry} (left by a run that was killed)")
        elif (m := _LEGACY_OLD.fullmatch(n)) and m["name"] == name and not _pid_alive(int(m["pid"])):
            if not os.path.lexists(target) and _legacy_report(entry):
                os.rename(entry, target)
                done.append(f"restored {target} from {entry.name} (left by a run that was killed)")
    for entry in entries:
        n = entry.name
        if not n.startswith(f".{name}{TMP_TAG}") or entry.is_symlink() or not entry.is_dir():
            continue
        if read_marker(entry) is not None:
            shutil.rmtree(entry)
            done.append(f"removed the unfinished {entry}")
        else:
            with contextlib.suppress(OSError):
                entry.rmdir()  # only when empty: nabb writes its marker first
    return done


def _test_hook(point: str) -> None:
    if os.environ.get(KILL_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _ensure_folder(folder: Path) -> None:
    if os.path.lexists(folder) and not folder.is_dir():
        raise FileSystemError(f"cannot write {folder}: it is a file, not a folder (ENOTDIR)"
                              " - choose another --out")
    folder.mkdir(parents=True, exist_ok=True)


def replace_dir(target: Any, fill: Callable[[Path], None], *, root: Any | None = None,
                inputs: Sequence[Any] = (), kind: str = "report",
                progress: Callable[[str], None] | None = None,
                status: str | None = None) -> Path:
    """Write folder ``target`` with ``fill(staging)`` and swap it in whole.

    ``root`` is the output folder the user named (default: ``target`` itself); ``target``
    must resolve inside it.  ``inputs`` are the command's input files: none may lie in, or be
    linked from, the folder that is replaced.  ``status`` (a report's solver status) is
    recorded in the marker (:func:`report_status`).
    """
    target = Path(target)
    root = Path(root) if root is not None else target
    with filesystem_errors(target):
        if root != target:
            _ensure_folder(root)
        check_inside(target, root)
        parent = target.parent
        _ensure_folder(parent)
        with folder_lock(parent):
            for line in recover(parent, target.name):
                if progress:
                    progress(line)
            check_replaceable(target, inputs)
            run_id = uuid.uuid4().hex
            staging = parent / f".{target.name}{TMP_TAG}{run_id}"
            staging.mkdir()
            try:
                _write_marker(staging, kind, run_id, complete=False)
                fill(staging)
                _write_marker(staging, kind, run_id, complete=True, status=status)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _test_hook("staged")
            if os.path.lexists(target):
                old = parent / f".{target.name}{OLD_TAG}{run_id}"
                if read_marker(target) is None:  # empty or legacy folder: mark it as ours
                    _write_marker(target, kind, "legacy-" + run_id, complete=True)
                os.rename(target, old)
                _test_hook("between-renames")
                os.rename(staging, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(staging, target)
    return target


def remove_dir(target: Any, *, root: Any, inputs: Sequence[Any] = (),
               kind: str | None = None) -> bool:
    """Remove folder ``target`` when nabb wrote it (of ``kind``, when given); True if removed.

    The same refusals as :func:`replace_dir` apply, under the same lock; a folder that is not
    nabb's, or of another kind, is left alone (False) rather than refused, because removing
    is only ever tidying up.
    """
    target = Path(target)
    with filesystem_errors(target):
        check_inside(target, root)
        if not target.is_dir() or target.is_symlink():
            return False
        with folder_lock(target.parent):
            marker = read_marker(target)
            if marker is None or (kind is not None and marker.get("kind") != kind):
                return False
            try:
                check_replaceable(target, inputs)
            except UnsafeOutputError:
                return False
            old = target.parent / f".{target.name}{OLD_TAG}{uuid.uuid4().hex}"
            os.rename(target, old)
            shutil.rmtree(old, ignore_errors=True)
    return True


def precheck_dir(target: Any, root: Any | None = None, inputs: Sequence[Any] = ()) -> None:
    """The refusals of :func:`replace_dir`, before any work (it checks again, under the lock)."""
    target = Path(target)
    root = Path(root) if root is not None else target
    with filesystem_errors(target):
        for folder in (root, target.parent):
            if os.path.lexists(folder) and not folder.is_dir():
                raise FileSystemError(f"cannot write {target}: {folder} is a file, not a "
                                      "folder (ENOTDIR) - choose another --out")
        check_inside(target, root)
        if target.parent.is_dir():
            check_replaceable(target, inputs)
            # a swap killed earlier may have left the old folder under its hidden name: the
            # real run restores it first, so judge what it will find
        for entry in (target.parent.iterdir() if target.parent.is_dir() else ()):
            if entry.name.startswith(f".{target.name}{OLD_TAG}") and not os.path.lexists(target):
                check_replaceable(entry, inputs)


def listing(folder: Path) -> list[str]:
    """The files of an output folder as a user sees them (nabb's marker left out)."""
    return sorted(p.name for p in folder.iterdir() if p.name != MARKER)


# ------------------------------------------------------------------ single files
def stamp_workbook(wb: Any, kind: str) -> None:
    """Mark an openpyxl workbook as written by nabb (a custom document property)."""
    from openpyxl.packaging.custom import StringProperty
    props = wb.custom_doc_props
    for p in list(props.props):
        if p.name == WORKBOOK_PROPERTY:
            props.props.remove(p)
    props.append(StringProperty(name=WORKBOOK_PROPERTY, value=kind))


def written_by_nabb(path: Path) -> bool:
    """True for a file nabb wrote and a user does not edit: a stamped workbook, or
    docs/schema.md as generated by ``nabb schema-doc``."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as z:
                info = z.getinfo("docProps/custom.xml")
                if info.file_size > 1 << 20:
                    return False
                return f'name="{WORKBOOK_PROPERTY}"'.encode() in z.read(info)
        if path.suffix.lower() == ".md":
            with open(path, "rb") as f:
                head = f.read(200)
            return head.startswith(b"# Input workbook schema\n\nGenerated from `nabb/schema.py`")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return False


def check_output_file(output: Any, inputs: Iterable[Any] = (), force: bool = False) -> Path:
    """Refuse (exit 2) an output that is an input, a folder, or a file nabb did not write."""
    out = Path(output)
    check_not_inputs(out, inputs)
    if out.is_dir():
        raise UnsafeOutputError(f"refusing to write {out}: it is a folder; give a file name")
    if os.path.lexists(out) and not force and not written_by_nabb(out):
        raise UnsafeOutputError(f"refusing to overwrite {out}: it exists and was not "
                                "written by nabb; pass --force to overwrite it")
    return out


@contextlib.contextmanager
def output_file(output: Any, inputs: Iterable[Any] = (), force: bool = False) -> Iterator[Path]:
    """Guarded, atomic write of one file: yields a temporary path renamed onto ``output``."""
    from nabb.io.safe_write import atomic_path
    out = check_output_file(output, list(inputs), force)
    with filesystem_errors(out):
        if os.path.lexists(out.parent) and not out.parent.is_dir():
            raise FileSystemError(f"cannot write {out}: {out.parent} is a file, not a "
                                  "folder (ENOTDIR)")
        with atomic_path(out) as tmp:
            yield tmp


def files_under(folders: Iterable[Any]) -> list[Path]:
    """Every file under the given folders (the inputs of a command that reads folders)."""
    out: list[Path] = []
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            out.extend(Path(dirpath, n) for n in names)
    return out
