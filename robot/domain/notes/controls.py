"""The notes of the controls after matching and of the write: total, approval limit, sample,
PSP refused, posting refused, a payment already under way, and repeated failures."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from robot.domain.codes import Code
from robot.domain.formatting import format_amount as kr
from robot.domain.notes.actions import (
    FIX_SHEET,
    NOTE,
    POST_BY_HAND,
    REJECT,
    SEND_BACK,
    opening,
)
from robot.domain.notes.bounds import free


def total_mismatch_note(lines_sum: Decimal, total: Decimal, plan: str) -> str:
    return (
        f"{Code.AMOUNT_MISMATCH.tag} Fakturaens linjer giver i alt {kr(lines_sum)}, men "
        f"beløbet at betale er {kr(total)}; forskellen kan være moms, et gebyr, en rabat eller "
        "en fejl. Hver linje passer, men robotten betaler kun, når linjerne tilsammen giver "
        "beløbet at betale, og det gør ERP'et også, når en person bogfører. "
        f"{opening(REJECT)} og bed leverandøren om en rettet faktura; skal forskellen betales, så "
        f"{POST_BY_HAND} med linjebeløb, der tilsammen giver beløbet at betale. "
        f"Det, robotten ville have bogført:\n{plan}"
    )


def approval_note(total: Decimal, limit: Decimal, plan: str) -> str:
    return (
        f"{Code.ABOVE_APPROVAL_LIMIT.tag} Fakturaens beløb {kr(total)} er over "
        f"godkendelsesgrænsen på {kr(limit)}, så en person skal godkende den; robotten betaler "
        "den ikke, heller ikke hvis den sendes tilbage. Alt andet passer. Den, der må godkende "
        "beløbet, kontrollerer fakturaen og bogfører den i hånden som robotten ville have gjort "
        f"(økonomi: »Bogfør«); skal den ikke betales, så {REJECT}.\n{plan}"
    )


def sample_note(plan: str) -> str:
    return (
        f"{Code.SAMPLED_FOR_CONTROL.tag} Fakturaen er udtaget til stikprøvekontrol, så en person "
        "kan se, om robotten vælger rigtigt. Alt passer. Kontrollér den, og er du enig, så "
        f"{POST_BY_HAND} som robotten ville have gjort. Er du uenig, så bogfør den ikke: skriv "
        f"hvorfor ({NOTE}), og giv dem, der driver robotten, besked.\n{plan}"
    )


def _quoted(erp_message: str) -> str:
    """The ERP's words in »…«, ending the sentence once."""
    shown = free(" ".join(erp_message.split()), 300) or "ingen begrundelse"
    stop = "" if shown.endswith((".", "!", "?")) else "."
    return f"»{shown}«{stop}"


def psp_rejected_note(erp_message: str, rows: Sequence[str], plan: str) -> str:
    where = f" ({', '.join(rows)})" if rows else ""
    return (
        f"{Code.PSP_REJECTED.tag} ERP'et afviste bogføringen: {_quoted(erp_message)} Et "
        f"PSP-element er lukket eller findes ikke{where}, og intet er bogført. "
        f"{opening(FIX_SHEET)}, så rækken peger på et åbent PSP-element, og {SEND_BACK}; "
        f"eller {POST_BY_HAND} som robotten ville have gjort, men med det rigtige, åbne "
        f"PSP-element:\n{plan}"
    )


def posting_refused_note(erp_message: str, plan: str) -> str:
    return (
        f"{Code.POSTING_REFUSED.tag} ERP'et afviste robottens bogføring: {_quoted(erp_message)} "
        "Intet er bogført, og robotten prøver ikke igen af sig selv. Kan årsagen rettes (fx i "
        f"mappingarket eller i sagssystemet), så ret den og {SEND_BACK}; ellers {POST_BY_HAND} "
        f"som robotten ville have gjort, rettet som ERP'et kræver:\n{plan}"
    )


def repeated_failure_note(runs: int, error: str) -> str:
    shown = free(error, 300)
    return (
        f"{Code.REPEATED_FAILURE.tag} Robotten har forsøgt fakturaen i {runs} kørsler i træk og "
        "er hver gang stoppet med samme fejl, så nu skal en person tage den; intet er bogført. "
        f"Giv dem, der driver robotten, besked om fejlen. Er fejlen rettet, så {SEND_BACK}; "
        f"ellers {POST_BY_HAND} eller {REJECT}. Fejlen, til IT: »{shown}«"
    )
