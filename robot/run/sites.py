"""The systems the robot drives, each described once: its name, where its settings are, and
its page objects. Workers, contexts, logins, secrets and the processes' environment follow this
list; a run logs in only to the systems its workbook's ways to pay need."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from playwright.async_api import async_playwright

from robot.benefits.site import BenefitsSite
from robot.browser import launch, new_context
from robot.case_system.site import CaseSite
from robot.config import Settings
from robot.domain.systems import System
from robot.erp.site import ErpSite
from robot.sites.base import Site


@dataclass(frozen=True, slots=True)
class SiteSpec:
    system: System
    site: type[Site]

    @property
    def variables(self) -> tuple[str, str, str]:
        """The environment variables of its address and login (contract section 1)."""
        prefix = f"ROBOT_{self.system.value.upper()}"
        return (f"{prefix}_URL", f"{prefix}_USER", f"{prefix}_PASSWORD")

    def open(self, context: object, settings: Settings) -> Site:
        url, user, password = settings.login(self.system.value)
        return self.site(context, base_url=url, user=user, password=password)  # type: ignore[arg-type]


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(System.ERP, ErpSite),
    SiteSpec(System.CASE, CaseSite),
    SiteSpec(System.BENEFITS, BenefitsSite),
)


def specs(systems: Iterable[System]) -> tuple[SiteSpec, ...]:
    """The specs of these systems, in the list's order."""
    wanted = set(systems)
    return tuple(spec for spec in SITES if spec.system in wanted)


def missing_logins(settings: Settings, systems: Iterable[System]) -> list[str]:
    """The environment variables a run over these systems needs and does not have (a password
    left empty): the run stops before anything, naming them (exit 2)."""
    missing = []
    for spec in specs(systems):
        _, user, password = settings.login(spec.system.value)
        names = spec.variables
        if not user:
            missing.append(names[1])
        if not password.get_secret_value():
            missing.append(names[2])
    return missing


def secrets(settings: Settings) -> list[str]:
    """Every system's password, for scrubbing them out of kept traces."""
    return [
        value
        for spec in SITES
        if (value := settings.login(spec.system.value)[2].get_secret_value())
    ]


S = TypeVar("S", bound=Site)


@asynccontextmanager
async def logged_in(settings: Settings, site: type[S]) -> AsyncIterator[S]:
    """One system's site in a browser of its own, logged in as the robot, for a command that
    reads a screen or two once (validate-mapping, suggest-plans, backtest); the browser is
    closed on the way out. SystemUnavailable when the login is refused."""
    (spec,) = (spec for spec in SITES if spec.site is site)
    url, user, password = settings.login(spec.system.value)
    async with async_playwright() as playwright:
        browser = await launch(playwright, settings)
        try:
            context = await new_context(browser, settings)
            opened = site(context, base_url=url, user=user, password=password)
            await opened.login()
            yield opened
        finally:
            await browser.close()
