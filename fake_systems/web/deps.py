"""FastAPI dependencies shared by both stand-ins: database, session, role checks, CSRF forms."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.datastructures import FormData, UploadFile

from fake_systems.db import connect
from fake_systems.web.errors import CsrfRejected, Forbidden, LoginRequired
from fake_systems.web.security import same_token
from fake_systems.web.sessions import Session, load_session
from fake_systems.web.site import Site


def get_site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def get_conn(request: Request) -> Iterator[sqlite3.Connection]:
    conn = connect(get_site(request).db_path)
    try:
        yield conn
    finally:
        conn.close()


Conn = Annotated[sqlite3.Connection, Depends(get_conn)]


def _return_to(request: Request, site: Site) -> str:
    """Where to go after logging in: this page (GET) or the page the form was on."""
    if request.method == "GET":
        query = request.url.query
        return request.url.path + (f"?{query}" if query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return site.home


def current_session(request: Request, conn: Conn) -> Session:
    """The logged-in user's session, or a redirect to the login page (LoginRequired)."""
    site = get_site(request)
    token = request.cookies.get(site.session_cookie)
    session = None
    if token:
        session = load_session(
            conn,
            token=token,
            now=time.time(),
            idle_timeout_s=site.options.idle_timeout_s,
            ttl_s=site.options.session_ttl_s,
        )
    if session is None:
        raise LoginRequired(next_url=_return_to(request, site), expired=token is not None)
    request.state.session = session
    return session


CurrentSession = Annotated[Session, Depends(current_session)]


def require(action: str) -> Callable[[Request, Session], Session]:
    """A dependency admitting only the roles the site's permission table gives `action`."""

    def dependency(request: Request, session: CurrentSession) -> Session:
        if not get_site(request).may(session.user.role, action):
            raise Forbidden(action)
        return session

    return dependency


async def csrf_form(request: Request, session: CurrentSession) -> FormData:
    """The posted form, once its csrf_token matches the session's."""
    form = await request.form()
    if not same_token(form_text(form, "csrf_token"), session.csrf_token):
        raise CsrfRejected
    return form


CsrfForm = Annotated[FormData, Depends(csrf_form)]
# Both stand-ins call the permission to read their pages "view".
Viewer = Annotated[Session, Depends(require("view"))]


_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_key(scheme: str, host: str | None, port: int | None) -> tuple[str, str, int | None]:
    scheme = scheme.lower()
    return scheme, (host or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def check_origin(request: Request) -> None:
    """A state-changing request sent from another site is refused like a missing CSRF token
    (every route, the login included): an Origin that is not this site's own scheme, host and
    port (or is "null"), or Sec-Fetch-Site: cross-site. Without either header the CSRF token
    alone decides, as for clients that send neither."""
    if request.method not in _WRITES:
        return
    if request.headers.get("sec-fetch-site", "").strip().lower() == "cross-site":
        raise CsrfRejected
    origin = request.headers.get("origin")
    if origin is None:
        return
    try:
        theirs = urlsplit(origin.strip())
        their_key = _origin_key(theirs.scheme, theirs.hostname, theirs.port)
    except ValueError:  # a port that is no number ("null" fails the comparison below)
        raise CsrfRejected from None
    if their_key != _origin_key(request.url.scheme, request.url.hostname, request.url.port):
        raise CsrfRejected


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return "" if value is None or isinstance(value, UploadFile) else str(value)
