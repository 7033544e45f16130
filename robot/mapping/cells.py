"""Reading one cell as the text, art number, PSP element or date it should be."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from robot.domain.identifiers import looks_like_psp

_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y")
# Characters that show as nothing (zero-width space and joiners, word joiner, byte-order mark,
# soft hyphen). Text pasted from a web page or a mail carries them; a key holding one would
# look right in Excel and never match a grant, so they are dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class CellError(ValueError):
    """The cell cannot be read as what its column holds; the message is for an admin."""


def clean(text: str) -> str:
    """The text without invisible characters and surrounding white space."""
    return text.translate(_INVISIBLE).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def read_text(value: object) -> str:
    """Text as typed; a number typed where text was meant reads as it shows (107, not 107.0)."""
    if isinstance(value, str):
        text = clean(value)
        if text in _EXCEL_ERRORS:
            raise CellError(f"shows the Excel error {text}; fix the formula or type the value")
        return text
    if isinstance(value, bool):
        raise CellError(f"holds {str(value).upper()}, not text")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        raise CellError(
            f"holds a date ({value:%d.%m.%Y}), not text; Excel may have turned what was typed "
            "into a date: format the cell as text and type it again"
        )
    raise CellError(f"holds {value!r}, not text")


def read_art(value: object) -> str:
    """An art number typed as a number keeps one decimal, as the chart of accounts writes it:
    Excel stores 4.0 as 4, so 4 and 4.0 both read "4.0"; 4.5 reads "4.5"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(repr(value)).normalize()
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -1:
            return f"{number:.1f}"
        return f"{number:f}"
    return read_text(value)


def read_psp(value: object) -> str:
    text = read_text(value)
    if not looks_like_psp(text):
        raise CellError(
            f"'{text}' does not look like a PSP element (like XG-5385010001-00007: capital "
            "letters, a dash, digits, and dash-separated digits)"
        )
    return text


def read_date(value: object) -> date | None:
    """A date cell, or a date typed as text (2026-01-01 or 01.01.2026); blank means open."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = clean(value)
        if text in _EXCEL_ERRORS:
            raise CellError(f"shows the Excel error {text}; fix the formula or type the date")
        for pattern in _DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
        raise CellError(f"'{text}' is not a date; type a date such as 01.01.2026")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"holds the number {value}, not a date; format the cell as a date")
    raise CellError(f"holds {value!r}, not a date")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)
