"""The robot benchmark's printed report: throughput, screens per invoice, the two references,
CPU, memory; and the workers sweep's table."""

from __future__ import annotations

import os
import statistics
from collections import Counter
from typing import Any

from tests.benchmarks.browser_floor import Floor
from tests.benchmarks.http_bound import HttpBound
from tests.benchmarks.robot_requests import InvoicePlan
from tests.benchmarks.robot_run import RobotRun

MB = 1024 * 1024
MEMORY_TARGET_MB = 1500
GROWTH_TARGET = 1.10
DISTURBED = 0.05  # of the machine used by other processes during a run: its figures are off
CPUS = os.cpu_count() or 1


def per_minute(count: int, seconds: float) -> float:
    return count / seconds * 60 if seconds else 0.0


def print_throughput(run: RobotRun) -> None:
    n = len(run.invoices)
    print(
        f"\nThroughput, end to end (process start to exit, {run.seconds:.1f} s):"
        f" {per_minute(n, run.seconds):.0f} invoices/min"
    )
    print(
        f"  in the invoice loop (after login and inbox, {run.loop_seconds:.1f} s):"
        f" {per_minute(n, run.loop_seconds):.0f} invoices/min"
    )
    for outcome, count in sorted(Counter(e["outcome"] for e in run.invoices).items()):
        seconds = statistics.mean(e["seconds"] for e in run.invoices if e["outcome"] == outcome)
        print(
            f"  {outcome:<8} {count:>6,} invoices: {per_minute(count, run.seconds):5.0f}/min of the"
            f" run; {seconds:.2f} s of a worker's time each ({60 / seconds:.0f}/min per worker)"
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _shapes(lines: list[dict[str, Any]]) -> str:
    shapes = Counter((e["page_loads"], e["form_submissions"]) for e in lines).most_common()
    text = "; ".join(
        f"{_plural(loads, 'page load')}, {_plural(subs, 'form submission')} ({count:,}x)"
        for (loads, subs), count in shapes[:3]
    )
    rest = sum(count for _, count in shapes[3:])
    return text + (f"; other counts ({rest:,}x)" if rest else "")


def _group(line: dict[str, Any], plan: InvoicePlan) -> str:
    """The kind of invoice by the robot's outcome and way to pay; grants by their lines."""
    if line["outcome"] != "paid":
        return "manual (noted)"
    route = line.get("route") or plan.route
    if route == "grant":
        return f"paid grant, {'one line' if plan.lines == 1 else 'more lines'}"
    return f"paid {route}"


def print_screens(run: RobotRun, plans: list[InvoicePlan]) -> None:
    by_id = {p.erp_id: p for p in plans}
    lines = [e for e in run.invoices if e["erp_id"] in by_id]
    print("\nScreens per invoice (the robot's own counters, on each invoice's outcome line):")
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in lines:
        groups.setdefault(_group(e, by_id[e["erp_id"]]), []).append(e)
    for name, group in sorted(groups.items()):
        print(f"  {name:<24} {_shapes(group)}")
    n = len(run.invoices)
    loads = sum(e["page_loads"] for e in run.invoices)
    subs = sum(e["form_submissions"] for e in run.invoices)
    print(
        f"  {'every invoice':<24} {loads / n:.2f} page loads, {subs / n:.2f} form submissions on"
        " average;"
        f" besides, for the run: {run.finished['page_loads'] - loads} loads,"
        f" {run.finished['form_submissions'] - subs} submissions (logins, inbox pages)"
    )
    planned = [by_id[e["erp_id"]] for e in lines]
    print(
        f"  {'the request model':<24} {sum(p.page_loads for p in planned) / n:.2f} page loads,"
        f" {sum(p.form_submissions for p in planned) / n:.2f} form submissions on average"
    )
    differ = [
        e
        for e in lines
        if (e["page_loads"], e["form_submissions"])
        != (by_id[e["erp_id"]].page_loads, by_id[e["erp_id"]].form_submissions)
    ]
    same = len(lines) - len(differ)
    print(f"  the references' request model has the same counts for {same:,} of {n:,} invoices")
    for e in differ[:5]:
        plan = by_id[e["erp_id"]]
        print(
            f"    {e['erp_id']} ({_group(e, plan)}): robot {e['page_loads']} + "
            f"{e['form_submissions']}, model {plan.page_loads} + {plan.form_submissions}"
        )


def print_references(run: RobotRun, floor: Floor, http: HttpBound) -> None:
    robot = per_minute(len(run.invoices), run.loop_seconds)
    print("\nReferences, on a fresh load of the same bundle:")
    print(
        f"  plain HTTP, one httpx client per system, no browser: {http.requests:,} requests in"
        f" {http.seconds:.1f} s: {http.per_minute:,.0f} invoices/min"
    )
    if http.unexpected:
        for what, count in http.unexpected.most_common():
            print(f"    unexpected answer: {what} ({count:,}x)")
    print(
        f"  browser floor, {floor.workers} workers, page loads only: {floor.page_loads:,} loads in"
        f" {floor.seconds:.1f} s: {floor.per_minute:,.0f} invoices/min"
    )
    print(
        f"  the robot (in its loop, {robot:.0f}/min) runs at {robot / floor.per_minute:.0%} of the"
        f" browser floor and {robot / http.per_minute:.0%} of the plain-HTTP bound"
    )


def _tree_cpu(run: RobotRun) -> float:
    return sum(run.cpu.get(kind, 0.0) for kind in ("robot", "driver", "browser"))


def others_share(run: RobotRun) -> float:
    """The share of the machine that processes other than ours used during the robot's run."""
    ours = _tree_cpu(run) + run.stand_ins_cpu + run.cpu.get("benchmark", 0.0)
    return max(run.machine_busy - ours, 0.0) / (CPUS * run.seconds)


def print_cpu(run: RobotRun) -> None:
    n = len(run.invoices)
    cpu = run.cpu
    rows = [(kind, cpu.get(kind, 0.0)) for kind in ("robot", "driver", "browser")]
    rows += [("together", _tree_cpu(run)), ("stand-ins", run.stand_ins_cpu)]
    print("\nCPU, sampled from /proc (seconds, and per invoice):")
    for kind, seconds in rows:
        print(f"  {kind:<10} {seconds:7.1f} s {seconds / n * 1000:6.0f} ms/invoice")
    ours = rows[3][1] + run.stand_ins_cpu
    own = cpu.get("benchmark", 0.0)
    available = CPUS * run.seconds
    print(
        f"  the machine: {run.machine_busy:.1f} CPU-s busy of {available:.0f} ({CPUS} CPUs x"
        f" {run.seconds:.0f} s, {run.machine_busy / available:.0%}): robot and stand-ins"
        f" {ours:.1f} s, this benchmark's sampling {own:.1f} s, anything else"
        f" {max(run.machine_busy - ours - own, 0.0):.1f} s"
    )
    if others_share(run) > DISTURBED:
        print(
            f"  DISTURBED: other processes used {others_share(run):.0%} of the machine; run again"
        )


def _mb(figures: dict[str, int]) -> str:
    return "".join(f"{figures.get(k, 0) / MB:>10,.0f}" for k in ("robot", "browser", "together"))


def print_memory(run: RobotRun) -> None:
    watch = run.memory
    print("\nMemory, MB (RSS summed over processes counts shared pages in each; PSS does not):")
    print(f"  {'':<22}{'robot':>10}{'browser':>10}{'together':>10}   (browser: with its driver)")
    print(f"  {'peak RSS':<22}{_mb(watch.peak)}")
    print(f"  {'peak PSS':<22}{_mb(watch.peak_pss)}")
    for point in watch.checkpoints:
        print(f"  {f'RSS after {point.invoices:,}':<22}{_mb(point.rss)}   PSS{_mb(point.pss)}")
    for name, peak in (("RSS", watch.peak), ("PSS", watch.peak_pss)):
        ok = peak.get("together", 0) / MB < MEMORY_TARGET_MB
        print(f"  peak {name} together < {MEMORY_TARGET_MB:,} MB: {'ok' if ok else 'MISSED'}")
    if len(watch.checkpoints) < 2:
        print(f"  growth: needs two checkpoints ({2 * watch.every:,} invoices or more)")
        return
    first, last = watch.checkpoints[0], watch.checkpoints[-1]
    ratios = {k: last.rss[k] / first.rss[k] for k in ("robot", "browser", "together")}
    verdict = "ok" if ratios["together"] <= GROWTH_TARGET else "GROWS"
    print(
        f"  RSS after {last.invoices:,} / after {first.invoices:,}: "
        + ", ".join(f"{k} {r:.2f}" for k, r in ratios.items())
        + f"   target together <= {GROWTH_TARGET:.2f}: {verdict}"
    )
    pss = {k: last.pss[k] / first.pss[k] for k in ("robot", "browser", "together")}
    print(
        f"  PSS after {last.invoices:,} / after {first.invoices:,}: "
        + ", ".join(f"{k} {r:.2f}" for k, r in pss.items())
    )


def print_sweep(rows: list[tuple[RobotRun, Floor, int]]) -> None:
    print(f"\nWorkers sweep ({CPUS} CPUs), fresh load of the same bundle for each run:")
    print(
        f"  {'workers':>7} {'robot/min':>10} {'loop/min':>9} {'floor/min':>10} {'share':>6}"
        f" {'CPU ms/inv':>10} {'machine':>8} {'others':>7}  outcome"
    )
    for run, floor, wrong in rows:
        n = len(run.invoices)
        loop = per_minute(n, run.loop_seconds)
        print(
            f"  {run.workers:>7} {per_minute(n, run.seconds):>10.0f} {loop:>9.0f}"
            f" {floor.per_minute:>10.0f} {loop / floor.per_minute:>6.0%}"
            f" {_tree_cpu(run) / n * 1000:>10.0f} {run.machine_busy / (CPUS * run.seconds):>8.0%}"
            f" {others_share(run):>7.0%}  {f'{wrong} DIFFER' if wrong else 'as expected'}"
        )
    print(
        "  robot/min: end to end; loop/min: after login and inbox; share: loop/min of floor/min;"
        " machine: all CPUs busy; others: the part not ours"
    )
