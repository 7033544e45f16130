"""The robot's one Settings object: read from the environment (or a .env file) once, in the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from robot.journal.url import journal_target

DEFAULT_BROWSER = Path("/usr/lib/chromium/chromium-headless-shell")
BROWSER_FLAGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


# Every setting that is a secret: the systems' passwords and the shared journal's URL (it may
# hold a password). They never reach a child process's environment or a log line.
SECRET_VARIABLES = (
    "ROBOT_ERP_PASSWORD",
    "ROBOT_CASE_PASSWORD",
    "ROBOT_BENEFITS_PASSWORD",
    "ROBOT_JOURNAL_URL",
)


class Settings(BaseSettings):
    """Where the systems are, how to log in, and the rules of a run. Secrets stay SecretStr."""

    model_config = SettingsConfigDict(
        env_prefix="ROBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    erp_url: str = "http://127.0.0.1:8701"
    case_url: str = "http://127.0.0.1:8702"
    erp_user: str = "robot"
    erp_password: SecretStr = SecretStr("")
    case_user: str = "robot"
    case_password: SecretStr = SecretStr("")
    # The benefits system: needed only when the workbook sends rent invoices its way.
    benefits_url: str = "http://127.0.0.1:8703"
    benefits_user: str = "robot"
    benefits_password: SecretStr = SecretStr("")

    approval_limit: Decimal = Decimal("100000.00")
    amount_tolerance: Decimal = Decimal("0.00")
    sample_rate: Decimal = Decimal("0.05")
    sample_seed: str = "robot-sample"
    # Learned postings (off by default): an invoice no rule pays and with no CPR is paid as
    # people posted its supplier to its receiver, when that history is of one mind.
    learned_postings: bool = False
    learned_limit: Decimal = Decimal("5000.00")
    # Paragraphs the municipality pays under besides 103, 104, 107, 108 and STU, e.g. "85,97"
    # (robot.mapping.parse_paragraphs): mapping rows for other paragraphs are reported, not used.
    mapping_paragraphs: str = ""
    today: date | None = Field(default=None, description="Run date override (tests, re-runs).")

    browser_path: Path = DEFAULT_BROWSER
    headless: bool = True
    timeout_ms: int = 15_000
    max_attempts: int = 3
    restart_context_after: int = 2
    screen_change_limit: int = 3
    # The time box (contract section 13): at most this many invoices in a run, and no new one
    # taken after this Danish local time; the rest is left untouched for the next run.
    max_invoices: int | None = Field(default=None, ge=1)
    until: time | None = None
    workers: int = Field(default=2, ge=1, le=16)
    # Robot processes on this host, each with its own browser and workers, sharing the journal.
    processes: int = Field(default=1, ge=1, le=64)
    # Playwright keeps each request's data until its context closes: fresh contexts (same
    # sessions) after this many invoices per worker keep a long run's memory flat.
    recycle_contexts_every: int = Field(default=200, ge=1)
    # A process holds an invoice for this long, renewing it every third of it while it works;
    # one that dies loses its invoices to the others once the lease has run out.
    lease_s: float = Field(default=60.0, gt=1)
    # How long an invoice waits for another one that is paying the same grant days (or plan
    # period, or order) before it is left for the next run.
    claim_wait_s: float = Field(default=120.0, ge=0)
    # An invoice left after faults may be tried again by another process this long after.
    failed_retry_s: float = Field(default=60.0, ge=0)
    # An invoice failing the same way in this many runs in a row goes to a person.
    stuck_after_runs: int = Field(default=3, ge=2)

    # Test hook: exit abruptly right after journalling this step ("posting", "posted",
    # "noting"; "posted@certificate" for an invoice of that way of paying), as a crash would;
    # never set in production.
    crash_after_step: str | None = None
    # Test hook: after journalling this step (as crash_after_step, then ":FILE"), the first
    # invoice to reach it writes FILE.waiting and waits until FILE exists, so a test can change
    # a system between two steps; never set in production.
    pause_after_step: str | None = None

    journal_dir: Path = Path("journal")
    # A shared journal on PostgreSQL (postgresql://user:password@host/db) for several robot
    # processes or hosts on one inbox; without it the journal is SQLite in journal_dir.
    journal_url: SecretStr | None = None
    runs_dir: Path = Path("runs")
    retention_days: int = 90
    # Prometheus text format for the node exporter's textfile collector (a `.prom` file in its
    # --collector.textfile.directory), written by every real run at its end and every 30 s.
    metrics_file: Path | None = None

    @field_validator("erp_url", "case_url", "benefits_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("journal_url")
    @classmethod
    def _journal_url_readable(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        journal_target(value.get_secret_value())  # BadJournalUrl quotes nothing of it
        return value

    @field_validator("metrics_file", mode="before")
    @classmethod
    def _metrics_file_is_prom(cls, value: object) -> object:
        if value is None or not str(value).strip():
            return None
        if Path(str(value)).suffix != ".prom":
            raise ValueError(
                "the metrics file must end in .prom (the textfile collector reads no other)"
            )
        return value

    @field_validator("sample_rate")
    @classmethod
    def _rate_is_share(cls, value: Decimal) -> Decimal:
        if not Decimal(0) <= value <= Decimal(1):
            raise ValueError("sample rate must be between 0 and 1")
        return value

    def login(self, system: str) -> tuple[str, str, SecretStr]:
        """Where a system is and how to log in: ``erp``, ``case`` or ``benefits``."""
        return (
            str(getattr(self, f"{system}_url")),
            str(getattr(self, f"{system}_user")),
            getattr(self, f"{system}_password"),
        )

    def run_date(self) -> date:
        """The run's "today": the date in Denmark whatever the host's clock zone (a run at 00:30
        Danish time on a UTC host is already tomorrow's), unless ROBOT_TODAY says otherwise."""
        return self.today or danish_today()


DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def danish_today(now: datetime | None = None) -> date:
    """Today's date in Denmark (Europe/Copenhagen) at `now` (default: this moment)."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(DANISH_TIME).date()
