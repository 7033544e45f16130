"""Planted decoys for plan proposals (DOMAIN.md "Plan proposals"): supplier and receiver pairs
that look like a payment plan in all but one respect, each named in expected.json's
``plan_decoys`` with that reason. Readings of DOMAIN.md: plan_proposals.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fake_systems.scenarios.catalogue import CERTIFICATE_RECEIVERS
from fake_systems.scenarios.documents import dashed
from fake_systems.scenarios.history_pairs import Line, irregular_days, post
from fake_systems.scenarios.plan_proposals import KIND, Planter, Recurring
from fake_systems.scenarios.world import World

MONTHLY = Recurring("måned", 10)


def plant_decoys(world: World) -> None:
    """One decoy per reason, each else a proposal: regular, to one open PSP element, no CPR."""
    planter = Planter(world)
    for reason, plant in (
        ("split_psp", _split_psp),
        ("irregular", _irregular),
        ("periods_missing", _periods_missing),
        ("stopped", _stopped),
        ("covered_by_plan", _covered_by_plan),
        ("modtagere_ean", _modtagere_ean),
        ("cpr", _cpr),
        ("too_few", _too_few),
        ("closed_psp", _closed_psp),
    ):
        cvr, ean = plant(planter)
        world.plan_decoys[f"{cvr}/{ean}"] = reason


def _regular(
    planter: Planter,
    pattern: Recurring = MONTHLY,
    *,
    ean: str | None = None,
    is_open: bool = True,
    note: str = "",
) -> tuple[str, str]:
    """A monthly cleaning bill, one line each, all on one PSP element."""
    company, receiver, place = planter.pair(KIND["Rengøring"])
    ean = ean or receiver
    text = f"Rengøring {place}{note}"
    psp = planter.psp(text, is_open=is_open)
    amounts = planter.amounts(KIND["Rengøring"], pattern.count)
    planter.bill(company, ean, pattern, [[(text, amount, psp)] for amount in amounts])
    return company.cvr, ean


def _split_psp(planter: Planter) -> tuple[str, str]:
    """Every bill in two lines on two PSP elements: half the lines on each (below 90 %)."""
    company, ean, place = planter.pair(KIND["Rengøring"])
    main, materials = f"Rengøring {place}", f"Rengøringsmidler {place}"
    psp, other = planter.psp(main), planter.psp(materials)
    lines: list[list[Line]] = []
    for amount in planter.amounts(KIND["Rengøring"], MONTHLY.count):
        share = (amount * Decimal("0.35")).quantize(Decimal("0.01"))
        lines.append([(main, amount - share, psp), (materials, share, other)])
    planter.bill(company, ean, MONTHLY, lines)
    return company.cvr, ean


def _irregular(planter: Planter) -> tuple[str, str]:
    """Nine bills on days with no cadence (two of them days apart), no periods."""
    company, ean, place = planter.pair(KIND["Rengøring"])
    text = f"Rengøring {place}"
    psp = planter.psp(text)
    world = planter.world
    first, last = world.as_of - timedelta(days=320), world.as_of - timedelta(days=5)
    for day, amount in zip(
        irregular_days(world.rng, 9, first, last),
        planter.amounts(KIND["Rengøring"], 9),
        strict=True,
    ):
        issued = day - timedelta(days=3)
        post(world, company, ean, [(text, amount, psp)], at=day, issued=issued)
    return company.cvr, ean


def _periods_missing(planter: Planter) -> tuple[str, str]:
    """Monthly, but two months in a row never billed."""
    return _regular(planter, Recurring("måned", 8, missing=(3, 4)))


def _stopped(planter: Planter) -> tuple[str, str]:
    """Monthly until five months ago, then nothing."""
    return _regular(planter, Recurring("måned", 6, back=5))


def _too_few(planter: Planter) -> tuple[str, str]:
    """Last month and this month only."""
    return _regular(planter, Recurring("måned", 2))


def _modtagere_ean(planter: Planter) -> tuple[str, str]:
    """Monthly, to an EAN the Modtagere sheet keeps for doctors' certificates."""
    return _regular(planter, ean=CERTIFICATE_RECEIVERS[1][0])


def _closed_psp(planter: Planter) -> tuple[str, str]:
    """Monthly, every line on one PSP element, which the ERP has closed."""
    return _regular(planter, is_open=False)


def _cpr(planter: Planter) -> tuple[str, str]:
    """Monthly escort for one citizen: every bill names the citizen's CPR."""
    cpr = planter.world.ids.cpr()
    return _regular(planter, note=f", ledsagelse CPR {dashed(cpr)}")


def _covered_by_plan(planter: Planter) -> tuple[str, str]:
    """Monthly, from a supplier to a receiver a valid Betalingsplaner row already names."""
    world = planter.world
    row = world.plan_book.add(KIND["Rengøring"], reusable=False)
    amounts = planter.amounts(row.kind, MONTHLY.count)
    lines: list[list[Line]] = [[(row.line_text, amount, row.psp)] for amount in amounts]
    planter.bill(row.supplier, row.receiver.ean, MONTHLY, lines)
    return row.supplier.cvr, row.receiver.ean
