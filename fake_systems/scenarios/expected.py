"""The ground truth of one invoice as the generator built it, and its form in expected.json.

Besides contract section 5's ``status``, ``code`` and ``postings``, an entry names its
``route`` (``grant``, ``plan``, ``certificate`` or ``rent``: which rules decide it, and so
whether a payment is registered on a grant, on an order, as a rent deduction or nowhere) and may
carry:

- ``one_of`` and ``otherwise``: the invoice is one of a group (a supplier re-sending a month
  under a new number) of which exactly one is paid, whichever the robot reaches first. The
  entry is what the member gets when it is the one paid; every other member ends as its
  ``otherwise`` (``DUPLICATE_PAYMENT``; ``RENT_ALREADY_PAID`` for rent).
- ``deduction``: for a paid rent invoice, ``{"agreement_id", "month", "amount"}``, the rent
  deduction registered on the citizen's payout for that month (contract section 11).
- ``learned``: for an invoice with no CPR that no rule pays (``MISSING_CPR``), its outcome with
  ``robot run --learned-postings`` (DOMAIN.md "Learned postings"): ``{"status", "code",
  "postings": [{"psp", "amount"}], "route": "learned"}``, paid with one posting per invoice line
  on the PSP element its history is of one mind about, or ``LEARNED_AMOUNT_UNUSUAL``, or still
  ``MISSING_CPR``. An entry without it ends the same with the flag as without.
- ``fix``: what a caseworker's fix leads to, e.g. for an ``AMOUNT_MISMATCH`` billed at a new
  rate the grant lacks: ``{"grant_id", "rate", "from", "then": {"status", "postings"}}``, the
  outcome once the rate is added (**Ny takst**) and the invoice is sent back to the robot.

A posting's ``grant_id`` is what the posting pays, as the robot's ``Posting.reference`` says:
a grant id, a certificate order's id, a rent agreement's id, or ``betalingsplan række <row>`` for
a payment plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Status = Literal["posted", "manual"]
RouteName = Literal["grant", "plan", "certificate", "rent"]
PostingTruth = tuple[str, str, Decimal]  # what it pays (grant_id), PSP element, amount


@dataclass(frozen=True)
class Fix:
    """A rate a caseworker adds to a grant, and what the invoice then gets."""

    grant_id: str
    rate: Decimal
    start: date
    then: tuple[PostingTruth, ...]


@dataclass(frozen=True)
class RentDeduction:
    """The deduction a paid rent invoice registers: the agreement's month and its amount."""

    agreement_id: str
    month: date  # the first day of the rent month
    amount: Decimal


@dataclass(frozen=True)
class LearnedTruth:
    """What learned postings give an invoice: paid (a PSP element and amount per line), or
    sent to a person with a code."""

    status: Status
    code: str | None = None
    postings: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class Expected:
    status: Status
    code: str | None = None
    postings: tuple[PostingTruth, ...] = ()
    route: RouteName = "grant"
    one_of: str | None = None  # the group of re-sent invoices of which one is paid
    otherwise: str | None = None  # the code of a group member that is not the one paid
    fix: Fix | None = None
    deduction: RentDeduction | None = None
    learned: LearnedTruth | None = None


def postings_json(postings: tuple[PostingTruth, ...]) -> list[dict[str, str]]:
    return [
        {"grant_id": ref, "psp": psp, "amount": f"{amount:.2f}"} for ref, psp, amount in postings
    ]


def entry_json(expected: Expected) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "status": expected.status,
        "code": expected.code,
        "postings": postings_json(expected.postings),
        "route": expected.route,
    }
    if expected.deduction is not None:
        deduction = expected.deduction
        entry["deduction"] = {
            "agreement_id": deduction.agreement_id,
            "month": f"{deduction.month:%Y-%m}",
            "amount": f"{deduction.amount:.2f}",
        }
    if expected.one_of is not None:
        entry["one_of"] = expected.one_of
        entry["otherwise"] = {"status": "manual", "code": expected.otherwise, "postings": []}
    if expected.learned is not None:
        learned = expected.learned
        entry["learned"] = {
            "status": learned.status,
            "code": learned.code,
            "postings": [{"psp": psp, "amount": f"{v:.2f}"} for psp, v in learned.postings],
            "route": "learned",
        }
    if expected.fix is not None:
        fix = expected.fix
        entry["fix"] = {
            "grant_id": fix.grant_id,
            "rate": f"{fix.rate:.2f}",
            "from": fix.start.isoformat(),
            "then": {"status": "posted", "postings": postings_json(fix.then)},
        }
    return entry


def outcome_counts(entries: list[Expected]) -> dict[str, int]:
    """How many invoices end paid (``paid``) or with each code: one member of each group paid,
    the others as their ``otherwise``."""
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for e in entries:
        outcome = e.code or "paid"
        if e.one_of is not None:
            outcome = "paid" if e.one_of not in seen else str(e.otherwise)
            seen.add(e.one_of)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
