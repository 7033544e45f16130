"""`robot journal migrate` (a local journal copied into a shared one) and `robot journal handled`
(a person has finished an invoice the robot left for one)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from robot.cli.settings import settings_from
from robot.config import Settings
from robot.exit_codes import ExitCode
from robot.journal.url import BadJournalUrl, JournalTarget, journal_target
from robot.privacy import safe_text


def add_parsers(commands: Any) -> None:
    journal = commands.add_parser("journal", help="move the journal, or clear a person's task")
    actions = journal.add_subparsers(dest="action", required=True, metavar="{migrate,handled}")
    migrate = actions.add_parser(
        "migrate",
        help="copy the local journal (ROBOT_JOURNAL_DIR) into an empty shared PostgreSQL one",
        description="Refused while a robot run holds this machine's lock. Exit 0: copied and"
        " checked (or the target already held this very copy); 2: bad URL, no local journal,"
        " or a target that holds another journal; 3: a run holds the lock; 4: the target"
        " cannot be reached.",
    )
    migrate.add_argument(
        "--to",
        metavar="URL",
        help="postgresql://user@host/db (default: ROBOT_JOURNAL_URL; keep the password out of"
        " the command line: put the URL in robot.env instead)",
    )
    migrate.set_defaults(handler=_migrate)
    handled = actions.add_parser(
        "handled",
        help="a person has finished these invoices (posted by hand, payment registered)",
    )
    handled.add_argument("erp_ids", nargs="+", metavar="ERP-ID")
    handled.set_defaults(handler=_handled)


def _migrate(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    target = _target(args.to, settings)
    if target is None:
        return int(ExitCode.USAGE)
    return migrate_command(settings.journal_dir, target)


def _target(given: str | None, settings: Settings) -> JournalTarget | None:
    url = given or (settings.journal_url.get_secret_value() if settings.journal_url else "")
    if not url:
        print(
            "robot journal migrate: say where the shared journal is: --to URL, or"
            " ROBOT_JOURNAL_URL in the settings",
            file=sys.stderr,
        )
        return None
    try:
        return journal_target(url)
    except BadJournalUrl as bad:
        named = str(bad).replace("ROBOT_JOURNAL_URL", "--to" if given else "ROBOT_JOURNAL_URL")
        print(f"robot journal migrate: {named}", file=sys.stderr)
        return None


def migrate_command(folder: Path, target: JournalTarget) -> int:
    """The copy under this machine's run lock (no run writes the local journal meanwhile),
    then what was copied, table by table."""
    from robot.journal.migrate import CopyMismatch, NoLocalJournal, TargetNotEmpty, migrate
    from robot.journal.model import JournalUnavailable
    from robot.run.lock import LockHeld, RunLock

    said = "robot journal migrate:"
    try:
        with RunLock(folder):
            migration = migrate(folder, target)
    except LockHeld as held:
        print(f"{said} refused: {held}", file=sys.stderr)
        return int(ExitCode.LOCK_HELD)
    except (NoLocalJournal, TargetNotEmpty) as refused:
        print(f"{said} refused: {refused}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except (JournalUnavailable, CopyMismatch) as failed:
        print(f"{said} {safe_text(str(failed))}; nothing was copied", file=sys.stderr)
        return int(ExitCode.SYSTEM_UNAVAILABLE)
    if migration.already_there:
        print(f"{said} {target.shown} already holds this very copy of {folder}; nothing to do")
    else:
        print(f"{said} copied {folder} to {target.shown} in one transaction")
    for table in migration.tables:
        print(f"  {table.table:<10} {table.rows:>8} rows  sha256 {table.checksum[:16]}")
    key = "the local log key" if migration.key_copied else "no log key (none was made here)"
    print(f"  checked: rows and checksums agree on both sides; {key} is the shared journal's")
    return int(ExitCode.COMPLETED)


def _handled(args: argparse.Namespace) -> int:
    from robot.journal.opening import JournalUnavailable, existing_journal

    settings = settings_from(args)
    if settings is None:
        return int(ExitCode.USAGE)
    try:
        journal = existing_journal(settings)
        if journal is None:
            print(f"robot journal handled: no journal in {settings.journal_dir}", file=sys.stderr)
            return int(ExitCode.USAGE)
        try:
            done = {erp_id: journal.mark_handled(erp_id) for erp_id in args.erp_ids}
        finally:
            journal.close()
    except JournalUnavailable as down:
        print(f"robot journal handled: {safe_text(str(down))}", file=sys.stderr)
        return int(ExitCode.SYSTEM_UNAVAILABLE)
    for erp_id, marked in done.items():
        said = "done: no longer waits for a person" if marked else "was not waiting for a person"
        print(safe_text(f"{erp_id}: {said}"))
    return int(ExitCode.COMPLETED) if all(done.values()) else int(ExitCode.USAGE)
