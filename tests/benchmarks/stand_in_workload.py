"""The data bench_load works on: the invoices, citizens and grants it reads and writes (chosen
from a loaded bundle so that every write succeeds), and the ERP as a whole run would leave it."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fake_systems.db import ERP_DB, connect
from fake_systems.erp.ids import format_erp_id

# One row per received document: the key, its line count and the period its lines cover.
_INVOICES_SQL = (
    "SELECT i.id, i.supplier_cvr || '/' || i.invoice_number AS key, i.total, COUNT(*) AS lines,"
    " MIN(COALESCE(l.period_start, i.period_start)) AS period_start,"
    " MAX(COALESCE(l.period_end, i.period_end)) AS period_end"
    " FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id GROUP BY i.id"
)


@dataclass(frozen=True)
class PaidInvoice:
    """A one-line invoice the bundle says is paid: posted in the ERP, registered on its grant."""

    erp_id: str
    key: str
    grant_id: str
    psp: str
    amount: str
    period_start: str
    period_end: str

    def posting_form(self) -> dict[str, str]:
        return {
            "psp_1": self.psp,
            "amount_1": self.amount,
            "text_1": f"{self.grant_id} benchmark"[:50],
            "remark": f"Benchmark · bevilling {self.grant_id}",
        }

    def payment_form(self) -> dict[str, str]:
        return {
            "period_start": self.period_start,
            "period_end": self.period_end,
            "amount": self.amount,
            "invoice_ref": self.key,
        }


@dataclass(frozen=True)
class Workload:
    invoices: int
    pages: list[str]  # ERP ids whose invoice page is read
    numbers: list[str]  # their invoice numbers, searched for in the inbox
    paid: list[PaidInvoice]  # each on its own grant
    manual: list[str]  # ERP ids the bundle sends to manual handling
    cprs: list[str]
    grants: list[str]
    history_year: int = 0  # erp.json's postings in the year before the run date
    pairs: list[tuple[str, str]] = field(default_factory=list)  # supplier CVR, receiver EAN


def _history(
    bundle: Path, *, since: str, count: int, rng: random.Random
) -> tuple[int, list[tuple[str, str]]]:
    """How many of erp.json's postings lie in the year, and some supplier-receiver pairs."""
    history = json.loads((bundle / "erp.json").read_text(encoding="utf-8"))["posted_invoices"]
    year = sum(1 for h in history if h["posted_at"] >= since)
    pairs = sorted(
        {(h["supplier_cvr"], h["receiver_gln"]) for h in history if h.get("receiver_gln")}
    )
    return year, rng.sample(pairs, min(count, len(pairs)))


def _paid(expected: dict[str, Any], row: sqlite3.Row) -> PaidInvoice | None:
    postings = expected["postings"]
    if expected["status"] != "posted" or len(postings) != 1 or row["lines"] != 1:
        return None
    if expected.get("route", "grant") != "grant":  # a plan's or a certificate's: no grant to pay
        return None
    if not row["period_start"] or not row["period_end"] or postings[0]["amount"] != row["total"]:
        return None
    return PaidInvoice(
        erp_id=format_erp_id(row["id"]),
        key=row["key"],
        grant_id=postings[0]["grant_id"],
        psp=postings[0]["psp"],
        amount=postings[0]["amount"],
        period_start=row["period_start"],
        period_end=row["period_end"],
    )


def _erp_rows(data_dir: Path) -> list[sqlite3.Row]:
    conn = connect(data_dir / ERP_DB)
    try:
        return conn.execute(_INVOICES_SQL).fetchall()
    finally:
        conn.close()


def choose_workload(
    bundle: Path, data_dir: Path, *, count: int, seed: int, since: str = ""
) -> Workload:
    """`count` of each kind, spread over the bundle; keys received twice are left out. ``since``:
    the first posting day of the year of history the posted list is read for."""
    rng = random.Random(seed)
    expected = json.loads((bundle / "expected.json").read_text(encoding="utf-8"))["invoices"]
    case = json.loads((bundle / "case_system.json").read_text(encoding="utf-8"))
    rows = _erp_rows(data_dir)
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["key"]] = seen.get(row["key"], 0) + 1
    single = [r for r in rows if seen[r["key"]] == 1 and r["key"] in expected]
    rng.shuffle(single)
    paid: dict[str, PaidInvoice] = {}  # by grant, so no two payments share a grant
    for row in single:
        found = _paid(expected[row["key"]], row)
        if found is not None:
            paid.setdefault(found.grant_id, found)
    manual = [format_erp_id(r["id"]) for r in single if expected[r["key"]]["status"] == "manual"]
    sample = rng.sample(rows, min(count, len(rows)))
    year, pairs = _history(bundle, since=since, count=count, rng=rng)
    return Workload(
        invoices=len(rows),
        pages=[format_erp_id(r["id"]) for r in sample],
        numbers=[r["key"].split("/", 1)[1] for r in sample],
        paid=list(paid.values())[:count],
        manual=manual[:count],
        cprs=[c["cpr"] for c in rng.sample(case["citizens"], min(count, len(case["citizens"])))],
        grants=[g["grant_id"] for g in rng.sample(case["grants"], min(count, len(case["grants"])))],
        history_year=year,
        pairs=pairs,
    )


@dataclass(frozen=True)
class Settled:
    queued: int  # invoices in manual handling
    posting_lines: int
    top_code: str  # the commonest code in the queue


_POSTED_KEYS = "SELECT supplier_cvr || '/' || invoice_number FROM invoices WHERE status = 'posted'"


def _settle(conn: sqlite3.Connection, expected: dict[str, Any]) -> None:
    rows = conn.execute(
        "SELECT id, supplier_cvr || '/' || invoice_number AS key FROM invoices"
        " WHERE status = 'unposted' ORDER BY id"
    ).fetchall()
    (latest,) = conn.execute("SELECT MAX(voucher) FROM invoices").fetchone()
    voucher = int(latest.removeprefix("BIL-")) if latest else 0
    at, posted = "2026-11-23T02:00:00Z", {k for (k,) in conn.execute(_POSTED_KEYS)}
    for row in rows:
        outcome = expected.get(row["key"], {"status": "manual", "code": "DUPLICATE_INVOICE"})
        if outcome["status"] == "posted" and row["key"] not in posted:
            posted.add(row["key"])
            voucher += 1
            _post(conn, row["id"], outcome["postings"], f"BIL-{voucher:07d}", at)
        else:
            code = outcome["code"] or "DUPLICATE_INVOICE"  # a second receipt of a paid key
            conn.execute(
                "INSERT INTO notes (invoice_id, author, text, code, at) VALUES (?, 'robot', ?, ?, ?)",
                (row["id"], f"[{code}] bench_load", code, at),
            )
            conn.execute("UPDATE invoices SET status = 'manual' WHERE id = ?", (row["id"],))


def _post(
    conn: sqlite3.Connection, invoice_id: int, postings: list[dict[str, str]], voucher: str, at: str
) -> None:
    conn.executemany(
        "INSERT INTO postings (invoice_id, line_no, psp, amount, text, voucher, posted_by,"
        " posted_at) VALUES (?, ?, ?, ?, ?, ?, 'robot', ?)",
        [
            (invoice_id, n, p["psp"], p["amount"], p["grant_id"], voucher, at)
            for n, p in enumerate(postings, start=1)
        ],
    )
    conn.execute(
        "UPDATE invoices SET status = 'posted', remark = 'bench_load', voucher = ?,"
        " posted_by = 'robot', posted_at = ? WHERE id = ?",
        (voucher, at, invoice_id),
    )


def settle_remaining(bundle: Path, data_dir: Path) -> Settled:
    """Every invoice still in the inbox ends as expected.json says, written straight into the ERP
    in one transaction: the state a whole robot run leaves, in seconds instead of hours."""
    expected = json.loads((bundle / "expected.json").read_text(encoding="utf-8"))["invoices"]
    conn = connect(data_dir / ERP_DB)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _settle(conn, expected)
        conn.execute("COMMIT")
        codes = Counter(code for (code,) in conn.execute("SELECT code FROM notes WHERE code != ''"))
        (lines,) = conn.execute("SELECT COUNT(*) FROM postings").fetchone()
        (queued,) = conn.execute("SELECT COUNT(*) FROM invoices WHERE status = 'manual'").fetchone()
    finally:
        conn.close()
    return Settled(queued=queued, posting_lines=lines, top_code=codes.most_common(1)[0][0])
