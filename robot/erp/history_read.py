"""The ERP's history of posted invoices and its PSP elements, read through its screens in a
browser of its own, once, for `robot suggest-plans` and `robot backtest`."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from robot.config import Settings
from robot.domain.history import PostedBill
from robot.erp.site import ErpSite
from robot.run.retry import start_up_retrying
from robot.run.sites import logged_in


@dataclass(frozen=True, slots=True)
class ErpHistory:
    """What the ERP showed: every invoice posted in the window, each PSP element and whether it
    is open, and how long reading took."""

    bills: tuple[PostedBill, ...]
    psp_elements: dict[str, bool]
    seconds: float

    @property
    def open_psp(self) -> frozenset[str]:
        return frozenset(psp for psp, is_open in self.psp_elements.items() if is_open)


async def read_erp_history(settings: Settings, *, since: date, until: date) -> ErpHistory:
    """Log in as the robot and read the window's posted invoices (posting days `since` to
    `until`, both included) and the PSP list; a fault is retried as at a run's start.
    SystemUnavailable when the ERP refuses the login, SiteError when it cannot be read."""
    started = time.monotonic()
    read: tuple[list[PostedBill], dict[str, bool]]
    read = await start_up_retrying(settings)(_read, settings, since=since, until=until)
    bills, elements = read
    return ErpHistory(tuple(bills), elements, time.monotonic() - started)


async def _read(
    settings: Settings, *, since: date, until: date
) -> tuple[list[PostedBill], dict[str, bool]]:
    async with logged_in(settings, ErpSite) as erp:
        elements = await erp.psp_elements()
        return await erp.posted_history(since=since, until=until), elements
