"""CPR numbers as people type them into the search field."""

from __future__ import annotations

import re

_CPR = re.compile(r"^(\d{6})[- ]?(\d{4})$")


def normalise_cpr(text: str) -> str | None:
    """`010190-1234`, `010190 1234` or `0101901234` -> `0101901234`; None for anything else."""
    match = _CPR.match(text.strip())
    return match.group(1) + match.group(2) if match else None
