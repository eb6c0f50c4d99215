"""SIGKILL ``aces bundle merge`` into a PostgreSQL store in the middle of its transaction:
the store keeps the state before, the writers' lock dies with the connection, and merging
again reaches the state after (real server, real process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.helpers import add, small_world
from tests.pg.test_pg_store import pg_coordinator
from tests.sync.conftest import enrol, make

# argv: what to kill at ("revisions": once the first revisions are written; "commit": the merge's
# commit, before PostgreSQL has it), then the ``aces`` arguments.
DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    point, args = sys.argv[1], sys.argv[2:]

    def on_execute(conn, cursor, statement, *rest):
        if conn.dialect.name == "postgresql" and point == "revisions" and (
            statement.lstrip().upper().startswith("INSERT INTO REVISIONS")
        ):
            os.kill(os.getpid(), signal.SIGKILL)

    def on_commit(conn):
        if conn.dialect.name == "postgresql" and point == "commit":
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", on_execute)
    event.listen(Engine, "commit", on_commit)

    # New records' rows go to PostgreSQL through COPY (sync.fastapply), not a statement:
    # killed once the first revisions are in the server's open transaction.
    from aces_desktop.sync import fastapply

    insert = fastapply._insert

    def insert_then_kill(conn, table, rows):
        insert(conn, table, rows)
        if conn.dialect.name == "postgresql" and point == "revisions" and (
            table.name == "revisions"
        ):
            os.kill(os.getpid(), signal.SIGKILL)

    fastapply._insert = insert_then_kill
    from aces_desktop.cli import main

    sys.exit(main(args))
    """
)


@pytest.mark.parametrize("point", ["revisions", "commit"])
def test_sigkill_during_a_merge_into_postgresql(point: str, pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    field = make(tmp_path, "field", "field")
    try:
        enrol(hub, field, tmp_path / "ids")
        small_world(field)
        for i in range(30):
            add(field, "site", name=f"Mill {i}", country="CN")
        export_bundle(field, tmp_path / "f.aces")
        before = hub.state_hash()
        hub.close()
        driver = tmp_path / "driver.py"
        driver.write_text(DRIVER)
        env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
        killed = subprocess.run(
            [
                sys.executable,
                str(driver),
                point,
                "--workspace",
                str(tmp_path / "pg-coord"),
                "bundle",
                "merge",
                str(tmp_path / "f.aces"),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert killed.returncode == -9, killed.stderr
        with Workspace.open(tmp_path / "pg-coord", PASSPHRASE) as again:
            assert again.state_hash() == before
            # The killed connection's lock is gone: this merge does not wait for it.
            merge_bundle(again, tmp_path / "f.aces")
            assert again.state_hash() == field.state_hash()
    finally:
        field.close()
        hub.close()
