"""A journal the robot cannot use refuses the command with exit 4 and says why, on SQLite and
on PostgreSQL alike: a journal written by a newer robot, a shared journal that refuses the
connection. Never exit 70 (a bug), never the password."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from pydantic import SecretStr

from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.journal.opening import JournalUnavailable, open_journal
from robot.journal.postgres import PostgresJournal
from robot.journal.sqlite import SqliteJournal
from robot.run.purge import purge_command

NEWER = 99


def _settings(tmp_path: Path, journal_url: str = "") -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        journal_dir=tmp_path / "journal",
        runs_dir=tmp_path / "runs",
        journal_url=SecretStr(journal_url) if journal_url else None,
    )


def _no_such_database(url: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username or 'postgres'}:not-the-password-xyz@{parts.hostname}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, "/no_such_journal", parts.query, ""))


def test_a_local_journal_of_a_newer_robot_is_refused_with_a_reason(tmp_path: Path) -> None:
    SqliteJournal(tmp_path / "journal").close()
    with sqlite3.connect(tmp_path / "journal" / "journal.sqlite3") as conn:
        conn.execute("UPDATE schema_version SET version = ?", (NEWER,))
    with pytest.raises(JournalUnavailable, match="newer robot"):
        open_journal(_settings(tmp_path))
    assert purge_command(_settings(tmp_path), older_than=90) == ExitCode.SYSTEM_UNAVAILABLE


def test_a_shared_journal_of_a_newer_robot_is_refused_with_a_reason(
    tmp_path: Path, postgres_url: str
) -> None:
    PostgresJournal(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (NEWER,))
    with pytest.raises(JournalUnavailable, match="newer robot"):
        open_journal(_settings(tmp_path, postgres_url))


def test_purge_on_a_shared_journal_that_refuses_the_connection_exits_4_saying_why(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = _no_such_database(postgres_url)
    assert purge_command(_settings(tmp_path, wrong), older_than=90) == 4
    err = capsys.readouterr().err
    assert 'database "no_such_journal" does not exist' in err  # the server's reason
    assert "not-the-password-xyz" not in err
