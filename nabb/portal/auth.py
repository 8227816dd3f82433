"""Accounts, passwords (argon2), database-backed sessions, the sign-in rate limit and the
audit log.  Used by the web app and by ``nabb users``."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from nabb.portal import config
from nabb.portal.db import AuditEvent, LoginAttempt, Setting, User, UserRegion, WebSession, utcnow

ROLES = ("coordinator", "officer", "admin")
MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
#: Verified against when the e-mail is unknown, so that a wrong address takes as long as a wrong
#: password (no account enumeration through timing).
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A user-management request that cannot be done (shown to the admin as is)."""


def clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"not an e-mail address: {email!r}")
    return email


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")


def audit(db: Session, who: str, action: str, detail: str = "", client: str = "") -> None:
    db.add(AuditEvent(user_email=who or "", action=action, detail=detail[:4000], client=client[:64]))


def add_user(db: Session, email: str, role: str, password: str, regions: list[str],
             known_regions: dict[str, str] | None = None, by: str = "cli") -> User:
    email = clean_email(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}; found {role!r}")
    check_password_strength(password)
    regions = _check_regions(role, regions, known_regions)
    if db.scalar(select(User).where(User.email == email)) is not None:
        raise AccountError(f"{email} already has an account")
    user = User(email=email, role=role, password_hash=_hasher.hash(password), active=True,
                regions=[UserRegion(region=r) for r in regions])
    db.add(user)
    audit(db, by, "user_add", f"{email} role={role} regions={','.join(regions) or '-'}")
    db.flush()
    return user


def _check_regions(role: str, regions: list[str], known: dict[str, str] | None) -> list[str]:
    regions = sorted({r.strip() for r in regions if r and r.strip()})
    if role == "coordinator" and not regions:
        raise AccountError("a coordinator needs at least one --region")
    if known is not None:
        unknown = [r for r in regions if r not in known]
        if unknown:
            raise AccountError(f"unknown region(s) {', '.join(unknown)}; known: "
                               + ", ".join(sorted(known)))
    return regions


def set_regions(db: Session, user: User, regions: list[str], known: dict[str, str] | None,
                by: str) -> None:
    regions = _check_regions(user.role, regions, known)
    user.regions = [UserRegion(region=r) for r in regions]
    audit(db, by, "user_regions", f"{user.email} regions={','.join(regions) or '-'}")


def set_active(db: Session, email: str, active: bool, by: str = "cli") -> User:
    user = db.scalar(select(User).where(User.email == clean_email(email)))
    if user is None:
        raise AccountError(f"no account for {email}")
    user.active = active
    if not active:
        db.execute(delete(WebSession).where(WebSession.user_id == user.id))
    audit(db, by, "user_disable" if not active else "user_enable", user.email)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def recent_failures(db: Session, email: str, client: str) -> tuple[int, int]:
    since = utcnow() - dt.timedelta(minutes=config.LOGIN_WINDOW_MINUTES)
    by_email = db.scalar(select(func.count()).select_from(LoginAttempt)
                         .where(LoginAttempt.email == email, LoginAttempt.at >= since)) or 0
    by_client = db.scalar(select(func.count()).select_from(LoginAttempt)
                          .where(LoginAttempt.client == client, LoginAttempt.at >= since)) or 0
    return by_email, by_client


def rate_limited(db: Session, email: str, client: str) -> bool:
    by_email, by_client = recent_failures(db, email, client)
    return (by_email >= config.LOGIN_MAX_FAILURES_PER_EMAIL
            or by_client >= config.LOGIN_MAX_FAILURES_PER_CLIENT)


def authenticate(db: Session, email: str, password: str, client: str) -> User | None:
    """The active user with this e-mail and password, or None (the failure is recorded)."""
    email = (email or "").strip().lower()[:254]
    user = db.scalar(select(User).where(User.email == email))
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        db.add(LoginAttempt(email=email, client=client[:64]))
        audit(db, email, "signin_failed", "wrong e-mail or password" if user is None or not ok
              else "account disabled", client)
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    db.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    audit(db, email, "signin", f"role={user.role}", client)
    return user


def new_session(db: Session, user: User) -> str:
    token = secrets.token_urlsafe(32)
    db.add(WebSession(token_sha256=_token_hash(token), user_id=user.id,
                      expires_at=utcnow() + dt.timedelta(hours=config.SESSION_HOURS)))
    db.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
    return token


def session_user(db: Session, token: str | None) -> User | None:
    if not token or len(token) > 100:
        return None
    row = db.get(WebSession, _token_hash(token))
    if row is None or row.expires_at < utcnow():
        return None
    user = db.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(WebSession).where(WebSession.token_sha256 == _token_hash(token)))


def signing_secret(db: Session) -> str:
    """The secret shared by every worker (CSRF tokens), made once and kept in the database."""
    row = db.get(Setting, "signing_secret")
    if row is None:
        db.add(Setting(key="signing_secret", value=secrets.token_urlsafe(48)))
        try:
            db.commit()
        except Exception:  # another worker made it first
            db.rollback()
        row = db.get(Setting, "signing_secret")
    return row.value
