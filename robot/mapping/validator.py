"""Checks across rows (overlapping validity, dates running backwards), keys no grant uses, and
the report an admin reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

from robot.domain.formatting import format_date, join_danish
from robot.domain.psp import MappingKey, MappingRow, MappingTable
from robot.mapping.key_check import check_keys
from robot.mapping.problems import MappingReport, Problem, Severity, SheetCount

if TYPE_CHECKING:
    from robot.mapping.scan import ScannedSheet

_OPEN_START, _OPEN_END = date.min, date.max


class Dated(Protocol):
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def sheet_row(self) -> int: ...


D = TypeVar("D", bound=Dated)


def overlapping_pairs(rows: Sequence[D]) -> list[tuple[D, D]]:
    """Rows of one key valid on a common day: (the earlier row reaching furthest, the row)."""
    if len(rows) < 2:
        return []
    group = sorted(rows, key=lambda r: (r.valid_from or _OPEN_START, r.sheet_row))
    latest = group[0]
    pairs = []
    for row in group[1:]:
        if (row.valid_from or _OPEN_START) <= (latest.valid_to or _OPEN_END):
            pairs.append((latest, row))
        if (row.valid_to or _OPEN_END) > (latest.valid_to or _OPEN_END):
            latest = row
    return pairs


def common_days(first: Dated, second: Dated) -> str:
    """``fra 01.01.2027 uden slutdato``: the days both rows are valid on."""
    start = max(first.valid_from or _OPEN_START, second.valid_from or _OPEN_START)
    end = min(first.valid_to or _OPEN_END, second.valid_to or _OPEN_END)
    shown_start = "uden startdato" if start == _OPEN_START else f"fra {format_date(start)}"
    shown_end = "uden slutdato" if end == _OPEN_END else f"til {format_date(end)}"
    return f"{shown_start} {shown_end}"


def overlap_problems(table: MappingTable, *, sheet: str, column: str) -> list[Problem]:
    """Two PSP rows for one key valid on a common day: an invoice for it would be ambiguous."""
    problems = []
    for rows in table.groups():
        for first, second in overlapping_pairs(rows):
            problems.append(
                Problem(
                    sheet=sheet,
                    row=second.sheet_row,
                    column=column,
                    header="Gyldig fra",
                    message=_overlap_message(first, second),
                )
            )
    return problems


def _overlap_message(first: MappingRow, second: MappingRow) -> str:
    key = " / ".join(second.key)
    return (
        f"rækkerne {first.sheet_row} og {second.sheet_row} har samme nøgle ({key}) og gælder "
        f"begge {common_days(first, second)}; fakturaer for den nøgle i den tid går til manuel "
        "behandling (AMBIGUOUS_PSP_MAPPING). Ret Gyldig fra/Gyldig til, så kun én række gælder "
        "hver dag."
    )


def date_order_problem(scan: ScannedSheet, number: int, read: dict[str, object]) -> list[Problem]:
    """``Gyldig fra`` after ``Gyldig til``: the row is valid on no day."""
    start, end = read.get("valid_from"), read.get("valid_to")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        message = (
            f"Gyldig fra {format_date(start)} ligger efter Gyldig til {format_date(end)}: "
            "datoerne går baglæns; rækken bruges ikke"
        )
        return [scan.problem(number, "valid_to", message, named=False)]
    return []


def unused_key_warnings(report: MappingReport, keys_in_use: Iterable[MappingKey]) -> list[Problem]:
    """A warning for every key of the PSP sheet that no grant in the case system uses, by row;
    a near miss (``Udviklingshaemmede``) names the key meant (robot.mapping.key_check)."""
    check = check_keys(report, keys_in_use)
    return sorted([*check.near_misses, *check.unused], key=lambda p: p.row or 0)


GROUP_FROM = 4  # this many unused keys or more are one line, unless all warnings are asked for


def render_report(
    report: MappingReport,
    *,
    name: str,
    unused: Sequence[Problem] = (),
    all_warnings: bool = False,
) -> list[str]:
    """The lines ``robot validate-mapping`` prints: each problem, then the keys no grant uses
    (one line for many of them, unless ``all_warnings``), then a summary."""
    lines = [str(problem) for problem in report.problems]
    if all_warnings or len(unused) < GROUP_FROM:
        lines += [str(problem) for problem in unused]
    else:
        lines.append(_unused_line(unused, name=name))
    return [*lines, summary_line(report, name=name, unused=len(unused))]


def _unused_line(unused: Sequence[Problem], *, name: str) -> str:
    """``Advarsel i ark 'PSP': 33 nøgler bruges ikke af nogen bevilling ...``: many keys for
    grants still to come would bury the warnings that need a look."""
    rows = sorted(p.row for p in unused if p.row is not None)
    shown = ", ".join(str(n) for n in rows[:5])
    more = f" og {len(rows) - 5} flere" if len(rows) > 5 else ""
    summary = Problem(
        sheet=unused[0].sheet,
        severity=Severity.WARNING,
        message=(
            f"{len(unused)} nøgler bruges ikke af nogen bevilling i sagssystemet (fra rækkerne "
            f"{shown}{more}); som regel er det nøgler til bevillinger, der ikke findes endnu. "
            f"Se dem alle med: robot validate-mapping {name} --all-warnings"
        ),
    )
    return str(summary)


def summary_line(report: MappingReport, *, name: str, unused: int = 0) -> str:
    """``psp_mapping.xlsx: 2 fejl og 1 advarsel; PSP: 5 rækker læst, 3 kan bruges, 2 bruges
    ikke.``; ``unused``: the warnings for keys no grant uses, printed or not."""
    errors, warnings = len(report.errors), len(report.warnings) + unused
    counted = []
    if errors:
        counted.append(f"{errors} fejl")
    if warnings:
        counted.append(f"{warnings} {'advarsel' if warnings == 1 else 'advarsler'}")
    problems = join_danish(counted) or "ingen problemer"
    sheets = "; ".join(_sheet_count(count) for count in _counts(report))
    return f"{name}: {problems}; {sheets}."


def _counts(report: MappingReport) -> Sequence[SheetCount]:
    if report.sheets:
        return report.sheets
    usable = len(report.table)
    return [SheetCount("PSP", report.rows_read, usable, len(report.skipped_rows))]


def _sheet_count(count: SheetCount) -> str:
    rows = "række" if count.read == 1 else "rækker"
    text = f"{count.sheet}: {count.read} {rows} læst, {count.usable} kan bruges"
    return f"{text}, {count.not_used} bruges ikke" if count.not_used else text
