"""A paid invoice's writes as requests, one entry per write step of the route table: the reads
the robot makes right before them (robot/run/writes.py) and each form it submits, with the page
the form is on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from robot.domain.models import Invoice, InvoiceLine
from robot.domain.ways.way import WriteStep
from tests.benchmarks.bundle_state import BundleState

System = Literal["erp", "case", "benefits"]


@dataclass(frozen=True)
class Step:
    """One page load (form None) or one form submission, and the page its answer shows."""

    system: System
    path: str
    form: dict[str, str] | None = None
    lands_on: str = ""  # a submission's answer page, loaded instead by the floor
    ok: tuple[int, ...] = (200,)  # the final status after redirects, as the browser sees it
    fetched: bool = False  # read from the page the robot is on, without leaving it


Submission = tuple[str, Step]  # the page the form is on, and the form's submission
Planned = tuple[list[Step], list[Submission]]  # the reads before any write, then the writes


def at_page(steps: Sequence[Step], system: System, page: str) -> list[Step]:
    """The load that brings the system's page to `page`, unless it is there already: where a
    load or a form's answer last left it (a page read without navigating leaves it be)."""
    for step in reversed(steps):
        if step.system == system and not step.fetched:
            here = step.path if step.form is None else step.lands_on
            return [] if here == page else [Step(system, page)]
    return [Step(system, page)]


def _post(invoice: Invoice, truth: dict[str, Any], state: BundleState) -> Planned:
    page = f"/invoices/{invoice.erp_id}"
    form = {"remark": f"Benchmark · {invoice.key}"}
    postings = truth["postings"]
    for line, posting in zip(invoice.lines, postings, strict=True):
        n = line.number
        form |= {
            f"psp_{n}": posting["psp"],
            f"amount_{n}": str(line.amount),
            f"text_{n}": posting["grant_id"][:50],
        }
    return [], [(page, Step("erp", f"{page}/post", form, lands_on=page))]


def _period(line: InvoiceLine, invoice: Invoice) -> tuple[str, str]:
    start = line.period_start or invoice.period_start
    end = line.period_end or invoice.period_end
    return (start.isoformat() if start else "", end.isoformat() if end else "")


def _grant_payments(invoice: Invoice, truth: dict[str, Any], state: BundleState) -> Planned:
    """A payment per line on its grant; every grant's page is read first (is it there
    already? may it still be made?), then each is registered on its grant's page."""
    reads, submissions = [], []
    for line, posting in zip(invoice.lines, truth["postings"], strict=True):
        page = f"/grants/{quote(posting['grant_id'])}"
        start, end = _period(line, invoice)
        payment = {
            "period_start": start,
            "period_end": end,
            "amount": str(line.amount),
            "invoice_ref": invoice.key,
        }
        reads.append(Step("case", page))
        submissions.append((page, Step("case", f"{page}/payments", payment, lands_on=page)))
    return reads, submissions


def _order_payment(invoice: Invoice, truth: dict[str, Any], state: BundleState) -> Planned:
    reads, submissions = [], []
    for order in dict.fromkeys(p["grant_id"] for p in truth["postings"]):
        page = f"/orders/{quote(order)}"
        payment = {"amount": str(invoice.total), "invoice_ref": invoice.key}
        reads.append(Step("case", page))
        submissions.append((page, Step("case", f"{page}/payment", payment, lands_on=page)))
    return reads, submissions


def _rent_deduction(invoice: Invoice, truth: dict[str, Any], state: BundleState) -> Planned:
    """The payout's page loaded (may it still take the rent?), the agreement's deductions read
    (is the month taken?), in that order, then the deduction registered on the payout's page."""
    deduction = truth["deduction"]
    agreement, month = deduction["agreement_id"], deduction["month"]
    page = f"/payouts/{quote(state.payout_for(agreement, month))}"
    form = {
        "agreement_id": agreement,
        "month": month,
        "amount": deduction["amount"],
        "invoice_ref": invoice.key,
    }
    reads = [
        Step("benefits", page),
        Step("benefits", f"/agreements/{quote(agreement)}", fetched=True),
    ]
    return reads, [(page, Step("benefits", f"{page}/deductions", form, lands_on=page))]


WRITES: dict[WriteStep, Callable[[Invoice, dict[str, Any], BundleState], Planned]] = {
    WriteStep.POST: _post,
    WriteStep.GRANT_PAYMENTS: _grant_payments,
    WriteStep.ORDER_PAYMENT: _order_payment,
    WriteStep.RENT_DEDUCTION: _rent_deduction,
}
