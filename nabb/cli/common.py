"""What every command shares: the progress line, the error exit, the --force option."""
from __future__ import annotations

import sys

import click

from nabb.errors import NabbError


def _say(msg: str) -> None:
    click.echo(f"nabb: {msg}", err=True)


def _fail(err: NabbError) -> None:
    click.echo(str(err), err=True)
    sys.exit(err.exit_code)


FORCE = click.option("--force", is_flag=True,
                     help="Overwrite an existing file that nabb did not write (never an input).")
