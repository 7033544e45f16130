"""The generator's arithmetic for the ERP's history (contract section 12) and the plan bills sent
again: days that never keep a cadence, the periods a planted pair bills, the proposed row's
amounts, text and first day, and the months a bill's lines name."""

from __future__ import annotations

import itertools
import random
from datetime import date
from decimal import Decimal

import pytest

from fake_systems.scenarios.history_pairs import SHORT_GAP, irregular_days
from fake_systems.scenarios.plan_book import Company
from fake_systems.scenarios.plan_proposals import (
    Recurring,
    next_period_start,
    periods,
    proposed_row,
)
from fake_systems.scenarios.plan_resent import named_month, two_months
from fake_systems.scenarios.world import World
from robot.domain.named_months import months_named

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize("seed", range(40))
def test_irregular_days_are_distinct_in_range_and_two_lie_days_apart(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.randint(3, 40)
    days = irregular_days(rng, count, date(2026, 1, 1), date(2026, 11, 22))
    assert len(set(days)) == count and days == sorted(days)
    assert date(2026, 1, 1) <= days[0] and days[-1] <= date(2026, 11, 22)
    assert min((b - a).days for a, b in itertools.pairwise(days)) <= SHORT_GAP


def test_a_planted_pair_bills_back_from_the_run_dates_period_leaving_out_the_missing() -> None:
    found = periods(Recurring("måned", 4, missing=(1,)), AS_OF)
    assert [p[0].month for p in found] == [7, 8, 9, 11]
    stopped = periods(Recurring("kvartal", 2, back=2), AS_OF)
    assert stopped == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
    ]


@pytest.mark.parametrize(
    ("cadence", "day", "first"),
    [
        ("måned", date(2026, 12, 31), date(2027, 1, 1)),
        ("kvartal", AS_OF, date(2027, 1, 1)),
        ("halvår", date(2026, 3, 2), date(2026, 7, 1)),
        ("år", date(2028, 3, 2), date(2029, 1, 1)),
    ],
)
def test_a_proposal_is_valid_from_the_next_cadence_period(
    cadence: str, day: date, first: date
) -> None:
    assert next_period_start(cadence, day) == first


def test_a_proposed_row_widens_the_amounts_seen_to_whole_kroner_and_cuts_the_text() -> None:
    world = World.create(random.Random(1), as_of=AS_OF, invoices=10)
    company = Company("Vinduespolering Lindely ApS", "29403473", "5798000012345", "")
    text = "Vinduespolering udvendigt og indvendigt, Lindely"
    amounts = [Decimal("9876.54"), Decimal("10123.40"), Decimal("10000.00")]
    row = proposed_row(world, company, "5798000012345", "kvartal", "XG-1", text, amounts)
    assert row["Beløb fra"] == "8888.00"  # 8.888,886 rounded down
    assert row["Beløb til"] == "11136.00"  # 11.135,74 rounded up
    assert row["Linjetekst"] == "Vinduespolering udvendigt og indvendigt,"
    assert (row["Gyldig fra"], row["Gyldig til"]) == ("2027-01-01", "")
    assert row["Bemærkning"] == "Foreslået 23.11.2026"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_way_a_line_names_the_month_names_it_for_the_robot(month: int) -> None:
    day, rng = date(2026, month, 1), random.Random(month)
    written = {named_month(rng, day) for _ in range(40)}
    assert len(written) == 4, written  # oktober 2026, okt. 2026, 10.2026, 10/2026
    assert all(months_named([f"Rengøring {text}"]) == {day} for text in written)


@pytest.mark.parametrize(
    ("as_of", "first", "second"),
    [
        (AS_OF, date(2026, 10, 1), date(2026, 11, 1)),
        (date(2027, 1, 5), date(2026, 11, 1), date(2026, 12, 1)),
    ],
)
def test_a_two_month_bill_stays_in_one_year(as_of: date, first: date, second: date) -> None:
    world = World.create(random.Random(1), as_of=as_of, invoices=10)
    months = two_months(world)
    assert (months[0][0], months[1][0]) == (first, second)
