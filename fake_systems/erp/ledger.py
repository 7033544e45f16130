"""The ERP's two changes to an invoice, each in one BEGIN IMMEDIATE transaction: posting it
(with every rule the real ERP enforces) and sending it to manual handling with a note (and,
when given, the posting proposed for a person to check)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from decimal import Decimal

from fake_systems.erp.ids import format_erp_id
from fake_systems.erp.posting_form import PostingRequest, parse_posting
from fake_systems.erp.proposal import Proposal, replace_proposal
from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import da_date
from fake_systems.web.refusals import Refusal, Refused, refuse
from fake_systems.web.tx import immediate

MAX_NOTE = 4000
NO_PROPOSAL = Proposal()
_CODE = re.compile(r"^\s*\[([A-Z][A-Z0-9_]*)\]")


def note_code(text: str) -> str:
    """`[AMOUNT_MISMATCH] Beløbet ...` -> `AMOUNT_MISMATCH`; empty when the note has no code."""
    match = _CODE.match(text)
    return match.group(1) if match else ""


def _invoice(conn: sqlite3.Connection, invoice_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, status, voucher, supplier_cvr, invoice_number, total, doc_type FROM invoices"
        " WHERE id = ?",
        (invoice_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"Fakturaen {format_erp_id(invoice_id)} findes ikke.")
    return row


def _check_state(invoice: sqlite3.Row, *, may_post_manual: bool) -> None:
    if invoice["status"] == "posted":
        message = f"Fakturaen er allerede bogført (bilag {invoice['voucher']})."
        raise refuse("already_posted", message, status_code=409)
    if invoice["status"] == "rejected":
        message = "Fakturaen er afvist og kan ikke bogføres."
        raise refuse("rejected", message, status_code=409)
    if invoice["status"] == "manual" and not may_post_manual:
        message = "Fakturaen er sendt til manuel behandling; den bogføres af en medarbejder."
        raise refuse("in_manual_handling", message, status_code=409)


def _check_key(conn: sqlite3.Connection, invoice: sqlite3.Row) -> None:
    """An invoice (supplier CVR + number) is paid at most once, whichever receipt of it."""
    key = (invoice["supplier_cvr"], invoice["invoice_number"])
    earlier = conn.execute(
        "SELECT id, voucher, NULL AS posted_at FROM invoices WHERE supplier_cvr = ?"
        " AND invoice_number = ? AND status = 'posted' UNION ALL"
        " SELECT NULL, NULL, posted_at FROM posted_history WHERE supplier_cvr = ?"
        " AND invoice_number = ? LIMIT 1",
        key + key,
    ).fetchone()
    if earlier is None:
        return
    when = (
        f"({format_erp_id(earlier['id'])}, bilag {earlier['voucher']})"
        if earlier["id"] is not None
        else f"den {da_date(earlier['posted_at'])} (tidligere bogføring)"
    )
    message = f"Faktura {key[1]} fra CVR {key[0] or '(intet)'} er allerede bogført {when}."
    raise refuse("duplicate_invoice", message, status_code=409)


def _psp_refusals(
    conn: sqlite3.Connection, form: Mapping[str, str], line_count: int
) -> list[Refusal]:
    """Each line's PSP element must exist and be open (the robot's PSP_REJECTED)."""
    refusals = []
    for n in range(1, line_count + 1):
        psp = form.get(f"psp_{n}", "").strip()
        row = conn.execute("SELECT open FROM psp_elements WHERE psp = ?", (psp,)).fetchone()
        if not psp or (row is not None and row["open"]):
            continue
        if row is None:
            message = f"Linje {n}: PSP-elementet {psp} er ukendt (findes ikke i ERP)."
            refusals.append(Refusal("psp_unknown", message, n, f"psp_{n}"))
        else:
            message = f"Linje {n}: PSP-elementet {psp} er lukket og kan ikke bogføres på."
            refusals.append(Refusal("psp_closed", message, n, f"psp_{n}"))
    return refusals


def _parse(
    conn: sqlite3.Connection, invoice: sqlite3.Row, form: Mapping[str, str]
) -> PostingRequest:
    """The posting asked for, or Refused with the form's and the PSP elements' problems."""
    (line_count,) = conn.execute(
        "SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = ?", (invoice["id"],)
    ).fetchone()
    psp_problems = _psp_refusals(conn, form, line_count)
    try:
        request = parse_posting(form, line_count=line_count, total=Decimal(invoice["total"]))
    except Refused as refused:
        if refused.refusals[0].reason == "line_count":
            raise
        merged = sorted([*refused.refusals, *psp_problems], key=lambda r: r.line_no or 0)
        raise Refused(merged) from None
    if psp_problems:
        raise Refused(psp_problems)
    return request


def _next_voucher(conn: sqlite3.Connection) -> str:
    (latest,) = conn.execute("SELECT MAX(voucher) FROM invoices").fetchone()
    number = int(latest.removeprefix("BIL-")) + 1 if latest else 1
    return f"BIL-{number:07d}"


def _write_posting(
    conn: sqlite3.Connection, invoice: sqlite3.Row, request: PostingRequest, username: str
) -> str:
    invoice_id, voucher, now = invoice["id"], _next_voucher(conn), utc_now_iso()
    # A credit note is posted as a credit: the form has its amounts as the document shows them.
    sign = -1 if invoice["doc_type"] == "credit_note" else 1
    stamp = (voucher, username, now)
    conn.executemany(
        "INSERT INTO postings (invoice_id, line_no, psp, amount, text, voucher, posted_by,"
        " posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (invoice_id, ln.line_no, ln.psp, f"{sign * ln.amount:.2f}", ln.text, *stamp)
            for ln in request.lines
        ],
    )
    conn.execute(
        "UPDATE invoices SET status = 'posted', remark = ?, voucher = ?, posted_by = ?,"
        " posted_at = ? WHERE id = ?",
        (request.remark, voucher, username, now, invoice_id),
    )
    detail = f"bilag {voucher}; {len(request.lines)} linjer; bemærkning: {request.remark}"
    write_audit(
        conn, username=username, action="post", object_=format_erp_id(invoice_id), detail=detail
    )
    return voucher


def post_invoice(
    conn: sqlite3.Connection,
    *,
    invoice_id: int,
    form: Mapping[str, str],
    username: str,
    may_post_manual: bool,
) -> str:
    """Posts the invoice as the form says and returns the voucher number, or raises Refused."""
    with immediate(conn):
        invoice = _invoice(conn, invoice_id)
        _check_state(invoice, may_post_manual=may_post_manual)
        _check_key(conn, invoice)
        request = _parse(conn, invoice, form)
        return _write_posting(conn, invoice, request, username)


def send_to_manual(
    conn: sqlite3.Connection,
    *,
    invoice_id: int,
    note: str,
    username: str,
    proposal: Proposal = NO_PROPOSAL,
) -> None:
    """Moves an unposted invoice to the manual queue with the note and the proposed posting
    (which replaces any earlier one), or raises Refused."""
    note = note.strip()
    if not note:
        raise refuse("note_missing", "Skriv et notat om, hvorfor fakturaen sendes.", field="note")
    if len(note) > MAX_NOTE:
        message = f"Notatet er {len(note)} tegn; højst {MAX_NOTE} er tilladt."
        raise refuse("note_too_long", message, field="note")
    with immediate(conn):
        invoice = _invoice(conn, invoice_id)
        if invoice["status"] != "unposted":
            state = {"posted": "bogført", "rejected": "afvist"}.get(
                invoice["status"], "sendt til manuel behandling"
            )
            raise refuse("not_unposted", f"Fakturaen er allerede {state}.", status_code=409)
        code, now = note_code(note), utc_now_iso()
        conn.execute(
            "INSERT INTO notes (invoice_id, author, text, code, at) VALUES (?, ?, ?, ?, ?)",
            (invoice_id, username, note, code, now),
        )
        conn.execute("UPDATE invoices SET status = 'manual' WHERE id = ?", (invoice_id,))
        replace_proposal(conn, invoice_id=invoice_id, proposal=proposal, username=username, at=now)
        erp_id = format_erp_id(invoice_id)
        write_audit(conn, username=username, action="manual", object_=erp_id, detail=note)
