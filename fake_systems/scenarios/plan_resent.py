"""Payment-plan bills sent again, and bills over two months (DOMAIN.md "Payment plans": the
cadence periods an invoice covers are every month its period touches; without a period, the
month its lines name, else its issue date's; a plan never pays 0,00). Each case has a monthly
plan row of its own, so no other case bills its months."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import PLAN_KINDS
from fake_systems.scenarios.documents import MONTHS_DA, DocumentSpec, LineSpec, month_label
from fake_systems.scenarios.expected import Expected
from fake_systems.scenarios.money import month_bounds, previous_month
from fake_systems.scenarios.plan_book import PlanRow
from fake_systems.scenarios.plan_cases import plan_manual, plan_paid
from fake_systems.scenarios.resent import grouped
from fake_systems.scenarios.world import Period, World

Case = tuple[DocumentSpec, Expected]
MONTHLY = tuple(kind for kind in PLAN_KINDS if kind.cadence == "måned")
CLEANING = PLAN_KINDS[1]


def named_month(rng: random.Random, day: date) -> str:
    """The month as suppliers write it on a line: ``oktober 2026``, ``okt. 2026``, ``10.2026``
    or ``10/2026``."""
    return rng.choice(
        (
            month_label(day),
            f"{MONTHS_DA[day.month - 1][:3]}. {day.year}",
            f"{day.month:02d}.{day.year}",
            f"{day.month:02d}/{day.year}",
        )
    )


def _row(world: World, *, wide: bool = False) -> PlanRow:
    """A monthly plan of its own; ``wide``: its Beløb til takes two months' bill (cleaning:
    two months of rent may pass the approval limit)."""
    kind = CLEANING if wide else world.rng.choice(MONTHLY)
    row = world.plan_book.add(kind, reusable=False)
    if wide:
        row.amount_to = (row.typical * Decimal("2.5")).quantize(Decimal(1))
    return row


def _line(row: PlanRow, amount: Decimal, text: str) -> LineSpec:
    item = row.kind.item.rstrip(".")
    return LineSpec(
        amount=amount,
        note=f"{item} {text}",
        item_name=item,
        item_description=row.receiver.place,
        unit_code="MON",
    )


def _bill(
    world: World, row: PlanRow, text: str, issued: date, *, period: Period | None, amount: Decimal
) -> DocumentSpec:
    return world.document(
        row.supplier,
        [_line(row, amount, text)],
        period,
        issued=issued,
        receiver_gln=row.receiver.ean,
        buyer_reference=row.receiver.place,
    )


def _this_month(world: World) -> date:
    """A day of the run date's month, on or before the run date."""
    first = world.as_of.replace(day=1)
    return first + timedelta(days=world.rng.randrange((world.as_of - first).days + 1))


def plan_resent_after_posting(world: World) -> Case:
    """Last month's bill without a period, its lines naming the month, was posted last month;
    the supplier sends a copy under a new number this month: that month is paid."""
    row, month = _row(world), world.month
    row.used.add(month[0])
    text = named_month(world.rng, month[0])
    issued = month[0] + timedelta(days=world.rng.randrange(0, 10))
    line = _line(row, row.typical, text)
    world.posted(
        row.supplier.cvr,
        world.number(row.supplier),
        row.typical,
        issued + timedelta(days=world.rng.randint(2, 5)),
        receiver=row.receiver.ean,
        issued=issued,
        lines=[(f"{line.note} {line.item_description}", row.typical, row.psp)],
        name=row.supplier.name,
    )
    again = _bill(world, row, text, _this_month(world), period=None, amount=row.typical)
    return again, plan_manual("PLAN_ALREADY_PAID")


def plan_resent_in_the_inbox(world: World) -> list[Case]:
    """The month's bill with its period, and a copy without one whose lines name the month,
    under another number and issue date: whichever is reached first is paid, the other
    PLAN_ALREADY_PAID."""
    row, month = _row(world), world.month
    row.used.add(month[0])
    first_day = min(month[0] + timedelta(days=world.rng.randrange(-12, 6)), world.as_of)
    later = first_day + timedelta(days=world.rng.randint(3, 15))
    second_day = later if later <= world.as_of else first_day - timedelta(days=7)
    first = _bill(world, row, month_label(month[0]), first_day, period=month, amount=row.typical)
    text = named_month(world.rng, month[0])
    second = _bill(world, row, text, second_day, period=None, amount=row.typical)
    cases = [(first, plan_paid(row, first)), (second, plan_paid(row, second))]
    return grouped(world, *cases, otherwise="PLAN_ALREADY_PAID")


def two_months(world: World) -> tuple[Period, Period]:
    """The billed month and the run date's, or, when those lie in two years (a January run),
    the two months before the run date's."""
    billed = world.month
    current = month_bounds(world.as_of.year, world.as_of.month)
    if billed[0].year == current[0].year:
        return billed, current
    return month_bounds(*previous_month(billed[0].year, billed[0].month)), billed


def _two_month_bill(world: World, row: PlanRow, months: tuple[Period, Period]) -> DocumentSpec:
    text = f"{month_label(months[0][0])} - {month_label(months[1][0])}"
    issued = min(months[0][0] + timedelta(days=world.rng.randrange(0, 10)), world.as_of)
    period = (months[0][0], months[1][1])
    return _bill(world, row, text, issued, period=period, amount=row.typical * 2)


def plan_two_months_one_paid(world: World) -> Case:
    """A bill for two months of which the ERP already holds one posted: PLAN_ALREADY_PAID."""
    row, months = _row(world, wide=True), two_months(world)
    row.used.update(m[0] for m in months)
    paid = world.rng.choice(months)
    at = min(max(paid[0], paid[1] - timedelta(days=20)), world.as_of)
    text = f"{row.kind.item.rstrip('.')} {month_label(paid[0])}"
    world.posted(
        row.supplier.cvr,
        world.number(row.supplier),
        row.typical,
        at,
        receiver=row.receiver.ean,
        period=paid,
        issued=at - timedelta(days=4),
        lines=[(text, row.typical, row.psp)],
        name=row.supplier.name,
    )
    return _two_month_bill(world, row, months), plan_manual("PLAN_ALREADY_PAID")


def paid_plan_two_months(world: World) -> Case:
    """A bill for two months, neither posted, within the row's wide Beløb til: paid."""
    row, months = _row(world, wide=True), two_months(world)
    row.used.update(m[0] for m in months)
    document = _two_month_bill(world, row, months)
    return document, plan_paid(row, document)


def plan_zero_amount(world: World) -> Case:
    """A plan row without a lower bound, and a bill of 0,00: a plan never pays 0,00."""
    row, month = _row(world), world.month
    row.amount_from = None
    row.used.add(month[0])
    issued = min(month[1] + timedelta(days=world.rng.randrange(1, 10)), world.as_of)
    text = f"{month_label(month[0])} (intet at betale)"
    document = _bill(world, row, text, issued, period=month, amount=Decimal("0.00"))
    return document, plan_manual("PLAN_AMOUNT_OUTSIDE_RANGE")
