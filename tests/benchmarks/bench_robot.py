"""The robot end to end on a generated bundle: invoices per minute (in all and per outcome), page
loads and form submissions per invoice, two references on a fresh load of the same bundle (the
plain-HTTP bound: the robot's requests from httpx, no browser; the browser floor: its page loads
in its own browser set-up, nothing read or filled), CPU per invoice of the robot, its driver and
browser and of the stand-ins, peak memory, and memory after each 1,000 invoices.

Run: .venv/bin/python -m tests.benchmarks.bench_robot [--invoices 1000] [--seed 5] [--workers N]
     [--memory-every 1000] [--workers-sweep 1,2,3,4] [--no-references] [--bundle DIR]
A script, not a test: it prints figures and exits 1 only when a run's outcome differs from the
bundle's ground truth (a fast wrong robot is no use). With --workers-sweep it runs the robot and
its floor once per worker count, each on a fresh load, and prints one line per count. With
--bundle it uses a bundle `fake-systems generate` wrote before (left as it is: each run loads
it afresh) instead of generating one, so that two robots can be measured on the same bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from fake_systems.bundle.load import load_bundle
from fake_systems.scenarios import generate
from robot.config import Settings
from tests.benchmarks import robot_report as report
from tests.benchmarks.browser_floor import Floor, run_floor
from tests.benchmarks.http_bound import HttpBound, run_http_bound
from tests.benchmarks.robot_requests import InvoicePlan, plan_invoices
from tests.benchmarks.robot_run import RobotRun, run_robot
from tests.e2e.robot.conftest import robot_env
from tests.e2e.robot.test_run_end_to_end import differences
from tests.support.stand_ins import run_cli, serving

AS_OF = date(2026, 11, 23)


def _serve_pid(data_dir: Path) -> int:
    out = subprocess.run(
        ["pgrep", "-f", f"serve --data-dir {data_dir}"], capture_output=True, text=True, check=False
    )
    return int(out.stdout.split()[0])


def _fresh(bundle: Path, folder: Path) -> Path:
    """A new folder with the bundle freshly loaded into both stand-ins' databases."""
    load_bundle(bundle, folder / "data")
    return folder / "data"


def _differences(bundle: Path, data_dir: Path) -> int:
    export_path = data_dir.parent / "export.json"
    run_cli("fake-systems", "export", "--data-dir", str(data_dir), "--out", str(export_path))
    export = json.loads(export_path.read_text())
    return len(differences(export, json.loads((bundle / "expected.json").read_text())))


def _measure_robot(bundle: Path, folder: Path, *, workers: int, every: int) -> tuple[RobotRun, int]:
    data_dir = _fresh(bundle, folder)
    with serving(data_dir) as stand_ins:
        env = robot_env(stand_ins, bundle, folder)
        print(f"robot run, {workers} workers ...", flush=True)
        run = run_robot(
            env,
            bundle / "psp_mapping.xlsx",
            folder,
            workers=workers,
            stand_ins_pid=_serve_pid(data_dir),
            every=every,
        )
        return run, _differences(bundle, data_dir)


def _measure_references(
    bundle: Path, folder: Path, *, workers: int, http: bool
) -> tuple[list[InvoicePlan], Floor, HttpBound | None]:
    data_dir = _fresh(bundle, folder)
    plans = plan_invoices(bundle, data_dir)
    with serving(data_dir) as stand_ins:
        env = robot_env(stand_ins, bundle, folder)
        # The robot's one user in all three systems (robot_env gives it to each).
        login = {"username": env["ROBOT_ERP_USER"], "password": env["ROBOT_ERP_PASSWORD"]}
        print(f"browser floor, {workers} workers ...", flush=True)
        floor = run_floor(stand_ins, plans, workers=workers, **login)
        bound = None
        if http:  # after the floor, which only reads: the plain-HTTP writes find a fresh load
            print("plain-HTTP bound ...", flush=True)
            bound = run_http_bound(stand_ins, plans, **login)
    return plans, floor, bound


def _one_run(args: argparse.Namespace, bundle: Path, root: Path) -> int:
    workers = args.workers or int(
        os.environ.get("ROBOT_WORKERS", Settings.model_fields["workers"].default)
    )
    run, wrong = _measure_robot(bundle, root / "robot", workers=workers, every=args.memory_every)
    references = None
    if not args.no_references:
        references = _measure_references(bundle, root / "references", workers=workers, http=True)
    print(
        f"\nRobot benchmark: {_source(args)}, {len(run.invoices):,} in the inbox; {workers} workers;"
        f" {report.CPUS} CPUs"
    )
    report.print_throughput(run)
    if references is not None:
        plans, floor, bound = references
        assert bound is not None
        report.print_screens(run, plans)
        report.print_references(run, floor, bound)
    report.print_cpu(run)
    report.print_memory(run)
    print(f"\noutcome equals ground truth: {'yes' if not wrong else f'NO, {wrong} differ'}")
    return wrong


def _sweep(args: argparse.Namespace, bundle: Path, root: Path) -> int:
    rows = []
    for workers in args.workers_sweep:
        run, wrong = _measure_robot(
            bundle, root / f"robot-{workers}", workers=workers, every=args.memory_every
        )
        _, floor, _ = _measure_references(
            bundle, root / f"floor-{workers}", workers=workers, http=False
        )
        rows.append((run, floor, wrong))
    print(f"\nRobot benchmark: {_source(args)}")
    report.print_sweep(rows)
    wrong_total = sum(wrong for _, _, wrong in rows)
    print(f"\noutcome equals ground truth in every run: {'yes' if not wrong_total else 'NO'}")
    return wrong_total


def _source(args: argparse.Namespace) -> str:
    if args.bundle is not None:
        return f"given bundle {args.bundle}"
    return f"{args.invoices:,} invoices generated (seed {args.seed})"


def _bundle(args: argparse.Namespace, root: Path) -> Path:
    """The given bundle, or one generated into the run's temporary folder."""
    if args.bundle is not None:
        if not (args.bundle / "expected.json").is_file():
            raise SystemExit(
                f"bench_robot: {args.bundle} holds no generated bundle (expected.json)"
            )
        print(f"given bundle {args.bundle} (--invoices and --seed not used)", flush=True)
        return Path(args.bundle)
    bundle = root / "bundle"
    print(f"generating {args.invoices:,} invoices ...", flush=True)
    generate(bundle, invoices=args.invoices, seed=args.seed, as_of=AS_OF)
    return bundle


def _counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of worker counts: {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("worker counts are 1 or more")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="default: the robot's own")
    parser.add_argument(
        "--memory-every", type=int, default=1000, help="invoices per memory checkpoint"
    )
    parser.add_argument("--workers-sweep", type=_counts, help="e.g. 1,2,3,4")
    parser.add_argument(
        "--no-references",
        action="store_true",
        help="skip the browser floor and plain-HTTP bound (for long memory runs)",
    )
    parser.add_argument(
        "--bundle",
        type=Path,
        help="a bundle folder written by `fake-systems generate`, used instead of generating one",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-robot-") as tmp:
        root = Path(tmp)
        bundle = _bundle(args, root)
        wrong = _sweep(args, bundle, root) if args.workers_sweep else _one_run(args, bundle, root)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
