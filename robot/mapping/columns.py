"""The mapping sheets' columns: their names in row 1, the names admins tend to use instead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from robot.errors import MappingUnusable
from robot.mapping.cells import clean
from robot.mapping.problems import Problem, Severity

SHEET_NAME = "PSP"


class SheetUnreadable(MappingUnusable):
    """A sheet's header or columns cannot be found, or it holds too many rows: for the PSP sheet
    the workbook cannot be used; an optional sheet is left out with an error."""


@dataclass(frozen=True, slots=True)
class Column:
    field: str  # the attribute it fills
    header: str  # the name in the contract
    required: bool
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """One mapping sheet: its name and columns; columns after ``remark`` are the admins' own."""

    name: str
    columns: tuple[Column, ...]
    used_fields: tuple[str, ...] = field(init=False)  # all but the remark, in column order

    def __post_init__(self) -> None:
        used = tuple(c.field for c in self.columns if c.field != "remark")
        object.__setattr__(self, "used_fields", used)

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


_PSP = ("psp", "psp element", "psp nr", "wbs", "wbs element")
_REMARK = Column("remark", "Bemærkning", False, ("bemaerkning", "note", "kommentar", "remark"))
_FROM = Column("valid_from", "Gyldig fra", True, ("valid from", "startdato", "gyldig fra dato"))
_TO = Column("valid_to", "Gyldig til", True, ("valid to", "slutdato", "gyldig til dato"))
_AMOUNT_FROM = Column("amount_from", "Beløb fra", True, ("fra beløb", "minimum", "min beløb"))
_AMOUNT_TO = Column("amount_to", "Beløb til", True, ("til beløb", "maksimum", "max beløb"))

COLUMNS = (
    Column("paragraph", "Paragraf", True, ("paragraph", "§", "lovparagraf")),
    Column("art", "Art", True, ("artskonto", "art nr")),
    Column("ownership", "Ejerforhold", True, ("ejerform", "ownership")),
    Column("target_group", "Målgruppe", True, ("target group", "malgruppe", "maalgruppe")),
    Column("psp", "PSP-element", True, _PSP),
    Column("valid_from", "Gyldig fra", True, ("fra", *_FROM.aliases)),
    Column("valid_to", "Gyldig til", True, ("til", *_TO.aliases)),
    _REMARK,
)
BY_FIELD = {column.field: column for column in COLUMNS}
PSP_SHEET = SheetSpec(SHEET_NAME, COLUMNS)
PLAN_SHEET = SheetSpec(
    "Betalingsplaner",
    (
        Column("supplier_cvr", "Leverandør-CVR", True, ("cvr", "leverandør", "cvr nr")),
        Column("receiver_ean", "Modtager-EAN", True, ("ean", "gln", "modtager", "ean nr")),
        _AMOUNT_FROM,
        _AMOUNT_TO,
        Column("cadence", "Kadence", True, ("frekvens", "hyppighed", "interval")),
        Column("psp", "PSP-element", True, _PSP),
        Column("line_text", "Linjetekst", True, ("linietekst", "tekst", "posteringstekst")),
        _FROM,
        _TO,
        _REMARK,
    ),
)
RECEIVER_SHEET = SheetSpec(
    "Modtagere",
    (
        Column("ean", "EAN", True, ("gln", "ean nr", "ean nummer", "modtager ean")),
        Column("kind", "Slags", True, ("type", "modtagertype")),
        _REMARK,
    ),
)
CERTIFICATE_SHEET = SheetSpec(
    "Lægeerklæringer",
    (
        Column("certificate_type", "Erklæringstype", True, ("type", "erklæring", "blanket")),
        _AMOUNT_FROM,
        _AMOUNT_TO,
        Column("psp", "PSP-element", True, _PSP),
        _FROM,
        _TO,
        _REMARK,
    ),
)
LANDLORD_SHEET = SheetSpec(
    "Udlejere",
    (
        Column("landlord_cvr", "Udlejer-CVR", True, ("cvr", "cvr nr", "udlejers cvr")),
        Column("landlord_name", "Udlejer", True, ("udlejernavn", "navn", "boligselskab")),
        Column("psp", "PSP-element", True, _PSP),
        Column(
            "deviation_pct",
            "Afvigelse %",
            True,
            ("afvigelse i procent", "afvigelse pct", "tolerance", "max afvigelse"),
        ),
        _FROM,
        _TO,
        _REMARK,
    ),
)


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


def is_header_row(values: Sequence[object], spec: SheetSpec = PSP_SHEET) -> bool:
    """True when the row names at least three of the required columns (or their near names),
    or all of them for a sheet with fewer."""
    names = {fold(str(v)) for v in values if isinstance(v, str)}
    required = [c for c in spec.columns if c.required]
    return sum(bool(names & _names(c)) for c in required) >= min(3, len(required))


def _names(column: Column) -> set[str]:
    return {fold(column.header), *(fold(a) for a in column.aliases)}


def find_columns(
    header: Sequence[object], *, sheet: str, spec: SheetSpec = PSP_SHEET
) -> tuple[ColumnMap, list[Problem]]:
    """Locate the columns by name in row 1; raise MappingUnusable if a required one is missing."""
    texts = [clean(str(v)) if isinstance(v, str | int | float) else "" for v in header]
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for column in spec.columns:
        found = _exact(texts, column)
        if found is None:
            found = _alias(texts, column, taken=set(index.values()))
            if found is not None:
                problems.append(_renamed(sheet, found, texts[found], column))
        if found is not None:
            index[column.field] = found
    mapping_part = texts[: index.get("remark", len(texts))]  # columns after it are the admins'
    for column in spec.columns:
        if column.field in index:
            problems += _duplicates(sheet, mapping_part, column, index[column.field])
    missing = [c.header for c in spec.columns if c.required and c.field not in index]
    if missing:
        seen = ", ".join(f"'{t}'" for t in texts if t) or "intet"
        raise SheetUnreadable(
            f"arket '{sheet}' har ingen kolonne {', '.join(repr(m) for m in missing)} i række 1 "
            f"(række 1 indeholder {seen})"
        )
    return ColumnMap(index), problems


def _exact(texts: list[str], column: Column) -> int | None:
    wanted = column.header.casefold()
    return next((i for i, t in enumerate(texts) if t.casefold() == wanted), None)


def _alias(texts: list[str], column: Column, *, taken: set[int]) -> int | None:
    names = _names(column)
    return next((i for i, t in enumerate(texts) if t and i not in taken and fold(t) in names), None)


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
                f"endnu en kolonne for {column.header} ('{text}'); kolonne {read} "
                f"('{texts[found]}') læses, og denne springes over. Slet eller omdøb en af dem."
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
        severity=Severity.WARNING,
        message=(
            f"overskriften er '{text}', men skal være '{column.header}'; den blev læst som "
            f"{column.header}. Ret den til det nøjagtige navn."
        ),
    )
