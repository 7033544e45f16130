"""The status in Danish, for the status page: the headline, each problem in a sentence, and what
a person must do."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from robot.config import DANISH_TIME
from robot.domain.formatting import format_amount
from robot.journal.model import FailureStreak, PersonTask
from robot.status.model import Problem, ProblemKind


def dansk_tid(epoch: float) -> str:
    """``23.11.2026 kl. 02.04`` in Danish time."""
    moment = datetime.fromtimestamp(epoch, UTC).astimezone(DANISH_TIME)
    return moment.strftime("%d.%m.%Y kl. %H.%M")


def varighed(seconds: float) -> str:
    whole = max(0, round(seconds))
    if whole < 120:
        return f"{whole} sek."
    minutes = whole // 60
    if minutes < 120:
        return f"{minutes} min."
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} t. {minutes} min." if minutes else f"{hours} t."
    days, hours = divmod(hours, 24)
    return f"{days} dage {hours} t." if hours else f"{days} dage"


def problem_tekst(problem: Problem) -> str:
    n = problem.count
    match problem.kind:
        case ProblemKind.PAYMENTS_FOR_A_PERSON:
            return f"{n} faktura(er) er bogført eller påbegyndt og skal gøres færdig af en person"
        case ProblemKind.REPEATED_FAILURES:
            return f"{n} faktura(er) fejler kørsel efter kørsel med samme fejl"
        case ProblemKind.STUCK_PROCESS:
            return f"{n} robotproces(ser) i den igangværende kørsel hænger eller er stoppet"
        case ProblemKind.LAST_RUN_FAILED:
            return f"Seneste kørsel sluttede med afslutningskode {n} (se driftsvejledningen)"
        case ProblemKind.LAST_RUN_TOO_OLD:
            return (
                f"Seneste kørsel sluttede for {varighed(problem.seconds)} siden:"
                " en planlagt kørsel er udeblevet"
            )
        case ProblemKind.NO_FINISHED_RUN:
            return "Ingen kørsel er afsluttet endnu"
    raise AssertionError(problem.kind)  # pragma: no cover


def opgave_tekst(task: PersonTask) -> str:
    plan, voucher = task.entry.plan, task.entry.voucher
    if not voucher:
        return (
            "Ikke bogført: en del af betalingen er registreret, men ERP afviste bogføringen."
            " Bogfør fakturaen i hånden præcis som robottens notat i ERP's manuelle kø siger."
        )
    items = [
        f"{_kr(p.amount)} for {p.period_start:%d.%m.%Y}–{p.period_end:%d.%m.%Y}"
        f" på bevilling {p.grant_id}"
        for p in plan.payments
    ] + [f"{_kr(o.amount)} på bestilling {o.order_id}" for o in plan.order_payments]
    where = "; ".join(items) or "som kørselsrapportens ark Kræver handling siger"
    return (
        f"Bogført (bilag {voucher}), men betalingen er ikke registreret. Registrér den i"
        f" sagssystemet, hvor den mangler: {where}."
    )


def fejl_tekst(streak: FailureStreak) -> str:
    if streak.unfinished:
        return "Skrevet i en del, derefter forsvandt journalen; næste kørsel gør den færdig"
    if streak.runs > 1:
        return (
            f"Fejlet i {streak.runs} kørsler i træk med samme fejl. Se skærmbillederne i"
            " kørselsmappen og giv besked til systemets ejer."
        )
    return "Efterladt efter en systemfejl; næste kørsel tager den med"


def _kr(amount: Decimal) -> str:
    return format_amount(amount)  # ``32.240,00 kr.``
