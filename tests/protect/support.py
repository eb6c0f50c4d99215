"""Fixtures for the protection tests: a small workspace with a worker note and attachments."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import add, small_world

FAST_KDF = CHEAP_KDF  # these tests unlock many times
NEW_PASSPHRASE = "a new and longer passphrase 2026"
ATTACHMENTS = [b"photo bytes \x00\x01 gate padlock " * 50, b"%PDF-1.4 payslip scan " * 40]


def make_world(path: Path) -> dict[str, Any]:
    """A field workspace with records and two stored attachments; returns facts to compare."""
    from aces_desktop.store.workspace import Workspace

    ws = Workspace.create(path, PASSPHRASE, role="field", name="Protect test", kdf=FAST_KDF)
    try:
        ids = small_world(ws)
        shas = [ws.blobs.put_bytes(data)[0] for data in ATTACHMENTS]
        for sha, data in zip(shas, ATTACHMENTS, strict=True):
            add(
                ws,
                "attachment",
                owner_type="visit",
                owner_id=ids["visit"],
                sha256=sha,
                media_type="application/octet-stream",
                size=len(data),
                consent_scope="coordinator",
            )
        facts = {"ids": ids, "shas": shas, "state_hash": ws.state_hash()}
    finally:
        ws.close()
    # A copy as taken before a schema upgrade: it must follow every key change.
    (path / "backups").mkdir()
    shutil.copy2(path / "workspace.db", path / "backups" / "workspace-0001-test.db")
    return facts


def assert_opens_with(path: Path, passphrase: str, facts: dict[str, Any]) -> None:
    """The workspace opens with ``passphrase`` and holds exactly the expected state."""
    from aces_desktop.store.db import raw_connect
    from aces_desktop.store.keyfile import read_keyfile
    from aces_desktop.store.workspace import Workspace

    with Workspace.open(path, passphrase) as ws:
        assert ws.state_hash() == facts["state_hash"]
        for sha, data in zip(facts["shas"], ATTACHMENTS, strict=True):
            assert ws.blobs.read_bytes(sha) == data
    key = read_keyfile(path / "workspace.key", passphrase)
    conn = raw_connect(path / "backups" / "workspace-0001-test.db", key)
    conn.close()
