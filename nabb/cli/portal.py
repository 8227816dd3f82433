"""Command line for the coordinator portal: ``nabb serve`` and ``nabb users add|list|disable``.

Mounted in ``nabb/cli/__init__.py`` by ``main.add_command(serve)`` and ``main.add_command(users)``.
Passwords come from a prompt or the NABB_PASSWORD environment variable, never from an argument.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import click

from nabb.cli.help import FullHelpGroup

from nabb.errors import EXIT_INVALID_INPUT

_DB_HELP = ("Database URL: postgresql://USER@HOST/DB for PostgreSQL (default: an SQLite file "
            "portal.sqlite3 in the data folder).")
_DATA_HELP = ("Folder for the SQLite database and the stored files (default: $NABB_PORTAL_DATA or "
              "~/.local/share/nabb-portal).")


def _settings(db, data_dir, workbook=None, scheduler=None, max_upload_mib=None):
    from nabb.portal.config import Settings
    data_dir = data_dir or os.environ.get("NABB_PORTAL_DATA")
    db = db or os.environ.get("NABB_PORTAL_DB")
    s = Settings.build(db, data_dir, workbook, scheduler,
                       int(max_upload_mib * 1024 * 1024) if max_upload_mib else None)
    s.data_dir.mkdir(parents=True, exist_ok=True)
    return s


def _migrate(settings) -> None:
    from nabb.portal.db import migrate
    try:
        migrate(settings.db_url)
    except Exception as exc:  # noqa: BLE001 - a clear message instead of a traceback
        click.echo(f"nabb: cannot open or migrate the database {_redact(settings.db_url)}: "
                   f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", err=True)
        sys.exit(EXIT_INVALID_INPUT)


@contextmanager
def _database(settings) -> Iterator[Any]:
    """A session on the portal's database (migrated first); the engine is disposed after."""
    from nabb.portal.db import make_engine, session_factory
    _migrate(settings)
    engine = make_engine(settings.db_url)
    try:
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def _change_accounts(settings, change: Callable[[Any], None]) -> None:
    """Run ``change(session)`` and commit; a refused change (AccountError) is one line on
    stderr and exit code 2, and nothing is committed."""
    from nabb.portal import auth
    with _database(settings) as session:
        try:
            change(session)
            session.commit()
        except auth.AccountError as exc:
            click.echo(f"nabb: {exc}", err=True)
            sys.exit(EXIT_INVALID_INPUT)


def _redact(url: str) -> str:
    """The URL without its password."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}" if ":" in cred else url
    return url


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 behind a reverse proxy.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--db", default=None, help=_DB_HELP)
@click.option("--data", "data_dir", default=None, type=click.Path(file_okay=False), help=_DATA_HELP)
@click.option("--workbook", default=None, type=click.Path(dir_okay=False, exists=True),
              help="Base scenario workbook that sheets are checked against and merged into "
                   "(default: the embedded default workbook).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Dask scheduler that runs scenarios (default: a process on this machine).")
@click.option("--workers", default=1, show_default=True, type=int,
              help="uvicorn worker processes (all state is in the database).")
@click.option("--max-upload-mib", default=None, type=float, help="Upload size cap in MiB (default 5).")
@click.option("--proxy", "forwarded_allow_ips", default="127.0.0.1", show_default=True,
              help="Addresses of reverse proxies whose X-Forwarded-For/-Proto headers are trusted.")
def serve(host, port, db, data_dir, workbook, scheduler, workers, max_upload_mib, forwarded_allow_ips) -> None:
    """Start the coordinator portal (a web server).

    \b
    Examples:
      nabb serve                                   # http://127.0.0.1:8000, SQLite
      nabb serve --db postgresql://nabb@localhost/nabb --workers 4
      nabb serve --workbook scenario.xlsx --scheduler tcp://10.0.0.5:8786

    Create the first account with `nabb users add`. See docs/portal.md.
    """
    import uvicorn
    settings = _settings(db, data_dir, workbook, scheduler, max_upload_mib)
    _migrate(settings)
    from nabb.portal.storage import Store
    Store(settings.data_dir).prepare(clean=True)
    os.environ.update(settings.to_env())
    click.echo(f"nabb portal on http://{host}:{port} (database {_redact(settings.db_url)}, "
               f"files in {settings.data_dir})", err=True)
    uvicorn.run("nabb.portal.app:create_app_from_env", factory=True, host=host, port=port,
                workers=workers, proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips,
                server_header=False, log_level="info", timeout_graceful_shutdown=10)


@click.group("users", cls=FullHelpGroup)
def users() -> None:
    """Manage portal accounts.

    \b
    Examples:
      nabb users add jan@groningen.nl --role coordinator --region GR
      NABB_PASSWORD=... nabb users add officer@minbzk.nl --role officer
      nabb users list
      nabb users disable jan@groningen.nl
    """


def _db_options(f):
    f = click.option("--data", "data_dir", default=None, type=click.Path(file_okay=False), help=_DATA_HELP)(f)
    f = click.option("--db", default=None, help=_DB_HELP)(f)
    return f


@users.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["coordinator", "officer", "admin"]))
@click.option("--region", "regions", multiple=True, help="Region code (repeatable); coordinators need one.")
@click.option("--workbook", default=None, type=click.Path(dir_okay=False, exists=True),
              help="Workbook whose region codes are allowed (default: the embedded default).")
@_db_options
def users_add(email, role, regions, workbook, db, data_dir) -> None:
    """Add an account. The password is read from NABB_PASSWORD or asked for (twice).

    \b
    Examples:
      nabb users add jan@groningen.nl --role coordinator --region GR
      nabb users add admin@example.org --role admin
    """
    from nabb.portal import auth
    from nabb.portal.sheets import regions as known_regions
    settings = _settings(db, data_dir, workbook)
    password = os.environ.get("NABB_PASSWORD")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _change_accounts(settings, lambda s: auth.add_user(s, email, role, password, list(regions),
                                                       known_regions(settings), by="cli"))
    click.echo(f"added {email.strip().lower()} ({role}{': ' + ', '.join(sorted(set(regions))) if regions else ''})")


@users.command("list")
@_db_options
def users_list(db, data_dir) -> None:
    """List accounts: e-mail, role, regions and whether the account is active.

    \b
    Example:
      nabb users list
    """
    from sqlalchemy import select
    from nabb.portal.db import User
    with _database(_settings(db, data_dir)) as s:
        rows = list(s.scalars(select(User).order_by(User.role, User.email)))
        for u in rows:
            click.echo(f"{u.email}\t{u.role}\t{','.join(u.region_codes) or '-'}\t"
                       f"{'active' if u.active else 'disabled'}")
        if not rows:
            click.echo("no accounts yet: nabb users add EMAIL --role admin", err=True)


@users.command("disable")
@click.argument("email")
@_db_options
def users_disable(email, db, data_dir) -> None:
    """Disable an account and end its sessions (its uploads and audit entries stay).

    \b
    Example:
      nabb users disable jan@groningen.nl
    """
    from nabb.portal import auth
    _change_accounts(_settings(db, data_dir), lambda s: auth.set_active(s, email, False, by="cli"))
    click.echo(f"disabled {email.strip().lower()}")
