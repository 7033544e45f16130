"""The PSP sheet's keys checked against the keys the case system's grants use: a key written
almost as a grant writes it (``Udviklingshaemmede``) is a near miss that names the key meant; a
key no grant uses, nor one near it, is merely unused (often a grant still to come)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from robot.domain.formatting import join_danish
from robot.domain.psp import MappingKey
from robot.mapping.columns import BY_FIELD
from robot.mapping.problems import MappingReport, Problem, Severity

_FIELDS = ("paragraph", "art", "ownership", "target_group")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_CHECK = "tjek, at Paragraf, Art, Ejerforhold og Målgruppe er skrevet som i sagssystemet"


@dataclass(frozen=True, slots=True)
class KeyCheck:
    near_misses: tuple[Problem, ...]  # each names the key a grant writes
    unused: tuple[Problem, ...]  # no grant's key, nor near one


def check_keys(report: MappingReport, keys_in_use: Iterable[MappingKey]) -> KeyCheck:
    """A warning for every key of the PSP sheet that no grant in the case system uses; a near
    miss says which grant key was probably meant. ``keys_in_use``: as the grants write them."""
    in_use = {MappingKey(*key).normalized(): MappingKey(*key) for key in keys_in_use}
    near: list[Problem] = []
    unused: list[Problem] = []
    for rows in report.table.groups():
        key = rows[0].key
        if key.normalized() in in_use:
            continue
        numbers = sorted(row.sheet_row for row in rows)
        meant = _meant(key, list(in_use.values()))
        if meant is None:
            unused.append(_problem(report, key, numbers, _CHECK))
        else:
            near.append(_near_miss(report, key, numbers, meant))
    return KeyCheck(tuple(sorted(near, key=_row)), tuple(sorted(unused, key=_row)))


def _row(problem: Problem) -> int:
    return problem.row or 0


def _meant(key: MappingKey, in_use: Sequence[MappingKey]) -> MappingKey | None:
    """The grant key the sheet's key was meant as: the same but for case, space and Danish
    letters spelt out (ae, oe, aa) in any part; else the one key differing in a single part by
    a letter or two."""
    folded = _folded(key)
    same = [k for k in in_use if _folded(k) == folded]
    if same:
        return same[0]
    close = [k for k in in_use if _one_part_near(folded, _folded(k))]
    return close[0] if len(close) == 1 else None


def _folded(key: MappingKey) -> tuple[str, ...]:
    return tuple(
        re.sub(r"\s+", " ", part.casefold().translate(_DANISH)) for part in key.normalized()
    )


def _one_part_near(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    differing = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
    if len(differing) != 1:
        return False
    a, b = differing[0]
    return len(a) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _near_miss(
    report: MappingReport, key: MappingKey, numbers: list[int], meant: MappingKey
) -> Problem:
    differing = [f for f, a, b in zip(_FIELDS, key, meant, strict=True) if a != b]
    parts = [f"{BY_FIELD[f].header} '{getattr(meant, f)}'" for f in differing]
    advice = (
        f"mente du {join_danish(parts)}? Sagssystemets bevillinger skriver nøglen "
        f"{' / '.join(meant)}. Rækken bruges, men den passer ikke til nogen bevilling"
    )
    field = differing[0] if len(differing) == 1 else None
    layout = report.layouts.get("PSP")
    column = layout.letters.get(field) if layout and field else None
    header = BY_FIELD[field].header if field and column else None
    return _problem(report, key, numbers, advice, column=column, header=header)


def _problem(
    report: MappingReport,
    key: MappingKey,
    numbers: list[int],
    advice: str,
    *,
    column: str | None = None,
    header: str | None = None,
) -> Problem:
    shown = f"række {numbers[0]}" if len(numbers) == 1 else f"rækkerne {_rows(numbers)}"
    return Problem(
        sheet=_sheet(report),
        row=numbers[0],
        column=column,
        header=header,
        severity=Severity.WARNING,
        message=(
            f"Ingen bevilling i sagssystemet bruger nøglen {' / '.join(key)} ({shown}); {advice}"
        ),
    )


def _rows(numbers: list[int]) -> str:
    return join_danish([str(n) for n in numbers])


def _sheet(report: MappingReport) -> str:
    layout = report.layouts.get("PSP")
    if layout is not None:
        return layout.sheet
    return report.sheets[0].sheet if report.sheets else "PSP"
