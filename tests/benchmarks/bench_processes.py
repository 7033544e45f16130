"""Several robot processes on one inbox: the SQLite journal with one process (the default)
against a shared PostgreSQL journal with 1, 2 and 4 processes, each on a fresh load of the same
generated bundle, in one run: invoices per minute end to end and CPU per invoice (the whole
machine: robot processes, their drivers and browsers, the stand-ins and the database).

Run: .venv/bin/python -m tests.benchmarks.bench_processes [--invoices 600] [--seed 5]
     [--workers 2] [--processes 1,2,4]
A script, not a test: it prints one line per set-up and exits 1 when a run's outcome differs
from the bundle's ground truth. PostgreSQL is started for it in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fake_systems.bundle.load import load_bundle
from fake_systems.scenarios import generate
from tests.benchmarks.proc_sampler import machine_cpu_s
from tests.e2e.robot.conftest import robot_env
from tests.e2e.robot.test_run_end_to_end import differences
from tests.support.postgres import fresh_database, postgres_server
from tests.support.stand_ins import BIN, run_cli, serving

AS_OF = date(2026, 11, 23)


@dataclass(frozen=True)
class Result:
    label: str
    processes: int
    invoices: int
    seconds: float
    busy_cpu_s: float  # the machine's busy CPU seconds over the run
    wrong: int

    @property
    def per_minute(self) -> float:
        return self.invoices / self.seconds * 60

    @property
    def cpu_ms(self) -> float:
        return self.busy_cpu_s / self.invoices * 1000


def _run(
    bundle: Path, folder: Path, *, label: str, processes: int, workers: int, journal_url: str
) -> Result:
    data_dir = folder / "data"
    load_bundle(bundle, data_dir)
    with serving(data_dir) as stand_ins:
        env = {
            **os.environ,
            **robot_env(stand_ins, bundle, folder),
            "ROBOT_WORKERS": str(workers),
            "ROBOT_PROCESSES": str(processes),
        }
        if journal_url:
            env["ROBOT_JOURNAL_URL"] = journal_url
        print(f"{label} ...", flush=True)
        busy_before, _ = machine_cpu_s()
        started = time.perf_counter()
        done = subprocess.run(
            [str(BIN / "robot"), "run", "--mapping", str(bundle / "psp_mapping.xlsx")],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        busy = machine_cpu_s()[0] - busy_before
        if done.returncode != 0:
            raise SystemExit(
                f"{label}: robot run failed ({done.returncode}): {done.stderr[-2000:]}"
            )
        export_path = folder / "export.json"
        run_cli("fake-systems", "export", "--data-dir", str(data_dir), "--out", str(export_path))
    export = json.loads(export_path.read_text())
    expected = json.loads((bundle / "expected.json").read_text())
    wrong = len(differences(export, expected))
    return Result(label, processes, len(expected["invoices"]), seconds, busy, wrong)


def _counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=600)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="browser contexts per process")
    parser.add_argument("--processes", type=_counts, default=[1, 2, 4])
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-processes-") as tmp, postgres_server() as pg:
        root = Path(tmp)
        bundle = root / "bundle"
        print(f"generating {args.invoices:,} invoices ...", flush=True)
        generate(bundle, invoices=args.invoices, seed=args.seed, as_of=AS_OF)
        setups = [("SQLite journal, 1 process", 1, "")]
        setups += [
            (f"PostgreSQL journal, {n} process{'es' if n > 1 else ''}", n, f"journal_{n}")
            for n in args.processes
        ]
        for label, processes, database in setups:
            url = fresh_database(pg, database) if database else ""
            results.append(
                _run(
                    bundle,
                    root / (database or "sqlite"),
                    label=label,
                    processes=processes,
                    workers=args.workers,
                    journal_url=url,
                )
            )
    print(
        f"\n{args.invoices:,} invoices (seed {args.seed}), {args.workers} workers per process,"
        f" {os.cpu_count()} CPUs; each set-up on a fresh load of the same bundle"
    )
    print(f"{'set-up':<34} {'invoices/min':>12} {'CPU ms/invoice':>15} {'machine busy':>13}")
    cpus = os.cpu_count() or 1
    for r in results:
        busy_share = r.busy_cpu_s / (r.seconds * cpus)
        print(f"{r.label:<34} {r.per_minute:>12.0f} {r.cpu_ms:>15.0f} {busy_share:>12.0%}")
    wrong = sum(r.wrong for r in results)
    print(f"\noutcome equals ground truth in every run: {'yes' if not wrong else 'NO'}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
