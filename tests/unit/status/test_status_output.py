"""What `robot status` prints: contract section 13's JSON keys, and plain English for an on-call
person; never a CPR number."""

from __future__ import annotations

import json
from dataclasses import replace

from robot.status.console import status_lines
from robot.status.facts import Facts
from robot.status.lock_probe import LockProbe
from robot.status.model import decide_status
from robot.status.shape import status_json
from tests.unit.status.builders import (
    LEASE_S,
    ago,
    iso_ago,
    make_facts,
    make_held,
    make_run,
    make_streak,
    make_task,
)

CPR = "070159-2124"


def busy_facts() -> Facts:
    running = make_run("r2", started_at=iso_ago(minutes=10), finished_at=None)
    held = [
        make_held("ERP-1", owner="robot1:1:aa", renewed=ago(seconds=5)),
        make_held("ERP-2", owner="robot1:2:bb", renewed=ago(seconds=LEASE_S * 3)),
    ]
    return make_facts(
        runs=[make_run("r1"), running],
        held=held,
        lock=LockProbe(held=True, pid=42),
        invoices_left=12,
        person_tasks=[make_task()],
        failing=[make_streak("ERP-5", runs=2, error=f"ERP said {CPR} is locked")],
    )


def test_the_json_has_the_contracts_keys_and_shapes() -> None:
    status = decide_status(busy_facts(), lease_s=LEASE_S)
    shown = json.loads(status_json(status))
    assert shown["healthy"] is False
    current = shown["current_run"]
    assert {"run_id", "started", "done", "left", "in_work"} <= set(current)
    assert (current["run_id"], current["done"], current["left"]) == ("r2", 0, 12)
    assert [(w["erp_id"], w["stale"]) for w in current["in_work"]] == [
        ("ERP-1", False),
        ("ERP-2", True),
    ]
    last = shown["last_run"]
    assert {"run_id", "started", "finished", "invoices", "outcomes", "codes"} <= set(last)
    assert (last["run_id"], last["invoices"]) == ("r1", 48)
    assert last["outcomes"] == {"paid": 43, "manual": 3, "failed": 2}
    assert last["codes"] == {"AMOUNT_MISMATCH": 3}
    kinds = [(n["kind"], n["erp_id"]) for n in shown["needs_person"]]
    assert kinds == [("register_payment", "ERP-000777"), ("repeated_failure", "ERP-5")]
    assert "B-1043" in shown["needs_person"][0]["what_to_do"]


def test_nothing_going_on_and_nothing_finished_is_null() -> None:
    facts = make_facts(runs=[], tallies={})
    shown = json.loads(status_json(decide_status(facts, lease_s=LEASE_S)))
    assert (shown["current_run"], shown["last_run"], shown["needs_person"]) == (None, None, [])
    assert shown["healthy"] is True


def test_the_console_says_what_goes_on_and_what_a_person_must_do() -> None:
    status = decide_status(busy_facts(), lease_s=LEASE_S)
    text = "\n".join(status_lines(status))
    assert "NEEDS ATTENTION" in text
    assert "Going on now: run r2 on robot1" in text
    assert "ERP-2" in text and "STALE" in text
    assert "robot journal handled ERP-000777" in text
    assert "register it in the case system" in text
    assert "failed in 2 run(s) in a row" in text


def test_all_well_is_said_in_words() -> None:
    text = "\n".join(status_lines(decide_status(make_facts(), lease_s=LEASE_S)))
    assert "ALL WELL" in text
    assert "No run going on now" in text


def test_no_cpr_number_is_printed_even_when_a_journal_text_holds_one() -> None:
    facts = busy_facts()
    task = make_task()
    task = replace(task, error=f"registration refused for {CPR}")
    facts = replace(facts, person_tasks=[task])
    status = decide_status(facts, lease_s=LEASE_S)
    for printed in (status_json(status), "\n".join(status_lines(status))):
        assert "070159" not in printed
        assert "cpr#" in printed
