"""Property: three honest field devices and one malicious one (a seized laptop, its real key
in the attacker's hands). Whatever the honest devices do and whatever the malicious one
forges, merging every bundle in any order gives the coordinator one state; the forged
bundles are refused in every order and the honest ones are never locked out."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from aces_desktop.core.errors import AcesError
from aces_desktop.core.ids import new_id
from aces_desktop.store.keyfile import KdfParams
from aces_desktop.store.records import logical_clock
from aces_desktop.store.sync_models import SyncHeld
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.verify import chain_tip
from tests.conftest import PASSPHRASE
from tests.sync.conftest import enrol
from tests.sync.forge import Forge, lines_of, restate, rev_of, revision_line
from tests.sync.test_order_property import _export

CHEAP = KdfParams(iterations=1, lanes=1, memory_cost_kib=8 * 1024)
REGIONS = ["Hotan", "Kashgar", "Aksu", "和田", "Qarqash"]
# Each attack and what its refusal names (in any order: a later forgery may also be
# refused as a fork of the chain an earlier forgery tried to extend).
ATTACKS = {
    "impersonate_field": "another device than its sender",
    "impersonate_coordinator": "another device than its sender",
    "unknown_device": "another device than its sender",
    "huge_clock": "logical clock",
    "parent_of_another_record": "revision of another record",
    "missing_parent": "parent revision that does not exist",
    "impossible_time": "not a real UTC timestamp",
}
TEMPLATE: dict[str, Any] = {}


def _template(root: Path) -> dict[str, Any]:
    coord = Workspace.create(root / "coord", PASSPHRASE, role="coordinator", name="C", kdf=CHEAP)
    devices = [
        Workspace.create(root / name, PASSPHRASE, role="field", name=name, kdf=CHEAP)
        for name in ("f0", "f1", "f2", "mal")
    ]
    for f in devices:
        enrol(coord, f, root / "ids")
    with coord.session() as s:
        sites = [
            coord.records.put(s, "site", {"name": f"Site {i}", "country": "CN"}) for i in range(2)
        ]
        initiative = coord.records.put(s, "initiative", {"name": "Accord", "acronym": "AC"})
    export_bundle(coord, root / "seed.aces")
    for f in devices:
        merge_bundle(f, root / "seed.aces")
    # The seized laptop has done honest work before (its chain is not empty).
    with devices[3].session() as s:
        devices[3].records.put(s, "company", {"name": "Earlier Co", "kind": "brand"})
    ids = {"sites": sites, "initiative": initiative, "coord": coord.device_id}
    ids["devices"] = [f.device_id for f in devices]
    for ws in (coord, *devices):
        ws.close()
    return ids


def _open(base: Path, tmp: Path, name: str) -> Workspace:
    shutil.copytree(base / name, tmp / name)
    return Workspace.open(tmp / name, PASSPHRASE)


def _head(ws: Workspace, record_id: str) -> str:
    with ws.session() as s:
        return str(ws.records.heads(s, record_id)[0].rev)


def _forged(attack: str, mal: Workspace, coord: Workspace, out: Path, base: Path) -> Path:
    """A bundle of the malicious device: its real chain plus one forged revision."""
    export_bundle(mal, out.with_suffix(".base"), full=True)
    forge = Forge(mal, coord, out.with_suffix(".base"))
    lines = lines_of(forge.members)
    last = lines[-1]
    with coord.session() as s:
        clock = logical_clock(s) + 1
        f0_seq, f0_tip = chain_tip(s, TEMPLATE["devices"][0])
        c_seq, c_tip = chain_tip(s, TEMPLATE["coord"])
    site = TEMPLATE["sites"][0]
    with coord.session() as s:
        site_content = dict(coord.records.get(s, site)[1])
    own = {
        "record_type": "site",
        "record_id": site,
        "device_id": mal.device_id,
        "device_seq": last["h"]["device_seq"] + 1,
        "prev": rev_of(last),
        "parents": [_head(coord, site)],
        "content": {**site_content, "name": "Forged name"},
        "clock": clock,
    }
    if attack == "impersonate_field":
        own.update(device_id=TEMPLATE["devices"][0], device_seq=f0_seq + 1, prev=f0_tip)
    elif attack == "impersonate_coordinator":
        own.update(
            record_type="initiative",
            record_id=TEMPLATE["initiative"],
            device_id=TEMPLATE["coord"],
            device_seq=c_seq + 1,
            prev=c_tip,
            parents=[_head(coord, TEMPLATE["initiative"])],
            content=None,
        )
    elif attack == "unknown_device":
        own.update(device_id=new_id(), device_seq=1, prev=None)
    elif attack == "huge_clock":
        own.update(clock=2**53)
    elif attack == "parent_of_another_record":
        own.update(parents=[_head(coord, TEMPLATE["initiative"])])
    elif attack == "missing_parent":
        own.update(parents=["ab" * 32])
    elif attack == "impossible_time":
        own.update(time="2026-02-30T25:61:61Z")
    members = forge.with_lines([*lines, revision_line(**own)])
    return forge.build(out, members, edit=lambda man: restate(man, members, mal))


honest_op = st.tuples(
    st.integers(0, 2),
    st.sampled_from(["region", "new_company", "export"]),
    st.integers(0, 4),
)


@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking merges is very slow
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops=st.lists(honest_op, min_size=1, max_size=8),
    attacks=st.lists(st.sampled_from(sorted(ATTACKS)), min_size=1, max_size=3, unique=True),
    malicious_edit=st.booleans(),
    orders=st.lists(st.randoms(use_true_random=False), min_size=2, max_size=3),
)
def test_honest_state_is_the_same_in_every_merge_order(
    tmp_path_factory: Any, ops: list[Any], attacks: list[str], malicious_edit: bool, orders: Any
) -> None:
    if not TEMPLATE:
        made = tmp_path_factory.mktemp("template")
        TEMPLATE.update(_template(made), base=made)
    base: Path = TEMPLATE["base"]
    tmp = tmp_path_factory.mktemp("example")
    coord_id = TEMPLATE["coord"]
    fields = [_open(base, tmp, f"f{i}") for i in range(3)]
    mal = _open(base, tmp, "mal")
    reference = _open(base, tmp, "coord")
    bundles: list[Path] = []
    forged: set[str] = set()
    try:
        exported = [0, 0, 0]
        for device, kind, n in ops:
            ws = fields[device]
            with ws.session() as s:
                if kind == "region":
                    site = TEMPLATE["sites"][n % 2]
                    content = ws.records.get(s, site)[1]
                    ws.records.put(s, "site", {**content, "region": REGIONS[n]}, site)
                elif kind == "new_company":
                    ws.records.put(s, "company", {"name": f"Co {n}", "kind": "brand"})
            if kind == "export" and exported[device] < 1:
                exported[device] += 1
                bundles.append(_export(ws, coord_id, tmp / f"h{len(bundles)}.aces"))
        for i, ws in enumerate(fields):
            bundles.append(_export(ws, coord_id, tmp / f"last{i}.aces"))
        if malicious_edit:  # the seized laptop's own, well-formed change is accepted
            with mal.session() as s:
                mal.records.put(s, "company", {"name": "Front Co", "kind": "supplier"})
        for attack in attacks:
            path = _forged(attack, mal, reference, tmp / f"{attack}.aces", base)
            bundles.append(path)
            forged.add(path.name)
        if malicious_edit:
            bundles.append(_export(mal, coord_id, tmp / "mal-own.aces"))
    finally:
        for ws in (*fields, mal, reference):
            ws.close()

    outcomes: list[tuple[str, frozenset[str]]] = []
    for k, rnd in enumerate(orders):
        order = list(bundles)
        rnd.shuffle(order)
        coord_dir = tmp / f"coord-{k}"
        shutil.copytree(base / "coord", coord_dir)
        with Workspace.open(coord_dir, PASSPHRASE) as coord:
            refused = set()
            messages: dict[str, str] = {}
            for path in order:
                try:
                    merge_bundle(coord, path)
                except AcesError as exc:
                    refused.add(path.name)
                    messages[path.stem] = exc.message
            with coord.session() as s:
                held = s.execute(select(func.count()).select_from(SyncHeld)).scalar()
            assert held == 0
            outcomes.append((coord.state_hash(), frozenset(refused)))
            for attack, message in messages.items():
                assert ATTACKS.get(attack, "?") in message or "forked" in message, message
    assert all(refused == forged for _, refused in outcomes), (outcomes, forged)
    assert len({h for h, _ in outcomes}) == 1, outcomes
