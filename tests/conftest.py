"""Fixtures every kind of test may use: a PostgreSQL server, started once for the session; and
every test free of the event loop pytest-playwright's browser tests leave behind."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest

from tests.support.postgres import fresh_database, postgres_server, why_no_postgres

_databases = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    reason = why_no_postgres()
    if reason is not None:
        pytest.skip(reason)
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> str:
    """A fresh, empty database on the session's server."""
    return fresh_database(postgres_server_url, f"journal_{next(_databases)}")


# Playwright's sync API, which pytest-playwright's fixtures use, marks its event loop as the
# thread's running loop between its calls, and its session-wide Playwright lives until the test
# process ends. A later test or fixture in the same process that calls asyncio.run() (the
# robot's commands do) failed with "cannot be called from a running event loop", so whether it
# passed depended on which tests its process had run before. The mark is taken off after each
# test and put back before the setup and teardown of a test that uses those fixtures, and before
# the last teardown, where the session's Playwright stops.
_unmarked: list[asyncio.AbstractEventLoop] = []


def _mark_again() -> None:
    if _unmarked:
        asyncio._set_running_loop(_unmarked.pop())


def _uses_playwright(item: pytest.Item) -> bool:
    return "playwright" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    if _uses_playwright(item):
        _mark_again()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    if _uses_playwright(item) or nextitem is None:
        _mark_again()
    try:
        return (yield)
    finally:
        left = asyncio._get_running_loop()
        if left is not None and nextitem is not None:
            asyncio._set_running_loop(None)
            _unmarked[:] = [left]
