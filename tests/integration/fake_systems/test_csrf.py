"""Every form post needs the CSRF token of the session that showed the form."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import PASSWORD, add_invoice

ERP_POSTS = [
    (
        "/invoices/1/post",
        {"psp_1": "XG-5385010001-00007", "amount_1": "32240", "text_1": "t", "remark": "r"},
    ),
    ("/invoices/1/manual", {"note": "[X] y"}),
    ("/logout", {}),
]
CASE_POSTS = [
    (
        "/grants/B-1043/payments",
        {
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "amount": "1.00",
            "invoice_ref": "r",
        },
    ),
    ("/grants/B-1043/edit", {"valid_to": "", "status": "ended"}),
]


@pytest.mark.parametrize(("path", "form"), ERP_POSTS)
def test_erp_post_without_csrf_token_is_refused_and_changes_nothing(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User], path: str, form: dict[str, str]
) -> None:
    add_invoice(erp_db)
    admin = erp_as("admin")
    response = admin.post(path, form, csrf=False)
    assert response.status_code == 403
    assert "Formularen blev afvist" in response.text
    assert erp_db.execute("SELECT status FROM invoices").fetchone()[0] == "unposted"
    assert admin.get("/inbox").status_code == 200  # still logged in


@pytest.mark.parametrize(("path", "form"), CASE_POSTS)
def test_case_post_with_a_wrong_csrf_token_is_refused(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], path: str, form: dict[str, str]
) -> None:
    admin = case_as("admin")
    response = admin.post(path, {**form, "csrf_token": "forged"}, csrf=False)
    assert response.status_code == 403
    assert case_db.execute("SELECT status FROM grants").fetchone()[0] == "active"


def test_another_sessions_token_is_refused(
    erp_db: sqlite3.Connection, erp_as: Callable[[str], User]
) -> None:
    add_invoice(erp_db)
    robot, admin = erp_as("robot"), erp_as("admin")
    response = robot.post(
        "/invoices/1/manual", {"note": "x", "csrf_token": admin.token}, csrf=False
    )
    assert response.status_code == 403


def test_login_without_the_forms_token_is_refused(erp_app: FastAPI) -> None:
    client = TestClient(erp_app)
    client.get("/login")
    response = client.post(
        "/login", data={"username": "admin", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "erp_session" not in response.cookies
