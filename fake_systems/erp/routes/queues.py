"""The manual-handling queue (searchable, filtered, earliest due date first, with each invoice's
latest note and the rejected ones as their own view) and the journal of postings (searchable)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fake_systems.erp import queues
from fake_systems.erp.ids import normalise_cvr, parse_erp_id
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.pagination import PageNumber, Pager
from fake_systems.web.templating import render

router = APIRouter()
MINE = "mine"
AGES = (7, 30)  # the age filter's choices, in days
Text = Annotated[str, Query(max_length=100)]


def _filters(
    *,
    status: str,
    code: str,
    supplier: str,
    cvr: str,
    number: str,
    grant: str,
    erp_id: str,
    assignee: str,
    age: int | None,
    username: str,
) -> queues.ManualFilter:
    erp_id = erp_id.strip()
    return queues.ManualFilter(
        status="rejected" if status == "rejected" else "manual",
        code=code.strip().strip("[]").upper(),
        supplier=supplier.strip(),
        cvr=normalise_cvr(cvr),
        number=number.strip(),
        grant=grant.strip(),
        erp_id=parse_erp_id(erp_id) if erp_id else None,
        erp_id_given=bool(erp_id),
        assignee=username if assignee.strip() == MINE else assignee.strip(),
        older_than_days=age,
    )


def _days(text: str) -> int | None:
    """The age filter's days; empty (the form's "Alle") or anything but a number: no filter."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) <= 36_500 else None


@router.get("/manual")
def manual_queue(
    request: Request,
    conn: Conn,
    session: Viewer,
    page: PageNumber = 1,
    status: Annotated[str, Query(max_length=20)] = "",
    code: Annotated[str, Query(max_length=60)] = "",
    supplier: Text = "",
    cvr: Annotated[str, Query(max_length=40)] = "",
    number: Text = "",
    grant: Text = "",
    erp_id: Annotated[str, Query(max_length=40)] = "",
    assignee: Text = "",
    age: Annotated[str, Query(max_length=6)] = "",
) -> Response:
    filters = _filters(
        status=status,
        code=code,
        supplier=supplier,
        cvr=cvr,
        number=number,
        grant=grant,
        erp_id=erp_id,
        assignee=assignee,
        age=_days(age),
        username=session.user.username,
    )
    now = datetime.now(UTC)
    params = {
        "status": "rejected" if filters.status == "rejected" else "",
        "code": filters.code,
        "supplier": filters.supplier,
        "cvr": cvr.strip(),
        "number": filters.number,
        "grant": filters.grant,
        "erp_id": erp_id.strip(),
        "assignee": assignee.strip(),
        "age": "" if filters.older_than_days is None else str(filters.older_than_days),
    }
    total = queues.manual_count(conn, filters=filters, now=now)
    pager = Pager(path="/manual", number=page, total=total, params=params)
    rows = queues.manual_page(conn, filters=filters, limit=pager.size, offset=pager.offset, now=now)
    context = {
        "rows": rows,
        "pager": pager,
        "params": params,
        "rejected": filters.status == "rejected",
        "filtered": any(v for k, v in params.items() if k != "status"),
        "codes": queues.note_codes(conn),
        "people": queues.people(conn),
        "ages": AGES,
        "waiting": {
            row["erp_id"]: queues.days_waiting(row["manual_since"], now=now) for row in rows
        },
    }
    return render(request, "manual.html", context)


@router.get("/journal")
def journal(
    request: Request,
    conn: Conn,
    _: Viewer,
    page: PageNumber = 1,
    number: Text = "",
    cvr: Annotated[str, Query(max_length=40)] = "",
    psp: Text = "",
    voucher: Text = "",
    user: Text = "",
) -> Response:
    filters = queues.JournalFilter(
        number=number.strip(),
        cvr=normalise_cvr(cvr),
        psp=psp.strip().upper(),
        voucher=voucher.strip().upper(),
        user=user.strip(),
    )
    params = {
        "number": filters.number,
        "cvr": cvr.strip(),
        "psp": filters.psp,
        "voucher": filters.voucher,
        "user": filters.user,
    }
    total = queues.journal_count(conn, filters=filters)
    pager = Pager(path="/journal", number=page, total=total, params=params)
    rows = queues.journal_page(conn, filters=filters, limit=pager.size, offset=pager.offset)
    context = {"rows": rows, "pager": pager, "params": params, "filtered": any(params.values())}
    return render(request, "journal.html", context)
