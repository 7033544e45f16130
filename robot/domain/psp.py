"""The PSP lookup: mapping rows keyed by (paragraph, art, ownership, target group) with validity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from robot.domain.models import Grant
from robot.domain.sheet_rows import valid_between


@lru_cache(maxsize=1 << 12)
def normalize_key_part(value: str) -> str:
    """Keys compare without regard to case, surrounding space or a leading ``§``."""
    text = value.strip()
    if text.startswith("§"):
        text = text[1:].strip()
    return text.casefold()


class MappingKey(NamedTuple):
    """The four values that choose a PSP element, as the grant and the sheet write them."""

    paragraph: str
    art: str
    ownership: str  # ejerforhold
    target_group: str  # målgruppe

    def normalized(self) -> MappingKey:
        return _normalized(self)

    @classmethod
    def for_grant(cls, grant: Grant) -> MappingKey:
        return cls(grant.paragraph, grant.art, grant.ownership, grant.target_group)


@lru_cache(maxsize=1 << 12)
def _normalized(key: tuple[str, str, str, str]) -> MappingKey:
    # Cached: every line looks its grant's key up, and a municipality has few keys.
    n = normalize_key_part
    return MappingKey(n(key[0]), n(key[1]), n(key[2]), n(key[3]))


def _normalized_any(key: MappingKey | tuple[str, str, str, str]) -> MappingKey:
    return _normalized(key if isinstance(key, MappingKey) else MappingKey(*key))


@dataclass(frozen=True, slots=True, kw_only=True)
class MappingRow:
    """One row of the PSP sheet; blank validity dates mean open."""

    paragraph: str
    art: str
    ownership: str
    target_group: str
    psp: str
    valid_from: date | None = None
    valid_to: date | None = None
    sheet_row: int = 0  # the row number in the workbook, for people fixing it

    @property
    def key(self) -> MappingKey:
        return MappingKey(self.paragraph, self.art, self.ownership, self.target_group)

    def valid_on(self, day: date) -> bool:
        return valid_between(day, self.valid_from, self.valid_to)


class MappingTable:
    """The usable rows of the mapping workbook, and which keys had rows that were not usable."""

    __slots__ = ("_by_key", "_rejected", "_size")

    def __init__(
        self,
        rows: Iterable[MappingRow],
        *,
        rejected: Iterable[tuple[MappingKey, int]] = (),
    ) -> None:
        self._by_key: dict[MappingKey, list[MappingRow]] = {}
        self._size = 0
        for row in rows:
            self._by_key.setdefault(row.key.normalized(), []).append(row)
            self._size += 1
        self._rejected: dict[MappingKey, list[int]] = {}
        for key, sheet_row in rejected:
            self._rejected.setdefault(key.normalized(), []).append(sheet_row)

    def __len__(self) -> int:
        return self._size

    def lookup(self, key: MappingKey | tuple[str, str, str, str], on: date) -> list[MappingRow]:
        """Every usable row for the key valid on the day (exactly one is a match)."""
        rows = self._by_key.get(_normalized_any(key), ())
        return [row for row in rows if row.valid_on(on)]

    def rows_for(self, key: MappingKey | tuple[str, str, str, str]) -> tuple[MappingRow, ...]:
        """Every usable row for the key, whatever its validity."""
        return tuple(self._by_key.get(_normalized_any(key), ()))

    def rejected_rows(self, key: MappingKey | tuple[str, str, str, str]) -> tuple[int, ...]:
        """Sheet rows for this key that could not be used (reported by validate-mapping)."""
        return tuple(self._rejected.get(_normalized_any(key), ()))

    def groups(self) -> Iterator[list[MappingRow]]:
        """The usable rows, grouped by key."""
        return iter(self._by_key.values())

    @property
    def rows(self) -> tuple[MappingRow, ...]:
        return tuple(row for rows in self._by_key.values() for row in rows)
