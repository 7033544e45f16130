"""Fetching what an invoice's way needs before it can decide, from the system each need names:
one fetcher per need of the route table (robot/domain/ways/way.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from robot.domain.prepared import Facts, Prepared
from robot.domain.ways.table import way_of
from robot.domain.ways.way import Need
from robot.run.work import Work


async def _citizens(work: Work, prepared: Prepared) -> dict[str, Any]:
    return {"citizens": {cpr: await work.case.citizen(cpr) for cpr in prepared.cprs_to_look_up}}


async def _posted_to(work: Work, prepared: Prepared) -> dict[str, Any]:
    invoice = prepared.invoice
    posted = await work.erp.posted_to(invoice.supplier_cvr, invoice.receiver_ean)
    return {"posted": tuple(posted)}


async def _benefits(work: Work, prepared: Prepared) -> dict[str, Any]:
    return {"benefits": {cpr: await work.benefits.citizen(cpr) for cpr in prepared.cprs_to_look_up}}


async def _history(work: Work, prepared: Prepared) -> dict[str, Any]:
    """What people posted: only for an invoice without a CPR (a grant invoice with one has no
    use for it), read once a run."""
    if not prepared.no_cpr or work.history is None:
        return {}
    return {"history": await work.history.get(work.erp)}


FETCHERS: dict[Need, Callable[[Work, Prepared], Awaitable[dict[str, Any]]]] = {
    Need.CITIZENS: _citizens,
    Need.POSTED_TO: _posted_to,
    Need.BENEFITS: _benefits,
    Need.HISTORY: _history,
}


async def fetch_facts(
    work: Work,
    prepared: Prepared,
    *,
    already_posted: bool,
    open_psp: frozenset[str] | None = None,
) -> Facts:
    """Every fact the invoice's way needs (none when a document check has failed already)."""
    found: dict[str, Any] = {"open_psp": open_psp}
    if prepared.failure is None and not already_posted:
        for need in way_of(prepared.route).needs:
            found.update(await FETCHERS[need](work, prepared))
    return Facts(already_posted=already_posted, **found)
