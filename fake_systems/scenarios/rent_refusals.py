"""Rent invoices that go to a person (DOMAIN.md "Rent for benefit recipients"), one builder per
code (and per way to reach it): each passes every check before its own, so the first failure is
the one it was built for."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

from fake_systems.scenarios.documents import dashed
from fake_systems.scenarios.rent_cases import garage, settled
from fake_systems.scenarios.rent_invoices import (
    RENT_EAN,
    Case,
    beyond,
    billed_before,
    month_named,
    refused,
    rent_invoice,
    share,
)
from fake_systems.scenarios.tenancies import shift
from fake_systems.scenarios.world import World


def landlord_not_approved(world: World) -> Case:
    """A housing association the admins never put in the Udlejere sheet (the caseworker did
    register the agreement)."""
    book = world.rent_book
    month = book.current
    tenancy, reference = settled(world, month, landlord=book.unlisted_landlord(), earlier=0)
    return rent_invoice(world, tenancy, reference, month), refused("LANDLORD_NOT_APPROVED")


def landlord_row_not_valid(world: World) -> Case:
    """The landlord's row ended before the month (the approval withdrawn), or begins after it."""
    book = world.rent_book
    month = book.current
    landlord = world.rng.choice((book.ended, book.later))
    earlier = world.rng.randint(1, 2) if landlord is book.ended else 0
    tenancy, reference = settled(world, month, landlord=landlord, earlier=earlier)
    assert landlord.listed
    assert not landlord.approved_in(month)
    return rent_invoice(world, tenancy, reference, month), refused("LANDLORD_NOT_APPROVED")


def rent_missing_cpr(world: World) -> Case:
    """The tenant's name and home, but no CPR on the line or in the buyer's reference."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    return rent_invoice(world, tenancy, reference, month, cpr="none"), refused("MISSING_CPR")


def rent_invalid_cpr(world: World) -> Case:
    """No such date (31 February), a birth date after today, or two citizens' CPRs."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    cpr, name, label = tenancy.cpr, tenancy.name, month_named(world, month)
    future = (world.as_of + timedelta(days=400)).strftime("%d%m%y")
    note = world.rng.choice(
        (
            f"Husleje {label} - lejer {name}, CPR 310290-{cpr[6:]}",
            f"Husleje {label}, {name} cpr {future}4{cpr[7:]}",
            f"Husleje {label} - CPR {dashed(cpr)} og {dashed(world.ids.cpr())}",
        )
    )
    document = rent_invoice(world, tenancy, reference, month, cpr="none", note=note)
    return document, refused("INVALID_CPR")


def rent_citizen_not_found(world: World) -> Case:
    """A valid CPR the benefits system does not know (the citizen is not on benefits)."""
    book = world.rent_book
    month, landlord = book.current, book.landlord()
    cpr, name = book.citizen(registered=False)
    since = shift(month, -world.rng.randint(1, 12))[0]
    tenancy = book.agreement(cpr, name, landlord, rent=book.rent(), valid_from=since, record=False)
    document = rent_invoice(world, tenancy, tenancy.rent, month, cpr="line")
    return document, refused("CITIZEN_NOT_FOUND")


def no_rent_agreement_with_landlord(world: World) -> Case:
    """An approved landlord bills a citizen whose agreement is with another landlord."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    other = world.rent_book.other_landlord(tenancy.landlord)
    billed = dataclasses.replace(tenancy, landlord=other)
    return rent_invoice(world, billed, reference, month), refused("NO_RENT_AGREEMENT")


def no_rent_agreement_ended(world: World) -> Case:
    """The tenant moved out at the end of last month, and the landlord bills again; half the
    time the citizen has a new agreement with another landlord."""
    book = world.rent_book
    month = book.current
    ended = shift(month, -1)[1]
    tenancy, reference = settled(world, month, ends=ended, earlier=world.rng.randint(1, 2))
    if world.rng.random() < 0.5:
        new = book.other_landlord(tenancy.landlord)
        book.agreement(tenancy.cpr, tenancy.name, new, rent=book.rent(), valid_from=month[0])
    return rent_invoice(world, tenancy, reference, month), refused("NO_RENT_AGREEMENT")


def no_rent_agreement_not_yet_begun(world: World) -> Case:
    """The agreement begins inside the month (moving in on the 10th), and the landlord bills the
    whole month."""
    month = world.rent_book.current
    moving_in = month[0] + timedelta(days=world.rng.randrange(4, 20))
    tenancy, reference = settled(world, month, starts=moving_in, earlier=0)
    return rent_invoice(world, tenancy, reference, month), refused("NO_RENT_AGREEMENT")


def ambiguous_rent_agreement(world: World) -> Case:
    """Two agreements with the landlord cover the month: registered twice, or the old home's
    never ended after a move within the association."""
    book = world.rent_book
    month = book.current
    tenancy, reference = settled(world, month)
    twice = world.rng.random() < 0.5
    book.agreement(
        tenancy.cpr,
        tenancy.name,
        tenancy.landlord,
        rent=tenancy.rent if twice else book.rent(),
        valid_from=shift(month, -world.rng.randint(1, 30))[0],
        address=tenancy.address if twice else None,
    )
    return rent_invoice(world, tenancy, reference, month), refused("AMBIGUOUS_RENT_AGREEMENT")


def rent_already_paid(world: World) -> Case:
    """The month is already deducted under the agreement (paid on an earlier invoice); the
    landlord bills it again under a new number."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    billed_before(world, tenancy, [month], reference)
    return rent_invoice(world, tenancy, reference, month), refused("RENT_ALREADY_PAID")


def rent_deviation(world: World) -> Case:
    """More than the row's Afvigelse % off: a rise or a drop from last month's deduction, a first
    month off the agreement's rent, or the agreement's old rent billed after deductions followed a
    regulation."""
    book = world.rent_book
    month, landlord = book.current, book.landlord()
    variant = world.rng.choice(("rise", "rise", "drop", "first", "old_rent"))
    if variant == "old_rent":
        regulated = book.rent()
        old = beyond(world, regulated, landlord.limit, down=True)
        tenancy, reference = settled(world, month, landlord=landlord, rent=old, paid_at=regulated)
        amount = old
    else:
        earlier = 0 if variant == "first" else None
        tenancy, reference = settled(world, month, landlord=landlord, earlier=earlier)
        amount = beyond(world, reference, landlord.limit, down=variant == "drop")
    assert share(amount, reference) > landlord.limit
    return rent_invoice(world, tenancy, amount, month), refused("RENT_DEVIATION")


def no_payout_for_month(world: World) -> Case:
    """The benefit stopped (the citizen found work): no payout for the month."""
    book = world.rent_book
    month = book.current
    tenancy, reference = settled(world, month, earlier=world.rng.randint(1, 2), until=book.billed)
    return rent_invoice(world, tenancy, reference, month), refused("NO_PAYOUT_FOR_MONTH")


def no_payout_as_paid_out(world: World) -> Case:
    """Last month's rent, billed late: that month's payout has gone out (udbetalt)."""
    month = world.rent_book.billed
    tenancy, reference = settled(world, month, earlier=world.rng.randint(1, 2))
    assert world.rent_book.payout(tenancy.cpr, month)["status"] == "udbetalt"
    return rent_invoice(world, tenancy, reference, month), refused("NO_PAYOUT_FOR_MONTH")


def benefit_too_small(world: World) -> Case:
    """The month's payout is reduced (a sanction, a part month), or what a garage's rent left of
    it is less than the rent."""
    book = world.rent_book
    month = book.current
    extra = Decimal(world.rng.randrange(350, 900))
    tenancy, reference = settled(world, month, margin=extra)
    if world.rng.random() < 0.5:
        book.set_payout(tenancy.cpr, month, reference * world.rng.randint(20, 95) // 100)
    else:
        garage(world, tenancy, month, extra)
        book.set_payout(tenancy.cpr, month, reference + extra - world.rng.randint(1, int(extra)))
    assert book.left(tenancy.cpr, month) < reference
    return rent_invoice(world, tenancy, reference, month), refused("BENEFIT_TOO_SMALL")


def rent_period_not_payable(world: World) -> Case:
    """A period that is not one calendar month: two months at once, mid-month to mid-month, or
    half a month."""
    book = world.rent_book
    month = book.current
    tenancy, reference = settled(world, month)
    start = month[0]
    variant = world.rng.choice(("two_months", "mid_month", "half"))
    period, amount = {
        "two_months": ((start, book.ahead[1]), reference * 2),
        "mid_month": ((start + timedelta(14), book.ahead[0] + timedelta(13)), reference),
        "half": ((start, start + timedelta(14)), (reference / 2).quantize(Decimal("0.01"))),
    }[variant]
    document = rent_invoice(world, tenancy, amount, month, period=period, month_text="")
    return document, refused("PERIOD_NOT_PAYABLE")


def rent_duplicate_invoice(world: World) -> Case:
    """The landlord sends a paid invoice again under its own number."""
    month = world.rent_book.current
    tenancy, reference = settled(world, month)
    document = rent_invoice(world, tenancy, reference, month)
    cvr = tenancy.landlord.company.cvr
    at = document.issue_date + timedelta(days=2)
    world.posted(cvr, document.number, reference, at, receiver=RENT_EAN, period=month)
    world.rent_book.deduct(tenancy, month, reference, f"{cvr}/{document.number}")
    return document, refused("DUPLICATE_INVOICE")
