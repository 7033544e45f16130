"""The stand-ins at full size: generating and loading a bundle of 100,000 invoices (load target:
under 2 minutes), then the median and p95 response time of every page and action the robot uses,
with both stand-ins served for real (target: every median under 50 ms); then the caseworkers'
manual queue (about 40,000 invoices, earliest due date first) and journal again once every
invoice is settled as the bundle's ground truth says. The posted list is timed as the robot reads
a year of history (20,000 postings from 2,500 invoices up; contract section 12): a page of 500
rows, first and last (target: median under 500 ms, so a year reads in well under a minute).

Run: .venv/bin/python -m tests.benchmarks.bench_load [--invoices N] [--seed S] [--keep DIR]
A script, not a test: it prints the figures and exits 1 when a target is missed. Times are taken
by an httpx client over loopback, so they include the client's own work and the connection: an
upper bound of the server's time. An action (POST) is timed up to its 303 answer; the page it
leads to is timed on its own row. Replaces bench_stand_in_pages.py (synthetic rows, TestClient).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # also runnable as a file path

from fake_systems.bundle.load import LoadReport, load_bundle
from fake_systems.scenarios import generate
from fake_systems.web.pagination import PAGE_SIZE
from tests.benchmarks.http_timing import Browser, Call, Timing
from tests.benchmarks.stand_in_workload import (
    Settled,
    Workload,
    choose_workload,
    settle_remaining,
)
from tests.support.stand_ins import serving

PAGE_TARGET_MS = 50.0
LOAD_TARGET_S = 120.0
AS_OF = date(2026, 11, 23)
YEAR_START = date(2025, 11, 24)  # a year of history before AS_OF, both days included
HISTORY_PAGE = 500  # rows a page when the robot reads a year of history
HISTORY_TARGET_MS = 500.0  # 20,000 postings in 40 pages: a year in well under a minute
T = TypeVar("T")
Section = tuple[str, list[Timing]]  # a heading and its rows


def _timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    print(f"{label} ...", flush=True)
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _robot_login(bundle: Path) -> tuple[str, str]:
    users = json.loads((bundle / "users.json").read_text(encoding="utf-8"))
    robot = next(u for u in users if u["role"] == "robot")
    return robot["username"], robot["password"]


def _history_timings(erp: Browser, work: Workload) -> list[Timing]:
    """The posted list as the robot reads a year of history (contract section 12), 500 rows a
    page, and as its payment-plan check reads one supplier and receiver."""
    year = f"fra={YEAR_START.isoformat()}&til={AS_OF.isoformat()}&antal={HISTORY_PAGE}"
    last = -(-work.history_year // HISTORY_PAGE)
    repeat = len(work.pages)
    plan_check = [Call(f"/posted?cvr={cvr}&ean={ean}") for cvr, ean in work.pairs]
    return [
        erp.time(f"ERP posted, a year, {HISTORY_PAGE}/page: 1", [Call(f"/posted?{year}")] * repeat),
        erp.time(
            f"ERP posted, a year, {HISTORY_PAGE}/page: {last}",
            [Call(f"/posted?{year}&page={last}")] * repeat,
        ),
        erp.time("ERP posted ?cvr&ean (plan check)", plan_check),
    ]


def _erp_timings(erp: Browser, work: Workload) -> list[Timing]:
    last_page = -(-work.invoices // PAGE_SIZE)
    repeat = len(work.pages)
    timings = [
        erp.time("ERP inbox page 1", [Call("/inbox?page=1")] * repeat),
        erp.time(f"ERP inbox page {last_page} (last)", [Call(f"/inbox?page={last_page}")] * repeat),
        erp.time("ERP invoice page", [Call(f"/invoices/{i}") for i in work.pages]),
        erp.time(
            "ERP inbox search by number", [Call(f"/inbox?number={quote(n)}") for n in work.numbers]
        ),
    ]
    post = [Call(f"/invoices/{p.erp_id}/post", p.posting_form()) for p in work.paid]
    manual_note = {"note": "[AMOUNT_MISMATCH] Benchmark: sendt til manuel behandling."}
    manual = [Call(f"/invoices/{i}/manual", manual_note) for i in work.manual]
    timings += [
        erp.time("ERP post invoice (POST)", post, status=303),
        erp.time("ERP send to manual (POST)", manual, status=303),
        erp.time("ERP manual queue (after the writes)", [Call("/manual")] * repeat),
        erp.time("ERP journal (after the writes)", [Call("/journal")] * repeat),
    ]
    return timings


def _case_timings(case: Browser, work: Workload) -> list[Timing]:
    payments = [Call(f"/grants/{p.grant_id}/payments", p.payment_form()) for p in work.paid]
    return [
        case.time("case citizen search", [Call(f"/search?cpr={c}") for c in work.cprs], status=303),
        case.time("case citizen page", [Call(f"/citizens/{c}") for c in work.cprs]),
        case.time("case grant page", [Call(f"/grants/{g}") for g in work.grants]),
        case.time("case register payment (POST)", payments, status=303),
    ]


def _settled_timings(erp: Browser, work: Workload, settled: Settled) -> list[Timing]:
    """The queue people work (earliest due date first), its filters, the journal and its search,
    the PSP list. Every queued invoice went there just now: ?age=7 finds none, after reading
    the whole queue's index (its worst case)."""
    repeat = len(work.pages)
    last_manual = -(-settled.queued // PAGE_SIZE)
    last_journal = -(-settled.posting_lines // PAGE_SIZE)

    def row(name: str, path: str) -> Timing:
        return erp.time(name, [Call(path)] * repeat)

    return [
        row("ERP manual queue page 1", "/manual"),
        row(f"ERP manual queue page {last_manual // 2}", f"/manual?page={last_manual // 2}"),
        row(f"ERP manual queue page {last_manual}", f"/manual?page={last_manual}"),
        row(f"ERP manual queue ?code={settled.top_code}", f"/manual?code={settled.top_code}"),
        row("ERP manual queue ?assignee=ingen", "/manual?assignee=ingen"),
        row("ERP manual queue ?age=7", "/manual?age=7"),
        row("ERP journal page 1", "/journal"),
        row(f"ERP journal page {last_journal}", f"/journal?page={last_journal}"),
        row("ERP journal ?user=robot page 2", "/journal?user=robot&page=2"),
        row("ERP PSP elements", "/psp-elements"),
        erp.time("ERP invoice page", [Call(f"/invoices/{i}") for i in work.pages]),
    ]


def _measure(bundle: Path, data_dir: Path, work: Workload) -> list[Section]:
    username, password = _robot_login(bundle)
    with serving(data_dir) as stand_ins:
        erp = Browser(stand_ins.erp_url, username=username, password=password)
        case = Browser(stand_ins.case_url, username=username, password=password)
        try:
            during = _erp_timings(erp, work) + _case_timings(case, work)
            history = _history_timings(erp, work)
            settled = settle_remaining(bundle, data_dir)
            after = _settled_timings(erp, work, settled)
        finally:
            erp.close()
            case.close()
    return [
        (f"With all {work.invoices:,} invoices in the inbox", during),
        (
            f"The posted list over {work.history_year:,} postings in the year (target: a page"
            f" of {HISTORY_PAGE} under {HISTORY_TARGET_MS:.0f} ms, a year in a few seconds)",
            history,
        ),
        (
            f"After every invoice is settled as expected.json says ({settled.queued:,} in manual"
            f" handling, {settled.posting_lines:,} posting lines)",
            after,
        ),
    ]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "SLOW"


def _report(report: LoadReport, generate_s: float, load_s: float, sections: list[Section]) -> bool:
    loaded = len(report.invoices) - len(report.refused)
    load_ok = load_s < LOAD_TARGET_S
    print(f"\ngenerate: {generate_s:7.1f} s")
    print(f"load:     {load_s:7.1f} s   target < {LOAD_TARGET_S:.0f} s   {_verdict(load_ok)}")
    print(
        f"  {loaded:,} documents loaded, {len(report.refused):,} refused; {report.citizens:,}"
        f" citizens, {report.grants:,} grants, {report.payments:,} payments"
    )
    all_ok = load_ok
    for heading, timings in sections:
        samples = len(timings[0].samples_ms)
        print(f"\n{heading}; {samples} timed requests each:")
        print(f"  {'page / action':40s} {'median ms':>9s} {'p95 ms':>8s}  target")
        for t in timings:
            target = (
                HISTORY_TARGET_MS if t.name.startswith("ERP posted, a year") else PAGE_TARGET_MS
            )
            ok = t.median < target
            all_ok &= ok
            print(f"  {t.name:40s} {t.median:9.1f} {t.p95:8.1f}  < {target:.0f} ms  {_verdict(ok)}")
    return all_ok


def _run(root: Path, *, invoices: int, seed: int, repeat: int) -> bool:
    bundle, data_dir = root / "bundle", root / "data"
    summary, generate_s = _timed(
        f"generating {invoices:,} invoices",
        lambda: generate(bundle, invoices=invoices, seed=seed, as_of=AS_OF),
    )
    print(summary.lines()[0])
    report, load_s = _timed("loading", lambda: load_bundle(bundle, data_dir))
    since = YEAR_START.isoformat()
    work = choose_workload(
        bundle, data_dir, count=repeat + 1, seed=seed, since=since
    )  # +1: warm-up
    if min(len(work.paid), len(work.manual)) <= repeat:
        raise SystemExit(f"the bundle has too few paid or manual invoices for {repeat} writes")
    print("timing the stand-ins' pages ...", flush=True)
    return _report(report, generate_s, load_s, _measure(bundle, data_dir, work))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per row (>= 30)")
    parser.add_argument("--keep", type=Path, help="write the bundle and data here and keep them")
    args = parser.parse_args()
    if args.repeat < 30:
        parser.error("--repeat must be at least 30 (a p95 needs them)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        ok = _run(args.keep, invoices=args.invoices, seed=args.seed, repeat=args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            ok = _run(Path(tmp), invoices=args.invoices, seed=args.seed, repeat=args.repeat)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
