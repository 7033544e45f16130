"""Form fields shared by the stand-ins: each parser returns the value or adds a Danish refusal."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

from stdnum.dk import cvr
from stdnum.exceptions import ValidationError

from fake_systems.web.formatting import parse_amount, parse_date
from fake_systems.web.refusals import Refusal

MAX_REF = 100
MAX_TYPE = 40
# Control (Cc), format (Cf: bidi overrides, zero-width) and line/paragraph separators: a
# reference holding them prints differently from what it is, or breaks a line in an export.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def has_hidden_characters(text: str) -> bool:
    return any(unicodedata.category(char) in _HIDDEN for char in text)


def date_field(text: str, field: str, label: str, refusals: list[Refusal]) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        message = f"{label} »{text}« er ikke en gyldig dato (skriv fx 2026-10-01 eller 01.10.2026)."
        refusals.append(Refusal("date_format", message, field=field))
        return None


def required_date(text: str, field: str, label: str, refusals: list[Refusal]) -> date | None:
    if not text.strip():
        refusals.append(Refusal(f"{field}_missing", f"{label} skal udfyldes.", field=field))
        return None
    return date_field(text, field, label, refusals)


def positive_amount(text: str, field: str, label: str, refusals: list[Refusal]) -> Decimal | None:
    """A DKK amount above 0 with at most 2 decimals (`1100.00`, `1.100,00`, `1100`)."""
    try:
        value = parse_amount(text)
    except ValueError:
        message = (
            f"{label} »{text}« er ikke et gyldigt beløb (skriv fx 32240.00, højst 2 decimaler)."
        )
        refusals.append(Refusal("amount_format", message, field=field))
        return None
    if value <= 0:
        message = f"{label} skal være større end 0."
        refusals.append(Refusal("amount_not_positive", message, field=field))
        return None
    return value


def invoice_ref(text: str, refusals: list[Refusal]) -> str:
    """The invoice reference, stripped: 1-100 characters, none of them hidden."""
    ref = text.strip()
    if not ref or len(ref) > MAX_REF:
        message = f"Fakturareference skal udfyldes (højst {MAX_REF} tegn)."
        refusals.append(Refusal("invoice_ref_missing", message, field="invoice_ref"))
    elif has_hidden_characters(ref):
        message = "Fakturareference må ikke indeholde kontroltegn (fx linjeskift eller tabulator)."
        refusals.append(Refusal("invoice_ref_control", message, field="invoice_ref"))
    return ref


def cvr_number(text: str, field: str, label: str, refusals: list[Refusal]) -> str:
    """A CVR number's 8 digits (`DK 12345674` accepted), modulus 11 checked."""
    try:
        value = str(cvr.validate(text))
    except ValidationError:
        value = ""
    if not (value.isascii() and value.isdigit()):
        message = f"{label} skal være et gyldigt CVR-nummer (8 cifre, fx 12345674)."
        refusals.append(Refusal("cvr_invalid", message, field=field))
        return ""
    return value


def short_text(text: str, field: str, label: str, refusals: list[Refusal]) -> str:
    """A short one-line text (a certificate type): spaces collapsed, 1-40 visible characters."""
    value = " ".join(text.split())
    if not value or len(value) > MAX_TYPE or has_hidden_characters(value):
        message = f"{label} skal udfyldes med højst {MAX_TYPE} tegn (fx LÆ 265)."
        refusals.append(Refusal(f"{field}_invalid", message, field=field))
    return value
