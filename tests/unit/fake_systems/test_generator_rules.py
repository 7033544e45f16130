"""The generator's own arithmetic, written from DOMAIN.md apart from the robot's: amounts across
rate changes, the cadence periods of payment plans, rent within and beyond a landlord's tolerance
and the benefits data rent cases build on, and how a bundle's outcomes are counted."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from fake_systems.scenarios.catalogue import PLAN_KINDS
from fake_systems.scenarios.expected import Expected, RentDeduction, entry_json, outcome_counts
from fake_systems.scenarios.money import with_rates
from fake_systems.scenarios.people import PLACES, Identities
from fake_systems.scenarios.plan_book import LINE_TEXT_ROOM, Company, PlanBook, cadence_bounds
from fake_systems.scenarios.rent_book import RentBook
from fake_systems.scenarios.rent_invoices import beyond, rise, share
from fake_systems.scenarios.tenancies import Landlord, shift
from fake_systems.scenarios.world import World

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


RUN_DATE = date(2026, 11, 23)
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def _world(seed: int = 2) -> World:
    return World.create(random.Random(seed), as_of=RUN_DATE, invoices=200)


def test_a_month_shifts_across_new_year_both_ways() -> None:
    assert shift(NOVEMBER, 2) == (date(2027, 1, 1), date(2027, 1, 31))
    assert shift((date(2027, 1, 1), date(2027, 1, 31)), -2) == NOVEMBER
    assert shift(NOVEMBER, -9) == (date(2026, 2, 1), date(2026, 2, 28))


def test_a_rent_rise_stays_within_the_rows_tolerance_and_now_and_then_reaches_it_exactly() -> None:
    world = _world()
    rises = [rise(world, D("5437.00"), D(10)) for _ in range(200)]
    assert all(D("5437.00") < amount <= D("5980.70") for amount in rises)
    assert D("5980.70") in rises, "exactly 10 % is allowed, and built"
    wider = [rise(world, D("5200.00"), D(25), above=D(10)) for _ in range(200)]
    assert all(D(10) < share(amount, D("5200.00")) <= D(25) for amount in wider)


def test_a_rent_deviation_is_always_beyond_the_tolerance_up_or_down() -> None:
    world = _world()
    for down in (False, True):
        amounts = [beyond(world, D("4800.00"), D(15), down=down) for _ in range(200)]
        assert all(share(amount, D("4800.00")) > D(15) for amount in amounts)
        assert all((amount < D("4800.00")) == down for amount in amounts)


def _landlord(**overrides: object) -> Landlord:
    fields: dict[str, object] = {
        "company": Company("Boligselskabet Fjordbo", "29403473", "5798000000049", ""),
        "psp": "XG-5387100001-00026",
        "tolerance": None,
        "valid_from": date(2025, 1, 1),
        "valid_to": None,
    }
    return Landlord(**(fields | overrides))  # type: ignore[arg-type]


def test_a_landlord_is_approved_in_a_month_when_its_row_is_valid_on_the_first_day() -> None:
    assert _landlord().approved_in(NOVEMBER)
    assert _landlord().limit == D(10), "a blank Afvigelse % is 10 %"
    assert _landlord(valid_to=date(2026, 11, 1)).approved_in(NOVEMBER)
    assert not _landlord(valid_to=date(2026, 10, 31)).approved_in(NOVEMBER)
    assert not _landlord(valid_from=date(2026, 11, 2)).approved_in(NOVEMBER)
    assert not _landlord(listed=False).approved_in(NOVEMBER)


def test_an_agreement_covers_a_month_only_when_in_force_on_every_day_of_it() -> None:
    book = _world().rent_book
    landlord = book.landlord()
    rent = D("5200.00")
    whole = book.agreement("0101901234", "A", landlord, rent=rent, valid_from=date(2026, 11, 1))
    late = book.agreement("0101901234", "A", landlord, rent=rent, valid_from=date(2026, 11, 2))
    ended = book.agreement(
        "0101901234", "A", landlord, rent=rent, valid_from=date(2026, 1, 1),
        valid_to=date(2026, 11, 29),
    )  # fmt: skip
    assert whole.covers(NOVEMBER)
    assert not late.covers(NOVEMBER)
    assert not ended.covers(NOVEMBER)


def _rent_book() -> RentBook:
    book = _world().rent_book
    book.citizens.append({"cpr": "0101901234", "name": "A"})
    book.on_benefits("0101901234", at_least=D("6000.00"))
    return book


def test_payouts_have_gone_out_before_the_run_dates_month_and_are_planned_from_it() -> None:
    book = _rent_book()
    status = {p["month"]: p["status"] for p in book.payouts}
    assert status == {
        "2026-07": "udbetalt", "2026-08": "udbetalt", "2026-09": "udbetalt",
        "2026-10": "udbetalt", "2026-11": "planlagt", "2026-12": "planlagt",
    }  # fmt: skip
    assert all(D(p["amount"]) >= D("6500.00") for p in book.payouts)


def test_an_agreements_month_is_deducted_once_and_never_beyond_what_the_payout_has_left() -> None:
    book = _rent_book()
    tenancy = book.agreement(
        "0101901234", "A", book.landlord(), rent=D("5200.00"), valid_from=date(2026, 1, 1)
    )
    book.deduct(tenancy, NOVEMBER, D("5200.00"), "29403473/F-1")
    payout = D(book.payout("0101901234", NOVEMBER)["amount"])
    assert book.left("0101901234", NOVEMBER) == payout - D("5200.00")
    with pytest.raises(AssertionError, match="deducted once"):
        book.deduct(tenancy, NOVEMBER, D("5200.00"), "29403473/F-2")
    december = shift(NOVEMBER, 1)
    with pytest.raises(AssertionError, match="fits in its payout"):
        book.deduct(tenancy, december, book.left("0101901234", december) + 1, "29403473/F-3")


def test_a_paid_rent_entry_carries_its_deduction_and_a_resent_one_ends_as_already_paid() -> None:
    deduction = RentDeduction("HA-3001", date(2026, 11, 1), D("5200.00"))
    paid = Expected(
        "posted", None, (("HA-3001", "XG-5387100001-00026", D("5200.00")),), route="rent",
        deduction=deduction, one_of="gentaget-3", otherwise="RENT_ALREADY_PAID",
    )  # fmt: skip
    entry = entry_json(paid)
    assert entry["route"] == "rent"
    assert entry["deduction"] == {
        "agreement_id": "HA-3001",
        "month": "2026-11",
        "amount": "5200.00",
    }
    assert entry["postings"] == [
        {"grant_id": "HA-3001", "psp": "XG-5387100001-00026", "amount": "5200.00"}
    ]
    assert "deduction" not in entry_json(Expected("manual", "RENT_DEVIATION", route="rent"))
    assert outcome_counts([paid, paid]) == {"paid": 1, "RENT_ALREADY_PAID": 1}
