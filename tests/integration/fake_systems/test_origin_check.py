"""A form sent from another site is refused like a CSRF failure, whatever its token."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PASSWORD, add_invoice, csrf_token

OWN = "http://testserver"


def send_to_manual(user: User, headers: dict[str, str]) -> httpx.Response:
    form = {"csrf_token": user.token, "note": "[X] notat"}
    response: httpx.Response = user.client.post(
        "/invoices/1/manual", data=form, headers=headers, follow_redirects=False
    )
    return response


def status(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT status FROM invoices WHERE id = 1").fetchone()[0])


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.test"},
        {"Origin": "null"},
        {"Origin": "http://testserver:8080"},
        {"Origin": "https://testserver"},
        {"Origin": "http://testserver:notaport"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": OWN, "Sec-Fetch-Site": "cross-site"},
    ],
    ids=["other-host", "null", "other-port", "other-scheme", "bad-port", "cross-site", "both"],
)
def test_a_form_from_another_origin_is_refused_like_a_csrf_failure(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], headers: dict[str, str]
) -> None:
    add_invoice(erp_db)
    response = send_to_manual(erp_as("robot"), headers)
    assert response.status_code == 403
    assert "Formularen blev afvist" in response.text
    assert status(erp_db) == "unposted"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": OWN},
        {"Origin": "http://TESTSERVER:80"},
        {"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
    ],
    ids=["no-origin", "own-origin", "own-origin-default-port", "same-origin", "typed-by-user"],
)
def test_a_form_from_the_site_itself_or_without_origin_is_let_through(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], headers: dict[str, str]
) -> None:
    add_invoice(erp_db)
    assert send_to_manual(erp_as("robot"), headers).status_code == 303
    assert status(erp_db) == "manual"


def test_a_login_from_another_origin_is_refused_and_starts_no_session(erp_app: FastAPI) -> None:
    client = TestClient(erp_app, raise_server_exceptions=False)
    form = {
        "username": "robot",
        "password": PASSWORD,
        "csrf_token": csrf_token(client.get("/login").text),
    }
    refused = client.post(
        "/login", data=form, headers={"Origin": "http://evil.test"}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert "erp_session" not in refused.cookies
    allowed = client.post("/login", data=form, headers={"Origin": OWN}, follow_redirects=False)
    assert allowed.status_code == 303


def test_pages_are_read_whatever_the_origin(erp_as: Callable[[str], User]) -> None:
    response = erp_as("robot").client.get(
        "/inbox", headers={"Origin": "http://evil.test", "Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 200
