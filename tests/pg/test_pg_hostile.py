"""The hostile bundles of tests/sync/test_authorship.py, built as whoever holds a seized
field laptop and its passphrase can, merged into a coordinator's PostgreSQL store (real
server): each is refused with a message naming the problem and leaves the store as it was,
although a merge into PostgreSQL writes new records with COPY before the bundle's last
checks (``sync.fastapply``); the seized device's genuine bundle and the impersonated
device's next one still merge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.sync import fastapply
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.merge import merge_bundle
from tests.pg.conftest import PgServer
from tests.pg.test_pg_store import pg_coordinator
from tests.sync.test_authorship import CASES, make_world
from tests.sync.test_single_pass import _revisions

# Refused only after the bundle's new records were copied into the store (among others).
COPIED_FIRST = ("another field device's revision", "clock 2^53", "head of another revision")


@pytest.fixture(scope="module")
def pg_world(
    pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    d = tmp_path_factory.mktemp("pg-authorship")
    w = make_world(d, pg_coordinator(d, pg_server.create_database(), "coord"))
    assert w["coord"].on_postgres
    yield w
    for ws in (w["coord"], w["f1"], w["f2"], w["f3"]):
        ws.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused_by_a_postgresql_store(
    case: str, pg_world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build, fragment = CASES[case]
    copy, copied = fastapply._copy, []

    def counted(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        copied.append(len(rows))
        copy(conn, table, rows)

    monkeypatch.setattr(fastapply, "_copy", counted)
    coord = pg_world["coord"]
    path = build(pg_world, tmp_path / "forged.aces")
    before, count = coord.state_hash(), _revisions(coord)
    with pytest.raises(BundleError) as refused:
        merge_bundle(coord, path)
    assert fragment in refused.value.message
    assert coord.state_hash() == before
    assert _revisions(coord) == count
    if case in COPIED_FIRST:
        assert sum(copied) > 0


def test_the_genuine_bundles_merge_after_the_attacks(pg_world: dict[str, Any]) -> None:
    coord, d = pg_world["coord"], pg_world["dir"]
    merge_bundle(coord, d / "f1-valid.aces")
    merge_bundle(coord, d / "f2-next.aces")
    with coord.session() as s:
        name = coord.records.get(s, pg_world["company"])[1]["name"]
        region = coord.records.get(s, pg_world["site2"])[1]["region"]
    assert (name, region) == ("Northwind Apparel", "Hotan")
