"""Doctors' certificates (lægeerklæringer): which receiving EANs are kept for which kind of
invoice (sheet ``Modtagere``: certificates, rent), and each certificate type's fee interval and
posting (``Lægeerklæringer``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from robot.domain.plans import normalize_ean
from robot.domain.sheet_rows import valid_between, within

# Case, spaces (also non-breaking), hyphens and dots are ignored: ``LÆ 265``, ``læ265``,
# ``LÆ-265`` and ``Læ. 265`` name one type. Caseworkers and doctors write the type all these
# ways, and no two real types differ only in them.
_IGNORED_IN_TYPE = re.compile(r"[\s\-.\u00a0\u2010-\u2015]+")


def normalize_certificate_type(text: str) -> str:
    """The type as compared: ``LÆ 265`` -> ``læ265``."""
    return _IGNORED_IN_TYPE.sub("", text).casefold()


class ReceiverKind(StrEnum):
    """What an EAN in the ``Modtagere`` sheet receives (slags); more kinds may follow."""

    CERTIFICATE = "lægeerklæring"
    RENT = "husleje"  # the jobcentre's rent EAN: rent for benefit recipients


@dataclass(frozen=True, slots=True)
class ReceiverRow:
    """One row of the ``Modtagere`` sheet: an EAN kept for one kind of invoice."""

    ean: str  # 13 digits
    kind: ReceiverKind
    sheet_row: int


class ReceiverTable:
    """The ``Modtagere`` sheet's EANs by kind; an EAN has one kind (the reader leaves out an
    EAN listed with two)."""

    __slots__ = ("_kinds", "_rows")

    def __init__(self, rows: Iterable[ReceiverRow]) -> None:
        """ValueError when one EAN is given two kinds."""
        self._rows = tuple(rows)
        self._kinds: dict[str, ReceiverKind] = {}
        for row in self._rows:
            ean = normalize_ean(row.ean)
            if self._kinds.setdefault(ean, row.kind) is not row.kind:
                raise ValueError(f"EAN {ean} is listed as both {self._kinds[ean]} and {row.kind}")

    @classmethod
    def empty(cls) -> ReceiverTable:
        return cls(())

    def __len__(self) -> int:
        return len(self._kinds)

    def kind_of(self, ean: str) -> ReceiverKind | None:
        """What the EAN receives, or None for an EAN the sheet does not list."""
        return self._kinds.get(normalize_ean(ean))

    def eans(self, kind: ReceiverKind) -> frozenset[str]:
        """Every EAN (13 digits) listed with the kind."""
        return frozenset(ean for ean, listed in self._kinds.items() if listed is kind)

    @property
    def rows(self) -> tuple[ReceiverRow, ...]:
        return self._rows


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """One row of the ``Lægeerklæringer`` sheet: the agreed fee and the posting for a type."""

    certificate_type: str  # as written in the sheet, e.g. "LÆ 265"
    amount_from: Decimal
    amount_to: Decimal | None  # None: no upper bound
    psp: str
    valid_from: date | None
    valid_to: date | None
    sheet_row: int

    def valid_on(self, day: date) -> bool:
        return valid_between(day, self.valid_from, self.valid_to)

    def covers(self, amount: Decimal) -> bool:
        """True when the fee is inside ``Beløb fra``–``Beløb til`` (both included)."""
        return within(amount, self.amount_from, self.amount_to)

    @property
    def key(self) -> str:
        return normalize_certificate_type(self.certificate_type)


class CertificateTable:
    """The certificate receivers and the usable fee rows by type."""

    __slots__ = ("_by_type", "_receivers", "_rejected", "_size")

    def __init__(
        self,
        receivers: ReceiverTable | Iterable[ReceiverRow],
        rows: Iterable[CertificateRow],
        *,
        rejected: Iterable[tuple[str, int]] = (),
    ) -> None:
        """``receivers``: the ``Modtagere`` sheet, whole or as its rows; ``rejected``:
        (certificate type, sheet row) of fee rows with problems."""
        self._receivers = (
            receivers if isinstance(receivers, ReceiverTable) else ReceiverTable(receivers)
        )
        self._by_type: dict[str, list[CertificateRow]] = {}
        self._size = 0
        for row in rows:
            self._by_type.setdefault(row.key, []).append(row)
            self._size += 1
        self._rejected: dict[str, list[int]] = {}
        for certificate_type, sheet_row in rejected:
            self._rejected.setdefault(normalize_certificate_type(certificate_type), []).append(
                sheet_row
            )

    @classmethod
    def empty(cls) -> CertificateTable:
        return cls((), ())

    def __len__(self) -> int:
        """The number of usable fee rows."""
        return self._size

    def is_certificate_receiver(self, ean: str) -> bool:
        """True when the EAN is listed as ``lægeerklæring`` in the ``Modtagere`` sheet."""
        return self._receivers.kind_of(ean) is ReceiverKind.CERTIFICATE

    def lookup(self, certificate_type: str, on: date) -> list[CertificateRow]:
        """Every usable row for the type valid on the day (exactly one is a match)."""
        rows = self._by_type.get(normalize_certificate_type(certificate_type), ())
        return [row for row in rows if row.valid_on(on)]

    def rows_for(self, certificate_type: str) -> tuple[CertificateRow, ...]:
        """Every usable row for the type, whatever its validity."""
        return tuple(self._by_type.get(normalize_certificate_type(certificate_type), ()))

    def rejected_rows(self, certificate_type: str) -> tuple[int, ...]:
        """Sheet rows for the type that could not be used."""
        return tuple(self._rejected.get(normalize_certificate_type(certificate_type), ()))

    @property
    def receivers(self) -> tuple[ReceiverRow, ...]:
        return self._receivers.rows

    @property
    def receiver_table(self) -> ReceiverTable:
        return self._receivers

    @property
    def rows(self) -> tuple[CertificateRow, ...]:
        return tuple(row for rows in self._by_type.values() for row in rows)
