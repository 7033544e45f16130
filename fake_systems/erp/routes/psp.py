"""The PSP elements the ERP knows and whether each is open for postings (PSP-elementer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fake_systems.erp import store
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.pagination import PageNumber, Pager
from fake_systems.web.templating import render

router = APIRouter()
STATUSES = (store.OPEN, store.CLOSED)


@router.get("/psp-elements")
def psp_elements(
    request: Request,
    conn: Conn,
    _: Viewer,
    page: PageNumber = 1,
    q: Annotated[str, Query(max_length=100)] = "",
    status: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    filters = store.PspFilter(q=q.strip(), status=status if status in STATUSES else "")
    params = {"q": filters.q, "status": filters.status}
    total = store.psp_count(conn, filters=filters)
    pager = Pager(path="/psp-elements", number=page, total=total, params=params)
    rows = store.psp_page(conn, filters=filters, limit=pager.size, offset=pager.offset)
    context = {"rows": rows, "pager": pager, "params": params, "filtered": any(params.values())}
    return render(request, "psp_elements.html", context)
