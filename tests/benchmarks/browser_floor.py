"""The browser floor: each invoice's page loads in the robot's own browser set-up (the executable,
BROWSER_FLAGS, one context per system per worker, logged in through the robot's own page
objects, decoration blocked) with nothing read, filled or decided. A page the robot reads
without navigating is fetched from the page the worker is on, as the robot does; a form
submission is modelled as loading the page its answer shows."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from playwright.async_api import Page, async_playwright
from pydantic import SecretStr

from robot.browser import launch, new_context
from robot.config import Settings
from robot.domain.systems import System
from robot.run.sites import specs
from tests.benchmarks.robot_requests import InvoicePlan
from tests.support.stand_ins import StandIns

# The answer's text only: the robot parses and reads it besides (robot/sites/screen.py).
_FETCH = "async (path) => (await (await fetch(path, {credentials: 'same-origin'})).text()).length"


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
            page = pages[step.system]
            if step.fetched:
                await page.evaluate(_FETCH, step.path)
            else:
                path = step.path if step.form is None else step.lands_on
                await page.goto(bases[step.system] + path)
            loads += 1
    return loads


async def _floor(settings: Settings, plans: list[InvoicePlan]) -> Floor:
    used = {System(step.system) for plan in plans for step in plan.steps}
    chosen = specs(used)  # as the robot, which logs in only where its ways to pay go
    bases = {spec.system.value: settings.login(spec.system.value)[0] for spec in chosen}
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            workers = []
            for _ in range(settings.workers):
                pages = {}
                for spec in chosen:
                    site = spec.open(await new_context(browser, settings), settings)
                    await site.login()  # the robot's own login, through the form
                    pages[spec.system.value] = await site.page()
                workers.append(pages)
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
    secret = SecretStr(password)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]  # the benchmark's own values, not a .env file
        erp_url=stand_ins.erp_url,
        case_url=stand_ins.case_url,
        benefits_url=stand_ins.benefits_url,
        erp_user=username,
        erp_password=secret,
        case_user=username,
        case_password=secret,
        benefits_user=username,
        benefits_password=secret,
        workers=workers,
    )
    return asyncio.run(_floor(settings, plans))
