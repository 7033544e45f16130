"""Login and logout, with a double-submit CSRF cookie on the login form and login throttling
(growing delays per client and username, see sessions.reserve_login_attempt)."""

from __future__ import annotations

import math
import sqlite3
import time
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.passwords import hash_password, verify_password
from fake_systems.web import sessions
from fake_systems.web.audit import write_audit
from fake_systems.web.deps import Conn, CsrfForm, CurrentSession, get_site
from fake_systems.web.security import new_token, same_token, token_hash
from fake_systems.web.sessions import User
from fake_systems.web.site import Site
from fake_systems.web.templating import render

router = APIRouter()

_WRONG = "Forkert brugernavn eller adgangskode."
_STALE = "Loginformularen var udløbet. Prøv igen."


@cache
def _dummy_hash() -> str:
    # Verifying against this for unknown users keeps their timing like that of known ones.
    return hash_password("no user has this password")


def _safe_next(next_url: str, site: Site) -> str:
    if next_url.startswith("/") and not next_url.startswith("//") and "\\" not in next_url:
        return next_url
    return site.home


def _set_cookie(response: Response, site: Site, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="lax", path="/", secure=site.options.secure_cookies
    )


def _throttled_message(seconds: int) -> str:
    unit = "sekund" if seconds == 1 else "sekunder"
    return f"For mange mislykkede loginforsøg. Vent {seconds} {unit}, og prøv igen."


def _login_page(
    request: Request,
    *,
    next_url: str,
    error: str = "",
    status: int = 200,
    username: str = "",
    retry_after: int | None = None,
) -> Response:
    site = get_site(request)
    token = request.cookies.get(site.login_cookie) or new_token()
    context = {
        "login_token": token,
        "next_url": next_url,
        "error": error,
        "username": username,
        "retry_after": retry_after,
        "expired": request.query_params.get("expired") == "1",
    }
    response = render(request, "login.html", context, status_code=status)
    _set_cookie(response, site, site.login_cookie, token)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next_url=_safe_next(next, get_site(request)))


@router.post("/login")
def login(
    request: Request,
    conn: Conn,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    site = get_site(request)
    next_url = _safe_next(next, site)
    username = username.strip()
    if not same_token(csrf_token, request.cookies.get(site.login_cookie)):
        return _login_page(request, next_url=next_url, error=_STALE, status=403)
    now, client = time.time(), _client(request)
    wait = sessions.reserve_login_attempt(conn, client=client, username=username, now=now)
    if wait > 0:
        # Answered without checking the password: guessing costs the guesser time.
        seconds = math.ceil(wait)
        write_audit(conn, username=username, action="login_throttled", detail=f"{seconds} s")
        return _login_page(
            request,
            next_url=next_url,
            error=_throttled_message(seconds),
            status=429,
            username=username,
            retry_after=seconds,
        )
    found = sessions.find_user(conn, username=username)
    password_hash = found[1] if found else _dummy_hash()
    if not verify_password(password_hash, password) or found is None:
        write_audit(conn, username=username, action="login_failed")
        return _login_page(request, next_url=next_url, error=_WRONG, status=401, username=username)
    sessions.clear_login_buckets(conn, client=client, username=username, now=now)
    return _start_session(request, conn, found[0], next_url=next_url, now=now)


def _start_session(
    request: Request, conn: sqlite3.Connection, user: User, *, next_url: str, now: float
) -> Response:
    """A fresh session (never the one the browser brought: no fixation), then on to next."""
    site = get_site(request)
    old = request.cookies.get(site.session_cookie)
    if old:
        sessions.delete_session(conn, token_hash_=token_hash(old))
    sessions.purge_sessions(conn, idle_since=now - site.options.idle_timeout_s)
    token = sessions.create_session(conn, user_id=user.id, now=now)
    write_audit(conn, username=user.username, action="login")
    response = RedirectResponse(next_url, status_code=303)
    _set_cookie(response, site, site.session_cookie, token)
    response.delete_cookie(site.login_cookie, path="/")
    return response


@router.post("/logout")
def logout(request: Request, conn: Conn, session: CurrentSession, _: CsrfForm) -> Response:
    sessions.delete_session(conn, token_hash_=session.token_hash)
    write_audit(conn, username=session.user.username, action="logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(get_site(request).session_cookie, path="/")
    return response
