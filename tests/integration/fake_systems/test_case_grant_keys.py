"""The case system's list of posting keys in use, which validate-mapping checks the workbook
against."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tests.integration.fake_systems.conftest import User
from tests.support.stand_in_builders import add_grant


def test_every_key_the_grants_use_is_listed_once_with_its_counts(
    case_as: Callable[[str], User], case_db: sqlite3.Connection
) -> None:
    add_grant(case_db, grant_id="B-2", status="ended")
    page = case_as("sagsbehandler").get("/grant-keys")
    assert page.status_code == 200
    assert page.text.count('data-testid="grant-key-row"') == 1
    assert '<td data-testid="key-paragraph">107</td>' in page.text
    assert '<td data-testid="key-active">1</td>' in page.text
    assert '<td data-testid="key-grants">2</td>' in page.text
