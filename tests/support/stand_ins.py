"""Start both stand-ins on free loopback ports for a test, and stop them afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class StandIns:
    erp_url: str
    case_url: str
    data_dir: Path


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def serving(
    data_dir: Path,
    *,
    extra: Sequence[str] = (),
    log: Path | None = None,
    ports: tuple[int, int] | None = None,
) -> Iterator[StandIns]:
    """`fake-systems serve` in a subprocess on free ports (or the given ones, to restart the
    stand-ins where a robot expects them) until the block ends."""
    erp_port, case_port = ports or (free_port(), free_port())
    out = open(log or data_dir / "serve.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            str(BIN / "fake-systems"),
            "serve",
            "--data-dir",
            str(data_dir),
            "--erp-port",
            str(erp_port),
            "--case-port",
            str(case_port),
            *extra,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stand_ins = StandIns(f"http://127.0.0.1:{erp_port}", f"http://127.0.0.1:{case_port}", data_dir)
    try:
        deadline = time.monotonic() + 30
        while not (_healthy(stand_ins.erp_url) and _healthy(stand_ins.case_url)):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the stand-ins did not start; see {out.name}")
            time.sleep(0.1)
        yield stand_ins
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a console script of this project (fake-systems or robot) and capture its output."""
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )
