"""The case system's screens: citizen search, citizen page, grant page with its payment form."""

from __future__ import annotations

from urllib.parse import quote

from playwright.async_api import Page

from robot.case_system.reading import grant_from_row, payment_from_row
from robot.domain.models import Payment
from robot.errors import PaymentRefused, SessionExpired, SiteError
from robot.run.ports import CitizenRecord
from robot.sites.base import Site

CITIZEN = "case system citizen page"
GRANT = "case system grant page"


class CaseSite(Site):
    name = "case system"
    key = "case"

    async def citizen(self, cpr: str) -> CitizenRecord | None:
        page = await self.goto(f"/search?cpr={quote(cpr)}", screen="citizen search")
        if await page.locator("[data-testid=not-found]").count():
            return None
        await self.require(page, "grants-table", screen="citizen page", element="grants table")
        grants = [
            grant_from_row(r, cpr=cpr, screen=CITIZEN)
            for r in await self.rows(page, "[data-testid=grant-row]")
        ]
        return CitizenRecord(
            grants=tuple(grants), payments=tuple(await self._payments(page, CITIZEN))
        )

    async def _payments(self, page: Page, screen: str) -> list[Payment]:
        await self.require(page, "payments-table", screen=screen, element="payments table")
        return [
            payment_from_row(r, screen=screen)
            for r in await self.rows(page, "[data-testid=payment-row]")
        ]

    async def payments(self, grant_id: str) -> list[Payment]:
        page = await self.goto(f"/grants/{quote(grant_id)}", screen="grant page")
        return await self._payments(page, GRANT)

    async def register_payment(self, payment: Payment) -> None:
        path = f"/grants/{quote(payment.grant_id)}"
        page = await self.page()
        if await self.current_path() != path:
            page = await self.goto(path, screen="grant page")
        await self.require(page, "payment-form", screen="grant page", element="payment form")
        form = page.get_by_test_id("payment-form")
        await form.get_by_label("Periode fra").fill(payment.period_start.isoformat())
        await form.get_by_label("Periode til").fill(payment.period_end.isoformat())
        await form.get_by_label("Beløb").fill(str(payment.amount))
        await form.get_by_label("Fakturareference").fill(payment.invoice_ref)
        await self.submit(
            page,
            screen="grant page",
            click=form.get_by_role("button", name="Registrér betaling").click,
        )
        if await self.current_path() == "/login":
            raise SessionExpired("the case system session expired while registering a payment")
        texts = await page.locator("[data-testid=form-error] li").all_inner_texts()
        if texts:
            raise PaymentRefused(" ".join(t.strip() for t in texts))
        if not await page.locator("[data-testid=confirmation]").count():
            raise SiteError("the case system showed no confirmation after registering a payment")
