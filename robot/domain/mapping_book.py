"""Everything the mapping workbook tells the decision: PSP rows, payment plans, certificates."""

from __future__ import annotations

from dataclasses import dataclass

from robot.domain.certificates import CertificateTable
from robot.domain.plans import PlanTable
from robot.domain.psp import MappingTable


@dataclass(frozen=True, slots=True)
class MappingBook:
    """The three tables read from one workbook; a workbook without the optional sheets has
    empty plans and certificates."""

    psp: MappingTable
    plans: PlanTable
    certificates: CertificateTable

    @classmethod
    def of(cls, psp: MappingTable) -> MappingBook:
        """Only PSP rows: no payment plans, no certificate receivers."""
        return cls(psp, PlanTable.empty(), CertificateTable.empty())
