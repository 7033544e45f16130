"""One invoice: everything about it, and (when the user may) the posting and manual forms; the
posting form filled in from the proposal the invoice was sent to manual handling with."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.erp import ledger, proposal, store
from fake_systems.erp.ids import parse_erp_id
from fake_systems.web.audit import audit_refusal
from fake_systems.web.deps import Conn, CsrfForm, Viewer, form_text, get_site, require
from fake_systems.web.errors import NotFound
from fake_systems.web.formatting import danish_today, days_until
from fake_systems.web.refusals import FormState, Refused
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

router = APIRouter()
_UNTOUCHED = FormState()
# ?done=... after a change: (the status it leaves the invoice in, the confirmation).
_DONE = {
    "posted": ("posted", "Fakturaen er bogført."),
    "manual": ("manual", "Fakturaen er sendt til manuel behandling."),
    "sent_back": ("unposted", "Fakturaen er sendt tilbage til robotten."),
    "rejected": ("rejected", "Fakturaen er afvist."),
    "noted": ("manual", "Notatet er tilføjet."),
    "taken": ("manual", "Du har taget opgaven."),
}


def invoice_id_of(ref: str) -> int:
    invoice_id = parse_erp_id(ref)
    if invoice_id is None:
        raise NotFound(f"{ref} er ikke et faktura-id (fx ERP-000123).")
    return invoice_id


def _abilities(request: Request, session: Session, invoice: sqlite3.Row) -> dict[str, bool]:
    site, role, status = get_site(request), session.user.role, invoice["status"]
    can_post = (status == "unposted" and site.may(role, "post")) or (
        status == "manual" and site.may(role, "post_from_manual")
    )
    in_manual = status == "manual"
    return {
        "can_post": can_post,
        "can_manual": status == "unposted" and site.may(role, "manual"),
        "can_send_back": in_manual and site.may(role, "send_back"),
        "can_reject": in_manual and site.may(role, "reject"),
        "can_add_note": in_manual and site.may(role, "add_note"),
        "can_take": in_manual
        and site.may(role, "take")
        and invoice["assignee"] != session.user.username,
    }


def _context(conn: sqlite3.Connection, invoice_id: int) -> dict[str, Any]:
    invoice = store.get_invoice(conn, invoice_id=invoice_id)
    if invoice is None:
        raise NotFound(f"Fakturaen ERP-{invoice_id:06d} findes ikke.")
    key = {"supplier_cvr": invoice["supplier_cvr"], "invoice_number": invoice["invoice_number"]}
    return {
        "invoice": invoice,
        "lines": store.invoice_lines(conn, invoice_id=invoice_id),
        "notes": store.invoice_notes(conn, invoice_id=invoice_id),
        "postings": store.invoice_postings(conn, invoice_id=invoice_id),
        "same_key": store.same_key_receipts(conn, invoice_id=invoice_id, **key),
        "history": store.same_key_history(conn, **key),
    }


def _proposed(
    conn: sqlite3.Connection, invoice: sqlite3.Row, can_post: bool, state: FormState
) -> dict[str, str]:
    """The Bogfør form's values from the proposal sent with the invoice to manual handling;
    none when the user cannot post it, or after a refusal (the form then shows what was typed)."""
    if not can_post or invoice["status"] != "manual" or state.form:
        return {}
    found = proposal.read_proposal(conn, invoice_id=invoice["id"])
    return found.posting_values() if found else {}


def page(
    request: Request,
    conn: sqlite3.Connection,
    session: Session,
    invoice_id: int,
    *,
    done: str = "",
    state: FormState = _UNTOUCHED,
) -> Response:
    """The invoice page, with the forms the user may use and, after a refusal, its reasons."""
    context = _context(conn, invoice_id)
    invoice = context["invoice"]
    abilities = _abilities(request, session, invoice)
    psp = store.open_psp_elements(conn) if abilities["can_post"] else []
    # A confirmation only when the invoice is in the state it confirms (not for a typed URL).
    status, confirmation = _DONE.get(done, ("", ""))
    confirmation = confirmation if status == invoice["status"] else ""
    context |= abilities | {
        "psp_options": psp,
        "confirmation": confirmation,
        "due_in": days_until(invoice["due_date"], today=danish_today()),
        "prefilled": False,
    }
    context |= state.context()
    if prefilled := _proposed(conn, invoice, abilities["can_post"], state):
        context |= {"values": prefilled, "prefilled": True}
    return render(request, "invoice.html", context, status_code=state.status_code)


@router.get("/invoices/{ref}")
def invoice_page(
    request: Request,
    conn: Conn,
    session: Viewer,
    ref: str,
    done: str = "",
) -> Response:
    return page(request, conn, session, invoice_id_of(ref), done=done)


@router.post("/invoices/{ref}/post")
def post_invoice(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("post"))],
    form: CsrfForm,
    ref: str,
) -> Response:
    invoice_id = invoice_id_of(ref)
    values = {key: form_text(form, key) for key in form if key != "csrf_token"}
    may_post_manual = get_site(request).may(session.user.role, "post_from_manual")
    try:
        ledger.post_invoice(
            conn,
            invoice_id=invoice_id,
            form=values,
            username=session.user.username,
            may_post_manual=may_post_manual,
        )
    except Refused as refused:
        audit_refusal(
            conn, username=session.user.username, action="post", object_=ref, reasons=str(refused)
        )
        return page(request, conn, session, invoice_id, state=FormState("post", refused, values))
    return RedirectResponse(f"/invoices/ERP-{invoice_id:06d}?done=posted", status_code=303)


@router.post("/invoices/{ref}/manual")
def send_to_manual(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("manual"))],
    form: CsrfForm,
    ref: str,
) -> Response:
    invoice_id = invoice_id_of(ref)
    values = {key: form_text(form, key) for key in form if key != "csrf_token"}
    try:
        ledger.send_to_manual(
            conn,
            invoice_id=invoice_id,
            note=values.get("note", ""),
            username=session.user.username,
            proposal=proposal.parse_proposal(values),
        )
    except Refused as refused:
        audit_refusal(
            conn, username=session.user.username, action="manual", object_=ref, reasons=str(refused)
        )
        state = FormState("manual", refused, values)
        return page(request, conn, session, invoice_id, state=state)
    return RedirectResponse(f"/invoices/ERP-{invoice_id:06d}?done=manual", status_code=303)
