"""The case system's screens: citizen search, citizen page, grant page with its payment form."""

from __future__ import annotations

from urllib.parse import quote

from playwright.async_api import Page

from robot.case_system.reading import grant_from_row, payment_from_row
from robot.domain.models import Payment
from robot.errors import PaymentRefused, SiteError
from robot.run.ports import CitizenRecord
from robot.sites.base import Site
from robot.sites.screen import Snapshot

CITIZEN = "case system citizen page"
GRANT = "case system grant page"
_PAYMENTS = {"payments": "[data-testid=payment-row]"}
_TABLE = ("payments-table",)


class CaseSite(Site):
    name = "case system"
    key = "case"
    answer_groups = _PAYMENTS
    answer_wanted = ("payments-table", "confirmation")

    async def citizen(self, cpr: str) -> CitizenRecord | None:
        page = await self.goto(f"/search?cpr={quote(cpr)}", screen="citizen search")
        snapshot = await self.read(
            page,
            "citizen page",
            groups={"grants": "[data-testid=grant-row]", **_PAYMENTS},
            wanted=("not-found", "grants-table", "payments-table"),
        )
        if snapshot.has("not-found"):
            return None
        snapshot.require("grants-table", "grants table")
        grants = [grant_from_row(r, cpr=cpr, screen=CITIZEN) for r in snapshot.rows("grants")]
        return CitizenRecord(grants=tuple(grants), payments=tuple(_payments(snapshot, CITIZEN)))

    async def payments(self, grant_id: str) -> list[Payment]:
        page = await self.goto(f"/grants/{quote(grant_id)}", screen="grant page")
        snapshot = await self.read(page, "grant page", groups=_PAYMENTS, wanted=_TABLE)
        return _payments(snapshot, GRANT)

    async def register_payment(self, payment: Payment) -> None:
        async def not_registered(page: Page) -> None:
            """Before submitting again after a new login: the payment must still be missing."""
            snapshot = await self.read(page, "grant page", groups=_PAYMENTS, wanted=_TABLE)
            if any(p.invoice_ref == payment.invoice_ref for p in _payments(snapshot, GRANT)):
                raise SiteError("the payment was registered while the robot logged in again")

        answer = await self.fill_and_submit(
            path=f"/grants/{quote(payment.grant_id)}",
            screen="grant page",
            recheck=not_registered,
            form="payment-form",
            fields=[
                ("Periode fra", payment.period_start.isoformat()),
                ("Periode til", payment.period_end.isoformat()),
                ("Beløb", str(payment.amount)),
                ("Fakturareference", payment.invoice_ref),
            ],
            button="Registrér betaling",
        )
        if answer.errors:
            raise PaymentRefused(answer.error_text())
        if not answer.has("confirmation"):
            raise SiteError("the case system showed no confirmation after registering a payment")


def _payments(snapshot: Snapshot, screen: str) -> list[Payment]:
    snapshot.require("payments-table", "payments table")
    return [payment_from_row(r, screen=screen) for r in snapshot.rows("payments")]
