"""The errors that are not issue lines print in the command's language (issue 13, item 12):
an output refused (exit 2), the file system refusing (exit 6), the solver failing (exit 3), a
model too large (exit 5), a bad option value (exit 2), and the two free-text input errors.
``nabb run`` of nabb's default data is Dutch without --lang; --lang en is English, byte for
byte as before.  Paths and other user data are kept as they are."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from nabb import pipeline
from nabb.cli import main
from nabb.errors import (EXIT_FILESYSTEM, EXIT_INVALID_INPUT, EXIT_SOLVER_FAILURE, EXIT_TOO_LARGE,
                         InputError, SolverError, error_lines)
from nabb.i18n.error_phrases import MESSAGES, translate_message
from nabb.i18n.issues import mask
from tests.test_i18n_issues import CODES, STOP


def english_left(line: str, *user_data: str) -> list[str]:
    """English stop words (tests/test_i18n_issues.py) in a Dutch line, outside the user data
    (the paths given, quoted values, key=value codes)."""
    for data in sorted(user_data, key=len, reverse=True):
        line = line.replace(data, " ")
    body, _ = mask(line)
    return STOP.findall(CODES.sub("", body))


def invoke(args, tmp_path, monkeypatch, **env):
    monkeypatch.chdir(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return CliRunner().invoke(main, args)


def last_line(result) -> str:
    return result.output.rstrip("\n").split("\n")[-1]


# ---- exit 6: the file system refuses (a part of --out is a file)
def test_file_system_error_in_dutch_and_in_english(tmp_path, monkeypatch):
    (tmp_path / "afile").write_text("not a folder")
    nl = invoke(["run", "--out", "afile/sub"], tmp_path, monkeypatch)
    assert nl.exit_code == EXIT_FILESYSTEM, nl.output
    line = last_line(nl)
    assert line == ("kan afile/sub niet schrijven: geen map (ENOTDIR) - een deel van dit pad is "
                    "een bestand, geen map"), line
    assert not english_left(line, "afile/sub"), line
    en = invoke(["run", "--lang", "en", "--out", "afile/sub"], tmp_path, monkeypatch)
    assert en.exit_code == EXIT_FILESYSTEM, en.output
    assert last_line(en) == ("cannot write afile/sub: Not a directory (ENOTDIR) - a part of this "
                             "path is a file, not a folder")


# ---- exit 2: an output folder that holds the input, or that nabb did not write
def test_an_output_folder_holding_the_input_is_refused_in_dutch_and_in_english(tmp_path, monkeypatch):
    book = tmp_path / "o" / "base" / "book.xlsx"
    book.parent.mkdir(parents=True)
    shutil.copyfile(pipeline.DEFAULT_WORKBOOK, book)
    before = book.read_bytes()
    for lang, expected in (("nl", "vervangen van o/base geweigerd: de map bevat de invoer "
                                  "o/base/book.xlsx; kies een andere --out"),
                           ("en", "refusing to replace o/base: it holds the input "
                                  "o/base/book.xlsx; choose another --out")):
        out = invoke(["run", "o/base/book.xlsx", "--lang", lang, "--out", "o"], tmp_path,
                     monkeypatch)
        assert out.exit_code == EXIT_INVALID_INPUT, out.output
        assert last_line(out) == expected
        assert book.read_bytes() == before
    assert english_left(expected, "o/base/book.xlsx", "o/base")  # the stop list sees English


def test_a_folder_nabb_did_not_write_is_refused_in_dutch_without_lang(tmp_path, monkeypatch):
    (tmp_path / "r" / "base").mkdir(parents=True)
    (tmp_path / "r" / "base" / "mine.txt").write_text("mine")
    out = invoke(["run", "--out", "r"], tmp_path, monkeypatch)
    assert out.exit_code == EXIT_INVALID_INPUT, out.output
    line = last_line(out)
    assert line.startswith("vervangen van r/base geweigerd: het bestaat al en is niet door nabb "
                           "geschreven"), line
    assert not english_left(line, "r/base", ".nabb-output"), line
    assert (tmp_path / "r" / "base" / "mine.txt").read_text() == "mine"


# ---- exit 5: the model is too large (NABB_MEMORY_LIMIT_GB)
def test_a_model_too_large_in_dutch_and_in_english(tmp_path, monkeypatch):
    nl = invoke(["run", "--out", "r"], tmp_path, monkeypatch, NABB_MEMORY_LIMIT_GB="0.0001")
    assert nl.exit_code == EXIT_TOO_LARGE, nl.output
    line = last_line(nl)
    assert line.startswith("het model is te groot voor deze machine: ongeveer "), line
    assert "(NABB_MEMORY_LIMIT_GB=0.0001)" in line and "Er is niets opgebouwd." in line
    assert not english_left(line, "NABB_MEMORY_LIMIT_GB"), line
    assert not (tmp_path / "r").exists()
    en = invoke(["run", "--lang", "en", "--out", "r"], tmp_path, monkeypatch,
                NABB_MEMORY_LIMIT_GB="0.0001")
    assert en.exit_code == EXIT_TOO_LARGE, en.output
    assert last_line(en).startswith("the model is too large for this machine: about ")
    assert last_line(en).endswith("Set NABB_MEMORY_LIMIT_GB to change the limit.")


def test_the_numbers_of_a_model_too_large_are_in_dutch_notation():
    en = ("the model is too large for this machine: about 1,234,567 variables (1,200,000 of them "
          "transport flows = 10,000 directed arcs x 20 commodities x 6 years) would need about "
          "12.5 GB, above the limit of 3.2 GB (50% of the 6.4 GB available now). Nothing was "
          "built. Reduce it with: fewer years (rows of the policy sheet); a sparser arc list "
          "(link each region to its few nearest neighbours and to hubs, not to every other "
          "region); coarser regions (e.g. 40 COROP regions instead of 342 municipalities). Set "
          "NABB_MEMORY_LIMIT_GB to change the limit.")
    nl = translate_message(en, "nl")
    assert "ongeveer 1.234.567 variabelen (waarvan 1.200.000 transportstromen = 10.000" in nl
    assert "ongeveer 12,5 GB nodig hebben, boven de grens van 3,2 GB (50% van de 6,4 GB" in nl
    assert not english_left(nl, "NABB_MEMORY_LIMIT_GB"), nl


# ---- exit 2: a bad option value, refused before anything is read
def test_a_bad_time_limit_in_dutch_for_the_default_data_and_in_english(tmp_path, monkeypatch):
    nl = invoke(["run", "--time-limit", "-1"], tmp_path, monkeypatch)
    assert nl.exit_code == EXIT_INVALID_INPUT, nl.output
    assert nl.output.strip() == "FOUT --time-limit: verwacht een positief aantal seconden; gevonden -1.0"
    for args in (["run", "--lang", "en", "--time-limit", "-1"],
                 ["run", "--time-limit", "-1", "--lang", "en"]):  # --lang is read first
        en = invoke(args, tmp_path, monkeypatch)
        assert en.exit_code == EXIT_INVALID_INPUT, en.output
        assert ("Error: Invalid value for --time-limit: expected a positive number of seconds, "
                "found -1.0") in en.output  # Click's own usage error, as before
    # a workbook's language setting is not read before the options are checked: English
    en = invoke(["run", "missing.xlsx", "--time-limit", "-1"], tmp_path, monkeypatch)
    assert en.exit_code == EXIT_INVALID_INPUT and "Invalid value for --time-limit" in en.output


@pytest.mark.parametrize("args", [
    ["run", "--solver-option", "presolv=off"],
    ["run", "--solver-option", "time_limit=abc"],
    ["run", "--solver-option", "novalue"],
    ["run", "--solver-option", "log_file=x.log"],
    ["run", "--solver-option", "time_limit=nan"],
    ["sweep", "--param", "carbon_price", "--values", "0,1", "--scheduler", "nonsense"],
    ["uncertainty", "--time-limit", "0"],
])
def test_bad_options_in_dutch_for_the_default_data(args, tmp_path, monkeypatch):
    out = invoke(args, tmp_path, monkeypatch)
    assert out.exit_code == EXIT_INVALID_INPUT, out.output
    line = out.output.strip()
    assert line.startswith("FOUT --"), line
    assert not english_left(line.split("(zie ")[0], "HiGHS"), line
    assert not any(tmp_path.iterdir())


# ---- exit 3: the solver fails
def test_a_solver_error_in_dutch_and_in_english(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise SolverError("HiGHS rejected the model (passModel returned an error)")
    monkeypatch.setattr(pipeline, "solve_inputs", fail)
    nl = invoke(["run", "--out", "r"], tmp_path, monkeypatch)
    assert nl.exit_code == EXIT_SOLVER_FAILURE, nl.output
    assert last_line(nl) == "HiGHS weigerde het model (passModel gaf een fout)"
    en = invoke(["run", "--lang", "en", "--out", "r"], tmp_path, monkeypatch)
    assert en.exit_code == EXIT_SOLVER_FAILURE, en.output
    assert last_line(en) == "HiGHS rejected the model (passModel returned an error)"


# ---- every message the code raises has its Dutch (one example of each raise site)
RAISED = [
    "refusing to write out/c.xlsx: it is inside the input report folder a; compare never writes "
    "into what it reads - choose another -o",
    "refusing to write r/../x: it resolves to /x, outside the output folder r (/t/r)",
    "refusing to write m.xlsx: it is the input n.xlsx (the same file through a link); inputs are "
    "never modified - choose another name",
    "refusing to write m.xlsx: it is the input m.xlsx; inputs are never modified - choose "
    "another name",
    "refusing to replace o/base: it holds the input o/base/b.xlsx; choose another --out",
    "refusing to replace o/base: o/base/l.xlsx is a link to the input b.xlsx; choose another --out",
    "refusing to replace o/base: it is a symbolic link; nabb replaces only folders it wrote itself",
    "refusing to replace o/base: it is a file, not a folder nabb wrote; move it away or choose "
    "another --out",
    "refusing to replace o/base: it exists and was not written by nabb (no .nabb-output file); "
    "move it away or choose another --out",
    "refusing to replace o/base: it holds files nabb did not write (a.txt, b.txt); move them "
    "away first",
    "refusing to write o: it is a folder; give a file name",
    "refusing to overwrite o.lp: it exists and was not written by nabb; pass --force to "
    "overwrite it",
    "refusing to replace o/x.failed: it is the report of the scenario 'x.failed', and this "
    "failed run of 'x' would go there; choose another --out",
    "cannot write o: it is a file, not a folder (ENOTDIR) - choose another --out",
    "cannot write o/base: o is a file, not a folder (ENOTDIR) - choose another --out",
    "cannot write o/m.lp: o is a file, not a folder (ENOTDIR)",
    "cannot write o/m.lp: HiGHS could not write the model file (full disk, or no permission?)",
    "cannot write o: No space left on device (ENOSPC) - free some space or choose another --out",
    "cannot write o: Read-only file system (EROFS) - choose a writable output folder",
    "cannot read or write o.xlsx: Permission denied (EACCES) - choose a folder you may write to",
    "the model must have exactly one active objective",
    "a constraint coefficient of 1.2e+13 (>= 1e+13) would be treated as infinite by HiGHS; "
    "check the input units",
    "HiGHS rejected the model (passModel returned an error)",
    "HiGHS does not accept option threads=-3",
    "HiGHS could not write o/m.lp",
]


@pytest.mark.parametrize("message", RAISED)
def test_every_raised_message_has_its_dutch(message):
    nl = translate_message(message, "nl")
    assert nl != message
    assert not english_left(nl, "out/c.xlsx", "o/base/b.xlsx", "o/base/l.xlsx", "o/base",
                            "o/x.failed", "o/m.lp", "o.xlsx", "o.lp", "m.xlsx", "n.xlsx",
                            ".nabb-output", "a.txt", "b.txt", "r/../x", "threads=-3"), nl
    assert translate_message(message, "en") == message


def test_the_stop_list_catches_an_untranslated_message():
    assert english_left(translate_message("something nabb does not know yet: the file", "nl"))
    assert translate_message("something nabb does not know yet", "nl") == \
        "something nabb does not know yet"  # never lost
    assert all(p.endswith("$") for p, _ in MESSAGES)  # whole messages, never a part


def test_the_two_free_text_input_errors_in_dutch():
    for text, dutch in (("no scenario workbook to merge into",
                         "geen scenariowerkmap om in samen te voegen"),
                        ("no region has an accepted sheet yet",
                         "nog geen regio heeft een geaccepteerd blad")):
        lines = error_lines(InputError(text), "nl")
        assert lines[-1] == f"  FOUT: verwacht een geldig invoerbestand; gevonden {dutch}"
        assert not english_left(lines[-1]), lines
        assert error_lines(InputError(text), "en")[-1] == (
            f"  ERROR: expected a valid input file; found {text}")


@pytest.mark.parametrize("lang_args, expected, absent", [
    ([], "nabb: onderbroken (Ctrl-C)", "interrupted"),          # the default data: Dutch
    (["--lang", "en"], "nabb: interrupted (Ctrl-C)", "onderbroken"),
])
def test_ctrl_c_during_the_solve_says_so_in_the_run_language(tmp_path, monkeypatch, lang_args,
                                                            expected, absent):
    from click.testing import CliRunner
    from nabb import pipeline
    from nabb.cli import main

    def interrupt(*_a, **_k):
        raise KeyboardInterrupt
    monkeypatch.setattr(pipeline, "solve_inputs", interrupt)
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["run", "--out", "reports", *lang_args])
    assert out.exit_code == 130, out.output
    last = [ln for ln in out.output.splitlines() if ln.strip()][-1]
    assert last.startswith(expected) and absent not in last, out.output


def test_an_internal_error_of_capacity_check_is_named_in_dutch(tmp_path, monkeypatch):
    from click.testing import CliRunner
    import nabb.capacity.check
    from nabb.cli import main

    def bug(*_a, **_k):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(nabb.capacity.check, "check_files", bug)
    sheet = tmp_path / "gr.xlsx"
    sheet.write_bytes(b"")
    for lang, head in (("nl", "INTERNE FOUT (een fout in nabb, meld die alstublieft): "
                               "ZeroDivisionError"),
                       ("en", "INTERNAL ERROR (a bug in nabb, please report it): ZeroDivisionError")):
        out = CliRunner().invoke(main, ["capacity", "check", str(sheet), "--lang", lang])
        assert out.exit_code == 1 and head in out.output, out.output
