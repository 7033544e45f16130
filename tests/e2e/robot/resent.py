"""Re-sent invoices for the never-pay-twice tests: a supplier sends a paid month's invoice again
under a new number (the issue's recipe: the same file with only the document's cbc:ID changed)."""

from __future__ import annotations

import calendar
import itertools
import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from fake_systems.oioubl import parse

SUFFIX = "-IGEN"
# What a re-sent copy of each way to pay ends as when the other is paid.
OTHERWISE = {"grant": "DUPLICATE_PAYMENT", "plan": "PLAN_ALREADY_PAID", "rent": "RENT_ALREADY_PAID"}
_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def add_resent_copies(
    source: Path, target: Path, *, count: int, plans: int = 0, rents: int = 0
) -> list[tuple[str, str]]:
    """A copy of the bundle in `target` where `count` paid one-grant invoices, `rents` paid
    rent invoices (the same file under a new number) and `plans` paid monthly plan invoices
    are also sent again; a plan bill is sent again the month after, under a new number and
    without its period, its line naming the month (the second attack's finding 1). Returns the
    (first, second) invoice keys."""
    shutil.copytree(source, target)
    expected = json.loads((target / "expected.json").read_text())
    files = {}
    for path in sorted((target / "invoices").glob("*.xml")):
        doc = parse(path.read_bytes())
        files[f"{doc.supplier_cvr}/{doc.invoice_number}"] = (path, doc)
    chosen = [
        *_paid(expected, "grant", count, lambda want: want["postings"][0]["grant_id"][:2] == "B-"),
        *_paid(expected, "rent", rents, lambda want: True),
        *_paid(expected, "plan", plans, lambda want: _one_month(files[want["key"]][1])),
    ]
    pairs = []
    for n, (key, route) in enumerate(chosen):
        path, doc = files[key]
        copy = _renumbered(path.read_text(encoding="utf-8"), doc.invoice_number)
        if route == "plan":
            copy = _next_month_without_period(copy, doc.period_start or date.min)
        (target / "invoices" / f"resent-{n:04d}.xml").write_text(copy, encoding="utf-8")
        pairs.append((key, key + SUFFIX))
        # The ground truth of a re-sent pair: either may be paid, the other is not.
        otherwise = {"status": "manual", "code": OTHERWISE[route], "postings": []}
        for member in (key, key + SUFFIX):
            expected["invoices"][member] = {
                **expected["invoices"][key],
                "one_of": f"resent-{n}",
                "otherwise": otherwise,
            }
    (target / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1))
    return pairs


def _paid(expected: dict[str, Any], route: str, count: int, fits: Any) -> list[tuple[str, str]]:
    found = []
    for key, want in expected["invoices"].items():
        if want["status"] != "posted" or want.get("route", "grant") != route:
            continue
        if len(want["postings"]) != 1 or "one_of" in want or "fix" in want:
            continue
        if fits({**want, "key": key}):
            found.append((key, route))
    return found[:count]


def _one_month(doc: Any) -> bool:
    start, end = doc.period_start, doc.period_end
    if start is None or end is None or (start.year, start.month) != (end.year, end.month):
        return False
    return bool(start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1])


def _renumbered(text: str, number: str) -> str:
    tag = f"<cbc:ID>{number}</cbc:ID>"
    assert tag in text, number
    return text.replace(tag, f"<cbc:ID>{number}{SUFFIX}</cbc:ID>", 1)


def _next_month_without_period(text: str, month: date) -> str:
    """The bill issued the month after, without a period: its first line names the month."""
    named = f"{_MONTHS[month.month - 1]} {month.year}"
    following = date(month.year + month.month // 12, month.month % 12 + 1, 2)
    text = re.sub(r"<cac:InvoicePeriod>.*?</cac:InvoicePeriod>", "", text, flags=re.S)
    text = re.sub(
        r"<cbc:IssueDate>[^<]*</cbc:IssueDate>",
        f"<cbc:IssueDate>{following.isoformat()}</cbc:IssueDate>",
        text,
        count=1,
    )
    line = re.search(
        r"<cac:InvoiceLine><cbc:ID>[^<]*</cbc:ID>(<cbc:Note>([^<]*)</cbc:Note>)?", text
    )
    assert line is not None
    if line.group(2) is not None and named in line.group(2).lower():
        return text
    note = f"<cbc:Note>Gentaget: {named}</cbc:Note>"
    start, end = line.span(1) if line.group(1) else (line.end(), line.end())
    return text[:start] + note + text[end:]


def assert_each_pair_paid_once(export: dict[str, Any], pairs: list[tuple[str, str]]) -> None:
    by_key = {i["invoice_key"]: i for i in export["invoices"]}
    for first, second in pairs:
        ends = sorted((by_key[k]["status"], _code(by_key[k])) for k in (first, second))
        assert ends[1] == ("posted", None), (first, ends)
        assert ends[0][0] == "manual" and ends[0][1] in OTHERWISE.values(), (first, ends)


def assert_no_rent_month_deducted_twice(export: dict[str, Any]) -> None:
    """Each agreement's month is deducted once, and each paid rent invoice has its deduction
    of its amount."""
    months = Counter((d["agreement_id"], d["month"]) for d in export.get("deductions", []))
    assert not months or max(months.values()) == 1, "a rent month was deducted twice"


def assert_no_grant_day_paid_twice(export: dict[str, Any]) -> None:
    """No two payments on one grant overlap, and each posted invoice has its payments."""
    by_grant: dict[str, list[tuple[str, str]]] = {}
    for p in export["payments"]:
        by_grant.setdefault(p["grant_id"], []).append((p["period_start"], p["period_end"]))
    for grant_id, periods in by_grant.items():
        periods.sort()
        for (_, end), (start, _) in itertools.pairwise(periods):
            assert start > end, f"grant {grant_id} is paid twice for days after {start}"
    posted = Counter(i["invoice_key"] for i in export["invoices"] if i["status"] == "posted")
    assert not posted or max(posted.values()) == 1, "an invoice was posted twice"


def _code(invoice: dict[str, Any]) -> str | None:
    notes = [n["text"] for n in invoice["notes"] if n["author"] == "robot"]
    if invoice["status"] != "manual" or not notes:
        return None
    return str(notes[-1][1 : notes[-1].index("]")])
