"""A payout's page: what rent is deducted from it and what is left, and, while it is planned,
the form Registrér huslejetræk (robot, caseworkers)."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.benefits import deductions, store
from fake_systems.web.audit import audit_refusal
from fake_systems.web.deps import Conn, CsrfForm, Viewer, form_text, require
from fake_systems.web.errors import NotFound
from fake_systems.web.refusals import FormState, Refused
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

router = APIRouter()
_UNTOUCHED = FormState()
_FIELDS = ("agreement_id", "month", "amount", "invoice_ref")
# SQLite's integer range: a larger id in the query is refused (422), never a 500.
RowId = Annotated[int, Query(ge=0, le=2**63 - 1)]


def _page(
    request: Request,
    conn: sqlite3.Connection,
    payout_id: str,
    *,
    confirmation: str = "",
    state: FormState = _UNTOUCHED,
) -> Response:
    payout = store.get_payout(conn, payout_id=payout_id)
    if payout is None:
        raise NotFound(f"Udbetaling {payout_id} findes ikke.")
    citizen = store.get_citizen(conn, cpr=payout.cpr)
    context = {
        "payout": payout,
        "citizen": citizen,
        "agreements": store.citizen_agreements(conn, cpr=payout.cpr),
        "deductions": store.payout_deductions(conn, payout_id=payout_id),
        "confirmation": confirmation,
    }
    return render(request, "payout.html", context | state.context(), status_code=state.status_code)


@router.get("/payouts/{payout_id}")
def payout_page(
    request: Request, conn: Conn, _: Viewer, payout_id: str, registered: RowId = 0
) -> Response:
    deduction = store.get_deduction(conn, deduction_id=registered) if registered else None
    confirmation = ""
    if deduction is not None and deduction["payout_id"] == payout_id:
        confirmation = deductions.confirmation(deduction)
    return _page(request, conn, payout_id, confirmation=confirmation)


@router.post("/payouts/{payout_id}/deductions")
def register_deduction(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("register_deduction"))],
    form: CsrfForm,
    payout_id: str,
) -> Response:
    values = {name: form_text(form, name) for name in _FIELDS}
    try:
        deduction = deductions.parse_deduction(**values)
        deduction_id = deductions.register_deduction(
            conn, payout_id=payout_id, request=deduction, username=session.user.username
        )
    except Refused as refused:
        audit_refusal(
            conn,
            username=session.user.username,
            action="deduction",
            object_=payout_id,
            reasons=str(refused),
        )
        return _page(request, conn, payout_id, state=FormState("deduction", refused, values))
    return RedirectResponse(f"/payouts/{payout_id}?registered={deduction_id}", status_code=303)
