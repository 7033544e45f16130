"""`fake-systems serve`: the three stand-ins, each in its own process, until stopped."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from fake_systems.db import DATABASES, connect, make_private
from fake_systems.web.options import AppOptions


@dataclass(frozen=True)
class ServeConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    erp_port: int = 8701
    case_port: int = 8702
    benefits_port: int = 8703
    options: AppOptions = field(default_factory=AppOptions)


def _serve_one(system: str, config: ServeConfig) -> None:
    import uvicorn

    from fake_systems.web.drop_protocol import DroppingH11Protocol

    if system == "erp":
        from fake_systems.erp.app import create_app

        port = config.erp_port
    elif system == "case":
        from fake_systems.case_system.app import create_app

        port = config.case_port
    else:
        from fake_systems.benefits.app import create_app

        port = config.benefits_port
    app = create_app(config.data_dir, options=config.options)
    # A protocol that can drop a connection, only when answers are to be lost.
    http: type[DroppingH11Protocol] | str = (
        DroppingH11Protocol if config.options.faults.drop_after_commit else "auto"
    )
    # Held open while serving, so that a request's own connection is never the last to close:
    # SQLite checkpoints and deletes the write-ahead log then, an fsync after every write.
    keeper = connect(app.state.site.db_path)
    keeper.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # opens the -wal and -shm
    make_private(app.state.site.db_path)
    try:
        uvicorn.run(
            app, host=config.host, port=port, log_level="warning", access_log=False, http=http
        )
    finally:
        keeper.close()


def _announce_faults(options: AppOptions) -> None:
    if options.faults.active:
        print(f"Fault injection: {options.faults.describe()}", flush=True)
    if options.session_ttl_s is not None:
        print(f"Sessions end {options.session_ttl_s} s after login, however active", flush=True)


def serve(config: ServeConfig) -> int:
    """Start the three apps and wait; SIGINT or SIGTERM stops them all. Returns an exit code."""
    for name in DATABASES:  # data from before the stand-ins kept it private
        make_private(config.data_dir / name)
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_serve_one, args=(system, config), name=f"fake-{system}")
        for system in ("erp", "case", "benefits")
    ]
    for process in processes:
        process.start()
    print(
        f"ERP:         http://{config.host}:{config.erp_port}/\n"
        f"Case system: http://{config.host}:{config.case_port}/\n"
        f"Benefits:    http://{config.host}:{config.benefits_port}/\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )
    _announce_faults(config.options)

    def stop(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while all(p.is_alive() for p in processes):
        for p in processes:
            p.join(timeout=0.5)
    stop(signal.SIGTERM, None)
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    failed = [p.name for p in processes if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        print(f"fake-systems serve: {', '.join(failed)} stopped unexpectedly", file=sys.stderr)
        return 1
    return 0
