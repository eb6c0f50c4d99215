"""Protection of a shared PostgreSQL store (issue 17, item 4), against the real server.

Connections to another machine must use TLS. Revisions are append-only in the database itself: a plain ``UPDATE``, ``DELETE`` or
``TRUNCATE`` sent outside the application is refused by a trigger, and so is changing or
removing the record of a used invitation, while merges (which only insert revisions) work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.ops.workspaces import create_workspace
from aces_desktop.store import models as m
from aces_desktop.store.content_crypto import PREFIX
from aces_desktop.store.db import check_transport
from aces_desktop.store.gather import score_workspace
from aces_desktop.store.listing import LISTS, ListQuery, rows
from aces_desktop.store.migrations import head_revision
from aces_desktop.store.pg_roles import role_of
from aces_desktop.store.search import search
from aces_desktop.store.secrets import SECRET_STORE_URL
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import SECRET_NOTE, add, assert_counts_exact, run_aces, small_world
from tests.pg.test_pg_store import _content, join, pg_coordinator
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


def _owner_and_app(pg_server: Any, pg_url: str) -> tuple[str, str]:
    """Two login roles for the test database: its owner, and a role for the application
    (as a database administrator sets them up: docs/hub.md)."""
    database = pg_url.split("/")[3].split("?")[0]
    owner, app = f"{database}_owner", f"{database}_app"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN")
        conn.execute(f"CREATE ROLE {app} LOGIN")
        conn.execute(f"ALTER DATABASE {database} OWNER TO {owner}")
    return (
        pg_url.replace("postgres@", f"{owner}@"),
        pg_url.replace("postgres@", f"{app}@"),
    )


def test_the_application_role_is_not_the_owner(pg_server: Any, pg_url: str, tmp_path: Path) -> None:
    owner_url, app_url = _owner_and_app(pg_server, pg_url)
    folder = tmp_path / "hub"
    hub = create_workspace(
        folder, PASSPHRASE, role="coordinator", name="hub", kdf=CHEAP_KDF,
        database=app_url, owner_url=owner_url,
    )  # fmt: skip
    field = make(tmp_path, "f1", "field")
    try:
        assert hub.engine.url.username == role_of(app_url)
        # The workspace keeps the application's URL only.
        with hub.session() as s:
            kept = s.get(m.Secret, SECRET_STORE_URL)
        assert kept is not None and kept.value.decode() == app_url
        # The application works: merges, edits, ratings.
        enrol(hub, field, tmp_path / "ids")
        small_world(field)
        export_bundle(field, tmp_path / "f1.aces")
        assert merge_bundle(hub, tmp_path / "f1.aces").new_revisions > 0
        add(hub, "site", name="Aksu Cotton Gin", country="CN")
        rated = score_workspace(hub)  # its findings aggregate and REPEATABLE READ
        assert {r.subject_name for r in rated if r.kind == "site"} >= {"Aksu Cotton Gin"}
        assert any(r.kind == "site" and r.risk_level is not None for r in rated)
        before = hub.state_hash()
        with psycopg.connect(owner_url) as conn:
            tables = conn.execute(
                "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        assert tables and {owner for _, owner in tables} == {role_of(owner_url)}
        # The application's role can neither rewrite history nor remove its protection.
        for sql in (
            "UPDATE revisions SET content = NULL",
            "DELETE FROM revisions",
            "TRUNCATE revisions CASCADE",
            "DROP TABLE revisions CASCADE",
            "ALTER TABLE revisions DISABLE TRIGGER revisions_append_only",
            "DROP TRIGGER revisions_append_only ON revisions",
            "ALTER TABLE revisions ADD COLUMN x int",
            "UPDATE alembic_version SET version_num = '0001_initial'",
            "CREATE TABLE intruder (x int)",
        ):
            with psycopg.connect(app_url) as conn:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(sql)
        assert hub.state_hash() == before
        assert assert_counts_exact(hub)["sites"] == 2
    finally:
        field.close()
        hub.close()

    # An upgrade needs the owner: the application's role cannot apply it, and says how.
    with psycopg.connect(owner_url) as conn:
        with conn.cursor() as cur:
            cur.execute("DROP TRIGGER meta_no_truncate ON meta")
            cur.execute("DROP TRIGGER meta_invitations_kept ON meta")
            cur.execute("DROP FUNCTION aces_invitations_kept()")
            cur.execute("DROP TRIGGER revisions_no_truncate ON revisions")
            cur.execute("DROP TRIGGER revisions_append_only ON revisions")
            cur.execute("DROP FUNCTION aces_append_only()")
            for column in LISTS["finding"].columns:  # and the list indexes of 0011
                if column.order:
                    cur.execute(f"DROP INDEX ix_findings_sort_{column.key}")
            # (the row counts of 0012 are gone since 0014: nothing to drop)
            cur.execute("UPDATE alembic_version SET version_num = '0009_pg_store'")
    with pytest.raises(AcesError, match="aces org upgrade-store") as refused:
        Workspace.open(folder, PASSPHRASE)
    assert refused.value.code == "database_upgrade_needs_owner"
    upgraded = run_aces("org", "upgrade-store", "--owner-url", owner_url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"from schema 0009_pg_store to {head_revision()}" in upgraded.stdout
    again = Workspace.open(folder, PASSPHRASE)
    try:
        assert again.state_hash() == before
        assert assert_counts_exact(again)["sites"] == 2
        add(again, "site", name="Hotan Textile Mill", country="CN")
        assert assert_counts_exact(again)["sites"] == 3
    finally:
        again.close()
    _refused(owner_url, "DELETE FROM revisions")  # the trigger is back


def test_narratives_and_personal_fields_reach_postgresql_encrypted(
    pg_url: str, tmp_path: Path
) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    lite = join(hub, tmp_path, "lite", own_file=True)  # SQLite, same organisation
    field = make(tmp_path, "f1", "field")
    try:
        for coord in (hub, lite):
            enrol(coord, field, tmp_path / "ids")
        ids = small_world(field)
        export_bundle(field, tmp_path / "f1.aces")
        for coord in (hub, lite):
            merge_bundle(coord, tmp_path / "f1.aces")
        # state_hash is over the clear content: the same as the workspace file's.
        assert hub.state_hash() == lite.state_hash()
        own_note = add(hub, "worker_note", site_id=ids["site"], pseudonym="Worker Q-2",
                       consent_scope="coordinator", narrative="wages withheld — qvk-5520",
                       origin="Hotan prefecture", job_role="spinner")  # fmt: skip
        # A plain SELECT outside the application sees ciphertext only.
        with psycopg.connect(pg_url) as conn:
            narratives = conn.execute(
                "SELECT narrative FROM worker_notes UNION ALL SELECT narrative FROM findings"
            ).fetchall()
            assert len(narratives) == 3
            assert all(str(n).startswith(PREFIX) for (n,) in narratives)
            contents = conn.execute("SELECT content FROM revisions").fetchall()
            assert contents and all(c is None or c.startswith(PREFIX) for (c,) in contents)
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            for (table,) in tables:  # nowhere in the store, in any column
                dump = conn.execute(f"SELECT string_agg(t::text, '\n') FROM {table} t").fetchone()
                text = (dump[0] if dump else None) or ""
                for secret in ("zqx-7731", "qvk-5520", "宿舍管理员", "Worker K-17",
                               "Worker Q-2", "Hotan prefecture", "spinner", "Test Auditor"):  # fmt: skip
                    assert secret not in text, (table, secret)
        # The application, the lists and the state_hash read the clear text.
        assert _content(hub, ids["note"])["narrative"] == SECRET_NOTE
        mine = _content(hub, own_note)
        assert mine["narrative"] == "wages withheld — qvk-5520"
        assert (mine["pseudonym"], mine["origin"]) == ("Worker Q-2", "Hotan prefecture")
        assert _content(hub, ids["person"])["name"] == "Test Auditor"
        spec = LISTS["worker_note"]
        shown = rows(hub.engine, spec, list(ListQuery(spec).ids(hub.engine)))
        assert any(SECRET_NOTE in (r or ()) for r in shown), shown
        assert any("Worker K-17" in (r or ()) for r in shown), shown
        # A second coordinator of the store reads it (the key comes from the organisation's CA
        # its invitation carried); encrypted columns are not searched on the server.
        other = join(hub, tmp_path, "coord-b")
        try:
            assert _content(other, ids["note"])["narrative"] == SECRET_NOTE
            with other.session() as s:
                assert search(s, "zqx-7731") == []
                assert search(s, "Worker K-17") == []
                assert [h.record_id for h in search(s, "恒润")] == [ids["site"]]
        finally:
            other.close()
        with lite.session() as s:  # a workspace file searches its narratives as before
            assert [h.record_id for h in search(s, "zqx-7731")] == [ids["note"]]
    finally:
        for ws in (field, lite, hub):
            ws.close()


def test_cli_init_with_owner_url_keeps_the_application_url_and_invites_work(
    pg_server: Any, pg_url: str, tmp_path: Path
) -> None:
    owner_url, app_url = _owner_and_app(pg_server, pg_url)
    folder = tmp_path / "hq"
    env = {"ACES_PASSPHRASE": PASSPHRASE, "ACES_DATABASE_OWNER_URL": owner_url}
    made = run_aces(
        "init", "--workspace", str(folder), "--role", "coordinator", "--database", app_url,
        env=env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    hub = Workspace.open(folder, PASSPHRASE)
    try:
        assert hub.engine.url.username == role_of(app_url)
        # A coordinator invited into the store works as the application's role too.
        second = join(hub, tmp_path, "regional")
        try:
            assert second.engine.url.username == role_of(app_url)
            add(second, "site", name="Kashgar Spinning", country="CN")
            assert hub.counts()["site"] == 1
        finally:
            second.close()
    finally:
        hub.close()
    # A role the administrator has not created is refused, naming it; nothing is made.
    missing = app_url.replace(f"{role_of(app_url)}@", "nobody_here@")
    refused = run_aces(
        "init", "--workspace", str(tmp_path / "x"), "--role", "coordinator",
        "--database", missing, env=env,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "nobody_here" in refused.stderr
    assert not (tmp_path / "x" / "workspace.db").exists()
