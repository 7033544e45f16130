"""Keeping a note inside the ERP's limit: free text from the invoice is cut where it is
written into the note, and the whole note is cut at the end, never its code and reason."""

from __future__ import annotations

from robot.domain.cpr_extraction import mask_cprs
from robot.domain.postings import cut

NOTE_LIMIT = 4000  # the ERP refuses longer notes
FREE_TEXT_LIMIT = 80  # a supplier name, an invoice number or a currency as the invoice wrote it
_SHORTENED = "\n… (notatet er forkortet; se resten på fakturaen)"


def free(text: str, limit: int = FREE_TEXT_LIMIT) -> str:
    """Text from the invoice as a note shows it: CPR numbers masked, one line, cut."""
    return cut(mask_cprs(text), limit)


def bounded(note: str, limit: int = NOTE_LIMIT) -> str:
    """The note as it is when short enough; else its first paragraph (code and reason) whole
    and as many of the following lines as fit."""
    if len(note) <= limit:
        return note
    head, _, rest = note.partition("\n")
    head = cut(head, limit - len(_SHORTENED))
    kept = [head]
    room = limit - len(head) - len(_SHORTENED)
    for line in rest.split("\n"):
        if len(line) + 1 > room:
            break
        kept.append(line)
        room -= len(line) + 1
    return "\n".join(kept) + _SHORTENED
