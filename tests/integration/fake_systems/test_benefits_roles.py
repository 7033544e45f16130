"""The benefits system's role matrix (contract section 11), one case per role per route, and
the forms each role is shown. Finance staff may read, not write."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.integration.fake_systems.conftest import User

USERS = {"robot": "robot", "caseworker": "sagsbehandler", "finance": "okonomi", "admin": "admin"}
DEDUCTION = {"agreement_id": "HA-3001", "month": "2026-12", "amount": "10", "invoice_ref": "F"}
AGREEMENT = {
    "landlord_cvr": "29403473",
    "landlord_name": "Boligselskabet Fjordbo",
    "address": "Fjordvej 5",
    "rent": "4950.00",
    "valid_from": "2027-01-01",
    "valid_to": "",
}

ALL_SEE = dict.fromkeys(USERS, 200)
DEDUCTERS = {"robot": 303, "caseworker": 303, "finance": 403, "admin": 303}
CASEWORKERS = {"robot": 403, "caseworker": 303, "finance": 403, "admin": 303}
# (method, path, form, {role: expected status})
ROUTES = [
    ("GET", "/", None, ALL_SEE),
    ("GET", "/search?cpr=010190-1234", None, dict.fromkeys(USERS, 303)),
    ("GET", "/citizens/0101901234", None, ALL_SEE),
    ("GET", "/agreements/HA-3001", None, ALL_SEE),
    ("GET", "/payouts/U-7001", None, ALL_SEE),
    ("POST", "/payouts/U-7001/deductions", DEDUCTION, DEDUCTERS),
    ("POST", "/citizens/0101901234/agreements", AGREEMENT, CASEWORKERS),
    ("POST", "/agreements/HA-3001/end", {"valid_to": "2027-06-30"}, CASEWORKERS),
    ("GET", "/audit", None, {"robot": 403, "caseworker": 403, "finance": 403, "admin": 200}),
]


@pytest.mark.parametrize(
    ("method", "path", "form", "role", "expected"),
    [
        pytest.param(method, path, form, role, expected[role], id=f"{role}-{method}-{path}")
        for method, path, form, expected in ROUTES
        for role in USERS
    ],
)
def test_each_role_may_do_exactly_what_the_contract_gives_it(
    benefits_as: Callable[[str], User],
    method: str,
    path: str,
    form: dict[str, str] | None,
    role: str,
    expected: int,
) -> None:
    user = benefits_as(USERS[role])
    response = user.get(path) if method == "GET" else user.post(path, form or {})
    assert response.status_code == expected, response.text[:500]


@pytest.mark.parametrize(
    ("role", "path", "shown"),
    [
        ("robot", "/payouts/U-7001", {"deduction-form"}),
        ("finance", "/payouts/U-7001", set()),
        ("caseworker", "/payouts/U-7001", {"deduction-form"}),
        ("admin", "/payouts/U-7001", {"deduction-form"}),
        ("robot", "/citizens/0101901234", set()),
        ("finance", "/citizens/0101901234", set()),
        ("caseworker", "/citizens/0101901234", {"agreement-form"}),
        ("admin", "/citizens/0101901234", {"agreement-form"}),
        ("robot", "/agreements/HA-3001", set()),
        ("finance", "/agreements/HA-3001", set()),
        ("caseworker", "/agreements/HA-3001", {"agreement-end-form"}),
        ("admin", "/agreements/HA-3001", {"agreement-end-form"}),
    ],
)
def test_each_role_is_shown_only_the_forms_it_may_use(
    benefits_as: Callable[[str], User], role: str, path: str, shown: set[str]
) -> None:
    page = benefits_as(USERS[role]).get(path).text
    forms = {"deduction-form", "agreement-form", "agreement-end-form"}
    assert {form for form in forms if f'data-testid="{form}"' in page} == shown


def test_the_audit_log_shows_admins_who_looked_up_and_changed_what(
    benefits_as: Callable[[str], User],
) -> None:
    benefits_as("robot").post("/payouts/U-7001/deductions", DEDUCTION)
    page = benefits_as("admin").get("/audit").text
    assert "deduction" in page and "U-7001" in page
