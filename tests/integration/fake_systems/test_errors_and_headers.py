"""Errors a person meets: the Danish error page with the security headers, one log line that
holds no personal data, and a 4xx (never a 500) for numbers SQLite cannot hold."""

from __future__ import annotations

import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse

from fake_systems.erp.app import ERP
from fake_systems.web.app_factory import create_stand_in
from fake_systems.web.deps import Conn, Viewer
from tests.integration.fake_systems.conftest import User, log_in
from tests.support.stand_in_builders import PASSWORD, csrf_token

CPR = "0101901234"


def broken_journal(erp_db: sqlite3.Connection) -> None:
    erp_db.execute("DROP TABLE postings")


def test_the_error_page_of_an_unexpected_error_carries_the_security_headers(
    erp_as: Callable[[str], User], erp_db: sqlite3.Connection
) -> None:
    user = erp_as("robot")
    broken_journal(erp_db)
    response = user.get("/journal")
    assert response.status_code == 500
    assert "Der opstod en uventet fejl" in response.text
    assert 'data-testid="current-user"' in response.text  # the page of the logged-in user
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["cache-control"] == "no-store"


def test_an_unexpected_error_is_one_log_line_without_traceback_query_or_cpr(
    erp_as: Callable[[str], User], erp_db: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    user = erp_as("robot")
    broken_journal(erp_db)
    with caplog.at_level(logging.DEBUG):
        user.get(f"/journal?cpr={CPR}&page=1")
    server = [r for r in caplog.records if r.name != "httpx"]  # httpx is the test's own client
    errors = [r for r in server if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == ["unhandled OperationalError on GET /journal"]
    assert errors[0].exc_info is None and errors[0].exc_text is None
    assert not [r for r in server if CPR in r.getMessage()]


def test_an_error_answer_lists_no_database_details(
    erp_as: Callable[[str], User], erp_db: sqlite3.Connection
) -> None:
    user = erp_as("robot")
    broken_journal(erp_db)
    text = user.get("/journal").text
    assert "postings" not in text and "Traceback" not in text


def _app_with_a_numeric_query(data_dir: Path) -> FastAPI:
    """The ERP with one extra page binding an unchecked integer from the query, as a route
    without its own bound would."""
    router = APIRouter()

    @router.get("/numbered")
    def numbered(request: Request, conn: Conn, _: Viewer, n: int = 0) -> PlainTextResponse:
        conn.execute("SELECT ?", (n,)).fetchone()
        return PlainTextResponse("ok")

    return create_stand_in(
        replace(ERP, routers=(*ERP.routers, router)), data_dir, idle_timeout_s=1800, options=None
    )


@pytest.mark.parametrize("n", ["9223372036854775808", "-9223372036854775809", "1" + "0" * 40])
def test_an_integer_out_of_sqlites_range_is_a_4xx_never_a_500(erp_dir: Path, n: str) -> None:
    user = log_in(_app_with_a_numeric_query(erp_dir), "robot")
    assert user.get("/numbered?n=9223372036854775807").status_code == 200
    response = user.get(f"/numbered?n={n}")
    assert response.status_code == 422
    assert "Ugyldig forespørgsel" in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/inbox?page=99999999999999999999",
        "/manual?page=-1",
        "/journal?page=1e3",
        "/invoices/99999999999999999999999",
        "/invoices/ERP-99999999999999999999",
    ],
)
def test_oversized_numbers_in_erp_urls_are_refused_with_a_4xx(
    erp_as: Callable[[str], User], path: str
) -> None:
    assert 400 <= erp_as("robot").get(path).status_code < 500


@contextmanager
def live(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free port (in a thread), its logs going to the root logger."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_config=None, access_log=False, log_level="info")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_a_served_stand_in_logs_an_unexpected_error_once_and_without_traceback(
    erp_app: FastAPI, erp_db: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    broken_journal(erp_db)
    with live(erp_app) as url, httpx.Client(base_url=url) as client:
        token = csrf_token(client.get("/login").text)
        form = {"username": "robot", "password": PASSWORD, "csrf_token": token}
        client.post("/login", data=form)
        with caplog.at_level(logging.INFO):
            response = client.get(f"/journal?cpr={CPR}")
    assert response.status_code == 500
    server = [r for r in caplog.records if r.name != "httpx"]
    assert [(r.name, r.getMessage()) for r in server if r.levelno >= logging.ERROR] == [
        ("fake_systems.web", "unhandled OperationalError on GET /journal")
    ]
    assert [r for r in server if r.exc_info or CPR in r.getMessage()] == []
