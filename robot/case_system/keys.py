"""The posting keys the case system's grants use, read through its screen in a browser of
their own: what `robot validate-mapping` checks the workbook's PSP rows against."""

from __future__ import annotations

from robot.case_system.site import CaseSite
from robot.config import Settings
from robot.run.sites import logged_in


async def keys_in_use(settings: Settings) -> set[tuple[str, str, str, str]]:
    """Log in as the robot and read the keys; SystemUnavailable or SiteError when it cannot."""
    async with logged_in(settings, CaseSite) as case:
        return await case.grant_keys()
