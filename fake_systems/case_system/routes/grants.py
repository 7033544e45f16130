"""A grant's page with its payments, the register-payment form and the caseworkers' edit form."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.case_system import ledger, store
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


def _confirmation(conn: sqlite3.Connection, grant_id: str, registered: int, done: str) -> str:
    if done == "edited":
        return "Bevillingen er opdateret."
    payment = store.get_payment(conn, payment_id=registered) if registered else None
    if payment is None or payment["grant_id"] != grant_id:
        return ""
    return (
        f"Betaling registreret: {da_date(payment['period_start'])}–"
        f"{da_date(payment['period_end'])}, {da_amount(payment['amount'])} kr.,"
        f" fakturareference {payment['invoice_ref']}."
    )


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
    context = {"grant": grant, "payments": payments, "confirmation": confirmation}
    return render(request, "grant.html", context | state.context(), status_code=state.status_code)


@router.get("/grants/{grant_id}")
def grant_page(
    request: Request,
    conn: Conn,
    _: Viewer,
    grant_id: str,
    registered: int = 0,
    done: str = "",
) -> Response:
    confirmation = _confirmation(conn, grant_id, registered, done)
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
    values = {name: form_text(form, name) for name in ("valid_to", "status")}
    try:
        ledger.edit_grant(conn, grant_id=grant_id, username=session.user.username, **values)
    except Refused as refused:
        return _page(request, conn, grant_id, state=FormState("edit", refused, values))
    return RedirectResponse(f"/grants/{grant_id}?done=edited", status_code=303)
