"""The monitoring the operations runbook sets up works with what the robot writes: the alert
rules parse, name only metrics the robot writes, fire on a missed run, on payments waiting for
a person and on a failed run, and stay quiet after a good night; the node exporter reads the
folder the metrics file is put in; `robot status`'s options are the program's."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from typing import Any

import yaml
from prometheus_client.parser import text_string_to_metric_families

from robot.cli import _parser
from robot.reporting.metrics import RunFigures, metrics_text
from tests.integration.test_runbooks import read, section

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC).timestamp()
HOUR = 3600.0


def rules() -> dict[str, str]:
    """alert name -> expression, from the runbook's rules file."""
    text = read("operations.md")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "groups:" in b]
    parsed = yaml.safe_load(block)
    return {r["alert"]: r["expr"] for g in parsed["groups"] for r in g["rules"]}


def written(**overrides: Any) -> dict[str, float]:
    """The metrics a run writes, as Prometheus would read them (label-less ones only)."""
    values: dict[str, Any] = {
        "run_id": "r1",
        "started": NOW - 7 * HOUR,
        "duration_s": 40 * 60.0,
        "in_progress": False,
        "invoices": {("paid", "grant"): 30},
        "needs_person": 0,
        "invoices_left": 0,
        "last_finished": NOW - 6 * HOUR,
        "last_exit_code": 0,
    }
    text = metrics_text(RunFigures(**{**values, **overrides}))
    return {
        s.name: s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if not s.labels
    }


def fires(expression: str, metrics: dict[str, float]) -> bool:
    """Whether an alert's expression has a result for a single machine's metrics: arithmetic
    and comparisons over label-less series, `time()` and `and` (as PromQL reads them there);
    anything else is refused, so a rule this cannot read fails the test."""
    python = expression.replace("time()", "now_")
    tree = ast.parse(python, mode="eval")
    allowed = (
        ast.Expression, ast.BinOp, ast.BoolOp, ast.Compare, ast.Name, ast.Constant, ast.Load,
        ast.Add, ast.Sub, ast.Mult, ast.Div, ast.And, ast.Gt, ast.GtE, ast.Lt, ast.LtE, ast.Eq,
        ast.NotEq,
    )  # fmt: skip
    assert all(isinstance(node, allowed) for node in ast.walk(tree)), expression
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} - {"now_"}
    if names - set(metrics):
        return False  # a series that is not there: no result
    scope = {**metrics, "now_": NOW}
    return bool(eval(compile(tree, "rule", "eval"), {"__builtins__": {}}, scope))


def test_every_rule_names_only_metrics_the_robot_writes() -> None:
    known = set(written(in_progress=True))
    for name, expression in rules().items():
        named = set(re.findall(r"\bbill_robot_\w+", expression))
        assert named and named <= known, name


def test_after_a_good_night_no_rule_fires() -> None:
    assert [name for name, e in rules().items() if fires(e, written())] == []


def test_a_missed_night_fires_the_missed_run_alert_only() -> None:
    late = written(last_finished=NOW - 27 * HOUR, started=NOW - 28 * HOUR)
    assert [name for name, e in rules().items() if fires(e, late)] == ["BillRobotMissedRun"]


def test_a_payment_for_a_person_fires_its_alert() -> None:
    waiting = written(needs_person=2)
    assert fires(rules()["BillRobotPaymentsWaitForAPerson"], waiting)


def test_a_run_that_needs_a_person_fires_but_faults_left_for_the_next_run_do_not() -> None:
    rule = rules()["BillRobotRunFailed"]
    # Every exit code a run that started can end with (3, the lock, refuses it before).
    codes = (0, 1, 2, 4, 5, 6, 70, 130)
    assert [c for c in codes if fires(rule, written(last_exit_code=c))] == [2, 4, 5, 6, 70]


def test_a_run_in_progress_for_hours_fires_while_a_normal_one_does_not() -> None:
    rule = rules()["BillRobotRunNotEnding"]
    assert not fires(rule, written(in_progress=True, started=NOW - HOUR))
    assert fires(rule, written(in_progress=True, started=NOW - 6 * HOUR))
    assert not fires(rule, written(in_progress=False, started=NOW - 6 * HOUR))


def test_the_node_exporter_reads_the_folder_the_metrics_file_is_put_in() -> None:
    text = section(read("operations.md"), "Watching the robot: robot status and metrics")
    folders = set(re.findall(r"--collector\.textfile\.directory=(\S+?)[\s\"']", text))
    [metrics_file] = re.findall(r"ROBOT_METRICS_FILE=(\S+?\.prom)\b", text)
    assert metrics_file.rsplit("/", 1)[0] in folders
    service = read("schedule/bill-robot.service")
    writable = re.search(r"^ReadWritePaths=(.*)$", service, re.MULTILINE)
    assert writable is not None
    assert f"-{metrics_file.rsplit('/', 1)[0]}" in writable.group(1).split()


def test_the_status_options_the_runbook_names_are_the_programs() -> None:
    text = section(read("operations.md"), "Watching the robot: robot status and metrics")
    named = set(re.findall(r"robot status((?: --[a-z-]+(?: \S+)?)+)", text))
    options = {o for found in named for o in re.findall(r"--[a-z-]+", found)}
    assert options == {"--expect-every", "--html", "--json"}
    parser = _parser()
    for option in options:
        parser.parse_args(["status", option, "26h"] if option != "--json" else ["status", option])
