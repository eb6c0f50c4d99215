"""Shared fixtures: a fresh temporary workspace per test, isolated settings folders,
offscreen Qt (one QApplication per session is made by pytest-qt)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from aces_desktop.store.keyfile import KdfParams
from aces_desktop.ui.app import prepare_qt

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
prepare_qt()  # Qt set up as the app sets it up (before pytest-qt makes the QApplication)

PASSPHRASE = "correct horse battery staple"


# Cheap Argon2id for workspaces whose key derivation is not under test (the production cost,
# 64 MiB and 3 passes per unlock, stays in the tests that create their own workspaces to test
# unlocking, passphrase changes and recovery).
CHEAP_KDF = KdfParams(iterations=1, lanes=1, memory_cost_kib=8 * 1024)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep settings, default workspaces and temporary files away from the real home."""
    home = tmp_path_factory.mktemp("aces-home")
    monkeypatch.setenv("ACES_HOME", str(home))
    monkeypatch.delenv("ACES_WORKSPACE", raising=False)
    monkeypatch.delenv("ACES_PASSPHRASE", raising=False)


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator:
    from aces_desktop.store.workspace import Workspace

    ws = Workspace.create(
        tmp_path / "field-ws", PASSPHRASE, role="field", name="Field test", kdf=CHEAP_KDF
    )
    yield ws
    ws.close()


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator:
    from aces_desktop.store.workspace import Workspace

    ws = Workspace.create(
        tmp_path / "coord-ws",
        PASSPHRASE,
        role="coordinator",
        name="Coordinator test",
        kdf=CHEAP_KDF,
    )
    yield ws
    ws.close()
