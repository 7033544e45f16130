"""The Danish notes the robot writes on invoices it leaves to a person: ``[CODE]``, why, what
would make the robot pay it (only actions the systems offer), and the posting to copy."""

from robot.domain.notes.bounds import NOTE_LIMIT, bounded, free
from robot.domain.notes.controls import (
    approval_note,
    posting_refused_note,
    psp_rejected_note,
    repeated_failure_note,
    sample_note,
    total_mismatch_note,
)
from robot.domain.notes.document import document_note, supplier_text
from robot.domain.notes.lines import explain_line, grant_key_text, lines_note
from robot.domain.notes.postings import posting_text

__all__ = [
    "NOTE_LIMIT",
    "approval_note",
    "bounded",
    "document_note",
    "explain_line",
    "free",
    "grant_key_text",
    "lines_note",
    "posting_refused_note",
    "posting_text",
    "psp_rejected_note",
    "repeated_failure_note",
    "sample_note",
    "supplier_text",
    "total_mismatch_note",
]
