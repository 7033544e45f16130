"""The posting keys the grants use (paragraph, art, ownership, target group), with how many
grants use each: the case system's report an admin checks the mapping workbook against."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fake_systems.case_system import store
from fake_systems.web.deps import Conn, Viewer
from fake_systems.web.templating import render

router = APIRouter()


@router.get("/grant-keys")
def grant_keys(request: Request, conn: Conn, _: Viewer) -> Response:
    return render(request, "grant_keys.html", {"keys": store.grant_keys(conn)})
