"""Playwright traces of an invoice's retries, kept only when the invoice ends in a system fault.

The first attempt at an invoice is not traced (recording costs a third of the run's time);
from the first retry on, each context records a trace chunk. Credentials never stay in a kept
trace: the recorder pauses around a login (so the invoice's trace may come in parts), and each
kept file is scrubbed of the passwords in every spelling and of cookie values, because the
network log can still catch a login request that finished after recording resumed.
"""

from __future__ import annotations

import contextlib
import json
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import structlog
from playwright.async_api import BrowserContext

log = structlog.get_logger("robot.sites")


class TraceRecorder:
    """Trace chunks of one browser context, saved into the run folder (owner-only files)."""

    def __init__(
        self,
        context: BrowserContext,
        *,
        folder: Path,
        system: str,
        secrets: Sequence[str] = (),
    ) -> None:
        self._context = context
        self._secrets = [s for s in secrets if s]
        self._folder = folder
        self._system = system
        self._recording = False
        self._started = False
        self._parts: list[Path] = []

    async def open(self) -> None:
        """Nothing is traced until an invoice is retried: tracing that merely runs costs the
        browser about a tenth of its CPU per page, so it is started only when it records."""

    async def record(self) -> None:
        if self._recording:
            return
        if self._started:
            await self._context.tracing.start_chunk()
        else:
            await self._context.tracing.start(screenshots=False, snapshots=True)
            self._started = True
        self._recording = True

    async def pause(self) -> None:
        """Save what is recorded so far as a part, then stop recording (before a login)."""
        if self._recording:
            # Unique per part: the workers' recorders save into the same run folder at once.
            part = self._folder / f".part-{self._system}-{uuid.uuid4().hex}.trace.zip"
            await self._context.tracing.stop_chunk(path=part)
            self._parts.append(part)
            self._recording = False

    async def resume(self) -> None:
        if self._parts and not self._recording:
            await self.record()

    def take_parts(self) -> list[Path]:
        """Hand the saved parts over (to the recorder of a restarted context)."""
        parts, self._parts = self._parts, []
        return parts

    def adopt(self, parts: list[Path]) -> None:
        self._parts = parts + self._parts

    async def finish(self, *, keep_as: str | None) -> list[Path]:
        """End the invoice's trace: keep its parts as `<erp-id>-<system>[-n].trace.zip`, or
        throw them away. Returns the kept files."""
        with contextlib.suppress(Exception):  # a dead context has no trace left to save
            await self.pause()
        if self._started:
            with contextlib.suppress(Exception):
                await self._context.tracing.stop()  # until the next invoice that is retried
            self._started = False
        kept = []
        for n, part in enumerate(self._parts):
            if keep_as and part.exists():
                suffix = f"-{n + 1}" if len(self._parts) > 1 else ""
                target = self._folder / f"{keep_as}-{self._system}{suffix}.trace.zip"
                try:
                    scrub_trace(part, target, secrets=self._secrets)
                except (zipfile.BadZipFile, OSError, EOFError) as error:
                    # A trace that cannot be read cannot be scrubbed, so it is not kept; the
                    # invoice is still reported, with its screenshot.
                    log.warning("trace_not_kept", erp_id=keep_as, error=str(error))
                    target.unlink(missing_ok=True)
                    part.unlink(missing_ok=True)
                    continue
                part.unlink()
                target.chmod(0o600)
                kept.append(target)
            else:
                part.unlink(missing_ok=True)
        self._parts.clear()
        return kept


REDACTED = "[redacted]"
_COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})


def _spellings(secret: str) -> set[bytes]:
    """The secret as the trace may hold it: plain, form-encoded, URL-encoded, JSON-escaped."""
    forms = {secret, quote_plus(secret), quote(secret, safe=""), json.dumps(secret)[1:-1]}
    return {form.encode() for form in forms if form}


def _scrub_entry(entry: Any) -> Any:
    """Cookie values and cookie headers of one network entry, replaced."""
    if isinstance(entry, dict):
        out = {}
        for key, value in entry.items():
            if key == "cookies" and isinstance(value, list):
                value = [{**c, "value": REDACTED} if isinstance(c, dict) else c for c in value]
            elif key == "headers" and isinstance(value, list):
                value = [
                    {**h, "value": REDACTED}
                    if isinstance(h, dict) and str(h.get("name", "")).lower() in _COOKIE_HEADERS
                    else h
                    for h in value
                ]
            out[key] = _scrub_entry(value)
        return out
    if isinstance(entry, list):
        return [_scrub_entry(item) for item in entry]
    return entry


def _scrub_network(data: bytes) -> bytes:
    lines = []
    for line in data.splitlines():
        try:
            lines.append(json.dumps(_scrub_entry(json.loads(line))).encode())
        except ValueError:
            lines.append(line)
    return b"\n".join(lines)


def scrub_trace(source: Path, target: Path, *, secrets: Sequence[str]) -> None:
    """Copy a trace archive with every spelling of the secrets and every cookie value removed."""
    spellings = sorted({f for s in secrets for f in _spellings(s)}, key=len, reverse=True)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.endswith(".network"):
                data = _scrub_network(data)
            for spelling in spellings:
                data = data.replace(spelling, REDACTED.encode())
            new.writestr(item, data)
