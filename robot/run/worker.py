"""A worker: one browser context per system it drives (the run's list of site specs), logged
in, with per-invoice traces on failure."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from playwright.async_api import Browser, BrowserContext

from robot.browser import new_context
from robot.config import Settings
from robot.domain.systems import System
from robot.erp.site import ErpSite
from robot.errors import SiteError, SystemUnavailable
from robot.run.retry import start_up_retrying
from robot.run.sites import SiteSpec, secrets
from robot.sites.base import Site
from robot.sites.traces import TraceRecorder

T = TypeVar("T")


class Worker:
    """Owns its contexts, one per system; `restart` replaces them after repeated faults."""

    def __init__(
        self,
        browser: Browser,
        settings: Settings,
        *,
        artefacts: Path,
        specs: tuple[SiteSpec, ...],
    ) -> None:
        self._browser = browser
        self._settings = settings
        self._artefacts = artefacts
        self._specs = specs
        self._contexts: dict[System, BrowserContext] = {}
        self._carried: dict[str, list[Path]] = {}
        self.sites: dict[System, Site] = {}

    @property
    def erp(self) -> ErpSite:
        return cast(ErpSite, self.sites[System.ERP])

    @property
    def systems(self) -> Mapping[System, Any]:
        """The systems by name, for the invoice's work."""
        return dict(self.sites)

    async def start(self, *, first: bool = False, sessions: dict[str, Any] | None = None) -> None:
        """Open the contexts and log in (or reuse `sessions`, the contexts' saved state); at the
        run's start a system that stays down, or refuses the credentials, is SystemUnavailable
        (the run stops before touching anything)."""
        s = self._settings
        sessions = sessions or {}
        for spec in self._specs:
            key = spec.system.value
            context = await new_context(self._browser, s, storage_state=sessions.get(key))
            self._contexts[spec.system] = context
            self.sites[spec.system] = spec.open(context, s)
        for site in self.sites.values():
            if site.key not in sessions:
                await _login(site, settings=s, first=first)
        for system, site in self.sites.items():
            recorder = TraceRecorder(
                self._contexts[system],
                folder=self._artefacts,
                system=site.key,
                secrets=secrets(s),
            )
            await recorder.open()
            recorder.adopt(self._carried.pop(site.key, []))
            site.recorder = recorder

    async def restart(self) -> None:
        """New contexts after repeated faults; the invoice's trace so far is carried over."""
        for site in self._live_sites():
            if site.recorder is not None:
                with contextlib.suppress(Exception):
                    await site.recorder.pause()
                self._carried[site.key] = site.recorder.take_parts()
        await self.close()
        await self.start()

    async def sessions(self) -> dict[str, Any]:
        """The contexts' logged-in state (cookies), for another context to carry on with."""
        with contextlib.suppress(Exception):  # a context that cannot say logs in again
            return {
                system.value: await context.storage_state()
                for system, context in self._contexts.items()
            }
        return {}

    async def recycle(self) -> None:
        """Fresh contexts with the same logged-in sessions: Playwright keeps every request's
        data until its context closes, so a long run recycles them to keep memory flat."""
        sessions = await self.sessions()
        await self.close()
        await self.start(sessions=sessions)

    async def close(self) -> None:
        contexts, self._contexts = self._contexts, {}
        for context in contexts.values():
            with contextlib.suppress(Exception):  # a dead context is already closed
                await context.close()

    def _live_sites(self) -> list[Site]:
        return list(self.sites.values()) if self._contexts else []

    def guard_writes(self, check: Callable[[], None] | None) -> None:
        """What every form submission checks right before it leaves (the invoice's lease)."""
        for site in self.sites.values():
            site.before_write = check

    async def trace(self) -> None:
        """Record from here on: called when an invoice is tried again after a fault."""
        for site in self._live_sites():
            if site.recorder is not None:
                with contextlib.suppress(Exception):
                    await site.recorder.record()

    async def end_invoice(self, *, keep_as: str | None) -> None:
        """Keep the invoice's trace and a screenshot only when it hit a system failure."""
        for site in self._live_sites():
            if keep_as:
                await _screenshot(site, self._artefacts / f"{keep_as}-{site.key}.png")
            if site.recorder is not None:
                await site.recorder.finish(keep_as=keep_as)


async def _screenshot(site: Site, path: Path) -> None:
    with contextlib.suppress(Exception):  # the page may be gone with a dead context
        page = await site.page()
        await page.screenshot(path=path, full_page=True)
        path.chmod(0o600)


async def start_up_step(settings: Settings, action: Callable[[], Awaitable[T]]) -> T:
    """A step at a run's start (a login, the inbox): a system fault is retried with back-off."""
    return await start_up_retrying(settings)(action)


async def _login(site: Site, *, settings: Settings, first: bool) -> None:
    try:
        await start_up_step(settings, site.login)
    except SiteError as error:  # LoginRefused is not a SiteError: it is never retried
        if first:
            raise SystemUnavailable(
                f"the {site.name} at {site.url('')} cannot be used: {error}"
            ) from error
        raise
