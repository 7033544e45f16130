"""The pure decision: models, identifiers, amounts, elimination, PSP lookup, controls and texts.

Imports only the standard library and python-stdnum: no browser, no HTTP, no Excel.
"""

from robot.domain.codes import Code
from robot.domain.decision import (
    Decision,
    DecisionSettings,
    LineResult,
    Posting,
    apply_psp_rejected,
    decide,
    lines_needing_citizens,
)
from robot.domain.models import Grant, Invoice, InvoiceLine, Payment, Period
from robot.domain.psp import MappingKey, MappingRow, MappingTable

__all__ = [
    "Code",
    "Decision",
    "DecisionSettings",
    "Grant",
    "Invoice",
    "InvoiceLine",
    "LineResult",
    "MappingKey",
    "MappingRow",
    "MappingTable",
    "Payment",
    "Period",
    "Posting",
    "apply_psp_rejected",
    "decide",
    "lines_needing_citizens",
]
