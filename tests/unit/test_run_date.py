"""The run date is the date in Denmark (DOMAIN.md "Controls before paying"), whatever the host's
clock zone: a run at 00:30 Danish time on 1 December is a December run."""

from __future__ import annotations

from datetime import UTC, date, datetime

from robot.config import Settings, danish_today


def test_run_date_is_the_danish_date_at_half_past_midnight_on_a_utc_host() -> None:
    half_past_midnight_in_denmark = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert danish_today(half_past_midnight_in_denmark) == date(2026, 12, 1)


def test_run_date_follows_danish_summer_time() -> None:
    # 22:30 UTC on 31 July is 00:30 on 1 August in Denmark (UTC+2).
    assert danish_today(datetime(2026, 7, 31, 22, 30, tzinfo=UTC)) == date(2026, 8, 1)
    assert danish_today(datetime(2026, 7, 31, 21, 30, tzinfo=UTC)) == date(2026, 7, 31)


def test_robot_today_still_overrides_the_run_date() -> None:
    assert Settings(today=date(2026, 11, 23)).run_date() == date(2026, 11, 23)
