"""The README's exit-code table and nabb/errors.py agree, code for code."""
from __future__ import annotations

import re
from pathlib import Path

from nabb import errors

ROOT = Path(__file__).resolve().parents[1]


def readme_table() -> dict[int, str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Exit codes", 1)[1]
    rows = re.findall(r"^\| (\d+) \| `(EXIT_\w+)` \|", section, re.M)
    assert rows, "no exit-code table under '### Exit codes' in README.md"
    return {int(code): name for code, name in rows}


def exit_constants() -> dict[int, str]:
    return {getattr(errors, n): n for n in dir(errors) if n.startswith("EXIT_")}


def test_every_exit_constant_is_in_the_readme_table():
    table = readme_table()
    for code, name in exit_constants().items():
        assert table.get(code) == name, f"{name} = {code} is not in README.md's exit-code table"


def test_the_readme_table_lists_no_code_that_nabb_does_not_define():
    assert set(readme_table()) == set(exit_constants()), (readme_table(), exit_constants())


def test_hostile_harness_accepts_exactly_the_documented_codes():
    from tests.hostile import DOCUMENTED_EXIT_CODES
    assert set(readme_table()) <= DOCUMENTED_EXIT_CODES
