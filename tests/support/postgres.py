"""A throwaway PostgreSQL server for tests: initdb in a temporary folder, started with pg_ctl
on a free loopback port as an unprivileged user, stopped at the end; a fresh database each."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.support.stand_ins import free_port


def pg_bin() -> Path | None:
    """The folder of Debian's PostgreSQL server programs (the newest), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def why_no_postgres() -> str | None:
    """None when a server can be started here; else the reason, for a skip."""
    if pg_bin() is None:
        return "PostgreSQL is not installed (Debian's postgresql package; make setup installs it)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return None


def _as_server_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PostgresServer:
    """A throwaway server in a temporary folder, on a free loopback port; it can be stopped
    abruptly (as a crash would) and started again on the same data and port."""

    def __init__(self) -> None:
        bin_dir = pg_bin()
        assert bin_dir is not None, why_no_postgres()
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="robot-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql://robot@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            server_user = pwd.getpwnam("postgres")
            os.chown(self.folder, server_user.pw_uid, server_user.pw_gid)
        subprocess.run(
            _as_server_user(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "robot",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            _as_server_user(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    str(self.folder / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )

    def stop(self) -> None:
        """Stopped at once, connections cut, as a crash or a pulled cable would."""
        subprocess.run(
            _as_server_user(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            timeout=60,
            check=False,
        )

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A running server; yields the URL of its `postgres` database for the user `robot`."""
    server = PostgresServer()
    try:
        server.start()
        yield server.url
    finally:
        server.remove()


def fresh_database(server_url: str, name: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"
