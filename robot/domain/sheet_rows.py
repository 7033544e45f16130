"""What the mapping workbook's rows share: validity dates with either end open, and an amount
interval with an open top, both ends included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def valid_between(day: date, valid_from: date | None, valid_to: date | None) -> bool:
    """True when the day lies within ``Gyldig fra``–``Gyldig til`` (blank: open)."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def within(amount: Decimal, amount_from: Decimal, amount_to: Decimal | None) -> bool:
    """True when the amount lies within ``Beløb fra``–``Beløb til`` (blank top: no bound)."""
    return amount_from <= amount and (amount_to is None or amount <= amount_to)
