"""`robot run --processes N`: N robot processes on this host, each with its own browser and
workers, sharing the journal (and its queue, leases and claims), so a machine with more cores
gets more throughput. The parent holds the host's lock and writes the one report.

Settings reach a part through a pipe, never its environment or command line: the passwords and
the journal URL are not in any process's environment (the browser's included).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog

from robot import logs
from robot.config import SECRET_VARIABLES, Settings
from robot.errors import MappingUnusable, SystemUnavailable
from robot.exit_codes import ExitCode
from robot.journal.base import Journal
from robot.journal.model import Outcome
from robot.journal.opening import JournalUnavailable, open_journal
from robot.mapping import parse_paragraphs
from robot.mapping.reader import read_mapping
from robot.privacy import set_key
from robot.run.outcomes import log_outcome
from robot.run.queue import process_owner
from robot.run.runner import RunState, ScreenChangedStop, run_invoices
from robot.run.sites import SITES

log = structlog.get_logger("robot.run")


def settings_payload(settings: Settings) -> str:
    """Every setting, secrets revealed, as JSON for a part's standard input."""
    data: dict[str, Any] = json.loads(settings.model_dump_json())
    for spec in SITES:
        name = f"{spec.system.value}_password"
        data[name] = getattr(settings, name).get_secret_value()
    data["journal_url"] = (
        settings.journal_url.get_secret_value() if settings.journal_url is not None else None
    )
    return json.dumps(data)


def start_parts(
    settings: Settings, *, mapping: Path, run_id: str, run_dir: Path
) -> list[subprocess.Popen[bytes]]:
    payload = settings_payload(settings).encode()
    parts = []
    for number in range(1, settings.processes + 1):
        command = [
            sys.executable,
            "-m",
            "robot",
            "run-part",
            "--mapping",
            str(mapping),
            "--run-id",
            run_id,
            "--run-dir",
            str(run_dir),
            "--part",
            str(number),
        ]
        part = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert part.stdin is not None
        part.stdin.write(payload)
        part.stdin.close()
        parts.append(part)
    return parts


def wait_for_parts(
    parts: list[subprocess.Popen[bytes]],
    *,
    journal: Journal,
    run_id: str,
    state: RunState,
    on_progress: Callable[[], None],
) -> tuple[ExitCode, str]:
    """Wait for every part, following their counts in the journal; the run's exit code. When
    the journal cannot be read, the parts' own counts (their last line of output) are the
    run's: the summary says what was done even then."""
    codes: list[int | None] = [None] * len(parts)
    while any(code is None for code in codes):
        time.sleep(1.0)
        for index, part in enumerate(parts):
            if codes[index] is None:
                codes[index] = part.poll()
        try:
            counts = journal.outcome_counts(run_id)
        except JournalUnavailable:
            continue  # the parts say what they did when they end
        if counts != dict(state.counts):
            state.counts = Counter(counts)
            on_progress()
    said = [_part_said(part) for part in parts]
    try:
        _load(state, journal.outcomes(run_id))
    except JournalUnavailable as lost:
        state.journal_lost = lost
        state.outcomes = []
        state.counts = sum((Counter(s.get("counts", {})) for s in said), Counter())
    errors = [
        (part.stderr.read().decode(errors="replace").strip().splitlines() or [""])[-1]
        if part.stderr
        else ""
        for part in parts
    ]
    return _exit(codes, errors)


def _part_said(part: subprocess.Popen[bytes]) -> dict[str, Any]:
    """The part's last line of output: its counts, as JSON."""
    out = part.stdout.read().decode(errors="replace") if part.stdout else ""
    lines = out.strip().splitlines()
    try:
        said = json.loads(lines[-1]) if lines else {}
    except ValueError:
        return {}
    return said if isinstance(said, dict) else {}


def _load(state: RunState, outcomes: list[Outcome]) -> None:
    state.outcomes = list(outcomes)
    state.counts = Counter(o.outcome.value for o in state.outcomes)


def _exit(codes: list[int | None], errors: list[str]) -> tuple[ExitCode, str]:
    done = [c if c is not None else ExitCode.INTERNAL_ERROR for c in codes]
    for wanted in (ExitCode.SCREEN_CHANGED, ExitCode.MAPPING_UNUSABLE):
        if wanted in done:
            return wanted, errors[done.index(wanted)]
    if all(c == ExitCode.SYSTEM_UNAVAILABLE for c in done):
        return ExitCode.SYSTEM_UNAVAILABLE, errors[0]
    lost = [n + 1 for n, c in enumerate(done) if c not in (0, 1)]
    if lost:
        return (
            ExitCode.COMPLETED_WITH_FAULTS,
            f"robot process {', '.join(map(str, lost))} of {len(done)} ended early (exit "
            f"{', '.join(str(done[n - 1]) for n in lost)}); the others or the next run finish "
            "its invoices",
        )
    return ExitCode.COMPLETED, ""


def run_part(*, mapping: Path, run_id: str, run_dir: Path, part: int) -> ExitCode:
    """One part of a run: its own browser and workers on the shared queue, outcomes under the
    parent's run id, its log in the run folder. Settings come from standard input."""
    settings = Settings(**json.loads(sys.stdin.read() or "{}"))
    log_file = run_dir / f"run-{part}.log"
    logs.configure(log_file=log_file, console=sys.stderr, console_level="warning")
    log_file.chmod(0o600)
    structlog.contextvars.bind_contextvars(run_id=run_id, part=part)
    try:
        book = read_mapping(mapping, paragraphs=parse_paragraphs(settings.mapping_paragraphs)).book
        journal = open_journal(settings)
    except (MappingUnusable, JournalUnavailable) as error:
        print(str(error), file=sys.stderr)
        if isinstance(error, MappingUnusable):
            return ExitCode.MAPPING_UNUSABLE
        return ExitCode.SYSTEM_UNAVAILABLE
    state = RunState()
    try:
        set_key(journal.log_key())
        asyncio.run(
            run_invoices(
                settings,
                journal=journal,
                book=book,
                run_id=run_id,
                run_dir=run_dir,
                dry_run=False,
                state=state,
                on_outcome=log_outcome,
                owner=process_owner(),
            )
        )
    except (SystemUnavailable, JournalUnavailable) as down:
        print(str(down), file=sys.stderr)
        return ExitCode.SYSTEM_UNAVAILABLE
    except ScreenChangedStop as stop:
        print(f"stopped: {stop}", file=sys.stderr)
        return ExitCode.SCREEN_CHANGED
    finally:
        journal.close()
        print(json.dumps({"counts": dict(state.counts)}), flush=True)
    if state.journal_lost is not None:
        print(str(state.journal_lost), file=sys.stderr)
        return ExitCode.SYSTEM_UNAVAILABLE
    if state.counts.get("failed") or state.counts.get("unfinished"):
        return ExitCode.COMPLETED_WITH_FAULTS
    return ExitCode.COMPLETED


def scrub_environment() -> None:
    """Once the settings are read: the secrets leave this process's environment, so neither
    the Playwright driver nor the browser nor a part inherits them."""
    for name in SECRET_VARIABLES:
        os.environ.pop(name, None)
