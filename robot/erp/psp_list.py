"""The PSP elements the ERP knows, open or closed, read through its screen in a browser of their
own: what `robot validate-mapping` checks the workbook's PSP elements against."""

from __future__ import annotations

from robot.config import Settings
from robot.erp.site import ErpSite
from robot.run.sites import logged_in


async def psp_elements(settings: Settings) -> dict[str, bool]:
    """Log in as the robot and read the list; SystemUnavailable or SiteError when it cannot."""
    async with logged_in(settings, ErpSite) as erp:
        return await erp.psp_elements()
