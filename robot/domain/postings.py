"""What a paid invoice writes: posting lines (50-character text), the remark, the payments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from robot.domain.formatting import format_period, format_short_period, paragraph_label
from robot.domain.matching import LineResult
from robot.domain.models import Grant, Payment, Period

LINE_TEXT_LIMIT = 50  # the ERP's limit on a posting's line text
REMARK_LIMIT = 1000  # the ERP's limit on an invoice's remark


@dataclass(frozen=True, slots=True)
class Posting:
    """One posting line in the ERP, one per invoice line."""

    line_number: int
    reference: str  # what the line pays: a grant id, an order id, a payment plan
    psp: str
    amount: Decimal
    text: str


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking a cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def line_text(grant: Grant, period: Period) -> str:
    """``§107 B-1043 01.10-31.10.2026``, at most 50 characters."""
    text = f"{paragraph_label(grant.paragraph)} {grant.grant_id} {format_short_period(period)}"
    return text[:LINE_TEXT_LIMIT]


def postings_for(lines: Sequence[LineResult]) -> tuple[Posting, ...]:
    """The posting for each matched line, in invoice-line order."""
    postings = []
    for line in lines:
        if line.grant is None or line.period is None or line.psp is None:
            raise ValueError(f"line {line.number} has no match to post")
        text = line_text(line.grant, line.period)
        postings.append(Posting(line.number, line.grant.grant_id, line.psp, line.amount, text))
    return tuple(postings)


def payments_for(lines: Sequence[LineResult], *, invoice_ref: str) -> tuple[Payment, ...]:
    """The payment to register on each line's grant once the invoice is posted."""
    return tuple(
        Payment(
            grant_id=line.grant.grant_id,
            period_start=line.period.start,
            period_end=line.period.end,
            amount=line.amount,
            invoice_ref=invoice_ref,
        )
        for line in lines
        if line.grant is not None and line.period is not None
    )


def remark_for(lines: Sequence[LineResult]) -> str:
    """The invoice's remark: service, grant and period in full, e.g.
    ``§107 Midlertidigt botilbud · bevilling B-1043 · periode 01.10.2026–31.10.2026``;
    a collective invoice names its grants and the span of its periods."""
    matched = [(line.grant, line.period) for line in lines if line.grant and line.period]
    if not matched:
        return ""
    services = list(dict.fromkeys(_service(grant) for grant, _ in matched))
    span = Period(min(p.start for _, p in matched), max(p.end for _, p in matched))
    if len(matched) == 1:
        grant_part = f"bevilling {matched[0][0].grant_id}"
    else:
        ids = ", ".join(dict.fromkeys(grant.grant_id for grant, _ in matched))
        grant_part = f"samlefaktura, {len(matched)} linjer · bevillinger {ids}"
    tail = f" · {grant_part} · periode {format_period(span)}"
    return cut(", ".join(services), REMARK_LIMIT - len(tail)) + tail


def _service(grant: Grant) -> str:
    return _service_text(grant.paragraph, grant.service)


@lru_cache(maxsize=1 << 10)
def _service_text(paragraph: str, service: str) -> str:
    # Cached: a municipality has few services, and every paid invoice names its own.
    return cut(f"{paragraph_label(paragraph)} {service}".strip(), 120)
