"""The ERP's document ids: the integer key shown to people as ERP-000123."""

from __future__ import annotations

import re

_ERP_ID = re.compile(r"^(?:ERP-)?0*(\d{1,12})$", re.IGNORECASE)


def format_erp_id(invoice_id: int) -> str:
    return f"ERP-{invoice_id:06d}"


def parse_erp_id(text: str) -> int | None:
    """`ERP-000123` or `123` -> 123; None for anything else."""
    match = _ERP_ID.match(text.strip())
    return int(match.group(1)) if match else None


def normalise_cvr(text: str) -> str:
    """`DK 12345674` -> `12345674`, as the ERP stores supplier CVRs."""
    cleaned = text.strip().replace(" ", "").upper()
    return cleaned.removeprefix("DK")
