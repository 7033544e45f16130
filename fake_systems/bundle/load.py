"""`fake-systems load`: replace the three stand-ins' data with a bundle's (contract sections 2
and 11)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from fake_systems.bundle.benefits_data import BenefitsData, load_benefits
from fake_systems.bundle.history_data import load_history
from fake_systems.bundle.models import (
    CaseSystemData,
    ErpData,
    User,
    read_json,
    read_users,
)
from fake_systems.db import (
    BENEFITS_DB,
    CASE_DB,
    ERP_DB,
    connect,
    create_database,
    install_databases,
    staging_folder,
)
from fake_systems.erp.importer import ImportResult, import_parsed, parse_files
from fake_systems.passwords import hash_password

T = TypeVar("T")

# Used when a bundle has no users.json; printed by the CLI so nobody has to guess.
DEFAULT_USERS = (
    User(username="robot", password="robot-demo-pw", role="robot"),  # noqa: S106
    User(username="sagsbehandler", password="sagsbehandler-demo-pw", role="caseworker"),  # noqa: S106
    User(username="okonomi", password="okonomi-demo-pw", role="finance"),  # noqa: S106
    User(username="admin", password="admin-demo-pw", role="admin"),  # noqa: S106
)


@dataclass
class LoadReport:
    invoices: list[ImportResult] = field(default_factory=list)
    citizens: int = 0
    grants: int = 0
    payments: int = 0
    default_users: bool = False
    # The benefits system's, when the bundle has a benefits.json.
    benefits: BenefitsData | None = None

    @property
    def refused(self) -> list[ImportResult]:
        return [r for r in self.invoices if not r.ok]


def load_bundle(
    bundle: Path, data_dir: Path, *, progress: Callable[[int], None] | None = None
) -> LoadReport:
    """Read and check the whole bundle first, then replace the three databases with ones built
    from it (an empty benefits system when the bundle has no benefits.json); on any failure the
    data folder keeps what it had."""
    case = read_json(bundle / "case_system.json", CaseSystemData)
    erp = read_json(bundle / "erp.json", ErpData)
    has_benefits = (bundle / "benefits.json").exists()
    benefits = read_json(bundle / "benefits.json", BenefitsData) if has_benefits else None
    users = read_users(bundle / "users.json")
    report = LoadReport(default_users=not users, benefits=benefits)
    users = users or list(DEFAULT_USERS)
    hashed: list[tuple[str, str, str]] = [
        (u.username, hash_password(u.password), str(u.role)) for u in users
    ]
    files = sorted((bundle / "invoices").glob("*.xml")) if (bundle / "invoices").is_dir() else []
    # Built beside the data folder and moved in only when all are complete: a load that fails
    # half way leaves the previous databases as they were (db.py says what a crash leaves).
    with staging_folder(data_dir) as staging:
        _load_case(create_database(staging, CASE_DB), case, hashed, report)
        _load_benefits(create_database(staging, BENEFITS_DB), benefits or BenefitsData(), hashed)
        _load_erp(create_database(staging, ERP_DB), erp, hashed, files, progress, report)
        install_databases(staging, data_dir)
    return report


def _load_benefits(path: Path, data: BenefitsData, hashed: list[tuple[str, str, str]]) -> None:
    conn = connect(path)
    try:
        load_benefits(conn, data, hashed)
        conn.execute("ANALYZE")
    finally:
        conn.close()


def _load_erp(
    path: Path,
    erp: ErpData,
    hashed: list[tuple[str, str, str]],
    files: list[Path],
    progress: Callable[[int], None] | None,
    report: LoadReport,
) -> None:
    conn = connect(path)
    try:
        _load_erp_lookups(conn, erp, hashed)
        parsed = _counting(parse_files(files), progress)
        report.invoices = import_parsed(conn, parsed, by="load")
        conn.execute("ANALYZE")
    except sqlite3.IntegrityError as error:
        from fake_systems.bundle.models import BundleError

        raise BundleError(f"erp.json or users.json: inconsistent data ({error})") from None
    finally:
        conn.close()


def _counting(items: Iterable[T], progress: Callable[[int], None] | None) -> Iterator[T]:
    for n, item in enumerate(items, start=1):
        if progress is not None and n % 500 == 0:
            progress(n)
        yield item


def _users(conn: sqlite3.Connection, hashed: list[tuple[str, str, str]]) -> None:
    conn.executemany("INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)", hashed)


def _load_erp_lookups(
    conn: sqlite3.Connection, erp: ErpData, hashed: list[tuple[str, str, str]]
) -> None:
    conn.execute("BEGIN")
    _users(conn, hashed)
    conn.executemany(
        "INSERT INTO psp_elements (psp, name, open) VALUES (?, ?, ?)",
        [(p.psp, p.name, int(p.open)) for p in erp.psp_elements],
    )
    load_history(conn, erp.posted_invoices)
    conn.execute("COMMIT")


def _load_case(
    path: Path, case: CaseSystemData, hashed: list[tuple[str, str, str]], report: LoadReport
) -> None:
    conn = connect(path)
    try:
        conn.execute("BEGIN")
        _users(conn, hashed)
        conn.executemany(
            "INSERT INTO citizens (cpr, name) VALUES (?, ?)",
            [(c.cpr, c.name) for c in case.citizens],
        )
        conn.executemany(
            "INSERT INTO providers (cvr, name) VALUES (?, ?)",
            [(p.cvr, p.name) for p in case.providers],
        )
        conn.executemany(
            "INSERT INTO grants (grant_id, cpr, provider_cvr, paragraph, service, art, ownership,"
            " target_group, rate, rate_unit, hours_per_month, valid_from, valid_to, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    g.grant_id,
                    g.cpr,
                    g.provider_cvr,
                    g.paragraph,
                    g.service,
                    g.art,
                    g.ownership,
                    g.target_group,
                    f"{g.rate:.2f}" if g.rate is not None else None,
                    g.rate_unit,
                    str(g.hours_per_month) if g.hours_per_month is not None else None,
                    g.valid_from.isoformat(),
                    g.valid_to.isoformat() if g.valid_to else None,
                    g.status,
                )
                for g in case.grants
            ],
        )
        conn.executemany(
            "INSERT INTO payments (grant_id, period_start, period_end, amount, invoice_ref,"
            " registered_by, registered_at) VALUES (?, ?, ?, ?, ?, 'import', ?)",
            [
                (
                    p.grant_id,
                    p.period_start.isoformat(),
                    p.period_end.isoformat(),
                    f"{p.amount:.2f}",
                    p.invoice_ref,
                    "1970-01-01T00:00:00Z",
                )
                for p in case.payments
            ],
        )
        _load_rate_changes_and_orders(conn, case)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    except sqlite3.IntegrityError as error:
        raise_bundle_error(error)
    finally:
        conn.close()
    report.citizens, report.grants, report.payments = (
        len(case.citizens),
        len(case.grants),
        len(case.payments),
    )


def _load_rate_changes_and_orders(conn: sqlite3.Connection, case: CaseSystemData) -> None:
    """The grants' rate changes and the certificate orders (contract sections 6 and 10)."""
    conn.executemany(
        "INSERT INTO rate_changes (grant_id, from_date, rate, registered_by, registered_at)"
        " VALUES (?, ?, ?, 'import', '1970-01-01T00:00:00Z')",
        [
            (g.grant_id, change.from_.isoformat(), f"{change.rate:.2f}")
            for g in case.grants
            for change in g.rate_changes
        ],
    )
    conn.executemany(
        "INSERT INTO orders (order_id, cpr, doctor_cvr, certificate_type, ordered_on, status,"
        " created_by, amount, invoice_ref, registered_by, registered_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)",
        [
            (
                o.order_id,
                o.cpr,
                o.doctor_cvr,
                o.certificate_type,
                o.ordered_on.isoformat(),
                o.status,
                f"{o.amount:.2f}" if o.amount is not None and o.status == "paid" else None,
                o.invoice_ref if o.status == "paid" else None,
                "import" if o.status == "paid" else None,
                "1970-01-01T00:00:00Z" if o.status == "paid" else None,
            )
            for o in case.orders
        ],
    )


def raise_bundle_error(error: sqlite3.IntegrityError) -> None:
    from fake_systems.bundle.models import BundleError

    raise BundleError(f"case_system.json: inconsistent data ({error})") from None
