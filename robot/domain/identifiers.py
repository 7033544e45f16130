"""The identifiers: CPR (no modulus 11, century rule), CVR (modulus 11), EAN/GLN, PSP."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache

from stdnum import ean
from stdnum.dk import cpr, cvr
from stdnum.exceptions import InvalidChecksum, ValidationError

# A PSP (WBS) element as the ERP names them, e.g. XG-5385010001-00007: a short letter
# prefix, a number, and up to three numeric sub-levels.
_PSP_PATTERN = re.compile(r"[A-Z]{1,4}-\d{4,12}(?:-\d{1,6}){0,3}")


def cpr_birth_date(number: str) -> date | None:
    """The birth date in a 10-digit CPR (dash allowed) by the century rule, or None.

    No modulus-11 check: CPR numbers issued since 2007 need not satisfy it.
    """
    digits = number if len(number) == 10 else cpr.compact(number)
    # ASCII only: str.isdigit() also accepts ² and other scripts' digits (０, ٣), which
    # the library's int() then refuses or reads as a date no log masking would recognise.
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return None
    return _birth_date(digits)


@lru_cache(maxsize=1 << 16)
def _birth_date(digits: str) -> date | None:
    """stdnum's ``dk.cpr.get_birth_date`` for 10 ASCII digits, without its clean-up (which
    changes nothing in them and costs more than the rule at 100,000 invoices a run)."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    century = digits[6]  # the first digit of the serial number picks the century
    if century in "5678" and year >= 58:
        year += 1800
    elif century in "0123" or (century in "49" and year >= 37):
        year += 1900
    else:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_valid_cpr(number: str, *, today: date) -> bool:
    """True when the first six digits are a real date, not after today."""
    born = cpr_birth_date(number)
    return born is not None and born <= today


class CvrProblem(StrEnum):
    """Why a supplier CVR cannot be used."""

    MISSING = "missing"
    MALFORMED = "malformed"  # not 8 digits, or starting with 0
    CHECKSUM = "checksum"  # modulus 11 with weights 2,7,6,5,4,3,2,1 fails


def normalize_cvr(value: str) -> str:
    """The CVR's 8 digits, without a ``DK`` prefix or separators."""
    if len(value) == 8 and value.isdigit():
        return value
    return str(cvr.compact(value or ""))


@lru_cache(maxsize=1 << 12)
def cvr_problem(value: str | None) -> CvrProblem | None:
    """None for a valid CVR, otherwise what is wrong with it (cached: an inbox has few
    suppliers, and every invoice's CVR is checked)."""
    if not value or not value.strip():
        return CvrProblem.MISSING
    if len(value) == 8 and value.isdigit() and value[0] != "0":  # the common case, fast
        return None if cvr.checksum(value) == 0 else CvrProblem.CHECKSUM
    try:
        cvr.validate(value)
    except InvalidChecksum:
        return CvrProblem.CHECKSUM
    except ValidationError:
        return CvrProblem.MALFORMED
    return None


def is_valid_cvr(value: str | None) -> bool:
    return cvr_problem(value) is None


def is_valid_ean(value: str | None) -> bool:
    """An EAN/GLN location number: 13 digits with the GS1 check digit."""
    if not value:
        return False
    digits = ean.compact(value)
    return len(digits) == 13 and bool(ean.is_valid(digits))


def looks_like_psp(value: str) -> bool:
    """True when the text has the shape of a PSP element (it may still be closed in the ERP)."""
    return _PSP_PATTERN.fullmatch(value) is not None
