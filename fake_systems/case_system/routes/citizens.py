"""Finding a citizen by CPR, and the citizen's page: every grant and every registered payment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.case_system import store
from fake_systems.case_system.cpr import normalise_cpr
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.refusals import refuse
from fake_systems.web.templating import render

router = APIRouter()
_BAD_CPR = "CPR-nummeret skal være 10 cifre, fx 010190-1234 eller 0101901234."


def _search_page(request: Request, *, cpr: str, status: int = 200, **context: object) -> Response:
    page = {"cpr": cpr, "refused": None, "not_found": False} | context
    return render(request, "search.html", page, status_code=status)


@router.get("/")
def search_form(request: Request, _: Viewer) -> Response:
    return _search_page(request, cpr="")


@router.get("/search")
def search(
    request: Request, conn: Conn, _: Viewer, cpr: Annotated[str, Query(max_length=40)] = ""
) -> Response:
    normal = normalise_cpr(cpr)
    if normal is None:
        refused = refuse("cpr_format", _BAD_CPR, field="cpr")
        return _search_page(request, cpr=cpr, status=422, refused=refused)
    if store.get_citizen(conn, cpr=normal) is None:
        return _search_page(request, cpr=cpr, status=404, not_found=True)
    return RedirectResponse(f"/citizens/{normal}", status_code=303)


@router.get("/citizens/{cpr}")
def citizen_page(request: Request, conn: Conn, _: Viewer, cpr: str) -> Response:
    normal = normalise_cpr(cpr)
    citizen = store.get_citizen(conn, cpr=normal) if normal else None
    if normal is None or citizen is None:
        return _search_page(request, cpr=cpr, status=404, not_found=True)
    context = {
        "citizen": citizen,
        "grants": store.citizen_grants(conn, cpr=normal),
        "payments": store.citizen_payments(conn, cpr=normal),
    }
    return render(request, "citizen.html", context)
