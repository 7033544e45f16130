"""The pure decision: models, identifiers, amounts, elimination, plans, certificates, PSP
lookup, controls and the Danish notes.

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
    decide_invoice,
)
from robot.domain.models import Grant, Invoice, InvoiceLine, Payment, Period
from robot.domain.psp import MappingKey, MappingRow, MappingTable
from robot.domain.routes import Route

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
    "Route",
    "apply_psp_rejected",
    "decide",
    "decide_invoice",
]
