"""`fake-systems generate`: deterministic bundles, valid identities, every code, and a ground
truth that the robot's own rules, implemented separately, agree with invoice by invoice."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from stdnum import ean
from stdnum.dk import cpr, cvr

from fake_systems.bundle.load import load_bundle
from fake_systems.oioubl import parse
from fake_systems.scenarios import generate
from fake_systems.scenarios.catalogue import mapping_rows
from robot.domain.codes import Code
from robot.mapping.reader import read_mapping
from tests.support.bundle_decisions import decide_bundle

SAMPLE = Path(__file__).resolve().parents[3] / "mappings" / "psp_mapping.xlsx"


def _bundle(tmp_path: Path, *, invoices: int = 200, seed: int = 3, as_of: date) -> Path:
    out = tmp_path / f"bundle-{seed}-{as_of}"
    generate(out, invoices=invoices, seed=seed, as_of=as_of)
    return out


def _as_expected(decision: Any) -> dict[str, Any]:
    return {
        "status": "posted" if decision.pays else "manual",
        "code": None if decision.pays else str(decision.code),
        "postings": [
            {"grant_id": p.grant_id, "psp": p.psp, "amount": f"{p.amount:.2f}"}
            for p in decision.postings
        ]
        if decision.pays
        else [],
    }


@pytest.mark.parametrize(
    "as_of",
    [date(2026, 11, 23), date(2027, 1, 5), date(2028, 3, 2)],
    ids=["november", "january-bills-last-year", "leap-february"],
)
def test_ground_truth_agrees_with_the_robots_rules_for_every_invoice(
    tmp_path: Path, as_of: date
) -> None:
    """The generator knows each outcome from how it built the invoice; the robot's decision
    is a separate implementation of DOMAIN.md. Both must say the same for every invoice."""
    result = decide_bundle(_bundle(tmp_path, as_of=as_of))
    differ = {
        key: (_as_expected(result.decisions[key]), want)
        for key, want in result.expected.items()
        if _as_expected(result.decisions[key]) != want
    }
    assert not differ, list(differ.items())[:3]
    assert len(result.decisions) == len(result.expected)


def test_same_seed_gives_the_same_bundle_and_another_seed_another(tmp_path: Path) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and p.suffix != ".xlsx"  # the workbook carries a save time
        }

    first = files(_bundle(tmp_path / "a", invoices=60, as_of=date(2026, 11, 23)))
    again = files(_bundle(tmp_path / "b", invoices=60, as_of=date(2026, 11, 23)))
    other = files(_bundle(tmp_path / "c", invoices=60, seed=4, as_of=date(2026, 11, 23)))
    assert first == again
    assert first["expected.json"] != other["expected.json"]


def test_a_small_bundle_has_every_code_but_the_random_sample(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, invoices=40, as_of=date(2026, 11, 23))
    expected = json.loads((bundle / "expected.json").read_text())
    codes = Counter(e["code"] for e in expected["invoices"].values())
    # SAMPLED_FOR_CONTROL is random by design; the ground truth assumes sample rate 0.
    assert set(Code) - {Code.SAMPLED_FOR_CONTROL} <= set(codes)
    assert codes[None] >= 10, "a good share of the bundle is paid"
    assert expected["settings"]["sample_rate"] == "0"


def test_every_identity_in_a_bundle_is_valid(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, as_of=date(2026, 11, 23))
    case = json.loads((bundle / "case_system.json").read_text())
    assert all(cpr.is_valid(c["cpr"]) for c in case["citizens"])
    assert all(cvr.is_valid(p["cvr"]) for p in case["providers"])
    assert len({c["cpr"] for c in case["citizens"]}) == len(case["citizens"])
    documents = [parse(p.read_bytes()) for p in (bundle / "invoices").glob("*.xml")]
    assert all(ean.is_valid(d.receiver_gln) for d in documents if d.receiver_gln)


def test_bundle_mixes_collective_invoices_and_every_oioubl_version(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, as_of=date(2026, 11, 23))
    texts = [p.read_text() for p in (bundle / "invoices").glob("*.xml")]
    assert any(t.count("<cac:InvoiceLine>") > 1 for t in texts)
    for customization in ("OIOUBL-2.02", "OIOUBL-2.1", "billing:invoice:3.0"):
        assert any(customization in t for t in texts), customization
    assert any("<CreditNote " in t for t in texts)


def test_a_generated_bundle_loads_with_nothing_refused(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, invoices=120, as_of=date(2026, 11, 23))
    report = load_bundle(bundle, tmp_path / "data")
    assert not report.refused
    assert len(report.invoices) == 120


def test_the_sample_mapping_workbook_is_clean_and_matches_the_generators_chart() -> None:
    report = read_mapping(SAMPLE)
    assert report.ok, [str(p) for p in report.problems]
    rows = {(r.paragraph, r.art, r.ownership, r.target_group, r.psp) for r in report.table.rows}
    chart = {(r.paragraph, r.art, r.ownership, r.target_group, r.psp) for r in mapping_rows(2026)}
    assert rows == chart, "run scripts/write_sample_mapping.py after changing the catalogue"


def test_the_bundles_own_workbook_has_one_deliberately_ambiguous_key(tmp_path: Path) -> None:
    report = read_mapping(
        _bundle(tmp_path, invoices=30, as_of=date(2026, 11, 23)) / "psp_mapping.xlsx"
    )
    assert [p.message for p in report.problems if "same key" in p.message]
    assert len(report.problems) == 1
