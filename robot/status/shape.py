"""`robot status --json`: contract section 13's keys (`healthy`, `current_run`, `last_run`,
`needs_person`) and more; times in UTC, texts as the journal keeps them (no CPR)."""

from __future__ import annotations

import json
from typing import Any

from robot.journal.model import FailureStreak
from robot.status.english import problem_text, shown, task_text, utc_iso
from robot.status.model import CurrentRun, LastRun, Status


def status_json(status: Status) -> str:
    return json.dumps(status_dict(status), ensure_ascii=False, indent=2)


def status_dict(status: Status) -> dict[str, Any]:
    """Contract section 13's keys, and more."""
    return {
        "healthy": status.healthy,
        "checked_at": utc_iso(status.checked_at),
        "journal": status.journal,
        "problems": [problem_text(p) for p in status.problems],
        "current_run": _current_dict(status.current),
        "last_run": _last_dict(status.last),
        "needs_person": [
            {
                "kind": "register_payment" if t.entry.voucher else "post_by_hand",
                "erp_id": t.entry.erp_id,
                "invoice": shown(t.entry.invoice_key),
                "voucher": t.entry.voucher or "",
                "since": t.since,
                "run_id": t.run_id,
                "what_to_do": task_text(t),
                "error": shown(t.error),
            }
            for t in status.person_tasks
        ]
        + [_streak_dict(f, kind="repeated_failure") for f in status.repeating],
        "left_after_faults": [_streak_dict(f, kind="left") for f in status.left_after_faults],
        "stopped_runs": [
            {
                "run_id": s.run.run_id,
                "host": s.run.host,
                "started": s.run.started_at,
                "last_sign_of_life": utc_iso(s.last_sign),
            }
            for s in status.stopped
        ],
        "invoices_left": status.invoices_left,
    }


def _current_dict(current: CurrentRun | None) -> dict[str, Any] | None:
    if current is None:
        return None
    return {
        "run_id": current.run_id,
        "runs": [r.run_id for r in current.runs],
        "hosts": current.hosts,
        "processes": current.processes,
        "started": current.started,
        "done": current.done,
        "left": current.left,
        "outcomes": current.outcomes,
        "in_work": [
            {
                "erp_id": w.held.erp_id,
                "invoice": shown(w.held.invoice_key),
                "state": w.held.state.value if w.held.state else None,
                "owner": w.held.owner,
                "renewed": utc_iso(w.held.renewed_at) if w.held.renewed_at else None,
                "renewed_seconds_ago": round(w.renewed_ago_s),
                "stale": w.stale,
            }
            for w in current.in_work
        ],
    }


def _last_dict(last: LastRun | None) -> dict[str, Any] | None:
    if last is None:
        return None
    run = last.run
    return {
        "run_id": run.run_id,
        "host": run.host,
        "dry_run": run.dry_run,
        "started": run.started_at,
        "finished": run.finished_at,
        "duration_seconds": round(last.duration_s),
        "age_seconds": round(last.age_s),
        "exit_code": run.exit_code,
        "invoices": sum(last.outcomes().values()),
        "outcomes": last.outcomes(),
        "codes": last.codes(),
        "routes": last.routes(),
    }


def _streak_dict(streak: FailureStreak, *, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "erp_id": streak.erp_id,
        "invoice": shown(streak.invoice_key),
        "runs": streak.runs,
        "error": shown(streak.error),
        "last_run": streak.last_run,
        "unfinished": streak.unfinished,
    }
