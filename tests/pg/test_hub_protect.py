"""Protection of a shared PostgreSQL store (issue 17, item 4), against the real server.

Connections to another machine must use TLS. Revisions are append-only in the database itself: a plain ``UPDATE``, ``DELETE`` or
``TRUNCATE`` sent outside the application is refused by a trigger, and so is changing or
removing the record of a used invitation, while merges (which only insert revisions) work.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.store.db import check_transport
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.helpers import add, small_world
from tests.pg.test_pg_store import join, pg_coordinator
from tests.sync.conftest import enrol, make

REFUSED = "append-only|kept for good"


def _refused(url: str, sql: str) -> None:
    with psycopg.connect(url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=REFUSED):
            conn.execute(sql)


def test_revisions_are_append_only_in_the_database(pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    field = make(tmp_path, "f1", "field")
    try:
        enrol(hub, field, tmp_path / "ids")
        small_world(field)
        export_bundle(field, tmp_path / "f1.aces")
        merged = merge_bundle(hub, tmp_path / "f1.aces")
        assert merged.new_revisions > 0
        before = hub.state_hash()
        with psycopg.connect(pg_url) as conn:
            count = conn.execute("SELECT count(*) FROM revisions").fetchone()
        assert count is not None and count[0] >= merged.new_revisions
        for sql in (
            "UPDATE revisions SET content = NULL",
            "UPDATE revisions SET shared = false WHERE rev = (SELECT min(rev) FROM revisions)",
            "DELETE FROM revisions",
            "TRUNCATE revisions CASCADE",
        ):
            _refused(pg_url, sql)
        with psycopg.connect(pg_url) as conn:
            assert conn.execute("SELECT count(*) FROM revisions").fetchone() == count
        assert hub.state_hash() == before
        # Merges and the coordinator's own edits still work: they only add revisions.
        add(field, "site", name="Hotan Textile Mill", country="CN")
        export_bundle(field, tmp_path / "f2.aces")
        assert merge_bundle(hub, tmp_path / "f2.aces").new_revisions == 1
        assert merge_bundle(hub, tmp_path / "f2.aces").new_revisions == 0
        add(hub, "site", name="Aksu Cotton Gin", country="CN")
        assert hub.state_hash() != before
    finally:
        field.close()
        hub.close()


def test_a_used_invitation_cannot_be_made_usable_again(pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    second = join(hub, tmp_path, "coord-b")
    try:
        with psycopg.connect(pg_url) as conn:
            used = conn.execute(
                "SELECT count(*) FROM meta WHERE key LIKE 'invitation_used:%'"
            ).fetchone()
        assert used == (1,)
        _refused(pg_url, "DELETE FROM meta WHERE key LIKE 'invitation_used:%'")
        _refused(pg_url, "UPDATE meta SET key = 'x' WHERE key LIKE 'invitation_used:%'")
        _refused(pg_url, "TRUNCATE meta")
        # Other rows of meta are not frozen by the trigger.
        with psycopg.connect(pg_url) as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('scratch', '1')")
            conn.execute("DELETE FROM meta WHERE key = 'scratch'")
    finally:
        second.close()
        hub.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://aces:pw@db.example.org/aces_org",
        "postgresql://aces:pw@db.example.org/aces_org?sslmode=prefer",
        "postgres://aces@10.0.0.5:5432/aces_org?sslmode=disable",
        "postgresql://aces@localhost,db.example.org/aces_org",
        "postgresql://aces@/aces_org?host=db.example.org",
    ],
)
def test_a_remote_server_without_tls_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(AcesError, match="would not be encrypted") as refused:
        pg_coordinator(tmp_path, url)
    assert refused.value.code == "database_needs_tls"
    assert "pw" not in str(refused.value)
    assert not (tmp_path / "pg-coord" / "workspace.db").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://aces:pw@db.example.org/aces_org?sslmode=verify-full",
        "postgresql://aces@db.example.org/aces_org?sslmode=require&sslrootcert=/etc/ca.pem",
        "postgresql+psycopg://aces@10.0.0.5/aces_org?sslmode=verify-ca",
        "postgresql://aces@localhost/aces_org",
        "postgresql://aces@127.0.0.1:5433/aces_org",
        "postgresql://aces@[::1]/aces_org",
        "postgresql://aces@/aces_org?host=/run/postgresql",
        "postgresql://aces@/aces_org",
    ],
)
def test_tls_or_a_local_connection_is_accepted(url: str) -> None:
    check_transport(url)  # no refusal


def test_the_local_test_server_needs_no_tls(pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)  # a Unix socket: accepted
    hub.close()
