"""What people posted before (contract section 12): the ERP's posted invoices with their lines
and PSP elements, a supplier and receiver's history in brief, and the posting suggestions read
from it. The history used never holds an invoice with a CPR in it (DOMAIN.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol

from robot.domain.cpr_extraction import mask_cprs
from robot.domain.identifiers import normalize_cvr
from robot.domain.plans import normalize_ean


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryLine:
    text: str  # what the supplier wrote on the line
    amount: Decimal
    psp: str  # where people posted it


@dataclass(frozen=True, slots=True, kw_only=True)
class PostedBill:
    """One invoice the ERP holds as posted."""

    supplier_cvr: str
    supplier_name: str = ""
    receiver_ean: str = ""
    invoice_number: str = ""
    doc_type: Literal["invoice", "credit_note"] = "invoice"
    issue_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    posted_at: date
    posted_by: str = ""
    total: Decimal
    lines: tuple[HistoryLine, ...] = field(default=(), repr=False)

    @property
    def pair(self) -> tuple[str, str]:
        return normalize_cvr(self.supplier_cvr), normalize_ean(self.receiver_ean)

    @property
    def day(self) -> date:
        """When it is for: its period's first day, else its issue date, else when posted."""
        return self.period_start or self.issue_date or self.posted_at

    @property
    def psp(self) -> str:
        """The PSP element most of its lines were posted to ("" without lines)."""
        counts = Counter(line.psp for line in self.lines)
        return counts.most_common(1)[0][0] if counts else ""


def has_cpr(bill: PostedBill) -> bool:
    """True when any of the invoice's texts holds a CPR number (a real birth date)."""
    texts = (bill.invoice_number, *(line.text for line in bill.lines))
    return any(mask_cprs(text) != text for text in texts)  # every spelling masking knows


def usable(bills: Iterable[PostedBill]) -> tuple[PostedBill, ...]:
    """The history learning may use: invoices (not credit notes) with no CPR in them."""
    return tuple(b for b in bills if b.doc_type == "invoice" and not has_cpr(b))


@dataclass(frozen=True, slots=True)
class PairHistory:
    """A supplier and receiver's posted invoices in the window, oldest first."""

    supplier_cvr: str
    receiver_ean: str
    bills: tuple[PostedBill, ...] = ()

    @property
    def invoices(self) -> int:
        return len(self.bills)

    def psp_lines(self) -> Counter[str]:
        return Counter(line.psp for bill in self.bills for line in bill.lines)

    def top(self) -> tuple[str, Decimal]:
        """The PSP element most lines were posted to, and the share of lines on it (0-1)."""
        counts = self.psp_lines()
        if not counts:
            return "", Decimal(0)
        psp, lines = counts.most_common(1)[0]
        return psp, Decimal(lines) / Decimal(sum(counts.values()))

    def invoices_on(self, psp: str) -> int:
        """Invoices every line of which was posted to the PSP element."""
        return sum(1 for b in self.bills if b.lines and all(ln.psp == psp for ln in b.lines))

    @property
    def since(self) -> date | None:
        return min((b.posted_at for b in self.bills), default=None)

    @property
    def lowest(self) -> Decimal | None:
        return min((b.total for b in self.bills), default=None)

    @property
    def highest(self) -> Decimal | None:
        return max((b.total for b in self.bills), default=None)

    @property
    def supplier_name(self) -> str:
        return next((b.supplier_name for b in reversed(self.bills) if b.supplier_name), "")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A PSP element people used, and on what: ``n`` of ``m`` invoices from the supplier to the
    receiver (basis ``pair``), or a share of the nearest line texts in the whole history
    (basis ``texts``: ``n`` of ``m`` neighbours)."""

    psp: str
    n: int
    m: int
    basis: Literal["pair", "texts"]

    @property
    def share(self) -> Decimal:
        return Decimal(self.n) / Decimal(self.m) if self.m else Decimal(0)


class HistoryView(Protocol):
    """What the decision asks of the history (the last 12 months before the run date)."""

    def pair(self, supplier_cvr: str, receiver_ean: str) -> PairHistory: ...

    def nearest(self, texts: Sequence[str]) -> tuple[Suggestion, ...]:
        """The PSP elements of the line texts nearest these, with their shares (at most 3)."""
        ...
