"""The run report's first sheet: the run's facts, then counts and amounts per outcome and code,
per way of paying and per currency (amounts in different currencies are never added up)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TypeVar

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from robot.journal.model import Outcome, OutcomeKind, Route
from robot.reporting.excel import (
    AMOUNT,
    COUNT,
    PERCENT,
    Column,
    heading,
    printable,
    put,
    write_table,
)
from robot.reporting.labels import (
    OUTCOME_ORDER,
    PAYING,
    code_meaning,
    outcome_label,
    route_label,
)

K = TypeVar("K")
_NOTING = (OutcomeKind.MANUAL, OutcomeKind.WOULD_NOTE)
_ROUTE_ORDER: tuple[Route | None, ...] = (*Route, None)
_WIDTHS = {"A": 44, **dict.fromkeys("BCDEFGHIJ", 15)}


def currencies(outcomes: Iterable[Outcome]) -> list[str]:
    """The currencies that occur, DKK first."""
    found = {o.currency for o in outcomes if o.amount is not None}
    return sorted(found, key=lambda c: (c != "DKK", c))


def sums(outcomes: Iterable[Outcome], order: Sequence[str]) -> list[Decimal | None]:
    """The amounts added up per currency, in the order given; None (a blank cell) for a
    currency none of them is in."""
    totals: dict[str, Decimal] = {}
    for o in outcomes:
        if o.amount is not None:
            totals[o.currency] = totals.get(o.currency, Decimal(0)) + o.amount
    return [totals.get(c) for c in order]


def _amount_columns(kinds: Sequence[str], label: str = "Beløb") -> list[Column]:
    return [Column(f"{label} ({c if c != '?' else 'ukendt valuta'})", 15, AMOUNT) for c in kinds]


def write_overview(
    sheet: Worksheet,
    *,
    outcomes: Sequence[Outcome],
    run_info: Sequence[tuple[str, str]],
    title: str,
) -> None:
    heading(sheet, 1, title, size=14)
    dry = any(o.outcome in (OutcomeKind.WOULD_PAY, OutcomeKind.WOULD_NOTE) for o in outcomes)
    row = 2
    if dry or dict(run_info).get("Prøvekørsel") == "ja":
        put(
            sheet.cell(row=2, column=1), "Prøvekørsel: intet er bogført, noteret eller registreret."
        )
        sheet.cell(row=2, column=1).font = Font(italic=True)
        row = 3
    row = _facts(sheet, row + 1, outcomes, run_info) + 2
    money = currencies(outcomes)
    row = _per_outcome_and_code(sheet, row, outcomes, money) + 2
    row = _per_route(sheet, row, outcomes, money, dry=dry) + 2
    _per_currency(sheet, row, outcomes, money)
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    printable(sheet, title=title)


def _facts(
    sheet: Worksheet, top: int, outcomes: Sequence[Outcome], run_info: Sequence[tuple[str, str]]
) -> int:
    heading(sheet, top, "Kørslen")
    facts: list[tuple[str, object]] = [*run_info, ("Fakturaer i alt", len(outcomes))]
    facts.append(("Sendt tilbage til robotten", sum(o.came_back for o in outcomes)))
    needs = sum(o.outcome in (OutcomeKind.NEEDS_PERSON, OutcomeKind.FAILED) for o in outcomes)
    facts.append(
        ("Kræver handling (se arket Kræver handling)" if needs else "Kræver handling", needs)
    )
    for offset, (label, value) in enumerate(facts, start=1):
        put(sheet.cell(row=top + offset, column=1), label)
        put(sheet.cell(row=top + offset, column=2), value, number_format=COUNT)
        sheet.cell(row=top + offset, column=2).alignment = Alignment(horizontal="left")
        sheet.cell(row=top + offset, column=1).font = Font(bold=True)
    return top + len(facts)


def _per_outcome_and_code(
    sheet: Worksheet, top: int, outcomes: Sequence[Outcome], money: Sequence[str]
) -> int:
    """A row per outcome, and below it a row per code with what the code means."""
    heading(sheet, top, "Pr. udfald og kode")
    columns = [
        Column("Udfald / kode", 44, wrap=True),
        Column("Fakturaer", 15, COUNT),
        *_amount_columns(money),
        Column("Betydning", 15),
    ]
    rows: list[tuple[object, ...]] = []
    outcome_rows: list[int] = []
    by_outcome = _group(outcomes, lambda o: OUTCOME_ORDER.index(o.outcome))
    for kind, group in sorted(by_outcome.items()):
        outcome_rows.append(len(rows))
        rows.append((outcome_label(OUTCOME_ORDER[kind]), len(group), *sums(group, money), ""))
        by_code = _group(group, lambda o: o.code or "")
        if list(by_code) == [""]:
            continue
        for code, coded in sorted(by_code.items()):
            label = code or "(uden kode)"
            rows.append((label, len(coded), *sums(coded, money), code_meaning(code)))
    totals = ("I alt", len(outcomes), *sums(outcomes, money), "")
    last = write_table(sheet, columns, rows, top=top + 1, totals=totals)
    for index in range(len(rows)):
        cells = sheet[top + 2 + index]
        if index in outcome_rows:
            for cell in cells:
                cell.font = Font(bold=True)
        else:
            cells[0].alignment = Alignment(horizontal="left", indent=2, vertical="top")
    for row in range(top + 1, last + 1):  # the meaning a little away from the amount before it
        sheet.cell(row=row, column=len(columns)).alignment = Alignment(horizontal="left", indent=1)
    return last


def _per_route(
    sheet: Worksheet, top: int, outcomes: Sequence[Outcome], money: Sequence[str], *, dry: bool
) -> int:
    heading(sheet, top, "Pr. betalingsmåde")
    paid_label = "Ville betale" if dry else "Betalt"
    columns = [
        Column("Betalingsmåde", 44),
        Column("Fakturaer", 15, COUNT),
        Column(paid_label, 15, COUNT),
        Column("Ville sende til manuel" if dry else "Manuel behandling", 15, COUNT),
        Column("Øvrige", 15, COUNT),
        Column(f"Andel {paid_label.lower()}", 15, PERCENT),
        *_amount_columns(money, f"{paid_label} beløb"),
    ]
    groups = _group(outcomes, lambda o: _ROUTE_ORDER.index(o.route))
    rows = [_route_row(route_label(_ROUTE_ORDER[i]), g, money) for i, g in sorted(groups.items())]
    return write_table(
        sheet, columns, rows, top=top + 1, totals=_route_row("I alt", outcomes, money)
    )


def _route_row(label: str, group: Sequence[Outcome], money: Sequence[str]) -> tuple[object, ...]:
    counts = Counter(o.outcome for o in group)
    paid = sum(counts[k] for k in PAYING)
    noted = sum(counts[k] for k in _NOTING)
    decided = len(group) - counts[OutcomeKind.SKIPPED]
    share = paid / decided if decided else None
    paid_sums = sums((o for o in group if o.outcome in PAYING), money)
    return (label, len(group), paid, noted, len(group) - paid - noted, share, *paid_sums)


def _per_currency(
    sheet: Worksheet, top: int, outcomes: Sequence[Outcome], money: Sequence[str]
) -> int:
    heading(sheet, top, "Beløb pr. valuta")
    put(sheet.cell(row=top + 1, column=1), "Beløb i forskellige valutaer lægges aldrig sammen.")
    sheet.cell(row=top + 1, column=1).font = Font(italic=True)
    columns = [
        Column("Valuta", 44),
        Column("Fakturaer", 15, COUNT),
        Column("Heraf kreditnotaer", 15, COUNT),
        Column("Beløb i alt", 15, AMOUNT),
        Column("Betalt", 15, AMOUNT),
        Column("Manuel behandling", 15, AMOUNT),
        Column("Øvrige", 15, AMOUNT),
    ]
    rows = []
    for currency in money:
        group = [o for o in outcomes if o.currency == currency and o.amount is not None]
        total = _total(group)
        paid = _total(o for o in group if o.outcome in PAYING)
        noted = _total(o for o in group if o.outcome in _NOTING)
        credits = sum(o.doc_type == "credit_note" or (o.amount or 0) < 0 for o in group)
        rows.append((currency, len(group), credits, total, paid, noted, total - paid - noted))
    return write_table(sheet, columns, rows, top=top + 2)


def _total(outcomes: Iterable[Outcome]) -> Decimal:
    return sum((o.amount for o in outcomes if o.amount is not None), Decimal(0))


def _group(outcomes: Iterable[Outcome], key: Callable[[Outcome], K]) -> dict[K, list[Outcome]]:
    groups: dict[K, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(key(o), []).append(o)
    return groups
