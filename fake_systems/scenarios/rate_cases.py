"""Cases across a provider's rate change (contract section 6): paid at the split amount when the
grant holds the new rate, and AMOUNT_MISMATCH, with its fix, when the grant lacks it."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import SERVICES, ProviderKind, Service
from fake_systems.scenarios.documents import DocumentSpec
from fake_systems.scenarios.expected import Expected, Fix
from fake_systems.scenarios.paid import posted
from fake_systems.scenarios.people import Provider
from fake_systems.scenarios.world import Rates, World

Case = tuple[DocumentSpec, Expected]
_KIND_FOR_UNIT: dict[str, ProviderKind] = {"day": "bo", "month": "dag", "hour": "dag"}
# The highest first rate, so that two raises of 6 % keep a month below the approval limit.
_CAP = {"day": Decimal("2700.00"), "month": Decimal("85000.00"), "hour": Decimal("650.00")}


def _provider_and_service(world: World, unit: str) -> tuple[Provider, Service]:
    provider = world.provider(_KIND_FOR_UNIT[unit])
    return provider, next(
        s for s in world.rng.sample(SERVICES, len(SERVICES)) if _fits(s, provider, unit)
    )


def _fits(service: Service, provider: Provider, unit: str) -> bool:
    return service.kind == provider.kind and service.unit == unit


def _change_day(world: World) -> date:
    """A day inside the billed month, after its first."""
    start = world.month[0]
    return start + timedelta(
        days=world.rng.randrange(1, calendar.monthrange(start.year, start.month)[1])
    )


def _raised(world: World, service: Service, rate: Decimal) -> Decimal:
    """A new rate 1-6 % above the old one (now and then below), in the service's steps."""
    steps = max(1, round(rate * Decimal(world.rng.randint(1, 6)) / 100 / service.step))
    change = service.step * steps
    return rate + change if world.rng.random() < 0.85 else max(rate - change, Decimal(service.step))


def paid_across_rate_change(world: World, unit: str) -> Case:
    """The grant holds the new rate from a day in the billed month (and now and then an earlier
    change at New Year too): the invoice bills each stretch at its rate."""
    provider, service = _provider_and_service(world, unit)
    cpr, name = world.citizen()
    start = world.month[0]
    valid_from = start - timedelta(days=world.rng.randrange(60, 900))
    rate = min(world.rate_for(service), _CAP[unit])
    changes: Rates = ()
    new_year = date(start.year, 1, 1)
    if valid_from < new_year < start and world.rng.random() < 0.5:
        changes = ((new_year, _raised(world, service, rate)),)
    last = changes[-1][1] if changes else rate
    if not changes or world.rng.random() < 0.75:
        changes = (*changes, (_change_day(world), _raised(world, service, last)))
    grant = world.grant(cpr, provider, service, valid_from=valid_from, rate=rate, changes=changes)
    line = world.line(grant, cpr, name, world.month)
    return world.document(provider, [line], world.month), posted((grant, world.month, line))


def paid_across_day_rate_change(world: World) -> Case:
    return paid_across_rate_change(world, "day")


def paid_across_month_rate_change(world: World) -> Case:
    return paid_across_rate_change(world, "month")


def paid_across_hour_rate_change(world: World) -> Case:
    return paid_across_rate_change(world, "hour")


def new_rate_not_on_grant(world: World) -> Case:
    """The provider bills its new rate from a day in the month, but the grant still has only
    the old one: AMOUNT_MISMATCH, paid once a caseworker adds the rate (Ny takst)."""
    unit = world.rng.choice(("day", "month", "hour"))
    provider, service = _provider_and_service(world, unit)
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, service, rate=min(world.rate_for(service), _CAP[unit]))
    assert grant.rate is not None
    change = (_change_day(world), _raised(world, service, grant.rate))
    amount = world.cost(grant, world.month, changes=(change,))
    line = world.line(grant, cpr, name, world.month, amount=amount)
    paying = (grant.grant_id, grant.psp(world.month[0]), amount)
    fix = Fix(grant.grant_id, change[1], change[0], (paying,))
    document = world.document(provider, [line], world.month)
    return document, Expected("manual", "AMOUNT_MISMATCH", fix=fix)
