"""When another invoice already holds what this one would pay (a grant's days, a plan's
cadence period, an order, the invoice itself): the code and note for a person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from robot.domain.claims import Claim
from robot.domain.codes import Code
from robot.domain.decision import Decision, plan_text
from robot.domain.notes.actions import POST_BY_HAND, REJECT
from robot.domain.notes.bounds import free
from robot.domain.notes.postings import posting_for_unpaid_days


@dataclass(frozen=True, slots=True)
class PaidElsewhere:
    """Another invoice that has paid (been posted for) a unit this decision needs."""

    claim: Claim
    erp_id: str
    invoice_key: str


def claimed_elsewhere(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    """DUPLICATE_INVOICE, DUPLICATE_PAYMENT, PLAN_ALREADY_PAID or NO_ORDER, naming the invoice
    that was paid; the posting is kept in the note for the rare case it should be paid too."""
    first = others[0]
    who = f"faktura {free(first.invoice_key, 120)} ({first.erp_id})"
    kind = first.claim.kind
    plan = plan_text(decision)
    if kind == "invoice":
        code = Code.DUPLICATE_INVOICE
        text = (
            f"Den samme faktura (leverandør og fakturanummer) er bogført af robotten som "
            f"{first.erp_id}. Er denne en kopi, så {REJECT}."
        )
    elif kind == "grant":
        code = Code.DUPLICATE_PAYMENT
        grants = sorted({o.claim.resource.removeprefix("grant:") for o in others})
        days = sorted(o.claim.unit for o in others)
        text = (
            f"Bevilling {', '.join(grants)} er allerede betalt for dage i samme periode "
            f"({_day(days[0])}–{_day(days[-1])}) af {who}, så den ville blive betalt to gange. "
            f"Er denne faktura en kopi (sendt igen, evt. under nyt nummer), så {REJECT} som "
            f"dobbeltfakturering; dækker den noget andet, så {POST_BY_HAND}:\n"
            + posting_for_unpaid_days(
                decision.postings,
                decision.remark,
                decision.payments,
                paid_grants=grants,
                invoice_ref=decision.invoice_key,
            )
        )
    elif kind == "plan":
        code = Code.PLAN_ALREADY_PAID
        text = (
            f"Betalingsplanen har allerede betalt {who} i samme periode, og den betaler højst "
            f"én faktura pr. periode. Er denne en kopi, så {REJECT}; skal den også betales, så "
            f"{POST_BY_HAND}:\n{plan}"
        )
    else:
        code = Code.NO_ORDER
        order_id = first.claim.resource.removeprefix("order:")
        text = (
            f"Bestilling {order_id} er allerede betalt af {who}, så der er ingen åben "
            f"bestilling at betale efter. Er denne faktura en kopi, så {REJECT}."
        )
    return decision.manual(code, f"{code.tag} {text}")


def _day(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}" if len(iso) == 10 else iso
