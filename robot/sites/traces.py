"""Playwright traces of an invoice's retries, kept only when the invoice ends in a system fault.

The first attempt at an invoice is not traced (recording costs a third of the run's time);
from the first retry on, each context records a trace chunk. A login is never recorded: the
trace would hold the password (in the form and in the request), so the recorder pauses around
it and the invoice's trace may come in parts.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.async_api import BrowserContext


class TraceRecorder:
    """Trace chunks of one browser context, saved into the run folder (owner-only files)."""

    def __init__(self, context: BrowserContext, *, folder: Path, system: str) -> None:
        self._context = context
        self._folder = folder
        self._system = system
        self._recording = False
        self._parts: list[Path] = []

    async def open(self) -> None:
        """Start tracing on the context without recording anything yet."""
        await self._context.tracing.start(screenshots=True, snapshots=True)
        await self._context.tracing.stop_chunk()

    async def record(self) -> None:
        if not self._recording:
            await self._context.tracing.start_chunk()
            self._recording = True

    async def pause(self) -> None:
        """Save what is recorded so far as a part, then stop recording (before a login)."""
        if self._recording:
            part = self._folder / f".part-{self._system}-{len(self._parts)}.trace.zip"
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
        kept = []
        for n, part in enumerate(self._parts):
            if keep_as and part.exists():
                suffix = f"-{n + 1}" if len(self._parts) > 1 else ""
                target = self._folder / f"{keep_as}-{self._system}{suffix}.trace.zip"
                part.replace(target)
                target.chmod(0o600)
                kept.append(target)
            else:
                part.unlink(missing_ok=True)
        self._parts.clear()
        return kept
