"""Everything the mapping workbook tells the decision: PSP rows, payment plans, the receiving
EANs by kind, certificates and approved landlords."""

from __future__ import annotations

from dataclasses import dataclass, field

from robot.domain.certificates import CertificateTable, ReceiverKind, ReceiverTable
from robot.domain.landlords import LandlordTable
from robot.domain.plans import PlanTable
from robot.domain.psp import MappingTable


@dataclass(frozen=True, slots=True)
class MappingBook:
    """The tables read from one workbook; a workbook without the optional sheets has empty
    plans, receivers, certificates and landlords."""

    psp: MappingTable
    plans: PlanTable
    certificates: CertificateTable
    landlords: LandlordTable = field(default_factory=LandlordTable.empty)

    @property
    def receivers(self) -> ReceiverTable:
        """The ``Modtagere`` sheet: which EANs receive certificates, which rent."""
        return self.certificates.receiver_table

    @classmethod
    def of(cls, psp: MappingTable) -> MappingBook:
        """Only PSP rows: no payment plans, no receivers, no certificates, no landlords."""
        return cls(psp, PlanTable.empty(), CertificateTable.empty())

    def receiver_kind(self, ean: str) -> ReceiverKind | None:
        """What the ``Modtagere`` sheet keeps the EAN for, if anything."""
        return self.receivers.kind_of(ean) if ean else None

    def receiver_eans(self, kind: ReceiverKind) -> frozenset[str]:
        return self.receivers.eans(kind)
