"""Creating and upgrading the workspace schema with the Alembic migrations in ``db/``.

Opening a workspace whose schema is current does not import Alembic (a tenth of a second of
start-up): ``quick_head`` reads the head revision from the migration files' text and
``stamped_revision`` the workspace's from its ``alembic_version`` table; Alembic decides
whenever they differ or either is unsure.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError, SchemaTooNew
from aces_desktop.core.resources import migrations_path
from aces_desktop.store.db import WRITER_OPTION, FileReader, checkpoint

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

_REVISION = re.compile(r"^revision(?:: str)? = [\"']([^\"']+)[\"']$", re.M)
_DOWN_REVISION = re.compile(r"^down_revision(?:: [^=]+)? = (?:[\"']([^\"']+)[\"']|(None))$", re.M)


def quick_head() -> str | None:
    """The head revision as the migration files' text says, without importing Alembic;
    None unless every file names its revision and the one before it and exactly one
    revision follows no other."""
    revisions: set[str] = set()
    earlier: set[str] = set()
    try:
        files = sorted((migrations_path() / "versions").glob("*.py"))
        texts = [f.read_text(encoding="utf-8") for f in files]
    except OSError:
        return None
    for text in texts:
        revision, down = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0][0]:
            earlier.add(down[0][0])
    heads = revisions - earlier
    return heads.pop() if len(heads) == 1 and earlier <= revisions else None


def stamped_revision(engine: Engine | FileReader) -> str | None:
    """The revision recorded in a workspace file's ``alembic_version`` table (None if none),
    read through a DB-API connection (of an engine, or of a ``FileReader``)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        )
        (tables,) = cursor.fetchone() or (0,)
        if not tables:
            return None
        cursor.execute("SELECT version_num FROM alembic_version")
        rows = cursor.fetchall()
    finally:
        raw.close()
    return str(rows[0][0]) if len(rows) == 1 else None


def is_current(engine: Engine | FileReader) -> bool:
    """Whether a workspace file is at the current schema, without Alembic or SQLAlchemy."""
    quick = quick_head()
    return quick is not None and stamped_revision(engine) == quick


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(migrations_path() / "versions"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise AcesError(msg.APPLICATION_DATABASE_MIGRATIONS_MISSING())
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current_revision_of(conn)


def current_revision_of(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Run every pending migration in one transaction."""
    with engine.begin() as conn:
        upgrade_connection(conn)


def upgrade_connection(conn: Connection) -> None:
    """Run every pending migration inside ``conn``'s transaction."""
    from alembic import command

    command.upgrade(alembic_config(conn), "head")


def upgrade_store(engine: Engine) -> None:
    """Bring a PostgreSQL store to the current schema, in one transaction under the writers'
    lock (so two coordinators opening it at once upgrade it once). There is no file to copy
    first: back the database up with ``pg_dump`` before upgrading the application
    (docs/hub.md)."""
    with engine.connect() as conn:
        current = current_revision_of(conn)
    head = head_revision()
    if current == head:
        return
    if current is None:
        raise AcesError(msg.DATABASE_HOLDS_NO_STORE())
    if current not in known_revisions():
        raise SchemaTooNew(msg.SCHEMA_TOO_NEW(current, head))
    from sqlalchemy.exc import ProgrammingError

    try:
        with engine.execution_options(**{WRITER_OPTION: True}).begin() as conn:
            upgrade_connection(conn)
            from aces_desktop.store.pg_roles import regrant

            regrant(conn)  # the owner upgrades: the application's roles get the new tables
    except ProgrammingError as exc:
        # The application's role owns nothing (store.pg_roles): the owner upgrades.
        if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            raise AcesError(msg.DATABASE_UPGRADE_NEEDS_OWNER(current, head)) from None
        raise


def upgrade_store_as_owner(owner_url: str) -> tuple[str | None, str]:
    """Upgrade a PostgreSQL store with its owner's URL (``aces org upgrade-store``);
    returns the schema versions before and after."""
    from aces_desktop.store.db import check_pg_connection, make_pg_engine

    engine = make_pg_engine(owner_url, pool_size=1)
    try:
        check_pg_connection(engine)
        with engine.connect() as conn:
            before = current_revision_of(conn)
        upgrade_store(engine)
        return before, head_revision()
    finally:
        engine.dispose()


def check_and_upgrade(engine: Engine, db_path: Path, backups: Path) -> str | None:
    """Bring an existing workspace to the current schema.

    Returns the path of the backup taken before upgrading, or ``None`` when the schema was
    already current. A workspace from a newer application is refused untouched.
    """
    if is_current(engine):
        return None  # current: no Alembic at start-up
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is None:
        raise AcesError(msg.NOT_ACES_WORKSPACE_DATABASE_NO(db_path))
    if current not in known_revisions():
        raise SchemaTooNew(msg.SCHEMA_TOO_NEW(current, head))
    backup = backup_database(engine, db_path, backups, label=current)
    try:
        upgrade_to_head(engine)
    except Exception as exc:
        raise AcesError(
            msg.UPGRADING_WORKSPACE_SCHEMA_FAILED_WORKSPACE(current, exc, backup)
        ) from exc
    return str(backup)


def backup_database(engine: Engine, db_path: Path, backups: Path, label: str) -> Path:
    """Copy the (still encrypted) database file after folding the WAL into it."""
    checkpoint(engine)
    engine.dispose()
    backups.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"workspace-{label}-{stamp}.db"
    partial = target.with_suffix(".db.part")
    shutil.copyfile(db_path, partial)
    partial.rename(target)
    return target
