"""Reading the PSP sheet's data rows into MappingRows, each key value checked against what the
case system writes (the paragraphs in scope, an art such as 4.0, the ownership words)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from robot.domain.formatting import join_danish
from robot.domain.psp import MappingKey, MappingRow, normalize_key_part
from robot.mapping.cells import read_art, read_date, read_psp, read_text
from robot.mapping.problems import Problem, Severity
from robot.mapping.scan import Reader, ScannedSheet, with_not_used
from robot.mapping.suggest import (
    ART,
    OWNERSHIPS,
    known_ownership,
    suggest_art,
    suggest_ownership,
    suggest_paragraph,
)
from robot.mapping.validator import date_order_problem

KEY_FIELDS = ("paragraph", "art", "ownership", "target_group")
_READERS: dict[str, Reader] = {
    "paragraph": read_text,
    "art": read_art,
    "ownership": read_text,
    "target_group": read_text,
    "psp": read_psp,
    "valid_from": read_date,
    "valid_to": read_date,
}
_DATES = {"valid_from", "valid_to"}


@dataclass(slots=True)
class PspRows:
    """The PSP sheet's usable rows, the keys of the rows left out, and every row problem."""

    rows: list[MappingRow] = field(default_factory=list)
    rejected: list[tuple[MappingKey, int]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_psp_rows(scan: ScannedSheet, *, paragraphs: tuple[str, ...]) -> PspRows:
    """Every data row read; a row with an error is left out (its key kept for the notes)."""
    allowed = {normalize_key_part(p) for p in paragraphs}
    out = PspRows(skipped=list(scan.spoiled))
    for number, cells in scan.rows:
        read, problems = scan.read_row(number, cells, _READERS, optional=_DATES)
        problems += _key_problems(scan, number, read, paragraphs, allowed)
        if not any(p.is_error for p in problems):
            problems += date_order_problem(scan, number, read)
        out.problems += problems
        if any(p.is_error for p in problems):
            out.skipped.append(number)
            if all(name in read for name in KEY_FIELDS):
                key = MappingKey(*(str(read[name]) for name in KEY_FIELDS))
                out.rejected.append((key, number))
            continue
        out.rows.append(_row(read, number))
    out.skipped.sort()
    return out


def _row(read: dict[str, object], number: int) -> MappingRow:
    start, end = read["valid_from"], read["valid_to"]
    assert start is None or isinstance(start, date)
    assert end is None or isinstance(end, date)
    return MappingRow(
        paragraph=str(read["paragraph"]),
        art=str(read["art"]),
        ownership=str(read["ownership"]),
        target_group=str(read["target_group"]),
        psp=str(read["psp"]),
        valid_from=start,
        valid_to=end,
        sheet_row=number,
    )


def _key_problems(
    scan: ScannedSheet,
    number: int,
    read: dict[str, object],
    paragraphs: tuple[str, ...],
    allowed: set[str],
) -> list[Problem]:
    problems = []
    paragraph = read.get("paragraph")
    if isinstance(paragraph, str) and normalize_key_part(paragraph) not in allowed:
        problems.append(
            scan.problem(number, "paragraph", _paragraph_message(paragraph, paragraphs))
        )
    art = read.get("art")
    if isinstance(art, str) and not ART.fullmatch(art):
        problems.append(scan.problem(number, "art", _art_message(art)))
    ownership = read.get("ownership")
    if isinstance(ownership, str) and not known_ownership(ownership):
        message = _ownership_message(ownership)
        problems.append(scan.problem(number, "ownership", message, severity=Severity.WARNING))
    return problems


def _paragraph_message(text: str, paragraphs: tuple[str, ...]) -> str:
    said = (
        f"'{text}' er ikke en af de paragraffer, robotten betaler efter ({join_danish(paragraphs)})"
    )
    suggestion = suggest_paragraph(text, paragraphs)
    if suggestion is not None:
        return with_not_used(f"{said}; mente du '{suggestion}'?")
    return with_not_used(
        f"{said}. Betaler kommunen efter den, skal den tilføjes i robottens indstilling "
        "ROBOT_MAPPING_PARAGRAPHS (spørg IT-driften)"
    )


def _art_message(text: str) -> str:
    said = f"'{text}' er ikke skrevet, som sagssystemet skriver en art (cifre, punktum, cifre: 4.0)"
    suggestion = suggest_art(text)
    return with_not_used(f"{said}; mente du '{suggestion}'?" if suggestion else said)


def _ownership_message(text: str) -> str:
    said = f"'{text}' er ikke et af sagssystemets ord ({join_danish(OWNERSHIPS)})"
    suggestion = suggest_ownership(text)
    question = f"mente du '{suggestion}'?" if suggestion else "er det skrevet som i sagssystemet?"
    return f"{said}; {question} Rækken passer kun til bevillinger med ejerforhold '{text}'"
