"""One `robot run` as a subprocess, watched from /proc: its time, its outcome lines, CPU of the
robot, the Playwright driver and the browser (and of the stand-ins, and of the whole machine),
peak memory, and memory each time another `memory_every` outcome lines are in its run.log."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.proc_sampler import TreeSampler, machine_cpu_s
from tests.support.stand_ins import BIN

BROWSER = ("browser", "driver")  # the browser's memory and CPU include its Playwright driver


@dataclass
class Checkpoint:
    invoices: int
    rss: dict[str, int]  # bytes: "robot", "browser" (with its driver) and "together"
    pss: dict[str, int]


@dataclass
class MemoryWatch:
    """Called with each sample: keeps the peaks, and a checkpoint each time `every` more outcome
    lines are in the run's log. A checkpoint keeps the sample taken just before the line that
    completes its count: the one after may find the robot already closing its browser."""

    work: Path
    every: int
    checkpoints: list[Checkpoint] = field(default_factory=list)
    peak: dict[str, int] = field(default_factory=dict)  # robot, browser, together (RSS)
    peak_pss: dict[str, int] = field(default_factory=dict)
    _log: Path | None = None
    _offset: int = 0
    _lines: int = 0
    _samples: int = 0
    _previous: tuple[dict[str, int], dict[str, int] | None] | None = None

    def _count(self) -> int:
        if self._log is None:
            self._log = next(iter(self.work.glob("runs/*/run.log")), None)
        if self._log is not None:
            with self._log.open("rb") as log:
                log.seek(self._offset)
                chunk = log.read()
            complete = chunk[: chunk.rfind(b"\n") + 1]  # a line still being written waits
            self._offset += len(complete)
            self._lines += complete.count(b'"event": "invoice"')
        return self._lines

    def __call__(self, sampler: TreeSampler, by_kind: dict[str, int]) -> None:
        rss = _grouped(by_kind)
        if "browser" not in rss:
            return  # starting, or the browser has closed: not a sample of a running robot
        self._samples += 1
        _raise(self.peak, rss)
        due = (len(self.checkpoints) + 1) * self.every
        count = self._count()
        pss = None
        if count >= due - 5 or self._samples % 10 == 1:  # PSS costs more: every 2 s, or soon due
            pss = _grouped(sampler.pss_by_kind())
            _raise(self.peak_pss, pss)
        if count >= due and self._previous is not None:
            before, before_pss = self._previous
            self.checkpoints.append(Checkpoint(due, before, before_pss or pss or {}))
        self._previous = (rss, pss)


def _grouped(by_kind: dict[str, int]) -> dict[str, int]:
    grouped = {"robot": by_kind.get("robot", 0)}
    if any(kind in by_kind for kind in BROWSER):
        grouped["browser"] = sum(by_kind.get(kind, 0) for kind in BROWSER)
        grouped["together"] = grouped["robot"] + grouped["browser"]
    return grouped


def _raise(peaks: dict[str, int], sample: dict[str, int]) -> None:
    for kind, value in sample.items():
        peaks[kind] = max(peaks.get(kind, 0), value)


@dataclass(frozen=True)
class RobotRun:
    workers: int
    seconds: float  # end to end: from starting the process to its exit
    loop_seconds: float  # from the "work" line (logged in, inbox read) to the last outcome line
    invoices: list[dict[str, Any]]  # the outcome lines
    finished: dict[str, Any]  # the run_finished line (the run's screen counters)
    cpu: dict[str, float]  # by kind, sampled; "benchmark": this process's own (the sampling)
    stand_ins_cpu: float
    machine_busy: float  # CPU seconds of every process on the machine, over the run
    memory: MemoryWatch


def _stand_ins_cpu(root: int) -> float:
    sampler = TreeSampler(root)
    sampler.sample()
    return sum(sampler.cpu_by_kind().values())


def _at(line: dict[str, Any]) -> float:
    return datetime.fromisoformat(line["timestamp"]).timestamp()


def run_robot(
    env: dict[str, str], mapping: Path, work: Path, *, workers: int, stand_ins_pid: int, every: int
) -> RobotRun:
    command = [str(BIN / "robot"), "run", "--mapping", str(mapping)]
    env = {**os.environ, **env, "ROBOT_WORKERS": str(workers)}
    stand_ins_before, (busy_before, _) = _stand_ins_cpu(stand_ins_pid), machine_cpu_s()
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    watch = MemoryWatch(work, every)
    with TreeSampler(proc.pid, on_sample=watch) as sampler:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    busy = machine_cpu_s()[0] - busy_before
    if proc.returncode != 0:
        raise SystemExit(f"robot run failed ({proc.returncode}): {err.decode()[-2000:]}")
    log = sorted(work.glob("runs/*/run.log"))[-1].read_text(encoding="utf-8").splitlines()
    lines = [json.loads(line) for line in log]
    invoices = [e for e in lines if e["event"] == "invoice"]
    started = next(e for e in lines if e["event"] == "work")
    cpu = sampler.cpu_by_kind()
    cpu["benchmark"] = own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime
    return RobotRun(
        workers=workers,
        seconds=seconds,
        loop_seconds=_at(invoices[-1]) - _at(started) if invoices else 0.0,
        invoices=invoices,
        finished=next(e for e in lines if e["event"] == "run_finished"),
        cpu=cpu,
        stand_ins_cpu=_stand_ins_cpu(stand_ins_pid) - stand_ins_before,
        machine_busy=busy,
        memory=watch,
    )
