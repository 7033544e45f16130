"""The backtest (DOMAIN.md "Backtest", `robot backtest`): each of the last months replayed as the
robot would have met it, learning only from what was posted in the 12 months before the month
began. Each invoice people posted that month (no CPR, not a credit note, no plan covering its
supplier and receiver, no `Modtagere` EAN: what learned postings may take) gets the posting
suggestion a note would give and the decision learned postings would make (the real rules,
`decide_learned`), set beside the PSP elements people chose."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from robot.domain.decision import Decision
from robot.domain.history import HistoryView, PostedBill, usable
from robot.domain.learned_decision import DEFAULT_LIMIT, decide_learned
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice, InvoiceLine
from robot.learning.model import LearnedHistory
from robot.learning.window import months_back, window

LEARNING_MONTHS = 12  # what the robot learns from: the 12 months before the run date
TOP = 3  # suggestions a note names at most


@dataclass(frozen=True, slots=True, kw_only=True)
class Replayed:
    """One invoice of the month: what people posted, what the robot would have suggested (at
    most three PSP elements, best first, from the pair's history or the nearest line texts)
    and what learned postings would have done."""

    bill: PostedBill
    suggested: tuple[str, ...]
    basis: str  # "pair", "texts", or "" with no suggestion
    decision: Decision

    @property
    def people(self) -> str:
        """The PSP element most of its lines were posted to."""
        return self.bill.psp

    @property
    def first_right(self) -> bool:
        return bool(self.suggested) and self.suggested[0] == self.people

    @property
    def top_right(self) -> bool:
        return self.people in self.suggested[:TOP]

    @property
    def pays(self) -> bool:
        return self.decision.pays

    @property
    def differs(self) -> bool:
        """Learned postings would have paid a line elsewhere than people posted it."""
        people = [line.psp for line in self.bill.lines]
        return self.pays and (
            len(people) != len(self.decision.postings)
            or any(p.psp != psp for p, psp in zip(self.decision.postings, people, strict=False))
        )


@dataclass(frozen=True, slots=True)
class Figures:
    """A month's (or all months') counts; shares are of ``invoices``."""

    invoices: int = 0
    suggested: int = 0
    first_right: int = 0
    top_right: int = 0
    paid: int = 0
    paid_amount: Decimal = Decimal("0.00")
    differs: int = 0

    @classmethod
    def of(cls, replayed: Iterable[Replayed]) -> Figures:
        found = list(replayed)
        return cls(
            invoices=len(found),
            suggested=sum(1 for r in found if r.suggested),
            first_right=sum(1 for r in found if r.first_right),
            top_right=sum(1 for r in found if r.top_right),
            paid=sum(1 for r in found if r.pays),
            paid_amount=sum((r.bill.total for r in found if r.pays), Decimal("0.00")),
            differs=sum(1 for r in found if r.differs),
        )

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.invoices + other.invoices,
            self.suggested + other.suggested,
            self.first_right + other.first_right,
            self.top_right + other.top_right,
            self.paid + other.paid,
            self.paid_amount + other.paid_amount,
            self.differs + other.differs,
        )

    def share(self, count: int) -> Decimal | None:
        return Decimal(count) / Decimal(self.invoices) if self.invoices else None


@dataclass(frozen=True, slots=True)
class MonthReplay:
    month: date  # its first day
    learned_from: int  # invoices in the 12 months before it (usable ones)
    replayed: tuple[Replayed, ...]

    @property
    def figures(self) -> Figures:
        return Figures.of(self.replayed)


def last_months(today: date, count: int) -> tuple[date, ...]:
    """The first days of the ``count`` whole months before the run date's month, oldest first."""
    this_month = today.replace(day=1)
    return tuple(months_back(this_month, n) for n in range(count, 0, -1))


def reading_window(today: date, months: int) -> tuple[date, date]:
    """The posting days to read: the 12 months before the first month replayed, through the
    last day of the last one."""
    first = last_months(today, months)[0]
    return months_back(first, LEARNING_MONTHS), today.replace(day=1) - timedelta(days=1)


def backtest(
    bills: Iterable[PostedBill],
    *,
    today: date,
    months: int,
    open_psp: frozenset[str],
    book: MappingBook,
    limit: Decimal = DEFAULT_LIMIT,
) -> tuple[MonthReplay, ...]:
    """Each of the last ``months`` months replayed from the history (CPR-free invoices only)."""
    history = usable(bills)
    return tuple(
        replay_month(month, history, open_psp=open_psp, book=book, limit=limit)
        for month in last_months(today, months)
    )


def replay_month(
    month: date,
    history: Sequence[PostedBill],
    *,
    open_psp: frozenset[str],
    book: MappingBook,
    limit: Decimal,
) -> MonthReplay:
    since, until = window(month, LEARNING_MONTHS)
    before = LearnedHistory([b for b in history if since <= b.posted_at <= until])
    end = months_back(month, -1)
    posted = [b for b in history if month <= b.posted_at < end and learnable(b, book)]
    posted.sort(key=lambda b: (b.posted_at, b.supplier_cvr, b.invoice_number))
    return MonthReplay(
        month,
        len(before.bills),
        tuple(replay(bill, before, open_psp=open_psp, limit=limit) for bill in posted),
    )


def learnable(bill: PostedBill, book: MappingBook) -> bool:
    """An invoice learned postings may take: no `Modtagere` EAN, no plan row for its supplier
    and receiver valid on its day (the plan route would take it)."""
    cvr, ean = bill.pair
    return book.receiver_kind(ean) is None and not book.plans.lookup(cvr, ean, bill.day)


def replay(
    bill: PostedBill, history: HistoryView, *, open_psp: frozenset[str], limit: Decimal
) -> Replayed:
    invoice = invoice_of(bill)
    suggested, basis = suggestions(history, invoice)
    decision = decide_learned(invoice, history=history, open_psp=open_psp, limit=limit)
    return Replayed(bill=bill, suggested=suggested, basis=basis, decision=decision)


def suggestions(history: HistoryView, invoice: Invoice) -> tuple[tuple[str, ...], str]:
    """As a note's suggestion is made: the pair's own history when it has one (its PSP elements
    by lines posted), else the nearest line texts'."""
    pair = history.pair(invoice.supplier_cvr, invoice.receiver_ean)
    if pair.invoices:
        return tuple(psp for psp, _ in pair.psp_lines().most_common(TOP)), "pair"
    near = tuple(s.psp for s in history.nearest(invoice.line_texts))[:TOP]
    return near, "texts" if near else ""


def invoice_of(bill: PostedBill) -> Invoice:
    """The invoice as the ERP's inbox showed it before people posted it: its lines' texts
    as item names, their amounts, its period and receiver."""
    return Invoice(
        erp_id="",
        supplier_cvr=bill.supplier_cvr,
        supplier_name=bill.supplier_name,
        invoice_number=bill.invoice_number,
        total=bill.total,
        issue_date=bill.issue_date,
        period_start=bill.period_start,
        period_end=bill.period_end,
        receiver_ean=bill.receiver_ean,
        lines=tuple(
            InvoiceLine(number=n, amount=line.amount, item_name=line.text)
            for n, line in enumerate(bill.lines, start=1)
        ),
    )
