"""Error types that the CLI maps to exit codes.

Every problem found in an input file is an :class:`Issue` that names the file, sheet,
A1 cell, column, what was expected and what was found.  Readers collect all issues and
raise one :class:`InputError` so that the user sees every problem at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

EXIT_OK = 0
EXIT_WARNINGS = 1      # only with --strict
EXIT_INVALID_INPUT = 2
EXIT_SOLVER_FAILURE = 3
EXIT_INFEASIBLE = 4
EXIT_TOO_LARGE = 5
EXIT_FILESYSTEM = 6    # the file system refused: read-only, full, permission denied, not a folder
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): 128 + signal number 2, as shells report it


@dataclass(frozen=True)
class Issue:
    file: str
    sheet: str
    cell: str
    column: str
    expected: str
    found: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, self.sheet, self.cell) if p)
        if where and self.column:
            where = f"{where} [{self.column}]"
        else:  # a command-line option (--values) names itself, without empty brackets
            where = where or self.column
        head = f"{self.severity.upper()} {where}" if where else self.severity.upper()
        return f"{head}: expected {self.expected}; found {self.found}"


def names(items) -> str:
    """Items for a message: 'a, b, c' (never a Python list repr such as ['a', 'b'])."""
    return ", ".join(str(i) for i in items)


def did_you_mean(word: str, candidates) -> str:
    """' - did you mean 'base'?' for the closest candidate (difflib), else ''."""
    import difflib
    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    if not close:
        close = [c for c in map(str, candidates) if c.lower() == str(word).lower()]
    return f" - did you mean {close[0]!r}?" if close else ""


#: Issues shown per (file, sheet, column) before the rest are counted, not listed.
MAX_ISSUES_PER_COLUMN = 20


def format_issues(issues: list[Issue], per_column: int = MAX_ISSUES_PER_COLUMN,
                  indent: str = "  ") -> list[str]:
    """One line per issue, at most ``per_column`` per file, sheet, column and severity.

    A typo repeated down a 10,000-row column gives its first lines and then
    "... and 9,980 more errors in column X of sheet Y", not 10,000 lines.
    """
    shown: dict[tuple, int] = {}
    hidden: dict[tuple, int] = {}
    lines: list[str] = []
    for issue in issues:
        key = (issue.file, issue.sheet, issue.column, issue.severity)
        if shown.get(key, 0) < per_column:
            shown[key] = shown.get(key, 0) + 1
            lines.append(f"{indent}{issue}")
        else:
            hidden[key] = hidden.get(key, 0) + 1
    for (file, sheet, column, severity), n in hidden.items():
        where = f"column {column or '?'}" + (f" of sheet {sheet}" if sheet else "")
        lines.append(f"{indent}... and {n:,} more {severity}s in {where}"
                     + (f" ({file})" if file else ""))
    return lines


class NabbError(Exception):
    """Base class of every error nabb raises on purpose."""

    exit_code = 1


class InputError(NabbError):
    """One or more problems in an input file; nothing was built from it."""

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, issues: list[Issue] | Issue | str, file: str = ""):
        if isinstance(issues, str):
            issues = [Issue(file, "", "", "", "a valid input file", issues)]
        elif isinstance(issues, Issue):
            issues = [issues]
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        head = f"{len(errors)} error(s) in input"
        super().__init__(head + ":\n" + "\n".join(format_issues(self.issues)))


class SolverError(NabbError):
    """The solver failed, or returned a solution that violates the constraints."""

    exit_code = EXIT_SOLVER_FAILURE


class UsageError(NabbError):
    """A bad command-line value (solver option, time limit, scheduler address); nothing was read."""

    exit_code = EXIT_INVALID_INPUT


class ModelTooLargeError(NabbError):
    """The model would not fit in memory; raised before building."""

    exit_code = EXIT_TOO_LARGE


class UnsafeOutputError(NabbError):
    """An output would overwrite an input, leave the output folder, or replace a folder or
    file that nabb did not write; nothing was written."""

    exit_code = EXIT_INVALID_INPUT


class FileSystemError(NabbError):
    """The file system refused a read or write (read-only, full disk, permission denied, a
    file where a folder should be); the message names the path."""

    exit_code = EXIT_FILESYSTEM
