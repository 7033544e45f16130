"""Danish formats for people: amounts ``32.240,00 kr.``, dates ``01.10.2026``, paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from robot.domain.amounts import round_ore
from robot.domain.models import Period


def format_amount(amount: Decimal) -> str:
    """``32.240,00 kr.``: dot for thousands, comma for øre."""
    english = f"{round_ore(amount):,.2f}"
    return english.replace(",", "_").replace(".", ",").replace("_", ".") + " kr."


def format_date(day: date) -> str:
    """``01.10.2026``."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def format_period(period: Period) -> str:
    """``01.10.2026–31.10.2026`` (en dash), as in remarks and notes."""
    return f"{format_date(period.start)}–{format_date(period.end)}"


def format_short_period(period: Period) -> str:
    """``01.10-31.10.2026`` for a posting's line text; the year once when both share it."""
    if period.start.year == period.end.year:
        return f"{period.start.day:02d}.{period.start.month:02d}-{format_date(period.end)}"
    return f"{format_date(period.start)}-{format_date(period.end)}"


@lru_cache(maxsize=256)
def paragraph_label(paragraph: str) -> str:
    """``§107`` for a numbered paragraph; ``STU`` as it is."""
    text = paragraph.strip().lstrip("§").strip()
    return f"§{text}" if text[:1].isdigit() else text.upper()


def join_danish(items: Sequence[str]) -> str:
    """``a``, ``a og b``, ``a, b og c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} og {items[-1]}"
