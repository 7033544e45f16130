"""`robot purge`: delete run folders older than the retention (they hold personal data)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from robot.config import Settings


def old_run_dirs(runs_dir: Path, *, older_than_days: int, now: float | None = None) -> list[Path]:
    cutoff = (now if now is not None else time.time()) - older_than_days * 86_400
    if not runs_dir.exists():
        return []
    return sorted(p for p in runs_dir.iterdir() if p.is_dir() and p.stat().st_mtime < cutoff)


def purge_command(settings: Settings, *, older_than: int | None) -> int:
    days = settings.retention_days if older_than is None else older_than
    if days < 0:
        print("robot purge: --older-than must be 0 or more days", file=sys.stderr)
        return 2
    doomed = old_run_dirs(settings.runs_dir, older_than_days=days)
    for folder in doomed:
        shutil.rmtree(folder)
    print(
        f"robot purge: deleted {len(doomed)} run folder(s) older than {days} days "
        f"from {settings.runs_dir}"
    )
    return 0
