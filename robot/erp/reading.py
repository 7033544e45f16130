"""Turning what the ERP's invoice page shows into the domain's Invoice (no browser here)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from robot.domain.history import HistoryLine, PostedBill
from robot.domain.models import Invoice, InvoiceLine, PostedInvoice
from robot.errors import ScreenChanged

Fields = dict[str, Any]
SCREEN = "ERP invoice page"


def _value(
    fields: Fields,
    testid: str,
    *,
    attr: str = "value",
    screen: str = SCREEN,
    optional: bool = False,
) -> str:
    cell = fields.get(testid)
    if cell is None:
        if optional:
            return ""
        raise ScreenChanged(page=screen, element=f"field '{testid}'")
    raw = cell.get(attr)
    return str(raw if raw is not None else cell.get("text", "")).strip()


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _amount(text: str, what: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ScreenChanged(page=SCREEN, element=f"readable amount in {what}") from None


def invoice_from_screen(facts: Fields, lines: list[Fields]) -> Invoice:
    return Invoice(
        erp_id=_value(facts, "erp-id"),
        supplier_cvr=_value(facts, "supplier-cvr"),
        supplier_name=_value(facts, "supplier-name", attr="text"),
        invoice_number=_value(facts, "invoice-number", attr="text"),
        doc_type="credit_note" if _value(facts, "doc-type") == "credit_note" else "invoice",
        type_code=_value(facts, "type-code", optional=True),
        receiver_ean=_value(facts, "receiver-gln", optional=True),
        currency=_value(facts, "currency", attr="text"),
        total=_amount(_value(facts, "total"), "the total"),
        issue_date=_date(_value(facts, "issue-date")),
        due_date=_date(_value(facts, "due-date", optional=True)),
        period_start=_date(_value(facts, "period", attr="start")),
        period_end=_date(_value(facts, "period", attr="end")),
        buyer_reference=_value(facts, "buyer-reference", attr="text"),
        lines=tuple(_line(row) for row in lines),
    )


def _line(row: Fields) -> InvoiceLine:
    return InvoiceLine(
        number=int(_value(row, "line-no")),
        amount=_amount(_value(row, "line-amount"), "a line amount"),
        note=_value(row, "line-note", attr="text"),
        item_name=_value(row, "line-item-name", attr="text"),
        item_description=_value(row, "line-item-description", attr="text"),
        period_start=_date(_value(row, "line-period", attr="start")),
        period_end=_date(_value(row, "line-period", attr="end")),
    )


POSTED = "ERP posted invoices"


def posted_from_row(row: Fields) -> PostedInvoice:
    """One row of the posted-invoices screen (a receipt of the ERP's, or an earlier posting)."""
    return PostedInvoice(
        erp_id=_value(row, "posted-erp-id", screen=POSTED),
        invoice_number=_value(row, "posted-invoice-number", attr="text", screen=POSTED),
        doc_type="credit_note"
        if _value(row, "posted-doc-type", screen=POSTED) == "credit_note"
        else "invoice",
        issue_date=_date(_value(row, "posted-issue-date", screen=POSTED)),
        period_start=_date(_value(row, "posted-period", attr="start", screen=POSTED)),
        period_end=_date(_value(row, "posted-period", attr="end", screen=POSTED)),
        total=_amount(_value(row, "posted-total", screen=POSTED), "a posted invoice's total"),
        texts=_texts(row),
    )


def _texts(row: Fields) -> tuple[str, ...]:
    """The posted invoice's line texts (a JSON list in the cell's value); none without it."""
    raw = _value(row, "posted-texts", screen=POSTED, optional=True)
    if not raw:
        return ()
    try:
        texts = json.loads(raw)
    except ValueError:
        raise ScreenChanged(page=POSTED, element="readable line texts") from None
    if not isinstance(texts, list):
        raise ScreenChanged(page=POSTED, element="readable line texts")
    return tuple(str(t) for t in texts if t)


def bill_from_row(row: Fields) -> PostedBill:
    """One row of the posted-invoices screen with its posting lines (contract section 12)."""
    at = _value(row, "posted-at", screen=POSTED)
    return PostedBill(
        supplier_cvr=_value(row, "posted-supplier-cvr", screen=POSTED),
        supplier_name=_value(row, "posted-supplier-name", attr="text", screen=POSTED),
        receiver_ean=_value(row, "posted-receiver", screen=POSTED),
        invoice_number=_value(row, "posted-invoice-number", attr="text", screen=POSTED),
        doc_type="credit_note"
        if _value(row, "posted-doc-type", screen=POSTED) == "credit_note"
        else "invoice",
        issue_date=_date(_value(row, "posted-issue-date", screen=POSTED)),
        period_start=_date(_value(row, "posted-period", attr="start", screen=POSTED)),
        period_end=_date(_value(row, "posted-period", attr="end", screen=POSTED)),
        posted_at=_date(at[:10]) or date.min,
        posted_by=_value(row, "posted-posted-by", attr="text", screen=POSTED, optional=True),
        total=_amount(_value(row, "posted-total", screen=POSTED), "a posted invoice's total"),
        lines=_lines(row),
    )


def _lines(row: Fields) -> tuple[HistoryLine, ...]:
    raw = _value(row, "posted-lines", screen=POSTED)
    try:
        found = json.loads(raw) if raw else []
        return tuple(
            HistoryLine(text=str(x["text"]), amount=Decimal(str(x["amount"])), psp=str(x["psp"]))
            for x in found
        )
    except (ValueError, KeyError, TypeError, InvalidOperation):
        raise ScreenChanged(page=POSTED, element="readable posting lines") from None
