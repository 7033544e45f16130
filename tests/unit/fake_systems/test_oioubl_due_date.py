"""The due date the importer reads (contract section 13): cbc:DueDate, else the payment means'
cbc:PaymentDueDate, else 30 days after the issue date (or after the receipt, without one)."""

from __future__ import annotations

from datetime import date

import pytest

from fake_systems.oioubl import OioublError, parse, payment_due
from tests.unit.fake_systems.test_oioubl_reader import OIOUBL_3

RECEIVED = date(2026, 11, 23)
ISSUE = b"<cbc:IssueDate>2026-11-02</cbc:IssueDate>"
TOTAL = b"<cac:LegalMonetaryTotal>"


def with_due_date(element: bytes) -> bytes:
    return OIOUBL_3.replace(ISSUE, ISSUE + element)


def with_payment_means(*due_dates: str) -> bytes:
    means = b"".join(
        b"<cac:PaymentMeans><cbc:PaymentMeansCode>31</cbc:PaymentMeansCode>"
        + f"<cbc:PaymentDueDate>{due}</cbc:PaymentDueDate></cac:PaymentMeans>".encode()
        for due in due_dates
    )
    return OIOUBL_3.replace(TOTAL, means + TOTAL)


def test_the_invoices_own_due_date_is_read() -> None:
    doc = parse(with_due_date(b"<cbc:DueDate>2026-11-20</cbc:DueDate>"))
    assert doc.due_date == date(2026, 11, 20)
    assert payment_due(doc, received=RECEIVED) == date(2026, 11, 20)


def test_oioubl_2_writes_it_as_the_payment_means_due_date() -> None:
    assert parse(with_payment_means("2026-12-02")).due_date == date(2026, 12, 2)


def test_of_several_payment_means_the_earliest_due_date_is_taken() -> None:
    doc = parse(with_payment_means("2026-12-31", "2026-11-25", "2027-03-31"))
    assert doc.due_date == date(2026, 11, 25)


def test_the_invoices_own_due_date_wins_over_the_payment_means() -> None:
    both = with_payment_means("2026-12-31").replace(
        ISSUE, ISSUE + b"<cbc:DueDate>2026-12-01</cbc:DueDate>"
    )
    assert parse(both).due_date == date(2026, 12, 1)


def test_without_a_due_date_it_is_due_30_days_after_the_issue_date() -> None:
    doc = parse(OIOUBL_3)
    assert doc.due_date is None
    assert payment_due(doc, received=RECEIVED) == date(2026, 12, 2)


def test_without_a_due_date_or_an_issue_date_it_is_due_30_days_after_its_receipt() -> None:
    doc = parse(OIOUBL_3.replace(ISSUE, b""))
    assert payment_due(doc, received=RECEIVED) == date(2026, 12, 23)


@pytest.mark.parametrize(
    "data",
    [with_due_date(b"<cbc:DueDate>20.11.2026</cbc:DueDate>"), with_payment_means("snart")],
    ids=["due-date", "payment-due-date"],
)
def test_a_due_date_that_is_no_date_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(OioublError, match="due date is not a date"):
        parse(data)


def test_an_empty_due_date_counts_as_none() -> None:
    assert parse(with_due_date(b"<cbc:DueDate> </cbc:DueDate>")).due_date is None
