"""Fixtures every kind of test may use: a PostgreSQL server, started once for the session."""

from __future__ import annotations

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
