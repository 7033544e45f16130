"""`fake-systems generate`: a deterministic bundle of any size with every outcome represented
and its ground truth, known from how each invoice was built (never from the robot's matcher).

expected.json follows contract section 5, and says more for generated bundles (expected.py):
each entry's ``route`` (grant, plan, certificate or rent); a paid rent invoice's ``deduction``;
for a re-sent pair, ``one_of`` (its group) and ``otherwise``: exactly one member of a group ends
as its entry (paid), whichever the robot reaches first, and every other member as its
``otherwise`` (DUPLICATE_PAYMENT, or RENT_ALREADY_PAID for rent); and for an invoice billing a
rate its grant lacks, ``fix``: the rate to add and what then follows; for an invoice with no CPR
that no rule pays, ``learned``: its outcome with learned postings. Beside the invoices,
``plan_proposals`` and ``plan_decoys``: what learning from erp.json's year of history
(history_year.py, plan_proposals.py, plan_decoys.py) must and must not propose as plans.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fake_systems.scenarios import certificate_cases as certificates
from fake_systems.scenarios import learned_cases as learned
from fake_systems.scenarios import manual_documents as docs
from fake_systems.scenarios import manual_lines as lines
from fake_systems.scenarios import paid, plan_resent, rate_cases, resent
from fake_systems.scenarios import plan_cases as plans
from fake_systems.scenarios import rent_cases as rent
from fake_systems.scenarios import rent_refusals as refusals
from fake_systems.scenarios.bundle_files import dump, make_folder, write_invoices, write_world
from fake_systems.scenarios.documents import DocumentSpec
from fake_systems.scenarios.due_dates import due_date_stream, with_due_date
from fake_systems.scenarios.expected import Expected, entry_json, outcome_counts
from fake_systems.scenarios.history_year import write_year
from fake_systems.scenarios.learned_cases import LEARNED_LIMIT
from fake_systems.scenarios.plan_decoys import plant_decoys
from fake_systems.scenarios.plan_proposals import PLAN_MONTHS, plant_proposals
from fake_systems.scenarios.world import World

Built = tuple[DocumentSpec, Expected]
Builder = Callable[[World], Built | list[Built]]
APPROVAL_LIMIT = paid.APPROVAL_LIMIT

# Every kind of case, with its weight in the mix; the first bundle invoices take one of each,
# in this order, so even a small bundle has every code. A pair counts as one draw.
CASES: tuple[tuple[Builder, int], ...] = (
    (paid.paid_single, 130),
    (rent.paid_rent, 18),
    (docs.credit_note, 15),
    (refusals.landlord_not_approved, 1),
    (lines.amount_mismatch, 55),
    (plans.paid_monthly_plan, 120),
    (rent.paid_rent_first_month, 3),
    (lines.missing_cpr, 45),
    (learned.learned_paid, 10),
    (plan_resent.plan_resent_after_posting, 4),
    (refusals.rent_missing_cpr, 1),
    (paid.paid_collective, 50),
    (resent.resent_same_month, 8),
    (plan_resent.plan_resent_in_the_inbox, 3),
    (learned.learned_not_of_one_mind, 2),
    (rent.resent_rent, 1),
    (certificates.paid_certificate, 15),
    (lines.no_grant_for_period, 35),
    (refusals.no_rent_agreement_ended, 1),
    (docs.duplicate_invoice, 12),
    (refusals.rent_already_paid, 1),
    (plans.paid_quarterly_plan, 25),
    (lines.line_failed, 25),
    (rent.paid_rent_rise_within_tolerance, 4),
    (rate_cases.paid_across_day_rate_change, 12),
    (paid.paid_buyer_reference, 40),
    (refusals.rent_deviation, 2),
    (docs.invalid_cvr, 12),
    (plans.ambiguous_plan, 5),
    (refusals.ambiguous_rent_agreement, 1),
    (lines.citizen_not_found, 25),
    (refusals.rent_citizen_not_found, 1),
    (certificates.no_order_at_all, 2),
    (lines.psp_rejected, 5),
    (rent.paid_rent_billed_ahead, 4),
    (rate_cases.new_rate_not_on_grant, 15),
    (paid.paid_part_month, 50),
    (docs.credit_note_type_code, 5),
    (refusals.no_payout_for_month, 1),
    (plans.plan_amount_outside_range, 12),
    (plan_resent.plan_zero_amount, 2),
    (learned.learned_too_few, 2),
    (docs.period_not_payable, 18),
    (refusals.rent_period_not_payable, 1),
    (certificates.fee_outside_range, 3),
    (lines.invalid_cpr, 12),
    (refusals.rent_invalid_cpr, 1),
    (plans.paid_half_yearly_plan, 8),
    (lines.no_grant_for_provider, 18),
    (refusals.no_rent_agreement_with_landlord, 1),
    (resent.resent_overlapping, 7),
    (certificates.no_order_from_this_doctor, 1),
    (lines.no_payable_grant, 18),
    (rent.paid_rent_wider_tolerance, 1),
    (plans.plan_already_paid, 12),
    (plan_resent.plan_two_months_one_paid, 3),
    (learned.learned_amount_unusual, 2),
    (refusals.benefit_too_small, 1),
    (paid.paid_hours, 35),
    (rate_cases.paid_across_month_rate_change, 10),
    (certificates.ambiguous_order, 1),
    (lines.ambiguous_grant, 8),
    (refusals.landlord_row_not_valid, 1),
    (docs.document_type_not_payable, 5),
    (plans.paid_yearly_plan, 10),
    (rent.paid_rent_without_period, 2),
    (lines.no_psp_mapping, 12),
    (certificates.no_order_but_a_cancelled_one, 1),
    (plans.paid_plan_several_lines, 15),
    (lines.duplicate_payment, 18),
    (refusals.no_payout_as_paid_out, 1),
    (certificates.paid_certificate_cpr_in_reference_and_line, 5),
    (docs.currency_not_dkk, 8),
    (rent.paid_rent_after_regulation, 2),
    (plans.paid_plan_without_period, 10),
    (paid.paid_among_other_grants, 50),
    (certificates.no_order_as_it_was_paid, 1),
    (lines.no_grant, 8),
    (refusals.no_rent_agreement_not_yet_begun, 1),
    (plans.plan_period_across_new_year, 3),
    (rate_cases.paid_across_hour_rate_change, 6),
    (lines.ambiguous_psp_mapping, 5),
    (refusals.rent_duplicate_invoice, 1),
    (certificates.no_certificate_mapping, 1),
    (plans.paid_plan_billed_ahead, 12),
    (plan_resent.paid_plan_two_months, 4),
    (learned.learned_above_limit, 2),
    (learned.learned_no_history, 2),
    (lines.above_approval_limit, 8),
    (rent.paid_rent_in_issue_month, 1),
    (certificates.no_order_before_the_invoice, 1),
    (plans.grant_invoice_from_plan_supplier, 8),
    (certificates.certificate_missing_cpr, 2),
    (paid.paid_two_months, 25),
)
PAIRS = frozenset(
    {
        resent.resent_same_month,
        resent.resent_overlapping,
        rent.resent_rent,
        plan_resent.plan_resent_in_the_inbox,
    }
)
# How many invoices one of each case takes: a bundle at least this big has every case.
ONE_OF_EACH = sum(2 if builder in PAIRS else 1 for builder, _ in CASES)


@dataclass
class Summary:
    invoices: int
    seed: int
    as_of: date
    codes: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        paid_count = self.codes.pop("paid", 0)
        out = [
            f"Generated {self.invoices} invoices (seed {self.seed}, run date {self.as_of}):"
            f" {paid_count} to be paid, {self.invoices - paid_count} to manual handling",
        ]
        out += [f"  {code:<26} {n:>7}" for code, n in sorted(self.codes.items())]
        self.codes["paid"] = paid_count
        return out


def generate(out: Path, *, invoices: int, seed: int, as_of: date) -> Summary:
    """Write the bundle folder (contract section 2), owner-only, and return what it holds."""
    make_folder(out)
    rng = random.Random(seed)
    world = World.create(rng, as_of=as_of, invoices=invoices)
    due = due_date_stream(seed)
    built = [(with_due_date(d, rng=due, as_of=as_of), e) for d, e in _build(world, invoices)]
    plant_proposals(world)
    plant_decoys(world)
    write_year(world)
    write_invoices(out / "invoices", [doc for doc, _ in built])
    write_world(out, world, seed=seed)
    expected = {_key(d): e for d, e in built}
    _write_expected(out / "expected.json", expected, world=world, seed=seed)
    summary = Summary(invoices, seed, as_of)
    summary.codes.update(outcome_counts(list(expected.values())))
    return summary


def _key(document: DocumentSpec) -> str:
    return f"{document.supplier.cvr}/{document.number}"


def _draws(world: World) -> Iterator[Builder]:
    """Every case once, in CASES' order; then drawn by weight."""
    builders = [builder for builder, _ in CASES]
    weights = [weight for _, weight in CASES]
    yield from builders
    while True:
        yield from world.rng.choices(builders, weights, k=256)


def _build(world: World, count: int) -> list[Built]:
    built: list[Built] = []
    keys: set[str] = set()
    for builder in _draws(world):
        if len(built) >= count:
            break
        if builder in PAIRS and count - len(built) < 2:
            continue  # one place left: the next single case takes it
        cases = _cases(builder, world)
        while any(_key(d) in keys for d, _ in cases) or len({_key(d) for d, _ in cases}) < len(
            cases
        ):  # a rare clash of numbers
            cases = _cases(builder, world)
        for document, expected in cases:
            if expected.status == "posted" and document.payable > APPROVAL_LIMIT:
                raise AssertionError(f"{builder.__name__} built a paid case above the limit")
            keys.add(_key(document))
        built += cases
    world.rng.shuffle(built)  # the inbox mixes them, as a month's mail does
    return built


def _cases(builder: Builder, world: World) -> list[Built]:
    made = builder(world)
    return made if isinstance(made, list) else [made]


def _write_expected(path: Path, expected: dict[str, Expected], *, world: World, seed: int) -> None:
    settings = {
        "today": world.as_of.isoformat(),
        "sample_rate": "0",
        "approval_limit": f"{APPROVAL_LIMIT:.2f}",
        "amount_tolerance": "0.00",
        "seed": seed,
        "plan_months": PLAN_MONTHS,
        "learned_limit": f"{LEARNED_LIMIT:.2f}",
    }
    invoices = {key: entry_json(e) for key, e in expected.items()}
    dump(
        path,
        {
            "invoices": invoices,
            "plan_proposals": world.plan_proposals,
            "plan_decoys": world.plan_decoys,
            "settings": settings,
        },
    )
