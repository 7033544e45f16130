"""Re-sent pairs: a supplier sends a month's invoice again under a new number, whole or for a part
of the month. Each of the two would be paid alone; together, whichever the robot reaches first
is paid and the other is DUPLICATE_PAYMENT (a grant's days are paid at most once; a landlord's
re-sent rent month is RENT_ALREADY_PAID instead)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from fake_systems.scenarios.documents import DocumentSpec
from fake_systems.scenarios.expected import Expected
from fake_systems.scenarios.paid import posted
from fake_systems.scenarios.world import World

Pair = list[tuple[DocumentSpec, Expected]]


def grouped(
    world: World, *cases: tuple[DocumentSpec, Expected], otherwise: str = "DUPLICATE_PAYMENT"
) -> Pair:
    """The cases as one group: whichever is reached first is paid, the others end as
    ``otherwise``."""
    group = f"gentaget-{len(world.groups) + 1}"
    world.groups.append(group)
    return [
        (document, dataclasses.replace(e, one_of=group, otherwise=otherwise))
        for document, e in cases
    ]


def resent_same_month(world: World) -> Pair:
    """The same month, amount and citizen under two invoice numbers, some days apart."""
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    line = world.line(grant, cpr, name, world.month)
    first = world.document(provider, [line], world.month)
    again = dataclasses.replace(
        first,
        number=world.number(provider),
        issue_date=min(first.issue_date + timedelta(days=world.rng.randrange(3, 20)), world.as_of),
    )
    truth = posted((grant, world.month, line))
    return grouped(world, (first, truth), (again, truth))


def resent_overlapping(world: World) -> Pair:
    """The whole month, and again from a day in it to its end at the prorated amount."""
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    start, end = world.month
    part = (start + timedelta(days=world.rng.randrange(5, 20)), end)
    whole_line = world.line(grant, cpr, name, world.month)
    part_line = world.line(grant, cpr, name, part)
    whole = world.document(provider, [whole_line], world.month)
    partial = world.document(provider, [part_line], part)
    return grouped(
        world,
        (whole, posted((grant, world.month, whole_line))),
        (partial, posted((grant, part, part_line))),
    )
