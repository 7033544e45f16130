"""What waits in manual handling, by due date (contract section 13): overdue first, then the
earliest due, each with the days left to pay it on time (Randers' rules: paid on time, the
unposted looked at weekly)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from robot.journal.model import Outcome, OutcomeKind
from robot.reporting.excel import AMOUNT, DATE, Column, list_sheet
from robot.reporting.labels import route_label

SHEET = "Manuel efter forfald"
COLUMNS = (
    Column("Forfaldsdato", 11, DATE),
    Column("Dage til forfald", 9, centre=True),
    Column("Status", 14),
    Column("ERP-id", 11),
    Column("Faktura", 20, wrap=True),
    Column("Leverandør", 22, wrap=True),
    Column("Betalingsmåde", 13),
    Column("Kode", 20, wrap=True),
    Column("Beløb", 12, AMOUNT),
    Column("Valuta", 6, centre=True),
    Column("Note", 60, wrap=True),
)


@dataclass(frozen=True, slots=True)
class Waiting:
    outcome: Outcome
    days_left: int | None  # negative: overdue by that many days; None: no due date known

    @property
    def status(self) -> str:
        if self.days_left is None:
            return "Ingen forfaldsdato"
        if self.days_left < 0:
            return f"Forfalden ({-self.days_left} dage)"
        if self.days_left == 0:
            return "Forfalder i dag"
        return "Ikke forfalden"


def in_manual_by_due_date(outcomes: Iterable[Outcome], *, today: date) -> list[Waiting]:
    """Each invoice whose latest outcome sent it to manual handling: overdue first (longest
    overdue at the top), then by due date; those without one last."""
    latest: dict[str, Outcome] = {}
    for outcome in outcomes:
        if outcome.outcome in (OutcomeKind.SKIPPED,):
            continue
        latest[outcome.erp_id] = outcome
    waiting = [
        Waiting(o, (o.due_date - today).days if o.due_date else None)
        for o in latest.values()
        if o.outcome is OutcomeKind.MANUAL
    ]
    return sorted(
        waiting,
        key=lambda w: (
            w.days_left is None,
            w.days_left if w.days_left is not None else 0,
            w.outcome.erp_id,
        ),
    )


def write_due_sheet(sheet: Worksheet, waiting: Sequence[Waiting], *, title: str) -> None:
    list_sheet(sheet, COLUMNS, (_row(w) for w in waiting), title=title)


def _row(w: Waiting) -> tuple[object, ...]:
    o = w.outcome
    return (
        o.due_date,
        w.days_left,
        w.status,
        o.erp_id,
        o.invoice_key,
        o.supplier_name,
        route_label(o.route),
        o.code.value if o.code else "",
        o.amount,
        o.currency if o.amount is not None else "",
        o.note,
    )
