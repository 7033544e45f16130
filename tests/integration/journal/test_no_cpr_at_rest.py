"""The journal holds no CPR-shaped text in clear (the second attack's finding 6): invoice numbers
shaped like CPR numbers, in every spelling, paid, noted and refused, leave neither the SQLite
file nor a `pg_dump` of the shared journal with one. What a later run must write (the invoice
reference of a registration) is read again from the ERP, never stored."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from robot.domain.benefits import BenefitsCitizen
from robot.domain.models import Invoice, InvoiceLine
from robot.journal.base import Journal
from robot.journal.sqlite import FILE_NAME, SqliteJournal
from tests.builders import (
    CPR,
    RENT_PSP,
    make_agreement,
    make_line,
    make_mapping,
    make_payout,
    make_rent_invoice,
    rent_book,
)
from tests.support.postgres import pg_bin
from tests.support.run_async import run_async
from tests.unit.run.fakes import Bench, FakeBenefits, FakeCase, FakeErp, grant

PSP = "XG-5385010001-00007"
# One person's CPR, 19.03.1956, in the spellings the attack tried (and a few more).
SPELLINGS = ("190356-2443", "190356–2443", "190356 2443", "1903562443", "190356/2443")
TRACES = ("190356", "19.03.56", "1903562443")


def _grant_invoices() -> list[Invoice]:
    invoices = []
    for n, number in enumerate(SPELLINGS, start=1):
        amount = "32240.00" if n <= 2 else "31000.00"  # two pay October, the rest mismatch
        line = InvoiceLine(
            number=1,
            amount=Decimal(amount),
            note="Ophold oktober, CPR 010190-1234",
        )
        invoices.append(
            Invoice(
                erp_id=f"ERP-{n:06d}",
                supplier_cvr="12345674",
                invoice_number=f"69791905/{number}",
                total=line.amount,
                period_start=date(2026, 10, 1),
                period_end=date(2026, 10, 31),
                lines=(line,),
            )
        )
    return invoices


def _run_everything(journal: Journal, tmp_path: Path) -> None:
    from robot.domain.mapping_book import MappingBook
    from robot.domain.psp import MappingRow

    row = MappingRow(
        paragraph="107",
        art="4.0",
        ownership="Privat",
        target_group="Udviklingshæmmede",
        psp=PSP,
        sheet_row=2,
    )
    invoices = _grant_invoices()
    erp = FakeErp({i.erp_id: i for i in invoices}, open_psp={PSP})
    journal.start_run(run_id="run-1", host="h", dry_run=False, mapping_file="m", sha256="x")
    grants = Bench(erp, FakeCase([grant()]), journal, MappingBook.of(make_mapping(row)))
    for invoice in invoices:
        run_async(grants.process(invoice.erp_id))
    rent = make_rent_invoice(
        erp_id="ERP-000099",
        invoice_number="H/190356-2443",
        lines=(make_line(amount=Decimal("5200.00"), note="Husleje december 2026 CPR 010190-1234"),),
    )
    rent_erp = FakeErp({rent.erp_id: rent}, open_psp={RENT_PSP})
    renting = Bench(rent_erp, FakeCase([]), journal, rent_book())
    citizen = BenefitsCitizen(agreements=(make_agreement(),), payouts=(make_payout(),))
    renting.benefits = FakeBenefits(citizens={CPR: citizen})
    run_async(renting.process(rent.erp_id))
    assert rent_erp.status[rent.erp_id] == "posted"
    assert erp.status["ERP-000001"] == "posted"


def _assert_no_cpr(dump: str) -> None:
    for trace in TRACES:
        assert trace not in dump, f"{trace!r} is in the journal"


def test_the_sqlite_journal_file_holds_no_cpr_shaped_invoice_number(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "journal")
    _run_everything(journal, tmp_path)
    journal.close()
    files = sorted((tmp_path / "journal").glob(f"{FILE_NAME}*"))
    dump = b"".join(f.read_bytes() for f in files).decode("utf-8", errors="replace")
    _assert_no_cpr(dump)
    import sqlite3

    conn = sqlite3.connect(tmp_path / "journal" / FILE_NAME)
    text = "\n".join(str(line) for line in conn.iterdump())
    conn.close()
    _assert_no_cpr(text)
    assert "69791905/" in text  # the rest of the invoice key is kept, readable


def test_a_pg_dump_of_the_shared_journal_holds_no_cpr_shaped_invoice_number(
    postgres_url: str, tmp_path: Path
) -> None:
    from robot.journal.postgres import PostgresJournal

    bin_dir = pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed")
    journal = PostgresJournal(postgres_url)
    try:
        _run_everything(journal, tmp_path)
    finally:
        journal.close()
    dumped = subprocess.run(
        [str(bin_dir / "pg_dump"), "--data-only", "--dbname", postgres_url],
        capture_output=True,
        text=True,
        check=True,
    )
    _assert_no_cpr(dumped.stdout)
    assert "69791905/" in dumped.stdout
