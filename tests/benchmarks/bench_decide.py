"""Speed check, run by hand: ``python tests/benchmarks/bench_decide.py``.

Decides 100,000 invoices against 1,000,000 grants held in memory (target: under 10 s),
and validates a 50,000-row mapping workbook (target: under 5 s). Not collected by pytest.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from openpyxl import Workbook

from robot.domain.decision import DecisionSettings
from robot.domain.mapping_book import MappingBook
from robot.domain.models import CitizenRecord, Grant, GrantStatus, Invoice, InvoiceLine, Payment
from robot.domain.prepared import Facts
from robot.domain.psp import MappingRow, MappingTable
from robot.domain.router import decide_invoice, prepare
from robot.mapping import read_mapping
from robot.mapping.builder import HEADERS

CITIZENS, GRANTS_PER_CITIZEN, WORKBOOK_ROWS = 100_000, 10, 50_000
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
KEYS = [("107", "4.0", "Privat"), ("108", "4.0", "Kommunal"), ("103", "5.2", "Selvejende")]
RATE = Decimal("1040.00")
PARAGRAPHS = (103, 104, 107, 108)  # the payable ones, as numbers (as Excel keeps them)


def valid_cvrs(count: int) -> list[str]:
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    found: list[str] = []
    number = 10_000_000
    while len(found) < count:
        digits = str(number)
        if sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0:
            found.append(digits)
        number += 1
    return found


def cpr(index: int) -> str:
    born = date(1940, 1, 1) + timedelta(days=index % 20_000)
    return f"{born:%d%m%y}{index // 20_000:04d}"


def grants_for(index: int, providers: list[str]) -> list[Grant]:
    person, own = cpr(index), providers[index % len(providers)]
    paragraph, art, ownership = KEYS[index % len(KEYS)]
    base: dict[str, Any] = {
        "cpr": person,
        "paragraph": paragraph,
        "service": "Botilbud",
        "art": art,
        "ownership": ownership,
        "target_group": "Voksne",
        "rate_unit": "day",
    }
    grants = [
        Grant(
            grant_id=f"B-{index}-0",
            provider_cvr=own,
            rate=RATE,
            valid_from=date(2026, 1, 1),
            **base,
        )
    ]
    for n in range(1, GRANTS_PER_CITIZEN):
        other = providers[(index + n) % len(providers)]
        status: GrantStatus = "ended" if n % 3 == 0 else "active"
        valid_to = date(2025, 12, 31) if n % 4 == 0 else None
        grants.append(
            Grant(
                grant_id=f"B-{index}-{n}",
                provider_cvr=other if n % 2 else own,
                rate=RATE + n,
                valid_from=date(2025, 1, 1),
                valid_to=valid_to,
                status=status,
                **base,
            )
        )
    return grants


def invoice_for(index: int, providers: list[str]) -> Invoice:
    amount = Decimal("32240.00") if index % 10 else Decimal("32000.00")  # 10 % mismatch
    line = InvoiceLine(
        number=1,
        amount=amount,
        note=f"Ophold oktober, CPR {cpr(index)}",
        item_name="Botilbud",
        item_description="Døgnophold",
    )
    return Invoice(
        erp_id=f"ERP-{index}",
        supplier_cvr=providers[index % len(providers)],
        invoice_number=f"INV-{index}",
        total=amount,
        period_start=OCTOBER[0],
        period_end=OCTOBER[1],
        lines=(line,),
    )


def bench_decide() -> None:
    started = time.perf_counter()
    providers = valid_cvrs(500)
    citizens = {cpr(i): grants_for(i, providers) for i in range(CITIZENS)}
    invoices = [invoice_for(i, providers) for i in range(CITIZENS)]
    payments = {
        f"B-{i}-0": [
            Payment(
                grant_id=f"B-{i}-0",
                period_start=date(2026, 9, 1),
                period_end=date(2026, 9, 30),
                amount=Decimal("31200.00"),
                invoice_ref="x/1",
            )
        ]
        for i in range(0, CITIZENS, 7)
    }
    rows = [
        MappingRow(
            paragraph=p,
            art=a,
            ownership=o,
            target_group="Voksne",
            psp=f"XG-53850100{n:02d}-00001",
            sheet_row=n + 2,
        )
        for n, (p, a, o) in enumerate(KEYS)
    ]
    mapping = MappingTable(rows)
    settings = DecisionSettings(today=date(2026, 11, 23), sample_rate=Decimal("0.05"))
    grants = sum(len(g) for g in citizens.values())
    print(
        f"set-up: {grants:,} grants, {len(invoices):,} invoices in "
        f"{time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    codes: Counter[str] = Counter()
    book = MappingBook.of(mapping)
    by_grant = {p.grant_id: p for ps in payments.values() for p in ps}
    for invoice in invoices:
        prepared = prepare(invoice, book=book, today=settings.today)
        records = {}
        for c in prepared.cprs_to_look_up:
            found = citizens.get(c)
            paid = tuple(by_grant[g.grant_id] for g in found or () if g.grant_id in by_grant)
            records[c] = CitizenRecord(grants=tuple(found), payments=paid) if found else None
        decision = decide_invoice(prepared, Facts(citizens=records), book=book, settings=settings)
        codes[str(decision.code or "paid")] += 1
    elapsed = time.perf_counter() - started
    print(
        f"decide: {len(invoices):,} invoices in {elapsed:.2f} s "
        f"({elapsed / len(invoices) * 1e6:.0f} µs each; target < 10 s)"
    )
    print("        outcomes:", dict(codes.most_common()))


def bench_workbook() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "psp_mapping.xlsx"
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "PSP"
        sheet.append(list(HEADERS))
        for n in range(WORKBOOK_ROWS):
            sheet.append(
                [
                    PARAGRAPHS[n % len(PARAGRAPHS)],
                    4.0,
                    "Privat",
                    f"Målgruppe {n}",
                    f"XG-{5385010000 + n}-00007",
                    date(2026, 1, 1),
                    None,
                    "",
                ]
            )
        book.save(path)
        started = time.perf_counter()
        report = read_mapping(path)
        elapsed = time.perf_counter() - started
    print(
        f"validate-mapping: {WORKBOOK_ROWS:,} rows in {elapsed:.2f} s "
        f"({len(report.table):,} usable, {len(report.problems)} problems; target < 5 s)"
    )


if __name__ == "__main__":
    bench_decide()
    bench_workbook()
