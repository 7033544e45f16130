"""The bundle's `benefits.json` (contract section 11) as pydantic models, and loading it into the
benefits system's database."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from fake_systems.bundle.models import BundleError, Citizen, _Model

_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
_LOADED_AT = "1970-01-01T00:00:00Z"


class Agreement(_Model):
    """A rent agreement (huslejeaftale); `valid_to` None: open-ended."""

    agreement_id: str = Field(min_length=1, max_length=40)
    cpr: str
    landlord_cvr: str
    landlord_name: str
    address: str
    rent: Decimal = Field(gt=0)
    valid_from: date
    valid_to: date | None = None

    @field_validator("cpr")
    @classmethod
    def _cpr(cls, value: str) -> str:
        return value.replace("-", "").strip()

    @field_validator("landlord_cvr")
    @classmethod
    def _eight_digits(cls, value: str) -> str:
        digits = value.strip().upper().removeprefix("DK").strip()
        if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
            raise ValueError("a CVR number is 8 digits")
        return digits


class Payout(_Model):
    """A benefit payout (udbetaling) for one month."""

    payout_id: str = Field(min_length=1, max_length=40)
    cpr: str
    month: str = Field(pattern=_MONTH)
    benefit: str
    amount: Decimal = Field(ge=0)
    status: Literal["planlagt", "udbetalt"]

    @field_validator("cpr")
    @classmethod
    def _cpr(cls, value: str) -> str:
        return value.replace("-", "").strip()


class Deduction(_Model):
    """A rent deduction (huslejetræk) already taken off a payout."""

    payout_id: str
    agreement_id: str
    month: str = Field(pattern=_MONTH)
    amount: Decimal = Field(gt=0)
    invoice_ref: str = Field(min_length=1, max_length=100)


class BenefitsData(_Model):
    citizens: list[Citizen] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    payouts: list[Payout] = Field(default_factory=list)
    deductions: list[Deduction] = Field(default_factory=list)


def load_benefits(
    conn: sqlite3.Connection, data: BenefitsData, users: list[tuple[str, str, str]]
) -> None:
    """Writes the users and the bundle's benefits data in one transaction; BundleError when the
    data contradicts itself (an unknown citizen, payout or agreement, a month deducted twice)."""
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)", users
        )
        conn.executemany(
            "INSERT INTO citizens (cpr, name) VALUES (?, ?)",
            [(c.cpr, c.name) for c in data.citizens],
        )
        conn.executemany(
            "INSERT INTO agreements (agreement_id, cpr, landlord_cvr, landlord_name, address,"
            " rent, valid_from, valid_to, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import')",
            [
                (
                    a.agreement_id,
                    a.cpr,
                    a.landlord_cvr,
                    a.landlord_name,
                    a.address,
                    f"{a.rent:.2f}",
                    a.valid_from.isoformat(),
                    a.valid_to.isoformat() if a.valid_to else None,
                )
                for a in data.agreements
            ],
        )
        conn.executemany(
            "INSERT INTO payouts (payout_id, cpr, month, benefit, amount, status)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (p.payout_id, p.cpr, p.month, p.benefit, f"{p.amount:.2f}", p.status)
                for p in data.payouts
            ],
        )
        conn.executemany(
            "INSERT INTO deductions (payout_id, agreement_id, month, amount, invoice_ref,"
            " registered_by, registered_at) VALUES (?, ?, ?, ?, ?, 'import', ?)",
            [
                (d.payout_id, d.agreement_id, d.month, f"{d.amount:.2f}", d.invoice_ref, _LOADED_AT)
                for d in data.deductions
            ],
        )
        conn.execute("COMMIT")
    except sqlite3.IntegrityError as error:
        raise BundleError(f"benefits.json: inconsistent data ({error})") from None
