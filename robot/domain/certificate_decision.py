"""The certificate route (DOMAIN.md "Doctors' certificates"): a doctor's invoice on an EAN kept
for certificates, matched by elimination to the one open order of the citizen's that this
doctor may bill, at the fee the sheet agrees for its type."""

from __future__ import annotations

from datetime import date

from robot.domain.codes import Code
from robot.domain.cpr_extraction import CprFinding
from robot.domain.decision import Decision
from robot.domain.formatting import format_date
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice, Order, OrderPayment
from robot.domain.notes.certificates import certificate_note, cpr_note
from robot.domain.orders import OrderElimination, eliminate_orders, invoice_date
from robot.domain.postings import LINE_TEXT_LIMIT, Posting, cut
from robot.domain.prepared import Facts
from robot.domain.routes import Route


def decide_certificate(
    invoice: Invoice, *, cpr: CprFinding | None, facts: Facts, book: MappingBook
) -> Decision:
    """MISSING_CPR, INVALID_CPR, CITIZEN_NOT_FOUND, then the order elimination: NO_ORDER,
    NO_CERTIFICATE_MAPPING, FEE_OUTSIDE_RANGE, AMBIGUOUS_ORDER; else the type's posting."""
    base = Decision(invoice_key=invoice.key, outcome="manual", route=Route.CERTIFICATE)
    if cpr is None or cpr.missing:
        return base.manual(Code.MISSING_CPR, cpr_note(Code.MISSING_CPR, cpr))
    if cpr.cpr is None:
        return base.manual(Code.INVALID_CPR, cpr_note(Code.INVALID_CPR, cpr))
    record = facts.citizens.get(cpr.cpr)
    if record is None:
        return base.manual(Code.CITIZEN_NOT_FOUND, cpr_note(Code.CITIZEN_NOT_FOUND, cpr))
    day = invoice_date(invoice)
    assert day is not None  # the document check refuses an invoice without a date
    trace = eliminate_orders(
        record.orders, doctor_cvr=invoice.supplier_cvr, day=day, amount=invoice.total, book=book
    )
    code = trace.code
    if code is None:
        return _paying(invoice, trace.survivors[0], day, book, trace)
    # The orders that came furthest, with the posting a person would make for each.
    near = trace.survivors or (trace.stages[-2].kept if len(trace.stages) > 1 else ())
    alternatives = [_paying(invoice, o, day, book) for o in near[:3]] if code in _NEAR else []
    decision = Decision(
        invoice_key=invoice.key, outcome="manual", route=Route.CERTIFICATE, detail=trace
    )
    return decision.manual(code, certificate_note(code, invoice, trace, book, alternatives))


# Codes where an order fits but for the sheet or the fee: the note gives its posting.
_NEAR = (Code.AMBIGUOUS_ORDER, Code.FEE_OUTSIDE_RANGE, Code.NO_CERTIFICATE_MAPPING)


def _paying(
    invoice: Invoice,
    chosen: Order,
    day: date,
    book: MappingBook,
    trace: OrderElimination | None = None,
) -> Decision:
    rows = book.certificates.lookup(chosen.certificate_type, day)
    psp = rows[0].psp if len(rows) == 1 else ""
    text = f"{chosen.certificate_type} {chosen.order_id} {format_date(day)}"[:LINE_TEXT_LIMIT]
    postings = tuple(
        Posting(line.number, chosen.order_id, psp, line.amount, text) for line in invoice.lines
    )
    remark = f"Lægeerklæring {cut(chosen.certificate_type, 40)} · bestilling {chosen.order_id}"
    return Decision(
        invoice_key=invoice.key,
        outcome="pay",
        route=Route.CERTIFICATE,
        postings=postings,
        remark=remark,
        order_payments=(
            OrderPayment(order_id=chosen.order_id, amount=invoice.total, invoice_ref=invoice.key),
        ),
        detail=trace,
    )
