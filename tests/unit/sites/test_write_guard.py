"""The last check before a form leaves the robot: a site asks the invoice's lease right before
it submits, after the form is filled, so a process paused in between sends nothing."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from robot.journal.model import LeaseLost
from robot.sites.base import Site
from robot.sites.screen import FILL_FORM, SUBMIT_FORM
from tests.support.run_async import run_async


class _Page:
    """What `Site._submit` asks of a page: fill a form, then submit it."""

    url = "http://erp.example/invoices/ERP-000001"

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def evaluate(self, script: str, args: Any = None) -> Any:
        self.calls.append(
            "fill" if script == FILL_FORM else "submit" if script == SUBMIT_FORM else "?"
        )
        return None

    def is_closed(self) -> bool:
        return False


def _site(page: _Page) -> Site:
    site = Site(object(), base_url="http://erp.example", user="robot", password=SecretStr("x"))  # type: ignore[arg-type]
    site._page = page  # type: ignore[assignment]
    return site


def test_a_form_is_not_submitted_when_the_lease_check_right_before_it_fails() -> None:
    page = _Page()
    site = _site(page)

    def lease_gone() -> None:
        raise LeaseLost("the lease passed to another process")

    site.before_write = lease_gone
    with pytest.raises(LeaseLost):
        run_async(
            site._submit(
                page,  # type: ignore[arg-type]
                screen="invoice page",
                form="posting-form",
                fields=[("Bemærkning", "x")],
                button="Bogfør",
                optional=[],
            )
        )
    assert page.calls == ["fill"]  # filled, never submitted
