"""`robot suggest-plans`: the ERP's history of the last months read through its screens, each
supplier and receiver proposed as a payment plan or left out, the workbook written and a short
English summary printed."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.learning.command_parts import (
    CommandFailed,
    book_from,
    history_from,
    what_was_read,
)
from robot.learning.proposal_book import write_proposal_workbook
from robot.learning.proposals import Review, review_pairs
from robot.learning.reasons import Reason
from robot.learning.window import months_back
from robot.reporting.dated_workbooks import PLAN_PROPOSALS, dated_workbook, prepared_out


@dataclass(frozen=True, slots=True)
class SuggestOptions:
    mapping: Path
    months: int = 12
    out: Path | None = None


def suggest_plans_command(
    settings: Settings,
    options: SuggestOptions,
    *,
    console: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    console, err = console or sys.stdout, err or sys.stderr
    today = settings.run_date()
    # Posting days: the last `months` months up to and including the run date (a bill posted
    # earlier today is part of what people did).
    since, until = months_back(today, options.months), today
    try:
        book = book_from(options.mapping, settings)
        history = history_from(settings, since=since, until=until)
    except CommandFailed as failed:
        print(f"robot suggest-plans: {failed.reason}", file=err)
        return int(failed.code)
    review = review_pairs(history.bills, today=today, open_psp=history.open_psp, book=book)
    path = prepared_out(options.out or dated_workbook(settings.runs_dir, PLAN_PROPOSALS))
    write_proposal_workbook(path, review, today=today, since=since, until=until)
    print(what_was_read(history, since=since, until=until), file=console)
    for line in summary(review):
        print(line, file=console)
    print(f"Workbook: {path}", file=console)
    return int(ExitCode.COMPLETED)


def summary(review: Review) -> list[str]:
    """How many pairs were looked at, proposed, and left out by reason (checking order)."""
    counts = review.reasons()
    lines = [
        f"Supplier and receiver pairs looked at: {review.pairs}; proposed as payment plans:"
        f" {len(review.proposals)}; left out: {len(review.left_out)}"
    ]
    lines += [
        f"  left out, {reason.english}: {counts[reason]}" for reason in Reason if counts[reason]
    ]
    return lines
