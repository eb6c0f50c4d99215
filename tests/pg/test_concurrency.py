"""Several coordinators in one PostgreSQL store at once (real server, separate processes).

Writers take one advisory lock, so two merges take turns instead of losing an update or
deadlocking; the result equals merging the same bundles one after the other. Writers
notify the store's channel, which wakes the other coordinators' open windows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.helpers import add
from tests.pg.test_pg_store import join, pg_coordinator
from tests.sync.conftest import enrol, make


def test_writers_of_two_coordinators_take_turns(pg_url: str, tmp_path: Path) -> None:
    a = pg_coordinator(tmp_path, pg_url)
    b = join(a, tmp_path, "coord-b")
    try:
        assert b.on_postgres and b.device_id != a.device_id
        inside, release, b_entered = threading.Event(), threading.Event(), threading.Event()

        def hold_a() -> None:
            with a.writing() as s:
                a.records.put(s, "site", {"name": "Held by A", "country": "CN"})
                inside.set()
                release.wait(30)

        def write_b() -> None:
            with b.writing() as s:
                b_entered.set()
                b.records.put(s, "site", {"name": "Written by B", "country": "CN"})

        first = threading.Thread(target=hold_a)
        first.start()
        assert inside.wait(30)
        second = threading.Thread(target=write_b)
        second.start()
        # B's writer waits on the store's lock while A's transaction is open...
        assert not b_entered.wait(1.0)
        release.set()
        first.join(30)
        second.join(30)
        # ... and enters once A committed: both writes are there, seen by both.
        assert b_entered.is_set()
        assert a.counts()["site"] == b.counts()["site"] == 2
        assert a.state_hash() == b.state_hash()
    finally:
        a.close()
        b.close()


def _merge_process(ws: Path, bundle: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
    env.pop("ACES_DEBUG", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aces_desktop",
            "--workspace",
            str(ws),
            "bundle",
            "merge",
            str(bundle),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def test_two_coordinators_merge_different_bundles_at_once(pg_url: str, tmp_path: Path) -> None:
    a = pg_coordinator(tmp_path, pg_url)
    b = join(a, tmp_path, "coord-b")
    ref = join(a, tmp_path, "reference", own_file=True)  # merges one after the other
    f1, f2 = make(tmp_path, "f1", "field"), make(tmp_path, "f2", "field")
    try:
        for field in (f1, f2):
            for coord in (a, b, ref):
                enrol(coord, field, tmp_path / "ids")
        for i in range(60):
            add(f1, "site", name=f"Spinning mill {i}", country="CN")
            add(f2, "company", name=f"Brand {i}", kind="brand")
        shared_site = add(f1, "site", name="Both edit this", country="CN")
        export_bundle(f1, tmp_path / "first.aces")
        merge_bundle(a, tmp_path / "first.aces")
        merge_bundle(ref, tmp_path / "first.aces")
        # f2 gets the site from a coordinator and edits it: the two bundles now touch the
        # same record, and f1 edits it too (a conflict both orders must resolve alike).
        export_bundle(a, tmp_path / "to-f2.aces", to=[f2.device_id])
        merge_bundle(f2, tmp_path / "to-f2.aces")
        for ws, region in ((f1, "north"), (f2, "south")):
            with ws.session() as s:
                content = ws.records.get(s, shared_site)[1]
                ws.records.put(s, "site", {**content, "region": region}, shared_site)
        export_bundle(f1, tmp_path / "f1.aces")
        export_bundle(f2, tmp_path / "f2.aces")
        a.close()
        b.close()
        procs = [
            _merge_process(tmp_path / "pg-coord", tmp_path / "f1.aces"),
            _merge_process(tmp_path / "coord-b", tmp_path / "f2.aces"),
        ]
        outputs = [p.communicate(timeout=120) for p in procs]
        for proc, (_out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err
        merge_bundle(ref, tmp_path / "f1.aces")
        merge_bundle(ref, tmp_path / "f2.aces")
        with Workspace.open(tmp_path / "pg-coord", PASSPHRASE) as hub:
            assert hub.state_hash() == ref.state_hash()
            assert hub.counts() == ref.counts()
            assert hub.counts()["site"] == 61 and hub.counts()["conflicts"] == 1
    finally:
        for ws in (a, b, ref, f1, f2):
            ws.close()


def test_a_write_by_one_coordinator_wakes_the_other(pg_url: str, tmp_path: Path) -> None:
    a = pg_coordinator(tmp_path, pg_url)
    b = join(a, tmp_path, "coord-b")
    stop = threading.Event()
    woken = threading.Event()
    listening = threading.Event()
    own_wakes: list[None] = []

    def listen(ws: Workspace, flag: threading.Event, sink: list[None] | None) -> None:
        for _ in ws.store_changes(stop, timeout=0.2):
            listening.set()
            if sink is not None:
                sink.append(None)
            flag.set()

    try:
        other = threading.Thread(target=listen, args=(b, woken, None))
        mine = threading.Thread(target=listen, args=(a, threading.Event(), own_wakes))
        other.start()
        mine.start()
        # LISTEN is in place once the listener's connection is open: write until woken.
        for i in range(50):
            with a.writing() as s:
                a.records.put(s, "site", {"name": f"Site {i}", "country": "CN"})
            if woken.wait(0.2):
                break
        assert woken.is_set()
        assert own_wakes == []  # a coordinator's own writes do not wake its own windows
    finally:
        stop.set()
        for thread in (other, mine):
            thread.join(10)
        a.close()
        b.close()
