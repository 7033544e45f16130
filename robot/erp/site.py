"""The ERP's screens: inbox, invoice page (with its posting and manual-handling forms), the
search for invoices already posted from a supplier to a receiver, and the list of PSP elements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import urlencode

from playwright.async_api import Page

from robot.domain.history import PostedBill
from robot.domain.models import PostedInvoice
from robot.domain.postings import Posting
from robot.erp.reading import bill_from_row, invoice_from_screen, posted_from_row
from robot.errors import PostingRefused, ScreenChanged, SiteError
from robot.ports import InboxEntry, InvoiceScreen, ScreenStatus
from robot.sites.base import Site
from robot.sites.screen import Snapshot

INVOICE_PAGE = "invoice page"
POSTED_PAGE = "posted invoices"
PSP_PAGE = "PSP elements"
_STATUSES = {status.value: status for status in ScreenStatus}
_INVOICE_GROUPS = {
    "facts": "main",
    "lines": "[data-testid=line-row]",
    "same_key": "[data-testid=same-key-row]",
    "psp_options": "[data-testid=psp-option]",
    "notes": "[data-testid=note-row]",
}


class ErpSite(Site):
    name = "ERP"
    key = "erp"
    answer_groups = _INVOICE_GROUPS
    answer_wanted = ("status", "psp-options")

    async def inbox(self) -> list[InboxEntry]:
        """Every unposted invoice with its due date (where the inbox shows one), page by page."""
        return await self._pages("/inbox?page=1", screen="inbox", table="inbox-table")

    async def _pages(self, first: str, *, screen: str, table: str) -> list[InboxEntry]:
        found: dict[str, InboxEntry] = {}
        path: str | None = first
        while path:
            page = await self.goto(path, screen=screen)
            rows, path = await self._guard(page, screen, page.evaluate(_IDS_PAGE, table))
            if rows is None:
                raise ScreenChanged(page=f"ERP {screen}", element=f"table [data-testid={table}]")
            for erp_id, due in rows:
                found.setdefault(erp_id, InboxEntry(erp_id, _due_date(due)))
        return list(found.values())

    async def invoice(self, erp_id: str) -> InvoiceScreen:
        page = await self.goto(f"/invoices/{erp_id}", screen=INVOICE_PAGE)
        return self._invoice_screen(await self._read_invoice_page(page))

    async def posted_to(self, supplier_cvr: str, receiver_ean: str) -> list[PostedInvoice]:
        """Every posted invoice from the supplier to the receiver, through all the pages."""
        found: list[PostedInvoice] = []
        path: str | None = "/posted?" + urlencode({"cvr": supplier_cvr, "ean": receiver_ean})
        while path:
            # Read from the invoice page, which the robot posts on next: no navigation.
            snapshot = await self.fetch_screen(
                path,
                POSTED_PAGE,
                groups={"rows": "[data-testid=posted-row]", "next": "[data-testid=next-page]"},
                wanted=("posted-table",),
            )
            snapshot.require("posted-table", "table of posted invoices")
            found += [posted_from_row(row) for row in snapshot.rows("rows")]
            following = snapshot.rows("next")
            path = following[0]["@"].get("href") if following else None
        return found

    async def posted_history(self, *, since: date, until: date) -> list[PostedBill]:
        """Every invoice posted from `since` to `until` (both included), 500 rows a page."""
        found: list[PostedBill] = []
        query = {"fra": since.isoformat(), "til": until.isoformat(), "antal": "500"}
        path: str | None = "/posted?" + urlencode(query)
        while path:
            snapshot = await self.fetch_screen(
                path,
                POSTED_PAGE,
                groups={"rows": "[data-testid=posted-row]", "next": "[data-testid=next-page]"},
                wanted=("posted-table",),
            )
            snapshot.require("posted-table", "table of posted invoices")
            found += [bill_from_row(row) for row in snapshot.rows("rows")]
            following = snapshot.rows("next")
            path = following[0]["@"].get("href") if following else None
        return found

    async def psp_elements(self) -> dict[str, bool]:
        """Every PSP element the ERP knows and whether it is open, through all the pages."""
        found: dict[str, bool] = {}
        path: str | None = "/psp-elements"
        seen: set[str] = set()
        while path and path not in seen:  # a next link back to a page read ends the list
            seen.add(path)
            snapshot = await self.fetch_screen(
                path,
                PSP_PAGE,
                groups={"rows": "[data-testid=psp-row]", "next": "[data-testid=next-page]"},
                wanted=("psp-table",),
            )
            snapshot.require("psp-table", "table of PSP elements")
            for row in snapshot.rows("rows"):
                psp, state = row["@"].get("psp"), row["@"].get("open")
                if not psp or state not in ("true", "false"):
                    raise ScreenChanged(page=snapshot.screen, element="psp-row data-psp/data-open")
                found[psp] = state == "true"
            following = snapshot.rows("next")
            path = following[0]["@"].get("href") if following else None
        return found

    async def _read_invoice_page(self, page: Page) -> Snapshot:
        return await self.read(
            page,
            INVOICE_PAGE,
            groups=_INVOICE_GROUPS,
            wanted=("status", "posting-form", "manual-form", "psp-options"),
        )

    def _invoice_screen(self, snapshot: Snapshot) -> InvoiceScreen:
        snapshot.require("status", "invoice status")
        facts = snapshot.rows("facts")[0]
        status = _STATUSES.get(str(facts["status"]["value"]))
        if status is None:
            raise ScreenChanged(page=snapshot.screen, element="known invoice status")
        voucher = facts.get("voucher", {}).get("value") if status is ScreenStatus.POSTED else None
        same_key = snapshot.rows("same_key")
        notes = snapshot.rows("notes")
        return InvoiceScreen(
            invoice=invoice_from_screen(facts, snapshot.rows("lines")),
            status=status,
            voucher=voucher,
            same_key_posted=any(r["same-key-status"]["value"] == "posted" for r in same_key),
            open_psp=frozenset(r["@"].get("value", "") for r in snapshot.rows("psp_options"))
            if snapshot.has("psp-options")
            else None,
            sent_back=bool(notes) and notes[-1]["@"].get("kind") == "sent_back",
        )

    async def _still_unposted(self, page: Page) -> None:
        """Before submitting again after a new login: the invoice must still wait in the inbox."""
        screen = self._invoice_screen(await self._read_invoice_page(page))
        if screen.status is not ScreenStatus.UNPOSTED:
            raise SiteError(f"the invoice became {screen.status} while the robot logged in again")

    async def post(self, erp_id: str, *, postings: Sequence[Posting], remark: str) -> str:
        fields = [("Bemærkning", remark)]
        for p in postings:
            n = p.line_number
            fields += [
                (f"PSP-element, linje {n}", p.psp),
                (f"Beløb, linje {n}", str(p.amount)),
                (f"Linjetekst, linje {n}", p.text),
            ]
        answer = await self.fill_and_submit(
            path=f"/invoices/{erp_id}",
            screen=INVOICE_PAGE,
            recheck=self._still_unposted,
            form="posting-form",
            fields=fields,
            button="Bogfør",
        )
        if answer.errors:
            reasons = answer.error_reasons()
            raise PostingRefused(
                answer.error_text() or "; ".join(sorted(reasons)), reasons=frozenset(reasons)
            )
        screen = self._invoice_screen(answer)
        if screen.status is not ScreenStatus.POSTED or not screen.voucher:
            raise SiteError("the ERP showed no voucher after posting")
        return screen.voucher

    async def send_to_manual(
        self, erp_id: str, *, note: str, proposal: Sequence[Posting] = (), remark: str = ""
    ) -> None:
        """The note, and the posting the robot would have made (its proposal, filled into the
        form's proposal fields where the ERP offers them) for the person to check and post."""
        offered: list[tuple[str, str]] = []
        for p in proposal:
            n = p.line_number
            offered += [
                (f"Foreslået PSP-element, linje {n}", p.psp),
                (f"Foreslået beløb, linje {n}", str(p.amount)),
                (f"Foreslået linjetekst, linje {n}", p.text),
            ]
        if proposal:
            offered.append(("Foreslået bemærkning", remark))
        answer = await self.fill_and_submit(
            path=f"/invoices/{erp_id}",
            screen=INVOICE_PAGE,
            recheck=self._still_unposted,
            form="manual-form",
            fields=[("Notat", note)],
            optional=offered,
            button="Send til manuel behandling",
        )
        if self._invoice_screen(answer).status is not ScreenStatus.MANUAL:
            raise SiteError(
                "the ERP did not take the invoice to manual handling: "
                + (answer.error_text() or "no reason shown")
            )


def _due_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None  # a due date the robot cannot read only costs the invoice its place


# One list page in one call: the rows' ERP ids with their due dates and the link to the next
# page, if any; null instead of the rows when the page has no such table at all.
_IDS_PAGE = """(table) => [
  document.querySelector(`[data-testid=${table}]`) === null ? null :
  Array.from(document.querySelectorAll(`[data-testid=${table}] [data-erp-id]`))
    .map(r => [r.dataset.erpId, r.dataset.due ?? null]),
  document.querySelector('[data-testid=next-page]')?.getAttribute('href') ?? null]"""
_NEXT_PAGE = (
    """() => document.querySelector('[data-testid=next-page]')?.getAttribute('href') ?? null"""
)
