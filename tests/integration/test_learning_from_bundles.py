"""`robot suggest-plans` and `robot backtest` on generated bundles: their cores on the ERP
history read straight from `erp.json`, against the ground truth (`plan_proposals`,
`plan_decoys`), and the proposed rows pasted into `Betalingsplaner` through the workbook reader
and `robot validate-mapping`."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from fake_systems.scenarios import generate
from fake_systems.scenarios.generate import ONE_OF_EACH
from robot.cli import main as robot_main
from robot.domain.history import PostedBill
from robot.domain.mapping_book import MappingBook
from robot.learning.backtest import backtest
from robot.learning.proposal_book import SHEET, write_proposal_workbook
from robot.learning.proposals import Proposal, Review, review_pairs
from robot.learning.reasons import Reason
from robot.learning.window import months_back
from robot.mapping.builder import write_mapping_workbook
from robot.mapping.columns import PLAN_SHEET
from robot.mapping.reader import read_mapping
from tests.support.bundle_decisions import open_psp_elements, posted_bills

# Two seeds, two run dates: the generator builds each bundle around its run date.
BUNDLES = ((3, date(2026, 11, 23)), (8, date(2027, 2, 14)))


@pytest.fixture(scope="module", params=BUNDLES, ids=lambda b: f"seed{b[0]}-{b[1]}")
def bundle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    seed, as_of = request.param
    out = tmp_path_factory.mktemp("bundle") / "bundle"
    generate(out, invoices=ONE_OF_EACH, seed=seed, as_of=as_of)
    return out


def expected(bundle: Path) -> dict[str, Any]:
    return dict(json.loads((bundle / "expected.json").read_text()))


def today_of(bundle: Path) -> date:
    return date.fromisoformat(expected(bundle)["settings"]["today"])


def book_of(bundle: Path) -> MappingBook:
    return read_mapping(bundle / "psp_mapping.xlsx").book


def within(bills: list[PostedBill], today: date, months: int) -> list[PostedBill]:
    """What suggest-plans reads: posted in the last `months` months up to the run date."""
    since = months_back(today, months)
    return [b for b in bills if since <= b.posted_at <= today]


def review(bundle: Path, *, months: int, book: MappingBook | None = None) -> Review:
    today = today_of(bundle)
    return review_pairs(
        within(posted_bills(bundle), today, months),
        today=today,
        open_psp=open_psp_elements(bundle),
        book=book or book_of(bundle),
    )


def as_contract_row(p: Proposal) -> dict[str, str]:
    """The proposal as expected.json writes a Betalingsplaner row."""
    return {
        "Leverandør-CVR": p.supplier_cvr,
        "Modtager-EAN": p.receiver_ean,
        "Beløb fra": f"{p.amount_from:.2f}",
        "Beløb til": f"{p.amount_to:.2f}",
        "Kadence": p.cadence.value,
        "PSP-element": p.psp,
        "Linjetekst": p.line_text,
        "Gyldig fra": p.valid_from.isoformat(),
        "Gyldig til": "",
        "Bemærkning": p.remark,
    }


def by_pair(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {f"{r['Leverandør-CVR']}/{r['Modtager-EAN']}": r for r in rows}


def test_suggest_plans_proposes_exactly_the_ground_truths_rows_over_48_months(
    bundle: Path,
) -> None:
    months = expected(bundle)["settings"]["plan_months"]
    found = by_pair([as_contract_row(p) for p in review(bundle, months=months).proposals])
    assert found == by_pair(expected(bundle)["plan_proposals"])


def test_every_decoy_is_left_out_for_its_own_reason(bundle: Path) -> None:
    found = review(bundle, months=expected(bundle)["settings"]["plan_months"])
    reasons = {f"{i.supplier_cvr}/{i.receiver_ean}": i.reason.value for i in found.left_out}
    decoys = expected(bundle)["plan_decoys"]
    assert {pair: reasons.get(pair, "proposed") for pair in decoys} == decoys
    assert set(decoys.values()) == {reason.value for reason in Reason}


def test_twelve_months_find_the_monthly_and_quarterly_rows_only(bundle: Path) -> None:
    found = by_pair([as_contract_row(p) for p in review(bundle, months=12).proposals])
    rows = [r for r in expected(bundle)["plan_proposals"] if r["Kadence"] in ("måned", "kvartal")]
    assert found == by_pair(rows)


def _forslag_rows(path: Path) -> list[dict[str, object]]:
    """The Forslag sheet's rows by header, as an admin copies them."""
    sheet = load_workbook(path)[SHEET]
    values = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in values[0]]
    return [dict(zip(headers, row, strict=True)) for row in values[1:]]


def test_proposed_rows_pasted_into_betalingsplaner_pass_validation_unchanged(
    bundle: Path, tmp_path: Path
) -> None:
    today = today_of(bundle)
    found = review(bundle, months=48)
    proposals = write_proposal_workbook(
        tmp_path / "forslag.xlsx", found, today=today, since=months_back(today, 48), until=today
    )
    pasted = [[row[h] for h in PLAN_SHEET.headers] for row in _forslag_rows(proposals)]
    assert len(pasted) == len(found.proposals) > 0
    # Into a copy of the bundle's own workbook, below its plan rows.
    workbook = shutil.copy(bundle / "psp_mapping.xlsx", tmp_path / "mapping.xlsx")
    book = load_workbook(workbook)
    sheet = book[PLAN_SHEET.name]
    first_new = sheet.max_row + 1
    for cells in pasted:
        sheet.append(cells)
    book.save(workbook)
    report = read_mapping(workbook)
    new_problems = [p for p in report.errors if p.sheet == PLAN_SHEET.name and p.row >= first_new]
    assert new_problems == []
    plans = report.book.plans
    for p in found.proposals:
        [row] = [
            r for r in plans.rows_for(p.supplier_cvr, p.receiver_ean) if r.sheet_row >= first_new
        ]
        assert (row.amount_from, row.amount_to, row.cadence, row.psp, row.line_text) == (
            p.amount_from,
            p.amount_to,
            p.cadence,
            p.psp,
            p.line_text,
        )
        assert (row.valid_from, row.valid_to) == (p.valid_from, None)
    # Accepted, the pairs are covered: suggesting again proposes none of them.
    again = review(bundle, months=48, book=report.book)
    assert again.proposals == ()
    assert again.reasons()[Reason.COVERED_BY_PLAN] >= len(found.proposals)
    # And robot validate-mapping accepts them in a workbook of their own (exit 0).
    alone = write_mapping_workbook(
        tmp_path / "alone.xlsx",
        [["107", "4.0", "Privat", "Udviklingshæmmede", "XG-5385010001-00007", None, None, ""]],
        plans=pasted,
    )
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = robot_main(["validate-mapping", str(alone), "--no-erp", "--no-case-system"])
    assert code == 0, printed.getvalue()


def test_the_backtest_of_a_generated_year_suggests_and_pays_where_people_posted(
    bundle: Path,
) -> None:
    bills = posted_bills(bundle)
    months = backtest(
        bills,
        today=today_of(bundle),
        months=3,
        open_psp=open_psp_elements(bundle),
        book=book_of(bundle),
    )
    replayed = [r for m in months for r in m.replayed]
    assert len(months) == 3 and replayed
    assert sum(1 for r in replayed if r.suggested) > 0
    assert sum(1 for r in replayed if r.first_right) > 0
    paid = [r for r in replayed if r.pays]
    assert paid
    # Pairs every line of whose history people posted to one PSP element: learned postings
    # that pay them never pay elsewhere.
    psps: dict[tuple[str, str], set[str]] = {}
    for b in bills:
        psps.setdefault(b.pair, set()).update(line.psp for line in b.lines)
    clean = [r for r in paid if len(psps[r.bill.pair]) == 1]
    assert clean
    assert [r for r in clean if r.differs] == []
    # Nothing a payment plan or a Modtagere EAN takes, and no invoice with a CPR, is replayed.
    book = book_of(bundle)
    for r in replayed:
        cvr, ean = r.bill.pair
        assert book.receiver_kind(ean) is None
        assert not book.plans.lookup(cvr, ean, r.bill.day)
