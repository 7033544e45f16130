"""`fake-systems generate`: deterministic bundles, valid identities, every code, and a ground
truth that the robot's own rules, implemented separately, agree with invoice by invoice: grants
across rate changes, payment plans, doctors' certificates and re-sent pairs among them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from stdnum import ean
from stdnum.dk import cpr, cvr

from fake_systems.bundle.load import load_bundle
from fake_systems.oioubl import parse
from fake_systems.scenarios import generate
from fake_systems.scenarios.catalogue import mapping_rows
from fake_systems.scenarios.generate import ONE_OF_EACH
from robot.domain.codes import Code
from robot.domain.cpr_extraction import cpr_shapes
from robot.domain.models import RateChange
from robot.mapping.reader import read_mapping
from tests.e2e.robot.test_run_end_to_end import differences
from tests.support.bundle_decisions import BundleDecisions, decide_bundle

SAMPLE = Path(__file__).resolve().parents[3] / "mappings" / "psp_mapping.xlsx"


def _bundle(tmp_path: Path, *, invoices: int = 200, seed: int = 3, as_of: date) -> Path:
    """A bundle of its own, for a test that compares or changes one."""
    out = tmp_path / f"bundle-{seed}-{as_of}"
    generate(out, invoices=invoices, seed=seed, as_of=as_of)
    return out


# Codes no generated bundle holds: SAMPLED_FOR_CONTROL is random by design (the ground truth
# assumes sample rate 0); the others are not DOMAIN.md's and arise only in a run or from an
# invoice number the ERP's import would not take.
NOT_IN_BUNDLES = {
    Code.SAMPLED_FOR_CONTROL,
    Code.POSTING_REFUSED,
    Code.REPEATED_FAILURE,
    Code.INVALID_INVOICE_NUMBER,
}


def _as_expected(decision: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "status": "posted" if decision.pays else "manual",
        "code": None if decision.pays else str(decision.code),
        "postings": [
            {"grant_id": p.reference, "psp": p.psp, "amount": f"{p.amount:.2f}"}
            for p in decision.postings
        ]
        if decision.pays
        else [],
        "route": str(decision.route),
    }
    if decision.pays and decision.deductions:
        [deduction] = decision.deductions
        found["deduction"] = {
            "agreement_id": deduction.agreement_id,
            "month": f"{deduction.month:%Y-%m}",
            "amount": f"{deduction.amount:.2f}",
        }
    return found


def _entry(want: dict[str, Any]) -> dict[str, Any]:
    """The outcome an expected.json entry states, without what it says about others and fixes."""
    return {k: v for k, v in want.items() if k not in ("one_of", "otherwise", "fix", "learned")}


def _otherwise(want: dict[str, Any]) -> dict[str, Any]:
    return {**want["otherwise"], "route": want["route"]}


def _disagreements(result: BundleDecisions) -> dict[str, Any]:
    """Every invoice whose decision differs from its entry; a re-sent group's members must each
    be paid when alone, and in the run exactly one is paid and the rest end as `otherwise`."""
    differ: dict[str, Any] = {}
    groups: dict[str, list[str]] = {}
    for key, want in result.expected.items():
        got = _as_expected(result.decisions[key])
        if "one_of" not in want:
            if got != _entry(want):
                differ[key] = (got, want)
            continue
        groups.setdefault(want["one_of"], []).append(key)
        if _as_expected(result.alone[key]) != _entry(want):
            differ[key] = ("alone", _as_expected(result.alone[key]), want)
    for group, keys in groups.items():
        differ |= _group_disagreements(result, group, keys)
    return differ


def _group_disagreements(result: BundleDecisions, group: str, keys: list[str]) -> dict[str, Any]:
    """In file order exactly one member is paid and the rest end as their `otherwise`; and
    whichever member is reached first, the others end as their `otherwise`."""
    differ: dict[str, Any] = {}
    outcomes = [_as_expected(result.decisions[k]) for k in keys]
    wants = [result.expected[k] for k in keys]
    paid = [o == _entry(w) for o, w in zip(outcomes, wants, strict=True)]
    rest = all(o == _otherwise(w) for o, w, p in zip(outcomes, wants, paid, strict=True) if not p)
    if len(keys) < 2 or sum(paid) != 1 or not rest:
        differ[group] = list(zip(outcomes, wants, strict=True))
    for key in keys:
        for first in set(keys) - {key}:
            after = _as_expected(result.after(key, first))
            if after != _otherwise(result.expected[key]):
                differ[f"{key} after {first}"] = (after, result.expected[key])
    return differ


def _learned_disagreements(result: BundleDecisions) -> dict[str, Any]:
    """Each invoice decided with --learned-postings against its entry's `learned` outcome (or
    its usual one, which the flag must not change)."""
    differ: dict[str, Any] = {}
    for key, want in result.expected.items():
        decision = result.decisions[key]
        if "learned" not in want:
            if "one_of" not in want and _as_expected(decision) != _entry(want):
                differ[key] = (_as_expected(decision), want)
            continue
        got = {
            "status": "posted" if decision.pays else "manual",
            "code": None if decision.pays else str(decision.code),
            "route": str(decision.route),
            "postings": [{"psp": p.psp, "amount": f"{p.amount:.2f}"} for p in decision.postings]
            if decision.pays
            else [],
        }
        wanted = {k: want["learned"].get(k) for k in got}
        if got != wanted:
            differ[key] = (got, wanted)
    return differ


@pytest.mark.parametrize(
    "as_of",
    [date(2026, 11, 23), date(2027, 1, 5)],
    ids=["november", "january-bills-last-year"],
)
def test_learned_postings_agree_with_the_ground_truth_and_change_nothing_else(
    tmp_path: Path, as_of: date
) -> None:
    result = decide_bundle(_bundle(tmp_path, as_of=as_of), learned_postings=True)
    differ = _learned_disagreements(result)
    assert not differ, list(differ.items())[:3]
    paid = [k for k, w in result.expected.items() if w.get("learned", {}).get("status") == "posted"]
    assert paid and all(result.decisions[k].pays for k in paid)


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
    differ = _disagreements(result)
    assert not differ, list(differ.items())[:3]
    assert len(result.decisions) == len(result.expected)


def _export_of(result: BundleDecisions) -> dict[str, Any]:
    """The export (contract section 4) of a run that decided every invoice as the rules do."""
    invoices: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    deductions: list[dict[str, Any]] = []
    for key, d in result.decisions.items():
        postings = [{"psp": p.psp, "amount": f"{p.amount:.2f}"} for p in d.postings if d.pays]
        notes = [] if d.pays else [{"author": "robot", "text": d.note}]
        status = "posted" if d.pays else "manual"
        invoices.append(
            {"invoice_key": key, "status": status, "postings": postings, "notes": notes}
        )
        paid = [{"grant_id": p.grant_id, "amount": f"{p.amount:.2f}"} for p in d.payments]
        payments += [{**p, "invoice_ref": key, "registered_by": "robot"} for p in paid if d.pays]
        ordered = [{"order_id": o.order_id, "amount": f"{o.amount:.2f}"} for o in d.order_payments]
        orders += [{**o, "invoice_ref": key, "registered_by": "robot"} for o in ordered if d.pays]
        deducted = [
            {
                "agreement_id": r.agreement_id,
                "month": f"{r.month:%Y-%m}",
                "amount": f"{r.amount:.2f}",
            }
            for r in d.deductions
        ]
        deductions += [
            {**r, "invoice_ref": key, "registered_by": "robot"} for r in deducted if d.pays
        ]
    return {"invoices": invoices, "payments": payments, "orders": orders, "deductions": deductions}


def test_the_end_to_end_comparison_reads_the_ground_truth_as_the_rules_reach_it(
    tmp_path: Path,
) -> None:
    """The e2e tests compare the stand-ins' export with expected.json (routes, payments on
    grants and orders, re-sent groups): an export as the robot's rules would leave it passes,
    and one with a re-sent group paid twice does not."""
    bundle = _bundle(tmp_path, as_of=date(2026, 11, 23))
    result = decide_bundle(bundle)
    expected = json.loads((bundle / "expected.json").read_text())
    export = _export_of(result)
    assert differences(export, expected) == {}
    group = next(e["one_of"] for e in expected["invoices"].values() if "one_of" in e)
    members = [k for k, e in expected["invoices"].items() if e.get("one_of") == group]
    twice = {k: result.alone[k] for k in members}
    result.decisions.update(twice)
    assert group in differences(_export_of(result), expected)


@pytest.mark.parametrize("as_of", [date(2026, 11, 23), date(2027, 1, 5)], ids=["nov", "jan"])
def test_adding_the_new_rate_to_the_grant_pays_each_rate_mismatch_as_its_fix_says(
    tmp_path: Path, as_of: date
) -> None:
    """The caseworker's fix (Ny takst on the grant, then Send til robotten): decided afresh,
    the invoice is paid as the entry's `fix` says."""
    result = decide_bundle(_bundle(tmp_path, as_of=as_of))
    fixes = {k: w["fix"] for k, w in result.expected.items() if "fix" in w}
    assert fixes, "the bundle has invoices billing a rate the grant lacks"
    for key, fix in fixes.items():
        assert result.expected[key]["code"] == "AMOUNT_MISMATCH"
        change = RateChange(date.fromisoformat(fix["from"]), Decimal(fix["rate"]))
        fixed = result.context.with_rate(fix["grant_id"], change)
        got = _as_expected(fixed.decide(result.context.invoices[key]))
        assert got == {**fix["then"], "code": None, "route": "grant"}, key


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
    bundle = _bundle(tmp_path, invoices=ONE_OF_EACH, as_of=date(2026, 11, 23))
    expected = json.loads((bundle / "expected.json").read_text())
    entries = expected["invoices"].values()
    codes = (
        Counter(e["code"] for e in entries)
        + Counter(e["otherwise"]["code"] for e in entries if "one_of" in e)
        + Counter(e["learned"]["code"] for e in entries if "learned" in e)
    )
    assert set(Code) - NOT_IN_BUNDLES <= set(codes)
    assert codes[None] >= 20, "a good share of the bundle is paid"
    assert {e["route"] for e in entries if e["status"] == "posted"} == {
        "grant",
        "plan",
        "certificate",
        "rent",
    }
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


def test_the_bundles_own_workbook_has_exactly_its_two_deliberate_mistakes(tmp_path: Path) -> None:
    report = read_mapping(
        _bundle(tmp_path, invoices=30, as_of=date(2026, 11, 23)) / "psp_mapping.xlsx"
    )
    assert [p.message for p in report.problems if "samme nøgle" in p.message]
    assert [p.message for p in report.problems if "AMBIGUOUS_PLAN" in p.message]
    assert len(report.problems) == 2, [str(p) for p in report.problems]


@pytest.fixture(scope="module")
def november(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600-invoice bundle for the tests that only read one."""
    out = tmp_path_factory.mktemp("november") / "bundle"
    generate(out, invoices=600, seed=8, as_of=date(2026, 11, 23))
    return out


def _read(bundle: Path, name: str) -> Any:
    return json.loads((bundle / name).read_text())


def test_the_bundle_folder_and_its_users_file_are_owner_only(tmp_path: Path) -> None:
    """The demo data holds passwords and CPR numbers: not for other users of the machine, even
    when written over a folder that was readable by all."""
    out = tmp_path / "bundle"
    out.mkdir(mode=0o755)
    (out / "users.json").write_text("[]")
    (out / "users.json").chmod(0o644)
    generate(out, invoices=10, seed=1, as_of=date(2026, 11, 23))
    assert out.stat().st_mode & 0o777 == 0o700
    assert (out / "users.json").stat().st_mode & 0o777 == 0o600


def test_users_are_a_robot_a_caseworker_a_finance_employee_and_an_admin(november: Path) -> None:
    users = _read(november, "users.json")
    assert sorted(u["role"] for u in users) == ["admin", "caseworker", "finance", "robot"]
    assert len({u["password"] for u in users}) == 4


def test_the_workbook_has_the_contracts_sheets_and_their_postings_are_open_in_the_erp(
    november: Path,
) -> None:
    book = load_workbook(november / "psp_mapping.xlsx", read_only=True)
    headers = {
        name: [c.value for c in next(book[name].iter_rows(max_row=1))] for name in book.sheetnames
    }
    assert headers["Betalingsplaner"] == [
        "Leverandør-CVR", "Modtager-EAN", "Beløb fra", "Beløb til", "Kadence", "PSP-element",
        "Linjetekst", "Gyldig fra", "Gyldig til", "Bemærkning",
    ]  # fmt: skip
    assert headers["Modtagere"] == ["EAN", "Slags", "Bemærkning"]
    assert headers["Lægeerklæringer"] == [
        "Erklæringstype", "Beløb fra", "Beløb til", "PSP-element", "Gyldig fra", "Gyldig til",
        "Bemærkning",
    ]  # fmt: skip
    report = read_mapping(november / "psp_mapping.xlsx")
    open_psp = {p["psp"] for p in _read(november, "erp.json")["psp_elements"] if p["open"]}
    assert {r.psp for r in report.plans.rows} <= open_psp
    assert {r.psp for r in report.certificates.rows} <= open_psp
    assert {r.cadence.value for r in report.plans.rows} == {"måned", "kvartal", "halvår", "år"}
    assert len({r.certificate_type for r in report.certificates.rows}) >= 3


def test_a_large_bundle_keeps_realistic_proportions(tmp_path: Path) -> None:
    """About a fifth on payment plans, a few percent doctors' certificates, about 60 % paid."""
    bundle = _bundle(tmp_path, invoices=3000, seed=12, as_of=date(2026, 11, 23))
    entries = list(_read(bundle, "expected.json")["invoices"].values())
    share = Counter(e["route"] for e in entries)
    paid = sum(e["status"] == "posted" for e in entries) - sum("one_of" in e for e in entries) / 2
    assert 0.17 < share["plan"] / len(entries) < 0.25
    assert 0.02 < share["certificate"] / len(entries) < 0.05
    assert 0.55 < paid / len(entries) < 0.65


def test_each_resent_group_is_one_suppliers_invoices_for_one_grant_or_rent_month(
    november: Path,
) -> None:
    entries = _read(november, "expected.json")["invoices"]
    groups: dict[str, list[str]] = {}
    for key, entry in entries.items():
        if "one_of" in entry:
            groups.setdefault(entry["one_of"], []).append(key)
    assert len(groups) >= 2
    for keys in groups.values():
        assert len(keys) == 2 and len({k.split("/")[0] for k in keys}) == 1
        assert len({entries[k]["postings"][0]["grant_id"] for k in keys}) == 1
        [route] = {entries[k]["route"] for k in keys}
        wanted = {"rent": "RENT_ALREADY_PAID", "plan": "PLAN_ALREADY_PAID"}.get(
            route, "DUPLICATE_PAYMENT"
        )
        assert all(entries[k]["otherwise"]["code"] == wanted for k in keys)


def test_paid_invoices_cross_rate_changes_of_day_month_and_hour_grants(november: Path) -> None:
    grants = {g["grant_id"]: g for g in _read(november, "case_system.json")["grants"]}
    entries = _read(november, "expected.json")["invoices"].values()
    paid = {p["grant_id"] for e in entries if e["status"] == "posted" for p in e["postings"]}
    changed = [grants[g] for g in paid if g in grants and grants[g].get("rate_changes")]
    assert {g["rate_unit"] for g in changed} == {"day", "month", "hour"}
    fixes = [e["fix"] for e in entries if "fix" in e]
    assert fixes and all(not grants[f["grant_id"]].get("rate_changes") for f in fixes)


def test_plan_and_certificate_invoices_are_written_to_their_receivers(november: Path) -> None:
    """Plan invoices name no CPR and go to a plan's EAN; certificate invoices to the EANs the
    Modtagere sheet keeps for certificates; the orders hold every status."""
    report = read_mapping(november / "psp_mapping.xlsx")
    entries = _read(november, "expected.json")["invoices"]
    documents = {
        f"{d.supplier_cvr}/{d.invoice_number}": d
        for d in (parse(p.read_bytes()) for p in (november / "invoices").glob("*.xml"))
    }
    plan_eans = {r.receiver_ean for r in report.plans.rows}
    for key, entry in entries.items():
        document = documents[key]
        if entry["route"] == "plan":
            assert document.receiver_gln in plan_eans
            assert not cpr_shapes(document.buyer_reference)
            assert not any(cpr_shapes(f"{x.note} {x.item_name}") for x in document.lines)
        elif entry["route"] == "certificate":
            assert report.certificates.is_certificate_receiver(document.receiver_gln)
    assert any(
        d.period_start is None for k, d in documents.items() if entries[k]["route"] == "plan"
    )
    orders = _read(november, "case_system.json")["orders"]
    assert {o["status"] for o in orders} == {"open", "paid", "cancelled"}


def test_credit_and_pro_forma_type_codes_are_written_on_invoice_documents(november: Path) -> None:
    texts = [p.read_text() for p in (november / "invoices").glob("*.xml")]
    invoices = [t for t in texts if "<Invoice " in t]
    for code in ("380", "381", "325"):
        assert any(
            f'listID="urn:oioubl:codelist:invoicetypecode-1.1">{code}<' in t for t in invoices
        )


def test_most_invoices_name_a_due_date_in_their_versions_spelling_and_some_are_overdue(
    november: Path,
) -> None:
    as_of = date(2026, 11, 23)
    texts = [p.read_bytes() for p in sorted((november / "invoices").glob("*.xml"))]
    invoices = [t for t in texts if b"<Invoice " in t]
    due = [parse(t).due_date for t in invoices]
    assert any(b"<cbc:DueDate>" in t for t in invoices)  # OIOUBL 3.0
    assert any(b"<cbc:PaymentDueDate>" in t for t in invoices)  # OIOUBL 2.x
    assert 0 < due.count(None) < len(due) / 4
    overdue = [d for d in due if d is not None and d < as_of]
    assert len(overdue) > len(due) / 10
    assert len(overdue) < len([d for d in due if d is not None])
