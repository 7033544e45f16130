"""The PSP elements the ERP knows, open or closed, read through its screen in a browser of their
own: what `robot validate-mapping` checks the workbook's PSP elements against."""

from __future__ import annotations

from playwright.async_api import async_playwright

from robot.browser import launch, new_context
from robot.config import Settings
from robot.erp.site import ErpSite


async def psp_elements(settings: Settings) -> dict[str, bool]:
    """Log in as the robot and read the list; SystemUnavailable or SiteError when it cannot."""
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            context = await new_context(browser, settings)
            site = ErpSite(
                context,
                base_url=settings.erp_url,
                user=settings.erp_user,
                password=settings.erp_password,
            )
            await site.login()
            return await site.psp_elements()
        finally:
            await browser.close()
