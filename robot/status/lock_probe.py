"""Whether a robot run on this machine holds its lock (`<journal folder>/run.lock`), found
without taking the lock: a status taken at the moment a run starts must never refuse that run.

Linux lists every flock in /proc/locks with the holder's process id and the file's inode; the
lock file also holds the process id of the run that took it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "run.lock"  # robot.run.lock.RunLock's file in the journal folder
PROC_LOCKS = Path("/proc/locks")


@dataclass(frozen=True, slots=True)
class LockProbe:
    """held: True or False, or None when it cannot be told (no lock file, no /proc/locks)."""

    held: bool | None = None
    pid: int | None = None


def probe_lock(folder: Path, *, proc_locks: Path = PROC_LOCKS) -> LockProbe:
    path = folder / LOCK_FILE
    try:
        inode = path.stat().st_ino
        written = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return LockProbe(held=False) if folder.is_dir() else LockProbe()
    pid = int(written) if written.isdigit() else None
    try:
        listing = proc_locks.read_text(encoding="ascii", errors="replace")
    except OSError:  # not Linux: a process id in the file that is alive is the best sign
        return LockProbe(held=pid is not None and _alive(pid), pid=pid)
    for line in listing.splitlines():
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF"
        flock = len(fields) >= 6 and fields[1] == "FLOCK" and fields[3] == "WRITE"
        if flock and fields[5].rsplit(":", 1)[-1] == str(inode):
            holder = int(fields[4]) if fields[4].isdigit() else pid
            return LockProbe(held=True, pid=holder)
    return LockProbe(held=False, pid=None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True
