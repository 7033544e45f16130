"""Cases the robot should pay: one grant survives every stage, the PSP row is there, no
control stops it. Each builder adds what it needs to the world and returns the invoice with
its expected outcome."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fake_systems.scenarios.documents import DocumentSpec, LineSpec, plain_note
from fake_systems.scenarios.money import month_bounds, previous_month
from fake_systems.scenarios.world import Expected, GrantRef, Period, World

Case = tuple[DocumentSpec, Expected]
APPROVAL_LIMIT = Decimal("100000.00")


def posted(*lines: tuple[GrantRef, Period, LineSpec]) -> Expected:
    return Expected(
        "posted", None, tuple((g.grant_id, g.psp(p[0]), spec.amount) for g, p, spec in lines)
    )


def earlier_month(world: World) -> Period:
    return month_bounds(*previous_month(*divmod_month(world)))


def divmod_month(world: World) -> tuple[int, int]:
    start = world.month[0]
    return start.year, start.month


def paid_single(world: World) -> Case:
    """One citizen, one grant, the billing month; sometimes with last month already paid."""
    provider = world.provider()
    cpr, name = world.citizen()
    before = earlier_month(world)
    grant = world.grant(cpr, provider, world.service(provider), covers=(before[0], world.month[1]))
    if world.rng.random() < 0.4:
        world.pay(grant, before)
    line = world.line(grant, cpr, name, world.month)
    return world.document(provider, [line], world.month), posted((grant, world.month, line))


def paid_hours(world: World) -> Case:
    provider = world.provider("dag")
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider, "hour"))
    line = world.line(grant, cpr, name, world.month)
    return world.document(provider, [line], world.month), posted((grant, world.month, line))


def paid_part_month(world: World) -> Case:
    """The grant starts (or ends) inside the month: the invoice covers only those days."""
    provider = world.provider()
    cpr, name = world.citizen()
    service = world.service(provider, world.rng.choice(("month", "day")))
    start, end = world.month
    cut = start + timedelta(days=world.rng.randrange(3, 20))
    if world.rng.random() < 0.5:
        grant = world.grant(cpr, provider, service, valid_from=cut)
        period = (cut, end)
    else:
        grant = world.grant(cpr, provider, service, valid_to=cut, covers=(start, cut))
        period = (start, cut)
    line = world.line(grant, cpr, name, period)
    return world.document(provider, [line], period), posted((grant, period, line))


def paid_two_months(world: World) -> Case:
    """A late invoice for last month and this one together, prorated month by month (from a
    day service or school, whose two months stay below the approval limit)."""
    provider = world.provider(world.rng.choice(("dag", "stu")))
    cpr, name = world.citizen()
    before = earlier_month(world)
    period = (before[0] + timedelta(days=world.rng.randrange(0, 10)), world.month[1])
    if period[0].year != period[1].year:  # January: December is another fiscal year
        period = (world.month[0], world.month[1])
    grant = world.grant(cpr, provider, world.service(provider), covers=period)
    line = world.line(grant, cpr, name, period)
    return world.document(provider, [line], period), posted((grant, period, line))


def paid_buyer_reference(world: World) -> Case:
    """The CPR only in the buyer's reference (Contact/ID, or BuyerReference in OIOUBL 3.0)."""
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    line = world.line(grant, cpr, name, world.month, note=plain_note(world.month[0], name))
    version = world.rng.choice(("2.02", "2.1", "3.0"))
    document = world.document(provider, [line], world.month, buyer_reference=cpr, version=version)
    return document, posted((grant, world.month, line))


def paid_among_other_grants(world: World) -> Case:
    """The citizen has grants that each stage must eliminate, and one that survives them all."""
    provider = world.provider()
    cpr, name = world.citizen()
    service = world.service(provider)
    start = world.month[0]
    grant = world.grant(cpr, provider, service)
    other = world.other_provider(provider)
    world.grant(cpr, other, world.service(other))
    world.grant(cpr, provider, service, status="ended", valid_to=start - timedelta(days=1))
    world.grant(cpr, provider, service, valid_to=start + timedelta(days=9), covers=(start, start))
    assert grant.rate is not None
    world.grant(cpr, provider, service, rate=grant.rate + service.step, hours=grant.hours)
    line = world.line(grant, cpr, name, world.month)
    return world.document(provider, [line], world.month), posted((grant, world.month, line))


def paid_collective(world: World) -> Case:
    """One provider bills several citizens, one line each, some lines with their own period."""
    provider = world.provider()
    lines: list[tuple[GrantRef, Period, LineSpec]] = []
    total = Decimal(0)
    for _ in range(world.rng.randint(2, 5)):
        cpr, name = world.citizen()
        grant = world.grant(cpr, provider, world.service(provider))
        own = world.rng.random() < 0.3
        line = world.line(grant, cpr, name, world.month, own_period=own)
        if lines and total + line.amount > APPROVAL_LIMIT:
            break
        total += line.amount
        lines.append((grant, world.month, line))
    document = world.document(provider, [spec for _, _, spec in lines], world.month)
    return document, posted(*lines)
