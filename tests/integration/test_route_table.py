"""The route table's promise (never pay twice): each way declares in one place everything a
payment uses up, and every paying decision of a generated bundle claims exactly kinds its way
declared, something for each way that registers anything, and nothing another way claims."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from fake_systems.scenarios import generate
from robot.domain.claims import ClaimKind
from robot.domain.routes import Route
from robot.domain.ways.table import WAYS, way_holding, way_of
from robot.domain.ways.way import WriteStep
from tests.support.bundle_decisions import decide_bundle


def test_every_route_has_exactly_one_way_and_no_two_ways_share_a_kind_of_claim() -> None:
    assert Counter(way.route for way in WAYS) == Counter(set(Route))
    kinds = [kind for way in WAYS for kind in way.claim_kinds]
    assert len(kinds) == len(set(kinds))
    # Every kind but the invoice itself (which every payment claims) belongs to one way.
    assert set(kinds) == set(ClaimKind) - {ClaimKind.INVOICE}
    for way in WAYS:
        for kind in way.claim_kinds:
            assert way_holding(kind) is way


def test_each_way_writes_in_the_order_domain_md_gives() -> None:
    assert way_of(Route.GRANT).writes == (WriteStep.POST, WriteStep.GRANT_PAYMENTS)
    assert way_of(Route.CERTIFICATE).writes == (WriteStep.POST, WriteStep.ORDER_PAYMENT)
    assert way_of(Route.RENT).writes == (WriteStep.RENT_DEDUCTION, WriteStep.POST)
    assert way_of(Route.PLAN).writes == (WriteStep.POST,)
    assert way_of(Route.LEARNED).writes == (WriteStep.POST,)


def test_every_paying_decision_claims_what_its_way_declares_and_uses_something_up(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "bundle"
    generate(bundle, invoices=300, seed=4, as_of=date(2026, 11, 23))
    seen: Counter[Route] = Counter()
    for learned in (False, True):
        result = decide_bundle(bundle, learned_postings=learned)
        for key, decision in result.alone.items():
            if not decision.pays:
                continue
            way = way_of(decision.route)
            claims = way.uses(decision)
            assert {c.kind for c in claims} <= set(way.claim_kinds), key
            invoice = result.context.invoices[key]
            period = invoice.period_start is not None
            if decision.route is not Route.LEARNED or period:
                assert claims, f"{key} ({decision.route}) pays and uses nothing up"
            seen[decision.route] += 1
    assert set(seen) == set(Route), seen
