"""Both stand-ins served by uvicorn on free loopback ports, driven by Debian's Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Page, expect

from fake_systems.case_system.app import create_app as create_case_app
from fake_systems.erp.app import create_app as create_erp_app
from tests.support.stand_in_builders import PASSWORD, seed_case, seed_erp


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app on a free 127.0.0.1 port in a thread, until the block ends."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the stand-in did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


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
