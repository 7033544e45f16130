"""The note when invoice lines fail: each line's reason from its result and elimination trace,
what would make the robot pay it, and the posting for the lines that matched.

Never a CPR: a line is named by its number, a citizen by "borgeren på linje N".
"""

from __future__ import annotations

from collections.abc import Sequence

from robot.domain.codes import Code
from robot.domain.cpr_extraction import CprProblem, CprSource
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period, join_danish, paragraph_label
from robot.domain.matching import LineResult
from robot.domain.models import Grant, Invoice, Payment
from robot.domain.notes.actions import FIX_SHEET, POST_BY_HAND, REJECT, SEND_BACK, opening
from robot.domain.notes.elimination import elimination_text
from robot.domain.notes.postings import posting_for_unpaid_days, posting_text
from robot.domain.postings import Posting, line_text, payments_for, postings_for, remark_for
from robot.domain.psp import MappingRow

# The case system finds a citizen by CPR number only: a person who learns it (from the
# supplier, from the case) can find the grant and pay by hand; nobody can search by name.
_FIND_AND_POST = (
    "eller, kender I borgerens CPR-nummer (fx fra leverandøren), så søg borgeren frem i "
    "sagssystemet på CPR-nummeret, bogfør fakturaen i hånden (økonomi: »Bogfør«) og registrér "
    "betalingen på bevillingen (økonomi: »Registrér betaling«)"
)
# Lines the robot can never pay, whatever is fixed in the systems: sending them back is futile.
_UNFIXABLE = frozenset({Code.MISSING_CPR, Code.INVALID_CPR, Code.DUPLICATE_PAYMENT})
_WHERE = {
    CprSource.NOTE: "i linjens note",
    CprSource.ITEM_NAME: "i varenavnet",
    CprSource.ITEM_DESCRIPTION: "i varebeskrivelsen",
    CprSource.BUYER_REFERENCE: "i købers reference",
}


def lines_note(
    code: Code,
    lines: Sequence[LineResult],
    invoice: Invoice,
    *,
    supplier_has_plans: bool = False,
) -> str:
    """The note when lines failed: the line's own text, or each failing line on LINE_FAILED
    followed by the posting of the lines that matched."""
    cvr = invoice.supplier_cvr
    if (
        code is Code.MISSING_CPR
        and invoice.receiver_ean
        and (supplier_has_plans or len(lines) == 1)
    ):
        return _no_cpr_to_a_receiver(invoice, lines, supplier_has_plans=supplier_has_plans)
    if code is not Code.LINE_FAILED:
        if len(lines) == 1:
            return f"{code.tag} {explain_line(lines[0], supplier_cvr=cvr, invoice=invoice)}"
        return (
            f"{code.tag} Der står intet CPR-nummer på nogen af fakturaens {len(lines)} linjer "
            "eller i købers reference, så robotten kan ikke finde borgerne og betaler ikke "
            f"fakturaen, heller ikke hvis den sendes tilbage: {REJECT} og bed leverandøren om en "
            f"ny faktura med hver borgers CPR-nummer på sin linje; {_FIND_AND_POST}."
        )
    failing = [line for line in lines if line.code is not None]
    parts = [
        f"Linje {line.number}: {line.code.tag} {explain_line(line, supplier_cvr=cvr)}"
        for line in failing
        if line.code is not None
    ]
    hopeless = [line.number for line in failing if line.code in _UNFIXABLE]
    if hopeless:
        shown = join_danish([str(n) for n in hopeless])
        advice = (
            f"Linje {shown} kan robotten ikke betale, heller ikke hvis fakturaen sendes tilbage "
            f"(se hvorfor nedenfor), så {POST_BY_HAND}, eller {REJECT} og bed leverandøren om "
            "en rettet faktura."
        )
    else:
        advice = f"Ret hver linjes fejl som beskrevet og {SEND_BACK}, eller {POST_BY_HAND}."
    head = (
        f"{code.tag} Samlefakturaen har {len(lines)} linjer, og {len(failing)} af dem kan ikke "
        f"betales. Robotten betaler den kun, når alle linjer kan betales. {advice}"
    )
    matched = [line for line in lines if line.ok]
    if matched:
        parts.append(
            "De linjer, der passer, bogføres sådan:\n"
            + posting_text(
                postings_for(matched),
                remark_for(matched),
                payments_for(matched, invoice_ref=invoice.key),
            )
        )
    return "\n".join([head, *parts])


def _no_cpr_to_a_receiver(
    invoice: Invoice, lines: Sequence[LineResult], *, supplier_has_plans: bool
) -> str:
    """MISSING_CPR on an invoice to a receiving institution: a fixed cost with no citizen is
    paid by a payment plan once the sheet has one for the supplier and the receiver."""
    who = f"leverandør CVR {invoice.supplier_cvr} til modtager EAN {invoice.receiver_ean}"
    plans = (
        "Leverandøren har betalingsplaner for andre modtagere, men ingen for denne. "
        if supplier_has_plans
        else ""
    )
    where = "nogen af fakturaens linjer" if len(lines) > 1 else "fakturaen"
    return (
        f"{Code.MISSING_CPR.tag} Der står intet CPR-nummer på {where} eller i købers "
        f"reference, så robotten kan ikke betale den efter en bevilling. {plans}Er fakturaen en "
        "fast udgift uden en borger (fx leje af lokaler, rengøring, et abonnement), så bed den, "
        f"der vedligeholder mappingarket, tilføje en række i arket Betalingsplaner for {who} "
        f"(beløb, kadence, PSP-element), og {SEND_BACK}: så betaler robotten den. Gælder den en "
        f"borger, så {REJECT} og bed leverandøren om en ny faktura med borgerens CPR-nummer på "
        f"linjen; {_FIND_AND_POST}."
    )


def explain_line(line: LineResult, *, supplier_cvr: str, invoice: Invoice | None = None) -> str:
    """Why the line cannot be paid and what would fix it (without the leading code); with the
    invoice, also the posting a person would make by hand where a grant fits."""
    code = line.code
    if code is None:
        return f"Linje {line.number} kan betales."
    if code is Code.MISSING_CPR:
        return (
            f"Der står intet CPR-nummer på linje {line.number} eller i købers reference, så "
            "robotten kan ikke finde borgeren og betaler ikke linjen, heller ikke hvis fakturaen "
            f"sendes tilbage: {REJECT} og bed leverandøren om en ny faktura med borgerens "
            f"CPR-nummer på linjen; {_FIND_AND_POST}."
        )
    if code is Code.INVALID_CPR:
        return _invalid_cpr(line)
    if code is Code.CITIZEN_NOT_FOUND:
        return (
            f"CPR-nummeret på linje {line.number} ({_where(line)}) findes ikke som borger i "
            "sagssystemet, så robotten kan ikke finde en bevilling. Er det skrevet forkert, så "
            f"{REJECT} og bed leverandøren om en rettet faktura. Er det rigtigt, kan fakturaen "
            f"kun betales uden en betaling i sagssystemet: {POST_BY_HAND}."
        )
    if code in (Code.NO_PSP_MAPPING, Code.AMBIGUOUS_PSP_MAPPING):
        return _psp_text(line, invoice)
    if code is Code.DUPLICATE_PAYMENT:
        return _duplicate_payment(line, invoice)
    if line.elimination is not None:
        text = elimination_text(line.number, line.elimination, supplier_cvr=supplier_cvr)
        return text + _by_hand(line, invoice)
    return f"Linje {line.number} kan ikke betales ({code.value})."


def _by_hand(line: LineResult, invoice: Invoice | None) -> str:
    """The posting per candidate grant (an amount that differs, several that fit)."""
    if invoice is None or not line.candidates or line.period is None:
        return ""
    period = line.period
    rows = []
    for candidate in line.candidates:
        payment = Payment(
            grant_id=candidate.grant.grant_id,
            period_start=period.start,
            period_end=period.end,
            amount=line.amount,
            invoice_ref=invoice.key,
        )
        posting = Posting(
            line.number,
            candidate.grant.grant_id,
            candidate.psp or "",
            line.amount,
            line_text(candidate.grant, period),
        )
        remark = (
            f"{paragraph_label(candidate.grant.paragraph)} {candidate.grant.service} · "
            f"bevilling {candidate.grant.grant_id} · periode {format_period(period)}"
        )
        rows.append(
            f"På bevilling {candidate.grant.grant_id}:\n"
            + posting_text([posting], remark, [payment])
        )
    return "\nSkal fakturaen betales i hånden, så bogfør (økonomi):\n" + "\n".join(rows)


def _where(line: LineResult) -> str:
    return _WHERE[line.cpr.source] if line.cpr.source else "på linjen"


def _invalid_cpr(line: LineResult) -> str:
    n = line.number
    if line.cpr.problem is CprProblem.TWO_DIFFERENT:
        return (
            f"Linje {n} indeholder to forskellige CPR-numre ({_where(line)}), så robotten "
            f"kan ikke afgøre, hvilken borger linjen gælder: {REJECT} og bed leverandøren om en "
            f"ny faktura med én linje pr. borger, eller {POST_BY_HAND}."
        )
    why = (
        "fødselsdatoen ligger efter dags dato"
        if line.cpr.problem is CprProblem.BORN_AFTER_TODAY
        else "de første seks cifre er ikke en gyldig dato"
    )
    return (
        f"Linje {n} har et tal skrevet som et CPR-nummer ({_where(line)}), men {why}, så "
        f"robotten kan ikke finde borgeren: {REJECT} og bed leverandøren om en rettet faktura; "
        f"kan du se, hvem der menes (en tastefejl), så {POST_BY_HAND}."
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


def _psp_text(line: LineResult, invoice: Invoice | None) -> str:
    assert line.grant is not None
    assert line.period is not None
    grant, day = line.grant, format_date(line.period.start)
    where = f"bevilling {grant.grant_id} ({grant_key_text(grant)})"
    if line.code is Code.AMBIGUOUS_PSP_MAPPING:
        rows = join_danish([_row_text(row) for row in line.psp_rows])
        text = (
            f"Mappingarket har flere rækker for {where} gyldige {day}: {rows}, så robotten ved "
            f"ikke, hvilket PSP-element den skal bogføre på. {opening(FIX_SHEET)}, så "
            f"gyldighedsdatoerne i arket PSP giver én række ad gangen, og {SEND_BACK}; eller "
            f"{POST_BY_HAND} på det rigtige af PSP-elementerne."
        )
    else:
        text = (
            f"Mappingarket har ingen række for {where} gyldig {day} (linje {line.number}), så "
            "robotten ved ikke, hvilket PSP-element den skal bogføre på."
        )
        if line.other_psp_rows:
            text += (
                f" Nøglen findes, men {join_danish([_validity(r) for r in line.other_psp_rows])}."
            )
        if line.rejected_psp_rows:
            rows = join_danish([str(r) for r in line.rejected_psp_rows])
            text += (
                f" Arket har række {rows} for nøglen, men den kunne ikke bruges og skal rettes "
                "(se robot validate-mapping)."
            )
        text += (
            f" {opening(FIX_SHEET)}: tilføj eller ret rækken i arket PSP, og {SEND_BACK}; "
            f"eller {POST_BY_HAND}."
        )
    if invoice is None:
        return text
    psp = " eller ".join(dict.fromkeys(row.psp for row in line.psp_rows))
    posting = Posting(line.number, grant.grant_id, psp, line.amount, line_text(grant, line.period))
    lines_payments = payments_for([line], invoice_ref=invoice.key)
    return (
        f"{text}\nBevillingen passer; i hånden bogføres (økonomi, med det rigtige PSP-element "
        "for nøglen):\n" + posting_text([posting], remark_for([line]), lines_payments)
    )


def _duplicate_payment(line: LineResult, invoice: Invoice | None) -> str:
    assert line.grant is not None
    assert line.period is not None
    grant_id, period = line.grant.grant_id, format_period(line.period)
    if line.same_grant_lines:
        others = join_danish([f"linje {n}" for n in line.same_grant_lines])
        return (
            f"Linje {line.number} og {others} på samme faktura er begge matchet til bevilling "
            f"{grant_id} for overlappende perioder, så bevillingen ville blive betalt to gange: "
            f"{REJECT} og bed leverandøren om en rettet faktura, eller {POST_BY_HAND}."
        )
    paid = "; ".join(
        f"{format_period(p.period)}, {kr(p.amount)} (fakturareference {p.invoice_ref})"
        for p in line.paid_before
    )
    text = (
        f"Bevilling {grant_id} har allerede en registreret betaling, der overlapper perioden "
        f"{period} på linje {line.number}: {paid}. Er fakturaen en kopi af den betalte (sendt "
        f"igen, evt. under nyt nummer), så {REJECT} som dobbeltfakturering; dækker den noget, "
        f"der ikke er betalt, så {POST_BY_HAND}."
    )
    if invoice is None or len(line.psp_rows) != 1:
        return text
    posting = Posting(
        line.number, grant_id, line.psp_rows[0].psp, line.amount, line_text(line.grant, line.period)
    )
    by_hand = posting_for_unpaid_days(
        [posting], remark_for([line]), (), paid_grants=[grant_id], invoice_ref=invoice.key
    )
    return f"{text}\nI hånden bogføres (økonomi):\n{by_hand}"
