"""The whole note on an invoice sent to manual handling: ``[CODE]`` then plain Danish."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from robot.domain.codes import Code
from robot.domain.controls import DocumentFailure, LinePeriodProblem, PeriodProblem
from robot.domain.cpr_extraction import mask_cprs
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period
from robot.domain.identifiers import CvrProblem, is_valid_cvr
from robot.domain.matching import LineResult
from robot.domain.models import Invoice, Payment
from robot.domain.postings import Posting
from robot.domain.texts import explain_line

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
    name = mask_cprs(invoice.supplier_name.strip()) or "leverandøren"
    return f"{name} (CVR {invoice.supplier_cvr})" if is_valid_cvr(invoice.supplier_cvr) else name


def document_note(failure: DocumentFailure, invoice: Invoice, *, today: date) -> str:
    code, number = failure.code, mask_cprs(invoice.invoice_number)
    if code is Code.CREDIT_NOTE and invoice.doc_type != "credit_note":
        text = (
            f"Faktura {number} fra {supplier_text(invoice)} har et negativt beløb at betale "
            f"({kr(invoice.total)}), så den er i praksis en kreditnota. Kreditnotaer behandles "
            "i hånden: find den faktura, den krediterer, og modregn den."
        )
    elif code is Code.CREDIT_NOTE:
        text = (
            f"Dokument {number} fra {supplier_text(invoice)} er en kreditnota. Kreditnotaer "
            "behandles i hånden: find den faktura, den krediterer, og modregn den."
        )
    elif code is Code.CURRENCY_NOT_DKK:
        currency = f"i {mask_cprs(failure.currency)}" if failure.currency else "uden valuta"
        text = (
            f"Fakturaen er {currency}, ikke i danske kroner (DKK). Robotten betaler kun "
            "fakturaer i DKK: bed leverandøren om en faktura i DKK, eller bogfør i hånden."
        )
    elif code is Code.INVALID_CVR:
        assert failure.cvr_problem is not None
        text = (
            f"{_CVR_TEXT[failure.cvr_problem]}, så den kan ikke knyttes til en leverandør. "
            "Bed leverandøren sende fakturaen igen med sit rigtige CVR-nummer."
        )
    elif code is Code.PERIOD_NOT_PAYABLE:
        problems = " ".join(f"{_period_text(p, today)}." for p in failure.period_problems)
        text = f"Fakturaens periode kan ikke betales. {problems}"
    else:
        text = (
            f"Faktura {number} fra {supplier_text(invoice)} er allerede bogført. Den er "
            "sandsynligvis sendt igen: sammenlign med den bogførte faktura, og afvis denne, "
            "hvis den er en kopi."
        )
    return f"{code.tag} {text}"


def _period_text(found: LinePeriodProblem, today: date) -> str:
    where, period = f"Linje {found.line_number}", found.period
    if found.problem is PeriodProblem.MISSING or period is None:
        return f"{where} har ingen periode; bed leverandøren om en faktura med periode"
    shown = format_period(period)
    if found.problem is PeriodProblem.ENDS_BEFORE_START:
        return f"{where}: perioden {shown} slutter, før den begynder; bed om en rettet faktura"
    if found.problem is PeriodProblem.IN_FUTURE:
        return (
            f"{where}: perioden {shown} ligger i fremtiden (begynder efter {format_date(today)}); "
            "betal den, når perioden er begyndt"
        )
    return (
        f"{where}: perioden {shown} går over nytår (1. januar); bed leverandøren om én "
        "faktura pr. regnskabsår"
    )


def lines_note(code: Code, lines: Sequence[LineResult], invoice: Invoice) -> str:
    """The note when lines failed: the line's own text, or each failing line on LINE_FAILED."""
    cvr = invoice.supplier_cvr
    if code is not Code.LINE_FAILED:
        if len(lines) == 1:
            return f"{code.tag} {explain_line(lines[0], supplier_cvr=cvr)}"
        return (
            f"{code.tag} Der står intet CPR-nummer på nogen af fakturaens {len(lines)} linjer "
            "eller i købers reference, så robotten kan ikke finde borgerne. Bed leverandøren "
            "skrive hver borgers CPR-nummer på sin linje, eller bogfør i hånden."
        )
    failing = [line for line in lines if line.code is not None]
    parts = [
        f"Linje {line.number}: {line.code.tag} {explain_line(line, supplier_cvr=cvr)}"
        for line in failing
        if line.code is not None
    ]
    head = (
        f"{code.tag} Samlefakturaen har {len(lines)} linjer, og {len(failing)} af dem kan ikke "
        "betales. Den betales kun, når alle linjer kan betales: ret hver linjes fejl, eller "
        "bogfør fakturaen i hånden."
    )
    return "\n".join([head, *parts])


def plan_text(postings: Sequence[Posting], remark: str, payments: Sequence[Payment]) -> str:
    """The posting the robot would have made, so manual work is quick."""
    rows = [
        f"linje {p.line_number}: PSP {p.psp}, {kr(p.amount)}, tekst »{p.text}«" for p in postings
    ]
    registered = "; ".join(
        f"{p.grant_id}, {format_period(p.period)}, {kr(p.amount)}" for p in payments
    )
    return "\n".join(
        [*rows, f"Bemærkning: »{remark}«", f"Registrér derefter betalingen: {registered}"]
    )


def total_mismatch_note(lines_sum: Decimal, total: Decimal, plan: str) -> str:
    return (
        f"{Code.AMOUNT_MISMATCH.tag} Fakturaens linjer giver i alt {kr(lines_sum)}, men "
        f"beløbet at betale er {kr(total)}; forskellen kan være moms, et gebyr, en rabat eller "
        "en fejl. Hver linje passer med sin bevilling, men robotten betaler kun, når linjerne "
        "tilsammen giver beløbet at betale. Bed leverandøren om en rettet faktura. Det "
        f"robotten ville have bogført:\n{plan}"
    )


def approval_note(total: Decimal, limit: Decimal, plan: str) -> str:
    return (
        f"{Code.ABOVE_APPROVAL_LIMIT.tag} Fakturaens beløb {kr(total)} er over "
        f"godkendelsesgrænsen på {kr(limit)}, så en person skal godkende den. Alle linjer "
        "passer med en bevilling; godkend og bogfør i hånden som robotten ville have gjort:\n"
        f"{plan}"
    )


def sample_note(plan: str) -> str:
    return (
        f"{Code.SAMPLED_FOR_CONTROL.tag} Fakturaen er udtaget til stikprøvekontrol. Alle "
        "linjer passer med en bevilling; kontrollér den, og bogfør i hånden som robotten "
        f"ville have gjort:\n{plan}"
    )


def psp_rejected_note(erp_message: str, rows: Sequence[str], plan: str) -> str:
    shown = mask_cprs(" ".join(erp_message.split())) or "ingen begrundelse"
    stop = "" if shown.endswith((".", "!", "?")) else "."
    return (
        f"{Code.PSP_REJECTED.tag} ERP'et afviste bogføringen: »{shown}«{stop} Et PSP-element er "
        f"lukket eller findes ikke ({', '.join(rows)}). Bed den, der vedligeholder "
        "mappingarket, rette rækken, eller få PSP-elementet genåbnet i ERP'et; bogfør derefter "
        f"i hånden som robotten ville have gjort:\n{plan}"
    )
