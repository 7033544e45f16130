"""The audit trail: who changed what and when, written by every change, read by admins."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fake_systems.web.deps import Conn, require
from fake_systems.web.pagination import PageNumber, Pager
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render


def utc_now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_audit(
    conn: sqlite3.Connection,
    *,
    username: str | None,
    action: str,
    object_: str | None = None,
    detail: str | None = None,
) -> None:
    """One audit row; call it inside the transaction of the change it records."""
    conn.execute(
        "INSERT INTO audit (at, username, action, object, detail) VALUES (?, ?, ?, ?, ?)",
        (utc_now_iso(), username, action, object_, detail),
    )


def audit_refusal(
    conn: sqlite3.Connection, *, username: str, action: str, object_: str, reasons: str
) -> None:
    """A refused change is recorded too, in a transaction of its own (the change's was rolled
    back): who tried what, and why it was refused."""
    conn.execute("BEGIN IMMEDIATE")
    write_audit(
        conn, username=username, action=f"{action}_refused", object_=object_, detail=reasons
    )
    conn.execute("COMMIT")


def audit_page(conn: sqlite3.Connection, *, limit: int, offset: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT at, username, action, object, detail FROM audit ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()


def audit_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0])


router = APIRouter()


@router.get("/audit")
def audit_view(
    request: Request,
    conn: Conn,
    _: Annotated[Session, Depends(require("audit"))],
    page: PageNumber = 1,
) -> Response:
    pager = Pager(path="/audit", number=page, total=audit_count(conn))
    rows = audit_page(conn, limit=pager.size, offset=pager.offset)
    return render(request, "audit.html", {"rows": rows, "pager": pager})
