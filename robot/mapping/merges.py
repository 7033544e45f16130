"""Merged cells over the columns the robot reads: the data rows they leave unreadable, kept
as intervals so that a range as large as A2:XFD1048576 costs as little as A2:A3, and one
problem per range, clamped to the rows that hold data."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence

from openpyxl.utils import get_column_letter

from robot.mapping.limits import danish_number
from robot.mapping.problems import Problem, Severity

MAX_MERGE_PROBLEMS = 50  # one line each; a sheet of merges needs no thousand lines


class MergedRows:
    """The data rows that merged ranges over the used columns leave unreadable, as intervals:
    a range as large as A2:XFD1048576 costs as little as A2:A3."""

    def __init__(self, merged: Sequence[tuple[int, int, int, int]], *, used: Collection[int]):
        self._ranges: list[tuple[str, int, int, int, int]] = []  # ref, col, row, first, last
        intervals = []
        for min_col, min_row, max_col, max_row in merged:
            inside = [c for c in used if min_col <= c <= max_col]
            if not inside:
                continue
            # Only the first cell keeps a value: its row is spoiled only through another column.
            first = min_row if any(c != min_col for c in inside) else min_row + 1
            first = max(first, 2)
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            self._ranges.append((ref, min_col, min_row, first, max_row))
            if first <= max_row:
                intervals.append((first, max_row))
        self._ranges.sort(key=lambda r: (r[2], r[1]))
        self._starts, self._ends = _union(intervals)

    def __contains__(self, row: object) -> bool:
        if not isinstance(row, int):
            return False
        index = bisect_right(self._starts, row) - 1
        return index >= 0 and row <= self._ends[index]

    def problems(self, sheet: str, *, last_row: int) -> list[Problem]:
        """One problem per range, naming the data rows it spoils (up to the last data row)."""
        problems = []
        for ref, column, row, first, last in self._ranges[:MAX_MERGE_PROBLEMS]:
            last = min(last, last_row)
            problems.append(
                Problem(
                    sheet=sheet,
                    row=row,
                    column=get_column_letter(column),
                    severity=Severity.ERROR if first <= last else Severity.WARNING,
                    message=_merge_message(ref, first, last),
                )
            )
        hidden = self._ranges[MAX_MERGE_PROBLEMS:]
        if hidden:
            problems.append(
                Problem(
                    sheet=sheet,
                    row=hidden[0][2],
                    message=(
                        f"og {danish_number(len(hidden))} flettede områder mere herfra og ned i "
                        "kolonner, robotten læser; ophæv alle fletninger i de kolonner"
                    ),
                )
            )
        return problems


def _merge_message(ref: str, first: int, last: int) -> str:
    if first > last:
        return (
            f"cellerne {ref} er flettet; det rammer ingen række med data endnu, men en række "
            "skrevet der vil ikke kunne læses. Ophæv fletningen."
        )
    rows = f"række {first}" if first == last else f"rækkerne {first}–{last}"
    return (
        f"cellerne {ref} er flettet; en flettet celle har kun en værdi i sin første celle, "
        f"derfor kan {rows} ikke læses og bruges ikke. Ophæv fletningen, og udfyld hver række."
    )


def _union(intervals: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(intervals):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends
