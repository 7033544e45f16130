"""The requests the robot makes for each invoice of a loaded bundle, in its order: the model both
references replay (plain HTTP with the forms, and the browser floor with page loads only).

It follows robot/run/process.py: the invoice page; the facts its way to pay needs, one fetcher
per need (robot/run/facts.py), unless a document check failed or the invoice is posted already;
then the way's writes, each read first and all reads before the first write
(robot/run/writes.py), or the note. The way and the CPR numbers to look up come from the robot's
own router; whether an invoice is paid, and with what, from the bundle's ground truth. Invoices
come in the order the robot's queue takes them (earliest due first): a key received twice is
paid on its first receipt in that order, the later one finds it posted and is noted at once,
and of a re-sent group the first is paid and the rest noted after reading their facts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from math import ceil
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fake_systems.erp.posted import PostedFilter
from fake_systems.web.formatting import DANISH_TIME
from fake_systems.web.pagination import PAGE_SIZE
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice
from robot.domain.prepared import Prepared
from robot.domain.router import prepare
from robot.domain.ways.table import way_of
from robot.domain.ways.way import Need, WriteStep
from robot.learning.window import window
from robot.mapping.reader import read_mapping
from tests.benchmarks.bundle_state import BundleState, bundle_state
from tests.benchmarks.write_steps import WRITES, Step, System, at_page

__all__ = ["InvoicePlan", "Step", "System", "plan_invoices"]

HISTORY_PAGE = 500  # rows per page of the posted list when the robot reads a year of history


@dataclass(frozen=True)
class InvoicePlan:
    erp_id: str
    outcome: Literal["paid", "manual"]
    lines: int
    steps: tuple[Step, ...]
    route: str = ""  # the way to pay the robot's router chose

    @property
    def page_loads(self) -> int:
        """Pages loaded and pages read without navigating: the robot counts both as loads."""
        return sum(1 for s in self.steps if s.form is None)

    @property
    def form_submissions(self) -> int:
        return sum(1 for s in self.steps if s.form is not None)


@dataclass
class _Run:
    """What the run has done before the invoice in hand."""

    state: BundleState
    book: MappingBook
    today: date
    posted_keys: set[str]  # posted before the run, or paid earlier in it
    paid_groups: set[str] = field(default_factory=set)
    paid: list[Invoice] = field(default_factory=list)  # receipts the run has posted so far
    history_read: bool = False  # read once a run, by the first invoice that needs it


def plan_invoices(bundle: Path, data_dir: Path) -> list[InvoicePlan]:
    """One plan per invoice in the inbox, in the order the robot's queue takes them."""
    expected: dict[str, Any] = json.loads((bundle / "expected.json").read_text(encoding="utf-8"))
    today = date.fromisoformat(expected["settings"]["today"])
    book = read_mapping(bundle / "psp_mapping.xlsx").book
    with bundle_state(data_dir) as state:
        run = _Run(state, book, today, state.posted_keys())
        return [_plan(invoice, expected["invoices"], run) for invoice in state.inbox()]


def _plan(invoice: Invoice, expected: dict[str, Any], run: _Run) -> InvoicePlan:
    prepared = prepare(invoice, book=run.book, today=run.today)
    already_posted = invoice.key in run.posted_keys
    steps = [Step("erp", f"/invoices/{invoice.erp_id}")]
    if prepared.failure is None and not already_posted:
        for need in way_of(prepared.route).needs:
            steps += _FETCHES[need](prepared, run)
    truth = expected.get(invoice.key, {"status": "manual", "code": "UNKNOWN", "postings": []})
    group = truth.get("one_of")
    if group is not None and group in run.paid_groups:  # a re-sent group's later receipt
        truth = truth["otherwise"]
    pays = truth["status"] == "posted" and not already_posted
    if pays:
        run.posted_keys.add(invoice.key)
        run.paid.append(invoice)
        if group is not None:
            run.paid_groups.add(group)
        steps += _paying(invoice, truth, prepared, run, before=steps)
    else:
        steps += _noting(invoice, truth["code"] or "DUPLICATE_INVOICE")
    outcome: Literal["paid", "manual"] = "paid" if pays else "manual"
    return InvoicePlan(invoice.erp_id, outcome, len(invoice.lines), tuple(steps), prepared.route)


def _citizens(prepared: Prepared, run: _Run) -> list[Step]:
    """Each CPR looked up in the case system, read from the page the robot is on."""
    return _searches("case", prepared)


def _benefits(prepared: Prepared, run: _Run) -> list[Step]:
    return _searches("benefits", prepared)


def _searches(system: System, prepared: Prepared) -> list[Step]:
    return [
        Step(system, f"/search?cpr={quote(cpr)}", ok=(200, 404), fetched=True)
        for cpr in prepared.cprs_to_look_up
    ]


def _posted_to(prepared: Prepared, run: _Run) -> list[Step]:
    """Every page of what is posted from the supplier to the receiver (a payment plan's
    cadence check), the run's own postings included."""
    invoice = prepared.invoice
    query = {"cvr": invoice.supplier_cvr, "ean": invoice.receiver_ean}
    filters = PostedFilter(cvr=invoice.supplier_cvr, ean="".join(invoice.receiver_ean.split()))
    rows = run.state.posted_rows(filters) + sum(
        1
        for p in run.paid
        if p.supplier_cvr == filters.cvr and (not filters.ean or p.receiver_ean == filters.ean)
    )
    return _posted_pages(query, rows=rows, size=PAGE_SIZE)


def _history(prepared: Prepared, run: _Run) -> list[Step]:
    """A year of what people posted, for an invoice with no CPR: read once a run
    (robot/learning/source.py), 500 rows a page."""
    if not prepared.no_cpr or run.history_read:
        return []
    run.history_read = True
    since, until = window(run.today)
    rows = run.state.posted_rows(PostedFilter(since=since, until=until))
    if since <= datetime.now(UTC).astimezone(DANISH_TIME).date() <= until:
        rows += len(run.paid)  # the run's postings are stamped now, inside the window
    query = {"fra": since.isoformat(), "til": until.isoformat(), "antal": str(HISTORY_PAGE)}
    return _posted_pages(query, rows=rows, size=HISTORY_PAGE)


def _posted_pages(query: dict[str, str], *, rows: int, size: int) -> list[Step]:
    """The posted list's pages as the robot reads them: the first as it asks for it, the rest
    by each page's link to the next (fake_systems/web/pagination.py)."""
    shown = {key: value for key, value in query.items() if value}
    pages = max(1, ceil(rows / size))
    paths = ["/posted?" + urlencode(query)]
    paths += ["/posted?" + urlencode({**shown, "page": str(n)}) for n in range(2, pages + 1)]
    return [Step("erp", path, fetched=True) for path in paths]


_FETCHES = {
    Need.CITIZENS: _citizens,
    Need.BENEFITS: _benefits,
    Need.POSTED_TO: _posted_to,
    Need.HISTORY: _history,
}


def _paying(
    invoice: Invoice, truth: dict[str, Any], prepared: Prepared, run: _Run, *, before: list[Step]
) -> list[Step]:
    """The way's writes after the invoice's `before` steps: first every write's read, then the
    writes, each on its form's page (loaded again when the robot's page is elsewhere)."""
    writes: tuple[WriteStep, ...] = way_of(prepared.route).writes
    if truth.get("route", prepared.route) != prepared.route:
        raise ValueError(
            f"{invoice.erp_id}: routed {prepared.route}, ground truth {truth['route']}"
        )
    steps: list[Step] = []
    planned = [WRITES[step](invoice, truth, run.state) for step in writes]
    for reads, _ in planned:
        steps += reads
    for _, submissions in planned:
        for page, submission in submissions:
            steps += at_page([*before, *steps], submission.system, page)
            steps.append(submission)
    return steps


def _noting(invoice: Invoice, code: str) -> list[Step]:
    # PSP_REJECTED too: the robot reads the closed element off the posting form before writing.
    page = f"/invoices/{invoice.erp_id}"
    note = {"note": f"[{code}] Benchmark: sendt til manuel behandling."}
    return [Step("erp", f"{page}/manual", note, lands_on=page)]
