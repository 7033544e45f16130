"""The screen Bogførte fakturaer (contract sections 8 and 12): the invoices posted, filtered by
supplier CVR, receiving EAN and posting date, each with its lines, newest first, a page at a time
(up to 500 rows a page, so a year of history reads in a few pages)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fake_systems.erp import posted
from fake_systems.erp.ids import normalise_cvr
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.pagination import PAGE_SIZE, PageNumber, Pager
from fake_systems.web.refusals import Refusal, Refused
from fake_systems.web.templating import render

router = APIRouter()
_CVR = re.compile(r"[0-9]{8}", re.ASCII)
_EAN = re.compile(r"[0-9]{13}", re.ASCII)
_COUNT = re.compile(r"[0-9]{1,4}", re.ASCII)
MAX_PAGE_SIZE = 500
PAGE_SIZES = (PAGE_SIZE, 100, 200, MAX_PAGE_SIZE)  # the form's choices; any 1-500 is taken
Short = Annotated[str, Query(max_length=40)]


def _day(text: str, name: str, label: str, problems: list[Refusal]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"{label} skal være en dato som 2026-10-01."
        problems.append(Refusal("date_format", message, field=name))
        return None


def _filters(params: dict[str, str]) -> tuple[posted.PostedFilter, int, list[Refusal]]:
    problems: list[Refusal] = []
    if params["cvr"] and not _CVR.fullmatch(params["cvr"]):
        message = "Leverandørens CVR skal være 8 cifre (fx 12345674)."
        problems.append(Refusal("cvr_format", message, field="cvr"))
    if params["ean"] and not _EAN.fullmatch(params["ean"]):
        message = "Modtagerens EAN skal være 13 cifre (fx 5798000012345)."
        problems.append(Refusal("ean_format", message, field="ean"))
    since = _day(params["fra"], "fra", "Fra", problems)
    until = _day(params["til"], "til", "Til", problems)
    if since and until and since > until:
        message = "Fra-datoen skal ligge før eller på til-datoen."
        problems.append(Refusal("date_order", message, field="til"))
    size = int(params["antal"]) if _COUNT.fullmatch(params["antal"]) else 0
    if params["antal"] and not 1 <= size <= MAX_PAGE_SIZE:
        message = f"Antal pr. side skal være et tal fra 1 til {MAX_PAGE_SIZE}."
        problems.append(Refusal("page_size", message, field="antal"))
    filters = posted.PostedFilter(params["cvr"], params["ean"], since, until)
    return filters, size or PAGE_SIZE, problems


@router.get("/posted")
def posted_invoices(
    request: Request,
    conn: Conn,
    _: Viewer,
    page: PageNumber = 1,
    cvr: Short = "",
    ean: Short = "",
    fra: Short = "",
    til: Short = "",
    antal: Short = "",
) -> Response:
    params = {
        "cvr": normalise_cvr(cvr),
        "ean": "".join(ean.split()),
        "fra": fra.strip(),
        "til": til.strip(),
        "antal": antal.strip(),
    }
    filters, size, problems = _filters(params)
    context: dict[str, Any] = {"params": params, "rows": [], "pager": None, "sizes": PAGE_SIZES}
    context["refused"] = Refused(problems) if problems else None
    if problems:
        return render(request, "posted.html", context, status_code=422)
    total = posted.posted_count(conn, filters=filters)
    pager = Pager(path="/posted", number=page, total=total, size=size, params=params)
    rows = posted.posted_page(conn, filters=filters, limit=pager.size, offset=pager.offset)
    return render(request, "posted.html", context | {"rows": rows, "pager": pager})
