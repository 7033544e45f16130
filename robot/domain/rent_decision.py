"""The rent route (DOMAIN.md "Rent for benefit recipients"): a landlord's invoice to the
jobcentre's rent EAN, paid when the landlord is approved, the citizen's one agreement with it
covers the month, the amount is near last month's, and the citizen's planned payout for the
month can take it. Paying deducts the rent from the payout, then posts the invoice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from robot.domain.benefits import BenefitsCitizen, Deduction, RentAgreement
from robot.domain.codes import Code
from robot.domain.controls import billed_month
from robot.domain.cpr_extraction import CprFinding
from robot.domain.decision import Decision
from robot.domain.identifiers import normalize_cvr
from robot.domain.landlords import LandlordTable
from robot.domain.models import Invoice
from robot.domain.notes import rent as notes
from robot.domain.postings import LINE_TEXT_LIMIT, Posting, cut
from robot.domain.rent_check import RentCheck
from robot.domain.routes import Route

__all__ = ["RentCheck", "decide_rent", "month_text"]


def decide_rent(
    invoice: Invoice,
    *,
    cpr: CprFinding | None,
    citizens: dict[str, BenefitsCitizen | None],
    landlords: LandlordTable,
) -> Decision:
    """LANDLORD_NOT_APPROVED, MISSING_CPR, INVALID_CPR, CITIZEN_NOT_FOUND, NO_RENT_AGREEMENT,
    AMBIGUOUS_RENT_AGREEMENT, RENT_ALREADY_PAID, RENT_DEVIATION, NO_PAYOUT_FOR_MONTH,
    BENEFIT_TOO_SMALL: the first that fails; else the deduction and the posting."""
    month = billed_month(invoice)
    if month is None:  # the document check refuses such an invoice already
        raise ValueError("a rent invoice that is not for one month")
    check = RentCheck(month, tuple(landlords.lookup(invoice.supplier_cvr, month.start)))
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.RENT, detail=check)
    if len(check.landlords) != 1:
        return base.manual(Code.LANDLORD_NOT_APPROVED, notes.landlord(invoice, check, landlords))
    if cpr is None or cpr.missing or cpr.cpr is None:
        code = Code.MISSING_CPR if cpr is None or cpr.missing else Code.INVALID_CPR
        return base.manual(code, notes.cpr(code, cpr))
    citizen = citizens.get(cpr.cpr)
    if citizen is None:
        return base.manual(Code.CITIZEN_NOT_FOUND, notes.cpr(Code.CITIZEN_NOT_FOUND, cpr))
    return _agreement(invoice, citizen, check)


def _agreement(invoice: Invoice, citizen: BenefitsCitizen, check: RentCheck) -> Decision:
    landlord = normalize_cvr(invoice.supplier_cvr)
    mine = tuple(a for a in citizen.agreements if normalize_cvr(a.landlord_cvr) == landlord)
    month = check.month
    covering = tuple(a for a in mine if a.covers(month.start, month.end))
    check = RentCheck(month, check.landlords, mine, covering)
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.RENT, detail=check)
    if not covering:
        return base.manual(Code.NO_RENT_AGREEMENT, notes.no_agreement(invoice, check))
    if len(covering) > 1:
        return base.manual(Code.AMBIGUOUS_RENT_AGREEMENT, notes.ambiguous(invoice, check))
    return _month(invoice, citizen, check, covering[0])


def _month(
    invoice: Invoice, citizen: BenefitsCitizen, check: RentCheck, agreement: RentAgreement
) -> Decision:
    month = check.month.start
    under = [d for d in citizen.deductions if d.agreement_id == agreement.agreement_id]
    this_month = [d for d in under if d.month == month]
    ours = [d for d in this_month if d.invoice_ref == invoice.key]
    if ours:
        # Deducted by this invoice already (a run that died before posting): finish it.
        return _paying(invoice, agreement, check, ours[0].payout_id)
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.RENT, detail=check)
    if this_month:
        return base.manual(Code.RENT_ALREADY_PAID, notes.already_paid(check, this_month[0]))
    earlier = max((d for d in under if d.month < month), key=lambda d: d.month, default=None)
    reference = earlier.amount if earlier is not None else agreement.rent
    payouts = tuple(p for p in citizen.payouts if p.month == month)
    # The planned payout with the most left (one a month is the rule; ties by id).
    planned = sorted(
        (p for p in payouts if p.status == "planlagt"), key=lambda p: (-p.left, p.payout_id)
    )
    check = replace(
        check,
        reference=reference,
        reference_month=earlier.month if earlier is not None else None,
        deviation_pct=_deviation(invoice.total, reference),
        payouts=payouts,
        payout=planned[0] if planned else None,
    )
    shown_payout = planned[0].payout_id if planned else ""
    assert check.deviation_pct is not None
    if check.deviation_pct > check.landlords[0].allowed_deviation:
        decision = _paying(invoice, agreement, check, shown_payout)
        note = notes.deviation(invoice, check, agreement, decision)
        return decision.manual(Code.RENT_DEVIATION, note)
    if not planned:
        base = replace(base, detail=check)
        return base.manual(Code.NO_PAYOUT_FOR_MONTH, notes.no_payout(check, agreement))
    payout = planned[0]
    if payout.left < invoice.total:
        decision = _paying(invoice, agreement, check, payout.payout_id)
        note = notes.too_small(invoice, check, payout, decision)
        return decision.manual(Code.BENEFIT_TOO_SMALL, note)
    return _paying(invoice, agreement, check, payout.payout_id)


def _deviation(amount: Decimal, reference: Decimal) -> Decimal:
    """How far the amount is from the reference, in per cent of the reference."""
    if reference == 0:
        return Decimal(0) if amount == 0 else Decimal(100)
    return abs(amount - reference) / reference * 100


def month_text(month: date) -> str:
    """``12.2026``: how the rent's month is written in its posting and remark."""
    return f"{month.month:02d}.{month.year}"


def _paying(
    invoice: Invoice, agreement: RentAgreement, check: RentCheck, payout_id: str
) -> Decision:
    row = check.landlords[0]
    shown = month_text(check.month.start)
    text = f"Husleje {agreement.agreement_id} {shown}"[:LINE_TEXT_LIMIT]
    postings = tuple(
        Posting(line.number, agreement.agreement_id, row.psp, line.amount, text)
        for line in invoice.lines
    )
    remark = (
        f"Husleje · aftale {agreement.agreement_id} · {cut(agreement.landlord_name, 120)} · "
        f"{shown} · træk i udbetaling {payout_id}"
    )
    deduction = Deduction(
        payout_id=payout_id,
        agreement_id=agreement.agreement_id,
        month=check.month.start,
        amount=invoice.total,
        invoice_ref=invoice.key,
    )
    return Decision(
        invoice_key=invoice.key,
        outcome="pay",
        route=Route.RENT,
        postings=postings,
        remark=remark,
        deductions=(deduction,) if payout_id else (),
        detail=check,
    )
