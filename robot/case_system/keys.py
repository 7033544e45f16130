"""The posting keys the case system's grants use, read through its screen in a browser of
their own: what `robot validate-mapping` checks the workbook's PSP rows against."""

from __future__ import annotations

from playwright.async_api import async_playwright

from robot.browser import launch, new_context
from robot.case_system.site import CaseSite
from robot.config import Settings


async def keys_in_use(settings: Settings) -> set[tuple[str, str, str, str]]:
    """Log in as the robot and read the keys; SystemUnavailable or SiteError when it cannot."""
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            context = await new_context(browser, settings)
            site = CaseSite(
                context,
                base_url=settings.case_url,
                user=settings.case_user,
                password=settings.case_password,
            )
            await site.login()
            return await site.grant_keys()
        finally:
            await browser.close()
