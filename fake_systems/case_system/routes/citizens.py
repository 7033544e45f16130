"""Finding a citizen by CPR, and the citizen's page: every grant with its rates, every registered
payment and every certificate order. Each look-up by CPR is audited (who looked up whom)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.case_system import store
from fake_systems.case_system.rates import grant_rates
from fake_systems.web.audit import write_audit
from fake_systems.web.cpr import normalise_cpr
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.refusals import FormState, refuse
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

router = APIRouter()
_BAD_CPR = "CPR-nummeret skal være 10 cifre, fx 010190-1234 eller 0101901234."
_UNTOUCHED = FormState()
_DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def _search_page(request: Request, *, cpr: str, status: int = 200, **context: object) -> Response:
    page = {"cpr": cpr, "refused": None, "not_found": False} | context
    return render(request, "search.html", page, status_code=status)


def _audit_lookup(conn: sqlite3.Connection, session: Session, cpr: str, *, found: bool) -> None:
    # Inside the case system only: the audit row may name the CPR (the log lines may not).
    action = "citizen_lookup" if found else "citizen_lookup_not_found"
    write_audit(conn, username=session.user.username, action=action, object_=cpr)


@router.get("/")
def search_form(request: Request, _: Viewer) -> Response:
    return _search_page(request, cpr="")


@router.get("/search")
def search(
    request: Request, conn: Conn, session: Viewer, cpr: Annotated[str, Query(max_length=40)] = ""
) -> Response:
    normal = normalise_cpr(cpr)
    if normal is None:
        refused = refuse("cpr_format", _BAD_CPR, field="cpr")
        return _search_page(request, cpr=cpr, status=422, refused=refused)
    if store.get_citizen(conn, cpr=normal) is None:
        _audit_lookup(conn, session, normal, found=False)
        return _search_page(request, cpr=cpr, status=404, not_found=True)
    # The citizen page it leads to records the look-up.
    return RedirectResponse(f"/citizens/{normal}", status_code=303)


def citizen_page(
    request: Request, conn: sqlite3.Connection, citizen: sqlite3.Row, *, state: FormState
) -> Response:
    """The citizen's page, with the order form as `state` left it (a refusal keeps the input)."""
    cpr = citizen["cpr"]
    grants = store.citizen_grants(conn, cpr=cpr)
    changes = store.citizen_rate_changes(conn, cpr=cpr)
    context = {
        "citizen": citizen,
        "grants": grants,
        "rates": {
            g["grant_id"]: grant_rates(
                valid_from=g["valid_from"], rate=g["rate"], changes=changes.get(g["grant_id"], [])
            )
            for g in grants
        },
        "payments": store.citizen_payments(conn, cpr=cpr),
        "orders": store.citizen_orders(conn, cpr=cpr),
        "today": datetime.now(_DANISH_TIME).date().isoformat(),  # the order form's default
    }
    return render(request, "citizen.html", context | state.context(), status_code=state.status_code)


@router.get("/citizens/{cpr}")
def show_citizen(request: Request, conn: Conn, session: Viewer, cpr: str) -> Response:
    normal = normalise_cpr(cpr)
    citizen = store.get_citizen(conn, cpr=normal) if normal else None
    if normal is None or citizen is None:
        if normal is not None:
            _audit_lookup(conn, session, normal, found=False)
        return _search_page(request, cpr=cpr, status=404, not_found=True)
    _audit_lookup(conn, session, normal, found=True)
    return citizen_page(request, conn, citizen, state=_UNTOUCHED)
