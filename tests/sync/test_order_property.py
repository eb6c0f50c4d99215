"""Property: random edits on three devices, exported as (incremental) bundles and merged in
every order, give one state_hash; nothing stays held back once every bundle is in."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from aces_desktop.store.sync_models import SyncAck, SyncHeld
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle, known_tips
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.sync.conftest import enrol

REGIONS = ["Hotan", "Kashgar", "Aksu", "和田", "Qarqash"]

op = st.tuples(
    st.integers(0, 2),  # device
    st.sampled_from(["region", "name", "new_company", "delete_company", "export"]),
    st.integers(0, 4),
)


def _template(root: Path) -> dict[str, Any]:
    coord = Workspace.create(
        root / "coord", PASSPHRASE, role="coordinator", name="C", kdf=CHEAP_KDF
    )
    fields = [
        Workspace.create(root / f"f{i}", PASSPHRASE, role="field", name=f"F{i}", kdf=CHEAP_KDF)
        for i in range(3)
    ]
    for f in fields:
        enrol(coord, f, root / "ids")
    with coord.session() as s:
        sites = [
            coord.records.put(s, "site", {"name": f"Site {i}", "country": "CN"}) for i in range(2)
        ]
    seed = root / "seed.aces"
    export_bundle(coord, seed)
    for f in fields:
        merge_bundle(f, seed)
    ids = {"sites": sites, "devices": [f.device_id for f in fields]}
    for ws in (coord, *fields):
        ws.close()
    return ids


TEMPLATE: dict[str, Any] = {}


def _fresh(tmp: Path, name: str, base: Path) -> Workspace:
    shutil.copytree(base / name, tmp / name)
    return Workspace.open(tmp / name, PASSPHRASE)


def _export(ws: Workspace, coord_id: str, out: Path) -> Path:
    export_bundle(ws, out)
    # Pretend the coordinator acknowledged it: the next bundle is an increment, so merging
    # the later one first exercises the gap rule.
    with ws.session() as s:
        tip = known_tips(s).get(ws.device_id, 0)
        row = s.get(SyncAck, (coord_id, ws.device_id))
        if row is None:
            s.add(SyncAck(peer_id=coord_id, device_id=ws.device_id, seq=tip))
        else:
            row.seq = tip
    return out


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=1, max_size=12))
def test_any_merge_order_gives_one_state(tmp_path_factory: Any, ops: list[Any]) -> None:
    if not TEMPLATE:
        made = tmp_path_factory.mktemp("template")
        TEMPLATE.update(_template(made), base=made)
    base: Path = TEMPLATE["base"]
    tmp = tmp_path_factory.mktemp("example")
    with Workspace.open(base / "coord", PASSPHRASE) as c:
        coord_id = c.device_id
    fields = [_fresh(tmp, f"f{i}", base) for i in range(3)]
    companies: list[list[str]] = [[], [], []]
    bundles: list[Path] = []
    counts = [0, 0, 0]
    try:
        for device, kind, n in ops:
            ws = fields[device]
            with ws.session() as s:
                if kind == "region":
                    site = TEMPLATE["sites"][n % 2]
                    content = ws.records.get(s, site)[1]
                    ws.records.put(s, "site", {**content, "region": REGIONS[n]}, site)
                elif kind == "name":
                    site = TEMPLATE["sites"][n % 2]
                    content = ws.records.get(s, site)[1]
                    ws.records.put(s, "site", {**content, "name": f"Site {n} ({device})"}, site)
                elif kind == "new_company":
                    companies[device].append(
                        ws.records.put(s, "company", {"name": f"Co {n}", "kind": "brand"})
                    )
                elif kind == "delete_company" and companies[device]:
                    ws.records.delete(s, "company", companies[device].pop(0))
            if kind == "export" and counts[device] < 1:
                counts[device] += 1
                bundles.append(_export(ws, coord_id, tmp / f"b{len(bundles)}.aces"))
        for i, ws in enumerate(fields):
            bundles.append(_export(ws, coord_id, tmp / f"last{i}.aces"))
    finally:
        for ws in fields:
            ws.close()
    assert len(bundles) <= 6
    orders = list(itertools.permutations(bundles))
    if len(orders) > 12:  # keep the run short: every rotation and its reverse
        orders = [tuple(bundles[i:] + bundles[:i]) for i in range(len(bundles))]
        orders += [tuple(reversed(o)) for o in orders]
    hashes = set()
    for k, order in enumerate(orders):
        target = tmp / f"c{k}"
        shutil.copytree(base / "coord", target)
        with Workspace.open(target, PASSPHRASE) as coord:
            for bundle in order:
                merge_bundle(coord, bundle)
            with coord.session() as s:
                assert s.execute(select(func.count()).select_from(SyncHeld)).scalar() == 0
            hashes.add(coord.state_hash())
        shutil.rmtree(target)
    assert len(hashes) == 1
