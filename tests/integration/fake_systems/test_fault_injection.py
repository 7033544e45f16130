"""Fault injection in the stand-ins: 503s before the app runs, latency, answers lost after the
commit (a 502 or a dropped connection), absolute session lifetimes, reproducible for a seed."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from fake_systems.case_system.app import create_app as create_case_app
from fake_systems.cli import main
from fake_systems.db import CASE_DB, connect
from fake_systems.erp.app import create_app as create_erp_app
from fake_systems.web.faults import DROP_CONNECTION, FaultInjection, Faults
from fake_systems.web.options import AppOptions
from fake_systems.web.security import token_hash
from fake_systems.web.sessions import create_session
from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PSP, add_invoice
from tests.support.stand_ins import serving

OCTOBER = {
    "period_start": "2026-10-01",
    "period_end": "2026-10-31",
    "amount": "32240.00",
    "invoice_ref": "12345674/INV-1017",
}
POSTING = {"psp_1": PSP, "amount_1": "32240.00", "text_1": "§107 B-1043", "remark": "§107"}


def faulty(user: User, app: ASGIApp) -> User:
    """The same logged-in user, now talking to `app` (sessions live in the database)."""
    client = TestClient(app, raise_server_exceptions=False, cookies=user.client.cookies)
    return User(client, user.token)


def statuses(app: ASGIApp, path: str, n: int) -> list[int]:
    client = TestClient(app, raise_server_exceptions=False)
    return [client.get(path, follow_redirects=False).status_code for _ in range(n)]


def october_payments(case_db: sqlite3.Connection) -> int:
    (count,) = case_db.execute(
        "SELECT COUNT(*) FROM payments WHERE invoice_ref = ?", (OCTOBER["invoice_ref"],)
    ).fetchone()
    return int(count)


class DroppingServer:
    """Offers the app the drop extension, as `fake-systems serve` does, and counts the drops."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.dropped = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def drop() -> None:
            self.dropped += 1

        scope["extensions"] = {**(scope.get("extensions") or {}), DROP_CONNECTION: {"drop": drop}}
        await self.app(scope, receive, send)


def test_no_faults_are_injected_unless_asked_for(erp_app: FastAPI) -> None:
    assert not AppOptions().faults.active
    assert FaultInjection not in [cast(object, m.cls) for m in erp_app.user_middleware]


def test_a_fault_is_a_503_before_the_app_runs_so_nothing_is_committed(
    case_dir: Path, case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    app = create_case_app(case_dir, options=AppOptions(faults=Faults(fault_rate=1)))
    response = faulty(case_as("robot"), app).post("/grants/B-1043/payments", OCTOBER)
    assert response.status_code == 503
    assert response.headers["x-frame-options"] == "DENY"
    assert october_payments(case_db) == 0


def test_the_health_check_and_static_files_never_see_a_fault(erp_dir: Path) -> None:
    faults = Faults(fault_rate=1, latency_ms=(5000, 5000), drop_after_commit=1)
    client = TestClient(create_erp_app(erp_dir, options=AppOptions(faults=faults)))
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_a_registered_payment_whose_answer_is_lost_is_still_registered(
    case_dir: Path, case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    app = create_case_app(case_dir, options=AppOptions(faults=Faults(drop_after_commit=1)))
    response = faulty(case_as("robot"), app).post("/grants/B-1043/payments", OCTOBER)
    assert response.status_code == 502
    assert october_payments(case_db) == 1


def test_a_posting_whose_answer_is_lost_is_still_posted(
    erp_dir: Path, erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    invoice_id = add_invoice(erp_db)
    app = create_erp_app(erp_dir, options=AppOptions(faults=Faults(drop_after_commit=1)))
    response = faulty(erp_as("robot"), app).post(f"/invoices/{invoice_id}/post", POSTING)
    assert response.status_code == 502
    (status,) = erp_db.execute("SELECT status FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
    assert status == "posted"


def test_reads_never_lose_their_answer(erp_dir: Path) -> None:
    app = create_erp_app(erp_dir, options=AppOptions(faults=Faults(drop_after_commit=1)))
    assert set(statuses(app, "/login", 10)) == {200}


def test_where_the_server_can_drop_connections_it_does_so_for_about_half_the_lost_answers(
    erp_dir: Path,
) -> None:
    faults = Faults(drop_after_commit=1, seed=1)
    server = DroppingServer(create_erp_app(erp_dir, options=AppOptions(faults=faults)))
    client = TestClient(server, raise_server_exceptions=False)
    answers = [client.post("/logout", follow_redirects=False) for _ in range(40)]
    answered = [answer for answer in answers if answer.status_code == 502]
    assert len(answered) + server.dropped == 40
    assert 10 <= server.dropped <= 30


def test_latency_delays_every_request_within_its_bounds(erp_dir: Path) -> None:
    app = create_erp_app(erp_dir, options=AppOptions(faults=Faults(latency_ms=(40, 60))))
    client = TestClient(app)
    started = time.monotonic()
    for _ in range(3):
        client.get("/login")
    assert 0.12 <= time.monotonic() - started < 3.0  # at least 3 x 40 ms; not 10 x 60 ms


def test_the_same_seed_gives_the_same_faults(erp_dir: Path) -> None:
    def run(seed: int) -> list[int]:
        options = AppOptions(faults=Faults(fault_rate=0.5, seed=seed))
        return statuses(create_erp_app(erp_dir, options=options), "/login", 30)

    first = run(seed=7)
    assert set(first) == {200, 503}
    assert run(seed=7) == first
    assert run(seed=8) != first


def test_the_two_systems_do_not_fail_in_lockstep_for_one_seed(
    erp_dir: Path, case_dir: Path
) -> None:
    options = AppOptions(faults=Faults(fault_rate=0.5, seed=7))
    erp = statuses(create_erp_app(erp_dir, options=options), "/login", 30)
    case = statuses(create_case_app(case_dir, options=options), "/login", 30)
    assert erp != case


@pytest.mark.parametrize(
    ("flag", "value", "reason"),
    [
        ("--fault-rate", "1.5", "between 0 and 1"),
        ("--drop-after-commit", "-0.1", "between 0 and 1"),
        ("--latency-ms", "400:50", "MIN:MAX"),
        ("--session-ttl", "0", "at least 1"),
    ],
)
def test_serve_refuses_a_fault_flag_out_of_range_naming_it(
    flag: str, value: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", flag, value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}: '{value}': " in err
    assert reason in err


# ---------------------------------------------------------------- the real `fake-systems serve`

SERVED_FLAGS = (
    *("--fault-rate", "0.5", "--latency-ms", "20:30", "--drop-after-commit", "1"),
    *("--session-ttl", "1", "--fault-seed", "11"),
)
SERVED_FAULTS = Faults(fault_rate=0.5, latency_ms=(20, 30), drop_after_commit=1, seed=11)
NOVEMBER = {"period_start": "2026-11-01", "period_end": "2026-11-30", "amount": "31200.00"}
DECEMBER = {"period_start": "2026-12-01", "period_end": "2026-12-31", "amount": "32240.00"}
PAYMENTS = [
    OCTOBER,
    NOVEMBER | {"invoice_ref": "12345674/INV-1117"},
    DECEMBER | {"invoice_ref": "12345674/INV-1217"},
]


@contextmanager
def case_session(case_url: str, case_dir: Path) -> Iterator[tuple[httpx.Client, str]]:
    """A client with a robot session made in the database (with every write's answer lost, a
    login's cookie would be lost too), and the session's CSRF token."""
    conn = connect(case_dir / CASE_DB)
    try:
        (user_id,) = conn.execute("SELECT id FROM users WHERE username = 'robot'").fetchone()
        token = create_session(conn, user_id=user_id, now=time.time())
        (csrf,) = conn.execute(
            "SELECT csrf_token FROM sessions WHERE token = ?", (token_hash(token),)
        ).fetchone()
    finally:
        conn.close()
    with httpx.Client(base_url=case_url, cookies={"case_session": token}) as client:
        yield client, csrf


def past_503s(call: Callable[[], httpx.Response]) -> int | None:
    """The status of the first answer that is not an injected 503, as the robot would retry;
    None when the connection was dropped instead."""
    for _ in range(20):
        try:
            status = call().status_code
        except httpx.TransportError:
            return None
        if status != 503:
            return status
    raise AssertionError("20 injected 503s in a row")


def register(case: httpx.Client, csrf: str, form: dict[str, str]) -> int | None:
    return past_503s(
        lambda: case.post("/grants/B-1043/payments", data={"csrf_token": csrf, **form})
    )


def grant_page_at(case: httpx.Client, moment: float) -> int | None:
    time.sleep(max(0.0, moment - time.time()))
    return past_503s(lambda: case.get("/grants/B-1043"))


def registered_refs(case_dir: Path) -> list[str]:
    conn = connect(case_dir / CASE_DB)
    try:
        rows = conn.execute("SELECT invoice_ref FROM payments WHERE registered_by = 'robot'")
        return sorted(row[0] for row in rows)
    finally:
        conn.close()


def test_serve_injects_the_faults_its_flags_ask_for(erp_dir: Path, case_dir: Path) -> None:
    """One start of the real command for all flags (the only slow test here): 503s as the seed
    gives them, latency, answers lost after the commit, sessions ending after a second."""
    expected = statuses(
        create_erp_app(erp_dir, options=AppOptions(faults=SERVED_FAULTS)), "/login", 12
    )
    with serving(erp_dir, extra=SERVED_FLAGS) as stand_ins:
        with httpx.Client(base_url=stand_ins.erp_url) as erp:
            exempt = [erp.get(path).status_code for path in ("/healthz", "/static/style.css")]
            served = [erp.get("/login") for _ in range(12)]
        with case_session(stand_ins.case_url, case_dir) as (case, csrf):
            lost = [register(case, csrf, form) for form in PAYMENTS]
        with case_session(stand_ins.case_url, case_dir) as (case, _):
            born = time.time()
            lifetime = [grant_page_at(case, born + delay) for delay in (0, 0.6, 1.3)]
    assert exempt == [200, 200]
    assert [response.status_code for response in served] == expected
    assert 503 in expected
    assert min(response.elapsed.total_seconds() for response in served) >= 0.02
    assert sorted(lost, key=str) == [502, 502, None]  # None: the connection was dropped
    assert registered_refs(case_dir) == sorted(form["invoice_ref"] for form in PAYMENTS)
    assert lifetime == [200, 200, 303]
    log = (erp_dir / "serve.log").read_text()
    assert "POST /grants/B-1043/payments ran, its connection dropped unanswered" in log
    assert "Traceback" not in log
