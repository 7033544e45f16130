"""`robot status --html FILE`: a self-contained Danish status page for people who are not
developers (inline style, no scripts, refreshes itself every minute), written atomically and
readable by its owner only. It holds the journal's texts as they are (masked: no CPR) and no
credentials."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from robot.privacy import safe_text
from robot.reporting.labels import CODES, outcome_label, route_label
from robot.status.danish import dansk_tid, fejl_tekst, opgave_tekst, problem_tekst, varighed
from robot.status.liveness import seconds
from robot.status.model import Status

_ENV = Environment(
    loader=PackageLoader("robot.status"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(
    tid=dansk_tid,
    iso_tid=lambda iso: dansk_tid(seconds(iso)) if iso else "",
    varighed=varighed,
    udfald=outcome_label,
    vej=lambda route: route_label(None if route == "none" else route),
    kode=lambda code: CODES.get(code, ""),
    problem=problem_tekst,
    opgave=opgave_tekst,
    fejl=fejl_tekst,
    sikker=safe_text,
)


@dataclass(frozen=True, slots=True)
class PageInput:
    """What the page shows: a status, or why there is none."""

    written_at: float
    status: Status | None = None
    no_journal: bool = False  # the robot has not run here yet
    unreadable: str = ""  # the journal cannot be read: why (no password in it)
    expect_every: bool = False


def render_page(page: PageInput) -> str:
    status = page.status
    healthy = (
        status.healthy
        if status is not None
        else page.no_journal and not page.expect_every and not page.unreadable
    )
    return _ENV.get_template("status.html").render(page=page, status=status, healthy=healthy)


def write_page(path: Path, page: PageInput) -> None:
    """The page replaced at once (a temporary file in the same folder, then a rename), 0600."""
    html = render_page(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
