"""`fake-systems generate` and rent for benefit recipients (contract section 11): every bundle
has a benefits.json and the workbook's rent rows, its rent invoices hold every rent code of
DOMAIN.md, and each paid one fits the data it was built on (one agreement, a planned payout with
room, within the landlord row's tolerance, never a month deducted twice). Checked from the
bundle's own files, apart from the robot's rules."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from stdnum import ean
from stdnum.dk import cpr, cvr

from fake_systems.bundle.export import export_outcome
from fake_systems.bundle.load import load_bundle
from fake_systems.oioubl import ParsedDocument, parse
from fake_systems.scenarios import generate
from fake_systems.scenarios.documents import MONTHS_DA

RENT_CODES = {
    "LANDLORD_NOT_APPROVED", "MISSING_CPR", "INVALID_CPR", "CITIZEN_NOT_FOUND",
    "NO_RENT_AGREEMENT", "AMBIGUOUS_RENT_AGREEMENT", "RENT_ALREADY_PAID", "RENT_DEVIATION",
    "NO_PAYOUT_FOR_MONTH", "BENEFIT_TOO_SMALL", "PERIOD_NOT_PAYABLE", "DUPLICATE_INVOICE",
}  # fmt: skip
LANDLORD_HEADERS = [
    "Udlejer-CVR", "Udlejer", "PSP-element", "Afvigelse %", "Gyldig fra", "Gyldig til",
    "Bemærkning",
]  # fmt: skip
CPR_SHAPE = re.compile(r"(?<![0-9])([0-9]{6})-?([0-9]{4})(?![0-9])")


@dataclass
class Bundle:
    folder: Path
    as_of: date
    expected: dict[str, Any]
    benefits: dict[str, Any]
    erp: dict[str, Any]
    documents: dict[str, ParsedDocument]
    sheets: dict[str, list[list[Any]]]

    def rent(self) -> dict[str, dict[str, Any]]:
        return {k: e for k, e in self.expected["invoices"].items() if e["route"] == "rent"}

    def landlord_rows(self) -> list[dict[str, Any]]:
        header, *rows = self.sheets["Udlejere"]
        return [dict(zip(header, row, strict=True)) for row in rows]


def _read(folder: Path, as_of: date) -> Bundle:
    def load(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    book = load_workbook(folder / "psp_mapping.xlsx", read_only=True)
    sheets = {
        name: [list(row) for row in book[name].iter_rows(values_only=True)]
        for name in book.sheetnames
    }
    documents = {
        f"{d.supplier_cvr}/{d.invoice_number}": d
        for d in (parse(p.read_bytes()) for p in (folder / "invoices").glob("*.xml"))
    }
    return Bundle(
        folder, as_of, load("expected.json"), load("benefits.json"), load("erp.json"), documents,
        sheets,
    )  # fmt: skip


@pytest.fixture(
    scope="module",
    params=[(5, date(2026, 11, 23)), (11, date(2026, 12, 28))],
    ids=["seed-5-november", "seed-11-december-billing-january-ahead"],
)
def bundle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    seed, as_of = request.param
    out = tmp_path_factory.mktemp(f"rent-{seed}") / "bundle"
    generate(out, invoices=300, seed=seed, as_of=as_of)
    return _read(out, as_of)


def _month(key: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{key}-01")
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def _row_valid(row: dict[str, Any], day: date) -> bool:
    start, end = row["Gyldig fra"], row["Gyldig til"]
    return (start is None or start.date() <= day) and (end is None or day <= end.date())


def test_rent_invoices_hold_every_rent_code_and_a_resent_month(bundle: Bundle) -> None:
    entries = bundle.rent().values()
    codes = Counter(e["code"] for e in entries)
    assert set(codes) - {None} == RENT_CODES
    assert codes[None] >= 8, "a good share of rent is paid"
    others = {e["otherwise"]["code"] for e in entries if "one_of" in e}
    assert others == {"RENT_ALREADY_PAID"}
    assert all(e["postings"] == [] and "deduction" not in e for e in entries if e["code"])


def test_every_paid_rent_invoice_fits_one_agreement_and_one_planned_payout(bundle: Bundle) -> None:
    agreements = {a["agreement_id"]: a for a in bundle.benefits["agreements"]}
    deducted: dict[str, Decimal] = defaultdict(Decimal)
    for d in bundle.benefits["deductions"]:
        deducted[d["payout_id"]] += Decimal(d["amount"])
    for key, entry in bundle.rent().items():
        if entry["status"] != "posted":
            continue
        deduction = entry["deduction"]
        agreement = agreements[deduction["agreement_id"]]
        first, last = _month(deduction["month"])
        assert agreement["landlord_cvr"] == key.split("/")[0]
        covering = [
            a
            for a in agreements.values()
            if a["cpr"] == agreement["cpr"] and a["landlord_cvr"] == agreement["landlord_cvr"]
            and date.fromisoformat(a["valid_from"]) <= first
            and (a["valid_to"] is None or last <= date.fromisoformat(a["valid_to"]))
        ]  # fmt: skip
        assert covering == [agreement], key
        payouts = [
            p
            for p in bundle.benefits["payouts"]
            if p["cpr"] == agreement["cpr"] and p["month"] == deduction["month"]
        ]
        assert len(payouts) == 1, key
        assert payouts[0]["status"] == "planlagt", key
        left = Decimal(payouts[0]["amount"]) - deducted[payouts[0]["payout_id"]]
        assert left >= Decimal(deduction["amount"]), key
        assert sum(Decimal(p["amount"]) for p in entry["postings"]) == Decimal(deduction["amount"])
        assert {p["grant_id"] for p in entry["postings"]} == {agreement["agreement_id"]}


def test_paid_rent_stays_within_the_landlord_rows_tolerance_of_the_last_deduction(
    bundle: Bundle,
) -> None:
    agreements = {a["agreement_id"]: a for a in bundle.benefits["agreements"]}
    rows = bundle.landlord_rows()
    for key, entry in bundle.rent().items():
        if entry["status"] != "posted":
            continue
        deduction = entry["deduction"]
        first = _month(deduction["month"])[0]
        valid = [r for r in rows if r["Udlejer-CVR"] == key.split("/")[0] and _row_valid(r, first)]
        assert len(valid) == 1, key
        assert {p["psp"] for p in entry["postings"]} == {valid[0]["PSP-element"]}
        earlier = sorted(
            (d["month"], Decimal(d["amount"]))
            for d in bundle.benefits["deductions"]
            if d["agreement_id"] == deduction["agreement_id"] and d["month"] < deduction["month"]
        )
        agreement = agreements[deduction["agreement_id"]]
        reference = earlier[-1][1] if earlier else Decimal(agreement["rent"])
        limit = Decimal(str(valid[0]["Afvigelse %"] or 10))
        amount = Decimal(deduction["amount"])
        assert abs(amount - reference) / reference * 100 <= limit, key


def test_paid_rent_invoices_name_one_month_and_the_agreements_citizen(bundle: Bundle) -> None:
    agreements = {a["agreement_id"]: a for a in bundle.benefits["agreements"]}
    for key, entry in bundle.rent().items():
        if entry["status"] != "posted":
            continue
        document = bundle.documents[key]
        first, last = _month(entry["deduction"]["month"])
        texts = [line.note for line in document.lines]
        if document.period_start is not None:
            assert (document.period_start, document.period_end) == (first, last), key
        else:
            named = any(_names_month(text, first) for text in texts)
            issued = document.issue_date
            assert named or (issued is not None and issued.replace(day=1) == first), key
        found = {
            "".join(m) for t in [*texts, document.buyer_reference] for m in CPR_SHAPE.findall(t)
        }
        assert found == {agreements[entry["deduction"]["agreement_id"]]["cpr"]}, key


def _names_month(text: str, first: date) -> bool:
    words = (MONTHS_DA[first.month - 1], MONTHS_DA[first.month - 1][:3] + ".")
    forms = [f"{w} {first.year}" for w in words] + [f"{first:%m.%Y}", f"{first:%m/%Y}"]
    return any(form in text for form in forms)


def test_a_month_is_never_deducted_twice_and_each_deduction_fits_its_payout(
    bundle: Bundle,
) -> None:
    deductions = bundle.benefits["deductions"]
    pairs = Counter((d["agreement_id"], d["month"]) for d in deductions)
    assert max(pairs.values()) == 1
    paid = Counter(
        (e["deduction"]["agreement_id"], e["deduction"]["month"])
        for e in bundle.rent().values()
        if e["status"] == "posted" and "one_of" not in e
    )
    assert max(paid.values()) == 1 and not set(paid) & set(pairs)
    payouts = {p["payout_id"]: p for p in bundle.benefits["payouts"]}
    agreements = {a["agreement_id"]: a for a in bundle.benefits["agreements"]}
    taken: dict[str, Decimal] = defaultdict(Decimal)
    for d in deductions:
        payout = payouts[d["payout_id"]]
        assert payout["month"] == d["month"]
        assert payout["cpr"] == agreements[d["agreement_id"]]["cpr"]
        taken[d["payout_id"]] += Decimal(d["amount"])
    assert all(taken[p] <= Decimal(payouts[p]["amount"]) for p in taken)


def test_the_workbooks_rent_rows_are_what_the_cases_assume(bundle: Bundle) -> None:
    receivers = bundle.sheets["Modtagere"][1:]
    rent_eans = [r[0] for r in receivers if r[1] == "husleje"]
    assert len(rent_eans) == 1 and ean.is_valid(rent_eans[0])
    assert bundle.sheets["Udlejere"][0] == LANDLORD_HEADERS
    rows = bundle.landlord_rows()
    open_psp = {p["psp"] for p in bundle.erp["psp_elements"] if p["open"]}
    assert all(cvr.is_valid(r["Udlejer-CVR"]) for r in rows)
    assert {r["PSP-element"] for r in rows} <= open_psp
    tolerances = Counter(r["Afvigelse %"] for r in rows)
    assert tolerances[None] >= 1 and tolerances[25] >= 1
    first = bundle.as_of.replace(day=1)
    assert [r for r in rows if not _row_valid(r, first)], "a row not valid in the run's month"
    for key, entry in bundle.rent().items():
        document = bundle.documents[key]
        assert document.receiver_gln == rent_eans[0]
        valid = [r for r in rows if r["Udlejer-CVR"] == key.split("/")[0] and _row_valid(r, first)]
        if entry["code"] == "LANDLORD_NOT_APPROVED":
            assert not valid, key


def test_rent_invoices_come_as_oioubl_2_and_3_to_the_rent_ean(bundle: Bundle) -> None:
    keys = set(bundle.rent())
    texts = [p.read_text(encoding="utf-8") for p in (bundle.folder / "invoices").glob("*.xml")]
    rent = [t for t in texts if ">5798000000049</cbc:EndpointID>" in t]
    assert len(rent) == len(keys)
    assert any('schemeID="0088">5798000000049<' in t and "invoice:3.0" in t for t in rent)
    assert any('schemeID="GLN">5798000000049<' in t and "OIOUBL-2." in t for t in rent)
    assert any("<cac:InvoicePeriod>" not in t for t in rent)
    assert all(cpr.is_valid(c["cpr"]) for c in bundle.benefits["citizens"])


def test_loading_the_bundle_fills_the_benefits_system_and_exports_its_deductions(
    bundle: Bundle, tmp_path: Path
) -> None:
    report = load_bundle(bundle.folder, tmp_path / "data")
    assert not report.refused
    assert report.benefits is not None
    assert len(report.benefits.agreements) == len(bundle.benefits["agreements"])
    assert len(report.benefits.payouts) == len(bundle.benefits["payouts"])
    export_outcome(tmp_path / "data", tmp_path / "export.json")
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    loaded = [{**d, "registered_by": "import"} for d in bundle.benefits["deductions"]]
    assert exported["deductions"] == loaded
