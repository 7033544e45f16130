"""The case system's role matrix (contract section 7), one case per role per route, and the
forms each role is shown."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from tests.integration.fake_systems.conftest import User
from tests.support.case_builders import FINANCE, add_finance_user, add_order

USERS = {"robot": "robot", "caseworker": "sagsbehandler", "finance": FINANCE, "admin": "admin"}
PAYMENT = {
    "period_start": "2026-10-01",
    "period_end": "2026-10-31",
    "amount": "32240.00",
    "invoice_ref": "12345674/INV-1017",
}
EDIT = {"valid_from": "2026-01-01", "valid_to": "2026-12-31", "status": "ended"}
RATE = {"new_rate": "1100.00", "rate_from": "2026-10-15"}
ORDER = {"doctor_cvr": "12345674", "certificate_type": "LÆ 265", "ordered_on": "2026-11-02"}
ORDER_PAYMENT = {"amount": "1250.00", "invoice_ref": "12345674/F-77"}

ALL_SEE = {"robot": 200, "caseworker": 200, "finance": 200, "admin": 200}
PAYERS = {"robot": 303, "caseworker": 403, "finance": 303, "admin": 303}
CASEWORKERS = {"robot": 403, "caseworker": 303, "finance": 403, "admin": 303}
# (method, path, form, {role: expected status})
ROUTES = [
    ("GET", "/", None, ALL_SEE),
    ("GET", "/search?cpr=010190-1234", None, dict.fromkeys(USERS, 303)),
    ("GET", "/citizens/0101901234", None, ALL_SEE),
    ("GET", "/grants/B-1043", None, ALL_SEE),
    ("GET", "/orders/O-2041", None, ALL_SEE),
    ("POST", "/grants/B-1043/payments", PAYMENT, PAYERS),
    ("POST", "/grants/B-1043/edit", EDIT, CASEWORKERS),
    ("POST", "/grants/B-1043/rates", RATE, CASEWORKERS),
    ("POST", "/citizens/0101901234/orders", ORDER, CASEWORKERS),
    ("POST", "/orders/O-2041/cancel", {"confirm": "ja"}, CASEWORKERS),
    ("POST", "/orders/O-2041/payment", ORDER_PAYMENT, PAYERS),
    ("GET", "/audit", None, {"robot": 403, "caseworker": 403, "finance": 403, "admin": 200}),
]


@pytest.fixture
def login(case_db: sqlite3.Connection, case_as: Callable[[str], User]) -> Callable[[str], User]:
    """login("finance"): a client logged in with that role; the seed plus a finance user and
    the open order O-2041."""
    add_finance_user(case_db)
    add_order(case_db)
    return lambda role: case_as(USERS[role])


@pytest.mark.parametrize(
    ("method", "path", "form", "role", "expected"),
    [
        pytest.param(method, path, form, role, expected[role], id=f"{role}-{method}-{path}")
        for method, path, form, expected in ROUTES
        for role in USERS
    ],
)
def test_each_role_may_do_exactly_what_the_contract_gives_it(
    login: Callable[[str], User],
    method: str,
    path: str,
    form: dict[str, str] | None,
    role: str,
    expected: int,
) -> None:
    user = login(role)
    response = user.get(path) if method == "GET" else user.post(path, form or {})
    assert response.status_code == expected, response.text[:500]


@pytest.mark.parametrize(
    ("role", "path", "shown"),
    [
        ("robot", "/grants/B-1043", {"payment-form"}),
        ("finance", "/grants/B-1043", {"payment-form"}),
        ("caseworker", "/grants/B-1043", {"rate-form", "grant-form"}),
        ("admin", "/grants/B-1043", {"payment-form", "rate-form", "grant-form"}),
        ("robot", "/citizens/0101901234", set()),
        ("finance", "/citizens/0101901234", set()),
        ("caseworker", "/citizens/0101901234", {"order-form"}),
        ("admin", "/citizens/0101901234", {"order-form"}),
        ("robot", "/orders/O-2041", {"order-payment-form"}),
        ("finance", "/orders/O-2041", {"order-payment-form"}),
        ("caseworker", "/orders/O-2041", {"order-cancel-form"}),
        ("admin", "/orders/O-2041", {"order-payment-form", "order-cancel-form"}),
    ],
)
def test_each_role_is_shown_only_the_forms_it_may_use(
    login: Callable[[str], User], role: str, path: str, shown: set[str]
) -> None:
    page = login(role).get(path).text
    forms = {"payment-form", "rate-form", "grant-form", "order-form"}
    forms |= {"order-payment-form", "order-cancel-form"}
    assert {form for form in forms if f'data-testid="{form}"' in page} == shown


def test_a_finance_users_payment_is_registered_in_their_name(
    case_db: sqlite3.Connection, login: Callable[[str], User]
) -> None:
    assert login("finance").post("/grants/B-1043/payments", PAYMENT).status_code == 303
    row = case_db.execute(
        "SELECT registered_by FROM payments WHERE invoice_ref = ?", (PAYMENT["invoice_ref"],)
    ).fetchone()
    assert row[0] == FINANCE


def test_a_refused_caseworker_payment_changes_nothing(
    case_db: sqlite3.Connection, login: Callable[[str], User]
) -> None:
    response = login("caseworker").post("/orders/O-2041/payment", ORDER_PAYMENT)
    assert response.status_code == 403
    assert "Din brugerrolle giver ikke adgang" in response.text
    assert case_db.execute("SELECT status FROM orders").fetchone()[0] == "open"
