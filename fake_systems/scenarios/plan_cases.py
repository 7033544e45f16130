"""Payment-plan cases (contract section 8, DOMAIN.md "Payment plans"): recurring bills with no
citizen, from a supplier to an institution's EAN that a row of the `Betalingsplaner` sheet names;
paid ones for every cadence, and each way a plan invoice goes to a person."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import PLAN_KINDS
from fake_systems.scenarios.documents import DocumentSpec, LineSpec, month_label
from fake_systems.scenarios.expected import Expected
from fake_systems.scenarios.paid import posted
from fake_systems.scenarios.plan_book import CADENCE_MONTHS, PlanRow
from fake_systems.scenarios.world import Period, World

Case = tuple[DocumentSpec, Expected]


def period_label(cadence: str, period: Period) -> str:
    """``november 2026``, ``4. kvartal 2026``, ``2. halvår 2026``, ``2026``."""
    start = period[0]
    if cadence == "måned":
        return month_label(start)
    if cadence == "år":
        return str(start.year)
    return f"{(start.month - 1) // CADENCE_MONTHS[cadence] + 1}. {cadence} {start.year}"


def _take(
    world: World, *, ahead: bool = False, cadence: str | None = None
) -> tuple[PlanRow, Period]:
    """A plan and a free period; a plan billed for the first time had its previous period paid
    in the ERP now and then, as a plan that has run for a while has."""
    row, period = world.plan_book.take(ahead=ahead, cadence=cadence)
    before = world.plan_book.previous(row, period)
    if len(row.used) == 1 and before is not None and world.rng.random() < 0.5:
        row.used.add(before[0])
        _history(world, row, before, row.typical)
    return row, period


def _history(world: World, row: PlanRow, period: Period, amount: Decimal) -> None:
    number = world.number(row.supplier)
    at = max(period[0], period[1] - timedelta(days=20))
    text = f"{row.kind.item.rstrip('.')} {period_label(row.cadence, period)}"
    world.posted(
        row.supplier.cvr,
        number,
        amount,
        at,
        receiver=row.receiver.ean,
        period=period,
        issued=at - timedelta(days=4),
        lines=[(text, amount, row.psp)],
        name=row.supplier.name,
    )


def _amount(world: World, row: PlanRow) -> Decimal:
    """The usual amount, or (for all but rent) a little off it, inside the row's interval."""
    if row.kind is PLAN_KINDS[0] or world.rng.random() < 0.5:
        return row.typical
    off = (row.typical * Decimal(world.rng.randint(-4, 4)) / 100).quantize(Decimal("0.01"))
    return row.typical + off if row.covers(row.typical + off) else row.typical


def _issued(world: World, period: Period) -> date:
    """Bills are sent around the start of their period, never after the run date."""
    return min(period[0] + timedelta(days=world.rng.randrange(-12, 6)), world.as_of)


def _lines(world: World, row: PlanRow, period: Period, parts: list[Decimal]) -> list[LineSpec]:
    items = (row.kind.item.rstrip("."), *row.kind.extras)
    label = period_label(row.cadence, period)
    return [
        LineSpec(
            amount=amount,
            note=f"{item} {label}",
            item_name=item,
            item_description=row.receiver.place,
            unit_code="MON" if row.cadence == "måned" else "EA",
        )
        for item, amount in zip(items, parts, strict=False)
    ]


def _document(
    world: World,
    row: PlanRow,
    period: Period,
    parts: list[Decimal],
    *,
    with_period: bool = True,
    issued: date | None = None,
) -> DocumentSpec:
    """The supplier's invoice to the institution's EAN for the period (no CPR anywhere)."""
    return world.document(
        row.supplier,
        _lines(world, row, period, parts),
        period if with_period else None,
        issued=issued or _issued(world, period),
        receiver_gln=row.receiver.ean,
        buyer_reference=row.receiver.place,
    )


def plan_paid(row: PlanRow, document: DocumentSpec) -> Expected:
    postings = tuple((row.reference, row.psp, line.amount) for line in document.lines)
    return Expected("posted", None, postings, route="plan")


def plan_manual(code: str) -> Expected:
    return Expected("manual", code, route="plan")


def paid_plan(world: World, cadence: str) -> Case:
    row, period = _take(world, cadence=cadence)
    document = _document(world, row, period, [_amount(world, row)])
    return document, plan_paid(row, document)


def paid_monthly_plan(world: World) -> Case:
    """Rent, cleaning: one invoice a month."""
    return paid_plan(world, "måned")


def paid_quarterly_plan(world: World) -> Case:
    return paid_plan(world, "kvartal")


def paid_half_yearly_plan(world: World) -> Case:
    return paid_plan(world, "halvår")


def paid_yearly_plan(world: World) -> Case:
    return paid_plan(world, "år")


def paid_plan_several_lines(world: World) -> Case:
    """Rent with heating and water a conto, or a copier's lease with its clicks: one posting
    per line, each with the plan's PSP element."""
    kind = world.rng.choice([k for k in PLAN_KINDS if k.extras])
    row, period = _take(world, cadence=kind.cadence)
    total = _amount(world, row)
    extras = [(total * Decimal(share) / 100).quantize(Decimal("0.01")) for share in (8, 3)]
    extras = extras[: len(row.kind.extras)]
    document = _document(world, row, period, [total - sum(extras), *extras])
    return document, plan_paid(row, document)


def paid_plan_without_period(world: World) -> Case:
    """No period on the invoice: the issue date decides the plan's period."""
    row, period = _take(world)
    last = min(period[1], world.as_of)
    issued = period[0] + timedelta(
        days=world.rng.randrange(0, min(14, (last - period[0]).days + 1))
    )
    document = _document(
        world, row, period, [_amount(world, row)], with_period=False, issued=issued
    )
    return document, plan_paid(row, document)


def paid_plan_billed_ahead(world: World) -> Case:
    """Billed in advance: the period begins after the run date, which plans allow."""
    row, period = _take(world, ahead=True)
    issued = world.as_of - timedelta(days=world.rng.randrange(0, 15))
    document = _document(world, row, period, [_amount(world, row)], issued=issued)
    return document, plan_paid(row, document)


def ambiguous_plan(world: World) -> Case:
    """The sheet's deliberate mistake: two rows for one supplier and receiver at once."""
    row = world.plan_book.ambiguous[0]
    document = _document(world, row, world.month, [row.typical])
    return document, plan_manual("AMBIGUOUS_PLAN")


def plan_amount_outside_range(world: World) -> Case:
    """More than the plan's Beløb til (a back payment, a price rise the sheet lacks), or less
    than its Beløb fra."""
    row, period = _take(world)
    assert row.amount_to is not None
    above = row.amount_to + Decimal(world.rng.choice((1, 250, 1_000, 4_000)))
    below = (row.amount_from or Decimal(0)) - Decimal(world.rng.choice((1, 100, 500)))
    amount = below if row.amount_from and below > 0 and world.rng.random() < 0.3 else above
    return _document(world, row, period, [amount]), plan_manual("PLAN_AMOUNT_OUTSIDE_RANGE")


def plan_already_paid(world: World) -> Case:
    """The ERP already holds an invoice from the supplier to the receiver in the period."""
    row, period = _take(world)
    _history(world, row, period, _amount(world, row))
    return _document(world, row, period, [_amount(world, row)]), plan_manual("PLAN_ALREADY_PAID")


def plan_period_across_new_year(world: World) -> Case:
    """A winter quarter billed from 1 December to the end of February: across the fiscal year."""
    row, taken = _take(world)
    row.used.discard(taken[0])  # nothing is paid: the period stays free
    year = world.as_of.year
    across = (date(year - 1, 12, 1), date(year, 3, 1) - timedelta(days=1))
    return _document(world, row, across, [row.typical]), plan_manual("PERIOD_NOT_PAYABLE")


def grant_invoice_from_plan_supplier(world: World) -> Case:
    """A provider that has a plan for another institution bills a citizen's stay to the
    ordinary EAN: no plan matches that receiver, so it is an ordinary grant invoice."""
    provider = world.provider()
    world.plan_book.add(world.rng.choice(PLAN_KINDS), supplier=provider, reusable=False)
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    line = world.line(grant, cpr, name, world.month)
    return world.document(provider, [line], world.month), posted((grant, world.month, line))
