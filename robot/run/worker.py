"""A worker: one browser context per system, logged in, with per-invoice traces on failure."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from playwright.async_api import Browser

from robot.browser import SystemContexts, new_context
from robot.case_system.site import CaseSite
from robot.config import Settings
from robot.erp.site import ErpSite
from robot.errors import SiteError, SystemUnavailable
from robot.run.retry import start_up_retrying
from robot.sites.base import Site
from robot.sites.traces import TraceRecorder

T = TypeVar("T")


class Worker:
    """Owns its contexts; `restart` replaces them after repeated faults."""

    def __init__(self, browser: Browser, settings: Settings, *, artefacts: Path) -> None:
        self._browser = browser
        self._settings = settings
        self._artefacts = artefacts
        self._contexts: SystemContexts | None = None
        self._carried: dict[str, list[Path]] = {}
        self.erp: ErpSite
        self.case: CaseSite

    async def start(self, *, first: bool = False, sessions: dict[str, Any] | None = None) -> None:
        """Open the contexts and log in (or reuse `sessions`, the contexts' saved state); at the
        run's start a system that stays down, or refuses the credentials, is SystemUnavailable
        (the run stops before touching anything)."""
        s = self._settings
        sessions = sessions or {}
        erp_context = await new_context(self._browser, s, storage_state=sessions.get("erp"))
        case_context = await new_context(self._browser, s, storage_state=sessions.get("case"))
        self._contexts = SystemContexts(erp=erp_context, case=case_context)
        self.erp = ErpSite(
            erp_context, base_url=s.erp_url, user=s.erp_user, password=s.erp_password
        )
        self.case = CaseSite(
            case_context, base_url=s.case_url, user=s.case_user, password=s.case_password
        )
        for site in (self.erp, self.case):
            if site.key not in sessions:
                await _login(site, settings=s, first=first)
        for site, context in ((self.erp, erp_context), (self.case, case_context)):
            recorder = TraceRecorder(
                context,
                folder=self._artefacts,
                system=site.key,
                secrets=[s.erp_password.get_secret_value(), s.case_password.get_secret_value()],
            )
            await recorder.open()
            recorder.adopt(self._carried.pop(site.key, []))
            site.recorder = recorder

    async def restart(self) -> None:
        """New contexts after repeated faults; the invoice's trace so far is carried over."""
        for site in self._sites():
            if site.recorder is not None:
                with contextlib.suppress(Exception):
                    await site.recorder.pause()
                self._carried[site.key] = site.recorder.take_parts()
        await self.close()
        await self.start()

    async def sessions(self) -> dict[str, Any]:
        """The contexts' logged-in state (cookies), for another context to carry on with."""
        if self._contexts is None:
            return {}
        with contextlib.suppress(Exception):  # a context that cannot say logs in again
            return {
                "erp": await self._contexts.erp.storage_state(),
                "case": await self._contexts.case.storage_state(),
            }
        return {}

    async def recycle(self) -> None:
        """Fresh contexts with the same logged-in sessions: Playwright keeps every request's
        data until its context closes, so a long run recycles them to keep memory flat."""
        sessions = await self.sessions()
        await self.close()
        await self.start(sessions=sessions)

    async def close(self) -> None:
        if self._contexts is not None:
            await self._contexts.close()
            self._contexts = None

    def _sites(self) -> list[Site]:
        return [self.erp, self.case] if self._contexts else []

    async def trace(self) -> None:
        """Record from here on: called when an invoice is tried again after a fault."""
        for site in self._sites():
            if site.recorder is not None:
                with contextlib.suppress(Exception):
                    await site.recorder.record()

    async def end_invoice(self, *, keep_as: str | None) -> None:
        """Keep the invoice's trace and a screenshot only when it hit a system failure."""
        for site in self._sites():
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
