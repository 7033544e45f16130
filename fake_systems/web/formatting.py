"""Danish display of amounts and dates, and lenient parsing of what people and the robot type."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
_PLAIN = re.compile(r"^-?\d+(\.\d{1,2})?$")
_DANISH = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d{1,2})?$|^-?\d+(,\d{1,2})?$")
_DANISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_amount(text: str) -> Decimal:
    """A DKK amount from `32240.00`, `32240`, `32.240,00` or `32240,00`; at most 2 decimals.

    Raises ValueError when the text is not such an amount.
    """
    cleaned = text.strip().replace(" ", "")
    if _PLAIN.match(cleaned):
        normal = cleaned
    elif _DANISH.match(cleaned):
        normal = cleaned.replace(".", "").replace(",", ".")
    else:
        raise ValueError(text)
    try:
        return Decimal(normal)
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only decimals
        raise ValueError(text) from exc


def parse_date(text: str) -> date:
    """A date from ISO `2026-10-01` or Danish `01.10.2026`; raises ValueError otherwise."""
    cleaned = text.strip()
    match = _DANISH_DATE.match(cleaned)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    return date.fromisoformat(cleaned)


def da_amount(value: object) -> str:
    """`32240.5` -> `32.240,50`; empty for None or an empty string."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{cents}"


def machine_amount(value: object) -> str:
    """The stable form in data-value attributes: `32240.00`."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"


def da_date(value: object) -> str:
    """`2026-10-01` -> `01.10.2026`; empty for None or an empty string; other text unchanged."""
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def da_month(value: object) -> str:
    """`2026-12` -> `12.2026`; empty for None or an empty string; other text unchanged."""
    text = str(value or "")
    year, dash, month = text.partition("-")
    if dash and len(year) == 4 and len(month) == 2 and (year + month).isdigit():
        return f"{month}.{year}"
    return text


def da_datetime(value: object) -> str:
    """`2026-11-23T02:00:05Z` -> `23.11.2026 03:00:05`: stored in UTC, shown in Danish local
    time (CET, CEST in summer); a stamp without a zone is taken as UTC, as everything stored."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(DANISH_TIME).strftime("%d.%m.%Y %H:%M:%S")


def danish_today() -> date:
    """Today's date in Denmark: what "overdue" is measured against, wherever the server runs."""
    return datetime.now(DANISH_TIME).date()


def days_until(value: object, *, today: date) -> int | None:
    """Days from today to an ISO date (negative: that many days ago); None without a date."""
    if not value:
        return None
    try:
        return (date.fromisoformat(str(value)[:10]) - today).days
    except ValueError:
        return None


def format_cpr(cpr: str) -> str:
    """`0101901234` -> `010190-1234` (shown inside the case system only)."""
    return f"{cpr[:6]}-{cpr[6:]}" if len(cpr) == 10 else cpr
