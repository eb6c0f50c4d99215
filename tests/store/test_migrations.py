"""Schema upgrades from an older workspace file, and refusal of a newer one."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from aces_desktop.core.errors import AcesError, SchemaTooNew
from aces_desktop.store import keyfile, migrations
from aces_desktop.store.db import make_engine
from aces_desktop.store.search import search
from aces_desktop.store.workspace import DB_FILE, KEY_FILE, Workspace
from tests.helpers import assert_counts_exact

FIXTURE = Path(__file__).parents[1] / "fixtures" / "workspace-0001"
FIXTURE_PASSPHRASE = "fixture passphrase"


def _copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "old"
    shutil.copytree(FIXTURE, target)
    return target


def _engine(path: Path) -> Engine:
    return make_engine(path / DB_FILE, keyfile.read_keyfile(path / KEY_FILE, FIXTURE_PASSPHRASE))


def test_fixture_really_is_at_the_old_schema(tmp_path: Path) -> None:
    engine = _engine(_copy_fixture(tmp_path))
    try:
        assert migrations.current_revision(engine) == "0001_initial"
        assert migrations.head_revision() != "0001_initial"
    finally:
        engine.dispose()


def test_opening_an_older_workspace_backs_up_and_upgrades(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path)
    original = hashlib.sha256((path / DB_FILE).read_bytes()).hexdigest()
    with Workspace.open(path, FIXTURE_PASSPHRASE) as ws:
        assert ws.backup_taken is not None
        backup = Path(ws.backup_taken)
        assert backup.parent == path / "backups"
        assert hashlib.sha256(backup.read_bytes()).hexdigest() == original
        assert ws.schema_version() == migrations.head_revision()
        counts = ws.counts()
        assert counts["site"] == 1 and counts["finding"] == 1 and counts["worker_note"] == 1
        # Migration 0012 counted the rows it found (its triggers count them from then on).
        kept = assert_counts_exact(ws)
        assert kept["sites"] == 1 and kept["findings"] == 1 and kept["worker_notes"] == 1
        with ws.session() as s:
            assert [h.record_type for h in search(s, "白云服饰")] == ["site"]
            assert [h.record_type for h in search(s, "白云")] == ["site"]  # two characters
            assert search(s, "broker two months")[0].record_type == "worker_note"
    with Workspace.open(path, FIXTURE_PASSPHRASE) as ws:
        assert ws.backup_taken is None  # already current: no second backup


def test_backup_opens_with_the_same_passphrase(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path)
    with Workspace.open(path, FIXTURE_PASSPHRASE) as ws:
        backup = Path(str(ws.backup_taken))
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(backup, restored / DB_FILE)
    shutil.copy(path / KEY_FILE, restored / KEY_FILE)
    with Workspace.open(restored, FIXTURE_PASSPHRASE) as ws:  # upgrades the copy in turn
        assert ws.counts()["site"] == 1


def test_newer_schema_is_refused_and_left_untouched(workspace: Workspace, passphrase: str) -> None:
    with workspace.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_from_the_future'"))
    path = workspace.path
    workspace.close()
    before = hashlib.sha256((path / DB_FILE).read_bytes()).hexdigest()
    with pytest.raises(SchemaTooNew, match="newer version of ACES Desktop"):
        Workspace.open(path, passphrase)
    assert hashlib.sha256((path / DB_FILE).read_bytes()).hexdigest() == before
    assert not (path / "backups").exists()


def test_failed_upgrade_leaves_the_workspace_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy_fixture(tmp_path)

    def broken_upgrade(engine: Engine) -> None:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
            raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "upgrade_to_head", broken_upgrade)
    with pytest.raises(AcesError, match="unchanged"):
        Workspace.open(path, FIXTURE_PASSPHRASE)
    monkeypatch.undo()
    engine = _engine(path)
    try:
        assert migrations.current_revision(engine) == "0001_initial"
        with engine.connect() as conn:
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert "half_done" not in tables
    finally:
        engine.dispose()
    with Workspace.open(path, FIXTURE_PASSPHRASE) as ws:
        assert ws.counts()["finding"] == 1


def test_a_current_workspace_is_recognised_without_alembic(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up reads the head from the migration files' text (no Alembic import); it must
    name Alembic's own head, and say nothing when the files are not a single chain."""
    assert migrations.quick_head() == migrations.head_revision()
    assert migrations.stamped_revision(workspace.engine) == migrations.current_revision(
        workspace.engine
    )
    versions = tmp_path / "db" / "versions"
    versions.mkdir(parents=True)
    for source in sorted((migrations.migrations_path() / "versions").glob("*.py"))[:3]:
        shutil.copy(source, versions)
    monkeypatch.setattr(migrations, "migrations_path", lambda: tmp_path / "db")
    third = migrations.quick_head()
    assert third is not None and third.startswith("0003")
    (versions / "branch.py").write_text(
        'revision: str = "branch"\ndown_revision: str | None = "0001_initial"\n'
    )
    assert migrations.quick_head() is None  # two heads: Alembic decides
    (versions / "branch.py").write_text('revision = "odd"\n')
    assert migrations.quick_head() is None  # a file without its down_revision


def test_an_older_workspace_is_not_taken_for_current(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path)
    engine = _engine(path)
    try:
        assert migrations.stamped_revision(engine) == "0001_initial"
        assert migrations.stamped_revision(engine) != migrations.quick_head()
    finally:
        engine.dispose()
