"""Builds the stand-in benefits system app; the routes, store and templates live beside it."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from fake_systems.benefits.permissions import BENEFITS_PERMISSIONS
from fake_systems.benefits.routes import agreements, citizens, payouts
from fake_systems.db import BENEFITS_DB
from fake_systems.web.app_factory import create_stand_in
from fake_systems.web.options import AppOptions
from fake_systems.web.site import NavItem, Site

BENEFITS = Site(
    name="KY Ydelser (testsystem)",
    db_name=BENEFITS_DB,
    cookie_prefix="benefits",
    permissions=BENEFITS_PERMISSIONS,
    nav=(
        NavItem("/", "Søg borger", "view"),
        NavItem("/audit", "Revisionslog", "audit"),
    ),
    home="/",
    templates_dir=Path(__file__).parent / "templates",
    routers=(citizens.router, agreements.router, payouts.router),
)


def create_app(
    data_dir: Path, *, idle_timeout_s: int = 1800, options: AppOptions | None = None
) -> FastAPI:
    """The benefits system over `data_dir`/benefits.sqlite3; `options` wins over idle_timeout_s."""
    return create_stand_in(BENEFITS, data_dir, idle_timeout_s=idle_timeout_s, options=options)
