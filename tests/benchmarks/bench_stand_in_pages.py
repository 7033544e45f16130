"""Median time of each ERP page the robot uses, with 100,000 invoices loaded (target < 50 ms).

Run: .venv/bin/python -m tests.benchmarks.bench_stand_in_pages [--invoices N]
Times are measured through FastAPI's TestClient, so they include the client: an upper bound.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from fake_systems.db import ERP_DB
from fake_systems.erp.app import create_app
from tests.support.stand_in_builders import (
    PASSWORD,
    add_invoice,
    csrf_token,
    database,
    make_line,
    seed_erp,
)

TARGET_MS = 50.0


def _seed(data_dir: Path, invoices: int) -> None:
    rnd = random.Random(1)
    seed_erp(data_dir)
    with database(data_dir, ERP_DB) as conn:
        conn.execute("BEGIN")
        for n in range(invoices):
            lines = [make_line() for _ in range(1 if rnd.random() < 0.8 else 3)]
            status = rnd.choice(["unposted", "unposted", "posted", "manual"])
            add_invoice(
                conn,
                lines=lines,
                status=status,
                voucher=f"BIL-{n:07d}" if status == "posted" else None,
                supplier_cvr=str(rnd.randrange(10_000_000, 99_999_999)),
                invoice_number=f"INV-{n}",
                issue_date=f"2026-{rnd.randrange(1, 12):02d}-{rnd.randrange(1, 28):02d}",
            )
        conn.execute("COMMIT")


def _median_ms(client: TestClient, path: str, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        _seed(data_dir, args.invoices)
        client = TestClient(create_app(data_dir))
        token = csrf_token(client.get("/login").text)
        client.post("/login", data={"username": "robot", "password": PASSWORD, "csrf_token": token})
        last = f"/invoices/ERP-{args.invoices:06d}"
        paths = ["/inbox", "/inbox?page=500", "/inbox?number=INV-77", last, "/manual", "/journal"]
        slow = 0
        for path in paths:
            median = _median_ms(client, path)
            slow += median > TARGET_MS
            print(f"{path:32s} median {median:6.1f} ms")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
