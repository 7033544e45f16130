"""Due dates in generated invoices: each OIOUBL version spells the due date its own way, most
invoices name one and some none, and a share is overdue on the bundle's run date."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from fake_systems.oioubl import parse
from fake_systems.scenarios.documents import DocumentSpec, LineSpec, Supplier, Version
from fake_systems.scenarios.due_dates import due_date_stream, with_due_date
from fake_systems.scenarios.oioubl_writer import write_document

AS_OF = date(2026, 11, 23)
DUE = date(2026, 12, 3)


def spec(**overrides: object) -> DocumentSpec:
    document = DocumentSpec(
        supplier=Supplier("Bostedet Solsikken ApS", "12345674"),
        number="INV-1",
        issue_date=date(2026, 11, 3),
        lines=(LineSpec(amount=Decimal("100.00"), item_name="Ophold"),),
    )
    return dataclasses.replace(document, **overrides)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("version", "spelling"),
    [
        ("2.02", b"<cac:PaymentMeans>"),
        ("2.1", b"<cac:PaymentMeans>"),
        ("3.0", b"<cbc:DueDate>"),
    ],
)
def test_each_version_writes_the_due_date_its_own_way_and_it_reads_back(
    version: Version, spelling: bytes
) -> None:
    xml = write_document(spec(version=version, due_date=DUE))
    assert spelling in xml
    assert xml.count(DUE.isoformat().encode()) == 1
    assert parse(xml).due_date == DUE


@pytest.mark.parametrize("version", ["2.02", "2.1", "3.0"])
def test_an_invoice_without_a_due_date_and_a_credit_note_write_none(version: Version) -> None:
    assert parse(write_document(spec(version=version))).due_date is None
    credit = spec(version=version, due_date=DUE, credit_note=True)
    assert parse(write_document(credit)).due_date is None


def drawn(count: int, *, seed: int = 1) -> list[DocumentSpec]:
    rng, issues = due_date_stream(seed), random.Random(seed)
    documents = [
        spec(issue_date=AS_OF - timedelta(days=issues.randrange(0, 25))) for _ in range(count)
    ]
    return [with_due_date(d, rng=rng, as_of=AS_OF) for d in documents]


def test_most_invoices_name_a_due_date_some_none_and_some_are_overdue_on_the_run_date() -> None:
    documents = drawn(2000)
    kinds = Counter(
        "none" if d.due_date is None else "overdue" if d.due_date < AS_OF else "open"
        for d in documents
    )
    assert 0.05 < kinds["none"] / 2000 < 0.2
    assert kinds["overdue"] / 2000 > 0.1
    assert kinds["open"] > kinds["overdue"]
    assert all(d.due_date >= d.issue_date for d in documents if d.due_date is not None)


def test_due_dates_are_the_same_for_a_seed_and_differ_between_seeds() -> None:
    assert drawn(50, seed=3) == drawn(50, seed=3)
    assert drawn(50, seed=3) != drawn(50, seed=4)


def test_a_credit_note_is_given_no_due_date() -> None:
    credit = spec(credit_note=True)
    assert with_due_date(credit, rng=due_date_stream(1), as_of=AS_OF).due_date is None
