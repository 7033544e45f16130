"""The stand-ins' data at rest: a private folder and files, and a load that either replaces all
three databases or leaves the previous ones untouched."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fake_systems.bundle.export import export_outcome
from fake_systems.bundle.load import load_bundle
from fake_systems.bundle.models import BundleError
from fake_systems.db import BENEFITS_DB, CASE_DB, ERP_DB, connect, pair_problem
from tests.e2e.robot.test_contract_documents import contract_bundle
from tests.support.stand_ins import run_cli, serving


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def lax_umask() -> Iterator[None]:
    """A umask that would make files readable by everyone: the modes must not depend on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return contract_bundle(tmp_path / "bundle")


def edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def counts(data_dir: Path) -> tuple[int, int]:
    erp, case = connect(data_dir / ERP_DB), connect(data_dir / CASE_DB)
    try:
        invoices = erp.execute("SELECT COUNT(*) FROM invoices").fetchone()[0]
        grants = case.execute("SELECT COUNT(*) FROM grants").fetchone()[0]
    finally:
        erp.close()
        case.close()
    return int(invoices), int(grants)


def test_load_makes_the_data_folder_and_every_database_file_owner_only(
    bundle: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    conn = connect(data_dir / ERP_DB)  # WAL: creates the -wal and -shm files
    try:
        conn.execute("INSERT INTO audit (at, action) VALUES ('x', 'y')")
        side_files = [Path(f"{data_dir / ERP_DB}{suffix}") for suffix in ("-wal", "-shm")]
        assert all(f.exists() for f in side_files)
        assert mode(data_dir) == 0o700
        assert {f.name: mode(f) for f in data_dir.iterdir()} == {
            f.name: 0o600
            for f in (data_dir / ERP_DB, data_dir / CASE_DB, data_dir / BENEFITS_DB, *side_files)
        }
    finally:
        conn.close()


def test_nothing_is_left_beside_the_data_folder_after_a_load(bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "place").mkdir()
    load_bundle(bundle, tmp_path / "place" / "data")
    assert sorted(p.name for p in (tmp_path / "place").iterdir()) == ["data"]


@pytest.mark.parametrize(
    ("file", "change", "reason"),
    [
        (
            "case_system.json",
            lambda d: d["grants"].append({**d["grants"][0], "cpr": "0202020202"}),
            "case_system.json",
        ),
        ("erp.json", lambda d: d["psp_elements"].append(d["psp_elements"][0]), "erp.json"),
        ("users.json", lambda d: d.append(d[0]), "inconsistent"),
    ],
    ids=["grant-for-an-unknown-citizen", "psp-element-twice", "user-twice"],
)
def test_a_load_failing_half_way_leaves_the_previous_databases_untouched(
    bundle: Path, tmp_path: Path, file: str, change: Any, reason: str
) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    before = counts(data_dir)
    edit(bundle / file, change)
    with pytest.raises(BundleError, match=reason):
        load_bundle(bundle, data_dir)
    assert counts(data_dir) == before
    assert pair_problem(data_dir) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "data"]


def test_a_load_that_dies_between_the_two_renames_is_refused_by_serve_and_export(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    renames: list[str] = []
    replace = os.replace

    def die_after_the_first(source: Path, target: Path) -> None:
        if renames:
            raise SystemExit("killed")
        renames.append(str(target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", die_after_the_first)  # os.replace in db.py too
    with pytest.raises(SystemExit):
        load_bundle(bundle, data_dir)
    monkeypatch.undo()
    assert len(renames) == 1
    problem = pair_problem(data_dir)
    assert problem is not None and "two different loads" in problem
    for command in (
        ("serve", "--data-dir", str(data_dir)),
        ("export", "--data-dir", str(data_dir), "--out", str(tmp_path / "x.json")),
    ):
        result = run_cli("fake-systems", *command)
        assert (result.returncode, "fake-systems load` again" in result.stderr) == (2, True)
    load_bundle(bundle, data_dir)
    assert pair_problem(data_dir) is None
    assert export_outcome(data_dir, tmp_path / "x.json")["invoices"] == 11


def test_serve_makes_databases_from_before_owner_only(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    load_bundle(bundle, data_dir)
    for name in (ERP_DB, CASE_DB):
        (data_dir / name).chmod(0o644)
    with serving(data_dir, log=tmp_path / "serve.log"):
        files = [p for p in data_dir.iterdir()]
        assert {p.name for p in files} >= {ERP_DB, CASE_DB, f"{ERP_DB}-wal", f"{CASE_DB}-shm"}
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
