"""What every command shares: the progress line, the error exit, the --force option."""
from __future__ import annotations

import sys

import click

from nabb.errors import NabbError, error_lines


def _say(msg: str) -> None:
    click.echo(f"nabb: {msg}", err=True)


def _fail(err: NabbError, lang: str = "en") -> None:
    """Print the error in ``lang`` (an input error's lines, or its one message) and exit with
    its code."""
    click.echo("\n".join(error_lines(err, lang)), err=True)
    sys.exit(err.exit_code)


def remember_language(code: str) -> None:
    """Note the command's language once it is known, for the lines the top-level group prints
    itself (Ctrl-C): click shares ``meta`` between a command's context and its group's."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["nabb.lang"] = code


def error_language(option: str | None, err: NabbError, workbook=None) -> str:
    """The language of an input error's lines when the run's language is not known yet:
    ``--lang``, else the workbook's ``language`` setting (when the reader got that far),
    else Dutch for nabb's own default data (``workbook`` None), else English."""
    from nabb.i18n import resolve_language
    return resolve_language(option, getattr(err, "language", None), default_data=workbook is None)


FORCE = click.option("--force", is_flag=True,
                     help="Overwrite an existing file that nabb did not write (never an input).")
