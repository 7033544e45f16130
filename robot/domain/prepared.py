"""An invoice read once into what deciding it needs (its way to pay, the document checks that
need nothing fetched, the CPR numbers to look up), and the facts fetched for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from robot.domain.benefits import BenefitsCitizen
from robot.domain.controls import DocumentFailure
from robot.domain.cpr_extraction import CprFinding
from robot.domain.history import HistoryView
from robot.domain.models import CitizenRecord, Invoice, Payment, PostedInvoice
from robot.domain.routes import Route


@dataclass(frozen=True, slots=True)
class Prepared:
    invoice: Invoice
    route: Route
    failure: DocumentFailure | None  # a document check that fails without the ERP's answer
    cprs: tuple[CprFinding, ...] = ()  # per line (grant); one for the invoice (certificate, rent)

    @property
    def no_cpr(self) -> bool:
        """True when nothing on the invoice is CPR-shaped: no citizen to look for."""
        return bool(self.invoice.lines) and all(f.missing for f in self.cprs)

    @property
    def cprs_to_look_up(self) -> tuple[str, ...]:
        if self.failure is not None:
            return ()
        return tuple(sorted({f.cpr for f in self.cprs if f.cpr is not None}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """What the systems showed for one invoice, as its way needs them: its key posted before,
    its citizens in the case system or the benefits system, and the invoices posted from its
    supplier to its receiver."""

    already_posted: bool = False
    citizens: Mapping[str, CitizenRecord | None] = field(default_factory=dict)
    posted: tuple[PostedInvoice, ...] = ()
    benefits: Mapping[str, BenefitsCitizen | None] = field(default_factory=dict)
    history: HistoryView | None = None  # what people posted the last 12 months
    open_psp: frozenset[str] | None = None  # the ERP's open PSP elements, when shown

    def payments_by_grant(self) -> dict[str, list[Payment]]:
        found: dict[str, list[Payment]] = {}
        for record in self.citizens.values():
            for payment in record.payments if record else ():
                found.setdefault(payment.grant_id, []).append(payment)
        return found
