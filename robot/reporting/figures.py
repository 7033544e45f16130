"""The success-rate figures computed from the journal's history (no Excel here)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

COUNTED = ("paid", "manual", "failed")  # outcomes of a real run; dry runs are left out


@dataclass
class Tally:
    """Counts of one run or one month."""

    label: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def invoices(self) -> int:
        return sum(self.counts[k] for k in COUNTED)

    @property
    def paid_share(self) -> float:
        return self.counts["paid"] / self.invoices if self.invoices else 0.0


@dataclass
class Figures:
    runs: list[Tally]
    months: list[Tally]
    codes_by_month: dict[str, Counter[str]]
    top_codes: list[tuple[str, int]]
    top_suppliers: list[tuple[str, int, str]]  # cvr, manual invoices, most common code
    repeated_faults: list[tuple[str, str, int, str]]  # erp id, key, runs, last error


def compute(runs: Sequence[Mapping[str, Any]], outcomes: Iterable[Mapping[str, Any]]) -> Figures:
    real_runs = {r["run_id"]: r for r in runs if not r["dry_run"]}
    per_run = {run_id: Tally(label=run_id) for run_id in real_runs}
    per_month: dict[str, Tally] = {}
    codes_by_month: dict[str, Counter[str]] = defaultdict(Counter)
    codes: Counter[str] = Counter()
    suppliers: dict[str, Counter[str]] = defaultdict(Counter)
    faults: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for o in outcomes:
        if o["run_id"] not in real_runs or o["outcome"] not in COUNTED:
            continue
        month = str(real_runs[o["run_id"]]["started_at"])[:7]
        per_run[o["run_id"]].counts[o["outcome"]] += 1
        per_month.setdefault(month, Tally(label=month)).counts[o["outcome"]] += 1
        if o["outcome"] == "manual" and o["code"]:
            codes_by_month[month][o["code"]] += 1
            codes[o["code"]] += 1
            suppliers[o["supplier_cvr"] or "(no CVR)"][o["code"]] += 1
        if o["outcome"] == "failed":
            faults[o["erp_id"]].append(o)
    return Figures(
        runs=[per_run[r] for r in real_runs],
        months=[per_month[m] for m in sorted(per_month)],
        codes_by_month=dict(sorted(codes_by_month.items())),
        top_codes=codes.most_common(),
        top_suppliers=sorted(
            ((cvr, sum(c.values()), c.most_common(1)[0][0]) for cvr, c in suppliers.items()),
            key=lambda t: -t[1],
        )[:20],
        repeated_faults=[
            (erp_id, rows[-1]["invoice_key"], len({r["run_id"] for r in rows}), rows[-1]["error"])
            for erp_id, rows in faults.items()
            if len({r["run_id"] for r in rows}) > 1
        ],
    )
