"""The benefits system's values: an agreement covers a span only when in force on every day of
it, and a payout's amount left is what rent has not yet taken."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from robot.domain.benefits import Payout, RentAgreement

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


def agreement(**overrides: Any) -> RentAgreement:
    fields: dict[str, Any] = {
        "agreement_id": "HA-3001",
        "cpr": "0101901234",
        "landlord_cvr": "29403473",
        "landlord_name": "Boligselskabet Fjordbo",
        "address": "Fjordvej 3, 2. th",
        "rent": Decimal("5200.00"),
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
    } | overrides
    return RentAgreement(**fields)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "covers"),
    [
        (date(2026, 1, 1), None, True),
        (date(2026, 12, 1), date(2026, 12, 31), True),
        (date(2026, 12, 2), None, False),  # starts a day into the month
        (date(2026, 1, 1), date(2026, 12, 30), False),  # ends a day before the month does
        (date(2027, 1, 1), None, False),
        (date(2025, 1, 1), date(2026, 11, 30), False),
    ],
)
def test_an_agreement_covers_a_month_only_when_in_force_on_every_day_of_it(
    valid_from: date, valid_to: date | None, covers: bool
) -> None:
    assert agreement(valid_from=valid_from, valid_to=valid_to).covers(*DECEMBER) is covers


def test_an_agreements_cpr_is_kept_out_of_its_repr() -> None:
    assert "0101901234" not in repr(agreement())


def test_what_is_left_of_a_payout_is_its_amount_less_what_rent_has_taken() -> None:
    payout = Payout(
        payout_id="U-7001",
        month=date(2026, 12, 1),
        benefit="kontanthjælp",
        amount=Decimal("12450.00"),
        deducted=Decimal("5200.00"),
        status="planlagt",
    )
    assert payout.left == Decimal("7250.00")
