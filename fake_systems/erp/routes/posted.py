"""The invoices already posted from one supplier to one receiving EAN (contract section 8)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fake_systems.erp import posted
from fake_systems.erp.ids import normalise_cvr
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.pagination import PageNumber, Pager
from fake_systems.web.refusals import Refusal, Refused
from fake_systems.web.templating import render

router = APIRouter()
_CVR = re.compile(r"[0-9]{8}", re.ASCII)
_EAN = re.compile(r"[0-9]{13}", re.ASCII)


def _problems(cvr: str, ean: str) -> list[Refusal]:
    problems = []
    if not _CVR.fullmatch(cvr):
        message = "Leverandørens CVR skal være 8 cifre (fx 12345674)."
        problems.append(Refusal("cvr_format", message, field="cvr"))
    if not _EAN.fullmatch(ean):
        message = "Modtagerens EAN skal være 13 cifre (fx 5798000012345)."
        problems.append(Refusal("ean_format", message, field="ean"))
    return problems


@router.get("/posted")
def posted_invoices(
    request: Request,
    conn: Conn,
    _: Viewer,
    page: PageNumber = 1,
    cvr: Annotated[str, Query(max_length=40)] = "",
    ean: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    params = {"cvr": normalise_cvr(cvr), "ean": "".join(ean.split())}
    context = {"params": params, "searched": False, "rows": [], "pager": None, "refused": None}
    if not (cvr.strip() or ean.strip()):
        return render(request, "posted.html", context)
    problems = _problems(params["cvr"], params["ean"])
    if problems:
        context["refused"] = Refused(problems)
        return render(request, "posted.html", context, status_code=422)
    total = posted.posted_count(conn, **params)
    pager = Pager(path="/posted", number=page, total=total, params=params)
    rows = posted.posted_page(conn, **params, limit=pager.size, offset=pager.offset)
    return render(
        request, "posted.html", context | {"searched": True, "rows": rows, "pager": pager}
    )
