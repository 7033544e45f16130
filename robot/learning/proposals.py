"""Plan proposals (DOMAIN.md "Plan proposals", `robot suggest-plans`): every supplier and
receiver in the ERP's history, proposed as a `Betalingsplaner` row when its invoices recur with
one cadence and are posted one way, else left out with the first rule it fails and why.

Where DOMAIN.md leaves room, it is read as the generator's ground truth reads it
(fake_systems/scenarios/plan_proposals.py). One reading of ours: a pair with a CPR on any of
its invoices is left out whole, not judged on the rest, since a plan pays without looking for a
CPR and would pay that supplier's bills for citizens too."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from robot.domain.formatting import format_date
from robot.domain.history import PairHistory, PostedBill, has_cpr
from robot.domain.mapping_book import MappingBook
from robot.domain.plans import Cadence
from robot.learning import reasons as texts
from robot.learning.cadence import next_period_start, periods_behind, recurrence
from robot.learning.reasons import Reason

MIN_INVOICES = 3
MOST_MISSING = 1  # cadence periods without an invoice between the first and the last
MOST_BEHIND = 2  # cadence periods the last invoice may lie before the run date's
ONE_PSP = Decimal("0.90")  # the share of lines on one PSP element
WIDEN = Decimal("0.10")
TEXT_LIMIT = 40
ORE = Decimal("0.01")


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """What the pair's history shows (the columns after ``Bemærkning``)."""

    count: int
    first: date  # the first invoice's period start, else its issue date
    last: date
    lowest: Decimal
    median: Decimal
    highest: Decimal
    share: Decimal  # of the lines, on the PSP element (0-1)
    missing: int  # cadence periods with no invoice


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """One proposed ``Betalingsplaner`` row (contract section 8) and its evidence."""

    supplier_cvr: str
    supplier_name: str
    receiver_ean: str
    amount_from: Decimal
    amount_to: Decimal
    cadence: Cadence
    psp: str
    line_text: str
    valid_from: date
    remark: str
    evidence: Evidence


@dataclass(frozen=True, slots=True, kw_only=True)
class LeftOut:
    """A pair not proposed: the first rule it fails, and the Danish detail for the admin."""

    supplier_cvr: str
    supplier_name: str
    receiver_ean: str
    invoices: int
    reason: Reason
    detail: str


@dataclass(frozen=True, slots=True)
class Review:
    proposals: tuple[Proposal, ...]
    left_out: tuple[LeftOut, ...]

    @property
    def pairs(self) -> int:
        return len(self.proposals) + len(self.left_out)

    def reasons(self) -> Counter[Reason]:
        return Counter(item.reason for item in self.left_out)


def review_pairs(
    bills: Iterable[PostedBill], *, today: date, open_psp: frozenset[str], book: MappingBook
) -> Review:
    """Every supplier and receiver with an invoice (credit notes are not counted) among the
    bills, proposed or left out, in CVR and EAN order."""
    groups: dict[tuple[str, str], list[PostedBill]] = defaultdict(list)
    for bill in bills:
        if bill.doc_type == "invoice":
            groups[bill.pair].append(bill)
    found = [
        review_pair(groups[key], today=today, open_psp=open_psp, book=book)
        for key in sorted(groups)
    ]
    return Review(
        tuple(f for f in found if isinstance(f, Proposal)),
        tuple(f for f in found if isinstance(f, LeftOut)),
    )


def review_pair(
    bills: Sequence[PostedBill], *, today: date, open_psp: frozenset[str], book: MappingBook
) -> Proposal | LeftOut:
    """One supplier and receiver's invoices: the rules in order, the first failure wins."""
    ordered = sorted(bills, key=lambda b: (b.day, b.posted_at, b.invoice_number))
    cvr, ean = ordered[0].pair
    name = texts.shown(PairHistory(cvr, ean, tuple(ordered)).supplier_name)

    def out(reason: Reason, detail: str) -> LeftOut:
        return LeftOut(
            supplier_cvr=cvr,
            supplier_name=name,
            receiver_ean=ean,
            invoices=len(ordered),
            reason=reason,
            detail=detail,
        )

    kind = book.receiver_kind(ean)
    if kind is not None:
        return out(Reason.MODTAGERE_EAN, texts.receiver(kind.value))
    covering = [
        r for r in book.plans.rows_for(cvr, ean) if r.valid_to is None or r.valid_to >= today
    ]
    if covering:
        return out(Reason.COVERED_BY_PLAN, texts.covered(covering[0].sheet_row))
    with_cpr = sum(1 for bill in ordered if has_cpr(bill))
    if with_cpr:
        return out(Reason.CPR, texts.cpr(with_cpr, len(ordered)))
    if len(ordered) < MIN_INVOICES:
        return out(Reason.TOO_FEW, texts.too_few(len(ordered), MIN_INVOICES))
    found = recurrence([bill.day for bill in ordered])
    if found is None:
        return out(Reason.IRREGULAR, texts.irregular())
    if found.missing > MOST_MISSING:
        return out(Reason.PERIODS_MISSING, texts.missing(found.cadence, found.missing))
    last = ordered[-1].day
    if periods_behind(found.cadence, last, today) > MOST_BEHIND:
        return out(Reason.STOPPED, texts.stopped(found.cadence, last))
    psp, share = PairHistory(cvr, ean, tuple(ordered)).top()
    if share < ONE_PSP:
        return out(Reason.SPLIT_PSP, texts.split(psp, share, ONE_PSP))
    if psp not in open_psp:
        return out(Reason.CLOSED_PSP, texts.closed(psp))
    amounts = [bill.total for bill in ordered]
    return Proposal(
        supplier_cvr=cvr,
        supplier_name=name,
        receiver_ean=ean,
        amount_from=max(_out(min(amounts) * (1 - WIDEN), ROUND_FLOOR), Decimal("0.00")),
        amount_to=_out(max(amounts) * (1 + WIDEN), ROUND_CEILING),
        cadence=found.cadence,
        psp=psp,
        line_text=commonest_text(ordered) or name[:TEXT_LIMIT].rstrip(),
        valid_from=next_period_start(found.cadence, today),
        remark=f"Foreslået {format_date(today)}",
        evidence=Evidence(
            count=len(ordered),
            first=ordered[0].day,
            last=last,
            lowest=min(amounts),
            median=Decimal(statistics.median(amounts)).quantize(ORE),
            highest=max(amounts),
            share=share,
            missing=found.missing,
        ),
    )


def _out(amount: Decimal, rounding: str) -> Decimal:
    """Rounded out to whole kroner, written with øre as the sheet's amounts are."""
    return amount.to_integral_value(rounding=rounding).quantize(ORE)


def commonest_text(bills: Sequence[PostedBill]) -> str:
    """The line text most lines have (the earliest seen of equals), cut to TEXT_LIMIT."""
    counts = Counter(
        " ".join(line.text.split()) for bill in bills for line in bill.lines if line.text.strip()
    )
    if not counts:
        return ""
    return texts.shown(counts.most_common(1)[0][0])[:TEXT_LIMIT].rstrip()
