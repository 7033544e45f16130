"""Reading the ``Udlejere`` sheet into a LandlordTable: CVR check digit, PSP element, the allowed
deviation as a percentage from 0 to 100 however an admin types it, dates, and rows overlapping
for one landlord."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from robot.domain.landlords import LandlordRow, LandlordTable
from robot.mapping.cells import (
    CellError,
    Percent,
    is_blank,
    read_cvr,
    read_date,
    read_psp,
    read_text,
)
from robot.mapping.problems import Problem, Severity
from robot.mapping.scan import Reader, ScannedSheet
from robot.mapping.validator import common_days, date_order_problem, overlapping_pairs

# 10, 10,5, 10.5, 10 %, 10%, 10 pct., 10 procent; a minus only to say it is out of range.
_PERCENT_TEXT = re.compile(r"([-\u2212]?\d+(?:[.,]\d+)?)\s*(%|pct\.?|procent)?", re.IGNORECASE)


def read_deviation(value: object) -> Decimal:
    """``Afvigelse %``: a percentage from 0 to 100; a percent-formatted cell (0.1 shown as
    10 %) reads 10, as does the number 10 or the text ``10``, ``10,5`` or ``10 %``."""
    if isinstance(value, Percent):
        share = value.value
    elif isinstance(value, bool | date):
        shown = ("SAND" if value else "FALSK") if isinstance(value, bool) else "en dato"
        raise CellError(f"indeholder {shown}, ikke en procentsats; skriv fx 10 for 10 %")
    elif isinstance(value, int | float):
        share = Decimal(repr(value))
    else:
        share = _percent_text(read_text(value))
    if not Decimal(0) <= share <= Decimal(100):
        raise CellError(
            f"er {_shown(share)} %, men skal være mellem 0 og 100 (procent af sidste måneds "
            "husleje); skriv fx 10 for 10 %"
        )
    return _tidy(share)


def _percent_text(text: str) -> Decimal:
    found = _PERCENT_TEXT.fullmatch(re.sub(r"\s+", " ", text).strip())
    if found is None:
        raise CellError(f"'{text}' er ikke en procentsats; skriv fx 10, 10,5 eller 10 %")
    return Decimal(found.group(1).replace(",", ".").replace("\u2212", "-"))


def _tidy(share: Decimal) -> Decimal:
    """10.0 -> 10, 10.50 -> 10.5, never 1E+1."""
    if share == share.to_integral_value():
        return share.quantize(Decimal(1))
    return share.normalize()


def _shown(share: Decimal) -> str:
    return f"{_tidy(share):f}".replace(".", ",")


_READERS: dict[str, Reader] = {
    "landlord_cvr": read_cvr,
    "landlord_name": read_text,
    "psp": read_psp,
    "deviation_pct": read_deviation,
    "valid_from": read_date,
    "valid_to": read_date,
}
_OPTIONAL = {"deviation_pct", "valid_from", "valid_to"}


@dataclass(slots=True)
class LandlordRows:
    table: LandlordTable
    problems: list[Problem] = field(default_factory=list)
    not_used: int = 0


def read_landlord_rows(scan: ScannedSheet) -> LandlordRows:
    """Every data row read; a row with an error is left out (its CVR kept for the notes)."""
    good: list[LandlordRow] = []
    rejected: list[tuple[str, int]] = []
    problems: list[Problem] = []
    for number, cells in scan.rows:
        read, row_problems = scan.read_row(number, cells, _READERS, optional=_OPTIONAL)
        if not row_problems:
            row_problems += date_order_problem(scan, number, read)
        problems += row_problems
        if row_problems:
            cvr = read.get("landlord_cvr")
            if isinstance(cvr, str):
                rejected.append((cvr, number))
            continue
        row = _row(read, number)
        problems += _small_share_warning(scan, row, cells)
        good.append(row)
    table = LandlordTable(good, rejected=rejected)
    problems += _overlaps(scan, good)
    return LandlordRows(table, problems, len(scan.spoiled) + len(scan.rows) - len(good))


def _row(read: dict[str, object], number: int) -> LandlordRow:
    start, end, share = read["valid_from"], read["valid_to"], read["deviation_pct"]
    assert start is None or isinstance(start, date)
    assert end is None or isinstance(end, date)
    assert share is None or isinstance(share, Decimal)
    return LandlordRow(
        landlord_cvr=str(read["landlord_cvr"]),
        landlord_name=str(read["landlord_name"]),
        psp=str(read["psp"]),
        deviation_pct=share,
        valid_from=start,
        valid_to=end,
        sheet_row=number,
    )


def _small_share_warning(
    scan: ScannedSheet, row: LandlordRow, cells: list[object]
) -> list[Problem]:
    """A share below 1 typed without %: 0,1 may mean 10 % (a fraction) as well as 0,1 %."""
    share = row.deviation_pct
    value = cells[scan.spec.used_fields.index("deviation_pct")]
    typed_percent = isinstance(value, Percent) or (isinstance(value, str) and "%" in value)
    if share is None or not Decimal(0) < share < Decimal(1) or typed_percent or is_blank(value):
        return []
    meant = _shown(share * 100)
    message = (
        f"er {_shown(share)}, og det læses som {_shown(share)} %: huslejen må næsten ikke ændre "
        f"sig. Mente du {meant} %? Skriv {meant} (eller {meant} %)"
    )
    return [scan.problem(row.sheet_row, "deviation_pct", message, severity=Severity.WARNING)]


def _overlaps(scan: ScannedSheet, rows: list[LandlordRow]) -> list[Problem]:
    groups: dict[str, list[LandlordRow]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    problems = []
    for cvr, group in groups.items():
        for first, second in overlapping_pairs(group):
            message = (
                f"rækkerne {first.sheet_row} og {second.sheet_row} gælder begge for udlejer "
                f"{cvr} {common_days(first, second)}; robotten kan ikke vælge mellem dem, og "
                "huslejefakturaer fra udlejeren i den tid går til manuel behandling. Ret "
                "Gyldig fra/Gyldig til, så kun én række gælder hver dag."
            )
            problems.append(scan.problem(second.sheet_row, "valid_from", message, named=False))
    return problems
