"""Durations as operators write them on a command line: ``90s``, ``45m``, ``26h``, ``2d``, or
parts of them together (``1h30m``)."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+)([smhd])")
HOW_TO_WRITE = "write a whole number and a unit, e.g. 90s, 45m, 26h or 2d"


class BadDuration(ValueError):
    """Not a duration; the message says how to write one."""


def parse_duration(text: str) -> timedelta:
    """The duration `text` names; BadDuration when it names none, or nothing at all."""
    written = text.strip().lower()
    parts = _PART.findall(written)
    if not written or "".join(n + u for n, u in parts) != written:
        raise BadDuration(f"not a duration: {text!r}; {HOW_TO_WRITE}")
    seconds = sum(int(number) * _UNITS[unit] for number, unit in parts)
    if seconds <= 0:
        raise BadDuration(f"a duration must be longer than 0: {text!r}; {HOW_TO_WRITE}")
    return timedelta(seconds=seconds)


def spoken(seconds: float) -> str:
    """A duration for a person: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 days 3 h``."""
    whole = max(0, round(seconds))
    if whole < 120:
        return f"{whole} s"
    minutes = whole // 60
    if minutes < 120:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"
