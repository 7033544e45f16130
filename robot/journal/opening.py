"""Opening the journal the settings name: PostgreSQL by ROBOT_JOURNAL_URL, else SQLite in
ROBOT_JOURNAL_DIR."""

from __future__ import annotations

import sqlite3

from robot.config import Settings
from robot.journal.base import Journal
from robot.journal.model import JournalUnavailable
from robot.journal.url import BadJournalUrl, journal_target, shown_url

__all__ = ["JournalUnavailable", "existing_journal", "open_journal", "shown_url"]


def open_journal(settings: Settings) -> Journal:
    url = settings.journal_url.get_secret_value() if settings.journal_url else ""
    if url:
        from robot.journal.postgres import PostgresJournal

        try:
            target = journal_target(url)
        except BadJournalUrl as bad:
            raise JournalUnavailable(str(bad)) from None
        try:
            journal: Journal = PostgresJournal(target)
            return journal
        except JournalUnavailable:
            raise
        except Exception as error:
            detail = target.scrub(" ".join(str(error).split()))[:200]
            raise JournalUnavailable(
                f"the shared journal {target.shown} cannot be used: {detail}"
            ) from None
    from robot.journal.sqlite import SqliteJournal

    try:
        return SqliteJournal(settings.journal_dir)
    except (OSError, sqlite3.Error) as error:
        raise JournalUnavailable(
            f"the journal in {settings.journal_dir} cannot be used: {error}"
        ) from None


def existing_journal(settings: Settings) -> Journal | None:
    """The journal for reading (report, purge): None when a local one was never made."""
    if not settings.journal_url:
        from robot.journal.sqlite import FILE_NAME

        if not (settings.journal_dir / FILE_NAME).exists():
            return None
    return open_journal(settings)
