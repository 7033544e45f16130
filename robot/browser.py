"""The headless browser: one Chromium, one context per system, only the requests a robot needs."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from playwright.async_api import Browser, BrowserContext, Playwright, Route

from robot.config import BROWSER_FLAGS, Settings

# A robot reads text and fills forms: pictures, fonts and styles only cost CPU. Only these
# URLs are intercepted; a catch-all route would send every request through the driver.
_DECORATION = re.compile(r"\.(css|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|otf)(\?.*)?$", re.I)


async def _block_decoration(route: Route) -> None:
    await route.abort()


async def launch(playwright: Playwright, settings: Settings) -> Browser:
    executable = settings.browser_path if settings.browser_path.exists() else None
    return await playwright.chromium.launch(
        executable_path=executable,
        headless=settings.headless,
        args=list(BROWSER_FLAGS),
    )


async def new_context(
    browser: Browser, settings: Settings, *, storage_state: dict[str, object] | None = None
) -> BrowserContext:
    """A fresh context with the robot's timeouts; decoration is never fetched."""
    context = await browser.new_context(
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        storage_state=storage_state,  # type: ignore[arg-type]
        service_workers="block",
    )
    context.set_default_timeout(settings.timeout_ms)
    context.set_default_navigation_timeout(settings.timeout_ms)
    await context.route(_DECORATION, _block_decoration)
    return context


@dataclass
class SystemContexts:
    """The two contexts of one worker: one per system, never two pages in one context."""

    erp: BrowserContext
    case: BrowserContext

    async def close(self) -> None:
        for context in (self.erp, self.case):
            with contextlib.suppress(Exception):  # a dead context is already closed
                await context.close()
