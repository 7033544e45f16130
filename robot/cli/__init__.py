"""The ``robot`` command: parse, configure, call the core, turn the result into an exit code
(one vocabulary for every command: robot.exit_codes.ExitCode)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import structlog

from robot.cli import history, journal, learning, run, status, validate
from robot.cli.clean_start import restart_without_secrets
from robot.exit_codes import ExitCode

_SHOWN = "{run,validate-mapping,report,purge,status,journal,suggest-plans,backtest}"


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the real command, not a test calling in: no secrets in /proc/PID/environ
        restart_without_secrets()
    args = _parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("robot: interrupted; the next run finishes what this one started", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except Exception as error:  # a bug: one line for the scheduler, the details in the log
        from robot.privacy import safe_text

        if structlog.is_configured():  # a run's log masks CPR numbers; the default would not
            structlog.get_logger("robot").exception("internal_error")
        first = str(error).splitlines()[0] if str(error) else ""
        print(
            f"robot: internal error ({type(error).__name__}: {safe_text(first)[:200]});"
            " nothing half-done is lost: the next run finishes what this one started",
            file=sys.stderr,
        )
        return int(ExitCode.INTERNAL_ERROR)
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="robot",
        description="The bill-paying robot.",
        epilog="exit codes: 0 done, 1 invoices left after faults (validate-mapping: errors "
        "found), 2 bad usage, 3 another run holds the lock, 4 a system or the journal is down "
        "or refuses the credentials, 5 mapping workbook unusable, 6 a screen changed, "
        "70 internal error",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar=_SHOWN)
    run.add_parsers(commands)
    validate.add_parser(commands)
    history.add_parsers(commands)
    status.add_parser(commands)
    journal.add_parsers(commands)
    learning.add_parsers(commands)
    return parser
