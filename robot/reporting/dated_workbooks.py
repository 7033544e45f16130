"""The dated workbooks commands write into the runs folder by default (`robot report`,
`robot suggest-plans`, `robot backtest`), which `robot purge` deletes with the run folders once
they are older than the retention: their names, and the folder made owner-only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

SUCCESS_RATE = "success-rate-"
PLAN_PROPOSALS = "plan-proposals-"
BACKTEST = "backtest-"
PREFIXES = (SUCCESS_RATE, PLAN_PROPOSALS, BACKTEST)


def dated_workbook(runs_dir: Path, prefix: str) -> Path:
    """Today's workbook of this kind in the runs folder: ``<prefix>YYYYMMDD.xlsx``."""
    return runs_dir / f"{prefix}{datetime.now(UTC):%Y%m%d}.xlsx"


def prepared_out(path: Path) -> Path:
    """The folder made (owner-only when new): the workbooks may name sole traders."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
