"""Learned-postings cases (DOMAIN.md "Learned postings"): invoices with no CPR, no plan and no
`Modtagere` EAN, each from a supplier to an institution whose history the case writes on purpose.
Without `--learned-postings` every one is MISSING_CPR, as today; with it, those whose history is
of one mind (at least 6 earlier invoices from the supplier to the receiver in the last 12 months,
at least 95 % of their lines on one open PSP element) and whose amount is usual (inside the
history's lowest-highest widened by 10 %, and at most the 5.000,00 kr. limit) are paid, each
line on that PSP element; the unusual amounts are LEARNED_AMOUNT_UNUSUAL; the rest stay
MISSING_CPR. Every case keeps clear of the thresholds (7-12 or 5 invoices, 100 % or 90 %, amounts
inside the seen range or far outside it), and its days never recur with a cadence, so no pair
is proposed as a plan by accident."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fake_systems.scenarios.documents import DocumentSpec, LineSpec, month_label
from fake_systems.scenarios.expected import Expected, LearnedTruth
from fake_systems.scenarios.history_pairs import amount_between, irregular_days, new_company, post
from fake_systems.scenarios.plan_book import Company, Receiver
from fake_systems.scenarios.supplies import SUPPLY_KINDS, SupplyKind
from fake_systems.scenarios.world import World

Case = tuple[DocumentSpec, Expected]
LEARNED_LIMIT = Decimal("5000.00")  # robot run --learned-limit's default
WIDEN = Decimal("0.10")


class _Pair:
    """A new supplier of one kind of goods, an institution it delivers to, and the PSP element
    (open) that institution posts the goods to."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.kind: SupplyKind = world.rng.choice(SUPPLY_KINDS)
        self.company: Company = new_company(world, self.kind.company)
        self.receiver: Receiver = world.rng.choice(world.plan_book.receivers)
        self.psp = self.psp_of(self.kind)

    def psp_of(self, kind: SupplyKind) -> str:
        year, receiver = self.world.as_of.year, self.receiver
        name = f"{kind.item} {receiver.place}"
        return self.world.open_psp(kind.psp(receiver.number, year), name)

    def other_psp(self) -> str:
        other = self.world.rng.choice([k for k in SUPPLY_KINDS if k is not self.kind])
        return self.psp_of(other)

    def history(self, amounts: list[Decimal], psps: list[str]) -> None:
        """One earlier invoice per amount, posted over the 11 months before the billed month,
        its lines on the given PSP elements (one or two lines each)."""
        world = self.world
        first = world.as_of - timedelta(days=330)
        days = irregular_days(world.rng, len(amounts), first, world.month[0] - timedelta(days=3))
        for day, amount, psp in zip(days, amounts, psps, strict=True):
            texts = world.rng.sample(self.kind.texts, 2)
            parts = [amount] if world.rng.random() < 0.6 else _split(amount)
            lines = [(text, part, psp) for text, part in zip(texts, parts, strict=False)]
            issued = day - timedelta(days=world.rng.randint(2, 6))
            post(world, self.company, self.receiver.ean, lines, at=day, issued=issued)

    def invoice(self, total: Decimal) -> DocumentSpec:
        """This month's invoice: the billed month, one or two lines, no CPR anywhere."""
        world = self.world
        texts = world.rng.sample(self.kind.texts, 2)
        parts = [total] if world.rng.random() < 0.5 else _split(total)
        note = f"Leveret {month_label(world.month[0])}"
        lines = [
            LineSpec(amount=part, note=note, item_name=text, item_description=self.kind.item)
            for text, part in zip(texts, parts, strict=False)
        ]
        return world.document(
            self.company,
            lines,
            world.month,
            receiver_gln=self.receiver.ean,
            buyer_reference=self.receiver.place,
        )


def _split(amount: Decimal) -> list[Decimal]:
    first = (amount * Decimal("0.7")).quantize(Decimal("0.01"))
    return [first, amount - first]


def _amounts(pair: _Pair, count: int, low: int, high: int) -> list[Decimal]:
    return [amount_between(pair.world.rng, low, high) for _ in range(count)]


def _within(pair: _Pair, amounts: list[Decimal]) -> Decimal:
    """An amount inside the lowest and highest seen (so inside them widened by 10 %)."""
    low, high = min(amounts), max(amounts)
    return low + ((high - low) * Decimal(pair.world.rng.randint(10, 90)) / 100).quantize(
        Decimal("0.01")
    )


def _stays(code: str = "MISSING_CPR") -> Expected:
    return Expected("manual", "MISSING_CPR", learned=LearnedTruth("manual", code))


def learned_paid(world: World) -> Case:
    """Seven to twelve earlier invoices, every line on one open PSP element; a usual amount."""
    pair = _Pair(world)
    amounts = _amounts(pair, world.rng.randint(7, 12), 300, 4_000)
    pair.history(amounts, [pair.psp] * len(amounts))
    document = pair.invoice(_within(pair, amounts))
    postings = tuple((pair.psp, line.amount) for line in document.lines)
    learned = LearnedTruth("posted", None, postings)
    return document, Expected("manual", "MISSING_CPR", learned=learned)


def learned_not_of_one_mind(world: World) -> Case:
    """Ten earlier one-line invoices, nine on one PSP element and one on another: 90 %."""
    pair = _Pair(world)
    amounts = _amounts(pair, 10, 300, 4_000)
    psps = [pair.psp] * 10
    psps[world.rng.randrange(10)] = pair.other_psp()
    _history_one_line(pair, amounts, psps)
    return pair.invoice(_within(pair, amounts)), _stays()


def _history_one_line(pair: _Pair, amounts: list[Decimal], psps: list[str]) -> None:
    """Like ``_Pair.history``, but one line per invoice, so lines count as invoices do."""
    world = pair.world
    first = world.as_of - timedelta(days=330)
    days = irregular_days(world.rng, len(amounts), first, world.month[0] - timedelta(days=3))
    for day, amount, psp in zip(days, amounts, psps, strict=True):
        text = world.rng.choice(pair.kind.texts)
        issued = day - timedelta(days=world.rng.randint(2, 6))
        post(world, pair.company, pair.receiver.ean, [(text, amount, psp)], at=day, issued=issued)


def learned_too_few(world: World) -> Case:
    """Five earlier invoices, all on one PSP element: one short of six."""
    pair = _Pair(world)
    amounts = _amounts(pair, 5, 300, 4_000)
    pair.history(amounts, [pair.psp] * 5)
    return pair.invoice(_within(pair, amounts)), _stays()


def learned_amount_unusual(world: World) -> Case:
    """Of one mind, but the amount is far above (or below) anything billed before."""
    pair = _Pair(world)
    amounts = _amounts(pair, world.rng.randint(7, 10), 800, 1_500)
    pair.history(amounts, [pair.psp] * len(amounts))
    if world.rng.random() < 0.5:
        total = max(amounts) * (1 + WIDEN) * Decimal("1.5")
    else:
        total = min(amounts) * (1 - WIDEN) * Decimal("0.5")
    document = pair.invoice(total.quantize(Decimal("0.01")))
    return document, _stays("LEARNED_AMOUNT_UNUSUAL")


def learned_above_limit(world: World) -> Case:
    """Of one mind and a usual amount for the pair, but above the learned limit of 5.000,00."""
    pair = _Pair(world)
    amounts = _amounts(pair, world.rng.randint(7, 10), 5_600, 8_000)
    pair.history(amounts, [pair.psp] * len(amounts))
    return pair.invoice(_within(pair, amounts)), _stays("LEARNED_AMOUNT_UNUSUAL")


def learned_no_history(world: World) -> Case:
    """A supplier the ERP has never posted an invoice from."""
    pair = _Pair(world)
    return pair.invoice(amount_between(world.rng, 300, 2_000)), _stays()
