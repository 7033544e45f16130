"""Builds a stand-in FastAPI app from its description and routers, the same way for both."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles

from fake_systems.db import connect, create_database
from fake_systems.web import audit, auth
from fake_systems.web.deps import check_origin
from fake_systems.web.errors import UnexpectedErrors, install_error_handlers
from fake_systems.web.faults import FaultInjection
from fake_systems.web.options import AppOptions
from fake_systems.web.security import SecurityHeaders
from fake_systems.web.site import Site
from fake_systems.web.templating import make_templates

_STATIC = Path(__file__).parent / "static"


def _ensure_database(site: Site) -> None:
    """An empty database when the data dir has none yet (serve before load)."""
    if not site.db_path.exists():
        create_database(site.db_path.parent, site.db_path.name)


def _health_router(site: Site) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        conn = connect(site.db_path)
        try:
            conn.execute("SELECT 1 FROM users LIMIT 1").fetchall()
        finally:
            conn.close()
        return "ok"

    return router


def create_stand_in(
    spec: Site, data_dir: Path, *, idle_timeout_s: int, options: AppOptions | None
) -> FastAPI:
    """The app over `data_dir`; `options` (when given) wins over idle_timeout_s."""
    site = replace(
        spec,
        db_path=Path(data_dir) / spec.db_name,
        options=options or AppOptions(idle_timeout_s=idle_timeout_s),
    )
    _ensure_database(site)
    app = FastAPI(
        title=site.name,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(check_origin)],  # on every route, the login form's too
    )
    app.state.site = site
    app.state.templates = make_templates(
        site.templates_dir, overrides=site.options.screen_overrides
    )
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    for router in (_health_router(site), auth.router, audit.router, *site.routers):
        app.include_router(router)
    install_error_handlers(app)
    # Innermost, so its error page passes through the fault injection and the headers.
    app.add_middleware(UnexpectedErrors)
    faults = site.options.faults
    if faults.active:
        # Inside SecurityHeaders, so injected answers carry them too; each system draws its own
        # stream of the seed (named by its cookie prefix), so the two do not fail in lockstep.
        app.add_middleware(FaultInjection, faults=faults, stream=site.cookie_prefix)
    app.add_middleware(SecurityHeaders)
    return app
