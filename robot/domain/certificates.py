"""Doctors' certificates (lægeerklæringer): which receiving EANs are kept for certificates
(sheet ``Modtagere``), and each certificate type's fee interval and posting (``Lægeerklæringer``).
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
    RENT = "husleje"


@dataclass(frozen=True, slots=True)
class ReceiverRow:
    """One row of the ``Modtagere`` sheet: an EAN kept for one kind of invoice."""

    ean: str  # 13 digits
    kind: ReceiverKind
    sheet_row: int


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

    __slots__ = ("_by_type", "_certificate_eans", "_receivers", "_rejected", "_size")

    def __init__(
        self,
        receivers: Iterable[ReceiverRow],
        rows: Iterable[CertificateRow],
        *,
        rejected: Iterable[tuple[str, int]] = (),
    ) -> None:
        """``rejected``: (certificate type, sheet row) of fee rows with problems."""
        self._receivers = tuple(receivers)
        self._certificate_eans = frozenset(
            normalize_ean(r.ean) for r in self._receivers if r.kind is ReceiverKind.CERTIFICATE
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
        return normalize_ean(ean) in self._certificate_eans

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
        return self._receivers

    @property
    def rows(self) -> tuple[CertificateRow, ...]:
        return tuple(row for rows in self._by_type.values() for row in rows)
