"""A run whose extra workers cannot log in carries on with those that did."""

from __future__ import annotations

from typing import Any, cast

import pytest

from robot.errors import SiteError
from robot.run.runner import _start_others
from tests.support.run_async import run_async


class _Worker:
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error
        self.closed = False

    async def start(self, *, sessions: object = None) -> None:
        if self.error is not None:
            raise self.error

    async def close(self) -> None:
        self.closed = True


def test_a_worker_that_cannot_log_in_is_left_out_and_the_others_carry_on() -> None:
    down = _Worker(SiteError("the case system failed on /login: connection refused"))
    up = _Worker()
    started: list[Any] = run_async(_start_others(cast(Any, [down, up])))
    assert started == [up]
    assert down.closed and not up.closed


def test_a_bug_in_starting_a_worker_is_not_hidden() -> None:
    with pytest.raises(TypeError):
        run_async(_start_others(cast(Any, [_Worker(TypeError("bug")), _Worker()])))
