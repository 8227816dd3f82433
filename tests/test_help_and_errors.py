"""Help pages and error messages people can act on (issue 13, items 17 and 18)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

from nabb import errors
from nabb.cli import main
from nabb.errors import Issue
from nabb.io.template import write_input_workbook
from tests import cases


def _help(*args: str, width: int = 80) -> str:
    r = CliRunner().invoke(main, [*args, "--help"], terminal_width=width)
    assert r.exit_code == 0, r.output
    return r.output


def _commands(text: str) -> dict[str, str]:
    """The Commands section of a group's help: name -> summary (wrapped lines joined)."""
    section = text.split("Commands:\n", 1)[1]
    out: dict[str, str] = {}
    name = None
    for line in section.splitlines():
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if m:
            name = m.group(1)
            out[name] = m.group(2).strip()
        elif name and line.strip():
            out[name] += " " + line.strip()
    return out


@pytest.mark.parametrize("group", [(), ("capacity",), ("template",)])
@pytest.mark.parametrize("width", [60, 80, 200])
def test_group_help_gives_every_summary_in_full(group, width):
    from nabb.cli import main as root
    cmd = root
    for name in group:
        cmd = cmd.commands[name]
    shown = _commands(_help(*group, width=width))
    assert set(shown) == {n for n, c in cmd.commands.items() if not c.hidden}
    for name, summary in shown.items():
        assert "..." not in summary, (name, summary)
        # the whole first sentence of the command's docstring, whatever the terminal width
        first = cmd.commands[name].get_short_help_str(limit=10_000)
        assert summary.replace("- ", "-") == first.replace("- ", "-"), (name, summary, first)
        assert summary.endswith("."), (name, summary)


def test_run_help_lists_every_file_and_every_exit_code():
    text = _help("run", width=100)
    for name in ("report.xlsx", "report.html", "summary.json", "inputs.json", "frames.json",
                 ".failed"):
        assert name in text, name
    listed = {int(c) for c in re.findall(r"^\s+(\d+)\s{2}", text, re.M)}
    # every code a NabbError can carry, plus 0, 4 (time limit / infeasible) and 130 (Ctrl-C),
    # except 1 (warnings with validate --strict), which run never returns
    codes = {cls.exit_code for cls in _subclasses(errors.NabbError)} | {
        0, errors.EXIT_INFEASIBLE, errors.EXIT_INTERRUPTED}
    codes -= {errors.EXIT_WARNINGS}
    assert listed == codes, (listed, codes)
    assert "5    model too large" in text


def _subclasses(cls):
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub} | _subclasses(sub)
    return out


def test_export_options_all_have_help():
    text = _help("export", width=100)
    options = text.split("Options:\n", 1)[1]
    scenario = next(line for line in options.splitlines() if "--scenario" in line)
    assert "Scenario whose LP is written" in scenario
    for opt in ("--format", "--output", "--scenario", "--force"):
        line = next(line for line in options.splitlines() if opt in line)
        # after the option and its metavar comes a sentence, not only [default: ...]
        text = re.split(r"\s{2,}", line.strip(), maxsplit=1)[1]
        assert re.match(r"[A-Z]", text), line


# ------------------------------------------------------------------ error messages
def test_issue_without_a_file_names_the_option_without_empty_brackets():
    assert str(Issue("", "", "", "--param", "a lever", "'x'")) == \
        "ERROR --param: expected a lever; found 'x'"
    assert str(Issue("", "", "", "", "a thing", "none")) == "ERROR: expected a thing; found none"
    assert str(Issue("a.xlsx", "crops", "B3", "crop", "x", "y")) == \
        "ERROR a.xlsx:crops:B3 [crop]: expected x; found y"


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "one.xlsx"
    write_input_workbook(path, {k: pd.DataFrame(v) for k, v in cases.tables().items()},
                         cases.SETTINGS_ONE)
    return path


def _no_python_leaks(text: str) -> None:
    assert "  [" not in text and "ERROR  " not in text, text
    assert not re.search(r"\[\s*'", text), text          # a Python list repr ['a', ...]
    assert not re.search(r"\(\s*'[^']*',", text), text   # a tuple repr ('a', ...)
    assert "could not convert" not in text, text
    assert "Traceback" not in text, text


@pytest.mark.parametrize("args, expected", [
    (["sweep", "{book}", "--param", "carbon_price", "--values", "0:abc:10", "--out", "{tmp}/s"],
     "ERROR --values: expected start:stop:step or a list a,b,c ('abc' is not a number)"),
    (["sweep", "{book}", "--param", "carbon_price", "--values", "0,x", "--out", "{tmp}/s"],
     "('x' is not a number)"),
    (["sweep", "{book}", "--param", "carbon_prise", "--values", "0,1", "--out", "{tmp}/s"],
     "found 'carbon_prise' - did you mean 'carbon_price'?"),
    (["run", "{book}", "--scenario", "bsae", "--out", "{tmp}/r"],
     "expected a scenario of the workbook: base; found 'bsae' - did you mean 'base'?"),
    (["export", "{book}", "--scenario", "Base", "--format", "lp", "-o", "{tmp}/m.lp"],
     "did you mean 'base'?"),
    (["run", "{book}", "--solver-option", "time_limit=abc", "--out", "{tmp}/r"],
     "HiGHS option time_limit: value 'abc' is not accepted"),
    (["run", "{book}", "--solver-option", "presolv=off", "--out", "{tmp}/r"],
     "unknown HiGHS option 'presolv'"),
])
def test_error_messages_are_for_people(book, tmp_path, args, expected):
    args = [a.format(book=book, tmp=tmp_path) for a in args]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output
    assert expected in r.output, r.output
    _no_python_leaks(r.output)
    assert not (tmp_path / "r").exists() and not (tmp_path / "s").exists()


def test_default_workbook_scenario_gets_did_you_mean(tmp_path):
    r = CliRunner().invoke(main, ["run", "--scenario", "hihg_carbon_price", "--out",
                                  str(tmp_path / "r"), "--lang", "en"])
    assert r.exit_code == 2
    assert "did you mean 'high_carbon_price'?" in r.output
    _no_python_leaks(r.output)
    # nabb's own default data speaks Dutch without --lang, the hint too
    r = CliRunner().invoke(main, ["run", "--scenario", "hihg_carbon_price", "--out",
                                  str(tmp_path / "r")])
    assert r.exit_code == 2
    assert "gevonden 'hihg_carbon_price' - bedoelt u 'high_carbon_price'?" in r.output, r.output
    _no_python_leaks(r.output)


def test_missing_sheets_and_unknown_columns_are_listed_in_words(tmp_path):
    from openpyxl import Workbook
    path = tmp_path / "odd.xlsx"
    wb = Workbook()
    wb.active.title = "crop"
    wb.save(path)
    r = CliRunner().invoke(main, ["validate", str(path)])
    assert r.exit_code == 2
    assert "found sheets crop" in r.output
    _no_python_leaks(r.output)
