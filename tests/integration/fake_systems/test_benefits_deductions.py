"""Registering a rent deduction (huslejetræk) on a payout: what it changes, and each refusal in
Danish with its reason, writing nothing (contract section 11)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import httpx
import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.benefits_builders import add_agreement, add_deduction, add_payout
from tests.support.case_builders import cells
from tests.support.stand_in_builders import CPR

DEDUCTION = {
    "agreement_id": "HA-3001",
    "month": "2026-12",
    "amount": "5200.00",
    "invoice_ref": "29403473/F-1002",
}


def errors(response: httpx.Response) -> list[tuple[str, str]]:
    """The form's error box: (data-reason, Danish text) of each item."""
    box = re.search(r'data-testid="form-error">(.*?)</div>', response.text, re.DOTALL)
    assert box is not None, "no error box on the page"
    return re.findall(r'<li[^>]* data-reason="([a-z_]+)"[^>]*>([^<]*)</li>', box.group(1))


def stored(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    rows = conn.execute(
        "SELECT payout_id, agreement_id, month, amount, invoice_ref, registered_by"
        " FROM deductions ORDER BY id"
    )
    return [tuple(row) for row in rows]


def test_the_payout_page_offers_the_deduction_form_while_the_payout_is_planned(
    benefits_as: Callable[[str], User],
) -> None:
    robot = benefits_as("robot")
    page = robot.get("/payouts/U-7001").text
    assert 'data-testid="deduction-form"' in page
    assert "Registrér huslejetræk</h2>" in page
    for label in ("Aftale", "Måned", "Beløb", "Fakturareference"):
        assert re.search(rf'<label for="[a-z_]+">{label}</label>', page), label
    assert ">Registrér træk</button>" in page
    assert 'data-testid="deduction-form"' not in robot.get("/payouts/U-6901").text


def test_a_deduction_is_registered_and_reduces_what_is_paid_out(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    robot = benefits_as("robot")
    response = robot.post("/payouts/U-7001/deductions", DEDUCTION)
    assert response.status_code == 303
    page = robot.get(response.headers["location"]).text
    assert cells(page, "confirmation") == [
        (
            "",
            "Huslejetræk registreret: aftale HA-3001, 12.2026, 5.200,00 kr.,"
            " fakturareference 29403473/F-1002.",
        )
    ]
    assert cells(page, "payout-deducted") == [("5200.00", "5.200,00")]
    assert cells(page, "payout-left") == [("7250.00", "7.250,00")]
    assert cells(page, "deduction-invoice-ref") == [("29403473/F-1002", "29403473/F-1002")]
    citizen = robot.get(f"/citizens/{CPR}").text
    assert cells(citizen, "payout-left")[0] == ("7250.00", "7.250,00")
    assert stored(benefits_db)[-1] == (
        "U-7001",
        "HA-3001",
        "2026-12",
        "5200.00",
        "29403473/F-1002",
        "robot",
    )


def test_a_deduction_is_audited_with_who_and_what(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    benefits_as("sagsbehandler").post("/payouts/U-7001/deductions", DEDUCTION)
    row = benefits_db.execute(
        "SELECT username, object, detail FROM audit WHERE action = 'deduction'"
    ).fetchone()
    assert tuple(row) == (
        "sagsbehandler",
        "U-7001",
        "aftale HA-3001; 2026-12; 5200.00; ref 29403473/F-1002",
    )


def test_people_may_type_the_month_and_amount_the_danish_way(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    form = DEDUCTION | {"month": "12.2026", "amount": "5.200,50"}
    assert benefits_as("sagsbehandler").post("/payouts/U-7001/deductions", form).status_code == 303
    assert stored(benefits_db)[-1][2:4] == ("2026-12", "5200.50")


def test_two_deductions_may_share_a_payout_while_enough_is_left(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    add_agreement(benefits_db, agreement_id="HA-3003", landlord_name="Garager A/S", rent="650.00")
    robot = benefits_as("robot")
    robot.post("/payouts/U-7001/deductions", DEDUCTION)
    second = DEDUCTION | {"agreement_id": "HA-3003", "amount": "7250.00", "invoice_ref": "G-1"}
    assert robot.post("/payouts/U-7001/deductions", second).status_code == 303
    page = robot.get("/payouts/U-7001").text
    assert cells(page, "payout-left") == [("0.00", "0,00")]


# (payout, form changes, status, reason, a part of the Danish text)
REFUSALS = [
    (
        "U-6901",
        {"month": "2026-11", "agreement_id": "HA-3004"},
        409,
        "payout_paid_out",
        "Udbetaling U-6901 (11.2026) er allerede udbetalt; der kan ikke trækkes husleje i den.",
    ),
    (
        "U-7001",
        {"amount": "12450.01"},
        409,
        "amount_above_left",
        "Beløbet 12.450,01 kr. er større end det, der er tilbage af udbetalingen efter tidligere"
        " træk (12.450,00 kr.).",
    ),
    (
        "U-7001",
        {"agreement_id": "HA-9999"},
        422,
        "agreement_unknown",
        "Huslejeaftale »HA-9999« findes ikke.",
    ),
    (
        "U-7001",
        {"agreement_id": "HA-3002"},
        422,
        "agreement_not_citizens",
        "Huslejeaftale HA-3002 hører til en anden borger end udbetalingen.",
    ),
    (
        "U-7001",
        {"agreement_id": "HA-3004", "month": "2027-01"},
        422,
        "month_mismatch",
        "Måneden 01.2027 er ikke udbetalingens måned (12.2026).",
    ),
    (
        "U-7001",
        {"amount": "0"},
        422,
        "invalid_amount",
        "Beløb »0« skal være et beløb større end 0 med højst 2 decimaler",
    ),
    (
        "U-7001",
        {"amount": "52,005"},
        422,
        "invalid_amount",
        "Beløb »52,005« skal være et beløb større end 0",
    ),
    (
        "U-7001",
        {"invoice_ref": "F-1002\u202eevil"},
        422,
        "invalid_reference",
        "Fakturareference skal udfyldes med højst 100 tegn og må ikke indeholde kontroltegn",
    ),
    (
        "U-7001",
        {"invoice_ref": "F" * 101},
        422,
        "invalid_reference",
        "Fakturareference skal udfyldes med højst 100 tegn",
    ),
    (
        "U-7001",
        {"month": "december"},
        422,
        "invalid_month",
        "Måned »december« er ikke en gyldig måned (skriv fx 2026-12 eller 12.2026).",
    ),
]


@pytest.mark.parametrize(
    ("payout", "change", "status", "reason", "text"),
    REFUSALS,
    ids=[f"{r[3]}-{n}" for n, r in enumerate(REFUSALS)],
)
def test_each_refusal_is_shown_in_danish_with_its_reason_and_writes_nothing(
    benefits_as: Callable[[str], User],
    benefits_db: sqlite3.Connection,
    payout: str,
    change: dict[str, str],
    status: int,
    reason: str,
    text: str,
) -> None:
    # HA-3004: the citizen's second agreement, so that only the reason under test applies.
    add_agreement(benefits_db, agreement_id="HA-3004", landlord_name="Garager A/S")
    before = stored(benefits_db)
    response = benefits_as("robot").post(f"/payouts/{payout}/deductions", DEDUCTION | change)
    assert response.status_code == status
    found = errors(response)
    assert [r for r, _ in found] == [reason]
    assert text in found[0][1]
    assert stored(benefits_db) == before


def test_a_month_already_deducted_under_the_agreement_is_refused_on_any_payout(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    # December's rent is already taken off another December payout (a second benefit).
    add_payout(benefits_db, payout_id="U-7002", benefit="boligstøtte", amount="900.00")
    add_deduction(benefits_db, payout_id="U-7002", month="2026-12", amount="900.00")
    before = stored(benefits_db)
    response = benefits_as("robot").post("/payouts/U-7001/deductions", DEDUCTION)
    assert response.status_code == 409
    assert errors(response) == [
        (
            "month_already_deducted",
            "Huslejen for 12.2026 på aftale HA-3001 er allerede trukket (udbetaling U-7002,"
            " 900,00 kr., fakturareference F-1001).",
        )
    ]
    assert stored(benefits_db) == before


def test_an_amount_above_what_is_left_after_earlier_deductions_is_refused(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    add_agreement(benefits_db, agreement_id="HA-3004", landlord_name="Garager A/S")
    robot = benefits_as("robot")
    robot.post("/payouts/U-7001/deductions", DEDUCTION | {"amount": "12000.00"})
    before = stored(benefits_db)
    later = DEDUCTION | {"agreement_id": "HA-3004", "amount": "450.01", "invoice_ref": "G-1"}
    response = robot.post("/payouts/U-7001/deductions", later)
    assert [reason for reason, _ in errors(response)] == ["amount_above_left"]
    assert "(450,00 kr.)" in errors(response)[0][1]
    assert stored(benefits_db) == before
    exactly_left = later | {"amount": "450.00"}
    assert robot.post("/payouts/U-7001/deductions", exactly_left).status_code == 303


def test_an_agreement_not_in_force_in_the_month_is_refused(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    add_agreement(benefits_db, agreement_id="HA-3004", valid_to="2026-11-30")
    response = benefits_as("robot").post(
        "/payouts/U-7001/deductions", DEDUCTION | {"agreement_id": "HA-3004"}
    )
    assert errors(response) == [
        (
            "agreement_not_in_force",
            "Huslejeaftale HA-3004 gælder ikke i 12.2026 (gyldig 01.01.2026–30.11.2026).",
        )
    ]


def test_every_problem_is_named_at_once_and_the_form_keeps_what_was_typed(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    form = DEDUCTION | {"month": "2026-11", "amount": "99999"}
    response = benefits_as("robot").post("/payouts/U-7001/deductions", form)
    assert response.status_code == 409
    assert [reason for reason, _ in errors(response)] == [
        "month_mismatch",
        "month_already_deducted",
        "amount_above_left",
    ]
    assert 'value="99999"' in response.text and 'value="2026-11"' in response.text


def test_a_refused_deduction_is_audited_with_its_reasons(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    benefits_as("robot").post("/payouts/U-6901/deductions", DEDUCTION)
    row = benefits_db.execute(
        "SELECT username, object, detail FROM audit WHERE action = 'deduction_refused'"
    ).fetchone()
    assert tuple(row) == ("robot", "U-6901", "payout_paid_out, month_mismatch")


def test_a_paid_out_payout_shows_why_without_a_form(
    benefits_as: Callable[[str], User],
) -> None:
    response = benefits_as("robot").post(
        "/payouts/U-6901/deductions", DEDUCTION | {"month": "2026-11"}
    )
    assert 'data-testid="deduction-form"' not in response.text
    assert [reason for reason, _ in errors(response)] == [
        "payout_paid_out",
        "month_already_deducted",
    ]
