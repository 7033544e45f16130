"""A caseworker and a finance employee using the case system in a real browser, by the labels
the contract gives (section 7)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fake_systems.db import CASE_DB
from tests.e2e.fake_systems.conftest import StandIns, log_in
from tests.support.case_builders import add_finance_user
from tests.support.stand_in_builders import database

pytestmark = pytest.mark.browser


def test_a_caseworker_adds_a_rate_and_finance_registers_a_payment(
    page: Page, stand_ins: StandIns
) -> None:
    with database(stand_ins.data_dir, CASE_DB) as conn:
        finance = add_finance_user(conn)
    log_in(page, stand_ins.case_url, "sagsbehandler")
    page.get_by_label("CPR-nummer").fill("010190-1234")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="B-1043").click()

    page.get_by_label("Ny takst").fill("1.100,00")
    page.get_by_label("Gælder fra").fill("2026-10-15")
    page.get_by_role("button", name="Gem takst").click()
    expect(page.get_by_test_id("confirmation")).to_have_text(
        "Ny takst gemt: 1.100,00 kr. fra 15.10.2026."
    )
    expect(page.get_by_test_id("rate-row")).to_have_count(2)
    expect(page.get_by_test_id("grant-rates")).to_have_text(
        "1.040,00 fra 01.01.2026; 1.100,00 fra 15.10.2026"
    )
    expect(page.get_by_test_id("payment-form")).to_have_count(0)

    page.get_by_role("button", name="Log ud").click()
    log_in(page, f"{stand_ins.case_url}/login?next=/grants/B-1043", finance)
    page.get_by_label("Periode fra").fill("2026-10-01")
    page.get_by_label("Periode til").fill("2026-10-31")
    page.get_by_label("Beløb").fill("33260.00")
    page.get_by_label("Fakturareference").fill("12345674/INV-1017")
    page.get_by_role("button", name="Registrér betaling").click()
    expect(page.get_by_test_id("confirmation")).to_contain_text("33.260,00 kr.")
    row = page.get_by_test_id("payment-row").filter(has_text="12345674/INV-1017")
    expect(row.get_by_test_id("payment-registered-by")).to_have_text(finance)
