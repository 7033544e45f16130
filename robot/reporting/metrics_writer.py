"""ROBOT_METRICS_FILE written every 30 seconds while a run goes on, from a thread of its own
with a journal connection of its own (so the run never waits for it, and no connection is
shared between threads), and once at the run's end, after which the thread writes nothing."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from pathlib import Path

import structlog

from robot.journal.base import Journal
from robot.journal.model import JournalUnavailable, Outcome
from robot.reporting.metrics import RunFigures, counts_of, read_figures, write_metrics

log = structlog.get_logger("robot.metrics")

EVERY_S = 30.0


class MetricsWriter:
    """Writes the run's metrics file every `every_s` seconds from a thread of its own (with a
    journal connection of its own, opened by `opener`), and once more at the end."""

    def __init__(
        self,
        path: Path,
        *,
        run_id: str,
        outcomes: Callable[[], list[Outcome]],
        opener: Callable[[], Journal],
        every_s: float = EVERY_S,
    ) -> None:
        self.path = path
        self.run_id = run_id
        self._outcomes = outcomes  # the run's own outcomes: what is written if the journal fails
        self._opener = opener
        self._every_s = every_s
        self._started = time.time()
        self._clock = time.monotonic()
        self._stop = threading.Event()
        self._writing = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="robot-metrics", daemon=True)

    def start(self) -> MetricsWriter:
        self._thread.start()
        return self

    def stop(self) -> None:
        """No more writes from the thread (one half-way finishes first, briefly waited for)."""
        self._stop.set()
        self._thread.join(timeout=5)

    def final(self, journal: Journal | None, *, exit_code: int) -> None:
        """The file at the run's end: not running, this run's exit code and end time."""
        self.stop()
        figures = dataclasses.replace(
            self._figures(journal, in_progress=False),
            last_finished=time.time(),
            last_exit_code=exit_code,
        )
        with self._writing:
            self._write(figures)

    def _loop(self) -> None:
        journal: Journal | None = None
        try:
            while not self._stop.wait(self._every_s):
                if journal is None:
                    journal = self._open()
                figures = self._figures(journal, in_progress=True)
                with self._writing:
                    if not self._stop.is_set():  # the end's file is never overwritten
                        self._write(figures)
        finally:
            if journal is not None:
                journal.close()

    def _open(self) -> Journal | None:
        try:
            return self._opener()
        except JournalUnavailable as down:
            log.warning("metrics_journal_unavailable", error=str(down))
            return None

    def _figures(self, journal: Journal | None, *, in_progress: bool) -> RunFigures:
        duration = time.monotonic() - self._clock
        if journal is not None:
            try:
                return read_figures(
                    journal,
                    run_id=self.run_id,
                    started=self._started,
                    in_progress=in_progress,
                    duration_s=duration,
                )
            except JournalUnavailable as down:
                log.warning("metrics_journal_unavailable", error=str(down))
        return RunFigures(
            run_id=self.run_id,
            started=self._started,
            duration_s=duration,
            in_progress=in_progress,
            invoices=counts_of(self._outcomes()),
        )

    def _write(self, figures: RunFigures) -> None:
        try:
            write_metrics(self.path, figures)
        except OSError as error:  # a full disk or a wrong folder never stops a run
            log.warning("metrics_not_written", path=str(self.path), error=str(error))
