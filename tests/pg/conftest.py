"""A throwaway PostgreSQL server for the PostgreSQL coordinator tests (tests/pg/).

The session starts one real server (``initdb`` + ``pg_ctl``) in a temporary folder, listening
only on a Unix socket there, and stops it at the end; each test gets a fresh database in it.
PostgreSQL refuses to run as root, so as root (CI) the server runs as the ``postgres`` user.
Without the PostgreSQL binaries the tests fail, saying how to install them: they never skip
and nothing stands in for the real server.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14)]
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found. The PostgreSQL coordinator "
    "tests run against a real server: install it with `apt-get install -y postgresql` "
    "(scripts/sysdeps.sh test does), or put the directory holding initdb and pg_ctl in "
    "ACES_PG_BIN."
)


def pg_bin() -> Path:
    env = os.environ.get("ACES_PG_BIN")
    candidates = [Path(env)] if env else PG_BIN_DIRS
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    pytest.fail(INSTALL_HINT, pytrace=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    folder: Path
    port: int
    _names: Iterator[int]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"aces_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    binaries = pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="aces-pg-", dir="/tmp"))
    data = folder / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o755)
    init = subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}", pytrace=False)
    options = f"-k {folder} -p {port} -c listen_addresses= -c fsync=off"
    start = subprocess.run(
        _as_postgres(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                f"'{options}'",
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ]
        ),
        capture_output=True,
        text=True,
    )
    if start.returncode != 0:
        log = (folder / "log").read_text() if (folder / "log").exists() else ""
        pytest.fail(f"pg_ctl start failed:\n{start.stderr}\n{log}", pytrace=False)
    try:
        yield PgServer(folder, port, itertools.count(1))
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a fresh, empty database on the test server."""
    return pg_server.create_database()


@pytest.fixture(autouse=True)
def _cheap_invitations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Invitations written by these tests use the cheapest scrypt cost readers accept
    (their key derivation is tested in tests/sync/test_invite.py at the real cost)."""
    from aces_desktop.sync import invite

    monkeypatch.setattr(invite, "SCRYPT_N", 2**14)
