"""The coordinator portal (``nabb serve``): capacity sheets uploaded in a browser, checked at
once, accepted per region, merged into scenario workbook versions and run as background jobs.

Everything lives in the database (users, sessions, uploads, versions, jobs, audit log) and in a
content-addressed file store beside it, so several uvicorn workers or hosts can serve the same
portal.  See ``docs/portal.md``.
"""
