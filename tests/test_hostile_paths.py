"""Hostile paths (issue 10, part A): nothing outside the output folder is written or removed,
no input is ever overwritten, and every file-system fault ends in one clear line.

Every case runs a real command in a scratch folder and ends with
:func:`tests.hostile.check_guarantees`: no traceback, a documented exit code, inputs
unchanged, nothing written outside the outputs.  Fixtures are built at run time.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from nabb.errors import EXIT_INVALID_INPUT
from nabb.io.template import write_input_workbook
from nabb.schema import is_safe_name
from tests.cases import SETTINGS_ONE, tables
from tests.hostile import check_guarantees, invoke, snapshot

pytestmark = pytest.mark.hostile


def write_workbook(path: Path, scenarios: list[dict] | None = None) -> Path:
    t = tables()
    if scenarios is not None:
        t["scenarios"] = scenarios
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in t.items()}, SETTINGS_ONE)
    return path


def scenario_row(name: str, parent: str = "") -> dict:
    return dict(scenario=name, parent=parent, sheet="policy", column="carbon_price_eur_per_t",
                filter="*", value=50.0, multiplier=None, description="")


# --- 1. scenario names are safe names -------------------------------------------------------

BAD_NAMES = ["../victim", "/tmp/victim", "..", ".", "a/b", "a\\b", "x" * 65, "scen one",
             ".hidden", "naïve", "C:evil", "~root", "a\tb", "$HOME", "*"]
GOOD_NAMES = ["base_2", "high-carbon", "v1.2", "x" * 64, "2030"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_unsafe_scenario_name_is_an_error_at_its_cell(tmp_path, name):
    wb = write_workbook(tmp_path / "scen.xlsx", [scenario_row("ok"), scenario_row(name)])
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    before = snapshot(tmp_path)
    for args in (["validate", "scen.xlsx"], ["run", "scen.xlsx", "--all", "--out", "reports"]):
        out = invoke(args, tmp_path)
        assert out.exit_code == EXIT_INVALID_INPUT, out.output
        assert "scenarios:A4 [scenario]" in out.output, out.output
        assert "a safe name" in out.output
        check_guarantees(out, before, tmp_path, outputs=["reports"], inputs=["scen.xlsx"])
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("name", ["../victim", "x" * 65])
def test_unsafe_parent_name_is_an_error_at_its_cell(tmp_path, name):
    wb = write_workbook(tmp_path / "scen.xlsx", [scenario_row("ok", parent=name)])
    assert wb.exists()
    before = snapshot(tmp_path)
    out = invoke(["validate", "scen.xlsx"], tmp_path)
    assert out.exit_code == EXIT_INVALID_INPUT
    assert "scenarios:B3 [parent]" in out.output, out.output
    check_guarantees(out, before, tmp_path, inputs=["scen.xlsx"])


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_safe_scenario_names_pass(tmp_path, name):
    write_workbook(tmp_path / "scen.xlsx", [scenario_row(name)])
    before = snapshot(tmp_path)
    out = invoke(["validate", "scen.xlsx"], tmp_path)
    assert out.exit_code == 0, out.output
    check_guarantees(out, before, tmp_path, inputs=["scen.xlsx"])


def test_scenario_names_typed_as_numbers_stay_valid(tmp_path):
    path = write_workbook(tmp_path / "scen.xlsx", [scenario_row("x")])
    wb = load_workbook(path)
    wb["scenarios"]["A3"] = 2030
    wb.save(path)
    out = invoke(["validate", "scen.xlsx"], tmp_path)
    assert out.exit_code == 0, out.output


# --- shared fixtures (built once per module, copied into each case's scratch folder) ---------
import datetime as dt
import errno
import json
import os
import shutil
import subprocess
import sys
import time

from nabb.errors import EXIT_FILESYSTEM
from nabb.io import outputs
from tests.hostile import run_subprocess

TWO_SCENARIOS = [scenario_row("alt")]


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Path:
    """scen.xlsx (scenarios base and alt), reports/{base,alt} from it, gr.xlsx (a blank
    capacity sheet for region A) and gr_filled.xlsx (the same, filled in)."""
    from nabb.capacity.template import write_capacity_template
    root = tmp_path_factory.mktemp("lib")
    write_workbook(root / "scen.xlsx", TWO_SCENARIOS)
    out = invoke(["run", "scen.xlsx", "--all", "--out", "reports"], root)
    assert out.exit_code == 0, out.output
    write_capacity_template(root / "gr.xlsx", region="A", workbook=root / "scen.xlsx")
    wb = load_workbook(root / "gr.xlsx")
    c = wb["coordinator"]
    c["B3"], c["B4"], c["B5"] = "A", "Jan de Vries", "jan@example.org"
    c["B6"] = dt.date(2026, 3, 1)
    for j, v in enumerate(("hemp", 2030, 100.0), start=1):
        wb["contracted_area"].cell(row=3, column=j, value=v)
    wb.save(root / "gr_filled.xlsx")
    out = invoke(["capacity", "check", "gr_filled.xlsx", "--workbook", "scen.xlsx"], root)
    assert out.exit_code == 0, out.output
    return root


@pytest.fixture
def work(lib, tmp_path) -> Path:
    for p in lib.iterdir():
        (shutil.copytree if p.is_dir() else shutil.copy2)(p, tmp_path / p.name)
    return tmp_path


def run_case(work: Path, args: list[str], outputs_: list[str], inputs: list[str],
             expect: int | set[int]) -> str:
    before = snapshot(work)
    out = invoke(args, work)
    check_guarantees(out, before, work, outputs=outputs_, inputs=inputs)
    want = {expect} if isinstance(expect, int) else expect
    assert out.exit_code in want, out.output
    return out.output


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if outputs.TMP_TAG in p.name or outputs.OLD_TAG in p.name)


# --- 2. the folder nabb replaces is checked ---------------------------------------------------

def test_input_inside_the_folder_to_replace_is_refused(work):
    """Issue 10 item 2: nabb run folder/base/scen.xlsx --out folder."""
    (work / "folder" / "base").mkdir(parents=True)
    shutil.copy2(work / "scen.xlsx", work / "folder" / "base" / "scen.xlsx")
    (work / "folder" / "base" / "notes.txt").write_text("mine")
    text = run_case(work, ["run", "folder/base/scen.xlsx", "--out", "folder"], ["folder"],
                    ["folder/base/scen.xlsx", "folder/base/notes.txt"], EXIT_INVALID_INPUT)
    assert "folder/base" in text


FOREIGN = {
    "user folder": lambda p: (p.mkdir(), (p / "thesis.docx").write_text("years of work")),
    "symlink to a user folder": lambda p: ((p.parent / "victim").mkdir(),
                                           (p.parent / "victim" / "keep.txt").write_text("x"),
                                           p.symlink_to(p.parent / "victim")),
    "symlink to nabb's own report": lambda p: p.symlink_to(p.parent / "alt"),
    "regular file": lambda p: p.write_text("not a folder"),
    "nabb folder plus a user file": lambda p: (shutil.copytree(p.parent / "alt", p),
                                               (p / "my_notes.txt").write_text("mine")),
    "forged marker without a run id": lambda p: (p.mkdir(), (p / outputs.MARKER).write_text("{}"),
                                                 (p / "data.csv").write_text("1")),
    "marker that is a symlink": lambda p: (p.mkdir(), (p.parent / "m.json").write_text(
        json.dumps({"run_id": "x", "files": ["data.csv"]})), (p / outputs.MARKER).symlink_to(
        p.parent / "m.json"), (p / "data.csv").write_text("1")),
    "hard link to the input in a nabb folder": lambda p: (
        shutil.copytree(p.parent / "alt", p), os.link(p.parent.parent / "scen.xlsx", p / "x.xlsx")),
    "legacy-looking folder with a foreign file": lambda p: (
        p.mkdir(), (p / "summary.json").write_text('{"run": {"versions": {"nabb": "0"}}}'),
        (p / "passwords.txt").write_text("x")),
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_run_refuses_to_replace_what_nabb_did_not_write(work, case):
    target = work / "reports" / "base"
    shutil.rmtree(target)
    FOREIGN[case](target)
    text = run_case(work, ["run", "scen.xlsx", "--out", "reports"], [], ["scen.xlsx"],
                    EXIT_INVALID_INPUT)
    assert "reports/base" in text and "refusing" in text
    assert hidden_leftovers(work / "reports") == []


REPLACEABLE = {
    "nabb's own report": lambda p: None,
    "an empty folder": lambda p: (shutil.rmtree(p), p.mkdir()),
    "a report from before markers": lambda p: (p.joinpath(outputs.MARKER).unlink()),
    "no folder yet": lambda p: shutil.rmtree(p),
}


@pytest.mark.parametrize("case", sorted(REPLACEABLE))
def test_run_replaces_its_own_folders(work, case):
    target = work / "reports" / "base"
    REPLACEABLE[case](target)
    run_case(work, ["run", "scen.xlsx", "--out", "reports"], ["reports/base"], ["scen.xlsx"], 0)
    assert outputs.read_marker(target)["kind"] == "report"
    assert {"report.xlsx", "summary.json"} <= set(outputs.listing(target))
    assert hidden_leftovers(work / "reports") == []


def test_out_is_the_input_folder(work):
    """--out . (the folder holding the workbook) writes ./base and leaves the workbook alone."""
    run_case(work, ["run", "scen.xlsx", "--out", "."], ["base"], ["scen.xlsx"], 0)
    assert (work / "base" / "summary.json").exists()


def test_out_through_a_symlinked_folder_is_the_users_choice(work):
    (work / "elsewhere").mkdir()
    (work / "via").symlink_to(work / "elsewhere")
    run_case(work, ["run", "scen.xlsx", "--out", "via"], ["elsewhere"], ["scen.xlsx"], 0)
    assert (work / "elsewhere" / "base" / "summary.json").exists()


@pytest.mark.parametrize("args, make", [
    (["run", "scen.xlsx", "--out", "afile"], "afile"),
    (["run", "scen.xlsx", "--out", "afile/sub"], "afile"),
    (["run", "scen.xlsx", "--out", "afile/sub/deeper"], "afile"),
    (["sweep", "scen.xlsx", "--param", "carbon_price", "--values", "0,10", "--out", "afile/sw",
      "--no-progress"], "afile"),
    (["compare", "reports/base", "reports/alt", "-o", "afile/c.xlsx"], "afile"),
    (["template", "input", "afile/t.xlsx"], "afile"),
    (["template", "capacity", "afile/t.xlsx", "--workbook", "scen.xlsx"], "afile"),
    (["capacity", "check", "gr.xlsx", "--workbook", "scen.xlsx", "--annotate", "afile/a.xlsx"],
     "afile"),
    (["capacity", "merge", "gr_filled.xlsx", "--into", "scen.xlsx", "-o", "afile/m.xlsx"], "afile"),
    (["export", "scen.xlsx", "--format", "lp", "-o", "afile/m.lp"], "afile"),
    (["schema-doc", "-o", "afile/schema.md"], "afile"),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_output_under_a_regular_file_is_one_line_exit_6(work, args, make):
    (work / make).write_text("I am a file")
    text = run_case(work, args, [], ["scen.xlsx", make], {EXIT_FILESYSTEM, EXIT_INVALID_INPUT})
    assert "afile" in text
    assert len([ln for ln in text.splitlines() if "afile" in ln]) >= 1


# --- 3. no output is one of the command's inputs (every command) -----------------------------

def _link(kind: str, src: Path, dst: Path) -> None:
    if kind == "symlink":
        dst.symlink_to(src)
    elif kind == "hardlink":
        os.link(src, dst)


SAME_FILE = [
    # (command, the input the output aliases)
    (["capacity", "check", "gr.xlsx", "--workbook", "scen.xlsx", "--annotate", "OUT.xlsx"],
     "scen.xlsx"),
    (["capacity", "check", "gr.xlsx", "--workbook", "scen.xlsx", "--annotate", "OUT.xlsx"],
     "gr.xlsx"),
    (["capacity", "merge", "gr_filled.xlsx", "--into", "scen.xlsx", "-o", "OUT.xlsx"], "scen.xlsx"),
    (["capacity", "merge", "gr_filled.xlsx", "--into", "scen.xlsx", "-o", "OUT.xlsx"],
     "gr_filled.xlsx"),
    (["template", "capacity", "OUT.xlsx", "--workbook", "scen.xlsx"], "scen.xlsx"),
    (["export", "scen.xlsx", "--format", "lp", "-o", "OUT.lp"], "scen.xlsx"),
    (["compare", "reports/base", "reports/alt", "-o", "OUT.xlsx"], "reports/base/report.xlsx"),
]


# export gives its output the format's suffix, so "-o scen.xlsx" writes scen.lp: no same-name case
SAME_FILE_CASES = [(a, v, link) for a, v in SAME_FILE for link in ("same name", "symlink", "hardlink")
                   if not (a[0] == "export" and link == "same name")]


@pytest.mark.parametrize("args, victim, link", SAME_FILE_CASES,
                         ids=[f"{a[0]}-{a[1]}-{v.split('/')[-1]}-{k}" for a, v, k in SAME_FILE_CASES])
def test_output_that_is_an_input_is_refused_even_with_force(work, args, victim, link):
    out_name = next(a for a in args if a.startswith("OUT"))
    if link == "same name":
        args = [victim if a == out_name else a for a in args]
        alias = victim
    else:
        alias = "alias" + Path(out_name).suffix
        _link(link, work / victim, work / alias)
        args = [alias if a == out_name else a for a in args]
    text = run_case(work, args + ["--force"], [], ["scen.xlsx", "gr.xlsx", "gr_filled.xlsx",
                                                   victim, alias], EXIT_INVALID_INPUT)
    assert "input" in text and "refusing" in text, text


@pytest.mark.parametrize("output", ["reports/base/report.xlsx", "reports/base/new.xlsx",
                                    "reports/alt/summary.json.xlsx"])
def test_compare_never_writes_into_a_report_it_reads(work, output):
    """Issue 10 item 3: nabb compare repA repB -o repA/report.xlsx."""
    text = run_case(work, ["compare", "reports/base", "reports/alt", "-o", output, "--force"], [],
                    ["reports/base/report.xlsx"], EXIT_INVALID_INPUT)
    assert "report folder" in text


FOREIGN_FILE_COMMANDS = [
    ["template", "capacity", "OUT.xlsx", "--workbook", "scen.xlsx"],
    ["template", "input", "OUT.xlsx"],
    ["capacity", "check", "gr.xlsx", "--workbook", "scen.xlsx", "--annotate", "OUT.xlsx"],
    ["capacity", "merge", "gr_filled.xlsx", "--into", "scen.xlsx", "-o", "OUT.xlsx"],
    ["compare", "reports/base", "reports/alt", "-o", "OUT.xlsx"],
    ["export", "scen.xlsx", "--format", "lp", "-o", "OUT.lp"],
    ["schema-doc", "-o", "OUT.md"],
]


@pytest.mark.parametrize("args", FOREIGN_FILE_COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_existing_file_nabb_did_not_write_needs_force(work, args):
    """Issue 10 item 3: nabb template capacity gr.xlsx over a filled-in sheet, and the like."""
    out_name = next(a for a in args if a.startswith("OUT"))
    shutil.copy2(work / "gr_filled.xlsx", work / out_name)  # somebody's filled-in file
    text = run_case(work, args, [], [out_name, "scen.xlsx"], EXIT_INVALID_INPUT)
    assert out_name in text and "--force" in text
    before = snapshot(work)
    out = invoke(args + ["--force"], work)
    check_guarantees(out, before, work, outputs=[out_name], inputs=["scen.xlsx"])
    assert out.exit_code in (0, EXIT_INVALID_INPUT), out.output  # check of a blank sheet: 2
    assert (work / out_name).read_bytes() != (work / "gr_filled.xlsx").read_bytes()


@pytest.mark.parametrize("args", [
    ["compare", "reports/base", "reports/alt", "-o", "c.xlsx"],
    ["schema-doc", "-o", "schema.md"],
], ids=lambda a: a[0])
def test_rewriting_nabbs_own_file_needs_no_force(work, args):
    for _ in range(2):
        run_case(work, args, [args[-1]], ["scen.xlsx"], 0)


def test_template_capacity_refuses_a_filled_in_sheet(work):
    """Issue 10 item 3, the exact case: nabb template capacity gr.xlsx over a filled-in sheet."""
    shutil.copy2(work / "gr_filled.xlsx", work / "gr.xlsx")
    run_case(work, ["template", "capacity", "gr.xlsx", "--workbook", "scen.xlsx"], [],
             ["gr.xlsx"], EXIT_INVALID_INPUT)


# --- 13. two sheets with one file name from different folders ---------------------------------

def test_same_file_name_from_two_folders_is_reported_and_annotated_apart(work):
    (work / "a").mkdir()
    (work / "b").mkdir()
    shutil.copy2(work / "gr.xlsx", work / "a" / "gr.xlsx")          # blank: errors
    shutil.copy2(work / "gr_filled.xlsx", work / "b" / "gr.xlsx")   # clean
    text = run_case(work, ["capacity", "check", "a/gr.xlsx", "b/gr.xlsx", "--workbook", "scen.xlsx",
                           "--annotate", "checked"], ["checked"],
                    ["a/gr.xlsx", "b/gr.xlsx"], EXIT_INVALID_INPUT)
    assert "a/gr.xlsx: " in text and "b/gr.xlsx: OK" in text, text
    assert "b/gr.xlsx:" not in text.split("b/gr.xlsx: OK", 1)[1]  # no error names b's copy
    names = outputs.listing(work / "checked")
    assert names == ["a_gr.checked.xlsx", "b_gr.checked.xlsx"]
    a = load_workbook(work / "checked" / "a_gr.checked.xlsx")["nabb_check"]
    b = load_workbook(work / "checked" / "b_gr.checked.xlsx")["nabb_check"]
    assert a.max_row > 2 and b["A2"].value == "no issues"


def test_annotation_folder_is_replaced_whole_and_only_when_nabbs(work):
    args = ["capacity", "check", "gr.xlsx", "gr_filled.xlsx", "--workbook", "scen.xlsx",
            "--annotate", "checked"]
    run_case(work, args, ["checked"], ["gr.xlsx"], EXIT_INVALID_INPUT)
    run_case(work, args, ["checked"], ["gr.xlsx"], EXIT_INVALID_INPUT)  # again: replaced
    (work / "checked" / "reply.txt").write_text("my answer to the coordinator")
    text = run_case(work, args, [], ["gr.xlsx", "checked/reply.txt"], EXIT_INVALID_INPUT)
    assert "reply.txt" in text and "refusing" in text
    # the folder of the inputs themselves is never an annotation folder
    text = run_case(work, ["capacity", "check", "gr.xlsx", "gr_filled.xlsx", "--workbook",
                           "scen.xlsx", "--annotate", "."], [], ["gr.xlsx"], EXIT_INVALID_INPUT)
    assert "refusing" in text


# --- 9. file-system faults: one line naming the path, exit 6 ---------------------------------

def _enospc(*_a, **_k):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_disk(monkeypatch):
    """Every write of content fails with ENOSPC (in-process: no root tricks, no real disk)."""
    import zipfile

    def arm():
        monkeypatch.setattr(zipfile.ZipFile, "writestr", _enospc)
        monkeypatch.setattr(Path, "write_text", _enospc)
        monkeypatch.setattr(Path, "write_bytes", _enospc)
        import nabb.pipeline  # HiGHS writes MPS/LP files in C: make its writer fail the same way
        monkeypatch.setattr(nabb.pipeline, "write_lp", _enospc)
    return arm


@pytest.fixture
def read_only(monkeypatch):
    """Make folder read-only: chmod, and since the suite runs as root (which chmod does not
    stop) also make creating anything under it fail with ``code`` the way the kernel would."""
    import tempfile
    made = []

    def arm(folder: Path, code: int = errno.EROFS):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o555)
        made.append(folder)
        if os.geteuid() != 0:
            return
        root = str(folder.resolve())

        def under(p) -> bool:
            return os.path.abspath(os.fspath(p)).startswith(root)

        real_mkdir, real_mkstemp, real_mkdtemp, real_rename = (
            os.mkdir, tempfile.mkstemp, tempfile.mkdtemp, os.rename)

        def mkdir(path, *a, **k):
            if under(path) and not os.path.isdir(path):
                raise OSError(code, os.strerror(code), os.fspath(path))
            return real_mkdir(path, *a, **k)

        def mkstemp(*a, dir=None, **k):
            if dir is not None and under(dir):
                raise OSError(code, os.strerror(code), os.fspath(dir))
            return real_mkstemp(*a, dir=dir, **k)

        def rename(src, dst, *a, **k):
            if under(src) or under(dst):
                raise OSError(code, os.strerror(code), os.fspath(dst))
            return real_rename(src, dst, *a, **k)

        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(os, "rename", rename)
    yield arm
    for folder in made:
        os.chmod(folder, 0o755)


WRITERS = {
    "run": (["run", "scen.xlsx", "--out", "ro"], "ro"),
    "sweep": (["sweep", "scen.xlsx", "--param", "carbon_price", "--values", "0,50", "--out", "ro/sw",
               "--no-progress"], "ro"),
    "compare": (["compare", "reports/base", "reports/alt", "-o", "ro/c.xlsx"], "ro"),
    "template input": (["template", "input", "ro/t.xlsx"], "ro"),
    "template capacity": (["template", "capacity", "ro/t.xlsx", "--workbook", "scen.xlsx"], "ro"),
    "capacity check --annotate": (["capacity", "check", "gr_filled.xlsx", "--workbook", "scen.xlsx",
                                   "--annotate", "ro/a.xlsx"], "ro"),
    "capacity check --annotate folder": (["capacity", "check", "gr_filled.xlsx", "gr.xlsx",
                                          "--workbook", "scen.xlsx", "--annotate", "ro/a"], "ro"),
    "capacity merge": (["capacity", "merge", "gr_filled.xlsx", "--into", "scen.xlsx", "-o",
                        "ro/m.xlsx"], "ro"),
    "export": (["export", "scen.xlsx", "--format", "mps", "-o", "ro/m.mps"], "ro"),
    "schema-doc": (["schema-doc", "-o", "ro/schema.md"], "ro"),
}
FAST_WRITERS = [k for k in WRITERS if k not in ("run", "sweep")]


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES], ids=["read-only", "permission"])
@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_unwritable_output_folder_is_one_line_exit_6(work, read_only, cmd, code):
    args, folder = WRITERS[cmd]
    read_only(work / folder, code)
    text = run_case(work, args, [], ["scen.xlsx", "gr.xlsx", "gr_filled.xlsx"], EXIT_FILESYSTEM)
    assert f"cannot write {folder}" in text and errno.errorcode[code] in text, text
    assert list((work / folder).iterdir()) == []


@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_full_disk_is_one_line_exit_6_and_leaves_no_partial_output(work, full_disk, cmd):
    args, folder = WRITERS[cmd]
    (work / folder).mkdir()
    if cmd == "sweep":  # the output is written after the solves: fill the disk just then
        import nabb.reports.sweep as sw
        real = sw.write_outputs

        def late(*a, **k):
            full_disk()
            return real(*a, **k)
        sw.write_outputs = late
        try:
            text = run_case(work, args, [folder], ["scen.xlsx"], EXIT_FILESYSTEM)
        finally:
            sw.write_outputs = real
    else:
        full_disk()
        text = run_case(work, args, [folder], ["scen.xlsx", "gr.xlsx", "gr_filled.xlsx"],
                        EXIT_FILESYSTEM)
    assert "ENOSPC" in text and folder in text, text
    assert sum("ENOSPC" in line for line in text.splitlines()) == 1, text
    leftovers = [p for p in (work / folder).rglob("*")]
    assert leftovers == [], leftovers


def test_full_disk_keeps_the_previous_report_whole(work, full_disk):
    before = (work / "reports" / "base" / "summary.json").read_bytes()
    full_disk()
    text = run_case(work, ["run", "scen.xlsx", "--out", "reports"], ["reports"], ["scen.xlsx"],
                    EXIT_FILESYSTEM)
    assert "reports/base" in text
    assert (work / "reports" / "base" / "summary.json").read_bytes() == before
    assert hidden_leftovers(work / "reports") == []


def test_full_disk_keeps_the_previous_sweep_set_whole(work, monkeypatch):
    """Issue 10 item 8: never a new sweep.csv next to an old sweep.json and sweep.png."""
    args = ["sweep", "scen.xlsx", "--param", "carbon_price", "--values", "0,50", "--out", "sw",
            "--no-progress"]
    run_case(work, args, ["sw"], ["scen.xlsx"], 0)
    old = {p.name: p.read_bytes() for p in (work / "sw").iterdir()}
    import nabb.reports.sweep as sw

    def plots_fail(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(sw, "write_plots", plots_fail)  # after sweep.csv and sweep.xlsx
    text = run_case(work, args, ["sw"], ["scen.xlsx"], EXIT_FILESYSTEM)
    assert "cannot write sw" in text
    assert {p.name: p.read_bytes() for p in (work / "sw").iterdir()} == old
    assert hidden_leftovers(work) == []


# --- 7 and 10. a killed swap is recovered; two runs on one --out both finish ------------------

@pytest.mark.slow
@pytest.mark.parametrize("point", ["between-renames", "staged"])
def test_kill_9_during_the_swap_is_recovered_by_the_next_run(work, point):
    """Issue 10 item 7: kill -9 between the two renames (or just before them) loses nothing."""
    old = (work / "reports" / "base" / "summary.json").read_bytes()
    args = ["run", "scen.xlsx", "--out", "reports"]
    killed = run_subprocess(args, work, env={outputs.KILL_ENV: point})
    assert killed.exit_code == -9, killed.output
    left = hidden_leftovers(work / "reports")
    if point == "between-renames":  # the window: no reports/base, the old and new under hidden names
        assert not (work / "reports" / "base").exists()
        assert len(left) == 2, left
        olds = [n for n in left if outputs.OLD_TAG in n]
        assert (work / "reports" / olds[0] / "summary.json").read_bytes() == old
        assert outputs.recover(work / "reports", "base")  # finishes the swap
        assert (work / "reports" / "base" / "summary.json").read_bytes() != old
        assert hidden_leftovers(work / "reports") == []
    else:
        assert len(left) == 1, left
        assert (work / "reports" / "base" / "summary.json").read_bytes() == old
    before = snapshot(work)
    again = invoke(args, work)  # in-process: the recovery does not depend on the process
    check_guarantees(again, before, work, outputs=["reports/base"] + [f"reports/{n}" for n in left],
                     inputs=["scen.xlsx"])
    assert again.exit_code == 0, again.output
    assert hidden_leftovers(work / "reports") == []
    assert outputs.read_marker(work / "reports" / "base")["kind"] == "report"


def test_a_foreign_folder_with_nabbs_hidden_name_is_never_removed(work):
    reports = work / "reports"
    trap = reports / f".base{outputs.TMP_TAG}x"
    trap.mkdir()
    (trap / "precious.txt").write_text("not nabb's")
    run_case(work, ["run", "scen.xlsx", "--out", "reports"], ["reports/base"], ["scen.xlsx"], 0)
    assert (trap / "precious.txt").read_text() == "not nabb's"


@pytest.mark.slow
def test_two_runs_on_the_same_out_both_finish(work):
    """Issue 10 item 10: two runs interleaving on one --out; the lock makes them take turns."""
    env = {**os.environ}
    cmd = [sys.executable, "-m", "nabb", "run", "scen.xlsx", "--out", "reports"]
    before = snapshot(work)
    procs = [subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].decode() for p in procs]
    for p, text in zip(procs, outs):
        from tests.hostile import Outcome
        check_guarantees(Outcome(p.returncode, text), before, work, outputs=["reports/base",
                                                                            "reports/alt"],
                         inputs=["scen.xlsx"])
        assert p.returncode == 0, text
    assert hidden_leftovers(work / "reports") == []
    for name in ("base",):
        assert json.loads((work / "reports" / name / "summary.json").read_text())["status"] == "optimal"
