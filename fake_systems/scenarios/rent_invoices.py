"""How a landlord writes a month's rent invoice to the jobcentre's rent EAN (OIOUBL 2.x and 3.0),
the months it billed before (posted and deducted), and the ground truth of a rent invoice: paid,
with the deduction it makes, or the code it ends with."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from fake_systems.scenarios.catalogue import RENT_RECEIVER
from fake_systems.scenarios.documents import DocumentSpec, LineSpec, Version, dashed, month_label
from fake_systems.scenarios.expected import Expected, RentDeduction
from fake_systems.scenarios.tenancies import Month, Tenancy, shift
from fake_systems.scenarios.world import World

Case = tuple[DocumentSpec, Expected]
CprPlace = Literal["line", "reference", "both", "none"]
RENT_EAN = RENT_RECEIVER[0]
_VERSIONS: tuple[Version, ...] = ("2.02", "2.1", "3.0")
_ABBREVIATED = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
                "nov.", "dec.")  # fmt: skip
_OFFICES = ("Jobcentret", "Jobcentret, husleje", "Ydelseskontoret")


def month_named(world: World, month: Month) -> str:
    """The month as landlords write it: `oktober 2026`, `okt. 2026`, `10.2026`, `10/2026`."""
    first = month[0]
    return world.rng.choice(
        (
            month_label(first),
            month_label(first),
            f"{_ABBREVIATED[first.month - 1]} {first.year}",
            f"{first:%m.%Y}",
            f"{first:%m/%Y}",
        )
    )


def share(amount: Decimal, reference: Decimal) -> Decimal:
    """How far the amount is from the reference, in per cent of it (RENT_DEVIATION's measure)."""
    return abs(amount - reference) / reference * 100


def rise(
    world: World, reference: Decimal, limit: Decimal, *, above: Decimal = Decimal(0)
) -> Decimal:
    """A new rent more than ``above`` and at most ``limit`` per cent over the reference (whole
    kroner); a quarter of the time exactly at the limit, which is still allowed."""
    if world.rng.random() < 0.25:
        amount = reference + reference * limit / 100
    else:
        low = int(reference * above / 100) + 1
        amount = reference + world.rng.randint(low, max(low, int(reference * limit / 100)))
    amount = amount.quantize(Decimal("0.01"))
    assert above < share(amount, reference) <= limit
    return amount


def beyond(world: World, reference: Decimal, limit: Decimal, *, down: bool = False) -> Decimal:
    """An amount more than ``limit`` per cent over (or under) the reference, whole kroner."""
    off = reference * (limit + world.rng.randint(2, 30)) / 100
    step = off.quantize(Decimal(1), rounding=ROUND_CEILING)
    amount = (reference - step if down else reference + step).quantize(Decimal("0.01"))
    assert amount > 0
    assert share(amount, reference) > limit
    return amount


def issued_for(world: World, month: Month) -> date:
    """Rent is billed ahead: the invoice is sent some days before its month, never after the run
    date."""
    return min(month[0] - timedelta(days=world.rng.randrange(3, 25)), world.as_of)


def _note(world: World, tenancy: Tenancy, month_text: str, *, with_cpr: bool) -> str:
    rent = f"Husleje {month_text}" if month_text else "Husleje"
    name, cpr = tenancy.name, tenancy.cpr
    if not with_cpr:
        return world.rng.choice((f"{rent}, {name}", f"{rent} - lejer {name}"))
    return world.rng.choice(
        (
            f"{rent} - lejer {name}, CPR {dashed(cpr)}",
            f"{rent}. Lejer: {name} cpr.nr. {cpr}",
            f"{rent} / {name} ({dashed(cpr)})",
        )
    )


def _reference(world: World, tenancy: Tenancy, place: CprPlace) -> str:
    if place in ("reference", "both"):
        cpr = tenancy.cpr
        return world.rng.choice((cpr, dashed(cpr), f"CPR {dashed(cpr)}"))
    return world.rng.choice(_OFFICES)


def rent_invoice(
    world: World,
    tenancy: Tenancy,
    amount: Decimal,
    month: Month,
    *,
    period: Month | Literal["month"] | None = "month",
    cpr: CprPlace | None = None,
    month_text: str | None = None,
    note: str | None = None,
    issued: date | None = None,
) -> DocumentSpec:
    """The landlord's invoice for the month, one line, to the rent EAN: by default with the month
    as its period, the CPR in the line, the buyer's reference or both, and the month named."""
    place: CprPlace = cpr or world.rng.choices(("line", "reference", "both"), (55, 35, 10))[0]
    text = month_named(world, month) if month_text is None else month_text
    line = LineSpec(
        amount=amount,
        note=note or _note(world, tenancy, text, with_cpr=place in ("line", "both")),
        item_name="Husleje",
        item_description=tenancy.address,
        unit_code="MON",
    )
    return world.document(
        tenancy.landlord.company,
        [line],
        month if period == "month" else period,
        issued=issued or issued_for(world, month),
        receiver_gln=RENT_EAN,
        buyer_reference=_reference(world, tenancy, place),
        version=world.rng.choices(_VERSIONS, (40, 25, 35))[0],
    )


def billed_before(world: World, tenancy: Tenancy, months: list[Month], amount: Decimal) -> None:
    """Earlier months the landlord billed and the municipality paid: each invoice posted in the
    ERP and its rent deducted from that month's payout."""
    company = tenancy.landlord.company
    for month in months:
        number = world.number(company)
        at = month[0] - timedelta(days=world.rng.randrange(1, 10))
        world.posted(company.cvr, number, amount, at, receiver=RENT_EAN, period=month)
        world.rent_book.deduct(tenancy, month, amount, f"{company.cvr}/{number}")


def months_before(month: Month, count: int) -> list[Month]:
    """The ``count`` months before ``month``, oldest first."""
    return [shift(month, -n) for n in range(count, 0, -1)]


def paid(tenancy: Tenancy, month: Month, document: DocumentSpec) -> Expected:
    """Posted on the landlord row's PSP element, and the month deducted under the agreement."""
    postings = tuple((tenancy.agreement_id, tenancy.landlord.psp, x.amount) for x in document.lines)
    deduction = RentDeduction(tenancy.agreement_id, month[0], document.payable)
    return Expected("posted", None, postings, route="rent", deduction=deduction)


def refused(code: str) -> Expected:
    return Expected("manual", code, route="rent")
