"""The run's history, read from the ERP's screens once, when an invoice first needs it (one
without a CPR), and shared by the run's workers. Nothing of it is kept after the run."""

from __future__ import annotations

import asyncio
from datetime import date

import structlog

from robot.domain.history import HistoryView, usable
from robot.learning.model import LearnedHistory
from robot.learning.window import window
from robot.ports import Erp

log = structlog.get_logger("robot.learning")


class HistorySource:
    def __init__(self, *, today: date, months: int = 12) -> None:
        self._since, self._until = window(today, months)
        self._lock = asyncio.Lock()
        self._view: LearnedHistory | None = None

    async def get(self, erp: Erp) -> HistoryView:
        async with self._lock:
            if self._view is None:
                bills = await erp.posted_history(since=self._since, until=self._until)
                kept = usable(bills)
                log.info("history_read", invoices=len(bills), used=len(kept))
                self._view = LearnedHistory(kept)
            return self._view
