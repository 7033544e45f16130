"""Start the three stand-ins on free loopback ports for a test, and stop them afterwards."""

from __future__ import annotations

import itertools
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


# Each test process takes its ports from a block of its own, below the kernel's ephemeral range
# (32768 and up): a port a test keeps for a restarted stand-in is then never handed to another
# test process, nor to an outgoing connection, while it is briefly free.
_BLOCK = 1500
_next_port = itertools.count()


def _first_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) if worker.isdigit() else 0
    return 20000 + (index % 8) * _BLOCK + (os.getpid() % 7) * 200


def free_port() -> int:
    """A loopback port free now, from this test process's own block."""
    first = _first_port()
    for _ in range(_BLOCK):
        port = first + next(_next_port) % _BLOCK
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in this test process's block")


@dataclass(frozen=True)
class StandIns:
    erp_url: str
    case_url: str
    data_dir: Path
    # Last and with a default, so the callers that name only the first two systems still work.
    benefits_url: str = ""


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
    ports: tuple[int, int] | tuple[int, int, int] | None = None,
) -> Iterator[StandIns]:
    """`fake-systems serve` in a subprocess on free ports (or the given ones, to restart the
    stand-ins where a robot expects them: ERP, case system and, when given, the benefits
    system; without it the benefits system gets a free port) until the block ends."""
    given = ports or (free_port(), free_port())
    erp_port, case_port = given[0], given[1]
    benefits_port = given[2] if len(given) == 3 else free_port()
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
            "--benefits-port",
            str(benefits_port),
            *extra,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stand_ins = StandIns(
        f"http://127.0.0.1:{erp_port}",
        f"http://127.0.0.1:{case_port}",
        data_dir,
        benefits_url=f"http://127.0.0.1:{benefits_port}",
    )
    urls = (stand_ins.erp_url, stand_ins.case_url, stand_ins.benefits_url)
    try:
        deadline = time.monotonic() + 30
        while not all(_healthy(url) for url in urls):
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
