"""The case system: finding a citizen, their grants and payments, registering a payment."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import httpx
import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_grant, add_payment, add_provider

OCTOBER = {
    "period_start": "2026-10-01",
    "period_end": "2026-10-31",
    "amount": "32240.00",
    "invoice_ref": "12345674/INV-1017",
}


def reasons(response: httpx.Response) -> list[str]:
    return re.findall(r'data-reason="([a-z_]+)"', response.text)


@pytest.mark.parametrize("typed", ["010190-1234", "0101901234", " 010190 1234 "])
def test_search_finds_the_citizen_with_or_without_dash(
    case_as: Callable[[str], User], typed: str
) -> None:
    response = case_as("robot").get(f"/search?cpr={typed}")
    assert response.status_code == 303
    assert response.headers["location"] == "/citizens/0101901234"


def test_unknown_cpr_says_there_is_no_such_citizen(case_as: Callable[[str], User]) -> None:
    response = case_as("robot").get("/search?cpr=311299-9999")
    assert response.status_code == 404
    assert 'data-testid="not-found"' in response.text
    assert "Ingen borger med dette CPR-nummer" in response.text


def test_a_malformed_cpr_is_refused_in_the_form(case_as: Callable[[str], User]) -> None:
    response = case_as("robot").get("/search?cpr=12345")
    assert response.status_code == 422
    assert reasons(response) == ["cpr_format"]


def test_citizen_page_lists_every_grant_with_all_its_fields(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_provider(case_db, "98106871", "Værkstedet Åbrinken")
    add_grant(
        case_db,
        grant_id="B-2001",
        provider_cvr="98106871",
        paragraph="103",
        rate_unit="hour",
        rate="250.00",
        hours_per_month="40",
        valid_to="2026-12-31",
        status="ended",
    )
    page = case_as("robot").get("/citizens/010190-1234").text
    assert page.count('data-testid="grant-row"') == 2
    for fragment in (
        'data-testid="citizen-cpr" data-value="0101901234">010190-1234',
        'data-testid="grant-provider-name">Værkstedet Åbrinken',
        'data-testid="grant-rate" data-value="250.00">250,00',
        'data-testid="grant-rate-unit" data-value="hour"',
        'data-testid="grant-hours" data-value="40"',
        'data-testid="grant-valid-to" data-value="2026-12-31">31.12.2026',
        'data-testid="grant-valid-to" data-value="">løbende',
        'data-testid="grant-status" data-value="ended">Ophørt',
        'data-testid="grant-art">4.0',
        'data-testid="grant-ownership">Privat',
        'data-testid="grant-target-group">Udviklingshæmmede',
        'data-testid="grant-paragraph">103',
    ):
        assert fragment in page


def test_citizen_page_lists_the_payments_of_all_their_grants(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_grant(case_db, grant_id="B-2001")
    add_payment(case_db, grant_id="B-2001", invoice_ref="12345674/INV-5")
    page = case_as("robot").get("/citizens/0101901234").text
    assert page.count('data-testid="payment-row"') == 2
    assert 'data-testid="payment-invoice-ref">12345674/INV-5' in page
    assert 'data-testid="payment-amount" data-value="31200.00">31.200,00' in page


def test_registering_a_payment_confirms_it(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    robot = case_as("robot")
    response = robot.post("/grants/B-1043/payments", OCTOBER)
    assert response.status_code == 303
    page = robot.get(response.headers["location"]).text
    assert 'data-testid="confirmation"' in page
    assert "Betaling registreret: 01.10.2026–31.10.2026, 32.240,00 kr." in page
    row = case_db.execute(
        "SELECT registered_by FROM payments WHERE invoice_ref = ?", (OCTOBER["invoice_ref"],)
    ).fetchone()
    assert row[0] == "robot"


def test_danish_dates_and_amounts_are_accepted(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    form = OCTOBER | {
        "period_start": "01.10.2026",
        "period_end": "31.10.2026",
        "amount": "32.240,00",
    }
    assert case_as("robot").post("/grants/B-1043/payments", form).status_code == 303
    stored = case_db.execute(
        "SELECT period_start, amount FROM payments ORDER BY id DESC"
    ).fetchone()
    assert tuple(stored) == ("2026-10-01", "32240.00")


def test_an_invoice_reference_already_on_the_grant_is_refused(
    case_as: Callable[[str], User],
) -> None:
    form = OCTOBER | {"invoice_ref": "12345674/INV-0917"}
    response = case_as("robot").post("/grants/B-1043/payments", form)
    assert response.status_code == 409
    assert reasons(response) == ["duplicate_invoice_ref"]
    assert "Fakturareferencen 12345674/INV-0917 er allerede registreret" in response.text


def test_a_period_overlapping_a_payment_is_refused_naming_it(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    form = OCTOBER | {"period_start": "2026-09-30"}
    response = case_as("robot").post("/grants/B-1043/payments", form)
    assert response.status_code == 409
    assert reasons(response) == ["period_overlap"]
    assert "01.09.2026–30.09.2026" in response.text
    assert f'value="{OCTOBER["invoice_ref"]}"' in response.text  # the input is kept
    assert case_db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1


def test_the_same_reference_on_another_grant_is_accepted(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_grant(case_db, grant_id="B-2001")
    form = OCTOBER | {"invoice_ref": "12345674/INV-0917"}
    assert case_as("robot").post("/grants/B-2001/payments", form).status_code == 303


def test_a_period_ending_before_it_starts_is_refused(case_as: Callable[[str], User]) -> None:
    form = OCTOBER | {"period_end": "2026-09-30", "period_start": "2026-10-05"}
    response = case_as("robot").post("/grants/B-1043/payments", form)
    assert response.status_code == 422
    assert reasons(response) == ["period_order"]


def test_a_caseworker_fixes_a_grant_and_it_is_audited(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    caseworker = case_as("sagsbehandler")
    response = caseworker.post("/grants/B-1043/edit", {"valid_to": "2026-12-31", "status": "ended"})
    assert response.status_code == 303
    assert "Bevillingen er opdateret." in caseworker.get(response.headers["location"]).text
    grant = case_db.execute("SELECT valid_to, status FROM grants").fetchone()
    assert tuple(grant) == ("2026-12-31", "ended")
    audit = case_db.execute(
        "SELECT username, object, detail FROM audit WHERE action = 'grant_edit'"
    )
    assert tuple(audit.fetchone()) == (
        "sagsbehandler",
        "B-1043",
        "gyldig fra 2026-01-01 -> 2026-01-01; gyldig til løbende -> 2026-12-31;"
        " status active -> ended",
    )


def test_valid_to_before_valid_from_is_refused(case_as: Callable[[str], User]) -> None:
    response = case_as("sagsbehandler").post(
        "/grants/B-1043/edit", {"valid_to": "2025-12-31", "status": "active"}
    )
    assert response.status_code == 422
    assert reasons(response) == ["valid_to_before_from"]


def test_a_blank_valid_to_makes_the_grant_open_ended(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    case_db.execute("UPDATE grants SET valid_to = '2026-06-30'")
    case_as("sagsbehandler").post("/grants/B-1043/edit", {"valid_to": "", "status": "active"})
    assert case_db.execute("SELECT valid_to FROM grants").fetchone()[0] is None


def test_unknown_grant_gives_a_friendly_404(case_as: Callable[[str], User]) -> None:
    response = case_as("robot").get("/grants/B-9999")
    assert response.status_code == 404
    assert "Bevilling B-9999 findes ikke." in response.text


def test_the_audit_page_shows_payments_to_admins(case_as: Callable[[str], User]) -> None:
    case_as("robot").post("/grants/B-1043/payments", OCTOBER)
    page = case_as("admin").get("/audit").text
    assert 'data-testid="audit-action">payment' in page


@pytest.mark.parametrize("registered", ["9" * 26, "-1", "x"])
def test_an_out_of_range_registered_id_is_refused_not_a_server_error(
    case_as: Callable[[str], User], registered: str
) -> None:
    response = case_as("robot").get(f"/grants/B-1043?registered={registered}")
    assert response.status_code == 422
    assert "Ugyldig forespørgsel" in response.text


def test_the_largest_row_id_is_read_as_no_payment(case_as: Callable[[str], User]) -> None:
    response = case_as("robot").get(f"/grants/B-1043?registered={2**63 - 1}")
    assert response.status_code == 200
    assert 'data-testid="confirmation"' not in response.text


def audit_rows(conn: sqlite3.Connection, action: str) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT username, object FROM audit WHERE action = ? ORDER BY id", (action,)
    )
    return [tuple(row) for row in rows]


def test_opening_a_citizen_page_is_audited_with_who_and_whom(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    case_as("sagsbehandler").get("/citizens/010190-1234")
    assert audit_rows(case_db, "citizen_lookup") == [("sagsbehandler", "0101901234")]
    at = case_db.execute("SELECT at FROM audit WHERE action = 'citizen_lookup'").fetchone()[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", at)


def test_a_search_is_audited_once_when_it_finds_the_citizen(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    robot = case_as("robot")
    response = robot.get("/search?cpr=010190-1234")
    robot.get(response.headers["location"])
    assert audit_rows(case_db, "citizen_lookup") == [("robot", "0101901234")]


def test_a_search_for_an_unknown_cpr_is_audited_too(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    case_as("robot").get("/search?cpr=311299-9999")
    case_as("admin").get("/citizens/3112999998")
    assert audit_rows(case_db, "citizen_lookup_not_found") == [
        ("robot", "3112999999"),
        ("admin", "3112999998"),
    ]


def test_a_malformed_search_is_not_audited_as_a_look_up(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    case_as("robot").get("/search?cpr=12345")
    assert (
        case_db.execute("SELECT COUNT(*) FROM audit WHERE action LIKE 'citizen%'").fetchone()[0]
        == 0
    )


def test_registration_times_are_labelled_danish_time(case_as: Callable[[str], User]) -> None:
    for path in ("/grants/B-1043", "/citizens/0101901234"):
        page = case_as("robot").get(path).text
        assert "Registreret (dansk tid)" in page
        assert "UTC" not in page


@pytest.mark.parametrize(
    "ref", ["12345674/INV\n1017", "12345674/INV\t1017", "INV\x00", "INV\u202e7101"]
)
def test_an_invoice_reference_with_control_characters_is_refused(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], ref: str
) -> None:
    response = case_as("robot").post("/grants/B-1043/payments", OCTOBER | {"invoice_ref": ref})
    assert response.status_code == 422
    assert reasons(response) == ["invoice_ref_control"]
    assert "må ikke indeholde kontroltegn" in response.text
    assert case_db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1


def test_an_invoice_reference_over_100_characters_is_still_refused(
    case_as: Callable[[str], User],
) -> None:
    response = case_as("robot").post(
        "/grants/B-1043/payments", OCTOBER | {"invoice_ref": "R" * 101}
    )
    assert reasons(response) == ["invoice_ref_missing"]
