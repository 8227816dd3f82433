"""Harness for the hostile suite: run a nabb command as a user would and check the guarantees.

Every hostile case (tests/test_hostile_*.py, marked ``hostile``) runs one command in a
scratch folder and then asserts, through :func:`check_guarantees`, what docs/security.md
promises for every input, however malformed:

- no traceback and an exit code from the documented table;
- no input file changed (content and modification time);
- nothing written, changed or removed outside the output paths the command was given;
- a refused file is refused within the time and memory caps (:func:`run_subprocess`).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from click.testing import CliRunner

#: Exit codes documented in README.md; anything else from a hostile case is a defect.
DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 130}

#: The caps a refused file must stay within (docs/security.md).
REFUSAL_SECONDS = 2.0
REFUSAL_MEGABYTES = 200.0


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    output: str
    seconds: float = 0.0
    max_rss_mb: float = 0.0
    #: the child's own CPU time (user + system): unlike wall time, not inflated when other
    #: processes share the cores
    cpu_seconds: float = 0.0


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``root`` (symlinks not followed) with its SHA-256 and mtime."""
    state: dict[str, tuple[str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = Path(dirpath, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                state[rel] = ("link:" + os.readlink(path), 0)
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[rel] = (digest, path.stat().st_mtime_ns)
    return state


def invoke(args: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    """Run ``nabb ARGS`` in-process (fast) from ``cwd``; an escaped exception is a failure."""
    from nabb.cli import main

    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), env=env, catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"nabb {' '.join(args)} raised {result.exception!r}:\n{result.output}")
    return Outcome(result.exit_code, result.output)


#: Runs in a small intermediate process that starts nabb and waits for it.  Linux keeps the
#: peak RSS of the process that forked a child in the child's ru_maxrss (across exec), so a
#: child forked straight from pytest (hundreds of MB) would report pytest's size; forked
#: from this ~10 MB interpreter, nabb reports its own peak.
_MEASURE = r"""
import json, os, sys, time
out_path, timeout = sys.argv[1], float(sys.argv[2])
args = sys.argv[3:]
start = time.perf_counter()
pid = os.posix_spawn(args[0], args, os.environ)
timed_out = False
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    if time.perf_counter() - start > timeout:
        os.kill(pid, 9)
        done, status, usage = os.wait4(pid, 0)
        timed_out = True
        break
    time.sleep(0.005)
with open(out_path, "w") as fh:
    json.dump({"status": status, "seconds": time.perf_counter() - start, "timed_out": timed_out,
               "maxrss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}, fh)
"""


def run_subprocess(args: Sequence[str], cwd: Path, timeout: float = 120,
                   env: dict[str, str] | None = None) -> Outcome:
    """Run ``python -m nabb ARGS`` in a child process; returns its wall time, CPU time and
    its own peak RSS (see ``_MEASURE``)."""
    import json
    import tempfile

    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as log:
        report = Path(scratch) / "usage.json"
        subprocess.run([sys.executable, "-S", "-c", _MEASURE, str(report), str(timeout),
                        sys.executable, "-m", "nabb", *args], cwd=cwd, env=full_env,
                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                       timeout=timeout + 30)
        usage = json.loads(report.read_text())
        log.seek(0)
        out = log.read().decode("utf-8", "replace")
    if usage["timed_out"]:
        raise AssertionError(f"nabb {' '.join(args)} ran over {timeout} s")
    return Outcome(os.waitstatus_to_exitcode(usage["status"]), out, usage["seconds"],
                   usage["maxrss_kb"] / 1024.0, usage["cpu"])


def check_guarantees(outcome: Outcome, before: dict[str, tuple[str, int]], root: Path,
                     outputs: Iterable[str] = (), inputs: Iterable[str] = ()) -> None:
    """Assert the hostile-suite guarantees after one command.

    ``before`` is :func:`snapshot` of ``root`` taken before the command; ``outputs`` are the
    paths (relative to ``root``) that the command was told it may write under; ``inputs``
    are paths that must be byte-identical afterwards (every other pre-existing file must be
    unchanged too, unless it lies under an output path).
    """
    assert "Traceback" not in outcome.output, outcome.output
    assert outcome.exit_code in DOCUMENTED_EXIT_CODES, (outcome.exit_code, outcome.output)
    after = snapshot(root)
    allowed = tuple(str(Path(o)) for o in outputs)

    def under_output(rel: str) -> bool:
        return any(rel == o or rel.startswith(o.rstrip("/") + "/") for o in allowed)

    for rel in inputs:
        assert before.get(rel) == after.get(rel), f"input {rel} was changed or removed"
    for rel, state in before.items():
        if not under_output(rel):
            assert after.get(rel) == state, f"{rel} (outside the outputs) was changed or removed"
    for rel in after.keys() - before.keys():
        assert under_output(rel), f"{rel} was written outside the output paths {allowed}"
