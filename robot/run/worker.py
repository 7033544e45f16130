"""A worker: one browser context per system, logged in, with per-invoice traces on failure."""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.async_api import Browser, BrowserContext

from robot.browser import SystemContexts, new_context
from robot.case_system.site import CaseSite
from robot.config import Settings
from robot.erp.site import ErpSite


class Worker:
    """Owns its contexts; `restart` replaces them after repeated faults."""

    def __init__(self, browser: Browser, settings: Settings, *, artefacts: Path) -> None:
        self._browser = browser
        self._settings = settings
        self._artefacts = artefacts
        self._contexts: SystemContexts | None = None
        self.erp: ErpSite
        self.case: CaseSite

    async def start(self) -> None:
        s = self._settings
        erp_context = await new_context(self._browser, s)
        case_context = await new_context(self._browser, s)
        self._contexts = SystemContexts(erp=erp_context, case=case_context)
        self.erp = ErpSite(
            erp_context, base_url=s.erp_url, user=s.erp_user, password=s.erp_password
        )
        self.case = CaseSite(
            case_context, base_url=s.case_url, user=s.case_user, password=s.case_password
        )
        await self.erp.login()
        await self.case.login()
        for context in self._contexts_list():
            await context.tracing.start(screenshots=True, snapshots=True)

    async def restart(self) -> None:
        await self.close()
        await self.start()

    async def close(self) -> None:
        if self._contexts is not None:
            await self._contexts.close()
            self._contexts = None

    def _contexts_list(self) -> list[BrowserContext]:
        return [self._contexts.erp, self._contexts.case] if self._contexts else []

    async def begin_invoice(self) -> None:
        for context in self._contexts_list():
            with contextlib.suppress(Exception):
                await context.tracing.start_chunk()

    async def end_invoice(self, *, keep_as: str | None) -> None:
        """Keep the invoice's trace and a screenshot only when it hit a system failure."""
        for name, context in zip(("erp", "case"), self._contexts_list(), strict=True):
            path = self._artefacts / f"{keep_as}-{name}" if keep_as else None
            with contextlib.suppress(Exception):
                if path is None:
                    await context.tracing.stop_chunk()
                    continue
                await context.tracing.stop_chunk(path=path.with_suffix(".trace.zip"))
                for page in context.pages:
                    await page.screenshot(path=path.with_suffix(".png"), full_page=True)
                    path.with_suffix(".png").chmod(0o600)
                path.with_suffix(".trace.zip").chmod(0o600)
