"""The run's transaction for one invoice: paid once, noted once, finished after any crash; and
of two invoices that would pay the same thing, one is paid, whatever the interleaving."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice, InvoiceLine, Payment
from robot.domain.psp import MappingRow, MappingTable
from robot.errors import ClaimBusy, SiteError
from robot.journal.model import (
    LeaseLost,
    OutcomeKind,
    PlanKind,
    PlannedPayment,
    State,
    WritePlan,
)
from robot.run.process import process
from tests.support.run_async import run_async
from tests.unit.run.fakes import Bench, FakeCase, FakeErp, grant
from tests.unit.run.loop import run_loop

PSP = "XG-5385010001-00007"
BOOK = MappingBook.of(
    MappingTable(
        [
            MappingRow(
                paragraph="107",
                art="4.0",
                ownership="Privat",
                target_group="Udviklingshæmmede",
                psp=PSP,
                sheet_row=2,
            )
        ]
    )
)


def make_invoice(
    erp_id: str = "ERP-000001",
    amount: str = "32240.00",
    number: str = "INV-1017",
    period: tuple[date, date] = (date(2026, 10, 1), date(2026, 10, 31)),
) -> Invoice:
    line = InvoiceLine(number=1, amount=Decimal(amount), note="Ophold oktober, CPR 010190-1234")
    return Invoice(
        erp_id=erp_id,
        supplier_cvr="12345674",
        invoice_number=number,
        total=Decimal(amount),
        period_start=period[0],
        period_end=period[1],
        lines=(line,),
    )


def bench(tmp_path: Path, *invoices: Invoice, **kw: object) -> Bench:
    chosen = invoices or (make_invoice(),)
    erp = FakeErp({i.erp_id: i for i in chosen}, open_psp={PSP})
    return Bench.over(tmp_path, erp, FakeCase([grant()]), BOOK, **kw)


OCTOBER_DAYS = (date(2026, 10, 1), date(2026, 10, 31))
OCTOBER = Payment(
    grant_id="B-1043",
    period_start=date(2026, 10, 1),
    period_end=date(2026, 10, 31),
    amount=Decimal("32240.00"),
    invoice_ref="12345674/INV-1017",
)


def test_matching_invoice_is_posted_once_and_its_payment_registered(tmp_path: Path) -> None:
    b = bench(tmp_path)
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert [p.psp for p in b.erp.postings["ERP-000001"]] == [PSP]
    assert b.case.registered == [OCTOBER]
    entry = b.journal.entry("ERP-000001")
    assert entry is not None
    assert entry.state is State.DONE


def test_lost_posting_response_is_found_by_reading_not_by_posting_again(tmp_path: Path) -> None:
    b = bench(tmp_path)
    b.erp.lose_next_post_response = True
    with pytest.raises(SiteError):
        run_async(b.process("ERP-000001"))
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert b.erp.writes == 1
    assert b.case.registered == [OCTOBER]


def test_run_dying_between_posting_and_payment_is_completed_by_next_run(tmp_path: Path) -> None:
    b = bench(tmp_path)
    b.case.fail_next_register = True
    with pytest.raises(SiteError):
        run_async(b.process("ERP-000001"))
    assert b.erp.status["ERP-000001"] == "posted"
    assert b.case.registered == []
    assert [e.erp_id for e in b.journal.open_entries()] == ["ERP-000001"]
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert b.erp.writes == 1
    assert b.case.registered == [OCTOBER]
    assert b.journal.open_entries() == []


def test_payment_already_registered_is_not_registered_again(tmp_path: Path) -> None:
    b = bench(tmp_path)
    b.case.registered.append(OCTOBER)  # registered, but the answer was lost
    lease = b.lease("ERP-000001")
    plan = WritePlan(
        kind=PlanKind.PAY,
        payments=(PlannedPayment("B-1043", *OCTOBER_DAYS, Decimal("32240.00")),),
    )
    b.journal.record(
        lease, invoice_key="12345674/INV-1017", state=State.POSTING, run_id="r", plan=plan
    )
    b.erp.status["ERP-000001"] = "posted"
    outcome = run_async(process(b.work(lease), "ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert b.case.registered == [OCTOBER]


def test_unmatched_invoice_is_sent_to_manual_handling_with_its_note(tmp_path: Path) -> None:
    b = bench(tmp_path, make_invoice(amount="32000.00"))
    outcome = run_async(b.process("ERP-000001"))
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "AMOUNT_MISMATCH")
    assert b.erp.notes["ERP-000001"][0].startswith("[AMOUNT_MISMATCH]")
    assert b.case.registered == []


def test_a_psp_element_the_erp_does_not_offer_is_psp_rejected_before_any_write(
    tmp_path: Path,
) -> None:
    b = bench(tmp_path)
    b.erp.open_psp = {"XG-5385010001-99999"}
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.code == "PSP_REJECTED"
    assert b.erp.status["ERP-000001"] == "manual"
    assert b.erp.writes == 1  # the note only
    assert b.erp.notes["ERP-000001"][0].startswith("[PSP_REJECTED]")


def test_psp_element_refused_at_the_posting_gives_psp_rejected_and_frees_the_days(
    tmp_path: Path,
) -> None:
    b = bench(tmp_path, make_invoice(), make_invoice("ERP-000002", number="INV-1017B"))
    b.erp.refuse_next_post = "psp_closed"
    assert run_async(b.process("ERP-000001")).code == "PSP_REJECTED"
    assert run_async(b.process("ERP-000002")).outcome is OutcomeKind.PAID  # the days were freed


def test_posting_refused_for_another_reason_goes_to_a_person_at_once(tmp_path: Path) -> None:
    b = bench(tmp_path)
    b.erp.refuse_next_post = "remark_too_long"
    outcome = run_async(b.process("ERP-000001"))
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "POSTING_REFUSED")
    assert "refused: remark_too_long" in b.erp.notes["ERP-000001"][0]
    assert b.case.registered == []


def test_dry_run_writes_nothing_in_either_system_nor_the_journal(tmp_path: Path) -> None:
    b = bench(tmp_path, dry_run=True)
    outcome = run_async(process(b.work(None), "ERP-000001"))
    assert outcome.outcome is OutcomeKind.WOULD_PAY
    assert b.erp.writes == 0
    assert b.case.registered == []
    assert b.journal.entry("ERP-000001") is None


def test_invoice_handled_by_someone_else_is_left_alone(tmp_path: Path) -> None:
    b = bench(tmp_path)
    b.erp.status["ERP-000001"] = "manual"
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.SKIPPED
    assert b.erp.writes == 0


def test_second_receipt_of_a_posted_invoice_is_a_duplicate(tmp_path: Path) -> None:
    b = bench(tmp_path, make_invoice(), make_invoice("ERP-000002"))
    run_async(b.process("ERP-000001"))
    outcome = run_async(b.process("ERP-000002"))
    assert outcome.code == "DUPLICATE_INVOICE"
    assert len(b.case.registered) == 1


@pytest.mark.parametrize("workers", [2, 4])
def test_two_receipts_of_one_invoice_at_once_are_paid_once(tmp_path: Path, workers: int) -> None:
    b = bench(tmp_path, make_invoice(), make_invoice("ERP-000002"))
    outcomes = run_async(run_loop(b, ["ERP-000001", "ERP-000002"], workers=workers))
    assert sorted(f"{o.outcome.value}:{o.code}" for o in outcomes) == [
        "manual:DUPLICATE_INVOICE",
        "paid:None",
    ]
    assert len(b.case.registered) == 1


def resent_pairs(count: int) -> list[Invoice]:
    """`count` months' invoices, each sent twice under two numbers (one grant per month)."""
    invoices = []
    for n in range(count):
        erp = 2 * n + 1
        invoices += [
            make_invoice(f"ERP-{erp:06d}", number=f"INV-{n}"),
            make_invoice(f"ERP-{erp + 1:06d}", number=f"INV-{n}-IGEN"),
        ]
    return invoices


def test_a_month_resent_under_a_new_number_is_paid_once_by_any_number_of_workers(
    tmp_path: Path,
) -> None:
    """Twelve re-sent pairs for twelve citizens, eight workers interleaving at every await:
    each grant period is posted once, the other receipt is DUPLICATE_PAYMENT."""
    invoices, grants = [], []
    for n, (first, second) in enumerate(zip(*[iter(resent_pairs(12))] * 2, strict=True)):
        cpr = f"0{n + 1:01d}0190123{n % 10}"[-10:]
        cpr = f"{(n % 28) + 1:02d}0190{1000 + n:04d}"
        lines = (InvoiceLine(number=1, amount=Decimal("32240.00"), note=f"CPR {cpr}"),)
        invoices += [
            first.__class__(**{**_fields(first), "lines": lines}),
            second.__class__(**{**_fields(second), "lines": lines}),
        ]
        grants.append(grant(grant_id=f"B-{n}", cpr=cpr))
    erp = FakeErp({i.erp_id: i for i in invoices}, open_psp={PSP})
    b = Bench.over(tmp_path, erp, FakeCase(grants), BOOK)
    outcomes = run_async(run_loop(b, list(erp.invoices), workers=8))
    assert len(b.erp.paid_keys()) == 12
    assert sorted({p.grant_id for p in b.case.registered}) == sorted(g.grant_id for g in grants)
    assert len(b.case.registered) == 12
    codes = sorted(o.code or "paid" for o in outcomes)
    assert codes == ["DUPLICATE_PAYMENT"] * 12 + ["paid"] * 12


def _fields(invoice: Invoice) -> dict[str, object]:
    return {f: getattr(invoice, f) for f in invoice.__dataclass_fields__}


def test_an_invoice_for_part_of_a_month_another_invoice_pays_is_not_paid(tmp_path: Path) -> None:
    """October whole, and its second half under another number, at the same time: one pays."""
    half = make_invoice(
        "ERP-000002",
        amount="16640.00",
        number="INV-1017-2",
        period=(date(2026, 10, 16), date(2026, 10, 31)),
    )
    b = bench(tmp_path, make_invoice(), half)
    outcomes = run_async(run_loop(b, ["ERP-000001", "ERP-000002"], workers=2))
    assert len(b.erp.paid_keys()) == 1
    assert len(b.case.registered) == 1
    assert sorted(o.code or "paid" for o in outcomes) == ["DUPLICATE_PAYMENT", "paid"]


def test_an_invoice_whose_days_another_is_paying_right_now_waits_for_it(tmp_path: Path) -> None:
    b = bench(tmp_path, make_invoice(), make_invoice("ERP-000002", number="INV-1017-IGEN"))
    first = b.lease("ERP-000001")
    b.erp.fail_next_post = True
    with pytest.raises(SiteError):  # claimed, and the posting failed: still being paid
        run_async(process(b.work(first), "ERP-000001"))
    second = b.lease("ERP-000002", owner="another")
    with pytest.raises(ClaimBusy):
        run_async(process(b.work(second), "ERP-000002"))
    assert b.erp.status["ERP-000002"] == "unposted"
    run_async(process(b.work(first), "ERP-000001"))  # finished
    outcome = run_async(process(b.work(second), "ERP-000002"))
    assert outcome.code == "DUPLICATE_PAYMENT"
    assert len(b.case.registered) == 1


def test_a_refused_registration_leaves_the_invoice_to_a_person_with_its_days_claimed(
    tmp_path: Path,
) -> None:
    b = bench(tmp_path, make_invoice(), make_invoice("ERP-000002", number="INV-1017-IGEN"))
    b.case.refuse_registrations = True
    stuck = run_async(b.process("ERP-000001"))
    assert stuck.outcome is OutcomeKind.NEEDS_PERSON
    # what the report's "what to do" names: the voucher posted and the grant to register on
    assert stuck.voucher and stuck.references == "B-1043"
    assert stuck.error
    entry = b.journal.entry("ERP-000001")
    assert entry is not None
    assert entry.state is State.NEEDS_PERSON
    b.case.refuse_registrations = False
    outcome = run_async(b.process("ERP-000002"))  # the case system shows no payment, but
    assert outcome.code == "DUPLICATE_PAYMENT"  # the journal knows October is paid
    assert b.erp.paid_keys() == ["12345674/INV-1017"]


def test_a_process_that_lost_its_lease_writes_nothing_more(tmp_path: Path) -> None:
    b = bench(tmp_path)
    stale = b.lease("ERP-000001", owner="slow-process")
    b.journal.release(stale, done=False)
    b.lease("ERP-000001", owner="another-process")  # taken over: a new token
    with pytest.raises(LeaseLost):
        run_async(process(b.work(stale), "ERP-000001"))
    assert b.erp.writes == 0


def test_an_invoice_sent_back_after_a_note_is_decided_afresh_and_paid(tmp_path: Path) -> None:
    b = bench(tmp_path, make_invoice(amount="33260.00"))
    assert run_async(b.process("ERP-000001")).code == "AMOUNT_MISMATCH"
    from robot.domain.models import RateChange

    b.case.grants = [grant(rate_changes=(RateChange(date(2026, 10, 15), Decimal("1100.00")),))]
    b.erp.status["ERP-000001"] = "unposted"  # a caseworker added the rate and sent it back
    outcome = run_async(b.process("ERP-000001"))
    assert outcome.outcome is OutcomeKind.PAID
    assert outcome.came_back
    assert [p.amount for p in b.case.registered] == [Decimal("33260.00")]


def test_many_invoices_at_once_each_end_once(tmp_path: Path) -> None:
    invoices = [make_invoice(f"ERP-{n:06d}", number=f"N-{n}", amount="1.00") for n in range(30)]
    b = bench(tmp_path, *invoices)
    outcomes = run_async(run_loop(b, list(b.erp.invoices), workers=6))
    assert sorted(o.erp_id for o in outcomes) == sorted(b.erp.invoices)
    assert all(o.code == "AMOUNT_MISMATCH" for o in outcomes)
    assert all(len(notes) == 1 for notes in b.erp.notes.values())


def test_claim_wait_is_bounded(tmp_path: Path) -> None:
    """An invoice held up by another one that never finishes (its process died, its lease
    is long) is left for the next run, not waited on for ever."""
    b = bench(tmp_path, make_invoice(), make_invoice("ERP-000002", number="INV-1017-IGEN"))
    first = b.lease("ERP-000001", owner="died", lease_s=3)
    b.erp.fail_next_post = True
    with pytest.raises(SiteError):  # claimed, then the process died holding the lease
        run_async(process(b.work(first), "ERP-000001"))
    outcomes = run_async(run_loop(b, ["ERP-000002"], workers=1, claim_wait_s=0.5))
    by_id = {o.erp_id: o for o in outcomes}
    assert by_id["ERP-000002"].outcome is OutcomeKind.FAILED
    assert "waited" in by_id["ERP-000002"].error
    assert b.erp.status["ERP-000002"] == "unposted"
    # Once the dead process's lease ran out, this one finished its invoice.
    assert by_id["ERP-000001"].outcome is OutcomeKind.PAID


def test_an_invoice_failing_the_same_way_in_three_runs_goes_to_a_person(tmp_path: Path) -> None:
    """Not retried every night without end: the third run in a row that fails on it the same
    way sends it to manual handling with REPEATED_FAILURE."""
    b = bench(tmp_path)

    async def broken(cpr: str) -> object:
        raise SiteError("the case system answered 500 on the citizen page")

    b.case.citizen = broken  # type: ignore[method-assign,assignment]
    for run in ("run-1", "run-2", "run-3"):
        if run != "run-1":
            b.journal.start_run(run_id=run, host="t", dry_run=False, mapping_file="m", sha256="x")
        b.run_id = run
        [outcome] = run_async(run_loop(b, ["ERP-000001"], workers=1))
        b.journal.enqueue([], read_at=b.journal.now())
    assert (outcome.outcome, outcome.code) == (OutcomeKind.MANUAL, "REPEATED_FAILURE")
    assert b.erp.status["ERP-000001"] == "manual"
    assert "500 on the citizen page" in b.erp.notes["ERP-000001"][0]
    assert b.erp.writes == 1
