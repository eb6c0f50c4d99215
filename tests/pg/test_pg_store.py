"""A coordinator whose records live in PostgreSQL, against a real server (tests/pg/conftest.py).

The same bundles merged into a SQLite coordinator and a PostgreSQL coordinator give the same
``state_hash``, in any order and any number of times; the PostgreSQL coordinator sends its
back-bundle to a field device like any coordinator; lists and search work on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from aces_desktop.core.errors import AcesError
from aces_desktop.ops.workspaces import (
    change_passphrase,
    create_workspace,
    invite_coordinator,
    open_invitation,
)
from aces_desktop.store import models as m
from aces_desktop.store.listing import LISTS, ListQuery, rows
from aces_desktop.store.migrations import head_revision
from aces_desktop.store.search import search
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import SECRET_NOTE, add, run_aces, small_world
from tests.sync.conftest import enrol, make

NEW_PASSPHRASE = "violet tractor mango harbour 9271"


def pg_coordinator(tmp_path: Path, url: str, name: str = "pg-coord") -> Workspace:
    return create_workspace(
        tmp_path / name, PASSPHRASE, role="coordinator", name=name, kdf=CHEAP_KDF, database=url
    )


def join(inviter: Workspace, tmp_path: Path, name: str, *, own_file: bool = False) -> Workspace:
    """A second coordinator of ``inviter``'s organisation, made from an invitation; in the
    inviter's PostgreSQL store when it has one, unless ``own_file``."""
    issued = invite_coordinator(inviter, tmp_path / f"{name}.invitation")
    invitation = open_invitation(issued.path, issued.code)
    return create_workspace(
        tmp_path / name,
        PASSPHRASE,
        role="coordinator",
        name=name,
        kdf=CHEAP_KDF,
        invitation=invitation,
        own_file=own_file,
    )


def _content(ws: Workspace, rid: str) -> dict[str, Any]:
    with ws.session() as s:
        return ws.records.get(s, rid)[1]


def test_cli_init_keeps_records_in_postgresql_and_the_url_encrypted(
    pg_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "hub"
    url = pg_url.replace("postgres@", "postgres:s3cret-pw-7781@")
    env = {"ACES_PASSPHRASE": PASSPHRASE}
    made = run_aces(
        "init", "--workspace", str(folder), "--role", "coordinator", "--database", url, env=env
    )
    assert made.returncode == 0, made.stderr
    assert "PostgreSQL" in made.stdout
    info = run_aces("info", "--workspace", str(folder), "--json", env=env)
    assert info.returncode == 0, info.stderr
    data = json.loads(info.stdout)
    assert data["schema_version"] == head_revision()
    assert data["store"].startswith("postgresql+psycopg://postgres:***@/")
    # The records are in PostgreSQL: its tables hold the coordinator's device.
    with psycopg.connect(pg_url) as conn:
        devices = conn.execute("SELECT device_id, role FROM devices").fetchall()
        assert devices == [(data["device_id"], "coordinator")]
        assert conn.execute("SELECT count(*) FROM secrets").fetchone() == (0,)
    # The commands read and write the store: ratings, list exports, the public register.
    for command in (
        ["score", "--json"],
        ["export", "--type", "sites", "--out", str(tmp_path / "sites.xlsx")],
        ["register", "export", "--out", str(tmp_path / "register")],
    ):
        ran = run_aces(*command, "--workspace", str(folder), env=env)
        assert ran.returncode == 0, (command, ran.stderr)
    assert (tmp_path / "sites.xlsx").stat().st_size > 0
    # Neither the URL nor its password is readable in the workspace folder.
    for item in folder.rglob("*"):
        if item.is_file():
            raw = item.read_bytes()
            assert b"s3cret-pw-7781" not in raw and b"aces_test_" not in raw, item


def test_same_bundles_same_state_hash_on_sqlite_and_postgresql(pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    lite = join(hub, tmp_path, "lite", own_file=True)  # SQLite, same organisation
    assert hub.on_postgres and not lite.on_postgres
    f1, f2 = make(tmp_path, "f1", "field"), make(tmp_path, "f2", "field")
    try:
        for coord in (lite, hub):
            for field in (f1, f2):
                enrol(coord, field, tmp_path / "ids")
        ids = small_world(f1)
        add(f2, "site", name="宁夏中宁枸杞加工厂", country="CN")
        with f1.session() as s:  # an edit on top: a chain of two revisions
            site = f1.records.get(s, ids["site"])[1]
            f1.records.put(s, "site", {**site, "region": "Kashgar"}, ids["site"])
        export_bundle(f1, tmp_path / "f1.aces")
        export_bundle(f2, tmp_path / "f2.aces")
        # Opposite orders, and the first bundle twice on PostgreSQL.
        merge_bundle(lite, tmp_path / "f1.aces")
        merge_bundle(lite, tmp_path / "f2.aces")
        merge_bundle(hub, tmp_path / "f2.aces")
        merge_bundle(hub, tmp_path / "f1.aces")
        again = merge_bundle(hub, tmp_path / "f1.aces")
        assert again.new_revisions == 0
        assert hub.state_hash() == lite.state_hash()
        assert hub.counts() == lite.counts()
        assert _content(hub, ids["note"])["narrative"] == SECRET_NOTE
        # The PostgreSQL coordinator's back-bundle reaches the other field device.
        export_bundle(hub, tmp_path / "back.aces", to=[f2.device_id])
        merge_bundle(f2, tmp_path / "back.aces")
        assert _content(f2, ids["site"])["region"] == "Kashgar"
        # A coordinator edit on PostgreSQL travels to the SQLite coordinator's field device.
        with hub.writing() as s:
            site = hub.records.get(s, ids["site"])[1]
            hub.records.put(s, "site", {**site, "region": "Kashgar Prefecture"}, ids["site"])
        export_bundle(hub, tmp_path / "back1.aces", to=[f1.device_id])
        merge_bundle(f1, tmp_path / "back1.aces")
        assert _content(f1, ids["site"])["region"] == "Kashgar Prefecture"
    finally:
        for ws in (lite, hub, f1, f2):
            ws.close()


def test_findings_list_windows_sort_like_one_query_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    """The findings list's sort indexes (migration 0011, plain columns on PostgreSQL) and its
    site-by-site reading (``NameGroups``) give the order of one query there too."""
    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.store.listing import IdWindows

    hub = pg_coordinator(tmp_path, pg_url)
    try:
        fill_demo(hub, DemoOptions(sites=4, observations=120))
        spec = LISTS["finding"]
        for column in spec.columns:
            for descending in (False, True):
                query = ListQuery(spec, sort=column.key, descending=descending)
                everything = list(query.ids(hub.engine))
                windows = IdWindows(query, hub.engine, window=17)
                assert len(windows) == len(everything) > 100
                assert windows.rowid(len(everything) - 1) == everything[-1]
                assert windows.slice(0, len(everything)) == everything, column.key
    finally:
        hub.close()


def test_reopened_store_lists_and_searches(pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    ids = small_world(hub)
    add(hub, "site", name="Ürümqi Cotton Works", country="CN")
    state = hub.state_hash()
    hub.close()
    with Workspace.open(tmp_path / "pg-coord", PASSPHRASE) as ws:
        assert ws.on_postgres and ws.state_hash() == state
        with ws.session() as s:
            assert [h.record_id for h in search(s, "恒润")] == [ids["site"]]
            assert [h.title for h in search(s, "cotton")] == ["Ürümqi Cotton Works"]
        spec = LISTS["site"]
        everything = ListQuery(spec).ids(ws.engine)
        assert len(everything) == 2 and list(everything) == sorted(everything)
        found = ListQuery(spec, text="恒润").ids(ws.engine)
        assert len(found) == 1 and ListQuery(spec, text="恒润").count(ws.engine) == 1
        (row,) = rows(ws.engine, spec, list(found))
        assert row is not None and row[0] == ids["site"]
        for descending, first in ((False, "Ürümqi Cotton Works"), (True, "喀什恒润纺织有限公司")):
            top = ListQuery(spec, sort="name", descending=descending).ids(ws.engine, 0, 1)
            (shown,) = rows(ws.engine, spec, list(top))
            assert shown is not None and shown[1] == first
        # A new passphrase (and a new key for the workspace file): the store is untouched
        # and opens with the new passphrase only.
        change_passphrase(ws, PASSPHRASE, NEW_PASSPHRASE, kdf=CHEAP_KDF)
        assert ws.on_postgres and ws.state_hash() == state
    with pytest.raises(AcesError):
        Workspace.open(tmp_path / "pg-coord", PASSPHRASE)
    with Workspace.open(tmp_path / "pg-coord", NEW_PASSPHRASE) as ws:
        assert ws.on_postgres and ws.state_hash() == state


def test_refusals_name_the_problem(pg_server: Any, pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    hub.close()
    with pytest.raises(AcesError, match="already holds an ACES store"):
        pg_coordinator(tmp_path, pg_url, "second")
    assert not (tmp_path / "second").exists()
    other = pg_server.create_database()
    with psycopg.connect(other) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    with pytest.raises(AcesError, match=r"not an ACES store \(payroll\)"):
        pg_coordinator(tmp_path, other, "third")
    with pytest.raises(AcesError, match="Only a coordinator"):
        create_workspace(
            tmp_path / "f", PASSPHRASE, role="field", name="f", kdf=CHEAP_KDF, database=pg_url
        )
    bad = pg_url.replace("aces_test_", "no_such_db_")
    with pytest.raises(AcesError, match="Cannot connect to the PostgreSQL database"):
        pg_coordinator(tmp_path, bad, "fourth")
    assert not (tmp_path / "fourth").exists()


def test_ratings_and_demo_data_on_postgresql_equal_sqlite(pg_url: str, tmp_path: Path) -> None:
    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.store.gather import score_workspace

    hub = pg_coordinator(tmp_path, pg_url)
    lite = join(hub, tmp_path, "lite", own_file=True)
    try:
        enrol(hub, lite, tmp_path / "ids")
        fill_demo(lite, DemoOptions(sites=6, observations=150))
        export_bundle(lite, tmp_path / "demo.aces", to=[hub.device_id])
        merge_bundle(hub, tmp_path / "demo.aces")
        assert hub.state_hash() == lite.state_hash()
        mine, theirs = score_workspace(hub), score_workspace(lite)
        assert len(mine) > 10
        assert [repr(r) for r in mine] == [repr(r) for r in theirs]
        # The bulk writer (demo data) writes straight into PostgreSQL too.
        before = hub.counts()["site"]
        fill_demo(hub, DemoOptions(sites=3, observations=20, seed=2))
        assert hub.counts()["site"] == before + 3
        # The bulk-written revisions continue the merged ones' clock, and so does the next.
        with hub.session() as s:
            clocks = s.execute(
                select(m.RevisionRow.device_id, func.min(m.RevisionRow.clock)).group_by(
                    m.RevisionRow.device_id
                )
            ).all()
            top = s.scalar(select(func.max(m.RevisionRow.clock)))
        assert dict(clocks)[hub.device_id] > dict(clocks)[lite.device_id]
        with hub.writing() as s:
            rid = hub.records.put(s, "site", {"name": "After the demo", "country": "CN"})
            (rev,) = hub.records.history(s, rid)
        assert top is not None and rev.clock == top + 1
    finally:
        hub.close()
        lite.close()


def test_scorecards_signed_by_either_coordinator_verify_with_the_organisation_ca(
    pg_url: str, tmp_path: Path
) -> None:
    from aces_desktop.reports.pki import ca_certificate
    from aces_desktop.reports.scorecard_export import export_scorecard, score_one
    from aces_desktop.reports.verify import verify_pdf

    hub = pg_coordinator(tmp_path, pg_url)
    desk = join(hub, tmp_path, "publications-desk")  # same store, its own keys
    lite = join(hub, tmp_path, "regional-office", own_file=True)
    try:
        ids = small_world(hub)
        enrol(hub, lite, tmp_path / "ids")
        export_bundle(hub, tmp_path / "to-lite.aces", to=[lite.device_id])
        merge_bundle(lite, tmp_path / "to-lite.aces")
        ca = ca_certificate(hub)
        for ws in (hub, desk, lite):
            result = score_one(ws, "site", ids["site"])
            made = export_scorecard(ws, result, tmp_path / f"{ws.name}.pdf", sign=True)
            assert made.signed
            pdf = (tmp_path / f"{ws.name}.pdf").read_bytes()
            verdict = verify_pdf(pdf, [ca], label=ws.name, trust_label="organisation CA")
            assert verdict.ok, verdict
    finally:
        for ws in (hub, desk, lite):
            ws.close()


def test_an_invitation_makes_one_coordinator_of_a_store(
    pg_server: Any, pg_url: str, tmp_path: Path
) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    try:
        issued = invite_coordinator(hub, tmp_path / "one.invitation")
        invitation = open_invitation(issued.path, issued.code)
        assert invitation.database == pg_url
        first = create_workspace(
            tmp_path / "b", PASSPHRASE, role="coordinator", name="b", kdf=CHEAP_KDF,
            invitation=invitation,
        )  # fmt: skip
        first.close()
        with pytest.raises(AcesError, match=r"already used on .* \(by 'b'\)"):
            create_workspace(
                tmp_path / "c", PASSPHRASE, role="coordinator", name="c", kdf=CHEAP_KDF,
                invitation=open_invitation(issued.path, issued.code),
            )  # fmt: skip
        assert not (tmp_path / "c").exists()
        # Another organisation's store is refused, whatever the invitation.
        other_url = pg_server.create_database()
        other = pg_coordinator(tmp_path, other_url, "other-org")
        other.close()
        second = invite_coordinator(hub, tmp_path / "two.invitation")
        with pytest.raises(AcesError, match="another organisation"):
            create_workspace(
                tmp_path / "d", PASSPHRASE, role="coordinator", name="d", kdf=CHEAP_KDF,
                invitation=open_invitation(second.path, second.code), database=other_url,
            )  # fmt: skip
        assert not (tmp_path / "d").exists()
    finally:
        hub.close()


def test_field_device_enrolled_with_a_is_answered_by_b_in_the_same_store(
    pg_url: str, tmp_path: Path
) -> None:
    a = pg_coordinator(tmp_path, pg_url)
    b = join(a, tmp_path, "research-desk")  # the same store, its own device keys
    f1 = make(tmp_path, "f1", "field")
    try:
        enrol(a, f1, tmp_path / "ids")  # f1 never exchanged identities with b
        export_bundle(a, tmp_path / "a-f1.aces", to=[f1.device_id])
        merge_bundle(f1, tmp_path / "a-f1.aces")  # a vouches for b
        site = add(f1, "site", name="Korla Ginning", country="CN")
        export_bundle(f1, tmp_path / "f1.aces")
        merged = merge_bundle(b, tmp_path / "f1.aces")
        assert merged.new_revisions == 1 and a.state_hash() == b.state_hash()
        with b.writing() as s:
            content = b.records.get(s, site)[1]
            b.records.put(s, "site", {**content, "region": "Bayingolin"}, site)
        export_bundle(b, tmp_path / "b-f1.aces", to=[f1.device_id])
        merge_bundle(f1, tmp_path / "b-f1.aces")
        assert _content(f1, site)["region"] == "Bayingolin"
        assert f1.state_hash() == a.state_hash() == b.state_hash()
    finally:
        for ws in (a, b, f1):
            ws.close()


def test_every_spelling_finds_a_site_in_every_script_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    from tests.store.test_cross_script_search import NAMES, QUERIES

    hub = pg_coordinator(tmp_path, pg_url)
    try:
        ids = {script: add(hub, "site", name=name, country="CN") for script, name in NAMES.items()}
        add(hub, "site", name="Baiyun Garments", country="CN")
        with hub.session() as s:
            for query in QUERIES:
                assert {h.record_id for h in search(s, query, ["site"])} == set(ids.values())
    finally:
        hub.close()
