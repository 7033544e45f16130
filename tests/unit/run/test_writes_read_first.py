"""Every write of a payment is read right before it is made: an order cancelled, a grant ended
or paid by hand, a payout paid out between the decision and the write stops the payment before
anything is written; once something is written, a refusal leaves the invoice to a person, once
(the second attack's finding 4). And no write starts on a lease that may end before it does
(finding 9)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Coroutine
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest

from robot.domain.benefits import BenefitsCitizen, Deduction
from robot.domain.models import Invoice, InvoiceLine, Order, Payment
from robot.journal.model import LeaseLost, OutcomeKind, State
from robot.run.process import process
from robot.run.work import LeaseClock, WriteTimes
from tests.builders import (
    CERTIFICATE_EAN,
    CERTIFICATE_PSP,
    CPR,
    RENT_PSP,
    SUPPLIER_CVR,
    make_agreement,
    make_book,
    make_certificate_row,
    make_mapping,
    make_payout,
    make_rent_invoice,
    rent_book,
)
from tests.support.run_async import run_async
from tests.unit.run.fakes import Bench, FakeBenefits, FakeCase, FakeErp, grant

PSP = "XG-5385010001-00007"
T = TypeVar("T")


def _grant_invoice(erp_id: str = "ERP-000001", number: str = "INV-1017") -> Invoice:
    line = InvoiceLine(number=1, amount=Decimal("32240.00"), note="Ophold oktober, CPR 010190-1234")
    return Invoice(
        erp_id=erp_id,
        supplier_cvr=SUPPLIER_CVR,
        invoice_number=number,
        total=line.amount,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        lines=(line,),
    )


def _certificate_invoice() -> Invoice:
    line = InvoiceLine(number=1, amount=Decimal("1500.00"), note="LÆ 265, CPR 010190-1234")
    return Invoice(
        erp_id="ERP-000001",
        supplier_cvr=SUPPLIER_CVR,
        invoice_number="L-77",
        total=line.amount,
        issue_date=date(2026, 11, 10),
        receiver_ean=CERTIFICATE_EAN,
        lines=(line,),
    )


ORDER = Order(
    order_id="O-2041",
    cpr=CPR,
    doctor_cvr=SUPPLIER_CVR,
    certificate_type="LÆ 265",
    ordered_on=date(2026, 10, 2),
)


def _certificate_bench(tmp_path: Path) -> Bench:
    erp = FakeErp({"ERP-000001": _certificate_invoice()}, open_psp={CERTIFICATE_PSP})
    case = FakeCase([], citizens={CPR}, orders=[ORDER])
    book = make_book(certificates=[make_certificate_row()], certificate_eans=[CERTIFICATE_EAN])
    return Bench.over(tmp_path, erp, case, book)


def _cancel_order(case: FakeCase) -> None:
    case.orders = [dataclasses.replace(o, status="cancelled") for o in case.orders]


def test_an_order_cancelled_between_the_decision_and_the_posting_is_not_posted(
    tmp_path: Path,
) -> None:
    b = _certificate_bench(tmp_path)
    read_order = b.case.order

    async def cancelled_meanwhile(order_id: str):  # type: ignore[no-untyped-def]
        _cancel_order(b.case)  # the caseworker cancels it after the robot decided
        return await read_order(order_id)

    b.case.order = cancelled_meanwhile  # type: ignore[method-assign]
    outcome = run_async(b.process("ERP-000001"))
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "NO_ORDER")
    assert b.erp.postings == {}
    assert "annulleret" in b.erp.notes["ERP-000001"][0]


def test_an_order_cancelled_after_the_posting_needs_a_person_once_and_never_fails_again(
    tmp_path: Path,
) -> None:
    b = _certificate_bench(tmp_path)
    post = b.erp.post

    async def post_then_cancel(erp_id: str, **kw):  # type: ignore[no-untyped-def]
        voucher = await post(erp_id, **kw)
        _cancel_order(b.case)  # cancelled between the two writes
        return voucher

    b.erp.post = post_then_cancel  # type: ignore[method-assign]
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.NEEDS_PERSON
    assert "O-2041" in outcome.error
    entry = b.journal.entry("ERP-000001")
    assert entry is not None and entry.state is State.NEEDS_PERSON
    again = run_async(b.process("ERP-000001"))  # a later run meets it once more
    assert again.outcome is OutcomeKind.SKIPPED
    assert b.erp.writes == 1 and b.case.order_payments == {}


def _grant_bench(tmp_path: Path, *invoices: Invoice) -> Bench:
    from robot.domain.mapping_book import MappingBook
    from robot.domain.psp import MappingRow

    chosen = invoices or (_grant_invoice(),)
    erp = FakeErp({i.erp_id: i for i in chosen}, open_psp={PSP})
    row = MappingRow(
        paragraph="107",
        art="4.0",
        ownership="Privat",
        target_group="Udviklingshæmmede",
        psp=PSP,
        sheet_row=2,
    )
    return Bench.over(tmp_path, erp, FakeCase([grant()]), MappingBook.of(make_mapping(row)))


def test_a_grant_ended_between_the_decision_and_the_posting_is_not_posted(tmp_path: Path) -> None:
    b = _grant_bench(tmp_path)
    read_grant = b.case.grant

    async def ended_meanwhile(grant_id: str):  # type: ignore[no-untyped-def]
        b.case.grants = [dataclasses.replace(g, status="ended") for g in b.case.grants]
        return await read_grant(grant_id)

    b.case.grant = ended_meanwhile  # type: ignore[method-assign]
    outcome = run_async(b.process("ERP-000001"))
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "NO_PAYABLE_GRANT")
    assert b.erp.postings == {}


def test_a_payment_registered_by_hand_meanwhile_stops_the_posting(tmp_path: Path) -> None:
    """Finance registered October by hand while the robot was deciding: paying again would pay
    the days twice, whatever the journal knows."""
    b = _grant_bench(tmp_path)
    read_grant = b.case.grant
    by_hand = Payment(
        grant_id="B-1043",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        amount=Decimal("32240.00"),
        invoice_ref="12345674/MANUEL-1",
    )

    async def registered_meanwhile(grant_id: str):  # type: ignore[no-untyped-def]
        if by_hand not in b.case.registered:
            b.case.registered.append(by_hand)
        return await read_grant(grant_id)

    b.case.grant = registered_meanwhile  # type: ignore[method-assign]
    outcome = run_async(b.process("ERP-000001"))
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "DUPLICATE_PAYMENT")
    assert b.erp.postings == {}
    assert b.case.registered == [by_hand]


def test_no_write_starts_on_a_lease_with_less_time_left_than_a_write_may_take(
    tmp_path: Path,
) -> None:
    """A process paused after its lease check (SIGSTOP, a long GC, a cut-off host) finds its
    lease nearly gone when it wakes: the posting is not sent."""
    b = _grant_bench(tmp_path)
    lease = b.lease("ERP-000001")
    nearly_gone = LeaseClock(60.0, valid_until=time.monotonic() + 1.0, times=WriteTimes())
    work = dataclasses.replace(b.work(lease), clock=nearly_gone)
    with pytest.raises(LeaseLost):
        run_async(process(work, "ERP-000001"))
    assert b.erp.writes == 0 and b.case.registered == []


def test_the_write_margin_grows_with_the_slowest_write_seen() -> None:
    times = WriteTimes()
    clock = LeaseClock(60.0, valid_until=time.monotonic() + 10.0, times=times)
    clock.check()  # 10 s left, the default margin is 2 s
    times.took(4.0)  # a write took 4 s: now 12 s are needed
    with pytest.raises(LeaseLost):
        clock.check()


def test_a_renewal_moves_the_lease_clock_forward() -> None:
    clock = LeaseClock.started(60.0, asked_at=time.monotonic() - 59.5, times=WriteTimes())
    with pytest.raises(LeaseLost):
        clock.check()
    clock.renewed(asked_at=time.monotonic())
    clock.check()


# Rent: the deduction first, then the posting (Roskilde's order), each read first.


def _rent_bench(tmp_path: Path, *invoices: Invoice) -> Bench:
    chosen = invoices or (make_rent_invoice(erp_id="ERP-000001"),)
    erp = FakeErp({i.erp_id: i for i in chosen}, open_psp={RENT_PSP})
    citizen = BenefitsCitizen(agreements=(make_agreement(),), payouts=(make_payout(),))
    bench = Bench.over(tmp_path, erp, FakeCase([]), rent_book())
    bench.benefits = FakeBenefits(citizens={CPR: citizen})
    return bench


def test_paid_rent_is_deducted_from_the_payout_before_it_is_posted(tmp_path: Path) -> None:
    b = _rent_bench(tmp_path)
    order: list[str] = []
    post, deduct = b.erp.post, b.benefits.register_deduction

    async def posting(erp_id: str, **kw):  # type: ignore[no-untyped-def]
        order.append("post")
        return await post(erp_id, **kw)

    async def deducting(deduction):  # type: ignore[no-untyped-def]
        order.append("deduct")
        await deduct(deduction)

    b.erp.post = posting  # type: ignore[method-assign]
    b.benefits.register_deduction = deducting  # type: ignore[method-assign]
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert order == ["deduct", "post"]
    [deduction] = b.benefits.deducted
    assert (deduction.agreement_id, deduction.month, deduction.amount) == (
        "HA-3001",
        date(2026, 12, 1),
        Decimal("5200.00"),
    )


def test_a_run_dying_between_the_deduction_and_the_posting_is_finished_never_repeated(
    tmp_path: Path,
) -> None:
    b = _rent_bench(tmp_path)
    b.erp.fail_next_post = True  # the deduction went through, then the ERP failed
    with pytest.raises(Exception, match="503"):
        run_async(b.process("ERP-000001"))
    assert len(b.benefits.deducted) == 1 and b.erp.writes == 0
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert len(b.benefits.deducted) == 1
    assert b.erp.writes == 1


def test_a_deduction_another_host_makes_for_the_invoice_between_the_reads_is_not_too_small(
    tmp_path: Path,
) -> None:
    """Two hosts with their own journals on one invoice: the other host's deduction lands
    between this host's two reads before its own. Read as the payout having too little left,
    the invoice went to a person with the rent deducted and the landlord never paid (CI)."""
    b = _rent_bench(tmp_path)
    small = make_payout(amount=Decimal("8000.00"))  # 2.800,00 kr. left after the rent
    b.benefits.citizens[CPR] = dataclasses.replace(b.benefits.citizens[CPR], payouts=(small,))
    invoice = b.erp.invoices["ERP-000001"]
    theirs = Deduction(
        payout_id="U-7001",
        agreement_id="HA-3001",
        month=date(2026, 12, 1),
        amount=Decimal("5200.00"),
        invoice_ref=invoice.key,
    )
    armed = False

    def lands_after_the_first_read(
        read: Callable[[str], Coroutine[Any, Any, T]],
    ) -> Callable[[str], Coroutine[Any, Any, T]]:
        async def reading(key: str) -> T:
            nonlocal armed
            found = await read(key)
            if armed:
                armed = False
                b.benefits.deducted.append(theirs)
            return found

        return reading

    benefits = b.benefits
    benefits.payout = lands_after_the_first_read(benefits.payout)  # type: ignore[method-assign,assignment]
    benefits.deductions = lands_after_the_first_read(benefits.deductions)  # type: ignore[method-assign,assignment]
    armed = True  # the decision reads the citizen's page; these two pages are the write's
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID, outcome.code
    assert b.benefits.deducted == [theirs] and b.erp.writes == 1


def test_a_payout_paid_out_before_the_deduction_stops_the_rent_before_anything_is_written(
    tmp_path: Path,
) -> None:
    b = _rent_bench(tmp_path)
    read_payout = b.benefits.payout

    async def paid_out_meanwhile(payout_id: str):  # type: ignore[no-untyped-def]
        found = await read_payout(payout_id)
        return dataclasses.replace(found, status="udbetalt")

    b.benefits.payout = paid_out_meanwhile  # type: ignore[method-assign]
    outcome = run_async(b.process("ERP-000001"))
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "NO_PAYOUT_FOR_MONTH")
    assert b.benefits.deducted == [] and b.erp.postings == {}


def test_a_posting_refused_after_the_deduction_goes_to_a_person_with_the_month_kept(
    tmp_path: Path,
) -> None:
    b = _rent_bench(
        tmp_path,
        make_rent_invoice(erp_id="ERP-000001"),
        make_rent_invoice(erp_id="ERP-000002", invoice_number="H-1201-IGEN"),
    )
    b.erp.refuse_next_post = "psp_closed"
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.NEEDS_PERSON
    assert b.erp.status["ERP-000001"] == "manual"
    assert "Bogfør" in b.erp.notes["ERP-000001"][0]
    copy = run_async(b.process("ERP-000002"))  # the month is used up: never deducted again
    assert copy.code == "RENT_ALREADY_PAID"
    assert len(b.benefits.deducted) == 1


def test_a_rent_month_resent_under_a_new_number_is_deducted_and_paid_once(tmp_path: Path) -> None:
    b = _rent_bench(
        tmp_path,
        make_rent_invoice(erp_id="ERP-000001"),
        make_rent_invoice(erp_id="ERP-000002", invoice_number="H-1201-IGEN"),
    )
    first = run_async(b.process("ERP-000001"))
    second = run_async(b.process("ERP-000002"))
    assert (first.outcome, second.code) == (OutcomeKind.PAID, "RENT_ALREADY_PAID")
    assert len(b.benefits.deducted) == 1 and b.erp.writes == 2  # one posting, one note
