"""Cases the document checks stop before any line is looked at: credit note, document type,
currency, CVR, period, duplicate invoice. The lines are otherwise payable, so only the named
check fails."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from fake_systems.scenarios.documents import DocumentSpec, Supplier
from fake_systems.scenarios.money import month_bounds, next_month
from fake_systems.scenarios.world import Expected, Period, World

Case = tuple[DocumentSpec, Expected]


def _payable(world: World, period: Period | None = None) -> DocumentSpec:
    """An invoice that would be paid, for a citizen and grant of its own."""
    provider = world.provider()
    cpr, name = world.citizen()
    covers = period or world.month
    grant = world.grant(cpr, provider, world.service(provider, "day"), covers=covers)
    line = world.line(grant, cpr, name, covers)
    return world.document(provider, [line], period or world.month)


def manual(code: str) -> Expected:
    return Expected("manual", code)


def credit_note(world: World) -> Case:
    document = dataclasses.replace(_payable(world), credit_note=True)
    return document, manual("CREDIT_NOTE")


def credit_note_type_code(world: World) -> Case:
    """An Invoice document whose type code, 381, says it is a credit note."""
    document = dataclasses.replace(_payable(world), type_code="381")
    return document, manual("CREDIT_NOTE")


def document_type_not_payable(world: World) -> Case:
    """A pro-forma invoice (type code 325): a quote for what is coming, not a demand to pay."""
    document = dataclasses.replace(_payable(world), type_code="325")
    return document, manual("DOCUMENT_TYPE_NOT_PAYABLE")


def currency_not_dkk(world: World) -> Case:
    """A supplier abroad billing in euro (the amounts would match in DKK, which does not matter)."""
    document = _payable(world)
    lines = tuple(
        dataclasses.replace(line, amount=(line.amount / Decimal("7.46")).quantize(Decimal("0.01")))
        for line in document.lines
    )
    currency = world.rng.choice(("EUR", "SEK", "NOK"))
    return dataclasses.replace(document, lines=lines, currency=currency), manual("CURRENCY_NOT_DKK")


def invalid_cvr(world: World) -> Case:
    """A typo in the supplier's CVR, or a supplier that names itself by GLN only."""
    document = _payable(world)
    cvr = world.ids.bad_cvr() if world.rng.random() < 0.7 else ""
    supplier = Supplier(document.supplier.name, cvr, document.supplier.gln or world.ids.gln())
    version = "2.02" if not cvr else document.version
    return dataclasses.replace(document, supplier=supplier, version=version), manual("INVALID_CVR")


def period_not_payable(world: World) -> Case:
    """A period in the future, across New Year, or missing."""
    year = world.as_of.year
    variant = world.rng.choice(("future", "new_year", "missing"))
    future = month_bounds(*next_month(world.as_of.year, world.as_of.month))
    period: Period | None = {
        "future": future,
        "new_year": (date(year - 1, 12, 16), date(year, 1, 15)),
        "missing": None,
    }[variant]
    if variant in ("future", "new_year"):
        document = _payable(world, period)
    else:
        document = dataclasses.replace(_payable(world), period=period)
    if variant == "future":  # issued ahead, as some suppliers do
        document = dataclasses.replace(document, issue_date=world.as_of)
    return document, manual("PERIOD_NOT_PAYABLE")


def duplicate_invoice(world: World) -> Case:
    """The same supplier and invoice number was posted before (sent again by the supplier)."""
    document = _payable(world)
    world.posted(
        document.supplier.cvr,
        document.number,
        document.payable,
        document.issue_date + timedelta(days=2),
    )
    return document, manual("DUPLICATE_INVOICE")
