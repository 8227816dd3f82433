"""Command-line values checked while the command line is parsed, before any workbook is read.

Shared by ``nabb run``, ``nabb sweep`` and ``nabb uncertainty``: an unknown or bad
``--solver-option``, a negative, zero or NaN ``--time-limit``, a ``--scheduler`` that is not
an address and ``--workers`` below 1 exit 2 at once.  :func:`many_solves_options` is the one
block of options of the commands that solve many models (a sweep's points, the samples).
"""
from __future__ import annotations

import re
from typing import Callable, NoReturn

import click

#: Address schemes a dask scheduler listens on (--scheduler).
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def usage_language(ctx: click.Context) -> str:
    """The language of a bad option's line, known while the command line is parsed (``--lang``
    and WORKBOOK are eager, so they are parsed first): ``--lang``, else Dutch for nabb's own
    default data (no WORKBOOK), else English (a workbook's language setting is not read yet)."""
    lang = ctx.params.get("lang")
    if lang:
        return lang
    return "nl" if "workbook" in ctx.params and ctx.params["workbook"] is None else "en"


def refuse(ctx: click.Context, option: str, message: str) -> NoReturn:
    """Refuse a bad option value (exit 2): in English Click's own usage error, as ever; in
    Dutch one line "FOUT --time-limit: verwacht ...; gevonden ..." (no English Click frame)."""
    lang = usage_language(ctx)
    if lang == "en":
        raise click.BadParameter(message, param_hint=option)
    from nabb.errors import UsageError
    err = UsageError(f"{option}: {message}")
    err.language = lang
    raise err


def _parse_options(ctx: click.Context, items: tuple[str, ...]) -> dict:
    """KEY=VALUE items checked against HiGHS itself (unknown keys, bad values: exit 2)."""
    from nabb.solve import check_options, parse_option
    try:
        return check_options(dict(parse_option(item) for item in items))
    except ValueError as err:
        refuse(ctx, "--solver-option", str(err))


def solver_options_callback(ctx: click.Context, param: click.Parameter, items: tuple[str, ...]) -> dict:
    """Click callback: solver options are checked while the command line is parsed."""
    return _parse_options(ctx, items) if items else {}


def time_limit_callback(ctx: click.Context, param: click.Parameter, value: float | None):
    """Click callback: a negative, zero or NaN --time-limit is refused before anything is read."""
    if value is None:
        return None
    from nabb.solve import check_time_limit
    try:
        return check_time_limit(value)
    except ValueError as err:
        refuse(ctx, "--time-limit", str(err))


#: ``--lang`` of ``nabb run`` (it writes report.html and report.xlsx): nl or en; without it
#: the workbook's ``language`` setting decides, else Dutch for nabb's default data, else English
LANG = click.option("--lang", "lang", type=click.Choice(["nl", "en"]), default=None,
                    is_eager=True,
                    help="Language of the reports and console lines: nl (Dutch) or en "
                         "(English). Default: the workbook's 'language' setting; Dutch for "
                         "nabb's own default data; otherwise English.")


def scheduler_callback(ctx: click.Context, param: click.Parameter, value: str | None):
    """Click callback: --scheduler must look like SCHEME://HOST:PORT; checked before anything
    is read."""
    if value is None:
        return None
    m = re.fullmatch(r"([a-z]+)://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})", value.strip())
    if not m or m.group(1) not in SCHEDULER_SCHEMES or not 0 < int(m.group(3)) < 65536:
        refuse(ctx, "--scheduler", f"expected the address of a dask scheduler, like "
               f"tcp://10.0.0.5:8786 (schemes: {', '.join(SCHEDULER_SCHEMES)}); found {value!r}")
    return value.strip()


def many_solves_options(unit: str) -> Callable[[Callable], Callable]:
    """--workers, --scheduler, --solver-option, --time-limit, --rebuild and --no-progress of a
    command that solves one model per ``unit`` ("point", "sample"), in this order."""
    options = [
        click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Local worker processes (dask LocalCluster when > 1)."
                          + (" A sweep starts them only where they pay off, and says so."
                             if unit == "point" else "")),
        click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
                     callback=scheduler_callback,
                     help="Address of an existing dask.distributed scheduler."),
        click.option("--solver-option", "solver_options", multiple=True, metavar="KEY=VALUE",
                     callback=solver_options_callback,
                     help=f"HiGHS option for every {unit} (repeatable)."),
        click.option("--time-limit", type=float, default=None, callback=time_limit_callback,
                     help=f"Solver time limit per {unit} (s)."),
        click.option("--rebuild", is_flag=True,
                     help=f"Compile the model from scratch for every {unit} (slow; for checking)."),
        click.option("--no-progress", is_flag=True, help="No progress bar."),
    ]

    def apply(command: Callable) -> Callable:
        for option in reversed(options):
            command = option(command)
        return command
    return apply
