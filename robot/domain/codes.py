"""The stable codes a manual-handling note starts with, as listed in DOMAIN.md."""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """Why an invoice went to manual handling; the value is written as ``[VALUE]``."""

    CREDIT_NOTE = "CREDIT_NOTE"
    CURRENCY_NOT_DKK = "CURRENCY_NOT_DKK"
    INVALID_CVR = "INVALID_CVR"
    PERIOD_NOT_PAYABLE = "PERIOD_NOT_PAYABLE"
    DUPLICATE_INVOICE = "DUPLICATE_INVOICE"
    MISSING_CPR = "MISSING_CPR"
    INVALID_CPR = "INVALID_CPR"
    CITIZEN_NOT_FOUND = "CITIZEN_NOT_FOUND"
    NO_GRANT = "NO_GRANT"
    NO_GRANT_FOR_PROVIDER = "NO_GRANT_FOR_PROVIDER"
    NO_PAYABLE_GRANT = "NO_PAYABLE_GRANT"
    NO_GRANT_FOR_PERIOD = "NO_GRANT_FOR_PERIOD"
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH"
    AMBIGUOUS_GRANT = "AMBIGUOUS_GRANT"
    NO_PSP_MAPPING = "NO_PSP_MAPPING"
    AMBIGUOUS_PSP_MAPPING = "AMBIGUOUS_PSP_MAPPING"
    DUPLICATE_PAYMENT = "DUPLICATE_PAYMENT"
    LINE_FAILED = "LINE_FAILED"
    ABOVE_APPROVAL_LIMIT = "ABOVE_APPROVAL_LIMIT"
    SAMPLED_FOR_CONTROL = "SAMPLED_FOR_CONTROL"
    PSP_REJECTED = "PSP_REJECTED"

    @property
    def tag(self) -> str:
        """The code as it opens a note: ``[AMOUNT_MISMATCH]``."""
        return f"[{self.value}]"
