"""The generator's own arithmetic, written from DOMAIN.md apart from the robot's: amounts across
rate changes, the cadence periods of payment plans, and how a bundle's outcomes are counted."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from fake_systems.scenarios.catalogue import PLAN_KINDS
from fake_systems.scenarios.expected import Expected, entry_json, outcome_counts
from fake_systems.scenarios.money import with_rates
from fake_systems.scenarios.people import PLACES, Identities
from fake_systems.scenarios.plan_book import LINE_TEXT_ROOM, PlanBook, cadence_bounds

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
D = Decimal


def test_a_day_rate_change_bills_each_day_at_the_rate_in_force_as_domain_says() -> None:
    """DOMAIN.md's example: 14 x 1.040,00 + 17 x 1.100,00 = 33.260,00."""
    rates = ((date(2026, 1, 1), D("1040.00")), (date(2026, 10, 15), D("1100.00")))
    assert with_rates("day", rates, None, *OCTOBER) == D("33260.00")


def test_a_month_rate_change_prorates_each_stretch_by_the_days_of_the_month() -> None:
    rates = ((date(2026, 1, 1), D("31000.00")), (date(2026, 10, 15), D("34100.00")))
    # 14/31 x 31.000,00 = 14.000,00 and 17/31 x 34.100,00 = 18.700,00
    assert with_rates("month", rates, None, *OCTOBER) == D("32700.00")


def test_an_hour_rate_change_prorates_rate_times_the_fixed_hours() -> None:
    rates = ((date(2026, 1, 1), D("400.00")), (date(2026, 10, 11), D("410.00")))
    # 10/31 x 400 x 20 = 2.580,645... -> 2.580,65; 21/31 x 410 x 20 = 5.554,838... -> 5.554,84
    assert with_rates("hour", rates, 20, *OCTOBER) == D("8135.49")


def test_a_whole_month_under_one_rate_is_exactly_that_rate_after_an_earlier_change() -> None:
    rates = ((date(2025, 3, 1), D("9000.00")), (date(2026, 1, 1), D("9375.00")))
    assert with_rates("month", rates, None, *OCTOBER) == D("9375.00")


@pytest.mark.parametrize(
    ("cadence", "bounds"),
    [
        ("måned", (date(2026, 11, 1), date(2026, 11, 30))),
        ("kvartal", (date(2026, 10, 1), date(2026, 12, 31))),
        ("halvår", (date(2026, 7, 1), date(2026, 12, 31))),
        ("år", (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_a_cadence_period_is_the_calendar_period_the_day_lies_in(
    cadence: str, bounds: tuple[date, date]
) -> None:
    assert cadence_bounds(cadence, date(2026, 11, 23)) == bounds


def test_every_plan_line_text_leaves_room_for_its_period_in_the_erps_50_characters() -> None:
    longest = max(len(f"{kind.item} {place}") for kind in PLAN_KINDS for place in PLACES)
    assert longest <= LINE_TEXT_ROOM


def test_a_plan_is_never_billed_twice_for_one_cadence_period() -> None:
    rng = random.Random(4)
    book = PlanBook(
        rng, Identities(rng, today=date(2026, 11, 23)), as_of=date(2026, 11, 23), invoices=80
    )
    taken = [book.take(ahead=n % 5 == 0) for n in range(400)]
    periods = [(row.sheet_row, period) for row, period in taken]
    assert len(set(periods)) == len(periods)
    assert all(period[0] > date(2026, 11, 23) for _, period in taken[::5])


def test_one_member_of_a_resent_group_is_counted_paid_and_the_others_by_their_code() -> None:
    member = Expected("posted", one_of="gentaget-1", otherwise="DUPLICATE_PAYMENT")
    counts = outcome_counts([member, member, Expected("manual", "NO_GRANT")])
    assert counts == {"paid": 1, "DUPLICATE_PAYMENT": 1, "NO_GRANT": 1}
    assert entry_json(member)["otherwise"] == {
        "status": "manual",
        "code": "DUPLICATE_PAYMENT",
        "postings": [],
    }
