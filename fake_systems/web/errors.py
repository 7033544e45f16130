"""The errors a route raises for a person to see, and handlers that never show a stack trace."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fake_systems.web.templating import render

_log = logging.getLogger("fake_systems.web")


class LoginRequired(Exception):
    """No valid session: the browser is sent to the login page."""

    def __init__(self, *, next_url: str, expired: bool) -> None:
        super().__init__("login required")
        self.next_url = next_url
        self.expired = expired


class Forbidden(Exception):
    """The user's role may not do this."""


class CsrfRejected(Exception):
    """A form came without the token of the session that showed it."""


class NotFound(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _page(request: Request, status: int, title: str, message: str) -> Response:
    return render(request, "error.html", {"title": title, "message": message}, status_code=status)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    target = f"/login?next={quote(exc.next_url, safe='/')}"
    if exc.expired:
        target += "&expired=1"
    return RedirectResponse(target, status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    message = "Din brugerrolle giver ikke adgang til denne side eller handling."
    return _page(request, 403, "Ingen adgang", message)


async def _csrf(request: Request, exc: Exception) -> Response:
    message = (
        "Formularen kunne ikke godkendes (manglende eller forkert sikkerhedsnøgle). "
        "Gå tilbage, genindlæs siden og prøv igen."
    )
    return _page(request, 403, "Formularen blev afvist", message)


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    return _page(request, 404, "Ikke fundet", exc.message)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return _page(request, 404, "Ikke fundet", "Siden findes ikke.")
    if exc.status_code == 405:
        return _page(request, 405, "Ikke tilladt", "Handlingen kan ikke bruges her.")
    return _page(request, exc.status_code, "Fejl", "Forespørgslen kunne ikke behandles.")


_INVALID = "Forespørgslen indeholder ugyldige værdier (fx et sidetal eller et id)."
_UNEXPECTED = "Der opstod en uventet fejl. Prøv igen om lidt."


async def _invalid(request: Request, exc: Exception) -> Response:
    return _page(request, 422, "Ugyldig forespørgsel", _INVALID)


def _log_unexpected(request: Request, exc: Exception) -> None:
    # The exception's text, the path and the query may hold a CPR: log only the type and the
    # route pattern, and no traceback (whose frames would show the values).
    route = getattr(request.scope.get("route"), "path", "?")
    _log.error("unhandled %s on %s %s", type(exc).__name__, request.method, route)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """The last resort (Starlette's ServerErrorMiddleware), for errors outside UnexpectedErrors."""
    _log_unexpected(request, exc)
    return _page(request, 500, "Systemfejl", _UNEXPECTED)


def _out_of_sqlite_range(exc: Exception) -> bool:
    """A number too large for SQLite's 64-bit integers, from whatever the request carried."""
    return isinstance(exc, OverflowError) and "SQLite INTEGER" in str(exc)


class UnexpectedErrors:
    """Pure ASGI middleware, inside SecurityHeaders: an exception no handler took becomes the
    Danish error page with the security headers (Starlette's own 500 answer bypasses every
    middleware), logged as one line; a number out of SQLite's range becomes a 422, not a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # every error is answered, none re-raised
            request = Request(scope, receive)
            if _out_of_sqlite_range(exc):
                response = _safe_page(request, 422, "Ugyldig forespørgsel", _INVALID)
            else:
                _log_unexpected(request, exc)
                response = _safe_page(request, 500, "Systemfejl", _UNEXPECTED)
            if not started:  # else the answer is already under way: the client sees it cut
                await response(scope, receive, send)


def _safe_page(request: Request, status: int, title: str, message: str) -> Response:
    try:
        return _page(request, status, title, message)
    except Exception:  # the error page itself failed: plain text, still Danish
        return PlainTextResponse(message, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(CsrfRejected, _csrf)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
