"""The exit codes of every `robot` command, for a scheduler and an on-call person (runbooks/)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    COMPLETED = 0  # run: every invoice paid or noted; validate-mapping: no problems
    COMPLETED_WITH_FAULTS = 1  # run: invoices left after system faults; validate: problems
    USAGE = 2  # bad command line or settings
    LOCK_HELD = 3  # another run holds this host's lock
    SYSTEM_UNAVAILABLE = 4  # a system or the shared journal is down, or refuses the credentials
    MAPPING_UNUSABLE = 5  # the mapping workbook cannot be used at all
    SCREEN_CHANGED = 6  # stopped: an element the robot needs is gone from a screen
    INTERNAL_ERROR = 70  # the robot itself failed (a bug); the next run finishes what it began
    INTERRUPTED = 130  # stopped by Ctrl-C or SIGINT

    # validate-mapping's reading of 1 (the same number as a run left with faults)
    PROBLEMS_FOUND = 1
