"""The success-rate figures over the journal's history, as pandas group-bys (no Excel here).

Dry runs are left out. Per run, every outcome of the run counts. Everywhere else each invoice
counts once, by the robot's first verdict on it (paid, manual handling, or posted with the
payment left to a person), or as left after system faults while it never got one; an invoice a
person sent back and the robot then paid still counts as manual: a person had to act.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from robot.journal.model import Outcome, OutcomeKind, Route, RunRecord

COUNTED = ("paid", "manual", "needs_person", "failed")  # what a real run does to an invoice
ROUTE_ORDER = (*(route.value for route in Route), "")
_FAILED = OutcomeKind.FAILED.value
_MANUAL = OutcomeKind.MANUAL.value


def _local_zone() -> Any:
    try:
        return ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:  # no time zone data on the machine: show UTC
        return UTC


@dataclass(frozen=True)
class Facts:
    real_runs: int
    dry_runs: int  # left out
    first_run: datetime | None
    last_run: datetime | None
    invoices: int
    paid: int
    came_back: int  # invoices a person sent back to the robot
    came_back_paid: int  # of which the robot paid on a later run
    deductions: int = 0  # rent taken off benefit payouts: one per rent invoice paid

    @property
    def share(self) -> float | None:
        return self.paid / self.invoices if self.invoices else None


@dataclass(frozen=True)
class Figures:
    """Each table a DataFrame whose counts are COUNTED, `invoices` and `share` (paid share)."""

    facts: Facts
    runs: pd.DataFrame  # run_id, started, run_month, counts, came_back
    months: pd.DataFrame  # billed_month, run_month, counts ("" billed month: no period)
    routes: pd.DataFrame  # route ("" when the invoice was left before a way was chosen)
    route_months: pd.DataFrame  # billed_month, then the share per route and in all
    codes: pd.DataFrame  # code, invoices, share of manual, then invoices per route
    codes_by_month: pd.DataFrame  # billed_month, then invoices per code
    suppliers: pd.DataFrame  # supplier_cvr, supplier_name, counts, top_code
    repeated_faults: pd.DataFrame  # erp_id, invoice_key, supplier_name, runs, first, last,
    # last_error, settled (the outcome that ended it, "" while it is still left)


def compute(runs: Sequence[RunRecord], outcomes: Iterable[Outcome]) -> Figures:
    real = _runs_frame([r for r in runs if not r.dry_run])
    rows = _outcomes_frame(outcomes, real)
    verdicts = _verdicts(rows)
    manual = verdicts[verdicts.outcome == _MANUAL]
    return Figures(
        facts=_facts(real, rows, verdicts, dry_runs=sum(r.dry_run for r in runs)),
        runs=_per_run(real, rows),
        months=_sorted_months(tally(verdicts, ["billed_month", "run_month"])),
        routes=_sorted_routes(tally(verdicts, ["route"])),
        route_months=_route_months(verdicts),
        codes=_codes(manual),
        codes_by_month=_codes_by_month(manual),
        suppliers=_suppliers(rows, verdicts, manual),
        repeated_faults=_repeated_faults(rows),
    )


def tally(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Invoices per outcome for each group, their sum and the share paid."""
    if frame.empty:
        return pd.DataFrame(columns=[*by, *COUNTED, "invoices", "share"])
    counts = frame.groupby([*by, "outcome"]).size().unstack("outcome", fill_value=0)
    counts = counts.reindex(columns=list(COUNTED), fill_value=0)
    counts["invoices"] = counts[list(COUNTED)].sum(axis=1)
    counts["share"] = counts["paid"] / counts["invoices"]
    return counts.reset_index()


def _runs_frame(runs: Sequence[RunRecord]) -> pd.DataFrame:
    zone = _local_zone()
    started = [
        datetime.fromisoformat(r.started_at.replace("Z", "+00:00"))
        .astimezone(zone)
        .replace(tzinfo=None)
        for r in runs
    ]
    return pd.DataFrame(
        {
            "run_id": pd.Series([r.run_id for r in runs], dtype=object),
            "started": pd.Series(started, dtype=object),
            "run_month": pd.Series([s.strftime("%Y-%m") for s in started], dtype=object),
        }
    )


_TEXTS = ("route", "code", "supplier_cvr", "supplier_name", "invoice_key", "error")


def _outcomes_frame(outcomes: Iterable[Outcome], real: pd.DataFrame) -> pd.DataFrame:
    """The outcomes of real runs that count, texts never missing ("" instead)."""
    records = [
        {
            "id": o.number,
            "run_id": o.run_id,
            "erp_id": o.erp_id,
            "outcome": o.outcome.value,
            "came_back": int(o.came_back),
            "billed_month": o.period_start.isoformat()[:7] if o.period_start else "",
            "route": o.route.value if o.route else "",
            "code": o.code.value if o.code else "",
            "supplier_cvr": o.supplier_cvr,
            "supplier_name": o.supplier_name,
            "invoice_key": o.invoice_key,
            "error": o.error,
        }
        for o in outcomes
    ]
    columns = ["id", "run_id", "erp_id", "outcome", "came_back", "billed_month", *_TEXTS]
    frame = pd.DataFrame.from_records(records, columns=columns).astype(
        {"id": "int64", "came_back": "int64", **dict.fromkeys(columns[2:], object)}
    )
    frame = frame[frame.run_id.isin(real.run_id) & frame.outcome.isin(COUNTED)]
    return frame.merge(real, on="run_id", how="left").sort_values("id", kind="stable")


def _verdicts(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per invoice: its first verdict, or its last fault while it never got one."""
    firsts = rows[rows.outcome != _FAILED].drop_duplicates("erp_id", keep="first")
    pending = rows[~rows.erp_id.isin(firsts.erp_id)].drop_duplicates("erp_id", keep="last")
    return pd.concat([firsts, pending]).sort_values("id", kind="stable")


def _facts(
    real: pd.DataFrame, rows: pd.DataFrame, verdicts: pd.DataFrame, *, dry_runs: int
) -> Facts:
    back = rows[rows.came_back == 1].drop_duplicates("erp_id", keep="last")
    return Facts(
        real_runs=len(real),
        dry_runs=dry_runs,
        first_run=real.started.min() if len(real) else None,
        last_run=real.started.max() if len(real) else None,
        invoices=len(verdicts),
        paid=int((verdicts.outcome == OutcomeKind.PAID.value).sum()),
        came_back=len(back),
        came_back_paid=int((back.outcome == OutcomeKind.PAID.value).sum()),
        deductions=int(
            ((rows.outcome == OutcomeKind.PAID.value) & (rows.route == Route.RENT.value)).sum()
        ),
    )


def _per_run(real: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    counts = tally(rows, ["run_id"]).drop(columns="share")
    back = rows.groupby("run_id").came_back.sum().rename("came_back").reset_index()
    frame = real.merge(counts, on="run_id", how="left").merge(back, on="run_id", how="left")
    numbers = [*COUNTED, "invoices", "came_back"]
    frame[numbers] = frame[numbers].fillna(0).astype("int64")
    frame["share"] = (frame["paid"] / frame["invoices"]).where(frame["invoices"] > 0)
    return frame.sort_values("started", kind="stable").reset_index(drop=True)


def _sorted_months(frame: pd.DataFrame) -> pd.DataFrame:
    """By billed month, invoices without a period last."""
    key = frame.billed_month.map(lambda m: m or "9999")
    frame = frame.assign(_k=key).sort_values(["_k", "run_month"]).drop(columns="_k")
    return frame.reset_index(drop=True)


def _sorted_routes(frame: pd.DataFrame) -> pd.DataFrame:
    order = {route: i for i, route in enumerate(ROUTE_ORDER)}
    key = frame.route.map(lambda r: order.get(r, len(order)))
    return frame.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def _route_months(verdicts: pd.DataFrame) -> pd.DataFrame:
    dated = verdicts[verdicts.billed_month != ""]
    # An invoice left before a way of paying was chosen counts in all, not as a way of its own.
    per_route = tally(dated[dated.route != ""], ["billed_month", "route"])
    shares = per_route.pivot(index="billed_month", columns="route", values="share")
    routes = [r for r in ROUTE_ORDER if r in shares.columns]
    total = tally(dated, ["billed_month"]).set_index("billed_month")["share"].rename("all")
    return shares.reindex(columns=routes).join(total, how="outer").sort_index().reset_index()


def _codes(manual: pd.DataFrame) -> pd.DataFrame:
    if manual.empty:
        return pd.DataFrame(columns=["code", "invoices", "share"])
    per_route = manual.groupby(["code", "route"]).size().unstack("route", fill_value=0)
    per_route = per_route.reindex(columns=[r for r in ROUTE_ORDER if r in per_route.columns])
    counts = manual.groupby("code").size().rename("invoices")
    frame = pd.concat([counts, (counts / len(manual)).rename("share"), per_route], axis=1)
    frame = frame.reset_index(names="code")
    return frame.sort_values(["invoices", "code"], ascending=[False, True]).reset_index(drop=True)


def _codes_by_month(manual: pd.DataFrame) -> pd.DataFrame:
    if manual.empty:
        return pd.DataFrame(columns=["billed_month"])
    table = manual.groupby(["billed_month", "code"]).size().unstack("code", fill_value=0)
    order = table.sum().sort_values(ascending=False, kind="stable").index
    frame = table[order].reset_index()
    key = frame.billed_month.map(lambda m: m or "9999")
    return frame.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def _suppliers(rows: pd.DataFrame, verdicts: pd.DataFrame, manual: pd.DataFrame) -> pd.DataFrame:
    named = rows[rows.supplier_name != ""]
    names = dict(named.groupby("supplier_cvr").supplier_name.last())
    frame = tally(verdicts, ["supplier_cvr"])
    frame.insert(1, "supplier_name", frame.supplier_cvr.map(lambda cvr: names.get(cvr, "")))
    top = dict(manual.groupby("supplier_cvr").code.agg(_most_common))
    frame["top_code"] = frame.supplier_cvr.map(lambda cvr: top.get(cvr, ""))
    return frame.sort_values(
        ["manual", "invoices", "supplier_cvr"], ascending=[False, False, True]
    ).reset_index(drop=True)


def _most_common(codes: pd.Series) -> str:
    counts = codes.value_counts()
    return str(min(counts.index, key=lambda c: (-counts[c], c)))


def _repeated_faults(rows: pd.DataFrame) -> pd.DataFrame:
    failed = rows[rows.outcome == _FAILED]
    spans = failed.groupby("erp_id").agg(
        runs=("run_id", "nunique"), first=("started", "min"), last=("started", "max")
    )
    spans = spans[spans.runs > 1]
    last_fault = failed.drop_duplicates("erp_id", keep="last").set_index("erp_id")
    latest = rows.drop_duplicates("erp_id", keep="last").set_index("erp_id").outcome
    frame = spans.join(last_fault[["invoice_key", "supplier_name", "error"]]).reset_index()
    frame["settled"] = frame.erp_id.map(latest).map(lambda o: "" if o == _FAILED else o)
    frame = frame.rename(columns={"error": "last_error"})
    return frame.sort_values(["runs", "erp_id"], ascending=[False, True]).reset_index(drop=True)
