"""The bundle's JSON files as pydantic models (contract section 2), with readable errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class BundleError(ValueError):
    """The bundle cannot be loaded; the message names the file, the place and the reason."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Citizen(_Model):
    cpr: str
    name: str

    @field_validator("cpr")
    @classmethod
    def _ten_digits(cls, value: str) -> str:
        digits = value.replace("-", "").strip()
        if len(digits) != 10 or not digits.isdigit():
            raise ValueError("a CPR number is 10 digits (a dash after six allowed)")
        return digits


class Provider(_Model):
    cvr: str
    name: str


class RateChange(_Model):
    """A rate in force from `from` (inclusive) until the next change (contract section 6)."""

    from_: date = Field(alias="from")
    rate: Decimal = Field(gt=0)


class Grant(_Model):
    grant_id: str
    cpr: str
    provider_cvr: str
    paragraph: str
    service: str
    art: str = ""
    ownership: str = ""
    target_group: str = ""
    rate: Decimal | None = None
    rate_unit: Literal["day", "month", "hour"]
    hours_per_month: Decimal | None = None
    valid_from: date
    valid_to: date | None = None
    status: Literal["active", "ended", "cancelled"]
    rate_changes: list[RateChange] = []

    @field_validator("cpr")
    @classmethod
    def _cpr(cls, value: str) -> str:
        return value.replace("-", "").strip()

    @model_validator(mode="after")
    def _changes_after_the_base_rate(self) -> Grant:
        # The grant's own rate is in force from valid_from: every change comes later, once.
        days = [change.from_ for change in self.rate_changes]
        if days and self.rate is None:
            raise ValueError("rate_changes need a grant with a fixed rate")
        if any(day <= self.valid_from for day in days):
            raise ValueError("a rate change must start after valid_from")
        if len(set(days)) != len(days):
            raise ValueError("two rate changes on one date")
        return self


class Payment(_Model):
    grant_id: str
    period_start: date
    period_end: date
    amount: Decimal
    invoice_ref: str


class Order(_Model):
    """A doctor's certificate order (contract section 10); a paid one may carry its payment."""

    order_id: str = Field(min_length=1, max_length=40)
    cpr: str
    doctor_cvr: str
    certificate_type: str = Field(min_length=1, max_length=40)
    ordered_on: date
    status: Literal["open", "paid", "cancelled"]
    amount: Decimal | None = None
    invoice_ref: str | None = None

    @field_validator("cpr")
    @classmethod
    def _cpr(cls, value: str) -> str:
        return value.replace("-", "").strip()

    @field_validator("doctor_cvr")
    @classmethod
    def _eight_digits(cls, value: str) -> str:
        digits = value.strip().upper().removeprefix("DK").strip()
        if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
            raise ValueError("a CVR number is 8 digits")
        return digits


class CaseSystemData(_Model):
    citizens: list[Citizen] = []
    providers: list[Provider] = []
    grants: list[Grant] = []
    payments: list[Payment] = []
    orders: list[Order] = []


class PspElement(_Model):
    psp: str
    name: str = ""
    open: bool = True


class PostedLine(_Model):
    """One line of an earlier posting as it was posted (contract section 12)."""

    text: str = Field(default="", max_length=500)
    amount: Decimal
    psp: str = Field(default="", max_length=60)


class PostedInvoice(_Model):
    supplier_cvr: str
    invoice_number: str
    amount: Decimal
    posted_at: str
    # Since turn 2 (contract section 8), for the payment plans' cadence check; optional.
    receiver_gln: str = ""
    period_start: date | None = None
    period_end: date | None = None
    # Since turn 3 (contract section 12), the whole posting, for learning from history; optional.
    supplier_name: str = ""
    issue_date: date | None = None
    posted_by: str = ""
    lines: list[PostedLine] = []


class ErpData(_Model):
    psp_elements: list[PspElement] = []
    posted_invoices: list[PostedInvoice] = []


class User(_Model):
    username: str
    password: str
    role: Literal["robot", "caseworker", "finance", "admin"]


M = TypeVar("M", bound=BaseModel)


def read_json(path: Path, model: type[M]) -> M:
    """Read one bundle file; BundleError naming the file and the first few problems."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BundleError(f"{path.name}: missing from the bundle") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BundleError(f"{path.name}: not valid JSON ({error})") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'/'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}"
            for e in error.errors()[:5]
        )
        raise BundleError(f"{path.name}: {problems}") from None


def read_users(path: Path) -> list[User]:
    class _Users(_Model):
        users: list[User]

    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise BundleError(f"{path.name}: not valid JSON ({error})") from None
    try:
        return _Users.model_validate({"users": raw}).users
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(p) for p in first["loc"][1:])
        raise BundleError(f"{path.name}: {where}: {first['msg']}") from None
