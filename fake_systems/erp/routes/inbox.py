"""The inbox: unposted invoices, the earliest due date first, a page at a time, searchable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from fake_systems.erp import store
from fake_systems.erp.ids import normalise_cvr
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.formatting import danish_today
from fake_systems.web.pagination import PageNumber, Pager
from fake_systems.web.templating import render

router = APIRouter()


@router.get("/")
def home(_: Viewer) -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/inbox")
def inbox(
    request: Request,
    conn: Conn,
    _: Viewer,
    page: PageNumber = 1,
    cvr: Annotated[str, Query(max_length=40)] = "",
    number: Annotated[str, Query(max_length=100)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    filters = store.InboxFilter(cvr=normalise_cvr(cvr), number=number.strip(), q=q.strip())
    params = {"cvr": cvr.strip(), "number": filters.number, "q": filters.q}
    pager = Pager(
        path="/inbox", number=page, total=store.inbox_count(conn, filters=filters), params=params
    )
    rows = store.inbox_page(
        conn, filters=filters, limit=pager.size, offset=pager.offset, today=danish_today()
    )
    return render(request, "inbox.html", {"rows": rows, "pager": pager, "params": params})
