"""The run report: a summary per outcome code and one row per invoice, for finance staff."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from robot.run.excel import write_table
from robot.run.journal import Outcome

OUTCOME_LABELS = {
    "paid": "Paid",
    "manual": "Sent to manual handling",
    "failed": "Left for next run (system fault)",
    "would_pay": "Would pay (dry run)",
    "would_note": "Would send to manual handling (dry run)",
}


def summarise(outcomes: Sequence[Outcome]) -> Counter[tuple[str, str]]:
    """Counts per (outcome, code); code '' where there is none (a payment)."""
    return Counter((o.outcome, o.code or "") for o in outcomes)


def write_run_report(
    path: Path,
    *,
    outcomes: Sequence[Outcome],
    run_info: Sequence[tuple[str, str]],
    mapping_problems: Sequence[str] = (),
) -> Path:
    """Write the report workbook (owner-only) and return its path."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    counts = summarise(outcomes)
    amounts: dict[tuple[str, str], Decimal] = {}
    for o in outcomes:
        key = (o.outcome, o.code or "")
        amounts[key] = amounts.get(key, Decimal(0)) + Decimal(o.amount or 0)
    write_table(
        summary,
        ["Outcome", "Code", "Invoices", "Amount (DKK)"],
        [
            (OUTCOME_LABELS.get(outcome, outcome), code, n, amounts[(outcome, code)])
            for (outcome, code), n in sorted(counts.items())
        ],
    )
    summary.append([])
    for label, value in run_info:
        summary.append([label, value])
    write_table(
        book.create_sheet("Invoices"),
        [
            "ERP id",
            "Invoice",
            "Supplier CVR",
            "Outcome",
            "Code",
            "Grant",
            "PSP element",
            "Amount (DKK)",
            "Note",
            "Error",
        ],
        [
            (
                o.erp_id,
                o.invoice_key,
                o.supplier_cvr,
                OUTCOME_LABELS.get(o.outcome, o.outcome),
                o.code or "",
                o.grant_ids,
                o.psp,
                Decimal(o.amount) if o.amount else None,
                o.note,
                o.error,
            )
            for o in outcomes
        ],
    )
    if mapping_problems:
        write_table(
            book.create_sheet("Mapping problems"), ["Problem"], [(p,) for p in mapping_problems]
        )
    book.save(path)
    path.chmod(0o600)
    return path
