"""Logging in and out: hashed passwords, session cookies, idle timeout, throttling, headers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fake_systems.erp.app import create_app
from fake_systems.web.options import AppOptions
from tests.integration.fake_systems.conftest import User, log_in
from tests.support.stand_in_builders import PASSWORD, csrf_token


def try_login(client: TestClient, username: str, password: str) -> httpx.Response:
    token = csrf_token(client.get("/login").text)
    form = {"username": username, "password": password, "csrf_token": token, "next": "/journal"}
    response: httpx.Response = client.post("/login", data=form, follow_redirects=False)
    return response


def test_a_page_without_session_redirects_to_login_with_next(erp_app: FastAPI) -> None:
    response = TestClient(erp_app).get("/inbox?page=2", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/inbox%3Fpage%3D2"


def test_login_goes_to_next_with_an_httponly_samesite_cookie(erp_app: FastAPI) -> None:
    response = try_login(TestClient(erp_app), "robot", PASSWORD)
    assert response.headers["location"] == "/journal"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("erp_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


def test_the_password_is_stored_as_an_argon2_hash(erp_db: sqlite3.Connection) -> None:
    stored = erp_db.execute("SELECT password_hash FROM users WHERE username = 'robot'").fetchone()
    assert stored[0].startswith("$argon2id$") and PASSWORD not in stored[0]


def test_a_wrong_password_is_refused_in_the_form(erp_app: FastAPI) -> None:
    response = try_login(TestClient(erp_app), "robot", "forkert")
    assert response.status_code == 401
    assert 'data-testid="form-error"' in response.text
    assert "Forkert brugernavn eller adgangskode." in response.text


def test_an_unknown_user_gets_the_same_message(erp_app: FastAPI) -> None:
    response = try_login(TestClient(erp_app), "ingen", PASSWORD)
    assert response.status_code == 401
    assert "Forkert brugernavn eller adgangskode." in response.text


def test_an_idle_session_expires_and_the_login_page_says_so(
    erp_dir: Path, erp_db: sqlite3.Connection
) -> None:
    user = log_in(create_app(erp_dir, idle_timeout_s=60), "robot")
    erp_db.execute("UPDATE sessions SET last_seen = last_seen - 61")
    response = user.get("/inbox")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/inbox&expired=1"
    assert "Din session er udløbet" in user.get(response.headers["location"]).text


def test_a_used_session_stays_alive(erp_dir: Path, erp_db: sqlite3.Connection) -> None:
    user = log_in(create_app(erp_dir, idle_timeout_s=60), "robot")
    erp_db.execute("UPDATE sessions SET last_seen = last_seen - 30")
    assert user.get("/inbox").status_code == 200
    assert user.get("/inbox").status_code == 200


def test_an_absolute_session_lifetime_can_be_set(erp_dir: Path, erp_db: sqlite3.Connection) -> None:
    user = log_in(create_app(erp_dir, options=AppOptions(session_ttl_s=100)), "robot")
    erp_db.execute("UPDATE sessions SET created_at = created_at - 101")
    assert user.get("/inbox").status_code == 303


def test_logout_ends_the_session(erp_as: Callable[[str], User], erp_db: sqlite3.Connection) -> None:
    user = erp_as("robot")
    assert user.post("/logout", {}).headers["location"] == "/login"
    assert user.get("/inbox").status_code == 303
    actions = [row[0] for row in erp_db.execute("SELECT action FROM audit ORDER BY id")]
    assert actions == ["login", "logout"]


def test_next_cannot_send_the_user_to_another_site(erp_app: FastAPI) -> None:
    client = TestClient(erp_app)
    token = csrf_token(client.get("/login").text)
    form = {"username": "robot", "password": PASSWORD, "csrf_token": token, "next": "//evil.test"}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/inbox"


def test_the_two_systems_use_their_own_cookies(case_app: FastAPI) -> None:
    response = try_login(TestClient(case_app), "robot", PASSWORD)
    assert response.headers["set-cookie"].startswith("case_session=")


def test_every_response_carries_the_security_headers(erp_app: FastAPI) -> None:
    headers = TestClient(erp_app).get("/login").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"].startswith("default-src 'self'")


def test_healthz_answers_without_login(erp_app: FastAPI, case_app: FastAPI) -> None:
    for app in (erp_app, case_app):
        response = TestClient(app).get("/healthz")
        assert (response.status_code, response.text) == (200, "ok")


def test_an_unexpected_error_shows_a_friendly_page_without_a_stack_trace(
    erp_as: Callable[[str], User], erp_db: sqlite3.Connection
) -> None:
    user = erp_as("robot")
    erp_db.execute("DROP TABLE postings")
    response = user.get("/journal")
    assert response.status_code == 500
    assert "Der opstod en uventet fejl" in response.text
    assert "Traceback" not in response.text and "sqlite3" not in response.text
