"""The months an invoice's texts name (``oktober 2026``, ``okt. 2026``, ``10.2026``, ``10/2026``):
what a bill without a period is for, as a supplier writes it on its lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

_NAMES = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "marts": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Longest names first, so ``september`` is not read as ``sep`` followed by ``tember``.
_NAME_ALTERNATIVES = "|".join(sorted(_NAMES, key=len, reverse=True))
_BY_NAME = re.compile(
    rf"(?<![^\W\d_])({_NAME_ALTERNATIVES})\.?[\s\u00a0]*(?:['’]?)((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# 10.2026, 10/2026, 10-2026 (also the tail of a date such as 31.10.2026), and 2026-10 (also
# the head of an ISO date).
_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})[./\-](20\d\d|19\d\d)(?![\d/.\-]\d)")
_YEAR_MONTH = re.compile(r"(?<![\d.\-/])(20\d\d|19\d\d)-(\d{1,2})(?!\d)")


def months_named(texts: Iterable[str]) -> frozenset[date]:
    """The first day of every month the texts name; empty when they name none."""
    found: set[date] = set()
    for text in texts:
        found |= _months_in(text)
    return frozenset(found)


@lru_cache(maxsize=4096)
def _months_in(text: str) -> frozenset[date]:
    found: set[date] = set()
    for match in _BY_NAME.finditer(text):
        found.add(date(int(match.group(2)), _NAMES[match.group(1).lower()], 1))
    for match in _MONTH_YEAR.finditer(text):
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            found.add(date(year, month, 1))
    for match in _YEAR_MONTH.finditer(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            found.add(date(year, month, 1))
    return frozenset(found)
