"""`robot status` on the console, in English, and as JSON (contract section 13)."""

from __future__ import annotations

import json
from typing import Any

from robot.journal.model import FailureStreak
from robot.status.durations import spoken
from robot.status.english import (
    local_time,
    problem_text,
    shown,
    streak_text,
    task_text,
    utc_iso,
)
from robot.status.model import CurrentRun, InWork, LastRun, Status, seconds


def status_lines(status: Status) -> list[str]:
    head = f"Robot status at {local_time(status.checked_at)} Danish time ({status.journal})"
    lines = [head]
    if status.healthy:
        lines.append("ALL WELL: nothing needs a person.")
    else:
        lines.append(f"NEEDS ATTENTION: {len(status.problems)} problem(s):")
        lines += [f"  - {problem_text(p)}" for p in status.problems]
    lines += ["", *_current_lines(status)]
    lines += ["", *_last_lines(status.last)]
    lines += ["", *_person_lines(status)]
    if status.left_after_faults:
        lines += ["", f"Left for the next run after system faults: {len(status.left_after_faults)}"]
        lines += [f"  {_streak_line(f)}" for f in status.left_after_faults]
    for stopped in status.stopped:
        lines.append(
            f"Run {stopped.run.run_id} on {stopped.run.host} (started"
            f" {local_time(seconds(stopped.run.started_at))}) stopped without finishing; last"
            f" sign of life {local_time(stopped.last_sign)}. Nothing to do: the next run"
            " finishes its invoices."
        )
    return [shown(line) for line in lines]


def _current_lines(status: Status) -> list[str]:
    current = status.current
    if current is None:
        lines = [f"No run going on now. Invoices open in the queue: {status.invoices_left}."]
        if status.lock_without_run is not None:
            lines.append(
                f"This machine's run lock is held (pid {status.lock_without_run}) by a run"
                " that is starting, or by `robot journal migrate`."
            )
        return lines
    runs = ", ".join(f"{r.run_id} on {r.host}" for r in current.runs)
    lines = [
        f"Going on now: run {runs}, started {local_time(seconds(current.started))}"
        f" ({spoken(status.checked_at - seconds(current.started))} ago),"
        f" {current.processes} process(es) working.",
        f"  done {current.done}{_kinds(current.outcomes)}; left in the queue {current.left}",
    ]
    if current.in_work:
        lines.append("  in work:")
        lines += [f"    {_in_work_line(w)}" for w in current.in_work]
    return lines


def _in_work_line(w: InWork) -> str:
    h = w.held
    step = h.state.value if h.state else "reading"
    line = f"{h.erp_id} {h.invoice_key or '-'} [{step}] by {h.owner},"
    line += f" renewed {spoken(w.renewed_ago_s)} ago"
    if w.stale:
        line += " STALE: not renewed for longer than a lease; the process is stuck or gone"
    return line


def _last_lines(last: LastRun | None) -> list[str]:
    if last is None:
        return ["No run has finished yet."]
    run = last.run
    dry = " (DRY RUN)" if run.dry_run else ""
    lines = [
        f"Last finished run{dry}: {run.run_id} on {run.host},"
        f" {_span(seconds(run.started_at), seconds(run.finished_at or ''))}"
        f" ({spoken(last.duration_s)}; {spoken(last.age_s)} ago), exit code {run.exit_code}",
        f"  {sum(last.outcomes().values())} invoices{_kinds(last.outcomes())}",
    ]
    if codes := last.codes():
        lines.append("  codes: " + ", ".join(f"{code} {n}" for code, n in codes.items()))
    routes = last.routes()
    if routes:
        lines.append(
            "  by way of paying: "
            + "; ".join(f"{route}{_kinds(kinds, lead=' ')}" for route, kinds in routes.items())
        )
    return lines


def _span(start: float, end: float) -> str:
    """``2026-11-23 02:04 to 02:41`` (the end's date only when it is another day)."""
    first, last = local_time(start), local_time(end)
    return f"{first} to {last[11:] if last[:10] == first[:10] else last}"


def _kinds(counts: dict[str, int], *, lead: str = ": ") -> str:
    return lead + ", ".join(f"{n} {kind}" for kind, n in counts.items()) if counts else ""


def _person_lines(status: Status) -> list[str]:
    if not status.person_tasks and not status.repeating:
        return ["Nothing waits for a person."]
    lines = ["Needs a person:"]
    for task in status.person_tasks:
        entry = task.entry
        lines.append(f"  {entry.erp_id} {entry.invoice_key} (since {task.since}):")
        lines.append(f"    {task_text(task)}")
        lines.append(f"    when it is done: robot journal handled {entry.erp_id}")
    for streak in status.repeating:
        lines.append(f"  {_streak_line(streak)}")
        lines.append(
            "    look at its screenshots in the run folder and tell the system's owner (or the"
            " developers); the robot sends it to manual handling (REPEATED_FAILURE) soon"
        )
    return lines


def _streak_line(streak: FailureStreak) -> str:
    key = streak.invoice_key or "-"
    return f"{streak.erp_id} {key} (run {streak.last_run}): {streak_text(streak)}"


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
