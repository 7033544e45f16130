"""Durations as operators write them after --expect-every."""

from __future__ import annotations

from datetime import timedelta

import pytest

from robot.status.durations import BadDuration, parse_duration, spoken


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("45m", 2700), ("26h", 93600), ("2d", 172800), ("1h30m", 5400), (" 26H ", 93600)],
)
def test_a_duration_is_read_in_seconds_minutes_hours_and_days(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "26", "h", "2x", "1.5h", "-1d", "26 h", "0s", "0h0m", "1h-"])
def test_anything_else_is_refused_with_how_to_write_one(text: str) -> None:
    with pytest.raises(BadDuration, match=r"e\.g\. 90s, 45m, 26h or 2d"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (5.4, "5 s"),
        (119, "119 s"),
        (720, "12 min"),
        (3 * 3600 + 300, "3 h 5 min"),
        (50 * 3600, "2 days 2 h"),
    ],
)
def test_a_duration_is_said_in_its_largest_sensible_units(seconds: float, said: str) -> None:
    assert spoken(seconds) == said
