"""The notes for a payment that could no longer be written when the robot was about to: what
it read right before the write (an order cancelled, a grant ended, a payout paid out), and the
posting a person can copy when it should still be paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from robot.domain.codes import Code
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_period
from robot.domain.models import Period
from robot.domain.notes.actions import POST_BY_HAND, REJECT, SEND_BACK

_LATE = "efter at robotten havde valgt den, men før den bogførte noget"


def order_changed(order_id: str, status: str, posting: str) -> str:
    what = "annulleret" if status == "cancelled" else "betalt med en anden faktura"
    return (
        f"{Code.NO_ORDER.tag} Bestilling {order_id} blev {what} {_LATE}, så der er ingen åben "
        f"bestilling at betale efter, og robotten har intet bogført. Er bestillingen annulleret "
        f"ved en fejl, så bestil lægeerklæringen igen (»Bestil lægeerklæring«) og {SEND_BACK}; "
        f"er fakturaen ikke til kommunen, så {REJECT}. Posteringen, robotten ville have lavet:"
        f"\n{posting}"
    )


def grant_changed(grant_id: str, code: Code, why: str, posting: str) -> str:
    return (
        f"{code.tag} Bevilling {grant_id} {why} {_LATE}, så robotten har intet bogført. Er "
        f"det rigtigt, så {REJECT} eller {POST_BY_HAND} efter aftale med sagsbehandleren; er "
        f"bevillingen ændret ved en fejl, så ret den (»Ret bevilling«) og {SEND_BACK}. "
        f"Posteringen, robotten ville have lavet:\n{posting}"
    )


def grant_not_active(status: str) -> str:
    shown = {"ended": "ophørt", "cancelled": "annulleret"}.get(status, status)
    return f"er nu {shown}"


def grant_not_covering(period: Period) -> str:
    return f"dækker ikke længere hele perioden {format_period(period)}"


def grant_paid_meanwhile(period: Period, reference: str) -> str:
    return (
        f"har fået registreret en betaling for dage i perioden {format_period(period)} "
        f"(fakturareference {reference})"
    )


def payout_changed(
    code: Code, *, payout_id: str, month: date, amount: Decimal, left: Decimal, posting: str
) -> str:
    shown = f"{month.month:02d}.{month.year}"
    if code is Code.NO_PAYOUT_FOR_MONTH:
        why = (
            f"Udbetaling {payout_id} for {shown} blev udbetalt {_LATE}, så huslejen kan ikke "
            "trækkes i den"
        )
        fix = (
            "Aftal med jobcenteret, hvordan huslejen for måneden skal betales, og "
            f"{POST_BY_HAND} eller {REJECT}"
        )
    elif code is Code.RENT_ALREADY_PAID:
        why = (
            f"Huslejen for {shown} blev trukket med en anden faktura {_LATE}, så den ville "
            "blive betalt to gange"
        )
        fix = f"Er denne faktura en kopi, så {REJECT}"
    else:
        why = (
            f"Der er kun {kr(left)} tilbage i udbetaling {payout_id} for {shown}, og huslejen "
            f"er {kr(amount)} (ændret {_LATE})"
        )
        fix = (
            "Aftal med jobcenteret, hvordan huslejen for måneden skal betales, og "
            f"{POST_BY_HAND} eller {REJECT}"
        )
    return f"{code.tag} {why}; robotten har intet registreret eller bogført. {fix}:\n{posting}"


def system_refused(code: Code, system: str, message: str, posting: str) -> str:
    """A refusal the robot could not read more into: the system's own words."""
    return (
        f"{code.tag} {system} afviste registreringen, før robotten bogførte noget: »{message}«. "
        f"Robotten har intet bogført. Ret årsagen og {SEND_BACK}, eller {POST_BY_HAND}:"
        f"\n{posting}"
    )
