"""The notes of the certificate route: the citizen's CPR, and why no single open order of this
doctor's, at the agreed fee, could be paid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from robot.domain.codes import Code
from robot.domain.cpr_extraction import CprFinding, CprProblem
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, join_danish
from robot.domain.mapping_book import MappingBook
from robot.domain.models import Invoice, Order
from robot.domain.notes.actions import FIX_SHEET, POST_BY_HAND, REJECT, SEND_BACK, opening
from robot.domain.notes.postings import posting_text

if TYPE_CHECKING:
    from robot.domain.decision import Decision
    from robot.domain.orders import OrderElimination

CANCEL = "annullér den, der ikke skal bruges (»Annullér bestilling«)"
_STATUS = {"paid": "er allerede betalt", "cancelled": "er annulleret"}
# The case system finds a citizen by CPR number only: nobody can search by name.
_FIND_AND_POST = (
    "eller, kender I borgerens CPR-nummer (fx fra lægen), så søg borgeren frem i sagssystemet "
    "på CPR-nummeret, bogfør fakturaen i hånden (økonomi: »Bogfør«) og registrér betalingen på "
    "bestillingen (økonomi: »Registrér betaling«)"
)


def _order_action(doctor_cvr: str) -> str:
    """Registering the order in the case system, so that the robot finds it."""
    return (
        "bestil erklæringen på borgerens side i sagssystemet (»Bestil lægeerklæring«: Læge "
        f"(CVR) {doctor_cvr}, erklæringstypen og den dag, den blev bestilt)"
    )


def cpr_note(code: Code, finding: CprFinding | None) -> str:
    if code is Code.MISSING_CPR:
        text = (
            "Der står intet CPR-nummer på lægeerklæringsfakturaen (hverken på linjerne eller i "
            "købers reference), så robotten kan ikke finde borgerens bestilling og betaler ikke "
            f"fakturaen, heller ikke hvis den sendes tilbage: {REJECT} og bed lægen om en ny "
            f"faktura med borgerens CPR-nummer; {_FIND_AND_POST}."
        )
    elif code is Code.INVALID_CPR:
        two = finding is not None and finding.problem is CprProblem.TWO_DIFFERENT
        what = (
            "nævner to forskellige CPR-numre, men en lægeerklæring gælder én borger"
            if two
            else "har et tal skrevet som et CPR-nummer, som ikke er et gyldigt CPR-nummer"
        )
        text = (
            f"Fakturaen {what}, så robotten kan ikke finde borgerens bestilling: {REJECT} og "
            f"bed lægen om en rettet faktura; {_FIND_AND_POST}."
        )
    else:
        text = (
            "CPR-nummeret på fakturaen findes ikke som borger i sagssystemet, så robotten kan "
            f"ikke finde en bestilling. Er det skrevet forkert, så {REJECT} og bed lægen om en "
            f"rettet faktura; {_FIND_AND_POST}."
        )
    return f"{code.tag} {text}"


def certificate_note(
    code: Code,
    invoice: Invoice,
    trace: OrderElimination,
    book: MappingBook,
    alternatives: Sequence[Decision],
) -> str:
    if code is Code.NO_ORDER:
        text = _no_order(invoice, trace)
    elif code is Code.NO_CERTIFICATE_MAPPING:
        text = _no_mapping(trace, book)
    elif code is Code.FEE_OUTSIDE_RANGE:
        text = _fee(trace, book)
    else:
        orders = join_danish([_order(o) for o in trace.survivors])
        text = (
            f"Flere åbne bestillinger fra lægen passer på fakturaen: {orders}. Robotten kan ikke "
            f"vælge: {CANCEL}, og {SEND_BACK}; eller {POST_BY_HAND} på den rigtige bestilling."
        )
    postings = "\n".join(
        f"På bestilling {d.order_payments[0].order_id}:\n"
        + posting_text(d.postings, d.remark, order_payments=d.order_payments)
        for d in alternatives
        if d.order_payments
    )
    return f"{code.tag} {text}" + (
        f"\nI hånden bogføres (økonomi):\n{postings}" if postings else ""
    )


def _order(o: Order) -> str:
    return f"{o.order_id} ({o.certificate_type}, bestilt {format_date(o.ordered_on)})"


def _no_order(invoice: Invoice, trace: OrderElimination) -> str:
    last = trace.stages[-1]
    day = format_date(trace.invoice_date)
    order = _order_action(invoice.supplier_cvr)
    if not trace.stages[0].kept:
        return (
            "Borgeren har ingen bestillinger af lægeerklæringer i sagssystemet, så robotten har "
            "ingen bestilling at betale fakturaen efter. Er erklæringen bestilt uden om "
            f"sagssystemet, så {order} og {SEND_BACK}; er den ikke bestilt, så {REJECT}."
        )
    if last.stage.value == "doctor":
        others = join_danish([f"{o.order_id} (CVR {o.doctor_cvr})" for o in last.fallen[:5]])
        return (
            f"Borgerens bestillinger er hos andre læger end CVR {invoice.supplier_cvr}: "
            f"{others}, så robotten har ingen bestilling hos denne læge at betale fakturaen "
            "efter. Har denne læge lavet erklæringen i stedet, så annullér den gamle bestilling "
            f"(»Annullér bestilling«), {order} og {SEND_BACK}; ellers {REJECT}."
        )
    if last.stage.value == "open":
        shown = join_danish(
            [f"{o.order_id} {_STATUS.get(o.status, o.status)}" for o in last.fallen[:5]]
        )
        fixes = []
        if any(o.status == "paid" for o in last.fallen):
            fixes.append(
                f"Er fakturaen en kopi af en, der er betalt (sendt igen), så {REJECT}; er det en "
                f"ny erklæring, så {order} og {SEND_BACK}."
            )
        if any(o.status == "cancelled" for o in last.fallen):
            fixes.append(
                f"Er bestillingen annulleret ved en fejl, så {order} og {SEND_BACK}; "
                f"ellers {REJECT}."
            )
        return (
            f"Lægens bestilling til borgeren er ikke åben: {shown}, så robotten har ingen åben "
            f"bestilling at betale fakturaen efter. {' '.join(fixes)}"
        ).strip()
    shown = join_danish([_order(o) for o in last.fallen[:5]])
    return (
        f"Lægens åbne bestilling er bestilt efter fakturadatoen {day}: {shown}, og robotten "
        "betaler kun en erklæring, der var bestilt, da den blev faktureret. Er bestillingsdatoen "
        "forkert, så annullér bestillingen (»Annullér bestilling«), bestil erklæringen igen med "
        f"den rigtige dato i »Bestilt den« (»Bestil lægeerklæring«) og {SEND_BACK}; ellers "
        f"{REJECT}."
    )


def _no_mapping(trace: OrderElimination, book: MappingBook) -> str:
    day = format_date(trace.invoice_date)
    parts = []
    for certificate_type in sorted({o.certificate_type for o in trace.stages[-1].fallen}):
        rows = book.certificates.lookup(certificate_type, trace.invoice_date)
        if rows:
            shown = join_danish([f"række {row.sheet_row}" for row in rows])
            parts.append(f"flere rækker for {certificate_type} gyldige {day} ({shown})")
        else:
            parts.append(f"ingen række for {certificate_type} gyldig {day}")
    orders = join_danish([_order(o) for o in trace.stages[-1].fallen[:5]])
    return (
        f"Bestilling {orders} passer, men arket Lægeerklæringer har {join_danish(parts)}, "
        "så robotten kender hverken honoraret eller PSP-elementet. "
        f"{opening(FIX_SHEET)}, så arket har én række for typen, og {SEND_BACK}; eller "
        f"{POST_BY_HAND}."
    )


def _fee(trace: OrderElimination, book: MappingBook) -> str:
    parts = []
    for o in trace.stages[-1].fallen[:3]:
        rows = book.certificates.lookup(o.certificate_type, trace.invoice_date)
        if rows:
            row = rows[0]
            upper = kr(row.amount_to) if row.amount_to is not None else "uden øvre grænse"
            parts.append(
                f"{o.certificate_type} (bestilling {o.order_id}): {kr(row.amount_from)}–{upper}, "
                f"arket Lægeerklæringer række {row.sheet_row}"
            )
    return (
        f"Beløbet {kr(trace.amount)} ligger uden for det aftalte honorar: {'; '.join(parts)}. "
        "Er honoraret ændret, så bed den, der vedligeholder mappingarket, rette »Beløb fra« og "
        f"»Beløb til« i rækken, og {SEND_BACK}; "
        f"ellers {REJECT} og bed lægen om en rettet faktura."
    )
