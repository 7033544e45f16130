"""`--until HH:MM` is Danish local time: the next time the Danish clock shows it."""

from __future__ import annotations

from datetime import UTC, datetime, time

from robot.config import DANISH_TIME
from robot.run.timebox import next_occurrence


def test_until_later_today_is_today_in_danish_time() -> None:
    now = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 01:30 in Denmark
    assert next_occurrence(time(6, 0), now=now) == datetime(2026, 11, 23, 6, 0, tzinfo=DANISH_TIME)


def test_until_a_time_already_passed_is_tomorrow() -> None:
    now = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 23:00 in Denmark
    assert next_occurrence(time(6, 0), now=now) == datetime(2026, 11, 24, 6, 0, tzinfo=DANISH_TIME)
