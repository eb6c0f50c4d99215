"""A merge writes records new to a PostgreSQL store with ``COPY`` (``sync.fastapply``): the
rows must be exactly those the ordinary path (``RecordStore.apply``, the ORM) writes, for
every record type, with free text encrypted the same way (real server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Table, select

from aces_desktop.core import schema
from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ops.workspaces import create_workspace, invite_coordinator, open_invitation
from aces_desktop.store import models as m
from aces_desktop.store.content_crypto import PREFIX
from aces_desktop.store.records import table_for
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import fastapply
from aces_desktop.sync import merge as merge_module
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import add, attach, small_world
from tests.pg.conftest import PgServer
from tests.pg.test_pg_store import pg_coordinator
from tests.sync.conftest import enrol, make


def _rows(ws: Workspace, table: Any, leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every row of ``table`` as the application reads it (sealed columns revealed)."""
    key = list(table.primary_key.columns)
    with ws.session() as s:
        return [
            {k: v for k, v in row._mapping.items() if k not in leave_out}
            for row in s.execute(select(table).order_by(*key))
        ]


def test_records_copied_into_postgresql_equal_those_the_ordinary_path_writes(
    pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_server.create_database()
    copied = pg_coordinator(tmp_path, url, "copied")
    issued = invite_coordinator(copied, tmp_path / "applied.invitation")
    applied = create_workspace(
        tmp_path / "applied",
        PASSPHRASE,
        role="coordinator",
        name="applied",
        kdf=CHEAP_KDF,
        invitation=open_invitation(issued.path, issued.code),
        database=pg_server.create_database(),
    )
    field = make(tmp_path, "field", "field")
    try:
        for coord in (copied, applied):
            enrol(coord, field, tmp_path / "ids")
        ids = small_world(field)
        attach(field, ids["site"], b"%PDF-1.4 payroll ledger", "ledger.pdf")
        # COPY's text format escapes tabs, newlines and backslashes ("\\N" is its NULL).
        add(field, "site", name="Quote's \\ mill", country="CN", notes="a\tb \\N\nc \\.")
        fill_demo(field, DemoOptions(sites=3, observations=80, seed=5))
        bundle = tmp_path / "f.aces"
        export_bundle(field, bundle)
        with field.session() as s:
            types = {t for (t,) in s.execute(select(m.RecordState.record_type).distinct())}
        assert len(types) >= 12, types  # most record types go through both paths

        copies: list[str] = []
        copy = fastapply._copy

        def counted(conn: Any, table: Table, rows: list[dict[str, Any]]) -> None:
            copies.append(table.name)
            copy(conn, table, rows)

        monkeypatch.setattr(fastapply, "_copy", counted)
        merge_bundle(copied, bundle)
        assert {"revisions", "record_state", "record_heads", "findings"} <= set(copies)
        copies.clear()
        # Everything through RecordStore.apply: no record is "simple".
        monkeypatch.setattr(merge_module, "split_simple", lambda _s, revs: ([], revs))
        merge_bundle(applied, bundle)
        assert copies == []

        assert copied.state_hash() == applied.state_hash() == field.state_hash()
        tables: list[Any] = [table_for(t) for t in schema.RECORD_TYPES]
        tables += [m.RecordState.__table__, m.RecordHead.__table__]
        for table in tables:
            got = _rows(copied, table)
            assert got == _rows(applied, table), table.name
        revisions = m.RevisionRow.__table__
        assert _rows(copied, revisions, ("received_at",)) == _rows(
            applied, revisions, ("received_at",)
        )
        finding = select(m.Finding.narrative).where(m.Finding.id == ids["finding"])
        with copied.session() as s:
            assert s.execute(finding).scalar() == "身份证由宿舍管理员保管"
        with psycopg.connect(url) as conn:  # a plain SELECT sees ciphertext
            narratives = [n for (n,) in conn.execute("SELECT narrative FROM findings") if n]
        assert narratives and all(n.startswith(PREFIX) for n in narratives)
    finally:
        for ws in (copied, applied, field):
            ws.close()
