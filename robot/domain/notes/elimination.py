"""Danish text for an elimination trace: who fell at the last stage, why, and what a person
can do in the systems so that the robot pays it (or why it should not be paid)."""

from __future__ import annotations

from decimal import Decimal

from robot.domain.amounts import AmountPart
from robot.domain.elimination import Elimination, Fallen, Stage
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period, join_danish, paragraph_label
from robot.domain.models import Grant, Period
from robot.domain.notes.actions import (
    EDIT_GRANT,
    NEW_RATE,
    POST_BY_HAND,
    REGISTER,
    REJECT,
    SEND_BACK,
)
from robot.domain.reasons import (
    AmountDiffers,
    NotActive,
    OtherProvider,
    OutsideValidity,
    ParagraphNotPayable,
    VariableHours,
)

_MAX_LISTED = 6
_STATUS = {"active": "aktiv", "ended": "ophørt", "cancelled": "annulleret"}
_UNIT = {"day": "pr. dag", "month": "pr. måned", "hour": "pr. time"}


def elimination_text(number: int, trace: Elimination, *, supplier_cvr: str) -> str:
    """The explanation for NO_GRANT … AMBIGUOUS_GRANT, from the trace."""
    last = trace.last_stage
    period = format_period(trace.period)
    if last.kept:
        grants = join_danish([f"{g.grant_id} ({kr(_expected(trace, g))})" for g in last.kept])
        return (
            f"Flere bevillinger passer på linje {number} for {period}: {grants}. Robotten kan "
            "ikke vælge. Er en af dem oprettet ved en fejl eller afsluttet, så sæt dens status "
            f"til Annulleret eller Ophørt ({EDIT_GRANT}) og {SEND_BACK}; ellers {POST_BY_HAND} "
            "på den rigtige bevilling."
        )
    if last.stage is Stage.CITIZEN:
        return (
            f"Borgeren på linje {number} har ingen bevillinger i sagssystemet, så robotten kan "
            f"ikke betale linjen. Er ydelsen ikke bevilget, så {REJECT}; ellers {POST_BY_HAND}."
        )
    why = _listed([_fallen_text(f, trace.period) for f in last.fallen])
    if last.stage is Stage.PROVIDER:
        return (
            f"Borgeren på linje {number} har ingen bevilling hos leverandøren (CVR "
            f"{supplier_cvr}): {why}. Har borgeren ikke ophold eller tilbud hos leverandøren, "
            f"så {REJECT}; ellers {POST_BY_HAND}."
        )
    if last.stage is Stage.PAYABLE:
        return (
            f"Borgeren på linje {number} har bevilling hos leverandøren, men ingen, robotten "
            f"må betale: {why}. {_payable_fix(last.fallen)}"
        )
    if last.stage is Stage.PERIOD:
        return (
            f"Ingen bevilling dækker hele perioden {period} på linje {number}: {why}. "
            f"{_period_fix(last.fallen, trace.period)}"
        )
    return _amount_text(number, trace, why)


def _payable_fix(fallen: tuple[Fallen, ...]) -> str:
    """Only a status set by mistake can be fixed so that the robot pays; a paragraph out of
    scope or a grant without a fixed amount is always paid by hand."""
    if any(isinstance(f.reason, NotActive) for f in fallen):
        return (
            "Er bevillingen afsluttet ved en fejl, så sæt status til Aktiv "
            f"({EDIT_GRANT}) og {SEND_BACK}; ellers {POST_BY_HAND} eller {REJECT}."
        )
    return (
        "Robotten betaler kun bevillinger efter §103, §104, §107, §108 og STU med en fast "
        "takst, også hvis fakturaen sendes tilbage: kontrollér fakturaen mod bevillingen, og "
        f"{POST_BY_HAND} og {REGISTER}; eller {REJECT}."
    )


def _period_fix(fallen: tuple[Fallen, ...], period: Period) -> str:
    """What would make a grant cover the period: its start or end date corrected, or a new
    invoice for the days granted."""
    reasons = [f.reason for f in fallen if isinstance(f.reason, OutsideValidity)]
    starts_late = any(r.valid_from > period.start for r in reasons)
    ends_early = any(r.valid_to is not None and r.valid_to < period.end for r in reasons)
    fields = (("»Gyldig fra«", starts_late), ("»Gyldig til«", ends_early))
    dates = join_danish([name for name, wrong in fields if wrong]) or "gyldighed"
    fix = f"Er bevillingens {dates} forkert, så ret den ({EDIT_GRANT}) og {SEND_BACK}"
    return (
        f"{fix}: robotten betaler den, når bevillingen dækker hele perioden. Er borgeren "
        f"flyttet ind eller ud i perioden, så {REJECT} og bed leverandøren om en faktura for de "
        "bevilgede dage."
    )


def _amount_text(number: int, trace: Elimination, why: str) -> str:
    fallen = trace.last_stage.fallen
    invoiced = kr(trace.invoiced)
    fix = (
        f"Er bevillingens takst forkert (fx en ny takst, der ikke er tilføjet), så {NEW_RATE} og "
        f"{SEND_BACK}: robotten betaler den, når beløbet passer. Er fakturaen forkert, så "
        f"{REJECT} og bed leverandøren om en ny faktura med det rigtige beløb."
    )
    if len(fallen) == 1 and isinstance(reason := fallen[0].reason, AmountDiffers):
        difference = reason.invoiced - reason.expected
        more_or_less = "mere" if difference > 0 else "mindre"
        return (
            f"Beløbet på linje {number} passer ikke med bevilling {fallen[0].grant.grant_id}: "
            f"den forventer {kr(reason.expected)} for {format_period(trace.period)} "
            f"({_basis(fallen[0].grant, reason.parts)}); fakturaen siger {invoiced}, "
            f"{kr(abs(difference))} {more_or_less}. {fix}"
        )
    ids = join_danish([f.grant.grant_id for f in fallen]).replace(" og ", " eller ")
    return (
        f"Beløbet på linje {number} passer ikke med bevilling {ids}: {why}; fakturaen siger "
        f"{invoiced}. {fix}"
    )


def _expected(trace: Elimination, grant: Grant) -> Decimal:
    return trace.expected_for(grant.grant_id) or Decimal(0)


def _listed(texts: list[str]) -> str:
    if len(texts) > _MAX_LISTED:
        rest = len(texts) - _MAX_LISTED
        texts = [*texts[:_MAX_LISTED], f"og {rest} andre"]
    return "; ".join(texts)


def _fallen_text(fallen: Fallen, period: Period) -> str:
    grant, reason = fallen.grant, fallen.reason
    gid = grant.grant_id
    if isinstance(reason, OtherProvider):
        return f"{gid} er hos CVR {reason.provider_cvr}"
    if isinstance(reason, NotActive):
        return f"{gid} er ikke aktiv (status: {_STATUS.get(reason.status, reason.status)})"
    if isinstance(reason, ParagraphNotPayable):
        label = paragraph_label(reason.paragraph)
        return f"{gid} er efter {label}, som robotten ikke betaler"
    if isinstance(reason, VariableHours):
        return f"{gid} er timebaseret uden fast antal timer pr. måned"
    if isinstance(reason, OutsideValidity):
        return _validity_text(gid, reason, period)
    if isinstance(reason, AmountDiffers):
        basis = _basis(grant, reason.parts)
        return f"{gid} forventer {kr(reason.expected)} for {format_period(period)} ({basis})"
    return f"{gid} har ingen fast takst"


def _validity_text(gid: str, reason: OutsideValidity, period: Period) -> str:
    start = format_date(reason.valid_from)
    if reason.valid_to is None:
        validity = f"{gid} gælder fra {start}"
    else:
        validity = f"{gid} gælder {start}–{format_date(reason.valid_to)}"
    starts_late = reason.valid_from > period.start
    ends_early = reason.valid_to is not None and reason.valid_to < period.end
    if starts_late and ends_early:
        return f"{validity} (dækker kun en del af perioden)"
    if starts_late:
        return f"{validity} (begynder først efter periodens start)"
    return f"{validity} (udløber før periodens slutning)"


def _basis(grant: Grant, parts: tuple[AmountPart, ...] = ()) -> str:
    """``takst 1.040,00 pr. døgn``; with a rate change, each rate with its days."""
    rates = {part.rate for part in parts}
    if len(rates) <= 1:
        rate = next(iter(rates)) if rates else (grant.rate or Decimal(0))
        return f"takst {_rate(grant, rate)}"
    stretches = _merged(parts)
    shown = "; ".join(
        f"{format_period(stretch)}: {_rate(grant, rate)} = {kr(amount)}"
        for stretch, rate, amount in stretches
    )
    return f"taksten ændres i perioden: {shown}"


def _merged(parts: tuple[AmountPart, ...]) -> list[tuple[Period, Decimal, Decimal]]:
    """Neighbouring parts under the same rate as one stretch (a month grant's months)."""
    merged: list[tuple[Period, Decimal, Decimal]] = []
    for part in parts:
        if merged and merged[-1][1] == part.rate:
            period, rate, amount = merged[-1]
            merged[-1] = (Period(period.start, part.period.end), rate, amount + part.amount)
        else:
            merged.append((part.period, part.rate, part.amount))
    return merged


def _rate(grant: Grant, rate: Decimal) -> str:
    if grant.rate_unit == "hour":
        hours = _number(grant.hours_per_month or Decimal(0))
        return f"{kr(rate)} pr. time × {hours} timer pr. måned"
    return f"{kr(rate)} {_UNIT.get(grant.rate_unit, '')}".strip()


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
