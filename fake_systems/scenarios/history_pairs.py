"""Helpers for writing the ERP's history (contract section 12) one supplier and receiver at a time:
new suppliers, days that recur with no cadence, and one posted invoice with its lines."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from fake_systems.scenarios.people import PLACES
from fake_systems.scenarios.plan_book import Company
from fake_systems.scenarios.refs import Party
from fake_systems.scenarios.world import World

Line = tuple[str, Decimal, str]  # text, amount, PSP element
SHORT_GAP = 10  # days: shorter than any cadence less 5 days, so no cadence fits such a pair


def new_company(world: World, word: str) -> Company:
    """A supplier no other part of the bundle knows (a fresh CVR and GLN)."""
    place = world.rng.choice(PLACES)
    suffix = world.rng.choice(("ApS", "A/S", "I/S"))
    prefix = world.rng.choice(("", "F", "R-", "FAK"))
    ids = world.ids
    return Company(f"{word} {place} {suffix}", ids.cvr(), ids.gln(), prefix)


def irregular_days(rng: random.Random, count: int, first: date, last: date) -> list[date]:
    """``count`` distinct days from ``first`` to ``last``, in order; with three or more, two
    lie at most SHORT_GAP days apart, so they never recur with a cadence (DOMAIN.md: every gap
    a month, quarter, half-year or year, give or take 5 days)."""
    span = (last - first).days
    if count > span:
        raise ValueError("more invoices than days")
    picked = sorted(rng.sample(range(span + 1), count))
    if count >= 3 and all(b - a > SHORT_GAP for a, b in itertools.pairwise(picked)):
        n = rng.randrange(count - 1)
        picked[n + 1] = min(picked[n] + rng.randint(1, SHORT_GAP), span)
        picked = sorted(set(picked))
        while len(picked) < count:  # the moved day met another: add one more far away
            extra = rng.randrange(span + 1)
            if extra not in picked:
                picked = sorted({*picked, extra})
    return [first + timedelta(days=d) for d in picked]


def post(
    world: World,
    supplier: Party,
    receiver: str,
    lines: Sequence[Line],
    *,
    at: date,
    issued: date,
    period: tuple[date, date] | None = None,
    by: str = "okonomi",
) -> None:
    """One invoice from the supplier to the receiver, posted on ``at`` with these lines."""
    total = sum((amount for _, amount, _ in lines), Decimal(0))
    world.posted(
        supplier.cvr,
        world.number(supplier),
        total,
        at,
        receiver=receiver,
        period=period,
        issued=issued,
        lines=lines,
        name=supplier.name,
        by=by,
    )


def amount_between(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in kroner and øre from ``low`` to ``high``."""
    return Decimal(rng.randrange(low * 100, high * 100 + 1)) / 100
