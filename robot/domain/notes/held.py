"""The notes for an invoice whose payment another invoice already holds: the same invoice, a
grant's days, a plan's cadence period, an order, an agreement's rent month. The posting is kept
in the note for the rare case it should be paid too."""

from __future__ import annotations

from collections.abc import Sequence

from robot.domain.claims import PaidElsewhere
from robot.domain.codes import Code
from robot.domain.decision import Decision
from robot.domain.notes.actions import POST_BY_HAND, REJECT
from robot.domain.notes.bounds import free
from robot.domain.notes.postings import decision_posting_text, posting_for_unpaid_days


def _who(first: PaidElsewhere) -> str:
    return f"faktura {free(first.invoice_key, 120)} ({first.erp_id})"


def same_invoice(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    first = others[0]
    text = (
        f"Den samme faktura (leverandør og fakturanummer) er bogført af robotten som "
        f"{first.erp_id}. Er denne en kopi, så {REJECT}."
    )
    return decision.manual(Code.DUPLICATE_INVOICE, f"{Code.DUPLICATE_INVOICE.tag} {text}")


def grant_days(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    grants = sorted({o.claim.name for o in others})
    days = sorted(o.claim.unit for o in others)
    text = (
        f"Bevilling {', '.join(grants)} er allerede betalt for dage i samme periode "
        f"({_day(days[0])}–{_day(days[-1])}) af {_who(others[0])}, så den ville blive betalt to "
        f"gange. Er denne faktura en kopi (sendt igen, evt. under nyt nummer), så {REJECT} som "
        f"dobbeltfakturering; dækker den noget andet, så {POST_BY_HAND}:\n"
        + posting_for_unpaid_days(
            decision.postings,
            decision.remark,
            decision.payments,
            paid_grants=grants,
            invoice_ref=decision.invoice_key,
        )
    )
    return decision.manual(Code.DUPLICATE_PAYMENT, f"{Code.DUPLICATE_PAYMENT.tag} {text}")


def plan_period(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    text = (
        f"Betalingsplanen har allerede betalt {_who(others[0])} i samme periode, og den betaler "
        f"højst én faktura pr. periode. Er denne en kopi, så {REJECT}; skal den også betales, så "
        f"{POST_BY_HAND}:\n{decision_posting_text(decision)}"
    )
    return decision.manual(Code.PLAN_ALREADY_PAID, f"{Code.PLAN_ALREADY_PAID.tag} {text}")


def order(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    text = (
        f"Bestilling {others[0].claim.name} er allerede betalt af {_who(others[0])}, så der er "
        f"ingen åben bestilling at betale efter. Er denne faktura en kopi, så {REJECT}."
    )
    return decision.manual(Code.NO_ORDER, f"{Code.NO_ORDER.tag} {text}")


def rent_month(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    first = others[0]
    month = f"{first.claim.unit[5:7]}.{first.claim.unit[:4]}"
    text = (
        f"Huslejen for aftale {first.claim.name} for {month} er allerede trukket i borgerens "
        f"udbetaling og betalt af {_who(first)}, så den ville blive betalt to gange. Er denne "
        f"faktura en kopi (sendt igen, evt. under nyt nummer), så {REJECT}."
    )
    return decision.manual(Code.RENT_ALREADY_PAID, f"{Code.RENT_ALREADY_PAID.tag} {text}")


def _day(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}" if len(iso) == 10 else iso


def learned_period(decision: Decision, others: Sequence[PaidElsewhere]) -> Decision:
    first = others[0]
    start, _, end = first.claim.unit.partition("..")
    text = (
        f"Leverandøren er allerede betalt for samme periode ({_day(start)}–{_day(end)}) til "
        f"samme modtager ved lært kontering af {_who(first)}, så en kopi ville blive betalt to "
        f"gange. Er denne faktura en kopi (sendt igen under nyt nummer), så {REJECT}; dækker "
        f"den noget andet, så {POST_BY_HAND}:\n{decision_posting_text(decision)}"
    )
    return decision.manual(Code.DUPLICATE_PAYMENT, f"{Code.DUPLICATE_PAYMENT.tag} {text}")
