"""Samples a process tree from /proc while it runs: peak memory and CPU seconds per process,
so a benchmark can tell the robot, the Playwright driver and the browser apart (Linux only)."""

from __future__ import annotations

import os
import threading
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


def _read(pid: int) -> tuple[str, int, float] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        statm = Path(f"/proc/{pid}/statm").read_text().split()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    return cmdline, int(statm[1]) * _PAGE, cpu


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
    """Samples every `interval` s; `by_kind()` sums per kind (peak of the summed RSS)."""

    root: int
    interval: float = 0.2
    processes: dict[int, ProcessFigures] = field(default_factory=dict)
    peak_by_kind: dict[str, int] = field(default_factory=dict)
    timeline: list[tuple[float, dict[str, int]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
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
        rss: dict[str, int] = {}
        for pid in _tree(self.root):
            read = _read(pid)
            if read is None:
                continue
            cmdline, memory, cpu = read
            figures = self.processes.setdefault(pid, ProcessFigures(kind_of(cmdline)))
            figures.peak_rss = max(figures.peak_rss, memory)
            figures.cpu_s = max(figures.cpu_s, cpu)
            rss[figures.name] = rss.get(figures.name, 0) + memory
        for kind, memory in rss.items():
            self.peak_by_kind[kind] = max(self.peak_by_kind.get(kind, 0), memory)
        return rss

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def cpu_by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for figures in self.processes.values():
            totals[figures.name] = totals.get(figures.name, 0.0) + figures.cpu_s
        return totals
