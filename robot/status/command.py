"""`robot status`: read the journal, decide, print (English or JSON), write the page; the exit
code says whether a person is needed."""

from __future__ import annotations

import json
import socket
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.journal.opening import JournalUnavailable, existing_journal
from robot.privacy import safe_text
from robot.status.console import status_lines
from robot.status.facts import Facts, read_facts
from robot.status.lock_probe import probe_lock
from robot.status.model import decide_status
from robot.status.page import PageInput, write_page
from robot.status.shape import status_json


def status_command(
    settings: Settings,
    *,
    as_json: bool = False,
    expect_every: timedelta | None = None,
    html: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        facts = _read(settings)
    except JournalUnavailable as down:
        reason = safe_text(str(down))
        print(f"robot status: {reason}", file=err)
        if as_json:
            print(json.dumps({"healthy": False, "error": reason}), file=out)
        _page(html, PageInput(written_at=time.time(), unreadable=reason))
        return int(ExitCode.SYSTEM_UNAVAILABLE)
    if facts is None:
        return _no_journal(settings, as_json=as_json, expect=expect_every, html=html, out=out)
    status = decide_status(
        facts,
        lease_s=settings.lease_s,
        expect_every_s=expect_every.total_seconds() if expect_every else None,
    )
    print(status_json(status) if as_json else "\n".join(status_lines(status)), file=out)
    _page(html, PageInput(written_at=time.time(), status=status))
    return int(ExitCode.COMPLETED) if status.healthy else 1


def _read(settings: Settings) -> Facts | None:
    journal = existing_journal(settings)
    if journal is None:
        return None
    try:
        return read_facts(
            journal, this_host=socket.gethostname(), lock=probe_lock(settings.journal_dir)
        )
    finally:
        journal.close()


def _no_journal(
    settings: Settings,
    *,
    as_json: bool,
    expect: timedelta | None,
    html: Path | None,
    out: TextIO,
) -> int:
    """No journal yet: the robot has not run here. All is well unless a run was expected."""
    healthy = expect is None
    where = str(settings.journal_dir.resolve())
    said = f"No journal in {where}: the robot has not run here yet"
    said += "." if healthy else ", and a run was expected (--expect-every)."
    if as_json:
        problems = [] if healthy else ["no run has finished yet"]
        shape = {"healthy": healthy, "journal": None, "problems": problems}
        shape |= {"current_run": None, "last_run": None, "needs_person": []}
        print(json.dumps(shape), file=out)
    else:
        print(safe_text(said), file=out)
    _page(html, PageInput(written_at=time.time(), no_journal=True, expect_every=not healthy))
    return int(ExitCode.COMPLETED) if healthy else 1


def _page(html: Path | None, page: PageInput) -> None:
    if html is not None:
        write_page(html, page)
