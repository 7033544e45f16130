"""The bundle being built: providers, citizens, grants, payments, certificate orders, payment
plans, the benefits system's rent data and history, and the helpers the cases use to add to it.
Everything a case adds is recorded here; nothing is computed back from the finished data."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from fake_systems.scenarios.catalogue import (
    OWNERSHIPS,
    SERVICES,
    TARGET_GROUPS,
    ProviderKind,
    Service,
)
from fake_systems.scenarios.catalogue import rate_decimal as _rate
from fake_systems.scenarios.documents import (
    DocumentSpec,
    LineSpec,
    Supplier,
    cpr_note,
    grant_line_text,
)
from fake_systems.scenarios.expected import Expected, Status
from fake_systems.scenarios.money import (
    month_bounds,
    per_day,
    per_month,
    previous_month,
    with_rates,
)
from fake_systems.scenarios.people import Identities, Provider
from fake_systems.scenarios.plan_book import Company, PlanBook
from fake_systems.scenarios.refs import GrantRef, Party, Period, Rates
from fake_systems.scenarios.rent_book import RentBook

KINDS: tuple[ProviderKind, ...] = ("bo", "dag", "stu")
GRANT_RECEIVER = "5798000000001"  # the social services' EAN that providers invoice (documents.py)
__all__ = ["Expected", "GrantRef", "Party", "Period", "Rates", "Status", "World"]


@dataclass
class World:
    rng: random.Random
    as_of: date
    ids: Identities
    invoices: int = 0  # how many the bundle will hold: pools of suppliers grow with it
    providers: dict[ProviderKind, list[Provider]] = field(default_factory=dict)
    citizens: list[dict[str, Any]] = field(default_factory=list)
    grants: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    plans: PlanBook | None = None
    rent: RentBook | None = None
    doctors: list[Company] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # re-sent invoices, one of each paid
    # PSP elements the history uses beyond the mapping's (name, open), and the ground truth of
    # learning from history: the Betalingsplaner rows to propose, and the pairs not to, and why.
    psp_elements: dict[str, tuple[str, bool]] = field(default_factory=dict)
    plan_proposals: list[dict[str, str]] = field(default_factory=list)
    plan_decoys: dict[str, str] = field(default_factory=dict)
    _numbers: dict[str, int] = field(default_factory=dict)

    @classmethod
    def create(cls, rng: random.Random, *, as_of: date, invoices: int) -> World:
        world = cls(rng, as_of, Identities(rng, today=as_of), invoices)
        count = max(6, min(400, invoices // 25))
        for n in range(count):
            kind = KINDS[n] if n < len(KINDS) else rng.choices(KINDS, (45, 40, 15))[0]
            world.providers.setdefault(kind, []).append(world.ids.provider(kind))
        world.plans = PlanBook(rng, world.ids, as_of=as_of, invoices=invoices)
        world.rent = RentBook(rng, world.ids, as_of=as_of, invoices=invoices)
        return world

    @property
    def plan_book(self) -> PlanBook:
        assert self.plans is not None
        return self.plans

    @property
    def rent_book(self) -> RentBook:
        assert self.rent is not None
        return self.rent

    @cached_property
    def month(self) -> Period:
        """The billing month: the last whole month before the run date."""
        return month_bounds(*previous_month(self.as_of.year, self.as_of.month))

    def provider(self, kind: ProviderKind | None = None) -> Provider:
        chosen = kind if kind is not None else self.rng.choice(KINDS)
        return self.rng.choice(self.providers[chosen])

    def other_provider(self, provider: Provider) -> Provider:
        others = [p for p in self.all_providers() if p.cvr != provider.cvr]
        return self.rng.choice(others)

    def all_providers(self) -> list[Provider]:
        return [p for kind in KINDS for p in self.providers.get(kind, [])]

    def citizen(self, *, registered: bool = True) -> tuple[str, str]:
        cpr, name = self.ids.cpr(), self.ids.name()
        if registered:
            self.citizens.append({"cpr": cpr, "name": name})
        return cpr, name

    def service(self, provider: Provider, unit: str | None = None) -> Service:
        fits = [s for s in SERVICES if s.kind == provider.kind and unit in (None, s.unit)]
        return self.rng.choice(fits or [s for s in SERVICES if s.kind == provider.kind])

    def rate_for(self, service: Service) -> Decimal:
        """A rate from the service's range."""
        steps = (service.rate_high - service.rate_low) // service.step
        return _rate(service.rate_low + service.step * self.rng.randint(0, steps))

    def grant(
        self,
        cpr: str,
        provider: Provider,
        service: Service,
        *,
        covers: Period | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
        status: str = "active",
        key: tuple[str, str, str, str] | None = None,
        rate: Decimal | None = None,
        hours: int | Literal["variable"] | None = None,
        changes: Rates = (),
    ) -> GrantRef:
        """Add a grant; by default active, with a rate from the service's range, valid over
        ``covers`` (the billing month) with some time either side; ``changes`` are the
        provider's later rates, each from a day after ``valid_from``."""
        start, end = covers or self.month
        fixed_hours = None
        if service.hours and hours != "variable":
            fixed_hours = hours if isinstance(hours, int) else self.rng.randint(*service.hours)
        rate = self.rate_for(service) if rate is None else rate
        group = self.rng.choice(TARGET_GROUPS)
        key = key or (service.paragraph, OWNERSHIPS[provider.ownership], provider.ownership, group)
        valid_from = valid_from or start - timedelta(days=self.rng.randrange(30, 900))
        if valid_to is None and self.rng.random() < 0.3:
            valid_to = end + timedelta(days=self.rng.randrange(30, 400))
        ref = GrantRef(
            f"B-{len(self.grants) + 1001}", cpr, provider, service, rate, fixed_hours, key, changes
        )
        assert all(day > valid_from for day, _ in changes), "a rate change follows valid_from"
        record: dict[str, Any] = {
            "grant_id": ref.grant_id,
            "cpr": cpr,
            "provider_cvr": provider.cvr,
            "paragraph": key[0],
            "service": service.name,
            "art": key[1],
            "ownership": key[2],
            "target_group": key[3],
            "rate": f"{rate:.2f}",
            "rate_unit": service.unit,
            "hours_per_month": str(fixed_hours) if fixed_hours is not None else None,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None,
            "status": status,
        }
        if changes:
            record["rate_changes"] = [
                {"from": day.isoformat(), "rate": f"{value:.2f}"} for day, value in changes
            ]
        self.grants.append(record)
        return ref

    def cost(self, grant: GrantRef, period: Period, *, changes: Rates | None = None) -> Decimal:
        """What the grant costs for the period; ``changes`` instead of the grant's own."""
        assert grant.rate is not None
        changes = grant.changes if changes is None else changes
        if changes:
            rates = ((date.min, grant.rate), *changes)
            return with_rates(grant.service.unit, rates, grant.hours, *period)
        if grant.service.unit == "day":
            return per_day(grant.rate, *period)
        monthly = grant.rate * (grant.hours or 1) if grant.service.unit == "hour" else grant.rate
        return per_month(monthly, *period)

    def number(self, party: Party) -> str:
        n = self._numbers.get(party.cvr, self.rng.randrange(100, 5000)) + 1
        self._numbers[party.cvr] = n
        return f"{party.number_prefix}{n:05d}"

    def pay(self, grant: GrantRef, period: Period, *, invoice_ref: str | None = None) -> str:
        """Register an earlier payment on the grant (and its posting in the ERP's history)."""
        number = self.number(grant.provider)
        amount = self.cost(grant, period)
        ref = invoice_ref or f"{grant.provider.cvr}/{number}"
        self.payments.append(
            {
                "grant_id": grant.grant_id,
                "period_start": period[0].isoformat(),
                "period_end": period[1].isoformat(),
                "amount": f"{amount:.2f}",
                "invoice_ref": ref,
            }
        )
        if invoice_ref is None:
            text = grant_line_text(grant.service.name, grant.cpr, period[0])
            self.posted(
                grant.provider.cvr,
                number,
                amount,
                period[1] + timedelta(days=8),
                receiver=GRANT_RECEIVER,
                period=period,
                issued=period[1] + timedelta(days=3),
                lines=[(text, amount, grant.psp(period[0]))],
                name=grant.provider.name,
                by="robot",
            )
        return number

    def posted(
        self,
        cvr: str,
        number: str,
        amount: Decimal,
        at: date,
        *,
        receiver: str | None = None,
        period: Period | None = None,
        issued: date | None = None,
        lines: Sequence[tuple[str, Decimal, str]] = (),
        name: str = "",
        by: str = "okonomi",
    ) -> None:
        """An invoice the ERP posted before the bundle's invoices (never after the run date): to
        a receiver and for a period when a payment plan's cadence check must see it, with its
        issue date and lines (text, amount, PSP element) when learning from history reads it."""
        entry: dict[str, Any] = {
            "supplier_cvr": cvr,
            "invoice_number": number,
            "amount": f"{amount:.2f}",
            "posted_at": min(at, self.as_of).isoformat(),
        }
        if name:
            entry["supplier_name"] = name
        if receiver is not None:
            entry["receiver_gln"] = receiver
        if issued is not None:
            entry["issue_date"] = min(issued, self.as_of).isoformat()
        if period is not None:
            entry["period_start"], entry["period_end"] = (d.isoformat() for d in period)
        entry["posted_by"] = by
        if lines:
            entry["lines"] = [
                {"text": text, "amount": f"{value:.2f}", "psp": psp} for text, value, psp in lines
            ]
        self.history.append(entry)

    def open_psp(self, psp: str, name: str, *, is_open: bool = True) -> str:
        """A PSP element the history posts to, listed in erp.json (open unless told)."""
        self.psp_elements.setdefault(psp, (name, is_open))
        return psp

    def line(
        self,
        grant: GrantRef,
        cpr: str,
        name: str,
        period: Period,
        *,
        amount: Decimal | None = None,
        note: str | None = None,
        own_period: bool = False,
    ) -> LineSpec:
        """The invoice line a provider writes for the grant: the CPR in the note by default."""
        unit = {"day": ("DAY", "døgn"), "month": ("MON", "md."), "hour": ("HUR", "timer")}
        code, label = unit[grant.service.unit]
        rate = f"{grant.rate:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        return LineSpec(
            amount=amount if amount is not None else self.cost(grant, period),
            note=cpr_note(self.rng, cpr, name, period[0]) if note is None else note,
            item_name=grant.service.name,
            item_description=f"Takst {rate} kr. pr. {label}",
            quantity="1",
            unit_code=code,
            period=period if own_period else None,
        )

    def document(
        self,
        provider: Party,
        lines: list[LineSpec],
        period: Period | None,
        *,
        issued: date | None = None,
        **kw: Any,
    ) -> DocumentSpec:
        """The invoice, issued a few days after its period (never after the run date)."""
        end = period[1] if period else self.month[1]
        if issued is None:
            issued = min(end + timedelta(days=self.rng.randrange(1, 10)), self.as_of)
        supplier = Supplier(provider.name, provider.cvr, provider.gln)
        kw.setdefault("version", self.rng.choices(("2.02", "2.1", "3.0"), (70, 20, 10))[0])
        return DocumentSpec(
            supplier=supplier,
            number=self.number(provider),
            issue_date=issued,
            lines=tuple(lines),
            period=period,
            **kw,
        )
