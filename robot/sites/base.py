"""A system reached through one browser page: go to a screen, log in again when needed, read it.

Playwright's errors never leave this module raw: a timeout, a refused connection or an
error page becomes a SiteError (retry later); a missing element becomes ScreenChanged.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit

import structlog
from playwright.async_api import BrowserContext, Page, Response
from playwright.async_api import Error as PlaywrightError
from pydantic import SecretStr

from robot.errors import ScreenChanged, SessionExpired, SiteError, SystemUnavailable
from robot.sites.screen import (
    FETCH_SCREEN,
    FILL_FORM,
    READ_SCREEN,
    SUBMIT_FORM,
    Fields,
    Snapshot,
)
from robot.sites.screen_use import SCREEN_USE
from robot.sites.traces import TraceRecorder

T = TypeVar("T")
log = structlog.get_logger("robot.sites")


class LoginRefused(SystemUnavailable):
    """The system answered, but refused the robot's user name and password."""


# A throttled login (too many attempts for the user, from anyone) says how long to wait; the
# robot waits that long and tries again, within this budget, rather than give the run up.
THROTTLE_BUDGET_S = 150.0


class Site:
    """One system in one browser context, with one page; subclasses are the screens' owners."""

    name = "system"
    key = "system"  # short name for figures: erp, case

    def __init__(
        self, context: BrowserContext, *, base_url: str, user: str, password: SecretStr
    ) -> None:
        self._context = context
        self._base = base_url.rstrip("/")
        self._user = user
        self._password = password
        self._page: Page | None = None
        self.recorder: TraceRecorder | None = None  # set by the worker; paused for logins
        # Called right before any form is submitted (set by the run for the invoice in hand):
        # raises when the write must not go out.
        self.before_write: Callable[[], None] | None = None

    async def page(self) -> Page:
        if self._page is None or self._page.is_closed():
            self._page = await self._context.new_page()
        return self._page

    def url(self, path: str) -> str:
        return self._base + path

    async def current_path(self) -> str:
        return urlsplit((await self.page()).url).path

    async def login(self) -> None:
        """Log in through the login form; LoginRefused when the credentials are wrong."""
        if self.recorder is not None:
            await self.recorder.pause()  # a trace of the login would hold the password
        try:
            await self._login()
        finally:
            if self.recorder is not None:
                await self.recorder.resume()

    async def _login(self) -> None:
        waited = 0.0
        while True:
            page = await self.page()
            await self._goto_raw(page, "/login")
            await self._guard(page, "login page", self._fill_login(page))
            if await self.current_path() != "/login":
                return
            found = await self._guard(page, "login page", page.evaluate(_LOGIN_ERROR))
            if found is None:
                raise SiteError(f"the {self.name} did not get past its login page")
            text, retry_after = found
            if retry_after is None or waited + float(retry_after) > THROTTLE_BUDGET_S:
                raise LoginRefused(f"the {self.name} refused the robot's login: {text}")
            # Throttled (others' failed attempts, or many logins at once): wait as told.
            log.info("login_throttled", system=self.key, wait_s=retry_after)
            await asyncio.sleep(float(retry_after))
            waited += float(retry_after)

    async def _fill_login(self, page: Page) -> None:
        await page.get_by_label("Brugernavn").fill(self._user)
        await page.get_by_label("Adgangskode").fill(self._password.get_secret_value())
        SCREEN_USE.count_submission(self.key)
        async with page.expect_navigation():
            await page.get_by_role("button", name="Log ind").click()

    async def goto(self, path: str, *, screen: str) -> Page:
        """Open a screen; log in again first if the session has expired."""
        page = await self.page()
        await self._goto_raw(page, path)
        if await self.current_path() == "/login":
            log.info("session_renewed", system=self.key, screen=screen, on="page load")
            await self.login()
            await self._goto_raw(page, path)
            if await self.current_path() == "/login":
                raise SiteError(f"the {self.name} sent the robot back to login on the {screen}")
        return page

    async def _goto_raw(self, page: Page, path: str) -> None:
        SCREEN_USE.count_load(self.key)
        response = await self._guard(page, path, page.goto(self.url(path)))
        self._check(response, what=path)

    def _check(self, response: Response | None, *, what: str) -> None:
        if response is not None and response.status >= 500:
            raise SiteError(f"the {self.name} answered {response.status} on {_safe(what)}")

    async def _guard(self, page: Page, screen: str, action: Awaitable[T]) -> T:
        """Run a Playwright action; its failures become site errors that name the screen."""
        try:
            return await action
        except PlaywrightError as error:
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise SiteError(f"the {self.name} failed on {_safe(screen)}: {first}") from error

    async def read(
        self,
        page: Page,
        screen: str,
        *,
        groups: dict[str, str] | None = None,
        wanted: tuple[str, ...] = (),
    ) -> Snapshot:
        """The screen in one call: whether each wanted test id is there, and the rows of each
        group (a CSS selector per group)."""
        raw = await self._guard(page, screen, page.evaluate(READ_SCREEN, [groups or {}, wanted]))
        return Snapshot.from_js(f"{self.name} {screen}", raw)

    async def fetch_screen(
        self,
        path: str,
        screen: str,
        *,
        groups: dict[str, str] | None = None,
        wanted: tuple[str, ...] = (),
    ) -> Snapshot:
        """Another screen of this system, read from the page the robot is on without leaving it
        (the page's own request, with its session): for a screen only read, never filled.
        Logs in again first when the answer is the login page."""
        page = await self.page()
        if urlsplit(page.url).scheme not in ("http", "https"):
            page = await self.goto(path, screen=screen)  # nothing open yet: just go there
            return await self.read(page, screen, groups=groups, wanted=wanted)
        for attempt in (1, 2):
            SCREEN_USE.count_load(self.key)
            raw = json.loads(
                await self._guard(
                    page, screen, page.evaluate(FETCH_SCREEN, [path, groups or {}, wanted])
                )
            )
            if raw["status"] >= 500:
                raise SiteError(f"the {self.name} answered {raw['status']} on {_safe(screen)}")
            if raw["path"] != "/login":
                return Snapshot.from_js(f"{self.name} {screen}", raw)
            if attempt == 1:
                log.info("session_renewed", system=self.key, screen=screen, on="page read")
                await self.login()
                page = await self.page()
        raise SiteError(f"the {self.name} sent the robot back to login on the {screen}")

    async def rows(self, page: Page, selector: str) -> list[Fields]:
        return (await self.read(page, selector, groups={"rows": selector})).rows("rows")

    async def fill_and_submit(
        self,
        *,
        path: str,
        screen: str,
        form: str,
        fields: list[tuple[str, str]],
        button: str,
        recheck: Callable[[Page], Awaitable[None]],
        optional: list[tuple[str, str]] | None = None,
    ) -> Snapshot:
        """On the form's page (loaded unless the robot is there), fill the form's fields (by
        label), press its button, and read the answer page.

        A form, field or button that is not there means the screen has changed. An answer that
        is the login page means the session died before the write, so nothing was written: the
        robot logs in again, loads the page afresh, lets `recheck` read that the write is still
        wanted (it raises if the state changed meanwhile), and submits once more. Sessions that
        die after a fixed time would otherwise defeat any invoice slower than their lifetime.
        A second login page is SessionExpired.
        """
        page = await self.page()
        if await self.current_path() != path:
            page = await self.goto(path, screen=screen)
        extra = optional or []
        await self._submit(
            page, screen=screen, form=form, fields=fields, button=button, optional=extra
        )
        if urlsplit(page.url).path == "/login":
            log.info("session_renewed", system=self.key, screen=screen, on="form submission")
            await self.login()
            page = await self.goto(path, screen=screen)
            await recheck(page)
            await self._submit(
                page, screen=screen, form=form, fields=fields, button=button, optional=extra
            )
            if urlsplit(page.url).path == "/login":
                raise SessionExpired(f"the {self.name} session expired on the {screen}")
        return await self.read(page, screen, groups=self.answer_groups, wanted=self.answer_wanted)

    async def _submit(
        self,
        page: Page,
        *,
        screen: str,
        form: str,
        fields: list[tuple[str, str]],
        button: str,
        optional: list[tuple[str, str]],
    ) -> None:
        missing = await self._guard(
            page, screen, page.evaluate(FILL_FORM, [form, fields, button, optional])
        )
        if missing:
            raise ScreenChanged(page=f"{self.name} {screen}", element=str(missing))
        # The last moment before the write leaves: a process whose lease may have passed on
        # (paused, cut off from the journal) must not send it.
        if self.before_write is not None:
            self.before_write()
        SCREEN_USE.count_submission(self.key)
        try:
            async with page.expect_navigation() as navigation:
                await page.evaluate(SUBMIT_FORM, [form, button])
            response = await navigation.value
        except PlaywrightError as error:
            first = str(error).splitlines()[0]
            raise SiteError(f"the {self.name} failed on submit at the {screen}: {first}") from error
        self._check(response, what=screen)

    # What fill_and_submit reads of the answer page; subclasses name their screens' parts.
    answer_groups: dict[str, str] = {}  # noqa: RUF012 - read-only class default
    answer_wanted: tuple[str, ...] = ()


# The login page's error and, when the login was throttled, the seconds to wait.
_LOGIN_ERROR = """() => {
  const box = document.querySelector('[data-testid=form-error]');
  if (!box) return null;
  const wait = box.dataset.retryAfter;
  return [box.textContent.trim(), wait === undefined ? null : Number(wait)];
}"""


def _safe(what: str) -> str:
    """Paths on the case system carry CPR numbers: never put them in a message."""
    from robot.privacy import mask_cpr

    return mask_cpr(what)
