"""The benefits system's screens (contract section 11): finding a citizen by CPR, the citizen's
agreements, payouts and deductions in one page, the agreement page; with the login, cookies,
CSRF, headers and audit of the other stand-ins."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.integration.fake_systems.conftest import User
from tests.support.benefits_builders import add_deduction, add_payout
from tests.support.case_builders import cells
from tests.support.stand_in_builders import CPR, PASSWORD, csrf_token

DEDUCTION = {
    "agreement_id": "HA-3001",
    "month": "2026-12",
    "amount": "5200.00",
    "invoice_ref": "29403473/F-1002",
}


def lookups(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT username, action, object FROM audit WHERE action LIKE 'citizen_lookup%'"
    )
    return [tuple(row) for row in rows]


def test_a_search_by_cpr_leads_to_the_citizen_page(benefits_as: Callable[[str], User]) -> None:
    robot = benefits_as("robot")
    for typed in ("010190-1234", "0101901234", " 010190 1234 "):
        response = robot.get(f"/search?cpr={typed}")
        assert (response.status_code, response.headers["location"]) == (303, f"/citizens/{CPR}")
    page = robot.get(f"/citizens/{CPR}").text
    assert "<h1>Borger: Anna Andersen</h1>" in page
    assert cells(page, "citizen-cpr") == [(CPR, "010190-1234")]


def test_an_unknown_cpr_shows_not_found_and_is_audited(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    response = benefits_as("robot").get("/search?cpr=3112999999")
    assert response.status_code == 404
    assert 'data-testid="not-found"' in response.text
    assert "Ingen borger med dette CPR-nummer." in response.text
    assert lookups(benefits_db) == [("robot", "citizen_lookup_not_found", "3112999999")]


def test_a_malformed_cpr_is_refused_with_a_reason(benefits_as: Callable[[str], User]) -> None:
    response = benefits_as("robot").get("/search?cpr=12345")
    assert response.status_code == 422
    assert re.search(
        r'<li[^>]* data-reason="cpr_format"[^>]*>CPR-nummeret skal være 10 cifre', response.text
    )


def test_every_look_up_of_a_citizen_is_audited_with_who_looked(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    benefits_as("robot").get(f"/citizens/{CPR}")
    benefits_as("okonomi").get(f"/citizens/{CPR}")
    assert lookups(benefits_db) == [
        ("robot", "citizen_lookup", CPR),
        ("okonomi", "citizen_lookup", CPR),
    ]


def test_the_citizen_page_lists_each_agreement_with_every_cell(
    benefits_as: Callable[[str], User],
) -> None:
    page = benefits_as("robot").get(f"/citizens/{CPR}").text
    assert "<h2>Huslejeaftaler</h2>" in page
    assert cells(page, "agreement-id") == [("HA-3001", "HA-3001")]
    assert '<a href="/agreements/HA-3001">HA-3001</a>' in page
    assert cells(page, "agreement-landlord-cvr") == [("29403473", "29403473")]
    assert cells(page, "agreement-landlord-name") == [("", "Boligselskabet Fjordbo")]
    assert cells(page, "agreement-address") == [("", "Fjordvej 3, 2. th")]
    assert cells(page, "agreement-rent") == [("5200.00", "5.200,00")]
    assert cells(page, "agreement-valid-from") == [("2026-01-01", "01.01.2026")]
    assert cells(page, "agreement-valid-to") == [("", "løbende")]


def test_the_citizen_page_lists_each_payout_with_what_is_deducted_and_left(
    benefits_as: Callable[[str], User],
) -> None:
    page = benefits_as("robot").get(f"/citizens/{CPR}").text
    assert "<h2>Udbetalinger</h2>" in page
    for header in ("Måned", "Ydelse", "Beløb", "Træk", "Til udbetaling", "Status"):
        assert f">{header}</th>" in page
    assert cells(page, "payout-id") == [("U-7001", "U-7001"), ("U-6901", "U-6901")]
    assert cells(page, "payout-month") == [("2026-12", "12.2026"), ("2026-11", "11.2026")]
    assert cells(page, "payout-benefit") == [("", "kontanthjælp")] * 2
    assert cells(page, "payout-amount") == [("12450.00", "12.450,00")] * 2
    assert cells(page, "payout-deducted") == [("0.00", "0,00"), ("5200.00", "5.200,00")]
    assert cells(page, "payout-left") == [("12450.00", "12.450,00"), ("7250.00", "7.250,00")]
    assert cells(page, "payout-status") == [("planlagt", "Planlagt"), ("udbetalt", "Udbetalt")]


def test_the_citizen_page_lists_every_deduction_on_any_of_their_payouts(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    add_payout(benefits_db, payout_id="U-6801", month="2026-10", status="udbetalt")
    add_deduction(benefits_db, payout_id="U-6801", month="2026-10", invoice_ref="F-0901")
    page = benefits_as("robot").get(f"/citizens/{CPR}").text
    assert cells(page, "deduction-month") == [("2026-10", "10.2026"), ("2026-11", "11.2026")]
    assert cells(page, "deduction-payout-id") == [("U-6801", "U-6801"), ("U-6901", "U-6901")]
    assert cells(page, "deduction-agreement-id") == [("HA-3001", "HA-3001")] * 2
    assert cells(page, "deduction-amount") == [("5200.00", "5.200,00")] * 2
    assert cells(page, "deduction-invoice-ref") == [("F-0901", "F-0901"), ("F-1001", "F-1001")]


def test_a_citizen_without_anything_still_has_the_three_tables(
    benefits_as: Callable[[str], User],
) -> None:
    page = benefits_as("robot").get("/citizens/0202024321").text
    assert cells(page, "agreement-id") == [("HA-3002", "HA-3002")]
    assert 'data-testid="payouts-table"' in page and 'data-testid="payout-row"' not in page
    assert 'data-testid="deductions-table"' in page and 'data-testid="deduction-row"' not in page
    assert 'data-testid="payouts-empty"' in page


def test_the_agreement_page_lists_its_deductions_by_month(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    add_payout(benefits_db, payout_id="U-6801", month="2026-10", status="udbetalt")
    add_deduction(benefits_db, payout_id="U-6801", month="2026-10", invoice_ref="F-0901")
    robot = benefits_as("robot")
    robot.post("/payouts/U-7001/deductions", DEDUCTION)
    page = robot.get("/agreements/HA-3001").text
    assert "<h1>Huslejeaftale HA-3001</h1>" in page
    assert cells(page, "agreement-id") == [("HA-3001", "HA-3001")]
    assert [value for value, _ in cells(page, "deduction-month")] == [
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    assert cells(page, "deduction-invoice-ref")[-1] == ("29403473/F-1002", "29403473/F-1002")


def test_an_unknown_agreement_or_payout_is_a_danish_404(
    benefits_as: Callable[[str], User],
) -> None:
    robot = benefits_as("robot")
    for path, message in (
        ("/agreements/HA-9", "Huslejeaftale HA-9 findes ikke."),
        ("/payouts/U-9", "Udbetaling U-9 findes ikke."),
    ):
        response = robot.get(path)
        assert (response.status_code, message in response.text) == (404, True)


def test_a_page_without_session_redirects_to_login(benefits_app: FastAPI) -> None:
    response = TestClient(benefits_app).get(f"/citizens/{CPR}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/citizens/")


def test_the_benefits_system_uses_its_own_cookie_and_name(benefits_app: FastAPI) -> None:
    client = TestClient(benefits_app)
    page = client.get("/login")
    assert "KY Ydelser (testsystem)" in page.text
    response = client.post(
        "/login",
        data={"username": "robot", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
        follow_redirects=False,
    )
    assert response.headers["set-cookie"].startswith("benefits_session=")


def test_a_wrong_password_is_refused(benefits_app: FastAPI) -> None:
    client = TestClient(benefits_app)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "robot", "password": "forkert", "csrf_token": csrf_token(page.text)},
        follow_redirects=False,
    )
    assert response.status_code != 303
    assert "benefits_session" not in response.headers.get("set-cookie", "")


def test_every_response_carries_the_security_headers(
    benefits_app: FastAPI, benefits_as: Callable[[str], User]
) -> None:
    answers = [
        TestClient(benefits_app).get("/login"),
        benefits_as("robot").get(f"/citizens/{CPR}"),
        benefits_as("robot").get("/payouts/U-9"),
    ]
    for response in answers:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_healthz_answers_without_login(benefits_app: FastAPI) -> None:
    response = TestClient(benefits_app).get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


def test_a_deduction_with_a_wrong_csrf_token_is_refused_and_writes_nothing(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    robot = benefits_as("robot")
    response = robot.post(
        "/payouts/U-7001/deductions", DEDUCTION | {"csrf_token": "forged"}, csrf=False
    )
    assert response.status_code == 403
    assert "Formularen blev afvist" in response.text
    assert benefits_db.execute("SELECT COUNT(*) FROM deductions").fetchone()[0] == 1
