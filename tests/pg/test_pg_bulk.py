"""The bulk writer in a PostgreSQL store (imports, demo data): the same records as in a
workspace file, and what the ORM encrypts is encrypted here too."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.content_crypto import PREFIX
from aces_desktop.store.importer import import_file
from tests.pg.test_pg_store import join, pg_coordinator
from tests.store.test_importer import GOOD, _with_ids


def test_import_and_demo_into_postgresql_encrypt_and_equal_sqlite(
    pg_url: str, tmp_path: Path
) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    lite = join(hub, tmp_path, "lite", own_file=True)  # SQLite, same organisation
    doc = _with_ids(GOOD)
    doc["findings"][0]["narrative"] = "recruitment fees repaid — zqx-9913"
    doc["persons"] = [{"id": "01a20f67-44ef-73e5-9736-0000000000ff", "name": "Auditor Q-7"}]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    try:
        assert hub.on_postgres and not lite.on_postgres
        for coord in (hub, lite):
            assert sum(import_file(coord, path).created.values()) == 12
        assert hub.state_hash() == lite.state_hash()
        fill_demo(hub, DemoOptions(sites=2, observations=40, seed=9))
        with hub.session() as s:  # the application reads the clear text
            _, finding = hub.records.get(s, doc["findings"][0]["id"])
            assert finding["narrative"] == "recruitment fees repaid — zqx-9913"
        with psycopg.connect(pg_url) as conn:  # a plain SELECT sees ciphertext only
            narratives = conn.execute(
                "SELECT narrative FROM findings WHERE narrative IS NOT NULL"
            ).fetchall()
            assert len(narratives) > 2  # the import's and the demo's
            assert all(str(n).startswith(PREFIX) for (n,) in narratives)
            names = conn.execute("SELECT name FROM persons").fetchall()
            assert names and all(str(n).startswith(PREFIX) for (n,) in names)
            contents = conn.execute("SELECT content FROM revisions").fetchall()
            assert all(c is None or c.startswith(PREFIX) for (c,) in contents)
            dump = conn.execute("SELECT string_agg(t::text, ' ') FROM revisions t").fetchone()
            assert dump is not None and "zqx-9913" not in dump[0] and "Q-7" not in dump[0]
    finally:
        hub.close()
        lite.close()
