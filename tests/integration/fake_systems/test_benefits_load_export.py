"""`fake-systems load`, `serve` and `export` with the benefits system (contract section 11): its
data loaded from benefits.json with the users, atomically with the other two databases, and
every deduction exported; an older data folder without it still served."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from fake_systems.benefits.app import create_app as create_benefits_app
from fake_systems.bundle.export import export_outcome
from fake_systems.bundle.load import load_bundle
from fake_systems.bundle.models import BundleError
from fake_systems.db import (
    BENEFITS_DB,
    CASE_DB,
    ERP_DB,
    add_benefits_database,
    connect,
    load_stamp,
    pair_problem,
)
from tests.e2e.robot.test_contract_documents import contract_bundle
from tests.integration.fake_systems.conftest import log_in
from tests.support.stand_in_builders import csrf_token
from tests.support.stand_ins import run_cli, serving

USERS = [
    {"username": "robot", "password": "robot-pw-1", "role": "robot"},
    {"username": "sagsbehandler", "password": "sagsbehandler-pw-1", "role": "caseworker"},
]
BENEFITS = {
    "citizens": [{"cpr": "010190-1234", "name": "Anna Andersen"}],
    "agreements": [
        {
            "agreement_id": "HA-3001",
            "cpr": "0101901234",
            "landlord_cvr": "29403473",
            "landlord_name": "Boligselskabet Fjordbo",
            "address": "Fjordvej 3, 2. th",
            "rent": "5200.00",
            "valid_from": "2026-01-01",
            "valid_to": None,
        }
    ],
    "payouts": [
        {
            "payout_id": "U-6901",
            "cpr": "0101901234",
            "month": "2026-11",
            "benefit": "kontanthjælp",
            "amount": "12450.00",
            "status": "udbetalt",
        },
        {
            "payout_id": "U-7001",
            "cpr": "0101901234",
            "month": "2026-12",
            "benefit": "kontanthjælp",
            "amount": "12450",
            "status": "planlagt",
        },
    ],
    "deductions": [
        {
            "payout_id": "U-6901",
            "agreement_id": "HA-3001",
            "month": "2026-11",
            "amount": "5200.00",
            "invoice_ref": "F-1001",
        }
    ],
}
LOADED = {
    "payout_id": "U-6901",
    "agreement_id": "HA-3001",
    "month": "2026-11",
    "amount": "5200.00",
    "invoice_ref": "F-1001",
    "registered_by": "import",
}


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = contract_bundle(tmp_path / "bundle")
    (folder / "benefits.json").write_text(json.dumps(BENEFITS), encoding="utf-8")
    (folder / "users.json").write_text(json.dumps(USERS), encoding="utf-8")
    return folder


def exported(data_dir: Path, out: Path) -> dict[str, Any]:
    export_outcome(data_dir, out)
    return dict(json.loads(out.read_text(encoding="utf-8")))


def count(data_dir: Path, name: str, table: str) -> int:
    conn = connect(data_dir / name)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_load_then_export_gives_back_the_deductions_loaded_and_registered(
    bundle: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    report = load_bundle(bundle, data_dir)
    assert report.benefits is not None and len(report.benefits.payouts) == 2
    assert exported(data_dir, tmp_path / "a.json")["deductions"] == [LOADED]
    robot = log_in(create_benefits_app(data_dir), "robot", "robot-pw-1")
    form = {"agreement_id": "HA-3001", "month": "2026-12", "amount": "5200", "invoice_ref": "F-2"}
    assert robot.post("/payouts/U-7001/deductions", form).status_code == 303
    assert exported(data_dir, tmp_path / "b.json")["deductions"] == [
        LOADED,
        LOADED
        | {
            "payout_id": "U-7001",
            "month": "2026-12",
            "invoice_ref": "F-2",
            "registered_by": "robot",
        },
    ]


def test_the_bundles_users_log_in_to_all_three_systems(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    for name in (ERP_DB, CASE_DB, BENEFITS_DB):
        conn = connect(data_dir / name)
        try:
            names = [row[0] for row in conn.execute("SELECT username FROM users ORDER BY id")]
        finally:
            conn.close()
        assert names == ["robot", "sagsbehandler"], name


def test_the_loaded_amounts_are_shown_as_the_bundle_gives_them(
    bundle: Path, tmp_path: Path
) -> None:
    load_bundle(bundle, tmp_path / "data")
    robot = log_in(create_benefits_app(tmp_path / "data"), "robot", "robot-pw-1")
    page = robot.get("/citizens/0101901234").text
    assert 'data-testid="payout-left" data-value="12450.00"' in page
    assert 'data-testid="payout-left" data-value="7250.00"' in page


def test_a_bundle_without_benefits_json_gives_an_empty_benefits_system_with_the_users(
    bundle: Path, tmp_path: Path
) -> None:
    (bundle / "benefits.json").unlink()
    data_dir = tmp_path / "data"
    assert load_bundle(bundle, data_dir).benefits is None
    assert count(data_dir, BENEFITS_DB, "citizens") == 0
    assert count(data_dir, BENEFITS_DB, "users") == 2
    assert exported(data_dir, tmp_path / "x.json")["deductions"] == []
    assert pair_problem(data_dir) is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda d: d["deductions"].append(d["deductions"][0] | {"invoice_ref": "F-9"}),
            "UNIQUE constraint failed",
        ),
        (
            lambda d: d["deductions"].append(
                d["deductions"][0] | {"payout_id": "U-1", "month": "2026-10"}
            ),
            "FOREIGN KEY constraint failed",
        ),
        (lambda d: d["payouts"].append(d["payouts"][0] | {"payout_id": "U-2", "cpr": "1"}), "FO"),
        (lambda d: d["payouts"][0].update(month="2026-13"), "payouts/0/month"),
        (lambda d: d["agreements"][0].update(landlord_cvr="2940"), "agreements/0/landlord_cvr"),
    ],
    ids=["month-twice", "unknown-payout", "unknown-citizen", "bad-month", "short-cvr"],
)
def test_a_bad_benefits_json_is_named_and_leaves_all_three_databases_as_they_were(
    bundle: Path, tmp_path: Path, change: Callable[[dict[str, Any]], None], reason: str
) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    stamps = {name: load_stamp(data_dir / name) for name in (ERP_DB, CASE_DB, BENEFITS_DB)}
    data = json.loads((bundle / "benefits.json").read_text(encoding="utf-8"))
    change(data)
    (bundle / "benefits.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BundleError, match=reason) as error:
        load_bundle(bundle, data_dir)
    assert str(error.value).startswith("benefits.json: ")
    assert {name: load_stamp(data_dir / name) for name in stamps} == stamps
    assert count(data_dir, BENEFITS_DB, "deductions") == 1
    assert pair_problem(data_dir) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "data"]


@pytest.mark.parametrize("renames_done", [1, 2])
def test_a_load_dying_between_any_two_of_the_three_renames_is_refused_until_loaded_again(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renames_done: int
) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    renames: list[str] = []
    replace = os.replace

    def die_part_way(source: Path, target: Path) -> None:
        if len(renames) == renames_done:
            raise SystemExit("killed")
        renames.append(Path(target).name)
        replace(source, target)

    monkeypatch.setattr(os, "replace", die_part_way)
    with pytest.raises(SystemExit):
        load_bundle(bundle, data_dir)
    monkeypatch.undo()
    problem = pair_problem(data_dir)
    assert problem is not None and "two different loads" in problem
    load_bundle(bundle, data_dir)
    assert pair_problem(data_dir) is None


def test_a_folder_loaded_before_the_benefits_system_is_served_with_an_empty_one(
    bundle: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    (data_dir / BENEFITS_DB).unlink()
    assert pair_problem(data_dir) is None
    assert exported(data_dir, tmp_path / "x.json")["deductions"] == []
    with (
        serving(data_dir, log=tmp_path / "serve.log") as stand_ins,
        httpx.Client(base_url=stand_ins.benefits_url) as client,
    ):
        page = client.get("/login")
        login = {"username": "robot", "password": "robot-pw-1", "csrf_token": csrf_token(page.text)}
        answer = client.post("/login", data=login)
        found = client.get("/search", params={"cpr": "0101901234"})
    assert answer.status_code == 303
    assert found.status_code == 404 and 'data-testid="not-found"' in found.text
    assert load_stamp(data_dir / BENEFITS_DB) == load_stamp(data_dir / CASE_DB)
    assert "loaded before the benefits system existed" in (tmp_path / "serve.log").read_text()
    assert add_benefits_database(data_dir) is False  # made once, kept


def test_cli_load_and_export_name_the_benefits_system(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    loaded = run_cli("fake-systems", "load", str(bundle), "--data-dir", str(data_dir))
    assert "Benefits system: 1 citizens, 1 rent agreements, 2 payouts, 1 deductions" in (
        loaded.stdout
    )
    out = tmp_path / "out.json"
    result = run_cli("fake-systems", "export", "--data-dir", str(data_dir), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 rent deductions" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["deductions"] == [LOADED]
