"""Both stand-ins served by uvicorn on free loopback ports, driven by Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fake_systems.case_system.app import create_app as create_case_app
from fake_systems.erp.app import create_app as create_erp_app
from tests.support.app_server import serving_app as serving
from tests.support.stand_in_builders import PASSWORD, seed_case, seed_erp


@dataclass(frozen=True)
class StandIns:
    erp_url: str
    case_url: str
    data_dir: Path


@pytest.fixture
def stand_ins(tmp_path: Path) -> Iterator[StandIns]:
    seed_erp(tmp_path)
    seed_case(tmp_path)
    with (
        serving(create_erp_app(tmp_path)) as erp_url,
        serving(create_case_app(tmp_path)) as case_url,
    ):
        yield StandIns(erp_url, case_url, tmp_path)


def log_in(page: Page, url: str, username: str) -> None:
    """Log in through the login form, as a person would."""
    page.goto(url)
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_test_id("current-user")).to_have_attribute("data-value", username)
