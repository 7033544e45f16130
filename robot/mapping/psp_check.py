"""Every PSP element the workbook names checked against the ERP's list of PSP elements: one the
ERP does not know is an error, a closed one a warning; both name the rows that use it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from robot.domain.formatting import join_danish
from robot.mapping.problems import MappingReport, Problem, Severity

# The sheets that name PSP elements, by their contract names, in the order they are read.
PSP_SHEETS = ("PSP", "Betalingsplaner", "Lægeerklæringer", "Udlejere")


class _Posting(Protocol):
    """A row of any sheet that names a PSP element."""

    @property
    def psp(self) -> str: ...
    @property
    def sheet_row(self) -> int: ...


def psp_element_problems(report: MappingReport, elements: Mapping[str, bool]) -> list[Problem]:
    """``elements``: every PSP element the ERP lists, and whether it is open."""
    problems = []
    for sheet in PSP_SHEETS:
        layout = report.layouts.get(sheet)
        if layout is None:
            continue
        by_psp: dict[str, list[int]] = {}
        for row in _rows_naming_psp(report, sheet):
            by_psp.setdefault(row.psp, []).append(row.sheet_row)
        for psp, rows in sorted(by_psp.items(), key=lambda item: min(item[1])):
            open_ = elements.get(psp)
            if open_ is True:
                continue
            problems.append(
                Problem(
                    sheet=layout.sheet,
                    row=min(rows),
                    column=layout.letters.get("psp"),
                    header="PSP-element",
                    severity=Severity.ERROR if open_ is None else Severity.WARNING,
                    message=_unknown(psp, rows) if open_ is None else _closed(psp, rows),
                )
            )
    return problems


def _rows_naming_psp(report: MappingReport, sheet: str) -> Sequence[_Posting]:
    """The sheet's usable rows (a row with an error is reported already)."""
    tables: dict[str, Sequence[_Posting]] = {
        "PSP": report.table.rows,
        "Betalingsplaner": report.plans.rows,
        "Lægeerklæringer": report.certificates.rows,
        "Udlejere": report.landlords.rows,
    }
    return tables[sheet]


def _unknown(psp: str, rows: list[int]) -> str:
    # No "did you mean": elements differ in a digit or two, and the nearest is a guess.
    return (
        f"ERP'et kender ikke PSP-elementet {psp} ({_rows(rows)}); ERP'et afviser en kontering "
        "på det, og fakturaerne går til manuel behandling (PSP_REJECTED). Kopiér elementet fra "
        "ERP'et"
    )


def _closed(psp: str, rows: list[int]) -> str:
    return (
        f"PSP-elementet {psp} er lukket i ERP'et ({_rows(rows)}); ERP'et afviser en kontering "
        "på det, og fakturaerne går til manuel behandling (PSP_REJECTED). Bruges rækken "
        "stadig, så få elementet åbnet, eller skriv et åbent element"
    )


def _rows(rows: list[int]) -> str:
    numbers = sorted(set(rows))
    if len(numbers) == 1:
        return f"række {numbers[0]}"
    return f"rækkerne {join_danish([str(n) for n in numbers])}"
