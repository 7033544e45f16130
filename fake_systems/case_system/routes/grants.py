"""A grant's page with its rates and payments, the register-payment form (robot, finance) and the
caseworkers' forms: Ret bevilling and Ny takst."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.case_system import grant_changes, ledger, store
from fake_systems.case_system.rates import grant_rates
from fake_systems.web.audit import audit_refusal
from fake_systems.web.deps import Conn, CsrfForm, Viewer, form_text, require
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import da_amount, da_date
from fake_systems.web.refusals import FormState, Refused
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

router = APIRouter()
_UNTOUCHED = FormState()
_PAYMENT_FIELDS = ("period_start", "period_end", "amount", "invoice_ref")
_EDIT_FIELDS = ("valid_from", "valid_to", "status")
_RATE_FIELDS = ("new_rate", "rate_from")
# SQLite's integer range: a larger id in the query is refused (422), never a 500.
RowId = Annotated[int, Query(ge=0, le=2**63 - 1)]
Done = Annotated[str, Query(max_length=20)]


def _confirmation(
    conn: sqlite3.Connection, grant_id: str, *, registered: int, done: str, rate_from: date | None
) -> str:
    if done == "edited":
        return "Bevillingen er opdateret."
    if done == "rate" and rate_from is not None:
        rate = dict(store.rate_changes(conn, grant_id=grant_id)).get(rate_from.isoformat())
        return f"Ny takst gemt: {da_amount(rate)} kr. fra {rate_from:%d.%m.%Y}." if rate else ""
    payment = store.get_payment(conn, payment_id=registered) if registered else None
    if payment is None or payment["grant_id"] != grant_id:
        return ""
    return (
        f"Betaling registreret: {da_date(payment['period_start'])}–"
        f"{da_date(payment['period_end'])}, {da_amount(payment['amount'])} kr.,"
        f" fakturareference {payment['invoice_ref']}."
    )


def _outside_validity(grant: sqlite3.Row, payments: list[sqlite3.Row]) -> list[sqlite3.Row]:
    """Payments registered for days outside the grant's validity (left by Ret bevilling)."""
    return [
        p
        for p in payments
        if p["period_start"] < grant["valid_from"]
        or (grant["valid_to"] is not None and p["period_end"] > grant["valid_to"])
    ]


def _page(
    request: Request,
    conn: sqlite3.Connection,
    grant_id: str,
    *,
    confirmation: str = "",
    state: FormState = _UNTOUCHED,
) -> Response:
    grant = store.get_grant(conn, grant_id=grant_id)
    if grant is None:
        raise NotFound(f"Bevilling {grant_id} findes ikke.")
    payments = store.grant_payments(conn, grant_id=grant_id)
    changes = store.rate_changes(conn, grant_id=grant_id)
    context = {
        "grant": grant,
        "rates": grant_rates(valid_from=grant["valid_from"], rate=grant["rate"], changes=changes),
        "payments": payments,
        "outside": _outside_validity(grant, payments),
        "confirmation": confirmation,
    }
    return render(request, "grant.html", context | state.context(), status_code=state.status_code)


@router.get("/grants/{grant_id}")
def grant_page(
    request: Request,
    conn: Conn,
    _: Viewer,
    grant_id: str,
    registered: RowId = 0,
    done: Done = "",
    rate_from: date | None = None,
) -> Response:
    confirmation = _confirmation(
        conn, grant_id, registered=registered, done=done, rate_from=rate_from
    )
    return _page(request, conn, grant_id, confirmation=confirmation)


@router.post("/grants/{grant_id}/payments")
def register_payment(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("register_payment"))],
    form: CsrfForm,
    grant_id: str,
) -> Response:
    values = {name: form_text(form, name) for name in _PAYMENT_FIELDS}
    try:
        payment = ledger.parse_payment(**values)
        payment_id = ledger.register_payment(
            conn, grant_id=grant_id, request=payment, username=session.user.username
        )
    except Refused as refused:
        audit_refusal(
            conn,
            username=session.user.username,
            action="payment",
            object_=grant_id,
            reasons=str(refused),
        )
        return _page(request, conn, grant_id, state=FormState("payment", refused, values))
    return RedirectResponse(f"/grants/{grant_id}?registered={payment_id}", status_code=303)


@router.post("/grants/{grant_id}/edit")
def edit_grant(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("edit_grant"))],
    form: CsrfForm,
    grant_id: str,
) -> Response:
    # A form without valid_from (an older client) leaves it as it is.
    values = {name: form_text(form, name) for name in _EDIT_FIELDS if name in form}
    try:
        grant_changes.edit_grant(
            conn,
            grant_id=grant_id,
            valid_from=values.get("valid_from"),
            valid_to=values.get("valid_to", ""),
            status=values.get("status", ""),
            username=session.user.username,
        )
    except Refused as refused:
        return _page(request, conn, grant_id, state=FormState("edit", refused, values))
    return RedirectResponse(f"/grants/{grant_id}?done=edited", status_code=303)


@router.post("/grants/{grant_id}/rates")
def add_rate(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("add_rate"))],
    form: CsrfForm,
    grant_id: str,
) -> Response:
    values = {name: form_text(form, name) for name in _RATE_FIELDS}
    try:
        starts = grant_changes.add_rate_change(
            conn, grant_id=grant_id, username=session.user.username, **values
        )
    except Refused as refused:
        return _page(request, conn, grant_id, state=FormState("rate", refused, values))
    return RedirectResponse(
        f"/grants/{grant_id}?done=rate&rate_from={starts.isoformat()}", status_code=303
    )
