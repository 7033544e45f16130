"""A year of the ERP's history before the run date (contract section 12), beside what the cases
and the planted proposals wrote: providers' monthly invoices for citizens (each with its CPR,
so learning leaves them out) and institutions' purchases from a few hundred suppliers of goods,
on days that never recur with a cadence, posted to one PSP element or several. About eight
posted invoices per invoice in the inbox (an inbox holds about a month's bills), at most
20,000. No pair written here can be proposed as a plan (tests check this against the rules)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import TARGET_GROUPS, Service, psp_for
from fake_systems.scenarios.documents import grant_line_text
from fake_systems.scenarios.history_pairs import Line, amount_between, irregular_days, new_company
from fake_systems.scenarios.history_pairs import post as post_invoice
from fake_systems.scenarios.money import month_bounds, previous_month
from fake_systems.scenarios.people import Provider
from fake_systems.scenarios.plan_book import Receiver
from fake_systems.scenarios.supplies import SUPPLY_KINDS, SupplyKind
from fake_systems.scenarios.world import GRANT_RECEIVER, Period, World

PER_INVOICE, LEAST, MOST = 8, 400, 20_000


def history_size(invoices: int) -> int:
    return max(LEAST, min(MOST, invoices * PER_INVOICE))


def write_year(world: World) -> None:
    """Half the year's history from providers for citizens, half from suppliers of goods."""
    target = history_size(world.invoices)
    _grant_history(world, target // 2)
    _supply_history(world, target - target // 2)


def _months_before(world: World, count: int) -> list[Period]:
    """The ``count`` whole months before the billed month, oldest first."""
    months, (year, month) = [], (world.month[0].year, world.month[0].month)
    for _ in range(count):
        year, month = previous_month(year, month)
        months.append(month_bounds(year, month))
    return months[::-1]


def _cost(service: Service, rate: Decimal, period: Period) -> Decimal:
    if service.unit == "day":
        return rate * ((period[1] - period[0]).days + 1)
    if service.unit == "hour":
        return rate * (service.hours[0] if service.hours else 1)
    return rate


def _grant_history(world: World, count: int) -> None:
    """Citizens' stays billed month by month, for a run of months up to the billed one."""
    months, providers = _months_before(world, 11), world.all_providers()
    made = 0
    while made < count:
        provider: Provider = world.rng.choice(providers)
        service = world.service(provider)
        rate, cpr = world.rate_for(service), world.ids.cpr()
        group = world.rng.choice(TARGET_GROUPS)
        stay = months[-world.rng.randint(2, 11) :]
        if world.rng.random() < 0.2:  # a stay that ended during the year
            stay = stay[: world.rng.randint(1, len(stay))]
        for month in stay:
            amount = _cost(service, rate, month)
            psp = psp_for(service.paragraph, provider.ownership, group, month[0])
            text = grant_line_text(service.name, cpr, month[0])
            issued = month[1] + timedelta(days=world.rng.randint(1, 3))
            at = issued + timedelta(days=world.rng.randint(3, 9))
            lines: list[Line] = [(text, amount, psp)]
            post_invoice(
                world,
                provider,
                GRANT_RECEIVER,
                lines,
                at=at,
                issued=issued,
                period=month,
                by="robot",
            )
        made += len(stay)


def _supply_history(world: World, count: int) -> None:
    """Suppliers of goods, each delivering to one to three institutions now and then."""
    suppliers = max(24, min(300, world.invoices // 8))
    per_pair = max(2, count // (suppliers * 2))
    first, last = world.as_of - timedelta(days=350), world.as_of - timedelta(days=1)
    for _ in range(suppliers):
        kind: SupplyKind = world.rng.choice(SUPPLY_KINDS)
        company = new_company(world, kind.company)
        receivers = world.plan_book.receivers
        for receiver in world.rng.sample(receivers, min(len(receivers), world.rng.randint(1, 3))):
            n = max(1, round(per_pair * world.rng.uniform(0.3, 1.7)))
            psps = _psps(world, kind, receiver)
            mixed = world.rng.random() < 0.4
            for day in irregular_days(world.rng, min(n, 300), first, last):
                lines = _supply_lines(world, kind, psps, mixed=mixed)
                issued = day - timedelta(days=world.rng.randint(2, 6))
                post_invoice(world, company, receiver.ean, lines, at=day, issued=issued)


def _psps(world: World, kind: SupplyKind, receiver: Receiver) -> list[str]:
    """The institution's PSP element for the kind first, then one for another kind."""
    other = world.rng.choice([k for k in SUPPLY_KINDS if k is not kind])
    return [
        world.open_psp(k.psp(receiver.number, world.as_of.year), f"{k.item} {receiver.place}")
        for k in (kind, other)
    ]


def _supply_lines(world: World, kind: SupplyKind, psps: list[str], *, mixed: bool) -> list[Line]:
    """One to three lines of the kind's goods; some institutions post a share elsewhere."""
    count = min(len(kind.texts), world.rng.randint(1, 3))
    return [
        (
            text,
            amount_between(world.rng, kind.low // 2, kind.high // 2),
            psps[1] if mixed and world.rng.random() < 0.3 else psps[0],
        )
        for text in world.rng.sample(kind.texts, count)
    ]
