"""Certificate orders: ordering one on the citizen page (caseworkers), the order's page with its
payment form (robot, finance) and cancelling it (caseworkers)."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.case_system import orders, store
from fake_systems.case_system.routes.citizens import citizen_page
from fake_systems.web.audit import audit_refusal
from fake_systems.web.cpr import normalise_cpr
from fake_systems.web.deps import Conn, CsrfForm, Viewer, form_text, require
from fake_systems.web.errors import NotFound
from fake_systems.web.refusals import FormState, Refused
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

router = APIRouter()
_UNTOUCHED = FormState()
_ORDER_FIELDS = ("doctor_cvr", "certificate_type", "ordered_on")
_PAYMENT_FIELDS = ("amount", "invoice_ref")
_CONFIRMATIONS = {
    "created": "Lægeerklæringen er bestilt.",
    "cancelled": "Bestillingen er annulleret.",
}
OrderCaseworker = Annotated[Session, Depends(require("order_certificate"))]


def _page(
    request: Request,
    conn: sqlite3.Connection,
    order_id: str,
    *,
    confirmation: str = "",
    state: FormState = _UNTOUCHED,
) -> Response:
    order = store.get_order(conn, order_id=order_id)
    if order is None:
        raise NotFound(f"Bestilling {order_id} findes ikke.")
    context = {"order": order, "confirmation": confirmation}
    return render(request, "order.html", context | state.context(), status_code=state.status_code)


@router.get("/orders/{order_id}")
def order_page(
    request: Request,
    conn: Conn,
    _: Viewer,
    order_id: str,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    confirmation = _CONFIRMATIONS.get(done, "")
    if done == "paid":
        order = store.get_order(conn, order_id=order_id)
        if order is not None and order["status"] == "paid":
            confirmation = orders.payment_confirmation(order)
    return _page(request, conn, order_id, confirmation=confirmation)


@router.post("/citizens/{cpr}/orders")
def create_order(
    request: Request, conn: Conn, session: OrderCaseworker, form: CsrfForm, cpr: str
) -> Response:
    normal = normalise_cpr(cpr)
    citizen = store.get_citizen(conn, cpr=normal) if normal else None
    if normal is None or citizen is None:
        raise NotFound("Borgeren findes ikke.")
    values = {name: form_text(form, name) for name in _ORDER_FIELDS}
    try:
        order_id = orders.create_order(conn, cpr=normal, username=session.user.username, **values)
    except Refused as refused:
        return citizen_page(request, conn, citizen, state=FormState("order", refused, values))
    return RedirectResponse(f"/orders/{order_id}?done=created", status_code=303)


@router.post("/orders/{order_id}/cancel")
def cancel_order(
    request: Request, conn: Conn, session: OrderCaseworker, form: CsrfForm, order_id: str
) -> Response:
    confirm = form_text(form, "confirm")
    try:
        orders.cancel_order(
            conn, order_id=order_id, confirmed=bool(confirm), username=session.user.username
        )
    except Refused as refused:
        state = FormState("cancel", refused, {"confirm": confirm})
        return _page(request, conn, order_id, state=state)
    return RedirectResponse(f"/orders/{order_id}?done=cancelled", status_code=303)


@router.post("/orders/{order_id}/payment")
def register_order_payment(
    request: Request,
    conn: Conn,
    session: Annotated[Session, Depends(require("register_order_payment"))],
    form: CsrfForm,
    order_id: str,
) -> Response:
    values = {name: form_text(form, name) for name in _PAYMENT_FIELDS}
    try:
        payment = orders.parse_order_payment(**values)
        orders.register_order_payment(
            conn, order_id=order_id, payment=payment, username=session.user.username
        )
    except Refused as refused:
        audit_refusal(
            conn,
            username=session.user.username,
            action="order_payment",
            object_=order_id,
            reasons=str(refused),
        )
        return _page(request, conn, order_id, state=FormState("order_payment", refused, values))
    return RedirectResponse(f"/orders/{order_id}?done=paid", status_code=303)
