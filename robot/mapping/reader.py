"""Reading the mapping workbook: the PSP sheet into a MappingTable, the optional sheets into
payment plans, receivers, certificates and landlords, every problem placed; or refusing the
workbook."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from robot.domain.certificates import CertificateTable
from robot.domain.landlords import LandlordTable
from robot.domain.plans import PlanTable
from robot.domain.psp import MappingTable
from robot.errors import MappingUnusable
from robot.mapping.certificate_rows import Fees, Receivers, read_fee_rows, read_receiver_rows
from robot.mapping.columns import (
    CERTIFICATE_SHEET,
    LANDLORD_SHEET,
    PLAN_SHEET,
    PSP_SHEET,
    RECEIVER_SHEET,
    SheetSpec,
    SheetUnreadable,
    fold,
)
from robot.mapping.landlord_rows import read_landlord_rows
from robot.mapping.plan_rows import read_plan_rows
from robot.mapping.problems import MappingReport, Problem, Severity, SheetCount, SheetLayout
from robot.mapping.rows import read_psp_rows
from robot.mapping.scan import ScannedSheet, scan_sheet
from robot.mapping.suggest import allowed_paragraphs
from robot.mapping.validator import overlap_problems
from robot.mapping.workbook import DAMAGED, Workbook, open_workbook
from robot.privacy import mask_cpr

SHEETS = (PSP_SHEET, PLAN_SHEET, RECEIVER_SHEET, CERTIFICATE_SHEET, LANDLORD_SHEET)


def read_mapping(path: Path | str, *, paragraphs: Iterable[str] = ()) -> MappingReport:
    """The usable rows of every mapping sheet and all problems; MappingUnusable when the
    workbook cannot be used at all (missing, unreadable or too large a file, a password, no PSP
    sheet, no header, a missing column). Its message starts with the file's name:
    ``psp_mapping.xlsx: <reason for an admin>``.

    ``paragraphs``: the paragraphs the municipality pays under besides those in scope.
    """
    path = Path(path)
    try:
        book = open_workbook(path)
    except MappingUnusable as error:
        raise MappingUnusable(mask_cpr(f"{path.name}: {error}")) from None
    reading = _Reading(book, allowed_paragraphs(paragraphs))
    try:
        return reading.finish(reading.report())
    except MappingUnusable as error:
        raise MappingUnusable(mask_cpr(f"{path.name}: {error}")) from None
    except Exception as error:  # a broken sheet part shows up only while streaming it
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise MappingUnusable(
            mask_cpr(f"{path.name}: arket '{reading.current}' kan ikke læses, {DAMAGED} ({detail})")
        ) from None
    finally:
        book.close()


@dataclass(slots=True)
class _Reading:
    book: Workbook
    paragraphs: tuple[str, ...]
    current: str = ""  # the sheet being read, for a damaged part's message
    problems: list[Problem] = field(default_factory=list)
    counts: list[SheetCount] = field(default_factory=list)
    layouts: dict[str, SheetLayout] = field(default_factory=dict)

    def report(self) -> MappingReport:
        scan = self._scan(PSP_SHEET)
        if scan is None:
            shown = ", ".join(f"'{n}'" for n in self.book.sheet_names) or "ingen"
            raise MappingUnusable(f"projektmappen har intet ark ved navn 'PSP' (dens ark: {shown})")
        psp = read_psp_rows(scan, paragraphs=self.paragraphs)
        table = MappingTable(psp.rows, rejected=psp.rejected)
        column = get_column_letter(scan.columns.index["valid_from"] + 1)
        overlaps = overlap_problems(table, sheet=scan.name, column=column)
        self._add(scan, [*psp.problems, *overlaps], usable=len(table), not_used=len(psp.skipped))
        return MappingReport(
            table,
            (),
            scan.read,
            tuple(psp.skipped),
            plans=self._plans(),
            certificates=self._certificates(),
            landlords=self._landlords(),
        )

    def finish(self, report: MappingReport) -> MappingReport:
        """Every problem, each message with CPR-shaped numbers masked: they quote cells, and a
        CPR number typed into the workbook must not reach a log or a report."""
        problems = (*self.problems, *self._near_names())
        return replace(
            report,
            problems=tuple(_masked(p) for p in problems),
            sheets=tuple(self.counts),
            layouts=self.layouts,
        )

    def _plans(self) -> PlanTable:
        scan = self._optional(PLAN_SHEET)
        if scan is None:
            return PlanTable.empty()
        plans = read_plan_rows(scan)
        self._add(scan, plans.problems, usable=len(plans.table), not_used=plans.not_used)
        return plans.table

    def _certificates(self) -> CertificateTable:
        receivers, fees = Receivers(), Fees()
        scan = self._optional(RECEIVER_SHEET)
        if scan is not None:
            receivers = read_receiver_rows(scan)
            self._add(
                scan, receivers.problems, usable=len(receivers.rows), not_used=receivers.not_used
            )
        scan = self._optional(CERTIFICATE_SHEET)
        if scan is not None:
            fees = read_fee_rows(scan)
            self._add(scan, fees.problems, usable=len(fees.rows), not_used=fees.not_used)
        return CertificateTable(receivers.rows, fees.rows, rejected=fees.rejected)

    def _landlords(self) -> LandlordTable:
        scan = self._optional(LANDLORD_SHEET)
        if scan is None:
            return LandlordTable.empty()
        landlords = read_landlord_rows(scan)
        self._add(
            scan, landlords.problems, usable=len(landlords.table), not_used=landlords.not_used
        )
        return landlords.table

    def _scan(self, spec: SheetSpec) -> ScannedSheet | None:
        name = _find(self.book.sheet_names, spec.name)
        if name is None:
            return None
        self.current = name
        # Only Udlejere holds percentages; the other sheets are not searched for their formats.
        sheet = self.book.sheet(name, formats=spec is LANDLORD_SHEET)
        return scan_sheet(sheet, spec)

    def _optional(self, spec: SheetSpec) -> ScannedSheet | None:
        """An optional sheet; one whose header cannot be read is left out with an error."""
        try:
            return self._scan(spec)
        except SheetUnreadable as error:
            message = f"{error}; arket bruges ikke, før det er rettet"
            self.problems += [*self._named(spec), Problem(sheet=self.current, message=message)]
            self.counts.append(SheetCount(self.current, 0, 0, 0))
            return None

    def _add(
        self, scan: ScannedSheet, problems: list[Problem], *, usable: int, not_used: int
    ) -> None:
        """The sheet's problems (sheet-wide first, then by row) and its counts."""
        found = sorted([*scan.problems, *problems], key=lambda p: p.row or 0)
        self.problems += [*self._named(scan.spec), *found]
        self.counts.append(SheetCount(scan.name, scan.read, usable, not_used))
        letters = {name: get_column_letter(i + 1) for name, i in scan.columns.index.items()}
        self.layouts[scan.spec.name] = SheetLayout(scan.name, letters)

    def _named(self, spec: SheetSpec) -> list[Problem]:
        """A warning when the sheet was found under a name spelt otherwise."""
        if self.current == spec.name:
            return []
        return [
            Problem(
                sheet=self.current,
                severity=Severity.WARNING,
                message=f"arket skal hedde '{spec.name}'; det blev læst alligevel. Omdøb det.",
            )
        ]

    def _near_names(self) -> list[Problem]:
        """A warning for a sheet named almost like a missing optional sheet: it is not read,
        and an admin may think it is."""
        names = self.book.sheet_names
        others = {fold(n): n for n in names if all(_find([n], s.name) is None for s in SHEETS)}
        problems = []
        for spec in SHEETS[1:]:
            if _find(names, spec.name) is not None:
                continue
            near = difflib.get_close_matches(fold(spec.name), list(others), n=1, cutoff=0.8)
            if near:
                problems.append(
                    Problem(
                        sheet=others[near[0]],
                        severity=Severity.WARNING,
                        message=(
                            f"arket læses ikke: mente du '{spec.name}'? Kun ark med netop det "
                            "navn læses; andre ark er jeres egne."
                        ),
                    )
                )
        return problems


def _masked(problem: Problem) -> Problem:
    masked = mask_cpr(problem.message)
    sheet = mask_cpr(problem.sheet) if problem.sheet else problem.sheet
    if masked == problem.message and sheet == problem.sheet:
        return problem
    return replace(problem, message=masked, sheet=sheet)


def _find(names: list[str], wanted: str) -> str | None:
    """The sheet's name as written: exact, else ignoring case, space and Danish letters."""
    if wanted in names:
        return wanted
    return next((n for n in names if fold(n) == fold(wanted)), None)
