"""Which runs without an end in the journal are going on, and which died (no IO).

A run whose process was killed never gets its end, so "no end" alone is not enough: on this
machine the run lock tells for certain; for a run on another machine, its latest sign of life
(its start, its latest outcome, a lease its machine renewed since) must be recent. Of two runs
without an end on one machine only the later can be alive (one run at a time per machine).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from robot.journal.model import HeldWork, RunRecord
from robot.status.facts import Facts

# A run without an end and without a sign of life for this long is taken to have died.
SILENT_AFTER_S = 600.0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoppedRun:
    """A run without an end that is not going on: killed, or died."""

    run: RunRecord
    last_sign: float  # seconds since the epoch


def alive_and_stopped(
    facts: Facts, silent_after_s: float
) -> tuple[list[RunRecord], list[StoppedRun]]:
    by_host: dict[str, list[RunRecord]] = defaultdict(list)
    for run in facts.runs:
        if run.finished_at is None:
            by_host[run.host].append(run)
    alive, stopped = [], []
    for runs in by_host.values():
        runs.sort(key=lambda r: (r.started_at, r.run_id))
        for run in runs:
            sign = _last_sign(facts, run)
            if run is runs[-1] and _lives(facts, run, sign, silent_after_s):
                alive.append(run)
            else:
                stopped.append(StoppedRun(run=run, last_sign=sign))
    alive.sort(key=lambda r: (r.started_at, r.run_id))
    stopped.sort(key=lambda s: (s.run.started_at, s.run.run_id))
    return alive, stopped


def _lives(facts: Facts, run: RunRecord, sign: float, silent_after_s: float) -> bool:
    if run.host == facts.this_host and facts.lock.held is not None:
        return facts.lock.held  # this machine's lock says for certain
    return facts.now - sign <= silent_after_s


def _last_sign(facts: Facts, run: RunRecord) -> float:
    """The latest moment the run was seen working: its start, its latest outcome, or a lease
    its machine renewed since it started."""
    start = seconds(run.started_at)
    signs = [start, seconds(facts.last_outcome_at.get(run.run_id, "")) or start]
    signs += [
        renewed(h, 0.0) for h in facts.held if h.host == run.host and renewed(h, 0.0) >= start
    ]
    return max(signs)


def renewed(held: HeldWork, lease_s: float) -> float:
    """The lease's last renewal (for a journal from before renewals were kept: its start)."""
    return held.renewed_at if held.renewed_at is not None else held.lease_until - lease_s


def seconds(iso: str) -> float:
    """The journal's ISO time (UTC) as seconds since the epoch; 0 when there is none."""
    return datetime.fromisoformat(iso).timestamp() if iso else 0.0
