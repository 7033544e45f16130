"""What a freshly loaded bundle holds that decides the robot's requests beyond its ground truth:
the inbox in the order the robot's queue takes it, the invoices posted before the run, how many
rows a filter of the ERP's posted list shows, and the payout a rent deduction goes on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from fake_systems.benefits import store as benefits_store
from fake_systems.db import BENEFITS_DB, ERP_DB, connect
from fake_systems.erp.ids import format_erp_id
from fake_systems.erp.posted import PostedFilter, posted_count
from robot.domain.models import Invoice, InvoiceLine

# The journal's queue: earliest due first, those without a due date last, then by ERP id
# (robot/journal/sql.py); ids of six digits sort as numbers do.
_QUEUE_ORDER = "ORDER BY COALESCE(due_date, '9999-12-31'), id"


@dataclass
class BundleState:
    erp: sqlite3.Connection
    benefits: sqlite3.Connection

    def inbox(self) -> list[Invoice]:
        """Every unposted invoice, as the robot's queue takes them."""
        rows = self.erp.execute(
            f"SELECT * FROM invoices WHERE status = 'unposted' {_QUEUE_ORDER}"
        ).fetchall()
        lines: dict[int, list[sqlite3.Row]] = {}
        for line in self.erp.execute("SELECT * FROM invoice_lines ORDER BY invoice_id, line_no"):
            lines.setdefault(line["invoice_id"], []).append(line)
        return [_invoice(row, lines.get(row["id"], [])) for row in rows]

    def posted_keys(self) -> set[str]:
        """Supplier CVR and invoice number of everything posted before the run (its history,
        and receipts posted already): the invoice page shows such a namesake as posted."""
        found = self.erp.execute(
            "SELECT supplier_cvr, invoice_number FROM posted_history UNION"
            " SELECT supplier_cvr, invoice_number FROM invoices WHERE status = 'posted'"
        )
        return {f"{cvr}/{number}" for cvr, number in found}

    def posted_rows(self, filters: PostedFilter) -> int:
        """How many rows the posted list shows for the filter, as loaded (the stand-in's count)."""
        return posted_count(self.erp, filters=filters)

    def payout_for(self, agreement_id: str, month: str) -> str:
        """The payout the robot deducts a month's rent from: the citizen's planned payout for
        the month with the most left, ties by id (robot/domain/rent_decision.py)."""
        agreement = benefits_store.get_agreement(self.benefits, agreement_id=agreement_id)
        if agreement is None:
            raise ValueError(f"the benefits system has no agreement {agreement_id}")
        planned = [
            p
            for p in benefits_store.citizen_payouts(self.benefits, cpr=agreement["cpr"])
            if p.month == month and p.status == "planlagt"
        ]
        if not planned:
            raise ValueError(f"no planned payout for agreement {agreement_id} in {month}")
        return min(planned, key=lambda p: (-p.left, p.payout_id)).payout_id


@contextmanager
def bundle_state(data_dir: Path) -> Iterator[BundleState]:
    erp, benefits = connect(data_dir / ERP_DB), connect(data_dir / BENEFITS_DB)
    try:
        yield BundleState(erp, benefits)
    finally:
        erp.close()
        benefits.close()


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _invoice(row: sqlite3.Row, lines: list[sqlite3.Row]) -> Invoice:
    return Invoice(
        erp_id=format_erp_id(row["id"]),
        supplier_cvr=row["supplier_cvr"],
        invoice_number=row["invoice_number"],
        total=Decimal(row["total"]),
        supplier_name=row["supplier_name"],
        doc_type=row["doc_type"],
        currency=row["currency"],
        issue_date=_date(row["issue_date"]),
        due_date=_date(row["due_date"]),
        period_start=_date(row["period_start"]),
        period_end=_date(row["period_end"]),
        buyer_reference=row["buyer_reference"],
        type_code=row["type_code"],
        receiver_ean=row["receiver_gln"],
        lines=tuple(
            InvoiceLine(
                number=line["line_no"],
                amount=Decimal(line["amount"]),
                note=line["note"],
                item_name=line["item_name"],
                item_description=line["item_description"],
                period_start=_date(line["period_start"]),
                period_end=_date(line["period_end"]),
            )
            for line in lines
        ),
    )
