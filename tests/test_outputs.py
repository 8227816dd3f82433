"""Unit cases of nabb/io/outputs.py (the path guard); the commands that use it are run on
hostile paths in tests/test_hostile_paths.py, which counts in the hostile suite."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from nabb.errors import UnsafeOutputError
from nabb.io import outputs
from nabb.schema import is_safe_name
from tests.test_hostile_paths import BAD_NAMES, GOOD_NAMES, hidden_leftovers, lib  # noqa: F401


def test_safe_name_rule():
    assert all(is_safe_name(n) for n in GOOD_NAMES)
    assert not any(is_safe_name(n) for n in BAD_NAMES + ["", None, 5, "a\n"])


def test_recover_restores_the_old_folder_when_the_target_is_missing(lib, tmp_path):
    """The same recovery in-process, also for the pre-marker names (.base.old-PID)."""
    shutil.copytree(lib / "reports", tmp_path / "reports")
    reports = tmp_path / "reports"
    os.rename(reports / "base", reports / f".base{outputs.OLD_TAG}deadbeef")
    (reports / f".base{outputs.TMP_TAG}cafe").mkdir()
    (reports / f".base{outputs.TMP_TAG}cafe" / outputs.MARKER).write_text(
        json.dumps({"run_id": "cafe", "files": []}))
    (reports / ".alt.old-999999999").mkdir()  # a legacy name, but "alt" exists: left alone
    done = outputs.recover(reports, "base")
    assert (reports / "base" / "summary.json").exists()
    assert sorted(p.name for p in reports.iterdir()) == [".alt.old-999999999", "alt", "base"]
    assert len(done) == 2, done
    # the legacy name of a killed pre-marker run is restored when its target is missing
    (reports / outputs.MARKER).write_text("")  # noise that recover must ignore
    shutil.rmtree(reports / "alt")
    shutil.copytree(reports / "base", reports / ".alt.old-999999999", dirs_exist_ok=True)
    (reports / ".alt.old-999999999" / outputs.MARKER).unlink()
    outputs.recover(reports, "alt")
    assert (reports / "alt" / "summary.json").exists()


def test_lock_serialises_swaps_in_one_folder(tmp_path):
    """Two swaps of one target from two threads: both complete, the last one wins whole."""
    import threading
    order = []

    def fill(tag):
        def f(tmp: Path) -> None:
            order.append(f"start {tag}")
            time.sleep(0.2)
            (tmp / "who.txt").write_text(tag)
            order.append(f"end {tag}")
        return f
    threads = [threading.Thread(target=outputs.replace_dir, args=(tmp_path / "out" / "x", fill(t)),
                                kwargs={"root": tmp_path / "out"}) for t in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order[0].startswith("start") and order[1].startswith("end")  # never interleaved
    assert (tmp_path / "out" / "x" / "who.txt").read_text() == order[-1].split()[-1]
    assert hidden_leftovers(tmp_path / "out") == []


def test_same_file_sees_links_and_resolved_paths(tmp_path):
    a = tmp_path / "a.xlsx"
    a.write_text("x")
    (tmp_path / "sym.xlsx").symlink_to(a)
    os.link(a, tmp_path / "hard.xlsx")
    (tmp_path / "other.xlsx").write_text("x")
    assert outputs.same_file(a, tmp_path / "sym.xlsx")
    assert outputs.same_file(a, tmp_path / "hard.xlsx")
    assert outputs.same_file(a, tmp_path / "sub" / ".." / "a.xlsx")
    assert not outputs.same_file(a, tmp_path / "other.xlsx")
    assert not outputs.same_file(a, tmp_path / "missing.xlsx")


def test_check_inside_refuses_what_resolves_outside(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "esc").symlink_to(tmp_path)
    outputs.check_inside(tmp_path / "out" / "base", tmp_path / "out")
    for bad in (tmp_path / "out" / ".." / "x", tmp_path / "out" / "esc" / "x", Path("/tmp/victim")):
        with pytest.raises(UnsafeOutputError):
            outputs.check_inside(bad, tmp_path / "out")


def test_written_by_nabb_knows_only_its_stamped_workbooks(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.save(tmp_path / "plain.xlsx")
    outputs.stamp_workbook(wb, "compare")
    outputs.stamp_workbook(wb, "compare")  # once, however often it is called
    wb.save(tmp_path / "stamped.xlsx")
    (tmp_path / "junk.xlsx").write_bytes(b"PK not a zip")
    assert outputs.written_by_nabb(tmp_path / "stamped.xlsx")
    assert not outputs.written_by_nabb(tmp_path / "plain.xlsx")
    assert not outputs.written_by_nabb(tmp_path / "junk.xlsx")
    assert not outputs.written_by_nabb(tmp_path / "missing.xlsx")
