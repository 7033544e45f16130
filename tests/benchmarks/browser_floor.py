"""The browser floor: each invoice's page loads in the robot's own browser set-up (the executable,
BROWSER_FLAGS, one context per system per worker, decoration blocked) with nothing read, filled
or decided; a form submission is modelled as loading the page its answer shows."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from playwright.async_api import Page, async_playwright
from pydantic import SecretStr

from robot.browser import launch, new_context
from robot.case_system.site import CaseSite
from robot.config import Settings
from robot.erp.site import ErpSite
from robot.sites.base import Site
from tests.benchmarks.robot_requests import InvoicePlan
from tests.support.stand_ins import StandIns


@dataclass(frozen=True)
class Floor:
    invoices: int
    workers: int
    page_loads: int
    seconds: float  # from the first invoice's first load to the last invoice's last

    @property
    def per_minute(self) -> float:
        return self.invoices / self.seconds * 60


async def _worker(
    pages: dict[str, Page], bases: dict[str, str], queue: asyncio.Queue[InvoicePlan]
) -> int:
    loads = 0
    while not queue.empty():
        plan = queue.get_nowait()
        for step in plan.steps:
            path = step.path if step.form is None else step.lands_on
            await pages[step.system].goto(bases[step.system] + path)
            loads += 1
    return loads


async def _logged_in(site: Site) -> Page:
    await site.login()  # the robot's own login, through the form
    return await site.page()


async def _floor(settings: Settings, plans: list[InvoicePlan]) -> Floor:
    bases = {"erp": settings.erp_url, "case": settings.case_url}
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            workers = []
            for _ in range(settings.workers):
                erp = await new_context(browser, settings)
                case = await new_context(browser, settings)
                erp_site = ErpSite(
                    erp,
                    base_url=bases["erp"],
                    user=settings.erp_user,
                    password=settings.erp_password,
                )
                case_site = CaseSite(
                    case,
                    base_url=bases["case"],
                    user=settings.case_user,
                    password=settings.case_password,
                )
                workers.append(
                    {"erp": await _logged_in(erp_site), "case": await _logged_in(case_site)}
                )
            queue: asyncio.Queue[InvoicePlan] = asyncio.Queue()
            for plan in plans:
                queue.put_nowait(plan)
            start = time.perf_counter()
            loads = await asyncio.gather(*(_worker(pages, bases, queue) for pages in workers))
            seconds = time.perf_counter() - start
        finally:
            await browser.close()
    return Floor(len(plans), settings.workers, sum(loads), seconds)


def run_floor(
    stand_ins: StandIns, plans: list[InvoicePlan], *, workers: int, username: str, password: str
) -> Floor:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]  # the benchmark's own values, not a .env file
        erp_url=stand_ins.erp_url,
        case_url=stand_ins.case_url,
        erp_user=username,
        erp_password=SecretStr(password),
        case_user=username,
        case_password=SecretStr(password),
        workers=workers,
    )
    return asyncio.run(_floor(settings, plans))
