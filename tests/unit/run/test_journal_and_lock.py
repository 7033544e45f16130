"""The embedded journal is owner-only; the lock allows one run at a time per host."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.journal.sqlite import SqliteJournal
from robot.run.lock import LockHeld, RunLock


def test_journal_and_its_folder_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "j")
    assert (tmp_path / "j").stat().st_mode & 0o777 == 0o700
    assert journal.path.stat().st_mode & 0o777 == 0o600
    journal.close()


def test_second_run_on_the_same_host_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with RunLock(tmp_path), pytest.raises(LockHeld, match="another robot run"), RunLock(tmp_path):
        pass


def test_lock_is_free_again_after_a_run(tmp_path: Path) -> None:
    with RunLock(tmp_path):
        pass
    with RunLock(tmp_path):
        pass
