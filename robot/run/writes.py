"""The writes of a payment, one writer per step of the route table (robot/domain/ways/): each
reads first whether its write is made already and whether it may still be made, and writes
only what is missing. A refusal read again is a possibly lost answer before it is a refusal."""

from __future__ import annotations

from typing import Protocol

from robot.domain.benefits import Deduction
from robot.domain.codes import Code
from robot.domain.models import OrderPayment, Payment
from robot.domain.notes import refusals
from robot.domain.ways.way import WriteStep
from robot.errors import DeductionRefused, PaymentRefused, WriteRefused
from robot.journal.model import WritePlan
from robot.ports import InvoiceScreen, ScreenStatus
from robot.run.plans import (
    deductions_of,
    order_payments_of,
    payments_of,
    plan_text,
    postings_of,
)
from robot.run.work import Work

Missing = tuple[object, ...]


class Writer(Protocol):
    async def missing(self, work: Work, screen: InvoiceScreen, plan: WritePlan) -> Missing:
        """What is still to be written (empty when this invoice has written it already);
        WriteRefused when it can no longer be written. The read right before the write."""
        ...

    async def write(
        self, work: Work, screen: InvoiceScreen, plan: WritePlan, missing: Missing
    ) -> str:
        """Write what is missing (the ERP's voucher for a posting, else ""); WriteRefused when
        the system refuses and a read shows it is still missing."""
        ...


class Post:
    """The posting in the ERP; PostingRefused is the caller's (PSP_REJECTED, a lost answer)."""

    async def missing(self, work: Work, screen: InvoiceScreen, plan: WritePlan) -> Missing:
        if screen.status is ScreenStatus.POSTED:
            return ()
        if screen.status is ScreenStatus.UNPOSTED:
            return (screen.invoice.erp_id,)
        raise WriteRefused(
            f"the invoice is {screen.status} in the ERP",
            code=Code.POSTING_REFUSED,
            note=f"{Code.POSTING_REFUSED.tag} Fakturaen er {screen.status} i ERP'et.",
        )

    async def write(
        self, work: Work, screen: InvoiceScreen, plan: WritePlan, missing: Missing
    ) -> str:
        return await work.erp.post(
            screen.invoice.erp_id, postings=postings_of(plan), remark=plan.remark
        )


class GrantPayments:
    """Each payment on its grant, with the invoice's key as reference."""

    async def missing(self, work: Work, screen: InvoiceScreen, plan: WritePlan) -> Missing:
        """The payments not registered yet; WriteRefused when one can no longer be: its grant
        ended or no longer covers the period, or another payment took some of its days."""
        ref = screen.invoice.key
        missing = []
        for payment in payments_of(plan, invoice_ref=ref):
            shown = await work.case.grant(payment.grant_id)
            if any(p.invoice_ref == ref for p in shown.payments):
                continue
            grant = shown.grant
            why = ""
            code = Code.NO_PAYABLE_GRANT
            if grant.status != "active":
                why = refusals.grant_not_active(grant.status)
            elif grant.valid_from > payment.period_start or (
                grant.valid_to is not None and grant.valid_to < payment.period_end
            ):
                why, code = refusals.grant_not_covering(payment.period), Code.NO_GRANT_FOR_PERIOD
            else:
                taken = [p for p in shown.payments if p.period.overlaps(payment.period)]
                if taken:
                    why = refusals.grant_paid_meanwhile(taken[0].period, taken[0].invoice_ref)
                    code = Code.DUPLICATE_PAYMENT
            if why:
                note = refusals.grant_changed(
                    payment.grant_id, code, why, plan_text(plan, invoice_ref=ref)
                )
                raise WriteRefused(
                    f"grant {payment.grant_id} can no longer take the payment", code=code, note=note
                )
            missing.append(payment)
        return tuple(missing)

    async def write(
        self, work: Work, screen: InvoiceScreen, plan: WritePlan, missing: Missing
    ) -> str:
        for payment in missing:
            assert isinstance(payment, Payment)
            work.before_write()
            try:
                await work.case.register_payment(payment)
            except PaymentRefused as refused:
                shown = await work.case.grant(payment.grant_id)
                if any(p.invoice_ref == payment.invoice_ref for p in shown.payments):
                    continue  # a lost answer: it did go through
                raise WriteRefused(
                    f"the case system refused the payment on grant {payment.grant_id}: {refused}",
                    code=Code.DUPLICATE_PAYMENT,
                    note="",
                ) from refused
        return ""


class OrderPayments:
    """The payment on the certificate order; the order must still be open right before."""

    async def missing(self, work: Work, screen: InvoiceScreen, plan: WritePlan) -> Missing:
        ref = screen.invoice.key
        missing = []
        for order in order_payments_of(plan, invoice_ref=ref):
            shown = await work.case.order(order.order_id)
            if shown.status == "paid" and shown.paid_by == ref:
                continue
            if shown.status != "open":
                note = refusals.order_changed(
                    order.order_id, shown.status, plan_text(plan, invoice_ref=ref)
                )
                raise WriteRefused(
                    f"order {order.order_id} is {shown.status}"
                    + (f" by another invoice ({shown.paid_by})" if shown.paid_by else ""),
                    code=Code.NO_ORDER,
                    note=note,
                )
            missing.append(order)
        return tuple(missing)

    async def write(
        self, work: Work, screen: InvoiceScreen, plan: WritePlan, missing: Missing
    ) -> str:
        for order in missing:
            assert isinstance(order, OrderPayment)
            work.before_write()
            try:
                await work.case.register_order_payment(order)
            except PaymentRefused as refused:
                if not await self.missing(work, screen, plan):  # a lost answer: it went through
                    continue
                raise WriteRefused(
                    f"the case system refused the payment on order {order.order_id}: {refused}",
                    code=Code.NO_ORDER,
                    note="",
                ) from refused
        return ""


class RentDeductions:
    """The rent taken off the citizen's payout, before the posting (Roskilde's order)."""

    async def missing(self, work: Work, screen: InvoiceScreen, plan: WritePlan) -> Missing:
        ref = screen.invoice.key
        missing = []
        for deduction in deductions_of(plan, invoice_ref=ref):
            # Two pages, so the payout first: a deduction another host makes for this invoice
            # between the reads then shows in the agreement's list, never only as less left.
            payout = await work.benefits.payout(deduction.payout_id)
            registered = await work.benefits.deductions(deduction.agreement_id)
            month = [d for d in registered if d.month == deduction.month]
            if any(d.invoice_ref == ref for d in month):
                continue
            code = None
            if month:
                code = Code.RENT_ALREADY_PAID
            elif payout.status != "planlagt":
                code = Code.NO_PAYOUT_FOR_MONTH
            elif payout.left < deduction.amount:
                code = Code.BENEFIT_TOO_SMALL
            if code is not None:
                note = refusals.payout_changed(
                    code,
                    payout_id=deduction.payout_id,
                    month=deduction.month,
                    amount=deduction.amount,
                    left=payout.left,
                    posting=plan_text(plan, invoice_ref=ref),
                )
                raise WriteRefused(
                    f"payout {deduction.payout_id} can no longer take the rent ({code})",
                    code=code,
                    note=note,
                )
            missing.append(deduction)
        return tuple(missing)

    async def write(
        self, work: Work, screen: InvoiceScreen, plan: WritePlan, missing: Missing
    ) -> str:
        for deduction in missing:
            assert isinstance(deduction, Deduction)
            work.before_write()
            try:
                await work.benefits.register_deduction(deduction)
            except DeductionRefused as refused:
                if not await self.missing(work, screen, plan):  # a lost answer: it went through
                    continue
                posting = plan_text(plan, invoice_ref=deduction.invoice_ref)
                raise WriteRefused(
                    f"the benefits system refused the deduction: {refused}",
                    code=Code.BENEFIT_TOO_SMALL,
                    note=refusals.system_refused(
                        Code.BENEFIT_TOO_SMALL, "Ydelsessystemet", str(refused), posting
                    ),
                ) from refused
        return ""


WRITERS: dict[WriteStep, Writer] = {
    WriteStep.POST: Post(),
    WriteStep.GRANT_PAYMENTS: GrantPayments(),
    WriteStep.ORDER_PAYMENT: OrderPayments(),
    WriteStep.RENT_DEDUCTION: RentDeductions(),
}
