"""The posting a person copies when posting by hand: each line's PSP element, amount and text,
the remark, and what to register in the case system afterwards."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from robot.domain.benefits import Deduction
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_period
from robot.domain.models import OrderPayment, Payment
from robot.domain.postings import Posting

if TYPE_CHECKING:
    from robot.domain.decision import Decision


def decision_posting_text(decision: Decision) -> str:
    """The posting and registrations a decision would make, for a person to copy."""
    return posting_text(
        decision.postings,
        decision.remark,
        decision.payments,
        decision.order_payments,
        decision.deductions,
    )


def posting_text(
    postings: Sequence[Posting],
    remark: str,
    payments: Sequence[Payment] = (),
    order_payments: Sequence[OrderPayment] = (),
    deductions: Sequence[Deduction] = (),
) -> str:
    """``linje 1: PSP XG-…, 32.240,00 kr., tekst »…«`` per line, the remark, the payments."""
    rows = [
        f"Registrér først huslejetrækket i ydelsessystemet (»Registrér træk« på udbetaling "
        f"{d.payout_id}): aftale {d.agreement_id}, måned {d.month.month:02d}.{d.month.year}, "
        f"{kr(d.amount)}, fakturareference {d.invoice_ref}; bogfør derefter:"
        for d in deductions
    ]
    rows += [
        f"linje {p.line_number}: {_psp(p.psp)}, {kr(p.amount)}, tekst »{p.text}«" for p in postings
    ]
    rows.append(f"Bemærkning: »{remark}«")
    for payment in payments:
        rows.append(
            f"Registrér derefter betalingen på bevilling {payment.grant_id} i sagssystemet "
            f"(»Registrér betaling«): periode {format_period(payment.period)}, "
            f"{kr(payment.amount)}, fakturareference {payment.invoice_ref}"
        )
    for order in order_payments:
        rows.append(
            f"Registrér derefter betalingen på bestilling {order.order_id} i sagssystemet "
            f"(»Registrér betaling«): {kr(order.amount)}, fakturareference {order.invoice_ref}"
        )
    return "\n".join(rows)


def posting_for_unpaid_days(
    postings: Sequence[Posting],
    remark: str,
    payments: Sequence[Payment],
    *,
    paid_grants: Collection[str],
    invoice_ref: str,
) -> str:
    """The posting when some of a grant's days are paid already: the payments to register on
    the other grants, and for these only the days not paid (the case system refuses the rest)."""
    others = [p for p in payments if p.grant_id not in paid_grants]
    grants = ", ".join(sorted(paid_grants))
    return (
        f"{posting_text(postings, remark, others)}\n"
        "Sagssystemet registrerer ikke en betaling for dage, der allerede er betalt: registrér "
        f"kun de dage, der ikke er betalt, på bevilling {grants} (økonomi: »Registrér "
        f"betaling«), med fakturareference {invoice_ref}."
    )


def _psp(psp: str) -> str:
    return f"PSP {psp}" if psp else "PSP-element: (intet i mappingarket)"
