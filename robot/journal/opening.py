"""Opening the journal the settings name: PostgreSQL by ROBOT_JOURNAL_URL, else SQLite in
ROBOT_JOURNAL_DIR."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit, urlunsplit

from robot.config import Settings
from robot.journal.base import Journal
from robot.journal.model import JournalUnavailable

__all__ = ["JournalUnavailable", "existing_journal", "open_journal", "shown_url"]


def shown_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, "", ""))


def open_journal(settings: Settings) -> Journal:
    url = settings.journal_url.get_secret_value() if settings.journal_url else ""
    if url:
        from robot.journal.postgres import PostgresJournal

        try:
            journal: Journal = PostgresJournal(url)
            return journal
        except JournalUnavailable:
            raise
        except Exception as error:
            detail = " ".join(str(error).split())[:200]
            raise JournalUnavailable(
                f"the shared journal {shown_url(url)} cannot be used: {detail}"
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
