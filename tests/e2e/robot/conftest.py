"""Fixtures for the robot end to end: a generated bundle loaded into both stand-ins, served on
free ports, and a function that runs `robot run` against them as a scheduler would."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from fake_systems.scenarios.generate import CASES, ONE_OF_EACH, PAIRS
from tests.support.stand_ins import StandIns, free_port, run_cli, serving

# One of each of the generator's kinds of case: every code and every way of paying.
BUNDLE_INVOICES = ONE_OF_EACH
SEED = 11

# For a run the test kills, crashes or serves with faults: the invoices it held or left after
# a fault are free for the next run within seconds, not the default minute each (the lease is
# renewed every third of it while the run lives).
QUICK_RECOVERY = {"ROBOT_LEASE_S": "5", "ROBOT_FAILED_RETRY_S": "3"}


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "bundle"
    result = run_cli(
        "fake-systems",
        "generate",
        "--out",
        str(out),
        "--invoices",
        str(BUNDLE_INVOICES),
        "--seed",
        str(SEED),
    )
    assert result.returncode == 0, result.stderr
    return out


def robot_env(stand_ins: StandIns, bundle: Path, work: Path) -> dict[str, str]:
    users = json.loads((bundle / "users.json").read_text())
    robot = next(u for u in users if u["role"] == "robot")
    settings = json.loads((bundle / "expected.json").read_text())["settings"]
    return {
        "ROBOT_ERP_URL": stand_ins.erp_url,
        "ROBOT_CASE_URL": stand_ins.case_url,
        "ROBOT_ERP_USER": robot["username"],
        "ROBOT_ERP_PASSWORD": robot["password"],
        "ROBOT_CASE_USER": robot["username"],
        "ROBOT_CASE_PASSWORD": robot["password"],
        "ROBOT_BENEFITS_URL": stand_ins.benefits_url,
        "ROBOT_BENEFITS_USER": robot["username"],
        "ROBOT_BENEFITS_PASSWORD": robot["password"],
        "ROBOT_TODAY": settings["today"],
        "ROBOT_SAMPLE_RATE": str(settings["sample_rate"]),
        "ROBOT_APPROVAL_LIMIT": str(settings["approval_limit"]),
        "ROBOT_AMOUNT_TOLERANCE": str(settings["amount_tolerance"]),
        "ROBOT_JOURNAL_DIR": str(work / "journal"),
        "ROBOT_RUNS_DIR": str(work / "runs"),
    }


class Scenario:
    """A loaded bundle, served, with helpers to run the robot and export the outcome."""

    def __init__(self, bundle: Path, work: Path, stand_ins: StandIns) -> None:
        self.bundle = bundle
        self.work = work
        self.stand_ins = stand_ins
        self.env = robot_env(stand_ins, bundle, work)

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run_cli(
            "robot",
            "run",
            "--mapping",
            str(self.bundle / "psp_mapping.xlsx"),
            *args,
            env={**self.env, **(env or {})},
            cwd=self.work,
        )

    def export(self) -> dict[str, Any]:
        out = self.work / f"export-{len(list(self.work.glob('export-*.json')))}.json"
        result = run_cli(
            "fake-systems", "export", "--data-dir", str(self.stand_ins.data_dir), "--out", str(out)
        )
        assert result.returncode == 0, result.stderr
        return dict(json.loads(out.read_text()))

    def expected(self) -> dict[str, Any]:
        return dict(json.loads((self.bundle / "expected.json").read_text()))


def load(bundle: Path, data_dir: Path) -> None:
    result = run_cli("fake-systems", "load", str(bundle), "--data-dir", str(data_dir))
    assert result.returncode in (0, 1), result.stderr


@contextmanager
def served(bundle: Path, work: Path) -> Iterator[Scenario]:
    """The bundle loaded into fresh stand-ins under `work`, served until the block ends."""
    data_dir = work / "data"
    load(bundle, data_dir)
    with serving(data_dir) as stand_ins:
        yield Scenario(bundle, work, stand_ins)


@pytest.fixture
def scenario(bundle: Path, tmp_path: Path) -> Iterator[Scenario]:
    with served(bundle, tmp_path) as scenario:
        yield scenario


@pytest.fixture
def make_scenario(tmp_path: Path) -> Iterator[Callable[..., Scenario]]:
    """A scenario over any bundle folder, e.g. one built from the real samples."""
    stack: list[Any] = []

    def make(bundle: Path, *, serve_args: tuple[str, ...] = ()) -> Scenario:
        data_dir = tmp_path / f"data-{len(stack)}"
        load(bundle, data_dir)
        context = serving(data_dir, extra=serve_args)
        stand_ins = context.__enter__()
        stack.append(context)
        return Scenario(bundle, tmp_path, stand_ins)

    yield make
    for context in reversed(stack):
        context.__exit__(None, None, None)


def copy_bundle(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def _invoices_through(kind: str) -> int:
    """How many of a bundle's first invoices it takes to reach the kind of case named."""
    count = 0
    for builder, _ in CASES:
        count += 2 if builder in PAIRS else 1
        if builder.__name__ == kind:
            return count
    raise ValueError(kind)


# The generator's first kinds of case through a new rate to add and send back: every way to pay
# and re-sent pairs are among them.
SMALL_BUNDLE_INVOICES = _invoices_through("new_rate_not_on_grant")


@pytest.fixture(scope="session")
def small_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's first invoices, one of each of its first kinds of case (grants, plans,
    certificates, rent, re-sent pairs, a new rate to add and send back):
    quick to run, for the fault scenarios."""
    out = tmp_path_factory.mktemp("small") / "bundle"
    result = run_cli(
        "fake-systems",
        "generate",
        "--out",
        str(out),
        "--invoices",
        str(SMALL_BUNDLE_INVOICES),
        "--seed",
        "21",
    )
    assert result.returncode == 0, result.stderr
    return out


class Stage(Scenario):
    """A loaded bundle whose stand-ins can be started, stopped and restarted (with other fault
    flags) on the same ports, so one robot set-up meets them all."""

    def __init__(self, bundle: Path, work: Path) -> None:
        self.data_dir = work / "data"
        load(bundle, self.data_dir)
        self.ports = (free_port(), free_port(), free_port())
        urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        super().__init__(bundle, work, StandIns(urls[0], urls[1], self.data_dir, urls[2]))

    @contextmanager
    def serving(self, *extra: str) -> Iterator[StandIns]:
        with serving(self.data_dir, extra=extra, ports=self.ports) as stand_ins:
            yield stand_ins

    def clean_run(self) -> subprocess.CompletedProcess[str]:
        """One more run with nothing injected: what every fault scenario ends with."""
        with self.serving():
            result = self.run()
        assert result.returncode == 0, result.stderr
        return result


@pytest.fixture
def stage(small_bundle: Path, tmp_path: Path) -> Stage:
    return Stage(small_bundle, tmp_path)
