"""The robot's own process shows no secret in /proc/PID/environ: started with passwords and a
journal URL in its environment, it starts itself again without them (the second attack's
finding 11)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.stand_ins import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "ROBOT_ERP_PASSWORD": "erp-Hemmelig-1",
    "ROBOT_CASE_PASSWORD": "case-Hemmelig-2",
    "ROBOT_JOURNAL_URL": "postgresql://robot:Journal-Hemmelig-3@127.0.0.1:1/journal",
}


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc")
def test_the_robots_own_environment_block_holds_no_secret_while_it_runs(tmp_path: Path) -> None:
    mapping = shutil.copy(ROOT / "mappings" / "psp_mapping.xlsx", tmp_path / "mapping.xlsx")
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens: the run waits, then gives up
    env = {
        **os.environ,
        **SECRETS,
        "ROBOT_ERP_URL": nobody,
        "ROBOT_CASE_URL": nobody,
        "ROBOT_JOURNAL_DIR": str(tmp_path / "journal"),
        "ROBOT_RUNS_DIR": str(tmp_path / "runs"),
    }
    robot = subprocess.Popen(
        [str(Path(sys.executable).parent / "robot"), "run", "--mapping", str(mapping)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        environ = _environ_after_restart(robot.pid)
    finally:
        robot.send_signal(signal.SIGTERM)
        _, err = robot.communicate(timeout=30)
    for value in SECRETS.values():
        assert value.encode() not in environ
        assert value.encode() not in err
    assert b"ROBOT_ERP_URL=" in environ  # the rest of the environment is kept


def _environ_after_restart(pid: int) -> bytes:
    """The process's environment block once it runs as `python -m robot` (after its restart)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"\0-m\0robot\0" in cmdline:
                return Path(f"/proc/{pid}/environ").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.02)
    raise AssertionError("the robot did not start itself again")
