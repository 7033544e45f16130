"""The robot end to end on a generated bundle: invoices per minute, screens per invoice, CPU and
peak memory of the robot, the Playwright driver, the browser and the stand-ins.

Run: .venv/bin/python -m tests.benchmarks.bench_robot [--invoices 1000] [--seed 5]
A script, not a test: it prints figures and exits 1 only when the run's outcome differs from
the bundle's ground truth (a fast wrong robot is no use).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from fake_systems.bundle.load import load_bundle
from fake_systems.scenarios import generate
from tests.benchmarks.proc_sampler import TreeSampler
from tests.e2e.robot.conftest import robot_env
from tests.e2e.robot.test_run_end_to_end import expected_by_key, outcome_by_key
from tests.support.stand_ins import BIN, run_cli, serving

MB = 1024 * 1024


def _run_robot(env: dict[str, str], bundle: Path, work: Path, *extra: str) -> dict[str, Any]:
    command = [str(BIN / "robot"), "run", "--mapping", str(bundle / "psp_mapping.xlsx"), *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with TreeSampler(proc.pid) as sampler:
        out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"robot run failed ({proc.returncode}): {err.decode()[-2000:]}")
    log = sorted(work.glob("runs/*/run.log"))[-1].read_text().splitlines()
    events = [json.loads(line) for line in log]
    finished = next(e for e in events if e["event"] == "run_finished")
    outcomes = Counter(e["outcome"] for e in events if e["event"] == "invoice")
    return {
        "elapsed": elapsed,
        "finished": finished,
        "outcomes": outcomes,
        "peak": sampler.peak_by_kind,
        "cpu": sampler.cpu_by_kind(),
        "stdout": out.decode(),
    }


def _stand_in_cpu(pid_root: int) -> float:
    sampler = TreeSampler(pid_root)
    sampler.sample()
    return sum(sampler.cpu_by_kind().values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="default: the robot's own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bundle = root / "bundle"
        generate(bundle, invoices=args.invoices, seed=args.seed, as_of=date(2026, 11, 23))
        load_bundle(bundle, root / "data")
        with serving(root / "data") as stand_ins:
            env = robot_env(stand_ins, bundle, root)
            if args.workers:
                env["ROBOT_WORKERS"] = str(args.workers)
            server_pid = _serve_pid(root / "data")
            before = _stand_in_cpu(server_pid)
            figures = _run_robot(env, bundle, root)
            server_cpu = _stand_in_cpu(server_pid) - before
            export_path = root / "export.json"
            run_cli(
                "fake-systems",
                "export",
                "--data-dir",
                str(root / "data"),
                "--out",
                str(export_path),
            )
        export = json.loads(export_path.read_text())
        expected = json.loads((bundle / "expected.json").read_text())
    _print(args.invoices, figures, server_cpu)
    wrong = {
        k: v for k, v in expected_by_key(expected).items() if outcome_by_key(export).get(k) != v
    }
    print(f"outcome equals ground truth: {'yes' if not wrong else f'NO, {len(wrong)} differ'}")
    return 1 if wrong else 0


def _serve_pid(data_dir: Path) -> int:
    out = subprocess.run(
        ["pgrep", "-f", f"serve --data-dir {data_dir}"], capture_output=True, text=True
    )
    return int(out.stdout.split()[0])


def _print(invoices: int, figures: dict[str, Any], server_cpu: float) -> None:
    elapsed = figures["elapsed"]
    finished = figures["finished"]
    print(
        f"invoices: {invoices}, wall time {elapsed:.1f} s: {invoices / elapsed * 60:.0f} invoices/min"
    )
    for outcome, count in sorted(figures["outcomes"].items()):
        print(f"  {outcome:<10} {count:>6}")
    print(
        f"page loads per invoice: {finished['page_loads'] / invoices:.2f}, "
        f"form submissions per invoice: {finished['form_submissions'] / invoices:.2f}"
    )
    cpu = figures["cpu"]
    for kind in ("robot", "driver", "browser"):
        print(
            f"{kind:<8} peak RSS {figures['peak'].get(kind, 0) / MB:7.0f} MB, "
            f"CPU {cpu.get(kind, 0.0):6.1f} s ({cpu.get(kind, 0.0) / invoices * 1000:.0f} ms/invoice)"
        )
    print(f"stand-ins CPU {server_cpu:.1f} s ({server_cpu / invoices * 1000:.0f} ms/invoice)")


if __name__ == "__main__":
    sys.exit(main())
