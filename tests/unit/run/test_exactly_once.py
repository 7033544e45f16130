"""The run's transaction for one invoice: paid once, noted once, finished after any crash."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from robot.domain.decision import DecisionSettings
from robot.domain.models import Invoice, InvoiceLine, Payment
from robot.domain.psp import MappingRow, MappingTable
from robot.errors import SiteError
from robot.run.journal import Journal
from robot.run.process import Work, process
from tests.support.run_async import run_async
from tests.unit.run.fakes import FakeCase, FakeErp, grant

PSP = "XG-5385010001-00007"


def make_invoice(erp_id: str = "ERP-000001", amount: str = "32240.00", **kw: object) -> Invoice:
    line = InvoiceLine(number=1, amount=Decimal(amount), note="Ophold oktober, CPR 010190-1234")
    fields: dict[str, object] = dict(
        erp_id=erp_id,
        supplier_cvr="12345674",
        invoice_number="INV-1017",
        total=Decimal(amount),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        lines=(line,),
    )
    fields.update(kw)
    return Invoice(**fields)  # type: ignore[arg-type]


def make_work(tmp_path: Path, erp: FakeErp, case: FakeCase, *, dry_run: bool = False) -> Work:
    mapping = MappingTable(
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
    settings = DecisionSettings(today=date(2026, 11, 23), sample_rate=Decimal(0))
    return Work(
        erp=erp,
        case=case,
        journal=Journal(tmp_path / "journal"),
        mapping=mapping,
        settings=settings,
        run_id="run-1",
        dry_run=dry_run,
    )


def systems() -> tuple[FakeErp, FakeCase]:
    erp = FakeErp(invoices={"ERP-000001": make_invoice()}, open_psp={PSP})
    case = FakeCase(grants=[grant()])
    return erp, case


def test_matching_invoice_is_posted_once_and_its_payment_registered(tmp_path: Path) -> None:
    erp, case = systems()
    outcome = run_async(process(make_work(tmp_path, erp, case), "ERP-000001"))
    assert outcome.outcome == "paid"
    assert erp.status["ERP-000001"] == "posted"
    assert [p.psp for p in erp.postings["ERP-000001"]] == [PSP]
    assert case.registered == [
        Payment(
            grant_id="B-1043",
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 31),
            amount=Decimal("32240.00"),
            invoice_ref="12345674/INV-1017",
        )
    ]


def test_lost_posting_response_is_found_by_reading_not_by_posting_again(tmp_path: Path) -> None:
    erp, case = systems()
    erp.lose_next_post_response = True
    work = make_work(tmp_path, erp, case)
    with pytest.raises(SiteError):
        run_async(process(work, "ERP-000001"))
    outcome = run_async(process(work, "ERP-000001"))
    assert outcome.outcome == "paid"
    assert erp.writes == 1
    assert len(case.registered) == 1


def test_run_dying_between_posting_and_payment_is_completed_by_next_run(tmp_path: Path) -> None:
    erp, case = systems()
    case.fail_next_register = True
    with pytest.raises(SiteError):
        run_async(process(make_work(tmp_path, erp, case), "ERP-000001"))
    assert erp.status["ERP-000001"] == "posted"
    assert case.registered == []
    next_run = make_work(tmp_path, erp, case)
    assert [e.erp_id for e in next_run.journal.open_entries()] == ["ERP-000001"]
    outcome = run_async(process(next_run, "ERP-000001"))
    assert outcome.outcome == "paid"
    assert erp.writes == 1
    assert len(case.registered) == 1
    assert next_run.journal.open_entries() == []


def test_payment_already_registered_is_not_registered_again(tmp_path: Path) -> None:
    erp, case = systems()
    work = make_work(tmp_path, erp, case)
    run_async(process(work, "ERP-000001"))
    work.journal.set_state(
        erp_id="ERP-000001", invoice_key="12345674/INV-1017", state="posted", run_id="run-2"
    )
    outcome = run_async(process(work, "ERP-000001"))
    assert outcome.outcome == "paid"
    assert len(case.registered) == 1


def test_unmatched_invoice_is_sent_to_manual_handling_with_its_note(tmp_path: Path) -> None:
    erp, case = systems()
    erp.invoices["ERP-000001"] = make_invoice(amount="32000.00")
    outcome = run_async(process(make_work(tmp_path, erp, case), "ERP-000001"))
    assert outcome.outcome == "manual"
    assert outcome.code == "AMOUNT_MISMATCH"
    assert erp.notes["ERP-000001"][0].startswith("[AMOUNT_MISMATCH]")
    assert case.registered == []


def test_closed_psp_element_refused_by_erp_gives_psp_rejected_note(tmp_path: Path) -> None:
    erp, case = systems()
    erp.open_psp = set()
    outcome = run_async(process(make_work(tmp_path, erp, case), "ERP-000001"))
    assert outcome.code == "PSP_REJECTED"
    assert erp.status["ERP-000001"] == "manual"
    assert erp.notes["ERP-000001"][0].startswith("[PSP_REJECTED]")


def test_dry_run_writes_nothing_in_either_system(tmp_path: Path) -> None:
    erp, case = systems()
    outcome = run_async(process(make_work(tmp_path, erp, case, dry_run=True), "ERP-000001"))
    assert outcome.outcome == "would_pay"
    assert erp.writes == 0
    assert case.registered == []
    assert erp.status["ERP-000001"] == "unposted"


def test_dry_run_reports_psp_rejected_for_an_element_the_erp_does_not_offer(
    tmp_path: Path,
) -> None:
    erp, case = systems()
    erp.open_psp = {"XG-5385010001-99999"}  # the mapping's element is not among the open ones
    outcome = run_async(process(make_work(tmp_path, erp, case, dry_run=True), "ERP-000001"))
    assert (outcome.outcome, outcome.code) == ("would_note", "PSP_REJECTED")
    assert PSP in outcome.note
    assert erp.writes == 0


def test_invoice_handled_by_someone_else_is_left_alone(tmp_path: Path) -> None:
    erp, case = systems()
    erp.status["ERP-000001"] = "manual"
    outcome = run_async(process(make_work(tmp_path, erp, case), "ERP-000001"))
    assert outcome.outcome == "skipped"
    assert erp.writes == 0


def test_second_receipt_of_a_posted_invoice_is_a_duplicate(tmp_path: Path) -> None:
    erp, case = systems()
    erp.invoices["ERP-000002"] = make_invoice(erp_id="ERP-000002")
    erp.status["ERP-000002"] = "unposted"
    work = make_work(tmp_path, erp, case)
    run_async(process(work, "ERP-000001"))
    outcome = run_async(process(work, "ERP-000002"))
    assert outcome.code == "DUPLICATE_INVOICE"
    assert len(case.registered) == 1


def test_two_workers_meeting_two_receipts_of_one_invoice_pay_it_once(tmp_path: Path) -> None:
    """Two receipts of one supplier's invoice number, each taken by its own worker at the same
    time: one is paid, the other waits for the key and then sees it is a duplicate."""
    first, second = make_invoice("ERP-000001"), make_invoice("ERP-000002")
    erp = FakeErp({"ERP-000001": first, "ERP-000002": second}, open_psp={PSP})
    case = FakeCase([grant()])
    work = make_work(tmp_path, erp, case)

    async def both() -> list[str]:
        outcomes = await asyncio.gather(
            process(work, "ERP-000001"), process(dataclasses.replace(work), "ERP-000002")
        )
        return sorted(f"{o.outcome}:{o.code}" for o in outcomes)

    assert run_async(both()) == ["manual:DUPLICATE_INVOICE", "paid:None"]
    assert sorted(erp.status.values()) == ["manual", "posted"]
    assert len(case.registered) == 1
