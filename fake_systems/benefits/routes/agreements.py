"""A rent agreement's page with its deductions by month, and the caseworkers' forms: Ny
huslejeaftale (on the citizen page) and Afslut aftale."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.benefits import agreements, store
from fake_systems.benefits.routes.citizens import citizen_page
from fake_systems.web.audit import audit_refusal
from fake_systems.web.cpr import normalise_cpr
from fake_systems.web.deps import Conn, CsrfForm, Viewer, form_text, require
from fake_systems.web.errors import NotFound
from fake_systems.web.refusals import FormState, Refused
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

router = APIRouter()
_UNTOUCHED = FormState()
_AGREEMENT_FIELDS = (
    "landlord_cvr",
    "landlord_name",
    "address",
    "rent",
    "valid_from",
    "valid_to",
)
_CONFIRMATIONS = {"created": "Huslejeaftalen er oprettet.", "ended": "Aftalen er afsluttet."}
Caseworker = Annotated[Session, Depends(require("manage_agreements"))]


def _page(
    request: Request,
    conn: sqlite3.Connection,
    agreement_id: str,
    *,
    confirmation: str = "",
    state: FormState = _UNTOUCHED,
) -> Response:
    agreement = store.get_agreement(conn, agreement_id=agreement_id)
    if agreement is None:
        raise NotFound(f"Huslejeaftale {agreement_id} findes ikke.")
    context = {
        "agreement": agreement,
        "deductions": store.agreement_deductions(conn, agreement_id=agreement_id),
        "confirmation": confirmation,
    }
    return render(
        request, "agreement.html", context | state.context(), status_code=state.status_code
    )


@router.get("/agreements/{agreement_id}")
def agreement_page(
    request: Request,
    conn: Conn,
    _: Viewer,
    agreement_id: str,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _page(request, conn, agreement_id, confirmation=_CONFIRMATIONS.get(done, ""))


@router.post("/citizens/{cpr}/agreements")
def create_agreement(
    request: Request, conn: Conn, session: Caseworker, form: CsrfForm, cpr: str
) -> Response:
    normal = normalise_cpr(cpr)
    citizen = store.get_citizen(conn, cpr=normal) if normal else None
    if normal is None or citizen is None:
        raise NotFound("Borgeren findes ikke.")
    values = {name: form_text(form, name) for name in _AGREEMENT_FIELDS}
    try:
        agreement_id = agreements.create_agreement(
            conn, cpr=normal, username=session.user.username, **values
        )
    except Refused as refused:
        state = FormState("agreement", refused, values)
        return citizen_page(request, conn, citizen, state=state)
    return RedirectResponse(f"/agreements/{agreement_id}?done=created", status_code=303)


@router.post("/agreements/{agreement_id}/end")
def end_agreement(
    request: Request, conn: Conn, session: Caseworker, form: CsrfForm, agreement_id: str
) -> Response:
    values = {"valid_to": form_text(form, "valid_to")}
    try:
        agreements.end_agreement(
            conn, agreement_id=agreement_id, username=session.user.username, **values
        )
    except Refused as refused:
        audit_refusal(
            conn,
            username=session.user.username,
            action="agreement_end",
            object_=agreement_id,
            reasons=str(refused),
        )
        return _page(request, conn, agreement_id, state=FormState("end", refused, values))
    return RedirectResponse(f"/agreements/{agreement_id}?done=ended", status_code=303)
