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

    @property
    def where(self) -> str:
        """file:sheet:cell [column], the same in every language."""
        where = ":".join(p for p in (self.file, self.sheet, self.cell) if p)
        if where and self.column:
            return f"{where} [{self.column}]"
        return where or self.column  # a command-line option (--values) names itself

    def render(self, lang: str = "en") -> str:
        """The line in ``lang``: "ERROR f.xlsx:crops:C5 [yield_t_per_ha]: expected ...; found
        ..." or "FOUT ...: verwacht ...; gevonden ..." (nabb.i18n.issues translates the
        expected and found texts; quoted user data stays as it is)."""
        if lang == "en":  # nabb's own wording, byte for byte (no import on the error path)
            head = f"{self.severity.upper()} {self.where}".rstrip()
            return f"{head}: expected {self.expected}; found {self.found}"
        from nabb.i18n.issues import render
        return render(self.where, self.severity, self.expected, self.found, lang)

    def __str__(self) -> str:
        return self.render("en")


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
                  indent: str = "  ", lang: str = "en") -> list[str]:
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
            lines.append(f"{indent}{issue.render(lang)}")
        else:
            hidden[key] = hidden.get(key, 0) + 1
    if lang != "en":
        from nabb.i18n import text
    for (file, sheet, column, severity), n in hidden.items():
        if lang == "en":
            where = f"column {column or '?'}" + (f" of sheet {sheet}" if sheet else "")
            line = f"... and {n:,} more {severity}s in {where}"
        else:
            key = f"issues.more.{severity}" + (".sheet" if sheet else "")
            line = text(key, lang, count=_count(n, lang), column=column or "?", sheet=sheet)
        lines.append(f"{indent}{line}" + (f" ({file})" if file else ""))
    return lines


def _count(n: int, lang: str) -> str:
    from nabb.i18n.numbers import number
    return number(n, lang)


def input_error_lines(error: "InputError", lang: str = "en") -> list[str]:
    """The head line ("2 error(s) in input:") and every issue line of ``error`` in ``lang``."""
    if lang == "en":
        return str(error).split("\n")
    from nabb.i18n import text
    errors = [i for i in error.issues if i.severity == "error"]
    return [text("issues.head", lang, count=len(errors))] + format_issues(error.issues, lang=lang)


def error_message(error: Exception, lang: str = "en") -> str:
    """The message of an error that is not an input error (an output refused, the file system,
    the solver, a model too large) in ``lang``: English as raised, Dutch through the phrase
    table of nabb.i18n.error_phrases (paths and other user data kept as they are)."""
    if lang == "en":
        return str(error)
    from nabb.i18n.error_phrases import translate_message
    return translate_message(str(error), lang)


def error_lines(error: Exception, lang: str = "en") -> list[str]:
    """What the CLI prints for ``error`` in ``lang``: an input error's head and issue lines, else
    its one message."""
    if isinstance(error, InputError):
        return input_error_lines(error, lang)
    return [error_message(error, lang)]


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
        #: the workbook's ``language`` setting when the reader got that far (the lines'
        #: language then follows it, like a run's reports: nabb.i18n.resolve_language)
        self.language: str | None = None
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
