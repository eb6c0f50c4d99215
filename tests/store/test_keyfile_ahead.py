"""A key derived ahead (in a thread, while start-up imports) opens the workspace as a key
derived at the unlock does; a different passphrase or key file never takes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aces_desktop.core.errors import AcesError, WrongPassphrase
from aces_desktop.store import keyfile
from aces_desktop.store.workspace import KEY_FILE, Workspace

FAST = keyfile.KdfParams(iterations=1, lanes=1, memory_cost_kib=8)


def _keyfile(tmp_path: Path, passphrase: str = "right one") -> tuple[Path, bytes]:
    path = tmp_path / "workspace.key"
    key = b"k" * 32
    keyfile.write_keyfile(path, key, passphrase, FAST)
    return path, key


def _no_derive_at_unlock(*_args: object) -> bytes:
    raise AssertionError("derived at the unlock, not ahead")


def test_a_key_derived_ahead_is_taken_once_and_equals_the_unlocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, key = _keyfile(tmp_path)
    keyfile.derive_ahead(path, "right one")
    assert keyfile._ahead is not None
    with monkeypatch.context() as patch:
        patch.setattr(keyfile, "_derive", _no_derive_at_unlock)
        assert keyfile.read_keyfile(path, "right one") == key
    assert keyfile._ahead is None  # used once, and the passphrase no longer held
    assert keyfile.last_derive_wait <= keyfile.last_derive_seconds + 1.0
    assert keyfile.read_keyfile(path, "right one") == key  # derived again, same key


def test_a_key_derived_ahead_for_another_passphrase_or_file_is_not_taken(tmp_path: Path) -> None:
    path, _key = _keyfile(tmp_path)
    keyfile.derive_ahead(path, "right one")
    with pytest.raises(WrongPassphrase):
        keyfile.read_keyfile(path, "wrong one")
    assert keyfile._ahead is None
    keyfile.derive_ahead(path, "right one")
    (tmp_path / "other").mkdir()
    other, other_key = _keyfile(tmp_path / "other")
    assert keyfile.read_keyfile(other, "right one") == other_key  # its own salt: derived anew
    keyfile.derive_ahead(tmp_path / "missing.key", "right one")  # nothing to derive for
    assert keyfile._ahead is None
    (tmp_path / "bad.key").write_text("[]", encoding="utf-8")
    keyfile.derive_ahead(tmp_path / "bad.key", "right one")
    assert keyfile._ahead is None
    with pytest.raises(AcesError):
        keyfile.read_keyfile(tmp_path / "bad.key", "right one")


def test_the_workspace_opens_with_its_key_derived_ahead(
    workspace: Workspace, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace.path
    workspace.close()
    keyfile.derive_ahead(path / KEY_FILE, passphrase)
    monkeypatch.setattr(keyfile, "_derive", _no_derive_at_unlock)
    reopened = Workspace.open(path, passphrase)
    try:
        assert keyfile._ahead is None
        assert keyfile.last_derive_wait <= keyfile.last_derive_seconds + 1.0
    finally:
        reopened.close()
