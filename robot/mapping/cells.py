"""Reading one cell as the text, art number, PSP element, date, amount, CVR or EAN it should be.

Each reader raises CellError with a message that continues the column's name for an admin:
``Art`` + `` indeholder en dato (04.10.2026), ikke tekst; ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from robot.domain.formatting import format_date
from robot.domain.identifiers import CvrProblem, cvr_problem, is_valid_ean, looks_like_psp
from robot.mapping.suggest import suggest_psp

_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y")
# Characters that show as nothing (zero-width space and joiners, word joiner, byte-order mark,
# soft hyphen). Text pasted from a web page or a mail carries them; a key holding one would
# look right in Excel and never match a grant, so they are dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Amounts as admins type them: 9000,00 and 9.000,00 (Danish), 9000.00; "kr." around is fine.
_DANISH_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_POINT_AMOUNT = re.compile(r"\d+\.\d{1,2}")
_CURRENCY = re.compile(r"^(?:kr\.?|dkk)\s*|\s*(?:kr\.?|dkk)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
ORE = Decimal("0.01")


class CellError(ValueError):
    """The cell cannot be read as what its column holds; the message is for an admin."""


@dataclass(frozen=True, slots=True)
class Percent:
    """A number cell formatted as a percentage: Excel stores 10 % as 0.1; ``value`` is 10."""

    value: Decimal

    @classmethod
    def of_stored(cls, stored: float) -> Percent:
        return cls(Decimal(repr(stored)) * 100)


def clean(text: str) -> str:
    """The text without invisible characters and surrounding white space."""
    if text.isascii():  # the common case: nothing invisible to drop
        return text.strip()
    return text.translate(_INVISIBLE).strip()


def is_blank(value: object) -> bool:
    """None, "" (how the reader gives an empty cell), or only spaces and invisible characters."""
    return value is None or value == "" or (isinstance(value, str) and not clean(value))


def read_text(value: object) -> str:
    """Text as typed; a number typed where text was meant reads as it shows (107, not 107.0)."""
    if isinstance(value, str):
        text = clean(value)
        if text in _EXCEL_ERRORS:
            raise CellError(f"viser Excel-fejlen {text}; ret formlen, eller skriv værdien")
        return text
    if isinstance(value, bool):
        raise CellError(f"indeholder {'SAND' if value else 'FALSK'}, ikke tekst")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        raise CellError(
            f"indeholder en dato ({format_date(value)}), ikke tekst; Excel kan have lavet det "
            "skrevne om til en dato: formatér cellen som tekst, og skriv det igen"
        )
    raise CellError(f"indeholder {value!r}, ikke tekst")


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
    """A PSP element as the ERP writes it; a near miss (lower case, spaces for dashes) is an
    error that names the element meant."""
    text = read_text(value)
    if not looks_like_psp(text):
        said = (
            f"'{text}' ligner ikke et PSP-element (som XG-5385010001-00007: store bogstaver, en "
            "bindestreg, cifre og grupper af cifre adskilt af bindestreger)"
        )
        meant = suggest_psp(text)
        raise CellError(f"{said}; mente du '{meant}'?" if meant else said)
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
            raise CellError(f"viser Excel-fejlen {text}; ret formlen, eller skriv datoen")
        for pattern in _DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
        raise CellError(f"'{text}' er ikke en dato; skriv en dato som 01.01.2026")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"indeholder tallet {value}, ikke en dato; formatér cellen som dato")
    raise CellError(f"indeholder {value!r}, ikke en dato")


def read_amount(value: object) -> Decimal:
    """An amount in DKK: a number cell, or text as ``9000,00``, ``9.000,00`` or ``9000.00``."""
    if isinstance(value, bool | date):
        raise CellError(f"indeholder {_shown(value)}, ikke et beløb")
    if isinstance(value, int | float):
        amount = Decimal(repr(value))
    else:
        amount = _amount_text(read_text(value))
    if amount < 0:
        raise CellError(f"er negativt ({_plain(amount)}); skriv beløbet uden minus")
    rounded = amount.quantize(ORE)
    if abs(rounded - amount) > Decimal("0.000001"):  # a float's tail, such as 0.30000000000004
        raise CellError(f"har flere end to decimaler ({_plain(amount)}); skriv kroner og øre")
    return rounded


def _amount_text(text: str) -> Decimal:
    bare = _SPACES.sub("", _CURRENCY.sub("", text))
    negative = bare[:1] in ("-", "\u2212")  # the typographic minus comes from Word and mail
    amount = _number(bare[1:] if negative else bare)
    if amount is None:
        raise CellError(f"'{text}' er ikke et beløb; skriv det som 9000,00, 9.000,00 eller 9000.00")
    return -amount if negative else amount


def _number(bare: str) -> Decimal | None:
    if _DANISH_AMOUNT.fullmatch(bare):
        return Decimal(bare.replace(".", "").replace(",", "."))
    if _POINT_AMOUNT.fullmatch(bare):
        return Decimal(bare)
    return None


def read_cvr(value: object) -> str:
    """A CVR number: 8 digits passing modulus 11, ``DK`` in front allowed; read as 8 digits."""
    text = read_text(value)
    compact = _SPACES.sub("", text).upper().removeprefix("DK")
    problem = cvr_problem(compact)
    if problem is CvrProblem.CHECKSUM:
        raise CellError(
            f"'{text}' er ikke et gyldigt CVR-nummer (kontrollen med modulus 11 passer ikke); "
            "kopiér nummeret fra fakturaen eller CVR-registret"
        )
    if problem is not None or not (compact.isascii() and compact.isdigit()):
        raise CellError(f"'{text}' er ikke et CVR-nummer (8 cifre, det første ikke 0)")
    return compact


def read_ean(value: object) -> str:
    """An EAN (GLN) location number: 13 digits with the GS1 check digit; read as 13 digits."""
    text = read_text(value)
    compact = _SPACES.sub("", text).replace("-", "")
    if not (len(compact) == 13 and compact.isascii() and compact.isdigit()):
        raise CellError(f"'{text}' er ikke et EAN-nummer (13 cifre)")
    if not is_valid_ean(compact):
        raise CellError(
            f"'{text}' er ikke et gyldigt EAN-nummer (kontrolcifferet passer ikke); kopiér "
            "nummeret fra fakturaen eller ERP'et"
        )
    return compact


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _plain(amount: Decimal) -> str:
    return f"{amount:f}".replace(".", ",")


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, date):
        return f"en dato ({format_date(value)})"
    return repr(value)
