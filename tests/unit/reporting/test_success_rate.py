"""`robot report`'s figures: dry runs left out, each invoice counted once by the robot's first
verdict, per run, billed month, way of paying, code and supplier, and repeated faults."""

from __future__ import annotations

from typing import Any

from robot.journal.model import Outcome, RunRecord
from robot.journal.sql import outcome_from_row
from robot.reporting.figures import Figures, compute


def make_run(run_id: str, started_at: str = "2026-11-23T02:00:00Z", **kw: Any) -> RunRecord:
    fields: dict[str, Any] = {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": None,
        "host": "robot-1",
        "dry_run": False,
        "mapping_file": "psp_mapping.xlsx",
        "mapping_sha256": "x",
        "exit_code": 0,
    }
    fields.update(kw)
    return RunRecord(**fields)


class History:
    """Outcomes as `journal.outcomes()` returns them, numbered in the order added."""

    def __init__(self) -> None:
        self.rows: list[Outcome] = []

    def add(self, run_id: str, erp_id: str, outcome: str, **kw: Any) -> None:
        row: dict[str, Any] = {
            "id": len(self.rows) + 1,
            "run_id": run_id,
            "at": "2026-11-23T02:01:00Z",
            "erp_id": erp_id,
            "invoice_key": f"12345674/{erp_id}",
            "supplier_cvr": "12345674",
            "supplier_name": "Bostedet Lindely ApS",
            "route": "grant",
            "outcome": outcome,
            "code": None,
            "refs": "",
            "psp": "",
            "amount": "100.00",
            "currency": "DKK",
            "doc_type": "invoice",
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "voucher": "",
            "came_back": 0,
            "note": "",
            "error": "",
        }
        row.update(kw)
        self.rows.append(outcome_from_row(row))


def figures(runs: list[RunRecord], history: History) -> Figures:
    return compute(runs, history.rows)


def test_dry_runs_are_left_out() -> None:
    history = History()
    history.add("r1", "E1", "paid")
    history.add("dry", "E2", "would_pay")
    history.add("dry", "E3", "would_note")
    result = figures([make_run("r1"), make_run("dry", dry_run=True)], history)
    assert list(result.runs.run_id) == ["r1"]
    assert result.facts.invoices == 1
    assert result.facts.dry_runs == 1


def test_share_paid_per_run_counts_everything_the_run_did() -> None:
    history = History()
    history.add("r1", "E1", "paid")
    history.add("r1", "E2", "manual", code="MISSING_CPR")
    history.add("r1", "E3", "failed", route=None, error="503")
    history.add("r1", "E4", "skipped", route=None)  # someone else handled it: not counted
    history.add("r2", "E3", "paid")
    runs = figures([make_run("r1"), make_run("r2", "2026-11-24T02:00:00Z")], history).runs
    assert list(runs.invoices) == [3, 1]
    assert [round(s, 4) for s in runs.share] == [0.3333, 1.0]


def test_a_run_with_an_empty_inbox_is_listed_without_a_share() -> None:
    result = figures([make_run("r1")], History())
    assert list(result.runs.invoices) == [0]
    assert result.runs.share.isna().all()
    assert result.facts.share is None


def test_each_invoice_counts_once_by_the_robots_first_verdict() -> None:
    history = History()
    history.add("r1", "E1", "failed", error="503")
    history.add("r2", "E1", "paid")  # a fault first, then paid: paid
    history.add("r1", "E2", "manual", code="AMOUNT_MISMATCH")
    history.add("r2", "E2", "paid", came_back=1)  # a person fixed it and sent it back: manual
    history.add("r1", "E3", "failed", error="503")  # never decided: left after faults
    result = figures([make_run("r1"), make_run("r2", "2026-11-24T02:00:00Z")], history)
    routes = result.routes.set_index("route")
    assert routes.loc["grant", ["paid", "manual", "failed", "invoices"]].tolist() == [1, 1, 1, 3]
    assert result.facts.came_back == 1
    assert result.facts.came_back_paid == 1


def test_billed_month_comes_from_the_period_with_the_run_month_beside_it() -> None:
    history = History()
    history.add("nov", "E1", "paid", period_start="2026-10-01")
    history.add("nov", "E2", "manual", code="NO_GRANT", period_start="2026-10-01")
    history.add("nov", "E3", "paid", period_start="2026-09-01")
    history.add("dec", "E4", "paid", period_start="2026-10-01")
    history.add("dec", "E5", "paid", route="plan", period_start=None)
    runs = [make_run("nov", "2026-11-23T02:00:00Z"), make_run("dec", "2026-12-01T02:00:00Z")]
    months = figures(runs, history).months
    table = [
        (m.billed_month, m.run_month, m.invoices, round(m.share, 2)) for m in months.itertuples()
    ]
    assert table == [
        ("2026-09", "2026-11", 1, 1.0),
        ("2026-10", "2026-11", 2, 0.5),
        ("2026-10", "2026-12", 1, 1.0),
        ("", "2026-12", 1, 1.0),  # a plan invoice without a period comes last
    ]


def test_the_run_month_is_the_danish_month_of_the_runs_start() -> None:
    history = History()
    history.add("r1", "E1", "paid")
    run = make_run("r1", "2026-11-30T23:30:00Z")  # 00:30 on 1 December in Copenhagen
    assert list(figures([run], history).runs.run_month) == ["2026-12"]


def test_success_rate_per_way_of_paying() -> None:
    history = History()
    history.add("r1", "E1", "paid")
    history.add("r1", "E2", "manual", code="AMOUNT_MISMATCH")
    history.add("r1", "E3", "paid", route="plan")
    history.add("r1", "E4", "manual", route="certificate", code="NO_ORDER")
    history.add("r1", "E5", "needs_person", route="certificate")
    history.add("r1", "E6", "failed", route=None)
    routes = figures([make_run("r1")], history).routes
    assert list(routes.route) == ["grant", "plan", "certificate", ""]
    assert [round(s, 2) for s in routes.share] == [0.5, 1.0, 0.0, 0.0]
    assert list(routes.needs_person) == [0, 0, 1, 0]


def test_codes_are_counted_with_their_share_of_manual_handling_per_way_of_paying() -> None:
    history = History()
    for i in range(3):
        history.add("r1", f"A{i}", "manual", code="AMOUNT_MISMATCH")
    history.add("r1", "P1", "manual", route="plan", code="PLAN_ALREADY_PAID")
    history.add("r1", "X1", "paid")
    codes = figures([make_run("r1")], history).codes
    assert list(codes.code) == ["AMOUNT_MISMATCH", "PLAN_ALREADY_PAID"]
    assert list(codes.share) == [0.75, 0.25]
    assert list(codes.grant) == [3, 0]
    assert list(codes.plan) == [0, 1]


def test_codes_by_billed_month() -> None:
    history = History()
    history.add("r1", "E1", "manual", code="NO_GRANT", period_start="2026-09-01")
    history.add("r1", "E2", "manual", code="NO_GRANT", period_start="2026-10-01")
    history.add("r1", "E3", "manual", code="AMOUNT_MISMATCH", period_start="2026-10-01")
    table = figures([make_run("r1")], history).codes_by_month
    assert table.to_dict("records") == [
        {"billed_month": "2026-09", "NO_GRANT": 1, "AMOUNT_MISMATCH": 0},
        {"billed_month": "2026-10", "NO_GRANT": 1, "AMOUNT_MISMATCH": 1},
    ]


def test_supplier_is_named_by_its_latest_name_even_after_old_names_were_purged() -> None:
    history = History()
    history.add("r1", "E1", "manual", code="NO_GRANT", supplier_name="")  # purged
    history.add("r1", "E2", "manual", code="NO_GRANT", supplier_name="Lindely ApS")
    history.add("r1", "E3", "paid", supplier_name="Bostedet Lindely ApS")
    history.add("r1", "E4", "paid", supplier_cvr="29403473", supplier_name="")
    suppliers = figures([make_run("r1")], history).suppliers
    assert suppliers[["supplier_cvr", "supplier_name", "manual", "top_code"]].values.tolist() == [
        ["12345674", "Bostedet Lindely ApS", 2, "NO_GRANT"],
        ["29403473", "", 0, ""],
    ]


def test_invoice_failing_in_two_runs_is_a_repeated_fault_showing_what_settled_it() -> None:
    history = History()
    history.add("r1", "E1", "failed", error="503")
    history.add("r2", "E1", "failed", error="ERP svarede 503")
    history.add("r3", "E1", "paid")
    history.add("r1", "E2", "failed", error="once")
    history.add("r2", "E3", "failed", error="a")
    history.add("r3", "E3", "failed", error="b")
    runs = [
        make_run("r1", "2026-11-21T02:00:00Z"),
        make_run("r2", "2026-11-22T02:00:00Z"),
        make_run("r3", "2026-11-23T02:00:00Z"),
    ]
    faults = figures(runs, history).repeated_faults
    assert faults[["erp_id", "runs", "last_error", "settled"]].values.tolist() == [
        ["E1", 2, "ERP svarede 503", "paid"],
        ["E3", 2, "b", ""],
    ]


def test_an_empty_journal_gives_empty_figures() -> None:
    result = figures([], History())
    assert result.facts.invoices == 0
    assert all(
        len(frame) == 0
        for frame in (result.runs, result.months, result.routes, result.codes, result.suppliers)
    )
