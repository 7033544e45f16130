"""Each journal test runs on both implementations: SQLite in a folder, PostgreSQL on a
throwaway server (skipped, with the reason, where none can be started)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from robot.journal.base import Journal
from robot.journal.postgres import PostgresJournal
from robot.journal.sqlite import SqliteJournal

Opener = Callable[[], Journal]


@pytest.fixture(params=["sqlite", "postgres"])
def open_journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens (again) the same journal: a new connection each call, as another process would."""
    opened: list[Journal] = []
    if request.param == "sqlite":
        folder = tmp_path / "journal"

        def opener() -> Journal:
            journal: Journal = SqliteJournal(folder)
            opened.append(journal)
            return journal
    else:
        url = request.getfixturevalue("postgres_url")

        def opener() -> Journal:
            journal: Journal = PostgresJournal(url)
            opened.append(journal)
            return journal

    yield opener
    for journal in opened:
        journal.close()
