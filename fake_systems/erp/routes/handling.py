"""People's actions on an invoice in manual handling: send back, reject, add a note, take."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.erp import handling
from fake_systems.erp.ids import format_erp_id
from fake_systems.erp.routes.invoices import invoice_id_of, page
from fake_systems.web.audit import audit_refusal
from fake_systems.web.deps import Conn, CsrfForm, form_text, require
from fake_systems.web.refusals import FormState, Refused
from fake_systems.web.sessions import Session

router = APIRouter()


def _act(
    request: Request,
    conn: sqlite3.Connection,
    session: Session,
    ref: str,
    *,
    action: str,
    change: Callable[[int], None],
    values: dict[str, str],
    done: str,
) -> Response:
    """Makes the change, then back to the invoice; refused, the page shows why and keeps the
    text the user wrote."""
    invoice_id = invoice_id_of(ref)
    try:
        change(invoice_id)
    except Refused as refused:
        username = session.user.username
        audit_refusal(conn, username=username, action=action, object_=ref, reasons=str(refused))
        state = FormState(action, refused, values)
        return page(request, conn, session, invoice_id, state=state)
    return RedirectResponse(f"/invoices/{format_erp_id(invoice_id)}?done={done}", status_code=303)


@router.post("/invoices/{ref}/send-back")
def send_back(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("send_back"))],
    form: CsrfForm,
    ref: str,
) -> Response:
    comment = form_text(form, "comment")
    return _act(
        request,
        conn,
        session,
        ref,
        action="send_back",
        change=lambda invoice_id: handling.send_back(
            conn, invoice_id=invoice_id, comment=comment, username=session.user.username
        ),
        values={"comment": comment},
        done="sent_back",
    )


@router.post("/invoices/{ref}/reject")
def reject(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("reject"))],
    form: CsrfForm,
    ref: str,
) -> Response:
    reason, confirm = form_text(form, "reason"), form_text(form, "confirm")
    return _act(
        request,
        conn,
        session,
        ref,
        action="reject",
        change=lambda invoice_id: handling.reject(
            conn,
            invoice_id=invoice_id,
            reason=reason,
            confirmed=bool(confirm),
            username=session.user.username,
        ),
        values={"reason": reason, "confirm": confirm},
        done="rejected",
    )


@router.post("/invoices/{ref}/notes")
def add_note(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("add_note"))],
    form: CsrfForm,
    ref: str,
) -> Response:
    note = form_text(form, "note")
    return _act(
        request,
        conn,
        session,
        ref,
        action="add_note",
        change=lambda invoice_id: handling.add_note(
            conn, invoice_id=invoice_id, note=note, username=session.user.username
        ),
        values={"note": note},
        done="noted",
    )


@router.post("/invoices/{ref}/take")
def take(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("take"))],
    _: CsrfForm,
    ref: str,
) -> Response:
    return _act(
        request,
        conn,
        session,
        ref,
        action="take",
        change=lambda invoice_id: handling.take(
            conn, invoice_id=invoice_id, username=session.user.username
        ),
        values={},
        done="taken",
    )
