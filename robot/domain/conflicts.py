"""When another invoice already holds what this one would pay: the way that takes such claims
says what the note reads (the invoice itself is the same for every way)."""

from __future__ import annotations

from collections.abc import Sequence

from robot.domain.claims import ClaimKind, PaidElsewhere
from robot.domain.decision import Decision
from robot.domain.notes import held
from robot.domain.ways.table import way_holding


def claimed_elsewhere(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    """DUPLICATE_INVOICE when the invoice itself is paid; else the first held claim's way's
    manual decision (DUPLICATE_PAYMENT, PLAN_ALREADY_PAID, NO_ORDER, RENT_ALREADY_PAID ...),
    naming the invoice that was paid."""
    if not others:
        raise ValueError("no other invoice holds anything")
    same = [o for o in others if o.claim.kind is ClaimKind.INVOICE]
    if same:
        return held.same_invoice(decision, same)
    kind = others[0].claim.kind
    return way_holding(kind).held_elsewhere(decision, [o for o in others if o.claim.kind is kind])
