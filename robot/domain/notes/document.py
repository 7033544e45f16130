"""The note when a document check fails: credit note, document type, currency, CVR, invoice
number, period, duplicate invoice."""

from __future__ import annotations

from datetime import date

from robot.domain.codes import Code
from robot.domain.controls import (
    MAX_INVOICE_REFERENCE,
    TYPE_NAMES,
    DocumentFailure,
    LinePeriodProblem,
    NumberProblem,
    PeriodProblem,
)
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period
from robot.domain.identifiers import CvrProblem, is_valid_cvr
from robot.domain.models import Invoice
from robot.domain.notes.actions import POST_BY_HAND, REJECT, SEND_BACK
from robot.domain.notes.bounds import free

_CVR_TEXT = {
    CvrProblem.MISSING: "Fakturaen har intet CVR-nummer for leverandøren",
    CvrProblem.MALFORMED: (
        "Leverandørens CVR-nummer på fakturaen er ikke 8 cifre (med andet end 0 først)"
    ),
    CvrProblem.CHECKSUM: (
        "Leverandørens CVR-nummer på fakturaen er ugyldigt (kontrolcifferet passer ikke)"
    ),
}


def supplier_text(invoice: Invoice) -> str:
    """The supplier by name and CVR; the number only when it is a CVR (never a CPR)."""
    name = free(invoice.supplier_name.strip()) or "leverandøren"
    return f"{name} (CVR {invoice.supplier_cvr})" if is_valid_cvr(invoice.supplier_cvr) else name


def document_note(failure: DocumentFailure, invoice: Invoice, *, today: date) -> str:
    code, number = failure.code, free(invoice.invoice_number)
    if code is Code.CREDIT_NOTE:
        text = _credit_text(invoice, number, failure.type_code)
    elif code is Code.DOCUMENT_TYPE_NOT_PAYABLE:
        kind = TYPE_NAMES.get(failure.type_code, "et dokument af en anden type")
        text = (
            f"Dokument {number} fra {supplier_text(invoice)} er {kind} (typekode "
            f"{free(failure.type_code, 20)}), ikke en almindelig faktura (typekode 380), og "
            "robotten betaler kun almindelige fakturaer, også hvis det sendes tilbage. Skal det "
            f"ikke betales, så {REJECT}. Skal det betales, så {REJECT} og bed leverandøren om en "
            f"almindelig faktura, eller {POST_BY_HAND}."
        )
    elif code is Code.CURRENCY_NOT_DKK:
        currency = f"i {free(failure.currency, 10)}" if failure.currency else "uden valuta"
        text = (
            f"Fakturaen er {currency}, ikke i danske kroner (DKK), og robotten betaler kun "
            f"fakturaer i DKK: {REJECT} og bed leverandøren om en faktura i DKK, eller "
            f"{POST_BY_HAND}."
        )
    elif code is Code.INVALID_CVR:
        assert failure.cvr_problem is not None
        text = (
            f"{_CVR_TEXT[failure.cvr_problem]}, så den kan ikke knyttes til en leverandør, og "
            f"robotten betaler den ikke: {REJECT} og bed leverandøren sende den igen med sit "
            "rigtige CVR-nummer."
        )
    elif code is Code.INVALID_INVOICE_NUMBER:
        text = _number_text(invoice, failure.number_problem)
    elif code is Code.PERIOD_NOT_PAYABLE:
        problems = " ".join(f"{_period_text(p, today)}." for p in failure.period_problems)
        text = f"Fakturaens periode kan ikke betales. {problems}"
    else:
        text = (
            f"Faktura {number} fra {supplier_text(invoice)} er allerede bogført, og ERP'et "
            "bogfører ikke samme leverandør og fakturanummer to gange. Den er sandsynligvis sendt "
            f"igen: sammenlign med den bogførte faktura, og er den en kopi, så {REJECT}. Er det "
            "en anden faktura med samme nummer, så afvis den også, og bed leverandøren sende den "
            "igen med et nyt fakturanummer."
        )
    return f"{code.tag} {text}"


def _credit_text(invoice: Invoice, number: str, type_code: str) -> str:
    who = supplier_text(invoice)
    if invoice.doc_type != "credit_note" and invoice.total < 0:
        return (
            f"Faktura {number} fra {who} har et negativt beløb at betale "
            f"({kr(invoice.total)}), så den er i praksis en kreditnota, og robotten betaler den "
            "ikke. Find den faktura, den krediterer, og bogfør den i hånden med de negative "
            "beløb på samme PSP-elementer (økonomi: »Bogfør«); eller "
            f"{REJECT} og bed leverandøren om en kreditnota."
        )
    how = f" (typekode {free(type_code, 20)})" if invoice.doc_type != "credit_note" else ""
    return (
        f"Dokument {number} fra {who} er en kreditnota{how}. Robotten bogfører aldrig "
        "kreditnotaer, så send den ikke tilbage: find den faktura, den krediterer, og bogfør "
        "kreditnotaen i hånden på samme PSP-elementer med beløbene, som de står på "
        "kreditnotaen (økonomi: »Bogfør«; ERP'et bogfører den som en kreditering). Skal den "
        f"ikke bogføres, så {REJECT} med en begrundelse."
    )


def _number_text(invoice: Invoice, problem: NumberProblem | None) -> str:
    if problem is NumberProblem.CONTROL_CHARACTERS:
        what = "Fakturanummeret indeholder usynlige kontroltegn"
        wanted = "et fakturanummer uden kontroltegn"
    else:
        what = (
            f"Fakturanummeret er {len(invoice.invoice_number)} tegn langt, og sagssystemet tager "
            f"højst {MAX_INVOICE_REFERENCE} tegn i betalingens fakturareference (CVR/nummer)"
        )
        wanted = "et kortere fakturanummer"
    return (
        f"{what}, så robotten kan ikke registrere betalingen efter bogføringen og betaler den "
        f"ikke: {REJECT} og bed leverandøren om en faktura med {wanted}; eller {POST_BY_HAND} "
        "og registrér betalingen på bevillingen eller bestillingen med en forkortet "
        "fakturareference (økonomi: »Registrér betaling«)."
    )


def _period_text(found: LinePeriodProblem, today: date) -> str:
    where = f"Linje {found.line_number}" if found.line_number else "Fakturaen"
    period = found.period
    if found.problem is PeriodProblem.NOT_ONE_MONTH and period is None:
        return (
            f"{where} har ingen periode og nævner ikke præcis én måned i sine linjer, og husleje "
            f"betales én måned ad gangen; {REJECT} og bed udlejeren om en faktura for én måned"
        )
    if found.problem is PeriodProblem.MISSING or period is None:
        return (
            f"{where} har ingen periode (og ingen fakturadato); {REJECT} og bed leverandøren om "
            "en faktura med periode"
        )
    shown = format_period(period)
    if found.problem is PeriodProblem.ENDS_BEFORE_START:
        return (
            f"{where}: perioden {shown} slutter, før den begynder; {REJECT} og bed leverandøren "
            "om en rettet faktura"
        )
    if found.problem is PeriodProblem.NOT_ONE_MONTH:
        return (
            f"{where}: perioden {shown} er ikke præcis én kalendermåned, og husleje betales én "
            f"måned ad gangen; {REJECT} og bed udlejeren om en faktura pr. måned"
        )
    if found.problem is PeriodProblem.IN_FUTURE:
        return (
            f"{where}: perioden {shown} ligger i fremtiden (begynder efter {format_date(today)}); "
            f"{SEND_BACK}, når perioden er begyndt, så betaler robotten den, hvis alt andet passer"
        )
    return (
        f"{where}: perioden {shown} går over nytår (1. januar), og en postering kan ikke deles "
        f"mellem to regnskabsår; {REJECT} og bed leverandøren om én faktura pr. regnskabsår"
    )
