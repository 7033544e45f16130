"""The notes of the payment-plan route: several plans, an amount outside the interval, a plan
that has paid in the cadence period already."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from robot.domain.codes import Code
from robot.domain.formatting import format_amount as kr
from robot.domain.formatting import format_date, format_period, join_danish
from robot.domain.models import Invoice, Period, PostedInvoice
from robot.domain.notes.actions import FIX_SHEET, POST_BY_HAND, REJECT, SEND_BACK
from robot.domain.notes.bounds import free
from robot.domain.notes.postings import posting_text
from robot.domain.plans import PlanRow

if TYPE_CHECKING:
    from robot.domain.decision import Decision


def _plan(row: PlanRow) -> str:
    return f"række {row.sheet_row} i arket Betalingsplaner, »{free(row.line_text, 60)}«"


_FIX_AMOUNTS = "bed den, der vedligeholder mappingarket, rette »Beløb fra« og »Beløb til« i rækken,"


def _who(invoice: Invoice) -> str:
    return f"leverandør CVR {invoice.supplier_cvr} til modtager EAN {invoice.receiver_ean}"


def _interval(row: PlanRow) -> str:
    upper = kr(row.amount_to) if row.amount_to is not None else "uden øvre grænse"
    return f"{kr(row.amount_from)}–{upper}"


def ambiguous_plan_note(invoice: Invoice, rows: Sequence[PlanRow], day: date) -> str:
    shown = join_danish(
        [f"række {row.sheet_row} (PSP {row.psp}, »{free(row.line_text, 60)}«)" for row in rows]
    )
    return (
        f"{Code.AMBIGUOUS_PLAN.tag} Mappingarkets betalingsplaner har flere rækker for "
        f"{_who(invoice)} gyldige {format_date(day)}: {shown}. Robotten kan ikke vælge: "
        f"{FIX_SHEET}, så kun én række gælder ad gangen (Gyldig fra/Gyldig til), og "
        f"{SEND_BACK}; eller {POST_BY_HAND} med den rigtige rækkes PSP-element. En "
        "betalingsplan registrerer intet i sagssystemet."
    )


def outside_range_note(invoice: Invoice, row: PlanRow, plan: Decision) -> str:
    return (
        f"{Code.PLAN_AMOUNT_OUTSIDE_RANGE.tag} Beløbet {kr(invoice.total)} ligger uden for "
        f"betalingsplanens interval {_interval(row)} ({_plan(row)}). Er beløbet rigtigt (fx "
        f"en ny husleje eller pris), så {_FIX_AMOUNTS} og "
        f"{SEND_BACK}; ellers {REJECT} og bed leverandøren om en rettet faktura. Skal den "
        f"betales i hånden, så bogfør (økonomi):\n{_plan_text(plan)}"
    )


def already_paid_note(
    invoice: Invoice,
    row: PlanRow,
    label: str,
    paid: Sequence[PostedInvoice],
    plan: Decision,
) -> str:
    earlier = "; ".join(
        f"faktura {free(p.invoice_number, 40)}"
        + (f" ({p.erp_id})" if p.erp_id else "")
        + (f", periode {format_period(_period(p))}" if p.period_start and p.period_end else "")
        + f", {kr(p.total)}"
        for p in paid[:5]
    )
    return (
        f"{Code.PLAN_ALREADY_PAID.tag} Betalingsplanen ({_plan(row)}) betaler højst én faktura "
        f"pr. {row.cadence.value}, og ERP'et har allerede bogført en fra {_who(invoice)} for "
        f"{label}: {earlier}{_stop(earlier)} Er denne faktura en kopi, så {REJECT}; skal den "
        "også betales "
        f"(fx en efterregning), så {POST_BY_HAND}:\n{_plan_text(plan)}"
    )


def _stop(text: str) -> str:
    """A full stop, unless the text ends with one already (``kr.``)."""
    return "" if text.endswith(".") else "."


def _period(posted: PostedInvoice) -> Period:
    assert posted.period_start is not None
    assert posted.period_end is not None
    return Period(posted.period_start, posted.period_end)


def _plan_text(plan: Decision) -> str:
    return (
        posting_text(plan.postings, plan.remark)
        + "\nEn betalingsplan registrerer intet i sagssystemet."
    )
