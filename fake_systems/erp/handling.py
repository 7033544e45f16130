"""People's work on an invoice in manual handling (contract section 7), each change in one
BEGIN IMMEDIATE transaction with its note (by the user) and its audit row: send it back to the
robot, reject it, add a note, take the task."""

from __future__ import annotations

import sqlite3

from fake_systems.erp.ids import format_erp_id
from fake_systems.web.audit import utc_now_iso, write_audit
from fake_systems.web.errors import NotFound
from fake_systems.web.refusals import Refusal, Refused, refuse
from fake_systems.web.tx import immediate

MAX_TEXT = 4000
REJECT_UNCONFIRMED = (
    "Sæt kryds ved »Jeg er klar over, at en afvist faktura ikke kan bogføres«, før du afviser"
    " fakturaen. En afvisning kan ikke fortrydes."
)
# Where an invoice is, for the refusal of an action that needs it in manual handling.
_ELSEWHERE = {
    "unposted": "ligger i indbakken (ubogført)",
    "posted": "er bogført",
    "rejected": "er afvist",
}


def _checked_text(text: str, *, field: str, required: str | None) -> str:
    """The text stripped, or Refused: empty when `required` (its message), or too long."""
    text = text.strip()
    if not text and required:
        raise refuse(f"{field}_missing", required, field=field)
    if len(text) > MAX_TEXT:
        message = f"Teksten er {len(text)} tegn; højst {MAX_TEXT} er tilladt."
        raise refuse(f"{field}_too_long", message, field=field)
    return text


def _in_manual_handling(conn: sqlite3.Connection, invoice_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, status, assignee FROM invoices WHERE id = ?", (invoice_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Fakturaen {format_erp_id(invoice_id)} findes ikke.")
    if row["status"] != "manual":
        where = _ELSEWHERE.get(row["status"], row["status"])
        message = f"Fakturaen er ikke i manuel behandling: den {where}."
        raise refuse("not_in_manual_handling", message, status_code=409)
    return row


def _note(conn: sqlite3.Connection, invoice_id: int, *, author: str, text: str, kind: str) -> None:
    conn.execute(
        "INSERT INTO notes (invoice_id, author, text, code, at, kind) VALUES (?, ?, ?, '', ?, ?)",
        (invoice_id, author, text, utc_now_iso(), kind),
    )


def _audit(
    conn: sqlite3.Connection, username: str, action: str, invoice_id: int, detail: str
) -> None:
    write_audit(
        conn, username=username, action=action, object_=format_erp_id(invoice_id), detail=detail
    )


def send_back(conn: sqlite3.Connection, *, invoice_id: int, comment: str, username: str) -> None:
    """Back in the inbox for the robot to decide afresh. The task stays the assignee's: should
    the robot leave it in manual handling again, it is back in that person's list."""
    comment = _checked_text(comment, field="comment", required=None)
    text = f"Sendt tilbage til robotten: {comment}" if comment else "Sendt tilbage til robotten."
    with immediate(conn):
        _in_manual_handling(conn, invoice_id)
        _note(conn, invoice_id, author=username, text=text, kind="sent_back")
        conn.execute(
            "UPDATE invoices SET status = 'unposted', manual_since = NULL WHERE id = ?",
            (invoice_id,),
        )
        _audit(conn, username, "send_back", invoice_id, text)


def reject(
    conn: sqlite3.Connection, *, invoice_id: int, reason: str, confirmed: bool, username: str
) -> None:
    """Rejected for good: never postable, out of the queue, with the reason as a note. It cannot
    be undone, so the user must have confirmed knowing that (the form's checkbox)."""
    problems: list[Refusal] = []
    try:
        reason = _checked_text(
            reason, field="reason", required="Skriv en begrundelse for, at fakturaen afvises."
        )
    except Refused as refused:
        problems += refused.refusals
    if not confirmed:
        problems.append(Refusal("confirmation_missing", REJECT_UNCONFIRMED, field="confirm"))
    if problems:
        raise Refused(problems)
    text = f"Faktura afvist: {reason}"
    with immediate(conn):
        _in_manual_handling(conn, invoice_id)
        _note(conn, invoice_id, author=username, text=text, kind="rejected")
        conn.execute("UPDATE invoices SET status = 'rejected' WHERE id = ?", (invoice_id,))
        _audit(conn, username, "reject", invoice_id, text)


def add_note(conn: sqlite3.Connection, *, invoice_id: int, note: str, username: str) -> None:
    note = _checked_text(note, field="note", required="Skriv et notat.")
    with immediate(conn):
        _in_manual_handling(conn, invoice_id)
        _note(conn, invoice_id, author=username, text=note, kind="note")
        _audit(conn, username, "note", invoice_id, note)


def take(conn: sqlite3.Connection, *, invoice_id: int, username: str) -> None:
    """The user becomes the invoice's assignee (Ansvarlig); taking one's own changes nothing."""
    with immediate(conn):
        invoice = _in_manual_handling(conn, invoice_id)
        if invoice["assignee"] == username:
            return
        text = f"Opgaven er taget af {username}."
        if invoice["assignee"]:
            text = f"Opgaven er taget af {username} (før: {invoice['assignee']})."
        conn.execute("UPDATE invoices SET assignee = ? WHERE id = ?", (username, invoice_id))
        _note(conn, invoice_id, author=username, text=text, kind="taken")
        _audit(conn, username, "take", invoice_id, text)
