"""Workspace life cycle, encryption at rest and the key file."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from aces_desktop.core.errors import (
    AcesError,
    WorkspaceExists,
    WorkspaceLocked,
    WorkspaceNotFound,
    WrongPassphrase,
)
from aces_desktop.store import migrations
from aces_desktop.store.workspace import DB_FILE, KEY_FILE, Workspace
from tests.helpers import SECRET_NOTE, add, small_world


def test_create_open_and_facts(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "ws"
    with Workspace.create(
        path, passphrase, role="coordinator", name="Dhaka team", person_name="A. Rahman"
    ) as ws:
        info = ws.info()
        assert info["role"] == "coordinator"
        assert info["name"] == "Dhaka team"
        assert info["schema_version"] == migrations.head_revision()
        assert len(info["key_fingerprint"]) == 64
        assert info["counts"]["person"] == 1
    with Workspace.open(path, passphrase) as ws:
        assert ws.info()["workspace_id"] == info["workspace_id"]
        assert ws.meta.person_id is not None


def test_wrong_passphrase_is_a_clear_error(workspace: Workspace) -> None:
    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
        Workspace.open(path, "not the passphrase")


def test_missing_and_foreign_folders(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(WorkspaceNotFound, match="no workspace"):
        Workspace.open(tmp_path / "absent", passphrase)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("hello")
    with pytest.raises(WorkspaceNotFound, match="not an ACES workspace"):
        Workspace.open(tmp_path / "other", passphrase)
    with pytest.raises(WorkspaceExists):
        Workspace.create(tmp_path / "other", passphrase, role="field", name="x")
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == ["notes.txt"]


def test_bad_role_and_empty_passphrase(tmp_path: Path) -> None:
    with pytest.raises(AcesError, match="role"):
        Workspace.create(tmp_path / "a", "pw", role="boss", name="x")
    with pytest.raises(AcesError, match="passphrase is required"):
        Workspace.create(tmp_path / "b", "", role="field", name="x")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_lock_and_unlock(workspace: Workspace, passphrase: str) -> None:
    site = add(workspace, "site", name="Mill", country="IN")
    workspace.lock()
    assert workspace.locked
    with pytest.raises(WorkspaceLocked):
        workspace.state_hash()
    with pytest.raises(WrongPassphrase):
        workspace.unlock("guess")
    assert workspace.locked
    workspace.unlock(passphrase)
    with workspace.session() as s:
        assert workspace.records.get(s, site)[1]["name"] == "Mill"


def test_database_is_not_readable_by_plain_sqlite(workspace: Workspace) -> None:
    add(workspace, "site", name="Mill", country="IN")
    workspace.close()
    result = subprocess.run(
        ["sqlite3", str(workspace.path / DB_FILE), "SELECT name FROM sites"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "not a database" in result.stderr
    assert (workspace.path / DB_FILE).read_bytes()[:16] != b"SQLite format 3\x00"


def test_no_plaintext_of_worker_notes_or_attachments_on_disk(workspace: Workspace) -> None:
    ids = small_world(workspace)
    photo_text = b"PHOTO-BODY-unique-8f1e2d" * 50
    sha, size = workspace.blobs.put_bytes(photo_text)
    add(
        workspace,
        "attachment",
        owner_type="finding",
        owner_id=ids["finding"],
        sha256=sha,
        media_type="image/jpeg",
        size=size,
        original_name="cabinet.jpg",
    )
    needles = [
        SECRET_NOTE.encode(),
        SECRET_NOTE.encode("utf-16-le"),
        b"PHOTO-BODY-unique",
        b"zqx-7731",
        sha.encode(),
    ]
    for closed in (False, True):  # while open (WAL in use) and after closing
        if closed:
            workspace.close()
        files = [p for p in workspace.path.rglob("*") if p.is_file()]
        assert any(p.name.endswith(".age") for p in files)
        for path in files:
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle[:20]!r} found in {path.name}"


def test_files_are_private_to_the_user(workspace: Workspace) -> None:
    add(workspace, "site", name="Mill", country="IN")
    workspace.blobs.put_bytes(b"x" * 100)
    assert (workspace.path.stat().st_mode & 0o077) == 0
    for name in (DB_FILE, KEY_FILE):
        assert (os.stat(workspace.path / name).st_mode & 0o077) == 0, name


def test_key_file_rewrap_keeps_the_database_key(workspace: Workspace, passphrase: str) -> None:
    from aces_desktop.store import keyfile

    key = keyfile.read_keyfile(workspace.path / KEY_FILE, passphrase)
    keyfile.write_keyfile(workspace.path / KEY_FILE, key, "a new passphrase")
    workspace.close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(workspace.path, passphrase)
    Workspace.open(workspace.path, "a new passphrase").close()


def test_damaged_key_file(workspace: Workspace, passphrase: str) -> None:
    workspace.close()
    (workspace.path / KEY_FILE).write_text("{not json")
    with pytest.raises(AcesError, match="key file is damaged"):
        Workspace.open(workspace.path, passphrase)
    (workspace.path / KEY_FILE).unlink()
    with pytest.raises(AcesError, match=r"key file .* is missing"):
        Workspace.open(workspace.path, passphrase)


def test_blob_store_round_trip_and_names(workspace: Workspace) -> None:
    data = os.urandom(300_000)
    sha, size = workspace.blobs.put_bytes(data)
    assert size == len(data)
    assert workspace.blobs.read_bytes(sha) == data
    again, _ = workspace.blobs.put_bytes(data)
    assert again == sha and len(workspace.blobs.files()) == 1
    assert sha not in workspace.blobs.files()[0].name
    with pytest.raises(AcesError, match="not in this workspace"):
        workspace.blobs.read_bytes("0" * 64)
    stored = workspace.blobs.files()[0]
    raw = bytearray(stored.read_bytes())
    raw[-10] ^= 0xFF
    stored.write_bytes(bytes(raw))
    with pytest.raises(AcesError, match="damaged"):
        workspace.blobs.read_bytes(sha)


def test_blob_is_decryptable_by_age_tool_with_the_workspace_identity(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The blob format is standard age: an independent tool reads it with the key."""
    from aces_desktop.store.secrets import SECRET_BLOB_AGE, get_secret

    _sha, _ = workspace.blobs.put_bytes(b"independent check")
    with workspace.session() as s:
        identity = get_secret(s, SECRET_BLOB_AGE).decode()
    key_file = tmp_path / "identity.txt"
    key_file.write_text(identity + "\n")
    result = subprocess.run(
        ["age", "--decrypt", "-i", str(key_file), str(workspace.blobs.files()[0])],
        capture_output=True,
        check=True,
    )
    assert result.stdout == b"independent check"
