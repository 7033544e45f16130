"""Danish text for an elimination trace: who fell at the last stage, why, and what would fix it."""

from __future__ import annotations

from decimal import Decimal

from robot.domain.elimination import Elimination, Fallen, Stage
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period, join_danish, paragraph_label
from robot.domain.models import Grant, Period
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


def elimination_text(number: int, trace: Elimination, *, supplier_cvr: str) -> str:
    """The explanation for NO_GRANT … AMBIGUOUS_GRANT, from the trace."""
    last = trace.last_stage
    period = format_period(trace.period)
    if last.kept:
        grants = join_danish([f"{g.grant_id} ({kr(_expected(trace, g))})" for g in last.kept])
        return (
            f"Flere bevillinger passer på linje {number} for {period}: {grants}. Robotten kan "
            "ikke vælge: afslut eller ret den bevilling, der ikke skal bruges, eller bogfør "
            "i hånden."
        )
    if last.stage is Stage.CITIZEN:
        return (
            f"Borgeren på linje {number} har ingen bevillinger i sagssystemet. Opret "
            "bevillingen, hvis ydelsen er bevilget, eller afvis fakturaen."
        )
    why = _listed([_fallen_text(f, trace.period) for f in last.fallen])
    if last.stage is Stage.PROVIDER:
        return (
            f"Borgeren på linje {number} har ingen bevilling hos leverandøren (CVR "
            f"{supplier_cvr}): {why}. Er borgeren flyttet til dette tilbud, så ret "
            "bevillingen; ellers afvis fakturaen."
        )
    if last.stage is Stage.PAYABLE:
        return (
            f"Borgeren på linje {number} har bevilling hos leverandøren, men ingen, robotten "
            f"må betale: {why}. Ret bevillingen, hvis den er forkert, eller bogfør i hånden."
        )
    if last.stage is Stage.PERIOD:
        return f"Ingen bevilling dækker hele perioden {period} på linje {number}: {why}."
    return _amount_text(number, trace, why)


def _amount_text(number: int, trace: Elimination, why: str) -> str:
    fallen = trace.last_stage.fallen
    invoiced = kr(trace.invoiced)
    fix = (
        "Er taksten ændret, så ret taksten på bevillingen; ellers bed leverandøren om en "
        "kreditnota og en ny faktura med det rigtige beløb."
    )
    if len(fallen) == 1 and isinstance(reason := fallen[0].reason, AmountDiffers):
        difference = reason.invoiced - reason.expected
        more_or_less = "mere" if difference > 0 else "mindre"
        return (
            f"Beløbet på linje {number} passer ikke med bevilling {fallen[0].grant.grant_id}: "
            f"den forventer {kr(reason.expected)} for {format_period(trace.period)} (takst "
            f"{_basis(fallen[0].grant)}); fakturaen siger {invoiced}, "
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
        expected = kr(reason.expected)
        return f"{gid} forventer {expected} for {format_period(period)} (takst {_basis(grant)})"
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
        fix = (
            "bevillingen dækker kun en del af perioden; ret bevillingens periode eller "
            "afvis fakturaen"
        )
    elif starts_late:
        fix = (
            f"bevillingen begynder først {start}; ret startdatoen, hvis den er forkert, "
            "eller afvis fakturaen"
        )
    else:
        end = format_date(reason.valid_to or period.end)
        fix = f"bevillingen udløb {end}; forlæng bevillingen eller afvis fakturaen"
    return f"{validity} ({fix})"


def _basis(grant: Grant) -> str:
    rate = kr(grant.rate or Decimal(0))
    if grant.rate_unit == "day":
        return f"{rate} pr. dag"
    if grant.rate_unit == "hour":
        hours = _number(grant.hours_per_month or Decimal(0))
        return f"{rate} pr. time × {hours} timer pr. måned"
    return f"{rate} pr. måned"


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
