"""Login throttling that hurts the guesser, not the owner: growing delays per (client, username)
and per username, counted atomically before the password is checked."""

from __future__ import annotations

import re
import sqlite3
import threading
import time

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fake_systems.web import auth
from fake_systems.web.sessions import FORGET_AFTER_S, reserve_login_attempt
from tests.support.stand_in_builders import PASSWORD, csrf_token


def client_at(app: FastAPI, address: str = "10.0.0.1") -> TestClient:
    return TestClient(app, raise_server_exceptions=False, client=(address, 40000))


def login_form(client: TestClient, username: str, password: str) -> dict[str, str]:
    token = csrf_token(client.get("/login").text)
    return {"username": username, "password": password, "csrf_token": token, "next": "/inbox"}


def try_login(client: TestClient, username: str, password: str) -> httpx.Response:
    form = login_form(client, username, password)
    response: httpx.Response = client.post("/login", data=form, follow_redirects=False)
    return response


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the login checks, in order."""
    checked: list[str] = []
    lock = threading.Lock()
    verify = auth.verify_password  # type: ignore[attr-defined]

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", counting)
    return checked


def actions(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT action FROM audit ORDER BY id")]


def test_five_wrong_passwords_cost_nothing_and_the_sixth_attempt_waits_two_seconds(
    erp_app: FastAPI, checks: list[str]
) -> None:
    client = client_at(erp_app)
    assert [try_login(client, "robot", "forkert").status_code for _ in range(5)] == [401] * 5
    response = try_login(client, "robot", PASSWORD)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert re.search(r'data-testid="form-error" data-retry-after="2"', response.text)
    assert "For mange mislykkede loginforsøg. Vent 2 sekunder, og prøv igen." in response.text
    assert checks == ["forkert"] * 5  # the throttled attempt's password was never checked


def test_the_right_password_gets_in_after_waiting_the_announced_time(erp_app: FastAPI) -> None:
    client = client_at(erp_app)
    for _ in range(5):
        try_login(client, "robot", "forkert")
    refused = try_login(client, "robot", PASSWORD)
    time.sleep(int(refused.headers["retry-after"]))
    assert try_login(client, "robot", PASSWORD).status_code == 303


def test_a_guesser_elsewhere_does_not_hold_back_the_owner(erp_app: FastAPI) -> None:
    guesser, owner = client_at(erp_app, "10.6.6.6"), client_at(erp_app, "10.0.0.2")
    for _ in range(6):
        try_login(guesser, "robot", "forkert")
    assert try_login(guesser, "robot", PASSWORD).status_code == 429
    assert try_login(owner, "robot", PASSWORD).status_code == 303
    assert try_login(guesser, "admin", PASSWORD).status_code == 303


def test_forty_concurrent_wrong_attempts_check_the_password_at_most_five_times(
    erp_app: FastAPI, checks: list[str]
) -> None:
    clients = [client_at(erp_app) for _ in range(40)]
    forms = [login_form(client, "robot", "forkert") for client in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def attempt(client: TestClient, form: dict[str, str]) -> None:
        barrier.wait()
        statuses.append(client.post("/login", data=form, follow_redirects=False).status_code)

    threads = [
        threading.Thread(target=attempt, args=pair) for pair in zip(clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checks) <= 5
    assert sorted(statuses) == [401] * len(checks) + [429] * (40 - len(checks))


def test_an_early_attempt_neither_checks_the_password_nor_extends_the_delay(
    erp_db: sqlite3.Connection,
) -> None:
    for _ in range(5):
        assert reserve_login_attempt(erp_db, client="c", username="robot", now=1000.0) == 0
    assert reserve_login_attempt(erp_db, client="c", username="robot", now=1000.5) == 1.5
    assert reserve_login_attempt(erp_db, client="c", username="robot", now=1001.5) == 0.5
    assert reserve_login_attempt(erp_db, client="c", username="robot", now=1002.0) == 0


def test_the_delays_grow_2_4_8_and_so_on_up_to_60_seconds(erp_db: sqlite3.Connection) -> None:
    now, waits = 1000.0, []
    for _ in range(5):
        reserve_login_attempt(erp_db, client="c", username="robot", now=now)
    for _ in range(7):
        wait = reserve_login_attempt(erp_db, client="c", username="robot", now=now)
        waits.append(wait)
        now += wait
        assert reserve_login_attempt(erp_db, client="c", username="robot", now=now) == 0
    assert waits == [2, 4, 8, 16, 32, 60, 60]


def test_twenty_failures_for_a_username_from_many_clients_delay_it_everywhere(
    erp_app: FastAPI,
) -> None:
    for n in range(20):
        assert try_login(client_at(erp_app, f"10.1.0.{n}"), "robot", "forkert").status_code == 401
    response = try_login(client_at(erp_app, "10.2.0.1"), "robot", PASSWORD)
    assert (response.status_code, response.headers["retry-after"]) == (429, "2")


def test_a_successful_login_clears_the_failures(erp_app: FastAPI) -> None:
    client = client_at(erp_app)
    for _ in range(4):
        try_login(client, "robot", "forkert")
    assert try_login(client, "robot", PASSWORD).status_code == 303
    assert [try_login(client, "robot", "forkert").status_code for _ in range(5)] == [401] * 5


def test_a_bucket_left_alone_for_a_quarter_of_an_hour_starts_afresh(
    erp_app: FastAPI, erp_db: sqlite3.Connection
) -> None:
    client = client_at(erp_app)
    for _ in range(6):
        try_login(client, "robot", "forkert")
    erp_db.execute(
        "UPDATE login_throttle SET last_at = last_at - ?, next_allowed = next_allowed - ?",
        (FORGET_AFTER_S + 1, FORGET_AFTER_S + 1),
    )
    assert [try_login(client, "robot", "forkert").status_code for _ in range(5)] == [401] * 5


def test_wrong_and_throttled_attempts_are_audited(
    erp_app: FastAPI, erp_db: sqlite3.Connection
) -> None:
    client = client_at(erp_app)
    for _ in range(6):
        try_login(client, "robot", "forkert")
    assert actions(erp_db) == ["login_failed"] * 5 + ["login_throttled"]


def test_the_case_system_throttles_the_same_way(case_app: FastAPI) -> None:
    client = client_at(case_app)
    for _ in range(5):
        try_login(client, "robot", "forkert")
    assert try_login(client, "robot", PASSWORD).status_code == 429


def test_wrong_passwords_for_robot_from_many_addresses_never_hold_back_the_robots_own_address(
    erp_app: FastAPI,
) -> None:
    """The second attack's finding 5: the user-wide bucket once counted everyone's failures."""
    robot = client_at(erp_app, "10.0.0.7")
    assert try_login(robot, "robot", PASSWORD).status_code == 303  # its address, trusted now
    for n in range(60):
        try_login(client_at(erp_app, f"10.9.{n // 250}.{n % 250}"), "robot", "forkert")
    assert try_login(client_at(erp_app, "10.9.9.9"), "robot", PASSWORD).status_code == 429
    assert try_login(robot, "robot", PASSWORD).status_code == 303


def test_a_trusted_address_guessing_wrong_is_still_held_back_by_its_own_failures(
    erp_app: FastAPI,
) -> None:
    client = client_at(erp_app, "10.0.0.8")
    assert try_login(client, "robot", PASSWORD).status_code == 303
    for _ in range(5):
        try_login(client, "robot", "forkert")
    assert try_login(client, "robot", PASSWORD).status_code == 429
