"""One Jinja2 environment per app (its own templates first, then the shared ones), with filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from fake_systems.web import formatting

_SHARED = Path(__file__).parent / "templates"


def _context(request: Request) -> dict[str, Any]:
    site = request.app.state.site
    session = getattr(request.state, "session", None)
    role = session.user.role if session else None
    return {
        "site": site,
        "session": session,
        "csrf_token": session.csrf_token if session else "",
        "can": lambda action: site.may(role, action),
    }


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the process: an app built again (a test's, a restarted
    server's) does not compile its templates again. Jinja checks each source's checksum."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (data := self._store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def make_templates(app_templates: Path, *, overrides: Path | None = None) -> Jinja2Templates:
    folders = [*([overrides] if overrides else []), app_templates, _SHARED]
    env = jinja2.Environment(
        bytecode_cache=_COMPILED,
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(f) for f in folders]),
        autoescape=True,  # every value is escaped, whatever the invoice text holds
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        da_amount=formatting.da_amount,
        amount_value=formatting.machine_amount,
        da_date=formatting.da_date,
        da_month=formatting.da_month,
        da_datetime=formatting.da_datetime,
        cpr=formatting.format_cpr,
        from_json=json.loads,
    )
    return Jinja2Templates(env=env, context_processors=[_context])


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
