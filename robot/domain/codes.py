"""The stable codes a manual-handling note starts with: DOMAIN.md's, and the few it does not
list (marked below) for documents and writes the robot must leave to a person."""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """Why an invoice went to manual handling; the value is written as ``[VALUE]``."""

    CREDIT_NOTE = "CREDIT_NOTE"
    # Not in DOMAIN.md: an Invoice whose type code is not an ordinary invoice (pro-forma,
    # self-billed, corrected, prepayment ...); a credit-note type code is CREDIT_NOTE.
    DOCUMENT_TYPE_NOT_PAYABLE = "DOCUMENT_TYPE_NOT_PAYABLE"
    CURRENCY_NOT_DKK = "CURRENCY_NOT_DKK"
    INVALID_CVR = "INVALID_CVR"
    # Not in DOMAIN.md: an invoice number the case system cannot take as the payment's
    # reference (too long, or control characters): paying it would leave no payment.
    INVALID_INVOICE_NUMBER = "INVALID_INVOICE_NUMBER"
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
    AMBIGUOUS_PLAN = "AMBIGUOUS_PLAN"
    PLAN_AMOUNT_OUTSIDE_RANGE = "PLAN_AMOUNT_OUTSIDE_RANGE"
    PLAN_ALREADY_PAID = "PLAN_ALREADY_PAID"
    NO_ORDER = "NO_ORDER"
    NO_CERTIFICATE_MAPPING = "NO_CERTIFICATE_MAPPING"
    FEE_OUTSIDE_RANGE = "FEE_OUTSIDE_RANGE"
    AMBIGUOUS_ORDER = "AMBIGUOUS_ORDER"
    LANDLORD_NOT_APPROVED = "LANDLORD_NOT_APPROVED"
    NO_RENT_AGREEMENT = "NO_RENT_AGREEMENT"
    AMBIGUOUS_RENT_AGREEMENT = "AMBIGUOUS_RENT_AGREEMENT"
    RENT_ALREADY_PAID = "RENT_ALREADY_PAID"
    RENT_DEVIATION = "RENT_DEVIATION"
    NO_PAYOUT_FOR_MONTH = "NO_PAYOUT_FOR_MONTH"
    BENEFIT_TOO_SMALL = "BENEFIT_TOO_SMALL"
    LEARNED_AMOUNT_UNUSUAL = "LEARNED_AMOUNT_UNUSUAL"
    ABOVE_APPROVAL_LIMIT = "ABOVE_APPROVAL_LIMIT"
    SAMPLED_FOR_CONTROL = "SAMPLED_FOR_CONTROL"
    PSP_REJECTED = "PSP_REJECTED"
    # Not in DOMAIN.md: the ERP refused the posting for another reason than the PSP element.
    POSTING_REFUSED = "POSTING_REFUSED"
    # Not in DOMAIN.md: the robot failed on the invoice in several runs in a row.
    REPEATED_FAILURE = "REPEATED_FAILURE"

    @property
    def tag(self) -> str:
        """The code as it opens a note: ``[AMOUNT_MISMATCH]``."""
        return f"[{self.value}]"
