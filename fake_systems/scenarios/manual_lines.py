"""Cases that fail on a line: the CPR, the citizen, each elimination stage, the PSP lookup,
an earlier payment; and the invoice-wide controls and refusals after every line passed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import (
    AMBIGUOUS_KEY,
    REJECTED_KEY,
    SERVICES,
    UNMAPPED_GROUP,
    ProviderKind,
)
from fake_systems.scenarios.documents import DocumentSpec, dashed, month_label, plain_note
from fake_systems.scenarios.expected import LearnedTruth
from fake_systems.scenarios.people import Provider
from fake_systems.scenarios.world import Expected, GrantRef, World

Case = tuple[DocumentSpec, Expected]


def manual(code: str) -> Expected:
    return Expected("manual", code)


def _one_line(
    world: World, provider: Provider, grant: GrantRef, cpr: str, name: str
) -> DocumentSpec:
    line = world.line(grant, cpr, name, world.month)
    return world.document(provider, [line], world.month)


def missing_cpr(world: World) -> Case:
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    line = world.line(grant, cpr, name, world.month, note=plain_note(world.month[0], name))
    # Learned postings change nothing: every invoice in this provider's history names a CPR.
    learned = LearnedTruth("manual", "MISSING_CPR")
    return world.document(provider, [line], world.month), Expected(
        "manual", "MISSING_CPR", learned=learned
    )


def invalid_cpr(world: World) -> Case:
    """No such date (31 February), a birth date after today, or two citizens' CPRs on one line."""
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    future = (world.as_of + timedelta(days=400)).strftime("%d%m%y")
    other = world.ids.cpr()
    note = world.rng.choice(
        (
            f"Ophold {month_label(world.month[0])}, CPR 310290-{cpr[6:]}",
            f"{name}, cpr {future}4{cpr[7:]}",
            f"CPR {dashed(cpr)} og søskende {dashed(other)}",
        )
    )
    line = world.line(grant, cpr, name, world.month, note=note)
    return world.document(provider, [line], world.month), manual("INVALID_CPR")


def citizen_not_found(world: World) -> Case:
    provider = world.provider()
    cpr, name = world.citizen(registered=False)
    grant = world.grant(cpr, provider, world.service(provider))
    world.grants.pop()  # the grant only priced the line: the case system knows no such citizen
    return _one_line(world, provider, grant, cpr, name), manual("CITIZEN_NOT_FOUND")


def no_grant(world: World) -> Case:
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    world.grants.pop()  # the citizen is known, but has no grants at all
    return _one_line(world, provider, grant, cpr, name), manual("NO_GRANT")


def no_grant_for_provider(world: World) -> Case:
    provider = world.provider()
    cpr, name = world.citizen()
    other = world.other_provider(provider)
    grant = world.grant(cpr, other, world.service(other))  # the citizen's place is elsewhere
    return _one_line(world, provider, grant, cpr, name), manual("NO_GRANT_FOR_PROVIDER")


def no_payable_grant(world: World) -> Case:
    """Ended, cancelled, a paragraph out of scope (§97-like hours), or variable hours."""
    provider = world.provider("dag")
    cpr, name = world.citizen()
    variant = world.rng.choice(("ended", "cancelled", "out_of_scope", "variable"))
    hours = next(s for s in SERVICES if s.unit == "hour")
    if variant in ("ended", "cancelled"):
        grant = world.grant(cpr, provider, world.service(provider, "month"), status=variant)
    elif variant == "out_of_scope":
        key = ("97", "4.0", provider.ownership, "Sindslidende")
        grant = world.grant(cpr, provider, hours, key=key, hours=20)
    else:
        grant = world.grant(cpr, provider, hours, hours="variable")
        grant = GrantRef(grant.grant_id, cpr, provider, hours, grant.rate, 25, grant.key)
    return _one_line(world, provider, grant, cpr, name), manual("NO_PAYABLE_GRANT")


def no_grant_for_period(world: World) -> Case:
    """The grant ended (or starts) inside the billed month."""
    provider = world.provider()
    cpr, name = world.citizen()
    start = world.month[0]
    cut = start + timedelta(days=world.rng.randrange(5, 20))
    service = world.service(provider)
    if world.rng.random() < 0.6:
        grant = world.grant(cpr, provider, service, valid_to=cut, covers=(start, cut))
    else:
        grant = world.grant(cpr, provider, service, valid_from=cut)
    return _one_line(world, provider, grant, cpr, name), manual("NO_GRANT_FOR_PERIOD")


def amount_mismatch(world: World) -> Case:
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    expected = world.cost(grant, world.month)
    delta = Decimal(world.rng.choice(("0.01", "-0.01", "100.00", "800.00", "-1040.00", "250.50")))
    line = world.line(grant, cpr, name, world.month, amount=expected + delta)
    return world.document(provider, [line], world.month), manual("AMOUNT_MISMATCH")


def ambiguous_grant(world: World) -> Case:
    """The same grant registered twice: two survivors, the robot cannot choose."""
    provider = world.provider()
    cpr, name = world.citizen()
    service = world.service(provider)
    grant = world.grant(cpr, provider, service)
    world.grant(cpr, provider, service, rate=grant.rate, hours=grant.hours, key=grant.key)
    return _one_line(world, provider, grant, cpr, name), manual("AMBIGUOUS_GRANT")


def _special_key(
    world: World, key: tuple[str, str, str, str], code: str, kind: ProviderKind = "bo"
) -> Case:
    provider = world.provider(kind)
    cpr, name = world.citizen()
    service = next(s for s in SERVICES if s.paragraph == key[0] and s.kind == kind)
    grant = world.grant(cpr, provider, service, key=key)
    return _one_line(world, provider, grant, cpr, name), manual(code)


def no_psp_mapping(world: World) -> Case:
    provider = world.provider("bo")
    key = ("108", "4.0", provider.ownership, UNMAPPED_GROUP)
    return _special_key(world, key, "NO_PSP_MAPPING")


def ambiguous_psp_mapping(world: World) -> Case:
    return _special_key(world, AMBIGUOUS_KEY, "AMBIGUOUS_PSP_MAPPING", kind="dag")


def psp_rejected(world: World) -> Case:
    return _special_key(world, REJECTED_KEY, "PSP_REJECTED")


def duplicate_payment(world: World) -> Case:
    """The grant already has this month paid (by hand, under another invoice)."""
    provider = world.provider()
    cpr, name = world.citizen()
    grant = world.grant(cpr, provider, world.service(provider))
    first = world.month[0] + timedelta(days=world.rng.choice((0, 10)))
    world.pay(grant, (first, world.month[1]), invoice_ref=f"{provider.cvr}/MANUEL-{first:%m%d}")
    return _one_line(world, provider, grant, cpr, name), manual("DUPLICATE_PAYMENT")


def line_failed(world: World) -> Case:
    """A collective invoice whose lines all pass but one."""
    provider = world.provider()
    lines = []
    for _ in range(world.rng.randint(2, 4)):
        cpr, name = world.citizen()
        grant = world.grant(cpr, provider, world.service(provider, "month"))
        lines.append(world.line(grant, cpr, name, world.month))
    registered = world.rng.random() < 0.5
    cpr, name = world.citizen(registered=registered)
    grant = world.grant(cpr, provider, world.service(provider, "month"))
    if registered:  # the amount is 1 kr. off the grant
        bad = world.line(grant, cpr, name, world.month, amount=world.cost(grant, world.month) + 1)
    else:  # the case system does not know the citizen
        world.grants.pop()
        bad = world.line(grant, cpr, name, world.month)
    lines.insert(world.rng.randrange(len(lines) + 1), bad)
    return world.document(provider, lines, world.month), manual("LINE_FAILED")


def above_approval_limit(world: World) -> Case:
    """A matching invoice whose total is above 100.000,00 kr."""
    provider = world.provider("bo")
    cpr, name = world.citizen()
    service = next(s for s in SERVICES if s.paragraph == "108" and s.unit == "day")
    rate = Decimal(world.rng.randrange(3_400, 3_900, 5)).quantize(Decimal("0.01"))
    start, end = world.month
    if (end - start).days < 29:  # 28- or 29-day month: make sure the total is above the limit
        rate = Decimal("3950.00")
    grant = world.grant(cpr, provider, service, rate=rate)
    return _one_line(world, provider, grant, cpr, name), manual("ABOVE_APPROVAL_LIMIT")
