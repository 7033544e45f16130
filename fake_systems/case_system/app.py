"""Builds the stand-in case system app; the routes, store and templates live beside it."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from fake_systems.case_system.permissions import CASE_PERMISSIONS
from fake_systems.case_system.routes import citizens, grants, keys, orders
from fake_systems.db import CASE_DB
from fake_systems.web.app_factory import create_stand_in
from fake_systems.web.options import AppOptions
from fake_systems.web.site import NavItem, Site

CASE_SYSTEM = Site(
    name="Sensum Bevillinger (testsystem)",
    db_name=CASE_DB,
    cookie_prefix="case",
    permissions=CASE_PERMISSIONS,
    nav=(
        NavItem("/", "Søg borger", "view"),
        NavItem("/grant-keys", "Nøgler i brug", "view"),
        NavItem("/audit", "Revisionslog", "audit"),
    ),
    home="/",
    templates_dir=Path(__file__).parent / "templates",
    routers=(citizens.router, grants.router, orders.router, keys.router),
)


def create_app(
    data_dir: Path, *, idle_timeout_s: int = 1800, options: AppOptions | None = None
) -> FastAPI:
    """The case system over `data_dir`/case_system.sqlite3; `options` wins over idle_timeout_s."""
    return create_stand_in(CASE_SYSTEM, data_dir, idle_timeout_s=idle_timeout_s, options=options)
