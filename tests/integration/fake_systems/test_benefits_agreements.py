"""Caseworkers add and end rent agreements (Ny huslejeaftale, Afslut aftale), checked in Danish
and audited (contract section 11)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import httpx
import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.case_builders import cells
from tests.support.stand_in_builders import CPR

NEW = {
    "landlord_cvr": "DK 29403473",
    "landlord_name": "  Boligselskabet   Fjordbo ",
    "address": "Fjordvej 5, 1. tv",
    "rent": "4.950,00",
    "valid_from": "2027-01-01",
    "valid_to": "",
}


def reasons(response: httpx.Response) -> list[str]:
    return re.findall(r'<li[^>]* data-reason="([a-z_]+)"[^>]*>', response.text)


def agreement(conn: sqlite3.Connection, agreement_id: str) -> tuple[str | None, ...] | None:
    row = conn.execute(
        "SELECT cpr, landlord_cvr, landlord_name, address, rent, valid_from, valid_to,"
        " created_by FROM agreements WHERE agreement_id = ?",
        (agreement_id,),
    ).fetchone()
    return tuple(row) if row else None


def test_the_citizen_page_offers_caseworkers_the_new_agreement_form(
    benefits_as: Callable[[str], User],
) -> None:
    page = benefits_as("sagsbehandler").get(f"/citizens/{CPR}").text
    assert 'data-testid="agreement-form"' in page
    assert "Ny huslejeaftale</h3>" in page
    for label in ("Udlejer-CVR", "Udlejer", "Adresse", "Husleje", "Gyldig fra", "Gyldig til"):
        assert re.search(rf'<label for="[a-z_]+">{label}</label>', page), label


def test_a_caseworker_adds_an_agreement_and_it_is_listed_and_audited(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    caseworker = benefits_as("sagsbehandler")
    response = caseworker.post(f"/citizens/{CPR}/agreements", NEW)
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/agreements/HA-3003?done=created",
    )
    page = caseworker.get(response.headers["location"]).text
    assert cells(page, "confirmation") == [("", "Huslejeaftalen er oprettet.")]
    assert agreement(benefits_db, "HA-3003") == (
        CPR,
        "29403473",
        "Boligselskabet Fjordbo",
        "Fjordvej 5, 1. tv",
        "4950.00",
        "2027-01-01",
        None,
        "sagsbehandler",
    )
    listed = caseworker.get(f"/citizens/{CPR}").text
    assert [value for value, _ in cells(listed, "agreement-id")] == ["HA-3001", "HA-3003"]
    audit = benefits_db.execute(
        "SELECT username, object, detail FROM audit WHERE action = 'agreement_create'"
    ).fetchone()
    assert tuple(audit) == ("sagsbehandler", "HA-3003", "udlejer 29403473; 4950.00; 2027-01-01..")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"landlord_cvr": "29403474"}, ["cvr_invalid"]),
        ({"landlord_name": " "}, ["landlord_name_invalid"]),
        ({"address": "x" * 201}, ["address_invalid"]),
        ({"rent": "0"}, ["amount_not_positive"]),
        ({"rent": "fem"}, ["amount_format"]),
        ({"valid_from": ""}, ["valid_from_missing"]),
        ({"valid_to": "31.02.2027"}, ["date_format"]),
        ({"valid_to": "2026-12-31"}, ["period_order"]),
    ],
)
def test_a_new_agreement_with_a_bad_field_is_refused_in_danish_and_not_made(
    benefits_as: Callable[[str], User],
    benefits_db: sqlite3.Connection,
    change: dict[str, str],
    expected: list[str],
) -> None:
    response = benefits_as("sagsbehandler").post(f"/citizens/{CPR}/agreements", NEW | change)
    assert response.status_code == 422
    assert reasons(response) == expected
    assert 'data-testid="form-error"' in response.text
    assert benefits_db.execute("SELECT COUNT(*) FROM agreements").fetchone()[0] == 2


def test_a_caseworker_ends_an_agreement(
    benefits_as: Callable[[str], User], benefits_db: sqlite3.Connection
) -> None:
    caseworker = benefits_as("sagsbehandler")
    response = caseworker.post("/agreements/HA-3001/end", {"valid_to": "31.12.2026"})
    assert response.status_code == 303
    page = caseworker.get(response.headers["location"]).text
    assert cells(page, "confirmation") == [("", "Aftalen er afsluttet.")]
    assert cells(page, "agreement-valid-to") == [("2026-12-31", "31.12.2026")]
    row = benefits_db.execute(
        "SELECT valid_to, ended_by FROM agreements WHERE agreement_id = 'HA-3001'"
    ).fetchone()
    assert tuple(row) == ("2026-12-31", "sagsbehandler")
    audit = benefits_db.execute(
        "SELECT username, object, detail FROM audit WHERE action = 'agreement_end'"
    ).fetchone()
    assert tuple(audit) == ("sagsbehandler", "HA-3001", "2026-12-31")


def test_an_ended_agreement_takes_no_deduction_for_a_later_month(
    benefits_as: Callable[[str], User],
) -> None:
    benefits_as("sagsbehandler").post("/agreements/HA-3001/end", {"valid_to": "2026-11-30"})
    form = {"agreement_id": "HA-3001", "month": "2026-12", "amount": "1", "invoice_ref": "F"}
    response = benefits_as("robot").post("/payouts/U-7001/deductions", form)
    assert reasons(response) == ["agreement_not_in_force"]


@pytest.mark.parametrize(
    ("end", "status", "reason"),
    [
        ("2025-12-31", 422, "end_before_start"),
        ("2026-10-31", 409, "deductions_after_end"),  # November's rent is deducted
        ("", 422, "valid_to_missing"),
    ],
)
def test_an_end_date_that_does_not_fit_is_refused_and_changes_nothing(
    benefits_as: Callable[[str], User],
    benefits_db: sqlite3.Connection,
    end: str,
    status: int,
    reason: str,
) -> None:
    response = benefits_as("sagsbehandler").post("/agreements/HA-3001/end", {"valid_to": end})
    assert (response.status_code, reasons(response)) == (status, [reason])
    row = benefits_db.execute("SELECT valid_to FROM agreements WHERE agreement_id = 'HA-3001'")
    assert row.fetchone()[0] is None


def test_an_end_date_inside_the_last_deducted_month_is_accepted(
    benefits_as: Callable[[str], User],
) -> None:
    response = benefits_as("sagsbehandler").post(
        "/agreements/HA-3001/end", {"valid_to": "2026-11-01"}
    )
    assert response.status_code == 303
