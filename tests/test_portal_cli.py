"""``nabb users add|list|disable`` and ``nabb serve --help``: passwords never on the command line."""
from __future__ import annotations

from sqlalchemy import select

from nabb.portal import auth
from nabb.portal.config import Settings
from nabb.portal.db import User, WebSession, make_engine, session_factory
from click.testing import CliRunner

from nabb.cli import main


class Result:
    def __init__(self, r):
        self.returncode, self.stdout, self.stderr = r.exit_code, r.stdout, r.stderr


def nabb(*args, env=None, input=None):
    """The CLI in-process, as the console script runs it."""
    return Result(CliRunner().invoke(main, list(args), env=env, input=input))


def test_users_add_list_disable(tmp_path):
    data = ["--data", str(tmp_path)]
    r = nabb("users", "add", "Jan@Example.org", "--role", "coordinator", "--region", "GR",
             "--region", "FR", *data, env={"NABB_PASSWORD": "a-good-password"})
    assert r.returncode == 0, r.stderr
    # the password from a prompt, asked twice
    r = nabb("users", "add", "officer@example.org", "--role", "officer", *data,
             env={"NABB_PASSWORD": ""}, input="")
    assert r.returncode == 2 and "at least 10 characters" in r.stderr
    r = nabb("users", "add", "officer@example.org", "--role", "officer", *data,
             env={"NABB_PASSWORD": None}, input="prompted-password\nprompted-password\n")
    assert r.returncode == 0, r.stderr
    r = nabb("users", "list", *data)
    assert r.returncode == 0
    assert "jan@example.org\tcoordinator\tFR,GR\tactive" in r.stdout
    assert "officer@example.org\tofficer\t-\tactive" in r.stdout
    # mistakes are clear errors with exit code 2
    for args, words in ((["jan@example.org", "--role", "officer"], "already has an account"),
                        (["x@example.org", "--role", "coordinator"], "needs at least one --region"),
                        (["y@example.org", "--role", "coordinator", "--region", "ZZ"], "unknown region"),
                        (["not-an-address", "--role", "officer"], "not an e-mail address")):
        r = nabb("users", "add", *args, *data, env={"NABB_PASSWORD": "a-good-password"})
        assert r.returncode == 2 and words in r.stderr, (args, r.stderr)
    # disable: sign-in fails and the sessions end
    settings = Settings.build(None, tmp_path)
    engine = make_engine(settings.db_url)
    Sessions = session_factory(engine)
    with Sessions() as s:
        user = auth.authenticate(s, "jan@example.org", "a-good-password", "test")
        assert user is not None
        auth.new_session(s, user)
        s.commit()
    r = nabb("users", "disable", "jan@example.org", *data)
    assert r.returncode == 0, r.stderr
    with Sessions() as s:
        assert auth.authenticate(s, "jan@example.org", "a-good-password", "test") is None
        jan = s.scalar(select(User).where(User.email == "jan@example.org"))
        assert not jan.active
        assert s.scalar(select(WebSession).where(WebSession.user_id == jan.id)) is None
        assert jan.password_hash.startswith("$argon2id$") and "a-good-password" not in jan.password_hash
    engine.dispose()
    assert "disabled" in nabb("users", "list", *data).stdout


def test_no_password_option_and_serve_help():
    r = nabb("users", "add", "--help")
    assert r.returncode == 0 and "NABB_PASSWORD" in r.stdout and "--password" not in r.stdout
    r = nabb("serve", "--help")
    assert r.returncode == 0
    for opt in ("--host", "--port", "--db", "--workbook", "--scheduler", "--workers"):
        assert opt in r.stdout
    assert "127.0.0.1" in r.stdout
