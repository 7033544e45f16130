"""`robot status` on the console, in plain English for an on-call person."""

from __future__ import annotations

from robot.journal.model import FailureStreak
from robot.status.durations import spoken
from robot.status.english import (
    local_time,
    problem_text,
    shown,
    streak_text,
    task_text,
)
from robot.status.liveness import seconds
from robot.status.model import InWork, LastRun, Status


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
