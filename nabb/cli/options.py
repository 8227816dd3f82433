"""Command-line values checked while the command line is parsed, before any workbook is read.

Shared by ``nabb run`` and ``nabb sweep``: an unknown or bad ``--solver-option`` and a
negative, zero or NaN ``--time-limit`` exit 2 at once.
"""
from __future__ import annotations

import click


def _parse_options(items: tuple[str, ...]) -> dict:
    """KEY=VALUE items checked against HiGHS itself (unknown keys, bad values: exit 2)."""
    from nabb.solve import check_options, parse_option
    try:
        return check_options(dict(parse_option(item) for item in items))
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--solver-option") from None


def solver_options_callback(ctx: click.Context, param: click.Parameter, items: tuple[str, ...]) -> dict:
    """Click callback: solver options are checked while the command line is parsed."""
    return _parse_options(items) if items else {}


def time_limit_callback(ctx: click.Context, param: click.Parameter, value: float | None):
    """Click callback: a negative, zero or NaN --time-limit is refused before anything is read."""
    if value is None:
        return None
    from nabb.solve import check_time_limit
    try:
        return check_time_limit(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--time-limit") from None


#: ``--lang`` of the commands that write reports (run, sweep): nl or en; without it the
#: workbook's ``language`` setting decides, else Dutch for nabb's default data, else English
LANG = click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
                    help="Language of the reports and console lines: nl (Dutch) or en "
                         "(English). Default: the workbook's 'language' setting; Dutch for "
                         "nabb's own default data; otherwise English.")
