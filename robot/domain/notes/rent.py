"""The notes of the rent route: why a landlord's invoice for a citizen's rent was not paid, and
what a person can do in which system (the mapping sheet, the benefits system, the ERP) to have
it paid. Nobody can undo a payout that has gone out, so no note proposes it."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from robot.domain.benefits import Deduction, Payout, RentAgreement
from robot.domain.codes import Code
from robot.domain.cpr_extraction import CprFinding, CprProblem
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, join_danish
from robot.domain.landlords import LandlordTable
from robot.domain.models import Invoice
from robot.domain.notes.actions import FIX_SHEET, POST_BY_HAND, REJECT, SEND_BACK, opening
from robot.domain.notes.bounds import free
from robot.domain.notes.postings import decision_posting_text
from robot.domain.rent_check import RentCheck

if TYPE_CHECKING:
    from robot.domain.decision import Decision

NEW_AGREEMENT = (
    "bed jobcenteret oprette aftalen i ydelsessystemet (»Ny huslejeaftale« på borgerens side)"
)
DEDUCT_BY_HAND = "registrér trækket i ydelsessystemet (»Registrér træk« på udbetalingen)"


def _month(check: RentCheck) -> str:
    start = check.month.start
    return f"{start.month:02d}.{start.year}"


def _landlord(invoice: Invoice) -> str:
    name = free(invoice.supplier_name, 60)
    return f"udlejer {name} (CVR {invoice.supplier_cvr})" if name else f"CVR {invoice.supplier_cvr}"


def landlord(invoice: Invoice, check: RentCheck, table: LandlordTable) -> str:
    rows = check.landlords
    if len(rows) > 1:
        shown = join_danish([f"række {r.sheet_row}" for r in rows])
        why = (
            f"Arket Udlejere har flere rækker for {_landlord(invoice)}, der gælder "
            f"{format_date(check.month.start)} ({shown}), så robotten ved ikke, hvilket "
            f"PSP-element huslejen skal bogføres på. {FIX_SHEET}, så kun én række gælder ad gangen"
        )
    elif table.rows_for(invoice.supplier_cvr) or table.rejected_rows(invoice.supplier_cvr):
        why = (
            f"{opening(_landlord(invoice))} står i arket Udlejere, men ingen brugbar række "
            f"gælder for {_month(check)} (se Gyldig fra/Gyldig til og valideringsrapporten). "
            f"Er udlejeren godkendt i måneden, så {FIX_SHEET}"
        )
    else:
        why = (
            f"{opening(_landlord(invoice))} er ikke en godkendt udlejer i arket Udlejere, "
            "så robotten betaler ikke husleje til den. Er udlejeren godkendt, så bed den, der "
            "vedligeholder mappingarket, tilføje udlejeren i arket Udlejere (CVR, navn, "
            "PSP-element)"
        )
    return (
        f"{Code.LANDLORD_NOT_APPROVED.tag} {why}, og {SEND_BACK}. Er fakturaen ikke en husleje, "
        f"som kommunen betaler, så {REJECT}."
    )


def cpr(code: Code, finding: CprFinding | None) -> str:
    if code is Code.MISSING_CPR:
        text = (
            "Der står intet CPR-nummer på huslejefakturaen (hverken på linjerne eller i købers "
            "reference), så robotten kan ikke finde lejerens huslejeaftale og betaler den ikke, "
            f"heller ikke hvis den sendes tilbage: {REJECT} og bed udlejeren sende den igen med "
            f"lejerens CPR-nummer; eller {POST_BY_HAND}, når jobcenteret har registreret "
            "trækket i ydelsessystemet (»Registrér træk«)"
        )
    elif code is Code.INVALID_CPR:
        two = finding is not None and finding.problem is CprProblem.TWO_DIFFERENT
        what = (
            "nævner to forskellige CPR-numre, men en husleje gælder én lejer"
            if two
            else "har et tal skrevet som et CPR-nummer, som ikke er et gyldigt CPR-nummer"
        )
        text = (
            f"Fakturaen {what}, så robotten kan ikke finde lejerens huslejeaftale: {REJECT} og "
            f"bed udlejeren om en rettet faktura; eller {POST_BY_HAND}"
        )
    else:
        text = (
            "CPR-nummeret på fakturaen findes ikke som borger i ydelsessystemet, så kommunen "
            "administrerer ikke borgerens husleje (eller nummeret er skrevet forkert). Er det "
            f"skrevet forkert, så {REJECT} og bed udlejeren om en rettet faktura; ellers afklar "
            "med jobcenteret, om huslejen skal betales"
        )
    return f"{code.tag} {text}."


def no_agreement(invoice: Invoice, check: RentCheck) -> str:
    if check.with_landlord:
        shown = join_danish([_agreement(a) for a in check.with_landlord])
        why = (
            f"Borgerens huslejeaftaler med {_landlord(invoice)} dækker ikke hele {_month(check)}"
            f": {shown}"
        )
    else:
        why = f"Borgeren har ingen huslejeaftale med {_landlord(invoice)} i ydelsessystemet"
    return (
        f"{Code.NO_RENT_AGREEMENT.tag} {why}, så robotten trækker og betaler ikke huslejen. "
        f"Skal kommunen betale huslejen for {_month(check)}, så {NEW_AGREEMENT}, og "
        f"{SEND_BACK}; ellers {REJECT}."
    )


def ambiguous(invoice: Invoice, check: RentCheck) -> str:
    shown = join_danish([_agreement(a) for a in check.covering])
    return (
        f"{Code.AMBIGUOUS_RENT_AGREEMENT.tag} Borgeren har flere huslejeaftaler med "
        f"{_landlord(invoice)}, der dækker {_month(check)}: {shown}. Robotten kan ikke vælge: "
        "afslut den aftale, der ikke gælder, i ydelsessystemet (»Afslut aftale«), og "
        f"{SEND_BACK}."
    )


def already_paid(check: RentCheck, found: Deduction) -> str:
    return (
        f"{Code.RENT_ALREADY_PAID.tag} Huslejen for aftale {found.agreement_id} for "
        f"{_month(check)} er allerede trukket i borgerens udbetaling {found.payout_id} "
        f"({kr(found.amount)}, fakturareference {free(found.invoice_ref, 120)}), så den ville "
        f"blive betalt to gange. Er denne faktura en kopi (sendt igen, evt. under nyt nummer), "
        f"så {REJECT}."
    )


def deviation(invoice: Invoice, check: RentCheck, agreement: RentAgreement, plan: Decision) -> str:
    assert check.reference is not None
    assert check.deviation_pct is not None
    row = check.landlords[0]
    against = (
        f"sidste træk ({check.reference_month.month:02d}.{check.reference_month.year}: "
        f"{kr(check.reference)})"
        if check.reference_month is not None
        else f"aftalens husleje ({kr(check.reference)})"
    )
    share = f"{check.deviation_pct.quantize(_TENTH)} %".replace(".", ",")
    allowed = f"{row.allowed_deviation.normalize():f} %".replace(".", ",")
    posting = _posting(plan)
    return (
        f"{Code.RENT_DEVIATION.tag} Beløbet {kr(invoice.total)} afviger {share} fra {against} "
        f"under aftale {agreement.agreement_id}, og udlejerens række i arket Udlejere (række "
        f"{row.sheet_row}) tillader højst {allowed}. Er den nye husleje rigtig, så "
        f"{DEDUCT_BY_HAND} og {POST_BY_HAND}; næste måned sammenligner robotten med det nye "
        f"beløb. Er den forkert, så {REJECT} og bed udlejeren om en rettet faktura.\n{posting}"
    )


def no_payout(check: RentCheck, agreement: RentAgreement) -> str:
    paid = [p for p in check.payouts if p.status != "planlagt"]
    if paid:
        why = (
            f"Borgerens udbetaling for {_month(check)} ({paid[0].payout_id}) er allerede gået "
            "ud, så huslejen kan ikke trækkes i den"
        )
    else:
        why = (
            f"Borgeren har ingen planlagt udbetaling for {_month(check)} i ydelsessystemet "
            "(ydelsen er stoppet eller ikke bevilget for måneden), så huslejen kan ikke trækkes"
        )
    return (
        f"{Code.NO_PAYOUT_FOR_MONTH.tag} {why} (aftale {agreement.agreement_id}). En udbetaling, "
        "der er gået ud, kan ikke ændres. Afklar med jobcenteret, hvordan huslejen skal betales "
        f"og trækkes; skal den betales alligevel, så {POST_BY_HAND}, ellers {REJECT}."
    )


def too_small(invoice: Invoice, check: RentCheck, payout: Payout, plan: Decision) -> str:
    posting = _posting(plan)
    return (
        f"{Code.BENEFIT_TOO_SMALL.tag} Der er kun {kr(payout.left)} tilbage i borgerens "
        f"udbetaling {payout.payout_id} for {_month(check)} efter tidligere træk, og huslejen er "
        f"{kr(invoice.total)}, så robotten kan ikke trække den. Afklar med jobcenteret, hvordan "
        f"huslejen skal betales; skal den betales og delvist trækkes, så {POST_BY_HAND}, ellers "
        f"{REJECT}.\n{posting}"
    )


def _agreement(agreement: RentAgreement) -> str:
    until = format_date(agreement.valid_to) if agreement.valid_to else "løbende"
    return (
        f"{agreement.agreement_id} ({free(agreement.address, 60)}, "
        f"{format_date(agreement.valid_from)}–{until})"
    )


def _posting(plan: Decision) -> str:
    return "Posteringen, robotten ville have lavet:\n" + decision_posting_text(plan)


_TENTH = Decimal("0.1")
