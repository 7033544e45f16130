"""Danish explanations of a failed line, rendered from its result and elimination trace.

Never a CPR: a line is named by its number, a citizen by "borgeren på linje N".
"""

from __future__ import annotations

from robot.domain.codes import Code
from robot.domain.cpr_extraction import CprProblem, CprSource
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period, join_danish, paragraph_label
from robot.domain.matching import LineResult
from robot.domain.models import Grant
from robot.domain.psp import MappingRow
from robot.domain.reasons_text import elimination_text

_WHERE = {
    CprSource.NOTE: "i linjens note",
    CprSource.ITEM_NAME: "i varenavnet",
    CprSource.ITEM_DESCRIPTION: "i varebeskrivelsen",
    CprSource.BUYER_REFERENCE: "i købers reference",
}


def explain_line(line: LineResult, *, supplier_cvr: str) -> str:
    """Why the line cannot be paid and what would fix it (without the leading code)."""
    code = line.code
    if code is None:
        return f"Linje {line.number} kan betales."
    if code is Code.MISSING_CPR:
        return (
            f"Der står intet CPR-nummer på linje {line.number} eller i købers reference, så "
            "robotten kan ikke finde borgeren. Bed leverandøren skrive borgerens CPR-nummer "
            "på linjen, eller find borgeren og bogfør i hånden."
        )
    if code is Code.INVALID_CPR:
        return _invalid_cpr(line)
    if code is Code.CITIZEN_NOT_FOUND:
        return (
            f"CPR-nummeret på linje {line.number} ({_where(line)}) findes ikke som borger i "
            "sagssystemet. Kontrollér CPR-nummeret på fakturaen; er det rigtigt, skal "
            "borgeren og bevillingen oprettes i sagssystemet, før fakturaen kan betales."
        )
    if code in (Code.NO_PSP_MAPPING, Code.AMBIGUOUS_PSP_MAPPING):
        return _psp_text(line)
    if code is Code.DUPLICATE_PAYMENT:
        return _duplicate_payment(line)
    if line.elimination is not None:
        return elimination_text(line.number, line.elimination, supplier_cvr=supplier_cvr)
    return f"Linje {line.number} kan ikke betales ({code.value})."


def _where(line: LineResult) -> str:
    return _WHERE[line.cpr.source] if line.cpr.source else "på linjen"


def _invalid_cpr(line: LineResult) -> str:
    n = line.number
    if line.cpr.problem is CprProblem.TWO_DIFFERENT:
        return (
            f"Linje {n} indeholder to forskellige CPR-numre ({_where(line)}), så robotten "
            "kan ikke afgøre, hvilken borger linjen gælder. Bed leverandøren om én linje pr. "
            "borger, eller bogfør i hånden."
        )
    why = (
        "fødselsdatoen ligger efter dags dato"
        if line.cpr.problem is CprProblem.BORN_AFTER_TODAY
        else "de første seks cifre er ikke en gyldig dato"
    )
    return (
        f"Linje {n} har et tal skrevet som et CPR-nummer ({_where(line)}), men {why}. "
        "Kontrollér CPR-nummeret med leverandøren, og bed om en rettet faktura, eller "
        "bogfør i hånden."
    )


def grant_key_text(grant: Grant) -> str:
    """``§107, art 4.0, Privat, Udviklingshæmmede``: the key people look for in the sheet."""
    return (
        f"{paragraph_label(grant.paragraph)}, art {grant.art}, {grant.ownership}, "
        f"{grant.target_group}"
    )


def _row_text(row: MappingRow) -> str:
    return f"række {row.sheet_row} ({row.psp})"


def _validity(row: MappingRow) -> str:
    start = format_date(row.valid_from) if row.valid_from else "altid"
    end = format_date(row.valid_to) if row.valid_to else "uden slutdato"
    return f"række {row.sheet_row} gælder {start}–{end}"


def _psp_text(line: LineResult) -> str:
    assert line.grant is not None
    assert line.period is not None
    grant, day = line.grant, format_date(line.period.start)
    where = f"bevilling {grant.grant_id} ({grant_key_text(grant)})"
    if line.code is Code.AMBIGUOUS_PSP_MAPPING:
        rows = join_danish([_row_text(row) for row in line.psp_rows])
        return (
            f"Mappingarket har flere rækker for {where} gyldige {day}: {rows}. Bed den, der "
            "vedligeholder mappingarket, rette gyldighedsdatoerne i arket PSP, så kun én række "
            "gælder ad gangen; bogfør derefter fakturaen i hånden."
        )
    text = f"Mappingarket har ingen række for {where} gyldig {day} (linje {line.number})."
    if line.other_psp_rows:
        text += f" Nøglen findes, men {join_danish([_validity(r) for r in line.other_psp_rows])}."
    if line.rejected_psp_rows:
        rows = join_danish([str(r) for r in line.rejected_psp_rows])
        text += (
            f" Arket har række {rows} for nøglen, men den kunne ikke bruges og skal rettes "
            "(se robot validate-mapping)."
        )
    return text + (
        " Bed den, der vedligeholder mappingarket, tilføje eller rette rækken i arket PSP; "
        "bogfør derefter fakturaen i hånden."
    )


def _duplicate_payment(line: LineResult) -> str:
    assert line.grant is not None
    assert line.period is not None
    grant_id, period = line.grant.grant_id, format_period(line.period)
    if line.same_grant_lines:
        others = join_danish([f"linje {n}" for n in line.same_grant_lines])
        return (
            f"Linje {line.number} og {others} på samme faktura er begge matchet til bevilling "
            f"{grant_id} for overlappende perioder, så bevillingen ville blive betalt to gange. "
            "Bed leverandøren om en rettet faktura, eller bogfør i hånden."
        )
    paid = "; ".join(
        f"{format_period(p.period)}, {kr(p.amount)} (faktura {p.invoice_ref})"
        for p in line.paid_before
    )
    return (
        f"Bevilling {grant_id} har allerede en registreret betaling, der overlapper perioden "
        f"{period} på linje {line.number}: {paid}. Kontrollér, om fakturaen er betalt før; "
        "er den, så afvis den som dobbeltfakturering, ellers ret den registrerede betaling."
    )
