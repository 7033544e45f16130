"""Re-sent invoices for the never-pay-twice tests: a supplier sends a paid month's invoice again
under a new number (the issue's recipe: the same file with only the document's cbc:ID changed)."""

from __future__ import annotations

import itertools
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from fake_systems.oioubl import parse

SUFFIX = "-IGEN"


def add_resent_copies(source: Path, target: Path, *, count: int) -> list[tuple[str, str]]:
    """A copy of the bundle in `target` where `count` paid one-grant invoices are also sent
    again under a new number; returns the (first, second) invoice keys."""
    shutil.copytree(source, target)
    expected = json.loads((target / "expected.json").read_text())
    chosen = [
        key
        for key, want in expected["invoices"].items()
        if want["status"] == "posted"
        and len(want["postings"]) == 1
        and str(want["postings"][0]["grant_id"]).startswith("B-")
        and "one_of" not in want
    ][:count]
    files = {}
    for path in sorted((target / "invoices").glob("*.xml")):
        doc = parse(path.read_bytes())
        files[f"{doc.supplier_cvr}/{doc.invoice_number}"] = path
    pairs = []
    for n, key in enumerate(chosen):
        number = key.split("/", 1)[1]
        original = files[key].read_text(encoding="utf-8")
        tag = f"<cbc:ID>{number}</cbc:ID>"
        assert tag in original, key
        copy = original.replace(tag, f"<cbc:ID>{number}{SUFFIX}</cbc:ID>", 1)
        (target / "invoices" / f"resent-{n:04d}.xml").write_text(copy, encoding="utf-8")
        pairs.append((key, key + SUFFIX))
        # The ground truth of a re-sent pair: either may be paid, the other DUPLICATE_PAYMENT.
        group = f"resent-{n}"
        otherwise = {"status": "manual", "code": "DUPLICATE_PAYMENT", "postings": []}
        for member in (key, key + SUFFIX):
            expected["invoices"][member] = {
                **expected["invoices"][key],
                "one_of": group,
                "otherwise": otherwise,
            }
    (target / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1))
    return pairs


def assert_each_pair_paid_once(export: dict[str, Any], pairs: list[tuple[str, str]]) -> None:
    by_key = {i["invoice_key"]: i for i in export["invoices"]}
    for first, second in pairs:
        ends = sorted((by_key[k]["status"], _code(by_key[k])) for k in (first, second))
        assert ends == [("manual", "DUPLICATE_PAYMENT"), ("posted", None)], (first, ends)


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
