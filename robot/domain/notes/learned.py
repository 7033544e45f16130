"""The notes about what people posted before: the posting suggestion an invoice without a CPR
gets (never a payment), why its history was not enough for a learned posting, and an amount
unusual for its supplier and receiver."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from robot.domain.codes import Code
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, join_danish
from robot.domain.history import PairHistory, Suggestion
from robot.domain.models import Invoice
from robot.domain.notes.actions import POST_BY_HAND, REJECT
from robot.domain.notes.bounds import free
from robot.domain.notes.postings import decision_posting_text

if TYPE_CHECKING:
    from robot.domain.decision import Decision


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))} %"


def suggestion_text(
    invoice: Invoice, pair: PairHistory | None, nearest: Sequence[Suggestion]
) -> str:
    """``Forslag til kontering: …`` from the pair's own history, else from the nearest line
    texts in the whole history; "" when the history says nothing."""
    if pair is not None and pair.invoices:
        psp, _ = pair.top()
        since = format_date(pair.since) if pair.since else ""
        who = free(pair.supplier_name or invoice.supplier_name or invoice.supplier_cvr, 60)
        return (
            f"Forslag til kontering: {psp} ({pair.invoices_on(psp)} af {pair.invoices} fakturaer "
            f"fra {who} til {invoice.receiver_ean} siden {since})"
        )
    if nearest:
        shown = join_danish([f"{s.psp} ({_percent(s.share)})" for s in nearest[:3]])
        return (
            "Forslag til kontering ud fra de nærmeste linjetekster i det, der er bogført det "
            f"seneste år: {shown}"
        )
    return ""


def with_suggestion(note: str, suggestion: str) -> str:
    """The note with the suggestion as its second paragraph: a help, never a payment."""
    if not suggestion:
        return note
    head, sep, rest = note.partition("\n")
    tail = f"\n{rest}" if sep else ""
    return f"{head}\n{suggestion}. Et forslag er en hjælp, ikke en betaling: kontrollér det.{tail}"


def not_of_one_mind(pair: PairHistory, *, needed: int, share: Decimal, open_psp: bool) -> str:
    """Why the pair's history was not enough for a learned posting."""
    psp, top = pair.top()
    if pair.invoices < needed:
        return (
            f"Robotten bogfører ud fra historikken, når der er mindst {needed} tidligere "
            f"fakturaer fra leverandøren til modtageren det seneste år; her er der "
            f"{pair.invoices}"
        )
    if top < share:
        return (
            f"Robotten bogfører ud fra historikken, når mindst {_percent(share)} af linjerne er "
            f"bogført på ét PSP-element; her er {_percent(top)} bogført på {psp}"
        )
    if not open_psp:
        return f"PSP-elementet {psp}, som historikken peger på, er ikke åbent i ERP'et"
    return "Historikken er ikke entydig"


def learned_missing_cpr(invoice: Invoice, why: str, suggestion: str) -> str:
    text = (
        f"{Code.MISSING_CPR.tag} Der står intet CPR-nummer på fakturaen, ingen betalingsplan "
        f"og ingen bevilling betaler den, og den kan ikke bogføres ud fra det, der er bogført "
        f"før: {why[:1].lower()}{why[1:]}. Bogfør den i hånden (økonomi: »Bogfør«) efter "
        "forslaget, hvis det passer; "
        f"er fakturaen ikke til kommunen, så {REJECT}."
    )
    return with_suggestion(text, suggestion)


def amount_unusual(
    invoice: Invoice,
    pair: PairHistory,
    *,
    low: Decimal,
    high: Decimal,
    limit: Decimal,
    plan: Decision,
) -> str:
    if invoice.total > limit:
        why = f"Beløbet {kr(invoice.total)} er over grænsen for lært kontering ({kr(limit)})"
    else:
        why = (
            f"Beløbet {kr(invoice.total)} ligger uden for det sædvanlige for leverandøren og "
            f"modtageren: {kr(low)}–{kr(high)} (laveste og højeste de seneste 12 måneder, "
            "udvidet med 10 %)"
        )
    return (
        f"{Code.LEARNED_AMOUNT_UNUSUAL.tag} {why}, så robotten bogfører den ikke ud fra "
        f"historikken. Er beløbet rigtigt, så {POST_BY_HAND}; ellers {REJECT} og bed "
        "leverandøren om en rettet faktura. Posteringen, robotten ville have lavet:\n"
        + decision_posting_text(plan)
    )


def learned_remark(pair: PairHistory, psp: str, receiver_ean: str, supplier_cvr: str) -> str:
    since = format_date(pair.since) if pair.since else ""
    return (
        f"Lært kontering · {pair.invoices_on(psp)} af {pair.invoices} fakturaer fra "
        f"{supplier_cvr} til {receiver_ean} siden {since} · {psp}"
    )
