"""The metrics file's text: Prometheus's format with the names contract section 13 gives, each
run's counts by outcome and way of paying, and nothing written for what is not known."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from robot.domain.codes import Code
from robot.domain.routes import Route
from robot.journal.model import OutcomeKind, Tally
from robot.reporting.metrics import RunFigures, counts_by_outcome_and_route, metrics_text


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def figures(**overrides: object) -> RunFigures:
    values: dict[str, object] = {
        "run_id": "20261123T020000Z-ab12",
        "started": 1_795_000_000.0,
        "duration_s": 95.5,
        "in_progress": True,
        "invoices": {("paid", "grant"): 30, ("manual", "plan"): 5, ("failed", "none"): 2},
        "needs_person": 1,
        "invoices_left": 12,
        "last_finished": 1_794_900_000.0,
        "last_exit_code": 0,
    }
    return RunFigures(**{**values, **overrides})  # type: ignore[arg-type]


def test_the_run_so_far_is_written_under_the_contracts_names() -> None:
    found = samples(metrics_text(figures()))
    assert found[("bill_robot_run_invoices", (("outcome", "paid"), ("route", "grant")))] == 30
    assert found[("bill_robot_run_invoices", (("outcome", "manual"), ("route", "plan")))] == 5
    assert found[("bill_robot_run_invoices", (("outcome", "failed"), ("route", "none")))] == 2
    assert found[("bill_robot_run_duration_seconds", ())] == 95.5
    assert found[("bill_robot_last_run_finished_timestamp_seconds", ())] == 1_794_900_000.0
    assert found[("bill_robot_needs_person", ())] == 1
    assert found[("bill_robot_invoices_left", ())] == 12
    assert found[("bill_robot_run_in_progress", ())] == 1
    assert found[("bill_robot_last_run_exit_code", ())] == 0
    assert found[("bill_robot_run_started_timestamp_seconds", ())] == 1_795_000_000.0


def test_what_is_not_known_is_left_out_rather_than_written_as_zero() -> None:
    text = metrics_text(
        figures(needs_person=None, invoices_left=None, last_finished=None, last_exit_code=None)
    )
    names = {name for name, _ in samples(text)}
    assert "bill_robot_needs_person" not in names
    assert "bill_robot_invoices_left" not in names
    assert "bill_robot_last_run_finished_timestamp_seconds" not in names
    assert "bill_robot_run_invoices" in names


def test_the_counts_add_up_codes_within_an_outcome_and_way_of_paying() -> None:
    tally = [
        Tally(OutcomeKind.MANUAL, Route.GRANT, Code.AMOUNT_MISMATCH, 3),
        Tally(OutcomeKind.MANUAL, Route.GRANT, Code.NO_GRANT, 2),
        Tally(OutcomeKind.MANUAL, Route.PLAN, Code.PLAN_ALREADY_PAID, 1),
        Tally(OutcomeKind.FAILED, None, None, 4),
    ]
    assert counts_by_outcome_and_route(tally) == {
        ("manual", "grant"): 5,
        ("manual", "plan"): 1,
        ("failed", "none"): 4,
    }
