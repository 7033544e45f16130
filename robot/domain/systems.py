"""The systems the robot reads and writes through their screens, named once."""

from __future__ import annotations

from enum import StrEnum


class System(StrEnum):
    ERP = "erp"  # invoices, postings, manual handling, PSP elements
    CASE = "case"  # the case system: citizens' grants, their payments, certificate orders
    BENEFITS = "benefits"  # the benefits system: rent agreements, payouts, rent deductions

    @property
    def name_in_english(self) -> str:
        return _NAMES[self]


_NAMES = {System.ERP: "ERP", System.CASE: "case system", System.BENEFITS: "benefits system"}
