"""`robot status --html`: the Danish status page, opened in a real browser as a person on the
intranet would, says in words whether all is well, and shows the run going on, the last run and
what needs a person; it needs nothing from outside the file."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from robot.config import BROWSER_FLAGS, DEFAULT_BROWSER
from robot.status.lock_probe import LockProbe
from robot.status.model import decide_status
from robot.status.page import PageInput, write_page
from tests.unit.status.builders import (
    LEASE_S,
    NOW,
    ago,
    iso_ago,
    make_facts,
    make_held,
    make_run,
    make_streak,
    make_task,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """pytest-playwright's one Playwright of the test process (a second one in the same process
    would fail), with the robot's own browser and flags."""
    launched = playwright.chromium.launch(
        executable_path=str(DEFAULT_BROWSER), args=list(BROWSER_FLAGS)
    )
    yield launched
    launched.close()


def opened(browser: Browser, path: Path) -> tuple[Page, list[str]]:
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(path.as_uri())
    return page, asked


def test_a_page_with_work_for_a_person_says_so_in_words_and_lists_it(
    browser: Browser, tmp_path: Path
) -> None:
    running = make_run("r2", started_at=iso_ago(minutes=10), finished_at=None)
    facts = make_facts(
        runs=[make_run("r1"), running],
        held=[make_held("ERP-000123", renewed=ago(seconds=LEASE_S * 3))],
        lock=LockProbe(held=True, pid=42),
        invoices_left=12,
        person_tasks=[make_task()],
        failing=[make_streak("ERP-000555", runs=2)],
    )
    path = tmp_path / "www" / "status.html"
    write_page(
        path, PageInput(written_at=NOW.timestamp(), status=decide_status(facts, lease_s=LEASE_S))
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    page, asked = opened(browser, path)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Betalingsrobotten: Kræver opmærksomhed"
    )
    expect(page.get_by_role("list", name="Problemer")).to_contain_text(
        "skal gøres færdig af en person"
    )
    in_work = page.get_by_role("table", name="Fakturaer under behandling")
    expect(in_work.get_by_role("row", name="ERP-000123")).to_contain_text("Hænger")
    person = page.get_by_role("table", name="Fakturaer en person skal gøre færdig")
    expect(person.get_by_role("row", name="ERP-000777")).to_contain_text("bevilling B-1043")
    expect(person.get_by_role("row", name="ERP-000777")).to_contain_text(
        "32.240,00 kr. for 01.10.2026–31.10.2026"
    )
    expect(person.get_by_role("row", name="ERP-000555")).to_contain_text("2 kørsler i træk")
    last = page.get_by_role("table", name="Seneste afsluttede kørsel")
    expect(last.get_by_role("row", name="Fakturaer")).to_contain_text("48")
    codes = page.get_by_role("table", name="Koder for manuel behandling")
    expect(codes.get_by_role("row", name="AMOUNT_MISMATCH")).to_contain_text("Beløbet passer ikke")
    expect(page.locator("footer")).to_contain_text("23.11.2026 kl. 09.00 (dansk tid)")
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "60"
    assert page.locator("script").count() == 0
    assert asked == [path.as_uri()]  # nothing fetched from anywhere else
    page.close()


def test_a_page_with_nothing_to_do_is_green_in_words(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "status.html"
    status = decide_status(make_facts(), lease_s=LEASE_S)
    write_page(path, PageInput(written_at=NOW.timestamp(), status=status))
    page, _ = opened(browser, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Betalingsrobotten: Alt er i orden")
    expect(page.get_by_text("Ingen kørsel i gang lige nu.")).to_be_visible()
    expect(page.get_by_text("Intet venter på en person.").first).to_be_visible()
    page.close()


def test_the_page_is_replaced_whole_when_written_again(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "status.html"
    write_page(path, PageInput(written_at=NOW.timestamp(), no_journal=True, expect_every=True))
    page, _ = opened(browser, path)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Betalingsrobotten: Kræver opmærksomhed"
    )
    expect(page.get_by_text("En kørsel var ventet")).to_be_visible()
    write_page(path, PageInput(written_at=NOW.timestamp(), no_journal=True))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Betalingsrobotten: Alt er i orden")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    page.close()
