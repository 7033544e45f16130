"""Builds the stand-in ERP app; the routes, store and templates live beside it."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from fake_systems.db import ERP_DB
from fake_systems.erp.permissions import ERP_PERMISSIONS
from fake_systems.erp.routes import handling, inbox, invoices, posted, psp, queues, upload
from fake_systems.web.app_factory import create_stand_in
from fake_systems.web.options import AppOptions
from fake_systems.web.site import NavItem, Site

ERP = Site(
    name="OPUS Økonomi (testsystem)",
    db_name=ERP_DB,
    cookie_prefix="erp",
    permissions=ERP_PERMISSIONS,
    nav=(
        NavItem("/inbox", "Indbakke", "view"),
        NavItem("/manual", "Manuel behandling", "view"),
        NavItem("/journal", "Posteringsjournal", "view"),
        NavItem("/posted", "Bogførte fakturaer", "view"),
        NavItem("/psp-elements", "PSP-elementer", "view"),
        NavItem("/upload", "Indlæs OIOUBL", "upload"),
        NavItem("/audit", "Revisionslog", "audit"),
    ),
    home="/inbox",
    templates_dir=Path(__file__).parent / "templates",
    routers=(
        inbox.router,
        invoices.router,
        handling.router,
        queues.router,
        posted.router,
        psp.router,
        upload.router,
    ),
)


def create_app(
    data_dir: Path, *, idle_timeout_s: int = 1800, options: AppOptions | None = None
) -> FastAPI:
    """The ERP over `data_dir`/erp.sqlite3; `options` (when given) wins over idle_timeout_s."""
    return create_stand_in(ERP, data_dir, idle_timeout_s=idle_timeout_s, options=options)
