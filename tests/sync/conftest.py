"""Fixtures for sync tests: enrolled field devices and a coordinator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHEAP_KDF, PASSPHRASE


def enrol(a: Any, b: Any, folder: Path) -> None:
    """Make ``a`` and ``b`` trust each other (identity files exchanged)."""
    from aces_desktop.sync.trust import export_identity, read_identity, trust_identity

    folder.mkdir(parents=True, exist_ok=True)
    fa, fb = folder / f"{a.device_id}.json", folder / f"{b.device_id}.json"
    export_identity(a, fa)
    export_identity(b, fb)
    # A coordinator first, so a field device learns its organisation from it.
    trust_identity(b, read_identity(fa))
    trust_identity(a, read_identity(fb))


def make(tmp_path: Path, name: str, role: str) -> Any:
    from aces_desktop.store.workspace import Workspace

    return Workspace.create(tmp_path / name, PASSPHRASE, role=role, name=name, kdf=CHEAP_KDF)


@pytest.fixture
def org(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A coordinator and two field devices, all enrolled with the coordinator."""
    coord = make(tmp_path, "coord", "coordinator")
    f1 = make(tmp_path, "field-1", "field")
    f2 = make(tmp_path, "field-2", "field")
    enrol(coord, f1, tmp_path / "ids")
    enrol(coord, f2, tmp_path / "ids")
    yield {"coord": coord, "f1": f1, "f2": f2, "dir": tmp_path}
    for ws in (coord, f1, f2):
        ws.close()


@pytest.fixture(scope="session")
def decode_worker() -> Iterator[Any]:
    """One spawned worker process for the tests of decoding in a second process."""
    from aces_desktop.sync.linepool import Process

    worker = Process()
    yield worker
    worker.close()


@pytest.fixture
def pooled(decode_worker: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every ``merge_bundle`` decodes its lines in ``decode_worker`` whatever the bundle's
    size; returns the pools used (to check they were)."""
    from aces_desktop.sync import merge as merge_module
    from aces_desktop.sync.linepool import LinePool

    used: list[Any] = []

    def pool() -> LinePool:
        used.append(LinePool(decode_worker))
        return used[-1]

    monkeypatch.setattr(merge_module, "worth_it", lambda _path: True)
    monkeypatch.setattr(merge_module, "LinePool", pool)
    return used
