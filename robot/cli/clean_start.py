"""The robot started with its secrets in the environment starts itself again without them.

Removing a variable from ``os.environ`` does not change what ``/proc/PID/environ`` shows: that
is the block the process was started with, readable by its user and by root for as long as the
process lives. So a ``robot`` started with passwords or a journal URL in its environment hands
them over through a pipe and replaces itself (same process id, same arguments) by one started
with an environment that has none of them.
"""

from __future__ import annotations

import json
import os
import sys

from robot.config import SECRET_VARIABLES

SECRETS_FD = "ROBOT_SECRETS_FD"  # the pipe the secrets come through after the new start


def restart_without_secrets() -> None:
    """When secrets are in this process's environment: exec this command again with them in a
    pipe instead (returns only when there are none, or after the new start took them back)."""
    taken = os.environ.pop(SECRETS_FD, None)
    if taken is not None:
        _take_back(int(taken))
        return
    found = {name: os.environ[name] for name in SECRET_VARIABLES if name in os.environ}
    if not found:
        return
    read_end, write_end = os.pipe()
    payload = json.dumps(found).encode()
    if len(payload) > 60_000:  # more than a pipe holds before anyone reads it
        os.close(read_end)
        os.close(write_end)
        return
    os.write(write_end, payload)
    os.close(write_end)
    os.set_inheritable(read_end, True)
    env = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
    env[SECRETS_FD] = str(read_end)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", "robot", *sys.argv[1:]], env)  # noqa: S606


def _take_back(fd: int) -> None:
    """The secrets from the pipe, into this process's own variables: what it sets there is not
    in its /proc environment block, and the run scrubs them again before any child starts."""
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    for name, value in json.loads(b"".join(chunks) or b"{}").items():
        if name in SECRET_VARIABLES:
            os.environ[name] = str(value)
