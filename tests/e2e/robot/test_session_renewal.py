"""A session that dies between reading a form's page and submitting it: the write is answered
with the login page, so nothing was written. The page objects log in again, read the state
afresh and submit once more, so an invoice slower than a session's lifetime still gets done;
and they do not submit when the state changed in between."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.async_api import Browser, BrowserContext, async_playwright
from pydantic import SecretStr

from robot.browser import launch, new_context
from robot.case_system.site import CaseSite
from robot.config import Settings
from robot.domain.models import Payment
from robot.erp.site import ErpSite
from robot.errors import SiteError
from robot.sites.base import Site
from tests.e2e.robot.conftest import Scenario, served
from tests.support.run_async import run_async

SiteT = TypeVar("SiteT", bound=Site)


def _settings(scenario: Scenario) -> Settings:
    env = scenario.env
    return Settings(
        erp_url=env["ROBOT_ERP_URL"],
        case_url=env["ROBOT_CASE_URL"],
        erp_user=env["ROBOT_ERP_USER"],
        erp_password=SecretStr(env["ROBOT_ERP_PASSWORD"]),
        case_user=env["ROBOT_CASE_USER"],
        case_password=SecretStr(env["ROBOT_CASE_PASSWORD"]),
    )


class _Sites:
    """Opens logged-in sites, each in its own context, like the robot's workers."""

    def __init__(self, browser: Browser, settings: Settings) -> None:
        self._browser = browser
        self._settings = settings

    async def erp(self) -> tuple[ErpSite, BrowserContext]:
        s = self._settings
        return await self._open(ErpSite, s.erp_url, s.erp_user, s.erp_password)

    async def case(self) -> tuple[CaseSite, BrowserContext]:
        s = self._settings
        return await self._open(CaseSite, s.case_url, s.case_user, s.case_password)

    async def _open(
        self, kind: type[SiteT], url: str, user: str, password: SecretStr
    ) -> tuple[SiteT, BrowserContext]:
        context = await new_context(self._browser, self._settings)
        site = kind(context, base_url=url, user=user, password=password)
        await site.login()
        return site, context


@asynccontextmanager
async def _sites(scenario: Scenario) -> AsyncIterator[_Sites]:
    settings = _settings(scenario)
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            yield _Sites(browser, settings)
        finally:
            await browser.close()


@pytest.fixture(scope="module")
def scenario(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """One served copy of the bundle for the module: each test writes to its own invoice."""
    with served(bundle, tmp_path_factory.mktemp("renewal")) as scenario:
        yield scenario


def _invoice(scenario: Scenario, erp_id: str) -> dict[str, Any]:
    return next(i for i in scenario.export()["invoices"] if i["id"] == erp_id)


def test_a_note_answered_with_the_login_page_is_sent_after_logging_in_again(
    scenario: Scenario,
) -> None:
    async def act() -> str:
        async with _sites(scenario) as sites:
            erp, context = await sites.erp()
            erp_id = (await erp.inbox())[0].erp_id
            assert (await erp.invoice(erp_id)).status == "unposted"
            await context.clear_cookies()  # the session dies while the robot is on the page
            await erp.send_to_manual(erp_id, note="[TEST] sendt efter nyt login")
            return erp_id

    erp_id = run_async(act())
    invoice = _invoice(scenario, erp_id)
    assert invoice["status"] == "manual"
    assert [n["text"] for n in invoice["notes"]] == ["[TEST] sendt efter nyt login"]


def test_no_second_submission_when_the_invoice_left_the_inbox_during_the_new_login(
    scenario: Scenario,
) -> None:
    async def act() -> tuple[str, Exception | None]:
        async with _sites(scenario) as sites:
            erp, context = await sites.erp()
            other, _ = await sites.erp()
            erp_id = (await erp.inbox())[0].erp_id
            await erp.invoice(erp_id)
            await context.clear_cookies()
            await other.send_to_manual(erp_id, note="[TEST] en anden vært nåede først")
            try:
                await erp.send_to_manual(erp_id, note="[TEST] må ikke sendes")
            except SiteError as error:
                return erp_id, error
            return erp_id, None

    erp_id, error = run_async(act())
    assert error is not None and "became manual while the robot logged in again" in str(error)
    notes = [n["text"] for n in _invoice(scenario, erp_id)["notes"]]
    assert notes == ["[TEST] en anden vært nåede først"]


@pytest.mark.parametrize("registered_meanwhile", [False, True])
def test_a_payment_answered_with_the_login_page_is_registered_once(
    scenario: Scenario, registered_meanwhile: bool
) -> None:
    payment = Payment(
        grant_id="B-1015",
        period_start=date(2030, 1 + registered_meanwhile, 1),
        period_end=date(2030, 1 + registered_meanwhile, 28),
        amount=Decimal("100.00"),
        invoice_ref=f"TEST/SESSION-{int(registered_meanwhile)}",
    )

    async def act() -> Exception | None:
        async with _sites(scenario) as sites:
            case, context = await sites.case()
            await case.grant(payment.grant_id)  # on the grant page, with its payment form
            await context.clear_cookies()
            if registered_meanwhile:
                other, _ = await sites.case()
                await other.register_payment(payment)
            try:
                await case.register_payment(payment)
            except SiteError as error:
                return error
            return None

    error = run_async(act())
    if registered_meanwhile:
        assert error is not None and "registered while the robot logged in again" in str(error)
    else:
        assert error is None
    ours = [p for p in scenario.export()["payments"] if p["invoice_ref"] == payment.invoice_ref]
    assert len(ours) == 1
