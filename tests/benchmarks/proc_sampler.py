"""Samples a process tree from /proc while it runs: peak memory and CPU seconds per process,
so a benchmark can tell the robot, the Playwright driver and the browser apart (Linux only)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class ProcessFigures:
    name: str
    peak_rss: int = 0  # bytes
    cpu_s: float = 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _read(pid: int) -> tuple[int, float] | None:
    """The process's RSS in bytes and its CPU seconds so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        statm = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    return int(statm[1]) * _PAGE, cpu


def _cmdline(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None


def kind_of(cmdline: str) -> str:
    if "chrom" in cmdline:
        return "browser"
    if "playwright" in cmdline and ("node" in cmdline or "driver" in cmdline):
        return "driver"
    if "fake-systems" in cmdline or "multiprocessing" in cmdline:
        return "stand-ins"
    return "robot"


@dataclass
class TreeSampler:
    """Samples every `interval` s; `by_kind()` sums per kind (peak of the summed RSS); each
    sample's RSS by kind also goes to `on_sample`, if given."""

    root: int
    interval: float = 0.2
    on_sample: Callable[[TreeSampler, dict[str, int]], None] | None = None
    processes: dict[int, ProcessFigures] = field(default_factory=dict)
    peak_by_kind: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _pids: list[int] = field(default_factory=list)
    _samples: int = 0
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def sample(self) -> dict[str, int]:
        # Finding the tree reads every thread's children: the costly part, so every fifth sample.
        if self._samples % 5 == 0:
            self._pids = _tree(self.root)
        self._samples += 1
        rss: dict[str, int] = {}
        for pid in self._pids:
            if pid not in self.processes:
                cmdline = _cmdline(pid)
                if cmdline is None:
                    continue
                self.processes[pid] = ProcessFigures(kind_of(cmdline))
            read = _read(pid)
            if read is None:
                continue
            memory, cpu = read
            figures = self.processes[pid]
            figures.peak_rss = max(figures.peak_rss, memory)
            figures.cpu_s = max(figures.cpu_s, cpu)
            rss[figures.name] = rss.get(figures.name, 0) + memory
        for kind, memory in rss.items():
            self.peak_by_kind[kind] = max(self.peak_by_kind.get(kind, 0), memory)
        return rss

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            rss = self.sample()
            if self.on_sample is not None:
                self.on_sample(self, rss)

    def pss_by_kind(self) -> dict[str, int]:
        """The tree's proportional set size per kind, in bytes: a page shared by n processes
        counts 1/n in each, so unlike summed RSS the sum is the memory the tree really holds."""
        pss: dict[str, int] = {}
        for pid in self._pids:  # as of the latest sample
            figures = self.processes.get(pid)
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            line = next((row for row in rollup.splitlines() if row.startswith("Pss:")), None)
            if figures is not None and line is not None:  # a process not yet sampled waits
                pss[figures.name] = pss.get(figures.name, 0) + int(line.split()[1]) * 1024
        return pss

    def cpu_by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for figures in self.processes.values():
            totals[figures.name] = totals.get(figures.name, 0.0) + figures.cpu_s
        return totals


def machine_cpu_s() -> tuple[float, float]:
    """CPU seconds the whole machine has been busy and idle since boot (all CPUs)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / _TICKS, idle / _TICKS
