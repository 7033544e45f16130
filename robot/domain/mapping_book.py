"""Everything the mapping workbook tells the decision: PSP rows, payment plans, certificates,
the receivers kept for one kind of invoice, approved landlords."""

from __future__ import annotations

from dataclasses import dataclass, field

from robot.domain.certificates import CertificateTable, ReceiverKind
from robot.domain.landlords import LandlordTable
from robot.domain.plans import PlanTable, normalize_ean
from robot.domain.psp import MappingTable


@dataclass(frozen=True, slots=True)
class MappingBook:
    """The tables read from one workbook; a workbook without the optional sheets has empty
    plans, certificates and landlords."""

    psp: MappingTable
    plans: PlanTable
    certificates: CertificateTable
    landlords: LandlordTable = field(default_factory=LandlordTable.empty)

    @classmethod
    def of(cls, psp: MappingTable) -> MappingBook:
        """Only PSP rows: no payment plans, no certificate receivers."""
        return cls(psp, PlanTable.empty(), CertificateTable.empty())

    def receiver_kind(self, ean: str) -> ReceiverKind | None:
        """What the ``Modtagere`` sheet keeps the EAN for, if anything."""
        wanted = normalize_ean(ean)
        if not wanted:
            return None
        for row in self.certificates.receivers:
            if normalize_ean(row.ean) == wanted:
                return row.kind
        return None

    def receiver_eans(self, kind: ReceiverKind) -> frozenset[str]:
        return frozenset(
            normalize_ean(r.ean) for r in self.certificates.receivers if r.kind is kind
        )
