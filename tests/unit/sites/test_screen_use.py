"""Screen-use counting: each worker's invoice gets its own page loads and form submissions."""

from __future__ import annotations

import asyncio

from robot.sites.screen_use import ScreenUse
from tests.support.run_async import run_async


async def _worker(use: ScreenUse, *, loads: int, submissions: int) -> dict[str, float]:
    use.start_invoice()
    for _ in range(loads):
        use.count_load("erp")
        await asyncio.sleep(0)  # let the other worker count in between
    for _ in range(submissions):
        use.count_submission("case")
        await asyncio.sleep(0)
    return use.this_invoice()


async def _two_workers(use: ScreenUse) -> list[dict[str, float]]:
    return list(
        await asyncio.gather(
            _worker(use, loads=3, submissions=2), _worker(use, loads=1, submissions=1)
        )
    )


def test_each_worker_counts_only_its_own_invoice_while_the_run_counts_all() -> None:
    use = ScreenUse()
    first, second = run_async(_two_workers(use))
    assert (first["page_loads"], first["form_submissions"]) == (3, 2)
    assert (second["page_loads"], second["form_submissions"]) == (1, 1)
    assert first["seconds"] >= 0
    assert use.as_dict()["page_loads"] == 4
    assert use.as_dict()["form_submissions_case"] == 3


def test_screens_before_the_first_invoice_count_for_the_run_only() -> None:
    use = ScreenUse()
    use.count_load("erp")  # a login, before any invoice: the outcome line gets no figures
    assert run_async(_login_then_nothing(use)) == {}
    assert use.as_dict()["page_loads"] == 2


async def _login_then_nothing(use: ScreenUse) -> dict[str, float]:
    use.count_load("erp")
    return use.this_invoice()
