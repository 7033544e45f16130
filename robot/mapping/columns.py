"""The PSP sheet's columns: their names in row 1, the names admins tend to use instead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from robot.errors import MappingUnusable
from robot.mapping.cells import clean
from robot.mapping.problems import Problem

SHEET_NAME = "PSP"


@dataclass(frozen=True, slots=True)
class Column:
    field: str  # the attribute it fills
    header: str  # the name in the contract
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("paragraph", "Paragraf", True, ("paragraph", "§", "lovparagraf")),
    Column("art", "Art", True, ("artskonto", "art nr")),
    Column("ownership", "Ejerforhold", True, ("ejerform", "ownership")),
    Column("target_group", "Målgruppe", True, ("target group", "malgruppe", "maalgruppe")),
    Column("psp", "PSP-element", True, ("psp", "psp element", "psp nr", "wbs", "wbs element")),
    Column("valid_from", "Gyldig fra", True, ("fra", "valid from", "startdato", "gyldig fra dato")),
    Column("valid_to", "Gyldig til", True, ("til", "valid to", "slutdato", "gyldig til dato")),
    Column("remark", "Bemærkning", False, ("bemaerkning", "note", "kommentar", "remark")),
)
BY_FIELD = {column.field: column for column in COLUMNS}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where each column is: 0-based index by field."""

    index: dict[str, int]

    @property
    def width(self) -> int:
        return max(self.index.values()) + 1


def fold(text: str) -> str:
    """Header text reduced to letters and digits, Danish letters spelled out."""
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9§]", "", text)


def is_header_row(values: Sequence[object]) -> bool:
    """True when the row names at least three of the required columns (or their near names)."""
    names = {fold(str(v)) for v in values if isinstance(v, str)}
    return sum(bool(names & _names(c)) for c in COLUMNS if c.required) >= 3


def _names(column: Column) -> set[str]:
    return {fold(column.header), *(fold(a) for a in column.aliases)}


def find_columns(header: Sequence[object], *, sheet: str) -> tuple[ColumnMap, list[Problem]]:
    """Locate the columns by name in row 1; raise MappingUnusable if a required one is missing."""
    texts = [clean(str(v)) if isinstance(v, str | int | float) else "" for v in header]
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for column in COLUMNS:
        found = _exact(texts, column)
        if found is None:
            found = _alias(texts, column)
            if found is not None:
                problems.append(_renamed(sheet, found, texts[found], column))
        if found is not None:
            index[column.field] = found
    mapping_part = texts[: index.get("remark", len(texts))]  # columns after it are the admins'
    for column in COLUMNS:
        if column.field in index:
            problems += _duplicates(sheet, mapping_part, column, index[column.field])
    missing = [c.header for c in COLUMNS if c.required and c.field not in index]
    if missing:
        seen = ", ".join(f"'{t}'" for t in texts if t) or "nothing"
        raise MappingUnusable(
            f"sheet '{sheet}' has no column {', '.join(repr(m) for m in missing)} in row 1 "
            f"(row 1 holds {seen})"
        )
    return ColumnMap(index), problems


def _exact(texts: list[str], column: Column) -> int | None:
    wanted = column.header.casefold()
    return next((i for i, t in enumerate(texts) if t.casefold() == wanted), None)


def _alias(texts: list[str], column: Column) -> int | None:
    names = _names(column)
    return next((i for i, t in enumerate(texts) if t and fold(t) in names), None)


def _duplicates(sheet: str, texts: list[str], column: Column, found: int) -> list[Problem]:
    """Another header naming the same required column: which one is read is easy to miss."""
    if not column.required:
        return []
    names = _names(column)
    read = get_column_letter(found + 1)
    return [
        Problem(
            sheet=sheet,
            row=1,
            column=get_column_letter(i + 1),
            header=column.header,
            message=(
                f"a second column for {column.header} ('{text}'); column {read} "
                f"('{texts[found]}') is read and this one is ignored. Delete or rename one of "
                "them."
            ),
        )
        for i, text in enumerate(texts)
        if i != found and text and fold(text) in names
    ]


def _renamed(sheet: str, index: int, text: str, column: Column) -> Problem:
    return Problem(
        sheet=sheet,
        row=1,
        column=get_column_letter(index + 1),
        header=column.header,
        message=(
            f"the header reads '{text}' but should be '{column.header}'; it was read as "
            f"{column.header}. Rename it to the exact name."
        ),
    )
