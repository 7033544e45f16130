"""Turning the case system's grant and payment rows into domain values (no browser here)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from robot.domain.models import Grant, Order, Payment, RateChange
from robot.errors import ScreenChanged

Fields = dict[str, Any]


def _value(row: Fields, testid: str, screen: str, *, text: bool = False) -> str:
    cell = row.get(testid)
    if cell is None:
        raise ScreenChanged(page=screen, element=f"column '{testid}'")
    raw = None if text else cell.get("value")
    return str(raw if raw is not None else cell.get("text", "")).strip()


def _decimal(text: str, screen: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ScreenChanged(page=screen, element="readable number in a grant or payment") from None


def grant_from_row(row: Fields, *, cpr: str, screen: str) -> Grant:
    unit = _value(row, "grant-rate-unit", screen)
    status = _value(row, "grant-status", screen)
    valid_to = _value(row, "grant-valid-to", screen)
    return Grant(
        grant_id=_value(row, "grant-id", screen),
        cpr=cpr,
        provider_cvr=_value(row, "grant-provider-cvr", screen, text=True),
        paragraph=_value(row, "grant-paragraph", screen, text=True),
        service=_value(row, "grant-service", screen, text=True),
        art=_value(row, "grant-art", screen, text=True),
        ownership=_value(row, "grant-ownership", screen, text=True),
        target_group=_value(row, "grant-target-group", screen, text=True),
        rate=_decimal(_value(row, "grant-rate", screen), screen),
        rate_unit=unit,  # type: ignore[arg-type]
        hours_per_month=_decimal(_value(row, "grant-hours", screen), screen),
        valid_from=date.fromisoformat(_value(row, "grant-valid-from", screen)),
        valid_to=date.fromisoformat(valid_to) if valid_to else None,
        status=status,  # type: ignore[arg-type]
        rate_changes=_rate_changes(row, screen),
    )


def _rate_changes(row: Fields, screen: str) -> tuple[RateChange, ...]:
    """The grant's rates from its rates cell (JSON in its data-value), the first from valid
    from included (it equals the grant's rate, or replaces it); none without the cell."""
    cell = row.get("grant-rates")
    if cell is None or not cell.get("value"):
        return ()
    try:
        rates = json.loads(cell["value"])
        parsed = [RateChange(date.fromisoformat(r["from"]), Decimal(r["rate"])) for r in rates]
    except (ValueError, KeyError, TypeError, InvalidOperation):
        raise ScreenChanged(page=screen, element="readable rates of a grant") from None
    return tuple(parsed)


def order_from_row(row: Fields, *, cpr: str, screen: str) -> Order:
    status = _value(row, "order-status", screen)
    return Order(
        order_id=_value(row, "order-id", screen),
        cpr=cpr,
        doctor_cvr=_value(row, "order-doctor-cvr", screen),
        certificate_type=_value(row, "order-type", screen),
        ordered_on=date.fromisoformat(_value(row, "order-ordered-on", screen)),
        status=status,  # type: ignore[arg-type]
    )


def payment_from_row(row: Fields, *, screen: str) -> Payment:
    amount = _decimal(_value(row, "payment-amount", screen), screen)
    return Payment(
        grant_id=_value(row, "payment-grant-id", screen, text=True),
        period_start=date.fromisoformat(_value(row, "payment-period-start", screen)),
        period_end=date.fromisoformat(_value(row, "payment-period-end", screen)),
        amount=amount if amount is not None else Decimal(0),
        invoice_ref=_value(row, "payment-invoice-ref", screen, text=True),
    )
