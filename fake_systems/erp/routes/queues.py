"""The manual-handling queue (with each invoice's latest note) and the journal of postings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fake_systems.erp import queues
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.pagination import PageNumber, Pager
from fake_systems.web.templating import render

router = APIRouter()


@router.get("/manual")
def manual_queue(
    request: Request,
    conn: Conn,
    _: Viewer,
    page: PageNumber = 1,
    code: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    code = code.strip().strip("[]").upper()
    total = queues.manual_count(conn, code=code)
    pager = Pager(path="/manual", number=page, total=total, params={"code": code})
    rows = queues.manual_page(conn, code=code, limit=pager.size, offset=pager.offset)
    context = {"rows": rows, "pager": pager, "code": code, "codes": queues.note_codes(conn)}
    return render(request, "manual.html", context)


@router.get("/journal")
def journal(request: Request, conn: Conn, _: Viewer, page: PageNumber = 1) -> Response:
    pager = Pager(path="/journal", number=page, total=queues.journal_count(conn))
    rows = queues.journal_page(conn, limit=pager.size, offset=pager.offset)
    return render(request, "journal.html", {"rows": rows, "pager": pager})
