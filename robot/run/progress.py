"""A progress bar on a terminal with counts per outcome as the run goes; silent otherwise."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from robot.run.runner import RunState


class Progress:
    def __init__(self, state: RunState, *, enabled: bool) -> None:
        self._state = state
        self._bar: RichProgress | None = None
        if enabled:
            self._bar = RichProgress(
                TextColumn("invoices"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
        self._task: TaskID | None = None

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("", total=None)
        return self

    def update(self) -> None:
        if self._bar is None or self._task is None:
            return
        counts = "  ".join(f"{k} {v}" for k, v in sorted(self._state.counts.items()))
        done = sum(self._state.counts.values())
        self._bar.update(
            self._task, completed=done, total=self._state.total or None, description=counts
        )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
