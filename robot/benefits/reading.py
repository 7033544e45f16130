"""Turning the benefits system's agreement, payout and deduction rows into domain values (no
browser here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from robot.domain.benefits import Deduction, Payout, PayoutStatus, RentAgreement
from robot.errors import ScreenChanged

Fields = dict[str, Any]
_STATUSES: dict[str, PayoutStatus] = {"planlagt": "planlagt", "udbetalt": "udbetalt"}


def _value(row: Fields, testid: str, screen: str, *, text: bool = False) -> str:
    """A cell's machine-readable value (its text for `text` cells), ScreenChanged without it."""
    cell = row.get(testid)
    if cell is None:
        raise ScreenChanged(page=screen, element=f"column '{testid}'")
    raw = None if text else cell.get("value")
    return str(raw if raw is not None else cell.get("text", "")).strip()


def _amount(row: Fields, testid: str, screen: str) -> Decimal:
    try:
        return Decimal(_value(row, testid, screen))
    except InvalidOperation:
        raise ScreenChanged(page=screen, element=f"readable amount in '{testid}'") from None


def _date(row: Fields, testid: str, screen: str) -> date | None:
    text = _value(row, testid, screen)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ScreenChanged(page=screen, element=f"readable date in '{testid}'") from None


def _month(row: Fields, testid: str, screen: str) -> date:
    """`2026-12` -> the month's first day."""
    try:
        return date.fromisoformat(_value(row, testid, screen) + "-01")
    except ValueError:
        raise ScreenChanged(page=screen, element=f"readable month in '{testid}'") from None


def agreement_from_row(row: Fields, *, cpr: str, screen: str) -> RentAgreement:
    valid_from = _date(row, "agreement-valid-from", screen)
    if valid_from is None:
        raise ScreenChanged(page=screen, element="readable date in 'agreement-valid-from'")
    return RentAgreement(
        agreement_id=_value(row, "agreement-id", screen),
        cpr=cpr,
        landlord_cvr=_value(row, "agreement-landlord-cvr", screen),
        landlord_name=_value(row, "agreement-landlord-name", screen, text=True),
        address=_value(row, "agreement-address", screen, text=True),
        rent=_amount(row, "agreement-rent", screen),
        valid_from=valid_from,
        valid_to=_date(row, "agreement-valid-to", screen),
    )


def payout_from_row(row: Fields, *, screen: str) -> Payout:
    status = _STATUSES.get(_value(row, "payout-status", screen))
    if status is None:
        raise ScreenChanged(page=screen, element="known status in 'payout-status'")
    return Payout(
        payout_id=_value(row, "payout-id", screen),
        month=_month(row, "payout-month", screen),
        benefit=_value(row, "payout-benefit", screen, text=True),
        amount=_amount(row, "payout-amount", screen),
        deducted=_amount(row, "payout-deducted", screen),
        status=status,
    )


def deduction_from_row(row: Fields, *, screen: str) -> Deduction:
    return Deduction(
        payout_id=_value(row, "deduction-payout-id", screen),
        agreement_id=_value(row, "deduction-agreement-id", screen),
        month=_month(row, "deduction-month", screen),
        amount=_amount(row, "deduction-amount", screen),
        invoice_ref=_value(row, "deduction-invoice-ref", screen),
    )
