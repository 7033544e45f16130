"""Times people read are Danish local time (CET, CEST in summer); stored values stay UTC; months
are shown as MM.YYYY."""

from __future__ import annotations

import pytest

from fake_systems.web.formatting import da_datetime, da_month


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-11-23T02:00:05Z", "23.11.2026 03:00:05"),  # winter: UTC+1
        ("2026-07-01T12:00:00Z", "01.07.2026 14:00:00"),  # summer: UTC+2
        ("2026-03-29T00:59:59Z", "29.03.2026 01:59:59"),  # the last second of winter time
        ("2026-03-29T01:00:00Z", "29.03.2026 03:00:00"),  # summer time begins
        ("2026-10-25T00:59:59Z", "25.10.2026 02:59:59"),
        ("2026-10-25T01:00:00Z", "25.10.2026 02:00:00"),  # the hour that comes twice
        ("2026-12-31T23:30:00Z", "01.01.2027 00:30:00"),  # a new day and year in Denmark
        ("2026-11-23T02:00:05", "23.11.2026 03:00:05"),  # no zone: stored in UTC all the same
        ("2026-11-23T02:00:05+00:00", "23.11.2026 03:00:05"),
    ],
)
def test_a_stored_utc_time_is_shown_in_danish_local_time(stored: str, shown: str) -> None:
    assert da_datetime(stored) == shown


@pytest.mark.parametrize(("stored", "shown"), [(None, ""), ("", ""), ("i går", "i går")])
def test_an_empty_or_unreadable_time_is_shown_as_it_is(stored: str | None, shown: str) -> None:
    assert da_datetime(stored) == shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("2026-12", "12.2026"), ("2027-01", "01.2027"), (None, ""), ("", ""), ("dec", "dec")],
)
def test_a_month_is_shown_the_danish_way(stored: str | None, shown: str) -> None:
    assert da_month(stored) == shown
