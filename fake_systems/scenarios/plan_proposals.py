"""Planted plan proposals (DOMAIN.md "Plan proposals", `robot suggest-plans`): supplier and
receiver pairs in the ERP's history that recur with a cadence and are posted one way, with the
`Betalingsplaner` row each must give; and decoys that must not be proposed, each for one reason.

How DOMAIN.md is read here (the planted pairs keep clear of every edge, so other fair readings
give the same answer):
- The window is ``PLAN_MONTHS`` (48) months before the run date, by posting date: three yearly
  invoices span more than two years, so `robot suggest-plans --months 48` is what the ground
  truth assumes (`settings.plan_months` in expected.json). Every monthly and quarterly pair
  lies within the last 11 months, so a 12-month window finds the same rows for those two
  cadences (and not the half-yearly and yearly ones).
- The gap between consecutive invoices is measured between their period starts (issue dates
  when they have none): one cadence (calendar months added) give or take 5 days, or two
  cadences at one gap at most ("at most one period missing"). Planted period starts are the
  calendar periods' first days and issue dates lie 10 days before them (±1), so the period
  reading and the issue-date reading agree, and a reading in days (30, 91, 182, 365 ± 5) too.
- "The last one is no older than two cadence periods": each proposed pair's newest invoice is
  for the cadence period holding the run date; the stopped decoy's is five periods back.
- `Gyldig fra` is the first day of the cadence period after the one holding the run date, which
  is also the one after the newest invoice's.
- `Beløb fra`/`Beløb til`: the lowest and highest payable amount seen in the window, times 0.9
  and 1.1, rounded down and up to whole kroner. `Linjetekst`: the text most lines have (one text
  holds all lines but at most one), its first 40 characters.
- PSP shares count lines. A decoy with a CPR has one on every invoice, so leaving those invoices
  out or leaving the pair out gives the same answer. Missing periods are two in a row in the
  decoy, so "at most one missing" in all or per gap agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from fake_systems.scenarios.catalogue import PLAN_KINDS, PlanKind
from fake_systems.scenarios.history_pairs import Line, new_company, post
from fake_systems.scenarios.plan_book import Company, cadence_bounds
from fake_systems.scenarios.refs import Party
from fake_systems.scenarios.world import Period, World

PLAN_MONTHS = 48
TEXT_LIMIT = 40
KIND = {kind.item.rstrip("."): kind for kind in PLAN_KINDS}


@dataclass(frozen=True)
class Recurring:
    """How a planted pair bills: ``count`` invoices of the cadence, the newest ``back``
    periods before the run date's; ``missing`` periods left out (0 is the newest's place)."""

    cadence: str
    count: int
    missing: tuple[int, ...] = ()
    back: int = 0
    with_period: bool = True


def previous(cadence: str, period: Period) -> Period:
    return cadence_bounds(cadence, period[0] - timedelta(days=1))


def periods(pattern: Recurring, as_of: date) -> list[Period]:
    """The billed cadence periods, oldest first."""
    period = cadence_bounds(pattern.cadence, as_of)
    for _ in range(pattern.back):
        period = previous(pattern.cadence, period)
    found: list[Period] = []
    place = 0
    while len(found) < pattern.count:
        if place not in pattern.missing:
            found.append(period)
        period, place = previous(pattern.cadence, period), place + 1
    return found[::-1]


class Planter:
    def __init__(self, world: World) -> None:
        self.world, self.rng = world, world.rng
        self.year = world.as_of.year

    def psp(self, name: str, *, is_open: bool = True) -> str:
        series = 1 if is_open else 9
        psp = f"XG-5389{series}{len(self.world.psp_elements) + 1:05d}-{self.year % 100:05d}"
        return self.world.open_psp(psp, name, is_open=is_open)

    def pair(self, kind: PlanKind) -> tuple[Company, str, str]:
        """A new supplier of the kind and an institution it bills (no plan row names them)."""
        company = new_company(self.world, kind.company)
        receiver = self.rng.choice(self.world.plan_book.receivers)
        return company, receiver.ean, receiver.place

    def amounts(self, kind: PlanKind, count: int) -> list[Decimal]:
        """Drifting a little upwards, period by period, with a percent of noise either way."""
        base = Decimal(self.rng.randrange(kind.low, kind.high, 25))
        drift = Decimal(self.rng.randint(2, 8)) / 1000
        return [
            (base * (1 + drift * n) * (1 + Decimal(self.rng.randint(-10, 10)) / 1000)).quantize(
                Decimal("0.01")
            )
            for n in range(count)
        ]

    def bill(
        self,
        company: Party,
        ean: str,
        pattern: Recurring,
        lines: list[list[Line]],
    ) -> None:
        """One invoice per billed period, in order: issued 10 days (±1) before the period (15
        for a year), posted 3 to 5 days later; without periods, issued on one day of the month."""
        found = periods(pattern, self.world.as_of)
        ahead = 15 if pattern.cadence == "år" else 10
        for n, (period, these) in enumerate(zip(found, lines, strict=True)):
            if pattern.with_period:
                issued = period[0] - timedelta(days=ahead + self.rng.randint(-1, 1))
            else:
                issued = self._monthly_issue(period, newest=n == len(found) - 1)
            at = min(issued + timedelta(days=self.rng.randint(3, 5)), self.world.as_of)
            kept = period if pattern.with_period else None
            post(self.world, company, ean, these, at=at, issued=issued, period=kept)

    def _monthly_issue(self, period: Period, *, newest: bool) -> date:
        """A bill without a period is sent on the same day each month: two days before the run
        date's day (the 1st at the earliest, the 26th at the latest), the newest on it exactly."""
        day = max(1, min(self.world.as_of.day, 28) - 2)
        shift = 0 if newest else self.rng.randint(-1, 1)
        return period[0] + timedelta(days=max(0, day - 1 + shift))


def next_period_start(cadence: str, day: date) -> date:
    """The first day of the cadence period after the one holding the day."""
    return cadence_bounds(cadence, day)[1] + timedelta(days=1)


def proposed_row(world: World, company: Company, ean: str, cadence: str, psp: str, text: str,
                 amounts: list[Decimal]) -> dict[str, str]:  # fmt: skip
    """The Betalingsplaner row (contract section 8) a proposal for the pair is, as DOMAIN.md
    computes it from what the pair's history holds."""
    low = (min(amounts) * Decimal("0.9")).to_integral_value(rounding=ROUND_FLOOR)
    high = (max(amounts) * Decimal("1.1")).to_integral_value(rounding=ROUND_CEILING)
    cut = text[:TEXT_LIMIT]
    assert cut == cut.strip(), "a planted line text is not cut at a space"
    return {
        "Leverandør-CVR": company.cvr,
        "Modtager-EAN": ean,
        "Beløb fra": f"{low:.2f}",
        "Beløb til": f"{high:.2f}",
        "Kadence": cadence,
        "PSP-element": psp,
        "Linjetekst": cut,
        "Gyldig fra": next_period_start(cadence, world.as_of).isoformat(),
        "Gyldig til": "",
        "Bemærkning": f"Foreslået {world.as_of:%d.%m.%Y}",
    }


# The proposed pairs every bundle holds: the kind, how it bills, and its line text's start.
POSITIVES = (
    ("Rengøring", Recurring("måned", 10), "Rengøring"),
    ("Husleje", Recurring("måned", 10, missing=(4,)), "Husleje depotrum"),
    ("Rengøring", Recurring("måned", 9, with_period=False), "Rengøring af fællesarealer,"),
    ("Vinduespuds", Recurring("kvartal", 3), "Vinduespolering udvendigt og indvendigt,"),
    ("Forsikring", Recurring("halvår", 3), "Forsikring"),
    ("Abonnement", Recurring("år", 3), "Abonnement fagsystem"),
)


def plant_proposals(world: World) -> None:
    """Every pair of POSITIVES, and for a larger bundle more monthly and quarterly ones (one per
    500 invoices, at most 30): their history, and their rows in ``world.plan_proposals``."""
    planter = Planter(world)
    extra = [
        ("Rengøring", Recurring("måned", world.rng.randint(6, 10)), "Rengøring")
        if world.rng.random() < 0.6
        else ("Vinduespuds", Recurring("kvartal", 3), "Vinduespudsning")
        for _ in range(min(30, world.invoices // 500))
    ]
    for item, pattern, start in (*POSITIVES, *extra):
        kind = KIND[item]
        company, ean, place = planter.pair(kind)
        text = f"{start} {place}"
        psp = planter.psp(text)
        amounts = planter.amounts(kind, pattern.count)
        lines = [[(text, amount, psp)] for amount in amounts]
        if world.rng.random() < 0.5:  # once, an extra line on the same element
            extra_line = ("Ekstraarbejde", Decimal(world.rng.randrange(200, 900)), psp)
            lines[world.rng.randrange(len(lines))].append(extra_line)
        planter.bill(company, ean, pattern, lines)
        totals = [sum((amount for _, amount, _ in these), Decimal(0)) for these in lines]
        world.plan_proposals.append(
            proposed_row(world, company, ean, pattern.cadence, psp, text, totals)
        )
