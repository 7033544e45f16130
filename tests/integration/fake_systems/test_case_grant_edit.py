"""Ret bevilling (contract section 7): caseworkers correct a grant's valid from, valid to and
status; validated in Danish, audited with old and new values, payments outside warned about."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import httpx
import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.case_builders import add_rate_change, cells

EDIT = {"valid_from": "2026-02-01", "valid_to": "2026-12-31", "status": "active"}


def reasons(response: httpx.Response) -> list[str]:
    return re.findall(r'data-reason="([a-z_]+)"', response.text)


def grant(conn: sqlite3.Connection) -> tuple[str, str | None, str]:
    row = conn.execute("SELECT valid_from, valid_to, status FROM grants").fetchone()
    return row[0], row[1], row[2]


def test_the_form_is_headed_and_sent_with_ret_bevilling_and_has_the_contract_labels(
    case_as: Callable[[str], User],
) -> None:
    page = case_as("sagsbehandler").get("/grants/B-1043").text
    assert '<h2 id="edit-heading">Ret bevilling</h2>' in page
    assert 'data-testid="grant-submit">Ret bevilling</button>' in page
    for field, label in (
        ("valid_from", "Gyldig fra"),
        ("valid_to", "Gyldig til"),
        ("status", "Status"),
    ):
        assert f'<label for="{field}">{label}</label>' in page
    assert 'value="2026-01-01" data-testid="valid-from-input"' in page
    assert "Tom = løbende" in page  # the hint, outside the label


def test_a_caseworker_moves_valid_from_and_it_is_audited_with_old_and_new_values(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    caseworker = case_as("sagsbehandler")
    response = caseworker.post("/grants/B-1043/edit", EDIT)
    assert response.status_code == 303
    assert "Bevillingen er opdateret." in caseworker.get(response.headers["location"]).text
    assert grant(case_db) == ("2026-02-01", "2026-12-31", "active")
    detail = case_db.execute("SELECT detail FROM audit WHERE action = 'grant_edit'").fetchone()[0]
    assert detail == (
        "gyldig fra 2026-01-01 -> 2026-02-01; gyldig til løbende -> 2026-12-31;"
        " status active -> active"
    )


def test_the_grant_row_the_robot_reads_shows_the_new_validity(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    case_as("admin").post("/grants/B-1043/edit", EDIT | {"valid_from": "2025-12-01"})
    page = case_as("robot").get("/citizens/0101901234").text
    assert cells(page, "grant-valid-from") == [("2025-12-01", "01.12.2025")]
    assert cells(page, "grant-rates")[0][0] == '[{"from": "2025-12-01", "rate": "1040.00"}]'


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        (EDIT | {"valid_to": "2026-01-31"}, "valid_to_before_from"),
        (EDIT | {"valid_from": ""}, "valid_from_missing"),
        (EDIT | {"valid_from": "1. februar"}, "date_format"),
        (EDIT | {"status": "paused"}, "status_invalid"),
    ],
)
def test_a_wrong_edit_is_refused_in_danish_and_nothing_changes(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], form: dict[str, str], reason: str
) -> None:
    response = case_as("sagsbehandler").post("/grants/B-1043/edit", form)
    assert response.status_code == 422
    assert reasons(response) == [reason]
    assert grant(case_db) == ("2026-01-01", None, "active")
    assert (
        case_db.execute("SELECT COUNT(*) FROM audit WHERE action = 'grant_edit'").fetchone()[0] == 0
    )


def test_valid_to_on_valid_from_is_one_day_and_accepted(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    form = EDIT | {"valid_to": "2026-02-01"}
    assert case_as("sagsbehandler").post("/grants/B-1043/edit", form).status_code == 303


def test_valid_from_on_or_after_a_rate_change_is_refused(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_rate_change(case_db)
    response = case_as("sagsbehandler").post(
        "/grants/B-1043/edit", EDIT | {"valid_from": "2026-10-15"}
    )
    assert reasons(response) == ["valid_from_after_rate_change"]
    assert "første takstændring (15.10.2026)" in response.text
    assert (
        case_as("sagsbehandler")
        .post("/grants/B-1043/edit", EDIT | {"valid_from": "2026-10-14"})
        .status_code
        == 303
    )


def test_payments_outside_the_new_validity_are_kept_and_warned_about(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    caseworker = case_as("sagsbehandler")
    form = EDIT | {"valid_from": "2026-10-01"}  # the September payment now lies before it
    response = caseworker.post("/grants/B-1043/edit", form)
    assert response.status_code == 303
    page = caseworker.get(response.headers["location"]).text
    assert 'data-testid="grant-warning"' in page
    assert "1 registreret betaling ligger uden for bevillingens gyldighed" in page
    assert cells(page, "warning-payment")[0][0] == "12345674/INV-0917"
    assert case_db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1


def test_no_warning_while_every_payment_lies_inside_the_validity(
    case_as: Callable[[str], User],
) -> None:
    assert 'data-testid="grant-warning"' not in case_as("robot").get("/grants/B-1043").text


def test_a_form_without_valid_from_leaves_it_unchanged(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    form = {"valid_to": "2026-12-31", "status": "ended"}
    assert case_as("sagsbehandler").post("/grants/B-1043/edit", form).status_code == 303
    assert grant(case_db) == ("2026-01-01", "2026-12-31", "ended")
