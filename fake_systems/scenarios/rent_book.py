"""The bundle's benefits system (contract section 11) and the `Udlejere` rows of its workbook: the
approved landlords, citizens on benefits with their rent agreements, their monthly payouts and
the rent already deducted from them. Cases add what they need; benefits.json is written from it."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from fake_systems.scenarios.catalogue import (
    BENEFIT_WEIGHTS,
    BENEFITS,
    RENT_HIGH,
    RENT_LOW,
    WIDE_RENT_TOLERANCE,
    rent_psp,
)
from fake_systems.scenarios.money import month_bounds
from fake_systems.scenarios.people import PLACES, Identities
from fake_systems.scenarios.plan_book import Company
from fake_systems.scenarios.tenancies import Landlord, Month, Tenancy, month_key, shift

STREETS = (
    "Fjordvej", "Skolegade", "Parkvænget", "Søndergade", "Engtoften", "Æblehaven", "Bøgevej",
    "Kirkestræde", "Vestergade", "Rosenvænget", "Havnegade", "Lærkevej",
)  # fmt: skip
LANDLORD_NAMES = (
    "Boligselskabet {}", "Boligforeningen {}", "Lejerbo, afdeling {}",
    "Andelsboligforeningen {}", "Ejendomsadministration {} ApS",
)  # fmt: skip
HISTORY_MONTHS = 4  # payouts run from this many months before the run date's month


class RentBook:
    """What the benefits system and the `Udlejere` sheet hold, grown as cases need it."""

    def __init__(self, rng: random.Random, ids: Identities, *, as_of: date, invoices: int):
        self.rng, self.ids, self.year = rng, ids, as_of.year
        self.current = month_bounds(as_of.year, as_of.month)  # the run date's month
        self.ahead = shift(self.current, 1)  # rent billed ahead
        self.billed = shift(self.current, -1)  # its payout has gone out
        self.landlords: list[Landlord] = []  # the Udlejere rows, in sheet order
        self.unlisted: list[Landlord] = []
        self.citizens: list[dict[str, Any]] = []
        self.agreements: list[dict[str, Any]] = []
        self.payouts: list[dict[str, Any]] = []
        self.deductions: list[dict[str, Any]] = []
        self._payouts: dict[tuple[str, date], dict[str, Any]] = {}
        self._deducted: dict[tuple[str, date], Decimal] = {}  # (payout id, month): total
        self._agreement_months: set[tuple[str, date]] = set()
        self._pool: list[Landlord] = []
        self._target = max(3, min(200, invoices // 80))
        self._pool.append(self._add())  # a blank Afvigelse %: 10 %
        self.wide = self._add(tolerance=WIDE_RENT_TOLERANCE, remark="Renoveret afdeling")
        self._pool.append(self.wide)
        self.ended = self._add(valid_to=self.billed[1], remark="Godkendelse ophørt")
        self.later = self._add(valid_from=shift(self.ahead, 1)[0], remark="Ny udlejer")

    def _company(self) -> Company:
        name = self.rng.choice(LANDLORD_NAMES).format(self.rng.choice(PLACES))
        prefix = self.rng.choice(("", "HL-", "L", f"{self.year}"))
        return Company(name, self.ids.cvr(), self.ids.gln(), prefix)

    def _add(
        self,
        *,
        tolerance: Decimal | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
        remark: str = "",
    ) -> Landlord:
        landlord = Landlord(
            self._company(),
            rent_psp(len(self.landlords) + 1, self.year),
            tolerance,
            valid_from or date(self.year - 1, 1, 1),
            valid_to,
            remark,
        )
        self.landlords.append(landlord)
        return landlord

    def landlord(self) -> Landlord:
        """An approved landlord, valid in every month the cases bill; a new one while few."""
        if len(self._pool) < self._target or self.rng.random() < 0.05:
            tolerance = self.rng.choices((None, Decimal(10), Decimal(15)), (80, 8, 12))[0]
            self._pool.append(self._add(tolerance=tolerance))
            return self._pool[-1]
        return self.rng.choice(self._pool)

    def other_landlord(self, landlord: Landlord) -> Landlord:
        for _ in range(5):
            other = self.landlord()
            if other.company.cvr != landlord.company.cvr:
                return other
        self._pool.append(self._add())
        return self._pool[-1]

    def unlisted_landlord(self) -> Landlord:
        """A landlord the admins have not approved: no row in the sheet."""
        if len(self.unlisted) < 3:
            company = self._company()
            self.unlisted.append(Landlord(company, "", None, None, None, listed=False))
        return self.rng.choice(self.unlisted)

    def citizen(self, *, registered: bool = True) -> tuple[str, str]:
        cpr, name = self.ids.cpr(), self.ids.name()
        if registered:
            self.citizens.append({"cpr": cpr, "name": name})
        return cpr, name

    def rent(self) -> Decimal:
        return Decimal(self.rng.randrange(RENT_LOW, RENT_HIGH + 1)).quantize(Decimal("0.01"))

    def address(self, *, garage: bool = False) -> str:
        street, number = self.rng.choice(STREETS), self.rng.randint(1, 120)
        if garage:
            return f"Garage {self.rng.randint(1, 40)}, {street} {number}"
        floor = self.rng.choice(("st.", "1.", "2.", "3.", "4."))
        return f"{street} {number}, {floor} {self.rng.choice(('th', 'tv', 'mf'))}"

    def agreement(
        self,
        cpr: str,
        name: str,
        landlord: Landlord,
        *,
        rent: Decimal,
        valid_from: date,
        valid_to: date | None = None,
        address: str | None = None,
        record: bool = True,
    ) -> Tenancy:
        """A rent agreement; ``record`` False: only what an invoice names, unknown to the system."""
        tenancy = Tenancy(
            f"HA-{len(self.agreements) + 3001}",
            cpr,
            name,
            landlord,
            address or self.address(),
            rent,
            valid_from,
            valid_to,
        )
        if record:
            self.agreements.append(
                {
                    "agreement_id": tenancy.agreement_id,
                    "cpr": cpr,
                    "landlord_cvr": landlord.company.cvr,
                    "landlord_name": landlord.company.name,
                    "address": tenancy.address,
                    "rent": f"{rent:.2f}",
                    "valid_from": valid_from.isoformat(),
                    "valid_to": valid_to.isoformat() if valid_to else None,
                }
            )
        return tenancy

    def on_benefits(self, cpr: str, *, at_least: Decimal, until: Month | None = None) -> None:
        """Monthly payouts from a few months back to the month after the run date's (or to
        ``until``): gone out before the run date's month, planned from it on."""
        benefit, amount = self._benefit(at_least)
        month = shift(self.current, -HISTORY_MONTHS)
        last = until or self.ahead
        while month[0] <= last[0]:
            status = "udbetalt" if month[0] < self.current[0] else "planlagt"
            record = {
                "payout_id": f"U-{len(self.payouts) + 7001}",
                "cpr": cpr,
                "month": month_key(month),
                "benefit": benefit,
                "amount": f"{amount:.2f}",
                "status": status,
            }
            self.payouts.append(record)
            self._payouts[(cpr, month[0])] = record
            month = shift(month, 1)

    def _benefit(self, at_least: Decimal) -> tuple[str, Decimal]:
        """A benefit and its monthly amount, at least ``at_least`` and some to live on."""
        need = int(at_least) + 500
        fits = [(b, w) for b, w in zip(BENEFITS, BENEFIT_WEIGHTS, strict=True) if b[2] >= need]
        if not fits:  # a large family's kontanthjælp
            return BENEFITS[0][0], Decimal(need + self.rng.randrange(0, 2000)).quantize(Decimal(1))
        (name, low, high), _ = self.rng.choices(fits, [w for _, w in fits])[0]
        return name, Decimal(self.rng.randint(max(low, need), high)).quantize(Decimal("0.01"))

    def payout(self, cpr: str, month: Month) -> dict[str, Any]:
        return self._payouts[(cpr, month[0])]

    def set_payout(self, cpr: str, month: Month, amount: Decimal) -> None:
        """A payout of another size that month (reduced by a sanction, or a part month)."""
        record = self.payout(cpr, month)
        assert amount >= self._deducted.get((record["payout_id"], month[0]), Decimal(0))
        record["amount"] = f"{amount:.2f}"

    def left(self, cpr: str, month: Month) -> Decimal:
        """What the month's payout has left after the deductions on it."""
        record = self.payout(cpr, month)
        taken = self._deducted.get((record["payout_id"], month[0]), Decimal(0))
        return Decimal(record["amount"]) - taken

    def deduct(self, tenancy: Tenancy, month: Month, amount: Decimal, invoice_ref: str) -> None:
        """A rent deduction on the month's payout: an agreement's month at most once."""
        key = (tenancy.agreement_id, month[0])
        assert key not in self._agreement_months, "an agreement's month is deducted once"
        assert amount <= self.left(tenancy.cpr, month), "a deduction fits in its payout"
        payout_id = self.payout(tenancy.cpr, month)["payout_id"]
        self._agreement_months.add(key)
        self._deducted[(payout_id, month[0])] = (
            self._deducted.get((payout_id, month[0]), Decimal(0)) + amount
        )
        self.deductions.append(
            {
                "payout_id": payout_id,
                "agreement_id": tenancy.agreement_id,
                "month": month_key(month),
                "amount": f"{amount:.2f}",
                "invoice_ref": invoice_ref,
            }
        )

    def as_json(self) -> dict[str, Any]:
        """benefits.json (contract section 11)."""
        return {
            "citizens": self.citizens,
            "agreements": self.agreements,
            "payouts": self.payouts,
            "deductions": self.deductions,
        }
