"""Reading the ``Betalingsplaner`` sheet into a PlanTable: CVR and EAN check digits, the amount
interval, the cadence word, the line text's length, and rows overlapping for one supplier and
receiver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from robot.domain.formatting import format_amount
from robot.domain.plans import Cadence, PlanRow, PlanTable
from robot.mapping.cells import (
    CellError,
    read_amount,
    read_cvr,
    read_date,
    read_ean,
    read_psp,
    read_text,
)
from robot.mapping.problems import Problem, Severity
from robot.mapping.scan import Reader, ScannedSheet
from robot.mapping.suggest import read_cadence, suggest_cadence
from robot.mapping.validator import common_days, date_order_problem, overlapping_pairs

LINE_TEXT_ROOM = 28  # 50 in the ERP, less a space and a period such as 01.10.2026-31.12.2026
ERP_TEXT_LIMIT = 50


def _cadence(value: object) -> Cadence:
    text = read_text(value)
    cadence = read_cadence(text)
    if cadence is not None:
        return cadence
    said = f"'{text}' er ikke en kadence (måned, kvartal, halvår eller år)"
    near = suggest_cadence(text)
    raise CellError(f"{said}; mente du '{near.value}'?" if near else said)


_READERS: dict[str, Reader] = {
    "supplier_cvr": read_cvr,
    "receiver_ean": read_ean,
    "amount_from": read_amount,
    "amount_to": read_amount,
    "cadence": _cadence,
    "psp": read_psp,
    "line_text": read_text,
    "valid_from": read_date,
    "valid_to": read_date,
}
_OPTIONAL = {"amount_from", "amount_to", "valid_from", "valid_to"}


@dataclass(slots=True)
class PlanRows:
    table: PlanTable
    problems: list[Problem] = field(default_factory=list)
    not_used: int = 0


def read_plan_rows(scan: ScannedSheet) -> PlanRows:
    """Every data row read; a row with an error is left out (its supplier and receiver kept)."""
    good: list[PlanRow] = []
    rejected: list[tuple[str, str, int]] = []
    problems: list[Problem] = []
    for number, cells in scan.rows:
        read, row_problems = scan.read_row(number, cells, _READERS, optional=_OPTIONAL)
        if not row_problems:
            row_problems += date_order_problem(scan, number, read)
            row_problems += _amount_order_problem(scan, number, read)
        problems += row_problems
        if row_problems:
            cvr, ean = read.get("supplier_cvr"), read.get("receiver_ean")
            if isinstance(cvr, str) and isinstance(ean, str):
                rejected.append((cvr, ean, number))
            continue
        row = _row(read, number)
        problems += _line_text_warning(scan, row)
        good.append(row)
    table = PlanTable(good, rejected=rejected)
    problems += _overlaps(scan, table)
    return PlanRows(table, problems, len(scan.spoiled) + len(scan.rows) - len(good))


def _row(read: dict[str, object], number: int) -> PlanRow:
    start, end = read["valid_from"], read["valid_to"]
    amount_from, amount_to = read["amount_from"], read["amount_to"]
    cadence = read["cadence"]
    assert start is None or isinstance(start, date)
    assert end is None or isinstance(end, date)
    assert amount_from is None or isinstance(amount_from, Decimal)
    assert amount_to is None or isinstance(amount_to, Decimal)
    assert isinstance(cadence, Cadence)
    return PlanRow(
        supplier_cvr=str(read["supplier_cvr"]),
        receiver_ean=str(read["receiver_ean"]),
        amount_from=amount_from if amount_from is not None else Decimal("0.00"),
        amount_to=amount_to,
        cadence=cadence,
        psp=str(read["psp"]),
        line_text=str(read["line_text"]),
        valid_from=start,
        valid_to=end,
        sheet_row=number,
    )


def _amount_order_problem(
    scan: ScannedSheet, number: int, read: dict[str, object]
) -> list[Problem]:
    """``Beløb fra`` above ``Beløb til``: no amount fits."""
    low, high = read.get("amount_from"), read.get("amount_to")
    if isinstance(low, Decimal) and isinstance(high, Decimal) and low > high:
        message = (
            f"Beløb fra {format_amount(low)} er større end Beløb til {format_amount(high)}: "
            "intet beløb passer; rækken bruges ikke"
        )
        return [scan.problem(number, "amount_to", message, named=False)]
    return []


def _line_text_warning(scan: ScannedSheet, row: PlanRow) -> list[Problem]:
    length = len(row.line_text)
    if length <= LINE_TEXT_ROOM:
        return []
    message = (
        f"har {length} tegn. Robotten sætter perioden bag ved (op til 22 tegn, fx "
        f"' 01.10.2026-31.12.2026'), og ERP'et tager højst {ERP_TEXT_LIMIT} tegn, så "
        f"posteringsteksten bliver skåret af; hold Linjetekst på højst {LINE_TEXT_ROOM} tegn"
    )
    return [scan.problem(row.sheet_row, "line_text", message, severity=Severity.WARNING)]


def _overlaps(scan: ScannedSheet, table: PlanTable) -> list[Problem]:
    groups: dict[tuple[str, str], list[PlanRow]] = {}
    for row in table.rows:
        groups.setdefault(row.key, []).append(row)
    problems = []
    for (cvr, ean), rows in groups.items():
        for first, second in overlapping_pairs(rows):
            message = (
                f"rækkerne {first.sheet_row} og {second.sheet_row} gælder begge for leverandør "
                f"{cvr} og modtager {ean} {common_days(first, second)}; fakturaer fra "
                "leverandøren til modtageren i den tid går til manuel behandling "
                "(AMBIGUOUS_PLAN). Ret Gyldig fra/Gyldig til, så kun én række gælder hver dag."
            )
            problems.append(scan.problem(second.sheet_row, "valid_from", message, named=False))
    return problems
