"""Reading the ERP's history as `robot suggest-plans` and `robot backtest` do: a generated bundle
(2,000 invoices: about 17,000 postings in the year before its run date) loaded and served, the
robot's headless browser logging in and reading a year of posted invoices and the PSP list
(target: under a minute), then the proposals and the backtest's months decided from what it read.

Run: .venv/bin/python -m tests.benchmarks.bench_history [--invoices N] [--seed S] [--months M]
A script, not a test: it prints the figures and exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also runnable as a file path

from robot.config import Settings
from robot.erp.history_read import read_erp_history
from robot.learning.backtest import backtest
from robot.learning.proposals import review_pairs
from robot.learning.window import window
from robot.mapping.reader import read_mapping
from tests.support.stand_ins import run_cli, serving

TARGET_S = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundle, data = Path(tmp) / "bundle", Path(tmp) / "data"
        for command in (
            ("generate", "--out", str(bundle), "--invoices", str(args.invoices)),
            ("load", str(bundle), "--data-dir", str(data)),
        ):
            result = run_cli(
                "fake-systems", *command, *(("--seed", str(args.seed)) * (command[0] == "generate"))
            )
            if result.returncode not in (0, 1):
                print(result.stderr, file=sys.stderr)
                return 2
        users = json.loads((bundle / "users.json").read_text())
        robot = next(u for u in users if u["role"] == "robot")
        today = date.fromisoformat(
            json.loads((bundle / "expected.json").read_text())["settings"]["today"]
        )
        with serving(data) as stand_ins:
            settings = Settings(
                erp_url=stand_ins.erp_url,
                erp_user=robot["username"],
                erp_password=robot["password"],
                today=today,
            )
            since, until = window(today, args.months)
            history = asyncio.run(read_erp_history(settings, since=since, until=until))
        book = read_mapping(bundle / "psp_mapping.xlsx").book
        started = time.perf_counter()
        review = review_pairs(history.bills, today=today, open_psp=history.open_psp, book=book)
        proposing = time.perf_counter() - started
        started = time.perf_counter()
        months = backtest(
            history.bills, today=today, months=3, open_psp=history.open_psp, book=book
        )
        replaying = time.perf_counter() - started
    print(f"postings read: {len(history.bills)} over {args.months} months")
    print(f"PSP elements read: {len(history.psp_elements)}")
    print(
        f"reading through the ERP's screens: {history.seconds:.1f} s (target under {TARGET_S:.0f} s)"
    )
    print(f"pairs looked at: {review.pairs}, proposed: {len(review.proposals)} ({proposing:.2f} s)")
    print(f"backtest of {len(months)} months from what was read: {replaying:.1f} s")
    return 0 if history.seconds < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
