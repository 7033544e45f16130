"""How often the robot loads a page or submits a form: per system over a run, and per invoice
(with the invoice's time), for the run's log and the benchmarks."""

from __future__ import annotations

import time
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class _InvoiceUse:
    started: float = field(default_factory=time.perf_counter)
    page_loads: int = 0
    form_submissions: int = 0


# The current invoice's figures. Each worker runs in its own asyncio task, and a context variable
# set in a task is that task's own, so workers never count each other's screens.
_INVOICE_USE: ContextVar[_InvoiceUse | None] = ContextVar("invoice_screen_use", default=None)


class ScreenUse:
    """How often the robot loaded a page or submitted a form, per system, over a run."""

    def __init__(self) -> None:
        self.page_loads: Counter[str] = Counter()
        self.submissions: Counter[str] = Counter()

    def count_load(self, system: str) -> None:
        self.page_loads[system] += 1
        if (invoice := _INVOICE_USE.get()) is not None:
            invoice.page_loads += 1

    def count_submission(self, system: str) -> None:
        self.submissions[system] += 1
        if (invoice := _INVOICE_USE.get()) is not None:
            invoice.form_submissions += 1

    def start_invoice(self) -> None:
        """Count the current task's screens from here on, for its invoice's outcome line."""
        _INVOICE_USE.set(_InvoiceUse())

    def this_invoice(self) -> dict[str, float]:
        """The current task's page loads, form submissions and seconds since `start_invoice`."""
        invoice = _INVOICE_USE.get()
        if invoice is None:
            return {}
        return {
            "page_loads": invoice.page_loads,
            "form_submissions": invoice.form_submissions,
            "seconds": round(time.perf_counter() - invoice.started, 3),
        }

    def as_dict(self) -> dict[str, int]:
        return {
            "page_loads": sum(self.page_loads.values()),
            "form_submissions": sum(self.submissions.values()),
            **{f"page_loads_{k}": v for k, v in sorted(self.page_loads.items())},
            **{f"form_submissions_{k}": v for k, v in sorted(self.submissions.items())},
        }


SCREEN_USE = ScreenUse()  # one run per process: the run's figures for the log and benchmarks
