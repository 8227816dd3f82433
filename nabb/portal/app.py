"""The portal web app (FastAPI, server-rendered Jinja2 pages).

Routes and who may use them (``ACCESS``; tests/test_portal_authz.py walks every route):

    coordinator  /regions, /regions/{code}, /regions/{code}/template, /upload,
                 /uploads/{id}..., accept (own regions only; the server also checks the
                 region written inside the uploaded sheet)
    officer      /national, /versions..., /runs..., /compare, and read access to every upload
    admin        /admin/users..., /admin/audit, and everything an officer sees
    anyone       /login, /healthz, /static

Security: argon2 password hashes, sessions as database rows behind an HttpOnly SameSite=Lax
cookie (Secure over TLS), CSRF tokens on every form (signed double submit, an HMAC with a
secret kept in the database; see :func:`csrf_token`), a sign-in rate limit in the database, a size cap on request
bodies, and strict security headers.  Jinja2 autoescapes every value.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from fastapi import Depends, FastAPI, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from nabb.capacity.annotate import annotate
from nabb.capacity.template import write_capacity_template
from nabb.errors import InputError
from nabb.portal import auth, jobs, sheets
from nabb.portal.config import Settings
from nabb.portal.db import AuditEvent, Job, Upload, User, WorkbookVersion, make_engine, session_factory
from nabb.portal.storage import Store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "nabb_session"
CSRF_COOKIE = "nabb_csrf"
CSRF_FIELD = "csrftoken"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


# ============================================================================ plain ASGI layers
class SecurityHeaders:
    """Security headers on every response; Set-Cookie made HttpOnly (and Secure over TLS)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        tls = scope.get("scheme") == "https"

        async def wrapped(event):
            if event["type"] == "http.response.start":
                headers = []
                have = set()
                for k, v in event.get("headers") or []:
                    k = bytes(k).lower()
                    v = bytes(v)
                    if k == b"set-cookie":
                        low = v.lower()
                        if b"httponly" not in low:
                            v += b"; HttpOnly"
                        if tls and b"secure" not in low:
                            v += b"; Secure"
                    have.add(k)
                    headers.append((k, v))
                extra = {b"content-security-policy": PAGE_CSP.encode(),
                         b"x-content-type-options": b"nosniff", b"x-frame-options": b"DENY",
                         b"referrer-policy": b"same-origin", b"cross-origin-opener-policy": b"same-origin",
                         b"permissions-policy": b"camera=(), microphone=(), geolocation=()"}
                if tls:
                    extra[b"strict-transport-security"] = b"max-age=31536000"
                for k, v in extra.items():
                    if k not in have:
                        headers.append((k, v))
                if b"cache-control" not in have:
                    headers.append((b"cache-control", b"no-store"))
                event = {**event, "headers": headers}
            await send(event)

        await self.app(scope, receive, wrapped)


class BodyLimit:
    """Refuses request bodies above the cap before they are read (413), and bodies that keep
    coming past it; a POST must say how long it is (411)."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is None or not length.isdigit():
            return await _plain(send, 411, "A request body needs a Content-Length.")
        if int(length) > self.limit:
            return await _plain(send, 413, f"The file is too large: at most "
                                           f"{self.limit // (1024 * 1024)} MiB.")
        seen = 0

        async def counted():
            nonlocal seen
            event = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > self.limit:
                    return {"type": "http.disconnect"}
            return event

        await self.app(scope, counted, send)


async def _plain(send, status: int, message: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": message.encode()})


def csrf_token(secret: str, browser: str, session: str) -> str:
    """The token every form carries: an HMAC of the browser's random CSRF cookie and its session.

    Signed double submit: a cross-site page cannot read the cookie (HttpOnly, SameSite=Strict)
    and cannot compute the HMAC without the server's secret, and a token made for one session
    is useless in another.  (asgi-csrf, the maintained ASGI middleware for form posts, fails
    with current python-multipart; the header-only middlewares need JavaScript on every form.)
    """
    msg = f"{browser}|{hashlib.sha256(session.encode()).hexdigest()}".encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()


# ============================================================================ helpers
class NeedsSignIn(Exception):
    pass


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


def attachment(data: bytes, name: str, media_type: str = XLSX) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100]
    return Response(data, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="{safe}"', "x-content-type-options": "nosniff"})


def fmt_time(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


# ============================================================================ the app
def create_app(settings: Settings) -> Any:
    engine = make_engine(settings.db_url)
    Sessions = session_factory(engine)
    store = Store(settings.data_dir)
    store.prepare()
    with Sessions() as db:
        secret = auth.signing_secret(db)

    async def csrf_check(request: Request) -> None:
        """Every POST must carry the form token that matches this browser's cookie."""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        browser = request.cookies.get(CSRF_COOKIE, "")
        form = await request.form(max_files=1, max_fields=200, max_part_size=1024 * 1024)
        sent = str(form.get(CSRF_FIELD, ""))
        expected = csrf_token(secret, browser, request.cookies.get(SESSION_COOKIE, ""))
        if not browser or not hmac.compare_digest(sent, expected):
            raise HTTPException(403, "The form has expired or did not come from this site "
                                     "(CSRF check failed). Go back, reload the page and try again.")

    app = FastAPI(title="nabb portal", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(csrf_check)])
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["when"] = fmt_time
    templates.env.globals["status_label"] = sheets.STATUS_LABEL

    def get_db():
        with Sessions() as db:
            yield db

    def current_user(request: Request, db: Session = Depends(get_db)) -> User:
        user = auth.session_user(db, request.cookies.get(SESSION_COOKIE))
        if user is None:
            raise NeedsSignIn()
        return user

    def role(*roles: str) -> Callable[..., User]:
        def dep(user: User = Depends(current_user)) -> User:
            if user.role not in roles:
                raise HTTPException(403, "Your role cannot open this page.")
            return user
        return dep

    officer = role("officer", "admin")
    admin = role("admin")
    coordinator = role("coordinator")

    def render(request: Request, template: str, user: User | None, status: int = 200, **ctx) -> HTMLResponse:
        browser = request.cookies.get(CSRF_COOKIE) or ""
        fresh = not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", browser)
        if fresh:
            browser = secrets.token_urlsafe(24)
        token = csrf_token(secret, browser, ctx.pop("session_token", None)
                           or request.cookies.get(SESSION_COOKIE, ""))
        resp = templates.TemplateResponse(request, template, {"user": user, "csrftoken": token,
                                                          "regions": sheets.regions(settings),
                                                          **ctx}, status_code=status)
        if fresh:
            resp.set_cookie(CSRF_COOKIE, browser, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
        return resp

    @app.exception_handler(NeedsSignIn)
    async def _to_login(request: Request, exc: NeedsSignIn):
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        return templates.TemplateResponse(request, "error.html", {"user": None, "csrftoken": "",
                                          "status": exc.status_code, "message": exc.detail},
                                          status_code=exc.status_code)

    def can_see_region(user: User, region: str) -> bool:
        return user.role in ("officer", "admin") or region in user.region_codes

    def get_upload(db: Session, upload_id: int, user: User) -> Upload:
        up = db.get(Upload, upload_id)
        if up is None or not can_see_region(user, up.region):
            raise HTTPException(404, "No such upload.")  # the same answer for other regions
        return up

    # ------------------------------------------------------------------ public
    @app.get("/healthz")
    def healthz(db: Session = Depends(get_db)):
        try:
            db.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure
            return Response("database unreachable\n", status_code=503, media_type="text/plain")
        return Response("ok\n", media_type="text/plain")

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request):
        return render(request, "login.html", None)

    @app.post("/login")
    def login(request: Request, email: str = Form(""), password: str = Form(""),
              db: Session = Depends(get_db)):
        client = client_of(request)
        email_key = email.strip().lower()[:254]
        if auth.rate_limited(db, email_key, client):
            auth.audit(db, email_key, "signin_blocked", "too many failed sign-ins", client)
            db.commit()
            return render(request, "login.html", None, 429, email=email,
                          error="Too many failed sign-ins. Wait 15 minutes and try again.")
        user = auth.authenticate(db, email, password, client)
        if user is None:
            db.commit()
            return render(request, "login.html", None, 401, email=email,
                          error="Wrong e-mail address or password.")
        token = auth.new_session(db, user)
        db.commit()
        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https", max_age=12 * 3600)
        return resp

    @app.post("/logout")
    def logout(request: Request, db: Session = Depends(get_db)):
        auth.end_session(db, request.cookies.get(SESSION_COOKIE))
        db.commit()
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    @app.get("/")
    def home(user: User = Depends(current_user)):
        return RedirectResponse({"coordinator": "/regions", "officer": "/national",
                                 "admin": "/national"}[user.role], status_code=303)

    # ------------------------------------------------------------------ coordinator
    @app.get("/regions", response_class=HTMLResponse)
    def my_regions(request: Request, user: User = Depends(coordinator), db: Session = Depends(get_db)):
        names = sheets.regions(settings)
        rows = []
        for code in user.region_codes:
            latest = sheets.latest_upload(db, code)
            rows.append({"code": code, "name": names.get(code, code), "latest": latest,
                         "status": sheets.region_status(latest),
                         "accepted": sheets.latest_accepted(db, code),
                         "history": sheets.history(db, code)})
        return render(request, "regions.html", user, rows=rows, max_mib=settings.max_upload_bytes // 2**20)

    @app.get("/regions/{code}/template")
    def region_template(code: str, user: User = Depends(current_user)):
        if not can_see_region(user, code) or code not in sheets.regions(settings):
            raise HTTPException(404, "No such region.")
        with tempfile.TemporaryDirectory(dir=store.tmp_dir()) as tmp:
            out = Path(tmp) / "template.xlsx"
            write_capacity_template(out, region=code, workbook=sheets.base_workbook(settings))
            data = out.read_bytes()
        return attachment(data, f"capacity_sheet_{code}.xlsx")

    @app.post("/upload")
    async def upload(request: Request, file: UploadFile, user: User = Depends(coordinator),
                     db: Session = Depends(get_db)):
        data = await file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            raise HTTPException(413, "The file is too large.")
        if not data:
            return render(request, "refused.html", user, 400, message="The file is empty.",
                          issues=[], filename=file.filename or "")
        outcome = await _in_thread(sheets.upload_sheet, db, store, settings, user,
                                   file.filename or "", data, client_of(request))
        if outcome.upload is None:
            return render(request, "refused.html", user, 403, message=outcome.refused,
                          issues=outcome.issues, filename=file.filename or "")
        return RedirectResponse(f"/uploads/{outcome.upload.id}", status_code=303)

    @app.get("/uploads/{upload_id}", response_class=HTMLResponse)
    def upload_page(request: Request, upload_id: int, user: User = Depends(current_user),
                    db: Session = Depends(get_db)):
        up = get_upload(db, upload_id, user)
        return render(request, "upload.html", user, up=up, issues=sheets.issues_of(up),
                      may_accept=(user.role == "coordinator" and up.status == "draft" and not up.n_errors))

    @app.post("/uploads/{upload_id}/accept")
    def accept(request: Request, upload_id: int, user: User = Depends(coordinator),
               db: Session = Depends(get_db)):
        up = get_upload(db, upload_id, user)
        why = sheets.accept(db, up, user, client_of(request))
        if why:
            return render(request, "upload.html", user, 409, up=up, issues=sheets.issues_of(up),
                          may_accept=False, error=why)
        return RedirectResponse(f"/uploads/{up.id}", status_code=303)

    @app.get("/uploads/{upload_id}/file")
    def upload_file(upload_id: int, user: User = Depends(current_user), db: Session = Depends(get_db)):
        up = get_upload(db, upload_id, user)
        return attachment(store.path("uploads", up.sha256).read_bytes(),
                          f"capacity_{up.region}_upload{up.id}.xlsx")

    @app.get("/uploads/{upload_id}/annotated")
    def upload_annotated(upload_id: int, user: User = Depends(current_user), db: Session = Depends(get_db)):
        up = get_upload(db, upload_id, user)
        with tempfile.TemporaryDirectory(dir=store.tmp_dir()) as tmp:
            src = Path(tmp) / f"{up.sha256}.xlsx"
            shutil.copyfile(store.path("uploads", up.sha256), src)
            out = Path(tmp) / "annotated.xlsx"
            annotate(src, sheets.issues_of(up), out)
            data = out.read_bytes()
        return attachment(data, f"capacity_{up.region}_upload{up.id}.checked.xlsx")

    # ------------------------------------------------------------------ officer
    @app.get("/national", response_class=HTMLResponse)
    def national(request: Request, user: User = Depends(officer), db: Session = Depends(get_db)):
        rows = sheets.national_table(db, settings)
        versions = list(db.scalars(select(WorkbookVersion).order_by(WorkbookVersion.id.desc()).limit(20)))
        return render(request, "national.html", user, rows=rows, versions=versions,
                      n_accepted=sum(r.accepted is not None for r in rows))

    @app.get("/regions/{code}", response_class=HTMLResponse)
    def region_page(request: Request, code: str, user: User = Depends(current_user),
                    db: Session = Depends(get_db)):
        names = sheets.regions(settings)
        if code not in names or not can_see_region(user, code):
            raise HTTPException(404, "No such region.")
        latest = sheets.latest_upload(db, code)
        return render(request, "region.html", user, code=code, region_name=names[code], latest=latest,
                      region_state=sheets.region_status(latest), accepted=sheets.latest_accepted(db, code),
                      history=sheets.history(db, code))

    @app.post("/versions")
    def make_version(request: Request, user: User = Depends(officer), db: Session = Depends(get_db)):
        try:
            version = sheets.merge_accepted(db, store, settings, user, client_of(request))
        except InputError as exc:
            db.rollback()
            return render(request, "merge_failed.html", user, 409, issues=exc.issues)
        return RedirectResponse(f"/versions/{version.id}", status_code=303)

    @app.get("/versions", response_class=HTMLResponse)
    def versions_page(request: Request, user: User = Depends(officer), db: Session = Depends(get_db)):
        versions = list(db.scalars(select(WorkbookVersion).order_by(WorkbookVersion.id.desc())))
        runs = list(db.scalars(select(Job).order_by(Job.id.desc()).limit(100)))
        return render(request, "versions.html", user, versions=versions, runs=runs,
                      stalled={j.id for j in runs if jobs.is_stalled(j)})

    def get_version(db: Session, version_id: int) -> WorkbookVersion:
        v = db.get(WorkbookVersion, version_id)
        if v is None:
            raise HTTPException(404, "No such version.")
        return v

    def version_scenarios(v: WorkbookVersion) -> list[str]:
        from nabb import pipeline
        from nabb.scenarios import scenario_names
        return scenario_names(pipeline.read_base(store.path("versions", v.sha256)))

    @app.get("/versions/{version_id}", response_class=HTMLResponse)
    def version_page(request: Request, version_id: int, user: User = Depends(officer),
                     db: Session = Depends(get_db)):
        v = get_version(db, version_id)
        ups = [db.get(Upload, i) for i in v.upload_ids]
        runs = list(db.scalars(select(Job).where(Job.version_id == v.id).order_by(Job.id.desc())))
        return render(request, "version.html", user, v=v, uploads=ups, runs=runs,
                      scenarios=version_scenarios(v), scheduler=settings.scheduler)

    @app.get("/versions/{version_id}/download")
    def version_download(version_id: int, user: User = Depends(officer), db: Session = Depends(get_db)):
        v = get_version(db, version_id)
        return attachment(store.path("versions", v.sha256).read_bytes(), f"scenario_v{v.id}.xlsx")

    @app.post("/versions/{version_id}/runs")
    async def start_run(request: Request, version_id: int, user: User = Depends(officer),
                        db: Session = Depends(get_db)):
        form = await request.form()
        chosen = [str(s) for s in form.getlist("scenario")]
        v = get_version(db, version_id)
        known = version_scenarios(v)
        bad = [s for s in chosen if s not in known]
        if not chosen or bad:
            raise HTTPException(400, "Choose one or more scenarios of this version"
                                + (f" (unknown: {', '.join(bad)})" if bad else "") + ".")
        job = Job(version_id=v.id, scenarios=chosen, status="queued", created_by=user.id,
                  where=settings.scheduler or "local", results={}, progress="queued")
        db.add(job)
        db.flush()
        auth.audit(db, user.email, "run", f"job #{job.id} version #{v.id} scenarios="
                   f"{','.join(chosen)} on {job.where}", client_of(request))
        db.commit()
        pid = jobs.start(settings, job.id)
        db.query(Job).filter(Job.id == job.id, Job.pid.is_(None)).update({"pid": pid})
        db.commit()
        return RedirectResponse(f"/runs/{job.id}", status_code=303)

    def get_job(db: Session, job_id: int) -> Job:
        job = db.get(Job, job_id)
        if job is None:
            raise HTTPException(404, "No such run.")
        return job

    @app.get("/runs/{job_id}", response_class=HTMLResponse)
    def run_page(request: Request, job_id: int, user: User = Depends(officer), db: Session = Depends(get_db)):
        job = get_job(db, job_id)
        return render(request, "run.html", user, job=job, stalled=jobs.is_stalled(job),
                      refresh=job.status in ("queued", "running"))

    def report_file(db: Session, job_id: int, scenario: str, name: str) -> Path:
        job = get_job(db, job_id)
        folder = jobs.report_dir(store, job, scenario)
        path = folder / name if folder else None
        if path is None or not path.is_file():
            raise HTTPException(404, "No such report.")
        return path

    @app.get("/runs/{job_id}/{scenario}/report.html")
    def report_html(job_id: int, scenario: str, user: User = Depends(officer), db: Session = Depends(get_db)):
        html = report_file(db, job_id, scenario, "report.html").read_text(encoding="utf-8")
        hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                          for s in re.findall(r"<script>(.*?)</script>", html, flags=re.S))
        csp = (f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; "
               "style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'none'")
        return HTMLResponse(html, headers={"content-security-policy": csp})

    @app.get("/runs/{job_id}/{scenario}/report.xlsx")
    def report_xlsx(job_id: int, scenario: str, user: User = Depends(officer), db: Session = Depends(get_db)):
        path = report_file(db, job_id, scenario, "report.xlsx")
        return attachment(path.read_bytes(), f"report_run{job_id}_{scenario}.xlsx")

    @app.post("/compare")
    def compare(request: Request, first: str = Form(...), second: str = Form(...),
                user: User = Depends(officer), db: Session = Depends(get_db)):
        from nabb.compare import compare_reports
        from nabb.reports.compare import write_workbook
        folders = []
        for ref in (first, second):
            job_id, _, scenario = ref.partition(":")
            if not job_id.isdigit():
                raise HTTPException(400, "Choose two finished runs.")
            folders.append(report_file(db, int(job_id), scenario, "summary.json").parent)
        with tempfile.TemporaryDirectory(dir=store.tmp_dir()) as tmp:
            out = Path(tmp) / "compare.xlsx"
            write_workbook(compare_reports(folders), out)
            sha, path = store.put_file("compare", out)
        auth.audit(db, user.email, "compare", f"{first} vs {second} sha256={sha}", client_of(request))
        db.commit()
        return attachment(path.read_bytes(), f"compare_{first}_{second}.xlsx".replace(":", "-"))

    # ------------------------------------------------------------------ admin
    def users_html(request: Request, user: User, db: Session, error: str = "",
                   status: int = 200) -> HTMLResponse:
        users = list(db.scalars(select(User).order_by(User.role, User.email)))
        return render(request, "users.html", user, status, users=users, roles=auth.ROLES, error=error)

    def change_accounts(request: Request, user: User, db: Session, change: Callable[[], None]) -> Response:
        """Run ``change()`` and commit, then back to the users page; a refused change
        (AccountError) is rolled back and the page says why (400)."""
        try:
            change()
            db.commit()
        except auth.AccountError as exc:
            db.rollback()
            return users_html(request, user, db, str(exc), 400)
        return RedirectResponse("/admin/users", status_code=303)

    @app.get("/admin/users", response_class=HTMLResponse)
    def users_page(request: Request, user: User = Depends(admin), db: Session = Depends(get_db),
                   error: str = ""):
        return users_html(request, user, db, error)

    @app.post("/admin/users")
    async def add_user(request: Request, user: User = Depends(admin), db: Session = Depends(get_db)):
        form = await request.form()
        return change_accounts(request, user, db, lambda: auth.add_user(
            db, str(form.get("email", "")), str(form.get("role", "")), str(form.get("password", "")),
            [str(r) for r in form.getlist("region")], sheets.regions(settings), by=user.email))

    def get_user(db: Session, user_id: int) -> User:
        u = db.get(User, user_id)
        if u is None:
            raise HTTPException(404, "No such user.")
        return u

    @app.post("/admin/users/{user_id}/regions")
    async def user_regions(request: Request, user_id: int, user: User = Depends(admin),
                           db: Session = Depends(get_db)):
        form = await request.form()
        target = get_user(db, user_id)
        return change_accounts(request, user, db, lambda: auth.set_regions(
            db, target, [str(r) for r in form.getlist("region")], sheets.regions(settings), user.email))

    @app.post("/admin/users/{user_id}/active")
    def user_active(request: Request, user_id: int, active: str = Form(...), user: User = Depends(admin),
                    db: Session = Depends(get_db)):
        target = get_user(db, user_id)
        if target.id == user.id:
            raise HTTPException(400, "You cannot disable your own account.")
        auth.set_active(db, target.email, active == "1", by=user.email)
        db.commit()
        return RedirectResponse("/admin/users", status_code=303)

    @app.get("/admin/audit", response_class=HTMLResponse)
    def audit_page(request: Request, user: User = Depends(admin), db: Session = Depends(get_db),
                   action: str = ""):
        q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(500)
        if action:
            q = q.where(AuditEvent.action == action)
        events = list(db.scalars(q))
        return render(request, "audit.html", user, events=events, action=action)

    app.state.settings = settings
    app.state.sessions = Sessions
    return SecurityHeaders(BodyLimit(app, settings.max_upload_bytes + 64 * 1024))


async def _in_thread(fn, *args):
    from starlette.concurrency import run_in_threadpool
    return await run_in_threadpool(fn, *args)


def create_app_from_env() -> Any:
    """The app factory uvicorn workers call (``nabb serve`` sets the environment)."""
    return create_app(Settings.from_env())
