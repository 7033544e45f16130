"""The ERP's screens: inbox, invoice page (with its posting and manual-handling forms)."""

from __future__ import annotations

from collections.abc import Sequence

from playwright.async_api import Page

from robot.domain.postings import Posting
from robot.erp.reading import invoice_from_screen
from robot.errors import PostingRefused, ScreenChanged, SessionExpired, SiteError
from robot.run.ports import InvoiceScreen, InvoiceStatus
from robot.sites.base import Site

# One inbox page in one call: the rows' ERP ids and the link to the next page, if any.
_INBOX_PAGE = """() => [
  Array.from(document.querySelectorAll('[data-testid=inbox-row]')).map(r => r.dataset.erpId),
  document.querySelector('[data-testid=next-page]')?.getAttribute('href') ?? null]"""
_STATUSES: dict[str, InvoiceStatus] = {
    "unposted": "unposted",
    "posted": "posted",
    "manual": "manual",
}


class ErpSite(Site):
    name = "ERP"
    key = "erp"

    async def inbox(self) -> list[str]:
        """Every unposted invoice's ERP id, page by page (newest first, as the inbox shows them)."""
        ids: list[str] = []
        path: str | None = "/inbox?page=1"
        while path:
            page = await self.goto(path, screen="inbox")
            await self.require(page, "inbox-table", screen="inbox", element="invoice table")
            found, path = await self._guard(page, "inbox", page.evaluate(_INBOX_PAGE))
            ids.extend(found)
        return list(dict.fromkeys(ids))

    async def invoice(self, erp_id: str) -> InvoiceScreen:
        page = await self.goto(f"/invoices/{erp_id}", screen="invoice page")
        return await self._read_invoice(page)

    async def _read_invoice(self, page: Page) -> InvoiceScreen:
        await self.require(page, "status", screen="invoice page", element="invoice status")
        facts = (await self.rows(page, "main"))[0]
        lines = await self.rows(page, "[data-testid=line-row]")
        same_key = await self.rows(page, "[data-testid=same-key-row]")
        status = _STATUSES.get(str(facts["status"]["value"]))
        if status is None:
            raise ScreenChanged(page="ERP invoice page", element="known invoice status")
        voucher = facts.get("voucher", {}).get("value") if status == "posted" else None
        return InvoiceScreen(
            invoice=invoice_from_screen(facts, lines),
            status=status,
            voucher=voucher,
            same_key_posted=any(r["same-key-status"]["value"] == "posted" for r in same_key),
        )

    async def _on_invoice(self, erp_id: str) -> Page:
        """The invoice page, without reloading it when the robot is already there."""
        page = await self.page()
        if await self.current_path() != f"/invoices/{erp_id}":
            page = await self.goto(f"/invoices/{erp_id}", screen="invoice page")
        return page

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        page = await self._on_invoice(erp_id)
        await self.require(page, "posting-form", screen="invoice page", element="posting form")
        form = page.get_by_test_id("posting-form")
        for p in postings:
            await form.get_by_label(f"PSP-element, linje {p.line_number}", exact=True).fill(p.psp)
            await form.get_by_label(f"Beløb, linje {p.line_number}", exact=True).fill(str(p.amount))
            await form.get_by_label(f"Linjetekst, linje {p.line_number}", exact=True).fill(p.text)
        await form.get_by_label("Bemærkning").fill(remark)
        await self.submit(
            page, screen="invoice page", click=form.get_by_role("button", name="Bogfør").click
        )
        return await self._posting_result(page)

    async def _posting_result(self, page: Page) -> str:
        if await self.current_path() == "/login":
            raise SessionExpired("the ERP session expired while posting")
        refusals = await self.rows(page, "[data-testid=form-error] li")
        if refusals:
            reasons = {r["@"].get("reason", "") for r in refusals}
            message = "; ".join(r.get("@", {}).get("reason", "") for r in refusals)
            texts = await page.locator("[data-testid=form-error] li").all_inner_texts()
            message = " ".join(t.strip() for t in texts) or message
            raise PostingRefused(message, psp_element=bool(reasons & {"psp_closed", "psp_unknown"}))
        screen = await self._read_invoice(page)
        if screen.status != "posted" or not screen.voucher:
            raise SiteError("the ERP showed no voucher after posting")
        return screen.voucher

    async def send_to_manual(self, erp_id: str, *, note: str) -> None:
        page = await self._on_invoice(erp_id)
        await self.require(
            page, "manual-form", screen="invoice page", element="manual-handling form"
        )
        form = page.get_by_test_id("manual-form")
        await form.get_by_label("Notat").fill(note)
        await self.submit(
            page,
            screen="invoice page",
            click=form.get_by_role("button", name="Send til manuel behandling").click,
        )
        if await self.current_path() == "/login":
            raise SessionExpired("the ERP session expired while sending to manual handling")
        screen = await self._read_invoice(page)
        if screen.status != "manual":
            texts = await page.locator("[data-testid=form-error] li").all_inner_texts()
            raise SiteError(
                "the ERP did not take the invoice to manual handling: "
                + (" ".join(texts) or "no reason shown")
            )
