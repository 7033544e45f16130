"""Rent invoices the robot should pay (contract section 11, DOMAIN.md "Rent for benefit
recipients"): an approved landlord bills one calendar month of a citizen's rent agreement, within
the row's tolerance of last month's deduction (or the agreement's rent), and the month's planned
payout has room for it. Also the landlord re-sending a month under a new number."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from fake_systems.scenarios.catalogue import DEFAULT_RENT_TOLERANCE, WIDE_RENT_TOLERANCE
from fake_systems.scenarios.rent_invoices import (
    Case,
    beyond,
    billed_before,
    issued_for,
    month_named,
    months_before,
    paid,
    rent_invoice,
    rise,
)
from fake_systems.scenarios.resent import Pair, grouped
from fake_systems.scenarios.tenancies import Landlord, Month, Tenancy, shift
from fake_systems.scenarios.world import World


def settled(
    world: World,
    month: Month,
    *,
    landlord: Landlord | None = None,
    rent: Decimal | None = None,
    paid_at: Decimal | None = None,
    earlier: int | None = None,
    starts: date | None = None,
    ends: date | None = None,
    until: Month | None = None,
    margin: Decimal = Decimal(0),
) -> tuple[Tenancy, Decimal]:
    """A citizen on benefits renting from an approved landlord: ``earlier`` months (1-3) before
    ``month`` billed and deducted at ``paid_at`` (default the agreement's rent). Returns the
    tenancy and what a deviation is measured against: the last deduction, else the rent. The
    payouts run to ``until`` (default: the month after the run date's) and have room for the rent
    with some to spare, and ``margin`` more."""
    book = world.rent_book
    landlord = landlord or book.landlord()
    cpr, name = book.citizen()
    rent = rent or book.rent()
    reference = paid_at or rent
    count = world.rng.randint(1, 3) if earlier is None else earlier
    start = starts or shift(month, -count - world.rng.randint(0, 14))[0]
    if ends is None and world.rng.random() < 0.2:  # a fixed-term agreement, ending later
        ends = shift(month, world.rng.randint(1, 14))[1]
    tenancy = book.agreement(cpr, name, landlord, rent=rent, valid_from=start, valid_to=ends)
    book.on_benefits(cpr, at_least=reference * Decimal("1.3") + margin, until=until)
    billed_before(world, tenancy, months_before(month, count), reference)
    return tenancy, reference


def garage(world: World, tenancy: Tenancy, month: Month, rent: Decimal) -> None:
    """The citizen also rents a garage from another landlord, its month already deducted from
    the same payout."""
    book = world.rent_book
    other = book.other_landlord(tenancy.landlord)
    since = shift(month, -world.rng.randint(1, 12))[0]
    address = book.address(garage=True)
    kept = book.agreement(
        tenancy.cpr, tenancy.name, other, rent=rent, valid_from=since, address=address
    )
    billed_before(world, kept, [month], rent)


def _case(
    world: World,
    tenancy: Tenancy,
    amount: Decimal,
    month: Month,
    *,
    period: Month | Literal["month"] | None = "month",
    month_text: str | None = None,
    issued: date | None = None,
) -> Case:
    """The invoice, paid: asserts that what the case built leaves nothing in the way."""
    document = rent_invoice(
        world, tenancy, amount, month, period=period, month_text=month_text, issued=issued
    )
    assert world.rent_book.left(tenancy.cpr, month) >= amount, "the payout has room"
    assert tenancy.landlord.approved_in(month)
    assert tenancy.covers(month)
    return document, paid(tenancy, month, document)


def paid_rent(world: World) -> Case:
    """The usual month: billed at last month's deduction; now and then the payout already
    carries a garage's rent from another landlord, with enough left."""
    month = world.rent_book.current
    extra = Decimal(world.rng.randrange(350, 900)) if world.rng.random() < 0.15 else Decimal(0)
    tenancy, reference = settled(world, month, margin=extra)
    if extra:
        garage(world, tenancy, month, extra)
    return _case(world, tenancy, reference, month)


def paid_rent_first_month(world: World) -> Case:
    """An agreement's first month, nothing deducted under it yet: measured against its rent.
    Half the time the citizen moved within the association, the old home's agreement (with its
    lower rent deducted) ending the day before."""
    book = world.rent_book
    month, landlord = book.current, book.landlord()
    cpr, name = book.citizen()
    rent = book.rent()
    book.on_benefits(cpr, at_least=rent * Decimal("1.3"))
    if world.rng.random() < 0.5:
        old_rent = Decimal(int(rent * world.rng.randint(60, 85) / 100)).quantize(Decimal("0.01"))
        since = shift(month, -world.rng.randint(6, 30))[0]
        old = book.agreement(
            cpr, name, landlord, rent=old_rent, valid_from=since, valid_to=month[0] - timedelta(1)
        )
        billed_before(world, old, months_before(month, 2), old_rent)
    tenancy = book.agreement(cpr, name, landlord, rent=rent, valid_from=month[0])
    return _case(world, tenancy, rent, month)


def paid_rent_rise_within_tolerance(world: World) -> Case:
    """A yearly rent regulation: above last month's deduction, at most the row's Afvigelse %."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    return _case(world, tenancy, rise(world, reference, tenancy.landlord.limit), month)


def paid_rent_wider_tolerance(world: World) -> Case:
    """A rise beyond the default 10 % from the landlord whose row allows 25 % (a renovation)."""
    book = world.rent_book
    month = book.current
    tenancy, reference = settled(world, month, landlord=book.wide)
    amount = rise(world, reference, WIDE_RENT_TOLERANCE, above=DEFAULT_RENT_TOLERANCE)
    return _case(world, tenancy, amount, month)


def paid_rent_billed_ahead(world: World) -> Case:
    """Next month's rent, billed before the run date: its payout is planned."""
    month = world.rent_book.ahead
    tenancy, reference = settled(world, month)
    return _case(world, tenancy, reference, month)


def paid_rent_without_period(world: World) -> Case:
    """No period on the invoice; its line names the month (``Husleje december 2026``), which is
    not the month it was issued in."""
    book = world.rent_book
    month = world.rng.choice((book.current, book.ahead))
    tenancy, reference = settled(world, month)
    issued = min(month[0] - timedelta(days=world.rng.randrange(3, 20)), world.as_of)
    text = month_named(world, month)
    return _case(world, tenancy, reference, month, period=None, month_text=text, issued=issued)


def paid_rent_in_issue_month(world: World) -> Case:
    """No period and no month named: the rent month is the month the invoice was issued in."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    issued = month[0] + timedelta(days=world.rng.randrange((world.as_of - month[0]).days + 1))
    return _case(world, tenancy, reference, month, period=None, month_text="", issued=issued)


def paid_rent_after_regulation(world: World) -> Case:
    """The rent deducted since a regulation is well above the agreement's (never updated): the
    invoice is measured against the last deduction, not the agreement's rent."""
    book = world.rent_book
    month, landlord = book.current, book.landlord()
    old = Decimal(world.rng.randrange(3_200, 7_000)).quantize(Decimal("0.01"))
    regulated = beyond(world, old, landlord.limit)
    earlier = world.rng.randint(1, 3)
    tenancy, reference = settled(
        world, month, landlord=landlord, rent=old, paid_at=regulated, earlier=earlier
    )
    return _case(world, tenancy, reference, month)


def resent_rent(world: World) -> Pair:
    """The landlord sends the month again under a new number: one is paid, the other is
    RENT_ALREADY_PAID, whichever the robot reaches first."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    first, truth = _case(world, tenancy, reference, month, issued=issued_for(world, month))
    again = dataclasses.replace(
        first,
        number=world.number(tenancy.landlord.company),
        issue_date=min(first.issue_date + timedelta(days=world.rng.randrange(3, 20)), world.as_of),
    )
    return grouped(world, (first, truth), (again, truth), otherwise="RENT_ALREADY_PAID")
