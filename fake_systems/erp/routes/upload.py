"""The admins' upload page: OIOUBL files into the inbox; a bad file is refused with its reason."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from fake_systems.web.audit import write_audit
from fake_systems.web.deps import Conn, CsrfForm, require
from fake_systems.web.refusals import refuse
from fake_systems.web.sessions import Session
from fake_systems.web.templating import render

_log = logging.getLogger("fake_systems.erp")
router = APIRouter()
Uploader = Annotated[Session, Depends(require("upload"))]
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class UploadResult:
    filename: str
    erp_id: str | None
    reason: str | None


def _import_one(conn: sqlite3.Connection, upload: UploadFile, username: str) -> UploadResult:
    # Imported here so the rest of the ERP runs even where the importer is not installed.
    from fake_systems.erp.importer import import_document

    name = upload.filename or "(uden navn)"
    data = upload.file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return UploadResult(name, None, f"Filen er større end {MAX_FILE_BYTES // 1024**2} MB.")
    try:
        result = import_document(conn, filename=name, data=data, received_by=username)
    except Exception as error:  # one file's failure must not stop the others
        _log.error("import of an uploaded file failed: %s", type(error).__name__)
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return UploadResult(name, None, "Filen kunne ikke indlæses (uventet fejl).")
    if result.ok:
        return UploadResult(name, result.erp_id, None)
    return UploadResult(name, None, result.reason or "Filen kunne ikke indlæses.")


@router.get("/upload")
def upload_form(request: Request, _: Uploader) -> Response:
    return render(request, "upload.html", {"results": [], "refused": None})


@router.post("/upload")
def upload(request: Request, conn: Conn, session: Uploader, form: CsrfForm) -> Response:
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        refused = refuse("no_files", "Vælg mindst én OIOUBL-fil.", field="files")
        context = {"results": [], "refused": refused}
        return render(request, "upload.html", context, status_code=422)
    results = [_import_one(conn, f, session.user.username) for f in files]
    loaded = sum(1 for r in results if r.erp_id)
    detail = f"{len(results)} filer: {loaded} indlæst, {len(results) - loaded} afvist"
    write_audit(conn, username=session.user.username, action="upload", detail=detail)
    return render(request, "upload.html", {"results": results, "refused": None})
