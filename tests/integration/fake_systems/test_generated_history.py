"""The generator's year of posted history (contract section 12) against DOMAIN.md's rules for
learning from it, written here apart from the generator and the robot: the pairs proposed as
payment plans are exactly expected.json's `plan_proposals`, row for row (none by accident), every
planted decoy fails for exactly its one reason, and each learned-postings case's history is of
the mind its ground truth says."""

from __future__ import annotations

import calendar
import itertools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from fake_systems.oioubl import parse
from fake_systems.scenarios import generate
from fake_systems.scenarios.generate import ONE_OF_EACH

CPR = re.compile(r"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])")
CADENCES = {"måned": 1, "kvartal": 3, "halvår": 6, "år": 12}
RUN_DATES = [date(2026, 11, 23), date(2027, 1, 5), date(2028, 3, 2), date(2026, 12, 31)]


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_start(day: date, months: int) -> date:
    return date(day.year, (day.month - 1) // months * months + 1, 1)


@dataclass
class Pair:
    """One supplier's postings to one receiver, oldest first."""

    invoices: list[dict[str, Any]] = field(default_factory=list)

    def day(self, invoice: dict[str, Any]) -> date:
        return date.fromisoformat(invoice.get("period_start") or invoice["issue_date"])

    @property
    def lines(self) -> list[dict[str, str]]:
        return [line for invoice in self.invoices for line in invoice.get("lines", [])]

    def has_cpr(self) -> bool:
        return any(CPR.search(line["text"]) for line in self.lines)

    def cadence(self, as_of: date) -> str | None:
        """The one cadence every gap keeps (calendar months ± 5 days), one period missing at
        most, the newest no older than two periods."""
        days = sorted(self.day(i) for i in self.invoices)
        for name, months in CADENCES.items():
            missing, fits = 0, True
            for a, b in itertools.pairwise(days):
                steps = [k for k in (1, 2) if abs((b - add_months(a, k * months)).days) <= 5]
                fits &= bool(steps)
                missing += steps[0] - 1 if steps else 0
            if fits and missing <= 1 and days[-1] >= add_months(as_of, -2 * months):
                return name
        return None

    def main_psp(self) -> tuple[str, float]:
        counts = Counter(line["psp"] for line in self.lines)
        psp, n = counts.most_common(1)[0]
        return psp, n / sum(counts.values())

    def amounts(self) -> list[Decimal]:
        return [Decimal(i["amount"]) for i in self.invoices]


@dataclass
class Bundle:
    folder: Path
    as_of: date
    expected: dict[str, Any]
    erp: dict[str, Any]
    open_psp: set[str]
    plan_pairs: set[tuple[str, str]]  # with a Betalingsplaner row valid on the run date
    receivers: set[str]  # the Modtagere sheet's EANs

    def pairs(self, months: int) -> dict[tuple[str, str], Pair]:
        since = add_months(self.as_of, -months)
        found: dict[tuple[str, str], Pair] = defaultdict(Pair)
        for invoice in self.erp["posted_invoices"]:
            if invoice.get("receiver_gln") and date.fromisoformat(invoice["posted_at"]) >= since:
                found[(invoice["supplier_cvr"], invoice["receiver_gln"])].invoices.append(invoice)
        return found

    def why_not(self, key: tuple[str, str], pair: Pair) -> set[str]:
        """Every reason DOMAIN.md gives for not proposing the pair."""
        reasons = set()
        if pair.has_cpr():
            reasons.add("cpr")
        if len(pair.invoices) < 3:
            reasons.add("too_few")
        elif pair.cadence(self.as_of) is None:
            reasons.add("no_cadence")
        psp, share = pair.main_psp() if pair.lines else ("", 0.0)
        if share < 0.9:
            reasons.add("split_psp")
        elif psp not in self.open_psp:
            reasons.add("closed_psp")
        if key in self.plan_pairs:
            reasons.add("covered_by_plan")
        if key[1] in self.receivers:
            reasons.add("modtagere_ean")
        return reasons

    def proposals(self, months: int) -> list[dict[str, str]]:
        rows = []
        for key, pair in self.pairs(months).items():
            if self.why_not(key, pair):
                continue
            cadence = pair.cadence(self.as_of)
            assert cadence is not None
            step = CADENCES[cadence]
            text = Counter(line["text"] for line in pair.lines).most_common(1)[0][0]
            low = (min(pair.amounts()) * Decimal("0.9")).to_integral_value(ROUND_FLOOR)
            high = (max(pair.amounts()) * Decimal("1.1")).to_integral_value(ROUND_CEILING)
            rows.append(
                {
                    "Leverandør-CVR": key[0],
                    "Modtager-EAN": key[1],
                    "Beløb fra": f"{low:.2f}",
                    "Beløb til": f"{high:.2f}",
                    "Kadence": cadence,
                    "PSP-element": pair.main_psp()[0],
                    "Linjetekst": text[:40],
                    "Gyldig fra": add_months(period_start(self.as_of, step), step).isoformat(),
                    "Gyldig til": "",
                    "Bemærkning": f"Foreslået {self.as_of:%d.%m.%Y}",
                }
            )
        return sorted(rows, key=lambda r: (r["Leverandør-CVR"], r["Modtager-EAN"]))


def _sheet(folder: Path, name: str) -> list[tuple[Any, ...]]:
    book = load_workbook(folder / "psp_mapping.xlsx", read_only=True)
    return [row for row in book[name].iter_rows(min_row=2, values_only=True) if row[0]]


def read_bundle(folder: Path) -> Bundle:
    expected = json.loads((folder / "expected.json").read_text())
    erp = json.loads((folder / "erp.json").read_text())
    as_of = date.fromisoformat(expected["settings"]["today"])

    def valid(row: tuple[Any, ...]) -> bool:
        start, end = row[7], row[8]
        return (start is None or start.date() <= as_of) and (end is None or as_of <= end.date())

    return Bundle(
        folder,
        as_of,
        expected,
        erp,
        open_psp={p["psp"] for p in erp["psp_elements"] if p["open"]},
        plan_pairs={(str(r[0]), str(r[1])) for r in _sheet(folder, "Betalingsplaner") if valid(r)},
        receivers={str(r[0]) for r in _sheet(folder, "Modtagere")},
    )


@pytest.fixture(scope="module", params=RUN_DATES, ids=str)
def bundle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    out = tmp_path_factory.mktemp("history") / "bundle"
    generate(out, invoices=700, seed=5, as_of=request.param)
    return read_bundle(out)


def _sorted(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=lambda r: (r["Leverandør-CVR"], r["Modtager-EAN"]))


def test_exactly_the_planted_pairs_are_proposed_each_with_its_row(bundle: Bundle) -> None:
    """Over the ground truth's window (settings.plan_months): no pair of the year's history is
    proposed by accident, and each planted one gives the row DOMAIN.md computes."""
    months = bundle.expected["settings"]["plan_months"]
    wanted = _sorted(bundle.expected["plan_proposals"])
    assert bundle.proposals(months) == wanted
    assert {r["Kadence"] for r in wanted} == set(CADENCES)
    assert any(len(r["Linjetekst"]) == 40 for r in wanted), "a line text is cut to 40"


def test_a_twelve_month_window_proposes_the_same_monthly_and_quarterly_rows(
    bundle: Bundle,
) -> None:
    short = [r for r in bundle.expected["plan_proposals"] if r["Kadence"] in ("måned", "kvartal")]
    assert bundle.proposals(12) == _sorted(short)


def test_every_decoy_fails_for_its_one_reason_only(bundle: Bundle) -> None:
    pairs = bundle.pairs(bundle.expected["settings"]["plan_months"])
    decoys = bundle.expected["plan_decoys"]
    named = {
        "irregular": "no_cadence",
        "periods_missing": "no_cadence",
        "stopped": "no_cadence",
    }
    assert set(decoys.values()) >= {
        "split_psp", "irregular", "periods_missing", "stopped", "covered_by_plan",
        "modtagere_ean", "cpr", "too_few", "closed_psp",
    }  # fmt: skip
    for key, reason in decoys.items():
        cvr, ean = key.split("/")
        assert bundle.why_not((cvr, ean), pairs[(cvr, ean)]) == {named.get(reason, reason)}, key


def test_the_proposals_months_need_a_missing_period_and_drifting_amounts(bundle: Bundle) -> None:
    """Among the proposed: a monthly pair with one month never billed, one billed without
    periods, and amounts that differ from bill to bill."""
    pairs = bundle.pairs(bundle.expected["settings"]["plan_months"])
    proposed = [
        pairs[(r["Leverandør-CVR"], r["Modtager-EAN"])] for r in bundle.expected["plan_proposals"]
    ]
    monthly = [p for p in proposed if p.cadence(bundle.as_of) == "måned"]
    assert any(
        any(
            add_months(p.day(a), 1) < p.day(b)
            for a, b in zip(p.invoices, p.invoices[1:], strict=False)
        )
        for p in monthly
    )
    assert any(not p.invoices[0].get("period_start") for p in monthly)
    assert all(len(set(p.amounts())) > 1 for p in proposed)


def _documents(folder: Path) -> dict[str, Any]:
    found = {}
    for path in (folder / "invoices").glob("*.xml"):
        document = parse(path.read_bytes())
        found[f"{document.supplier_cvr}/{document.invoice_number}"] = document
    return found


def _learned(bundle: Bundle, document: Any) -> dict[str, Any]:
    """DOMAIN.md "Learned postings", from the bundle's files alone."""
    since = add_months(bundle.as_of, -12)
    key = (document.supplier_cvr, document.receiver_gln)
    earlier = [
        i
        for i in bundle.pairs(12).get(key, Pair()).invoices
        if date.fromisoformat(i["posted_at"]) >= since
        and not any(CPR.search(line["text"]) for line in i.get("lines", []))
    ]
    pair = Pair(earlier)
    stays = {"status": "manual", "code": "MISSING_CPR", "postings": [], "route": "learned"}
    if len(earlier) < 6:
        return stays
    psp, share = pair.main_psp()
    if share < 0.95 or psp not in bundle.open_psp:
        return stays
    total = document.total
    low, high = min(pair.amounts()) * Decimal("0.9"), max(pair.amounts()) * Decimal("1.1")
    if not low <= total <= high or total > Decimal("5000"):
        return {**stays, "code": "LEARNED_AMOUNT_UNUSUAL"}
    postings = [{"psp": psp, "amount": f"{line.amount:.2f}"} for line in document.lines]
    return {"status": "posted", "code": None, "postings": postings, "route": "learned"}


def test_each_learned_cases_history_is_of_the_mind_its_ground_truth_says(bundle: Bundle) -> None:
    documents = _documents(bundle.folder)
    learned = {k: e for k, e in bundle.expected["invoices"].items() if "learned" in e}
    for key, entry in learned.items():
        document = documents[key]
        assert entry["code"] == "MISSING_CPR" and entry["route"] == "grant", key
        assert not any(
            CPR.search(f"{x.note} {x.item_name} {x.item_description}") for x in document.lines
        )
        assert _learned(bundle, document) == entry["learned"], key
    outcomes = Counter(e["learned"]["code"] for e in learned.values())
    assert (
        outcomes[None] and outcomes["LEARNED_AMOUNT_UNUSUAL"] >= 2 and outcomes["MISSING_CPR"] >= 4
    )


def test_the_history_is_a_year_of_postings_to_known_psp_elements_before_the_run_date(
    bundle: Bundle,
) -> None:
    history = bundle.erp["posted_invoices"]
    known = {p["psp"] for p in bundle.erp["psp_elements"]}
    assert len(history) >= 5_000
    assert len({h["supplier_cvr"] for h in history}) >= 100
    assert all(date.fromisoformat(h["posted_at"]) <= bundle.as_of for h in history)
    assert all(line["psp"] in known for h in history for line in h.get("lines", []))
    for h in history:
        if h.get("lines"):
            total = sum(Decimal(line["amount"]) for line in h["lines"])
            assert total == Decimal(h["amount"]), h["invoice_number"]
    old = [h for h in history if date.fromisoformat(h["posted_at"]) < add_months(bundle.as_of, -12)]
    long_cadence = {
        (r["Leverandør-CVR"], r["Modtager-EAN"])
        for r in bundle.expected["plan_proposals"]
        if r["Kadence"] in ("halvår", "år")
    }
    # Older: the half-yearly and yearly proposals, and a yearly plan's previous year.
    assert {(h["supplier_cvr"], h["receiver_gln"]) for h in old} <= long_cadence | bundle.plan_pairs


def test_the_same_seed_writes_the_same_history_and_ground_truth(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate(tmp_path / name, invoices=150, seed=9, as_of=date(2026, 11, 23))
    for file in ("erp.json", "expected.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_a_small_bundle_holds_plan_bills_sent_again_and_over_two_months(tmp_path: Path) -> None:
    """DOMAIN.md "Payment plans": a copy of last month's posted bill, named on its lines; a
    re-sent pair, one with a period and one naming the month; a bill over two months, paid or
    with one month posted; a 0,00 bill."""
    generate(tmp_path, invoices=ONE_OF_EACH, seed=2, as_of=date(2026, 11, 23))
    entries = json.loads((tmp_path / "expected.json").read_text())["invoices"]
    documents = _documents(tmp_path)
    plan = {k: (documents[k], e) for k, e in entries.items() if e["route"] == "plan"}

    def months(document: Any) -> int:
        start, end = document.period_start, document.period_end
        return 0 if start is None else (end.year - start.year) * 12 + end.month - start.month + 1

    groups = [
        e for _, e in plan.values() if e.get("otherwise", {}).get("code") == "PLAN_ALREADY_PAID"
    ]
    assert len(groups) == 2
    pair = [d for d, e in plan.values() if "one_of" in e]
    assert sorted(months(d) for d in pair) == [0, 1]
    assert len({d.issue_date for d in pair}) == 2
    two = [(e["status"], e["code"]) for d, e in plan.values() if months(d) == 2]
    assert sorted(two, key=str) == [("manual", "PLAN_ALREADY_PAID"), ("posted", None)]
    zero = [e["code"] for d, e in plan.values() if d.total == 0]
    assert zero == ["PLAN_AMOUNT_OUTSIDE_RANGE"]
    again = [
        d
        for d, e in plan.values()
        if e["code"] == "PLAN_ALREADY_PAID" and months(d) == 0 and d.issue_date >= date(2026, 11, 1)
    ]
    assert again, "a copy issued this month of a bill posted last month"
