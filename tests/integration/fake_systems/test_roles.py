"""The role matrix, one case per role per route: what each role may and may not do."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_invoice

ROLES = {"robot": "robot", "caseworker": "sagsbehandler", "finance": "okonomi", "admin": "admin"}
POSTING = {
    "psp_1": "XG-5385010001-00007",
    "amount_1": "32240.00",
    "text_1": "§107 B-1043 01.10-31.10.2026",
    "remark": "bemærkning",
}
PAYMENT = {
    "period_start": "2026-10-01",
    "period_end": "2026-10-31",
    "amount": "32240.00",
    "invoice_ref": "12345674/INV-1017",
}
GRANT_EDIT = {"valid_to": "2026-12-31", "status": "ended"}

EVERYONE = {"robot": 200, "caseworker": 200, "finance": 200, "admin": 200}
PEOPLE_ONLY = {"robot": 403, "caseworker": 303, "finance": 303, "admin": 303}
# (method, path, form, {role: expected status}); invoice 1 is unposted, invoice 2 in manual
# handling (contract section 7).
ERP_ROUTES = [
    ("GET", "/inbox", None, EVERYONE),
    ("GET", "/invoices/ERP-000001", None, EVERYONE),
    ("GET", "/invoices/ERP-000002", None, EVERYONE),
    ("GET", "/manual", None, EVERYONE),
    ("GET", "/manual?status=rejected&assignee=mine&age=7&supplier=Sol", None, EVERYONE),
    ("GET", "/journal", None, EVERYONE),
    ("GET", "/journal?number=INV-1&cvr=12345674&psp=XG&voucher=BIL-1&user=robot", None, EVERYONE),
    ("GET", "/psp-elements", None, EVERYONE),
    ("GET", "/psp-elements?q=XG&status=closed&page=2", None, EVERYONE),
    ("GET", "/posted?cvr=12345674&ean=5798000000001", None, EVERYONE),
    (
        "POST",
        "/invoices/1/post",
        POSTING,
        {"robot": 303, "caseworker": 403, "finance": 303, "admin": 303},
    ),
    (
        "POST",
        "/invoices/1/manual",
        {"note": "[X] y"},
        {"robot": 303, "caseworker": 403, "finance": 303, "admin": 303},
    ),
    (
        "POST",
        "/invoices/2/post",
        POSTING,
        {"robot": 409, "caseworker": 403, "finance": 303, "admin": 303},
    ),
    ("POST", "/invoices/2/send-back", {"comment": "Ny takst oprettet"}, PEOPLE_ONLY),
    ("POST", "/invoices/2/reject", {"reason": "Forkert modtager", "confirm": "ja"}, PEOPLE_ONLY),
    ("POST", "/invoices/2/notes", {"note": "Ringet til leverandøren"}, PEOPLE_ONLY),
    ("POST", "/invoices/2/take", {}, PEOPLE_ONLY),
    ("GET", "/upload", None, {"robot": 403, "caseworker": 403, "finance": 403, "admin": 200}),
    ("POST", "/upload", {}, {"robot": 403, "caseworker": 403, "finance": 403, "admin": 422}),
    ("GET", "/audit", None, {"robot": 403, "caseworker": 403, "finance": 403, "admin": 200}),
]
CASE_ROUTES = [
    ("GET", "/", None, EVERYONE),
    (
        "GET",
        "/search?cpr=010190-1234",
        None,
        {"robot": 303, "caseworker": 303, "finance": 303, "admin": 303},
    ),
    ("GET", "/citizens/0101901234", None, EVERYONE),
    ("GET", "/grants/B-1043", None, EVERYONE),
    (
        "POST",
        "/grants/B-1043/payments",
        PAYMENT,
        {"robot": 303, "caseworker": 403, "finance": 303, "admin": 303},
    ),
    (
        "POST",
        "/grants/B-1043/edit",
        GRANT_EDIT,
        {"robot": 403, "caseworker": 303, "finance": 403, "admin": 303},
    ),
    ("GET", "/audit", None, {"robot": 403, "caseworker": 403, "finance": 403, "admin": 200}),
]


def _cases(routes: list[tuple[str, str, dict[str, str] | None, dict[str, int]]]) -> list[object]:
    return [
        pytest.param(method, path, form, role, expected[role], id=f"{role}-{method}-{path}")
        for method, path, form, expected in routes
        for role in ROLES
    ]


def _call(user: User, method: str, path: str, form: dict[str, str] | None) -> int:
    response = user.get(path) if method == "GET" else user.post(path, form or {})
    return response.status_code


@pytest.mark.parametrize(("method", "path", "form", "role", "expected"), _cases(ERP_ROUTES))
def test_erp_role_matrix(
    erp_db: sqlite3.Connection,
    erp_as: Callable[[str], User],
    method: str,
    path: str,
    form: dict[str, str] | None,
    role: str,
    expected: int,
) -> None:
    add_invoice(erp_db)
    add_invoice(erp_db, invoice_number="INV-2017", status="manual")
    assert _call(erp_as(ROLES[role]), method, path, form) == expected


@pytest.mark.parametrize(("method", "path", "form", "role", "expected"), _cases(CASE_ROUTES))
def test_case_role_matrix(
    case_as: Callable[[str], User],
    method: str,
    path: str,
    form: dict[str, str] | None,
    role: str,
    expected: int,
) -> None:
    assert _call(case_as(ROLES[role]), method, path, form) == expected


def test_a_refused_role_gets_a_friendly_page_and_nothing_changes(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    response = case_as("sagsbehandler").post("/grants/B-1043/payments", PAYMENT)
    assert response.status_code == 403
    assert "Din brugerrolle giver ikke adgang" in response.text
    assert case_db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1


def test_forms_a_role_may_not_use_are_not_shown(case_as: Callable[[str], User]) -> None:
    robot_page = case_as("robot").get("/grants/B-1043").text
    caseworker_page = case_as("sagsbehandler").get("/grants/B-1043").text
    assert 'data-testid="payment-form"' in robot_page
    assert 'data-testid="grant-form"' not in robot_page
    assert 'data-testid="grant-form"' in caseworker_page
    assert 'data-testid="payment-form"' not in caseworker_page
