"""Reads the posting form (one PSP, amount and text per invoice line, and a remark) and checks
what can be checked without the database: line count, amounts, text lengths and the total."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from fake_systems.web.formatting import da_amount, parse_amount
from fake_systems.web.refusals import Refusal, Refused

MAX_LINE_TEXT = 50  # the real ERP's limit
MAX_REMARK = 1000
_FIELD = re.compile(r"^(psp|amount|text)_(\d+)$")


@dataclass(frozen=True)
class PostingLine:
    line_no: int
    psp: str
    amount: Decimal
    text: str


@dataclass(frozen=True)
class PostingRequest:
    lines: tuple[PostingLine, ...]
    remark: str


def _line(form: Mapping[str, str], n: int) -> tuple[PostingLine | None, list[Refusal]]:
    psp = form.get(f"psp_{n}", "").strip()
    raw_amount = form.get(f"amount_{n}", "").strip()
    text = form.get(f"text_{n}", "").strip()
    problems = []
    if not psp:
        problems.append(Refusal("psp_missing", f"Linje {n}: PSP-element mangler.", n, f"psp_{n}"))
    amount = None
    try:
        amount = parse_amount(raw_amount)
    except ValueError:
        message = (
            f"Linje {n}: beløbet »{raw_amount}« er ikke et gyldigt beløb"
            " (skriv fx 32240.00 eller 32.240,00, højst 2 decimaler)."
        )
        problems.append(Refusal("amount_format", message, n, f"amount_{n}"))
    if not text:
        problems.append(Refusal("line_text", f"Linje {n}: linjetekst mangler.", n, f"text_{n}"))
    elif len(text) > MAX_LINE_TEXT:
        message = f"Linje {n}: linjeteksten er {len(text)} tegn; højst {MAX_LINE_TEXT} er tilladt."
        problems.append(Refusal("line_text", message, n, f"text_{n}"))
    if problems or amount is None:
        return None, problems
    return PostingLine(n, psp, amount, text), []


def _remark(form: Mapping[str, str]) -> tuple[str, list[Refusal]]:
    remark = form.get("remark", "").strip()
    if not remark:
        return remark, [Refusal("remark_missing", "Bemærkning mangler.", field="remark")]
    if len(remark) > MAX_REMARK:
        message = f"Bemærkningen er {len(remark)} tegn; højst {MAX_REMARK} er tilladt."
        return remark, [Refusal("remark_too_long", message, field="remark")]
    return remark, []


def parse_posting(form: Mapping[str, str], *, line_count: int, total: Decimal) -> PostingRequest:
    """The posting the form asks for, or Refused (422) with every problem found."""
    numbers = {int(m.group(2)) for key in form if (m := _FIELD.match(key))}
    if line_count == 0 or numbers != set(range(1, line_count + 1)):
        message = (
            f"Fakturaen har {line_count} linjer; der skal være præcis én posteringslinje"
            f" pr. fakturalinje (formularen havde {len(numbers)})."
        )
        raise Refused([Refusal("line_count", message)])
    lines, refusals = [], []
    for n in range(1, line_count + 1):
        line, problems = _line(form, n)
        refusals.extend(problems)
        if line:
            lines.append(line)
    remark, problems = _remark(form)
    refusals.extend(problems)
    if not refusals and (summed := sum((line.amount for line in lines), Decimal(0))) != total:
        message = (
            f"Linjebeløbene giver i alt {da_amount(summed)}, men fakturaens total er"
            f" {da_amount(total)}."
        )
        refusals.append(Refusal("amount_sum", message))
    if refusals:
        raise Refused(refusals)
    return PostingRequest(tuple(lines), remark)
