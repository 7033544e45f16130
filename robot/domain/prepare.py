"""An invoice read once into what deciding it needs: its route, the document checks that need
nothing fetched, and the CPR numbers to look up; and the facts fetched for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from robot.domain.controls import DocumentFailure, check_document, line_period
from robot.domain.cpr_extraction import CprFinding, CprProblem, find_line_cpr
from robot.domain.models import CitizenRecord, Invoice, Payment, PostedInvoice
from robot.domain.routes import Route

if TYPE_CHECKING:
    from robot.domain.mapping_book import MappingBook


@dataclass(frozen=True, slots=True)
class Prepared:
    invoice: Invoice
    route: Route
    failure: DocumentFailure | None  # a document check that fails without the ERP's answer
    cprs: tuple[CprFinding, ...] = ()  # per line (grant); one for the invoice (certificate)

    @property
    def citizens_to_look_up(self) -> tuple[str, ...]:
        if self.failure is not None or self.route is Route.PLAN:
            return ()
        return tuple(sorted({f.cpr for f in self.cprs if f.cpr is not None}))

    @property
    def needs_posted_invoices(self) -> bool:
        """A plan invoice's cadence check reads what the ERP has posted to the receiver."""
        return self.failure is None and self.route is Route.PLAN


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """What the systems showed for one invoice: its key posted before, its citizens, and the
    invoices posted from its supplier to its receiver."""

    already_posted: bool = False
    citizens: Mapping[str, CitizenRecord | None] = field(default_factory=dict)
    posted: tuple[PostedInvoice, ...] = ()

    def payments_by_grant(self) -> dict[str, list[Payment]]:
        found: dict[str, list[Payment]] = {}
        for record in self.citizens.values():
            for payment in record.payments if record else ():
                found.setdefault(payment.grant_id, []).append(payment)
        return found


def route_of(invoice: Invoice, book: MappingBook) -> Route:
    """Certificate when the receiver is a certificate EAN; plan when the supplier and receiver
    match a plan row valid on the invoice's first day; else the grant route."""
    ean = invoice.receiver_ean
    if not ean:
        return Route.GRANT
    if book.certificates.is_certificate_receiver(ean):
        return Route.CERTIFICATE
    day = plan_day(invoice)
    if day is not None and book.plans.lookup(invoice.supplier_cvr, ean, day):
        return Route.PLAN
    return Route.GRANT


def plan_day(invoice: Invoice) -> date | None:
    """The first day of the invoice period (the earliest line's, when only lines have one),
    or the issue date when there is none."""
    starts = [p.start for line in invoice.lines if (p := line_period(invoice, line))]
    if invoice.period_start is not None:
        return invoice.period_start
    return min(starts) if starts else invoice.issue_date


def prepare(invoice: Invoice, *, book: MappingBook, today: date) -> Prepared:
    route = route_of(invoice, book)
    failure = check_document(invoice, route=route, today=today, already_posted=None)
    if route is Route.CERTIFICATE:
        cprs: tuple[CprFinding, ...] = (invoice_cpr(invoice, today=today),)
    elif route is Route.GRANT:
        cprs = line_cprs(invoice, today=today)
    else:
        cprs = ()
    return Prepared(invoice, route, failure, cprs)


def line_cprs(invoice: Invoice, *, today: date) -> tuple[CprFinding, ...]:
    return tuple(
        find_line_cpr(line, buyer_reference=invoice.buyer_reference, today=today)
        for line in invoice.lines
    )


def invoice_cpr(invoice: Invoice, *, today: date) -> CprFinding:
    """One CPR for the whole invoice (a certificate concerns one citizen): every line and the
    buyer's reference must name the same one."""
    findings = [f for f in line_cprs(invoice, today=today) if not f.missing]
    if not findings:
        return CprFinding()
    if any(f.problem is not None for f in findings):
        return next(f for f in findings if f.problem is not None)
    if len({f.cpr for f in findings}) > 1:
        return CprFinding(source=findings[0].source, problem=CprProblem.TWO_DIFFERENT)
    return findings[0]
