"""The posting proposed with a manual-handling submission (the robot's forslag til kontering):
read from the manual form, stored with the invoice, and read back to fill in the Bogfør form for
a person to check. Every field is optional; what is given must be postable as typed."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from fake_systems.erp.posting_form import MAX_LINE_TEXT, MAX_REMARK
from fake_systems.web.formatting import parse_amount
from fake_systems.web.refusals import Refusal, Refused

MAX_PSP = 100
_FIELD = re.compile(r"^proposal_(psp|amount|text)_(\d{1,4})$")
REMARK_FIELD = "proposal_remark"


@dataclass(frozen=True)
class ProposedLine:
    line_no: int
    psp: str = ""
    amount: str = ""  # machine form (32240.00); "" when not proposed
    text: str = ""


@dataclass(frozen=True)
class Proposal:
    lines: tuple[ProposedLine, ...] = ()
    remark: str = ""

    @property
    def empty(self) -> bool:
        return not self.lines and not self.remark

    def posting_values(self) -> dict[str, str]:
        """The Bogfør form's fields as the proposal fills them in (names as posting_form reads)."""
        values = {"remark": self.remark} if self.remark else {}
        for line in self.lines:
            n = line.line_no
            given = {f"psp_{n}": line.psp, f"amount_{n}": line.amount, f"text_{n}": line.text}
            values |= {name: value for name, value in given.items() if value}
        return values


def _line(form: Mapping[str, str], n: int, refusals: list[Refusal]) -> ProposedLine:
    psp = form.get(f"proposal_psp_{n}", "").strip()
    raw_amount = form.get(f"proposal_amount_{n}", "").strip()
    text = form.get(f"proposal_text_{n}", "").strip()
    amount = ""
    if raw_amount:
        try:
            amount = f"{parse_amount(raw_amount):.2f}"
        except ValueError:
            message = f"Forslag, linje {n}: beløbet »{raw_amount[:40]}« er ikke et gyldigt beløb."
            refusals.append(Refusal("proposal_amount", message, n, f"proposal_amount_{n}"))
    if len(psp) > MAX_PSP:
        message = f"Forslag, linje {n}: PSP-elementet er {len(psp)} tegn; højst {MAX_PSP}."
        refusals.append(Refusal("proposal_psp", message, n, f"proposal_psp_{n}"))
    if len(text) > MAX_LINE_TEXT:
        message = f"Forslag, linje {n}: linjeteksten er {len(text)} tegn; højst {MAX_LINE_TEXT}."
        refusals.append(Refusal("proposal_text", message, n, f"proposal_text_{n}"))
    return ProposedLine(n, psp, amount, text)


def parse_proposal(form: Mapping[str, str]) -> Proposal:
    """The proposal the manual form carries (empty when it carries none), or Refused (422)."""
    numbers = sorted({int(m.group(2)) for key in form if (m := _FIELD.match(key))})
    refusals: list[Refusal] = []
    lines = [_line(form, n, refusals) for n in numbers if n >= 1]
    remark = form.get(REMARK_FIELD, "").strip()
    if len(remark) > MAX_REMARK:
        message = f"Forslag: bemærkningen er {len(remark)} tegn; højst {MAX_REMARK} er tilladt."
        refusals.append(Refusal("proposal_remark", message, field=REMARK_FIELD))
    if refusals:
        raise Refused(refusals)
    given = tuple(line for line in lines if line.psp or line.amount or line.text)
    return Proposal(given, remark)


def replace_proposal(
    conn: sqlite3.Connection, *, invoice_id: int, proposal: Proposal, username: str, at: str
) -> None:
    """The invoice's proposal becomes this one (none when it is empty); lines the invoice does
    not have are left out. Runs inside the caller's transaction."""
    conn.execute("DELETE FROM proposals WHERE invoice_id = ?", (invoice_id,))  # lines cascade
    if proposal.empty:
        return
    conn.execute(
        "INSERT INTO proposals (invoice_id, remark, proposed_by, proposed_at) VALUES (?, ?, ?, ?)",
        (invoice_id, proposal.remark, username, at),
    )
    conn.executemany(
        "INSERT INTO proposal_lines (invoice_id, line_no, psp, amount, text)"
        " SELECT ?, ?, ?, ?, ? WHERE EXISTS"
        " (SELECT 1 FROM invoice_lines WHERE invoice_id = ? AND line_no = ?)",
        [
            (invoice_id, ln.line_no, ln.psp, ln.amount, ln.text, invoice_id, ln.line_no)
            for ln in proposal.lines
        ],
    )


def read_proposal(conn: sqlite3.Connection, *, invoice_id: int) -> Proposal | None:
    head = conn.execute(
        "SELECT remark FROM proposals WHERE invoice_id = ?", (invoice_id,)
    ).fetchone()
    if head is None:
        return None
    rows = conn.execute(
        "SELECT line_no, psp, amount, text FROM proposal_lines WHERE invoice_id = ?"
        " ORDER BY line_no",
        (invoice_id,),
    ).fetchall()
    lines = tuple(ProposedLine(r["line_no"], r["psp"], r["amount"], r["text"]) for r in rows)
    return Proposal(lines, head["remark"])
