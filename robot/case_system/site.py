"""The case system's screens: citizen search, citizen page (grants, payments, certificate
orders), grant page with its payment form, order page with its payment form."""

from __future__ import annotations

from urllib.parse import quote

from playwright.async_api import Page

from robot.case_system.reading import grant_from_row, order_from_row, payment_from_row
from robot.domain.models import CitizenRecord, OrderPayment, Payment
from robot.errors import PaymentRefused, ScreenChanged, SiteError
from robot.ports import GrantScreen, OrderScreen
from robot.sites.base import Site
from robot.sites.screen import Snapshot

CITIZEN = "case system citizen page"
GRANT = "case system grant page"
ORDER = "case system order page"
_PAYMENTS = {"payments": "[data-testid=payment-row]"}
_ORDERS = {"orders": "[data-testid=order-row]"}
_TABLE = ("payments-table",)


class CaseSite(Site):
    name = "case system"
    key = "case"
    answer_groups = {**_PAYMENTS, **_ORDERS}  # noqa: RUF012 - read-only class default
    answer_wanted = ("payments-table", "orders-table", "confirmation")

    async def citizen(self, cpr: str) -> CitizenRecord | None:
        # Only read: fetched from the page the robot is on, the citizen's page is not opened.
        snapshot = await self.fetch_screen(
            f"/search?cpr={quote(cpr)}",
            "citizen page",
            groups={"grants": "[data-testid=grant-row]", **_PAYMENTS, **_ORDERS},
            wanted=("not-found", "grants-table", "payments-table", "orders-table"),
        )
        if snapshot.has("not-found"):
            return None
        snapshot.require("grants-table", "grants table")
        grants = [grant_from_row(r, cpr=cpr, screen=CITIZEN) for r in snapshot.rows("grants")]
        orders = (
            [order_from_row(r, cpr=cpr, screen=CITIZEN) for r in snapshot.rows("orders")]
            if snapshot.has("orders-table")
            else []
        )
        return CitizenRecord(
            grants=tuple(grants),
            payments=tuple(_payments(snapshot, CITIZEN)),
            orders=tuple(orders),
        )

    async def grant_keys(self) -> set[tuple[str, str, str, str]]:
        """Every (paragraph, art, ownership, target group) the grants use."""
        page = await self.goto("/grant-keys", screen="grant keys")
        snapshot = await self.read(
            page,
            "grant keys",
            groups={"keys": "[data-testid=grant-key-row]"},
            wanted=("grant-keys-table",),
        )
        snapshot.require("grant-keys-table", "table of keys in use")
        columns = ("key-paragraph", "key-art", "key-ownership", "key-target-group")
        return {
            tuple(str(row[c]["text"]) for c in columns)  # type: ignore[misc]
            for row in snapshot.rows("keys")
        }

    async def grant(self, grant_id: str) -> GrantScreen:
        """The grant's page (the page its payment form is on): the grant and its payments."""
        page = await self.goto(f"/grants/{quote(grant_id)}", screen="grant page")
        snapshot = await self.read(
            page,
            "grant page",
            groups={"grants": "[data-testid=grant-row]", **_PAYMENTS},
            wanted=("grants-table", *_TABLE),
        )
        snapshot.require("grants-table", "grant")
        rows = [r for r in snapshot.rows("grants") if r["@"].get("grantId") == grant_id]
        if len(rows) != 1:
            raise ScreenChanged(page=GRANT, element=f"the row of grant {grant_id}")
        # The grant's CPR is not needed to write a payment: never read it off the page.
        grant = grant_from_row(rows[0], cpr="", screen=GRANT)
        return GrantScreen(grant=grant, payments=tuple(_payments(snapshot, GRANT)))

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

    async def order(self, order_id: str) -> OrderScreen:
        """The order's page (its payment form is there while it is open)."""
        page = await self.goto(f"/orders/{quote(order_id)}", screen="order page")
        return _order(await self._read_order(page), order_id)

    async def _read_order(self, page: Page) -> Snapshot:
        return await self.read(page, "order page", groups=_ORDERS, wanted=("orders-table",))

    async def register_order_payment(self, payment: OrderPayment) -> None:
        async def still_open(page: Page) -> None:
            """Before submitting again after a new login: the order must still be unpaid."""
            if _order(await self._read_order(page), payment.order_id).status != "open":
                raise SiteError("the order changed while the robot logged in again")

        answer = await self.fill_and_submit(
            path=f"/orders/{quote(payment.order_id)}",
            screen="order page",
            recheck=still_open,
            form="order-payment-form",
            fields=[("Beløb", str(payment.amount)), ("Fakturareference", payment.invoice_ref)],
            button="Registrér betaling",
        )
        if answer.errors:
            raise PaymentRefused(answer.error_text())
        if not answer.has("confirmation"):
            raise SiteError("the case system showed no confirmation after paying an order")


def _payments(snapshot: Snapshot, screen: str) -> list[Payment]:
    snapshot.require("payments-table", "payments table")
    return [payment_from_row(r, screen=screen) for r in snapshot.rows("payments")]


_ORDER_STATUSES = ("open", "paid", "cancelled")


def _order(snapshot: Snapshot, order_id: str) -> OrderScreen:
    """The order's status, and the invoice reference it is paid with once paid."""
    snapshot.require("orders-table", "order table")
    for row in snapshot.rows("orders"):
        if row["@"].get("orderId") == order_id:
            status = row.get("order-status", {}).get("value")
            if status not in _ORDER_STATUSES:
                raise ScreenChanged(page=ORDER, element="known order status")
            paid_by = (
                str(row.get("order-invoice-ref", {}).get("value") or "")
                if status == "paid"
                else None
            )
            return OrderScreen(order_id=order_id, status=status, paid_by=paid_by)
    raise SiteError(f"the case system shows no order {order_id}")
