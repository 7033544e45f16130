"""A grant's rates (contract section 6): shown with their dates, read by the robot from every
grant row, added by caseworkers with Ny takst, and loaded from a bundle."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from fake_systems.bundle.load import load_bundle
from fake_systems.bundle.models import BundleError
from fake_systems.db import CASE_DB, connect
from tests.integration.fake_systems.conftest import User
from tests.support.case_builders import add_rate_change, cells
from tests.support.stand_in_builders import add_grant

NEW_RATE = {"new_rate": "1100.00", "rate_from": "2026-10-15"}
TWO_RATES = [{"from": "2026-01-01", "rate": "1040.00"}, {"from": "2026-10-15", "rate": "1100.00"}]


def reasons(response: httpx.Response) -> list[str]:
    return re.findall(r'data-reason="([a-z_]+)"', response.text)


def grant_rates(page: str) -> list[tuple[Any, str]]:
    return [(json.loads(value), text) for value, text in cells(page, "grant-rates")]


@pytest.mark.parametrize("path", ["/citizens/0101901234", "/grants/B-1043"])
def test_every_grant_row_carries_its_rates_as_json_and_in_danish(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], path: str
) -> None:
    add_rate_change(case_db)
    page = case_as("robot").get(path).text
    assert grant_rates(page) == [(TWO_RATES, "1.040,00 fra 01.01.2026; 1.100,00 fra 15.10.2026")]
    assert cells(page, "grant-rate") == [("1040.00", "1.040,00")]  # still the base rate


def test_the_rates_json_is_written_exactly_as_the_contract_shows_it(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_rate_change(case_db)
    ((value, _),) = cells(case_as("robot").get("/grants/B-1043").text, "grant-rates")
    assert value == json.dumps(TWO_RATES)


def test_changes_are_listed_in_date_order_after_the_base_rate(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_rate_change(case_db, from_date="2026-11-01", rate="1150.00")
    add_rate_change(case_db, from_date="2026-03-01", rate="1050.00")
    ((rates, _),) = grant_rates(case_as("robot").get("/grants/B-1043").text)
    assert [r["from"] for r in rates] == ["2026-01-01", "2026-03-01", "2026-11-01"]


def test_a_grant_without_changes_has_its_one_rate(case_as: Callable[[str], User]) -> None:
    page = case_as("robot").get("/grants/B-1043").text
    assert grant_rates(page) == [(TWO_RATES[:1], "1.040,00 fra 01.01.2026")]


def test_a_grant_without_a_fixed_rate_has_no_rates(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_grant(case_db, grant_id="B-2001", paragraph="97", rate=None, rate_unit="hour")
    page = case_as("robot").get("/grants/B-2001").text
    assert grant_rates(page) == [([], "")]
    assert 'data-testid="rates-empty"' in page


def test_the_grant_page_lists_each_rate_with_its_date(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_rate_change(case_db)
    page = case_as("sagsbehandler").get("/grants/B-1043").text
    assert page.count('data-testid="rate-row"') == 2
    assert cells(page, "rate-from") == [("2026-01-01", "01.01.2026"), ("2026-10-15", "15.10.2026")]
    assert cells(page, "rate-amount") == [("1040.00", "1.040,00"), ("1100.00", "1.100,00")]


def test_the_ny_takst_form_has_the_contract_labels_and_button(
    case_as: Callable[[str], User],
) -> None:
    page = case_as("sagsbehandler").get("/grants/B-1043").text
    assert '<label for="new_rate">Ny takst</label>' in page
    assert '<label for="rate_from">Gælder fra</label>' in page
    assert 'data-testid="rate-submit">Gem takst</button>' in page


def test_a_caseworker_adds_a_rate_and_it_is_shown_and_audited(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    caseworker = case_as("sagsbehandler")
    response = caseworker.post(
        "/grants/B-1043/rates", {"new_rate": "1.100,00", "rate_from": "15.10.2026"}
    )
    assert response.status_code == 303
    page = caseworker.get(response.headers["location"]).text
    assert "Ny takst gemt: 1.100,00 kr. fra 15.10.2026." in page
    assert grant_rates(page)[0][0] == TWO_RATES
    audit = case_db.execute(
        "SELECT username, object, detail FROM audit WHERE action = 'rate_change'"
    )
    assert tuple(audit.fetchone()) == ("sagsbehandler", "B-1043", "takst fra 2026-10-15: 1100.00")


def test_a_rate_on_a_date_that_already_has_one_replaces_it(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_rate_change(case_db, rate="1090.00")
    assert case_as("admin").post("/grants/B-1043/rates", NEW_RATE).status_code == 303
    rows = case_db.execute("SELECT from_date, rate, registered_by FROM rate_changes").fetchall()
    assert [tuple(r) for r in rows] == [("2026-10-15", "1100.00", "admin")]
    detail = case_db.execute("SELECT detail FROM audit WHERE action = 'rate_change'").fetchone()[0]
    assert detail == "takst fra 2026-10-15: 1090.00 -> 1100.00"


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        (NEW_RATE | {"new_rate": "0"}, "amount_not_positive"),
        (NEW_RATE | {"new_rate": "-1100.00"}, "amount_not_positive"),
        (NEW_RATE | {"new_rate": "1100.005"}, "amount_format"),
        (NEW_RATE | {"new_rate": "elleve hundrede"}, "amount_format"),
        (NEW_RATE | {"rate_from": ""}, "rate_from_missing"),
        (NEW_RATE | {"rate_from": "2026-02-30"}, "date_format"),
        (NEW_RATE | {"rate_from": "2026-01-01"}, "rate_from_not_after_valid_from"),
        (NEW_RATE | {"rate_from": "2025-12-01"}, "rate_from_not_after_valid_from"),
    ],
)
def test_a_wrong_rate_is_refused_in_danish_and_nothing_changes(
    case_db: sqlite3.Connection, case_as: Callable[[str], User], form: dict[str, str], reason: str
) -> None:
    response = case_as("sagsbehandler").post("/grants/B-1043/rates", form)
    assert response.status_code == 422
    assert reasons(response) == [reason]
    assert f'value="{form["new_rate"]}"' in response.text  # the input is kept
    assert case_db.execute("SELECT COUNT(*) FROM rate_changes").fetchone()[0] == 0


def test_a_rate_after_the_grant_ends_is_refused(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    case_db.execute("UPDATE grants SET valid_to = '2026-10-31'")
    response = case_as("sagsbehandler").post(
        "/grants/B-1043/rates", NEW_RATE | {"rate_from": "2026-11-01"}
    )
    assert reasons(response) == ["rate_from_after_valid_to"]
    assert "ligger efter bevillingens gyldig til (31.10.2026)" in response.text
    last_day = NEW_RATE | {"rate_from": "2026-10-31"}
    assert case_as("sagsbehandler").post("/grants/B-1043/rates", last_day).status_code == 303


def test_a_grant_without_a_fixed_rate_gets_no_new_rate(
    case_db: sqlite3.Connection, case_as: Callable[[str], User]
) -> None:
    add_grant(case_db, grant_id="B-2001", paragraph="97", rate=None, rate_unit="hour")
    response = case_as("sagsbehandler").post("/grants/B-2001/rates", NEW_RATE)
    assert reasons(response) == ["no_fixed_rate"]


def test_a_rate_for_an_unknown_grant_is_a_404(case_as: Callable[[str], User]) -> None:
    assert case_as("sagsbehandler").post("/grants/B-9999/rates", NEW_RATE).status_code == 404


# ---------------------------------------------------------------- the bundle


def write_case(bundle: Path, rate_changes: list[dict[str, str]]) -> Path:
    bundle.mkdir(exist_ok=True)
    grant = {
        "grant_id": "B-1043",
        "cpr": "0101901234",
        "provider_cvr": "12345674",
        "paragraph": "107",
        "service": "Midlertidigt botilbud",
        "rate": "1040.00",
        "rate_unit": "day",
        "valid_from": "2026-01-01",
        "status": "active",
        "rate_changes": rate_changes,
    }
    case = {"citizens": [{"cpr": "0101901234", "name": "Anna"}], "grants": [grant]}
    (bundle / "case_system.json").write_text(json.dumps(case), encoding="utf-8")
    (bundle / "erp.json").write_text("{}", encoding="utf-8")
    return bundle


def test_load_reads_a_grants_rate_changes(tmp_path: Path) -> None:
    bundle = write_case(tmp_path / "b", [{"from": "2026-10-15", "rate": "1100"}])
    load_bundle(bundle, tmp_path / "data")
    conn = connect(tmp_path / "data" / CASE_DB)
    rows = conn.execute("SELECT grant_id, from_date, rate, registered_by FROM rate_changes")
    assert [tuple(r) for r in rows] == [("B-1043", "2026-10-15", "1100.00", "import")]


def test_load_takes_a_grant_without_rate_changes(tmp_path: Path) -> None:
    load_bundle(write_case(tmp_path / "b", []), tmp_path / "data")
    conn = connect(tmp_path / "data" / CASE_DB)
    assert conn.execute("SELECT COUNT(*) FROM rate_changes").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ([{"from": "2026-01-01", "rate": "1100"}], "after valid_from"),
        ([{"from": "2026-10-15", "rate": "0"}], "greater than 0"),
        ([{"from": "2026-10-15", "rate": "1"}, {"from": "2026-10-15", "rate": "2"}], "one date"),
        ([{"from": "15.10.2026", "rate": "1100"}], "rate_changes/0/from"),
    ],
)
def test_load_refuses_a_wrong_rate_change_naming_the_place(
    tmp_path: Path, changes: list[dict[str, str]], problem: str
) -> None:
    with pytest.raises(BundleError, match=rf"case_system.json: grants/0.*{problem}"):
        load_bundle(write_case(tmp_path / "b", changes), tmp_path / "data")
