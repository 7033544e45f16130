"""Reading the ERP's history as `robot suggest-plans` and `robot backtest` do: a generated bundle
(2,000 invoices: about 17,000 postings in the year before its run date) loaded and served, the
robot's headless browser logging in and reading the PSP list and a year of posted invoices
(suggest-plans), then the 15 months `backtest --months 3` reads (target: each under a minute);
then the proposals and the backtest's months decided from what was read.

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
from robot.learning.backtest import backtest, reading_window
from robot.learning.proposals import review_pairs
from robot.learning.window import months_back
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
        generate = ("generate", "--out", str(bundle), "--invoices", str(args.invoices))
        for command in (
            (*generate, "--seed", str(args.seed)),
            ("load", str(bundle), "--data-dir", str(data)),
        ):
            result = run_cli("fake-systems", *command)
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
            since, until = months_back(today, args.months), today  # as suggest-plans reads
            history = asyncio.run(read_erp_history(settings, since=since, until=until))
            first, last = reading_window(today, 3)  # as backtest --months 3 reads
            replay_history = asyncio.run(read_erp_history(settings, since=first, until=last))
        book = read_mapping(bundle / "psp_mapping.xlsx").book
        started = time.perf_counter()
        review = review_pairs(history.bills, today=today, open_psp=history.open_psp, book=book)
        proposing = time.perf_counter() - started
        started = time.perf_counter()
        months = backtest(
            replay_history.bills,
            today=today,
            months=3,
            open_psp=replay_history.open_psp,
            book=book,
        )
        replaying = time.perf_counter() - started
    print(f"suggest-plans: {len(history.bills)} postings over {args.months} months and")
    print(f"  {len(history.psp_elements)} PSP elements read through the ERP's screens in")
    print(f"  {history.seconds:.1f} s (target under {TARGET_S:.0f} s)")
    print(
        f"  pairs looked at: {review.pairs}, proposed: {len(review.proposals)} ({proposing:.2f} s)"
    )
    print(f"backtest --months 3: {len(replay_history.bills)} postings over 15 months read in")
    print(f"  {replay_history.seconds:.1f} s; {len(months)} months replayed in {replaying:.1f} s")
    slowest = max(history.seconds, replay_history.seconds)
    return 0 if slowest < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
