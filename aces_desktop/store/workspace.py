"""A workspace: one folder with an encrypted database, its key file and encrypted blobs.

workspace.key   the database key, wrapped by the passphrase (see ``keyfile``)
workspace.db    SQLCipher database (+ -wal / -shm while open)
blobs/          age-encrypted attachments
backups/        copies taken before schema upgrades (still encrypted)

A coordinator workspace may keep its records in PostgreSQL (``--database``): the folder
then keeps the same files, and its ``workspace.db`` holds what belongs to this coordinator
alone (``local_models``: meta, secrets including the database URL, drafts) while records,
revisions and sync state live in the shared store (docs/hub.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import (
    AcesError,
    WorkspaceBusy,
    WorkspaceExists,
    WorkspaceLocked,
    WorkspaceNotFound,
)
from aces_desktop.core.ids import new_id
from aces_desktop.core.roles import ROLES, WorkspaceRole
from aces_desktop.store import keyfile, migrations, rekey, throttle
from aces_desktop.store.blobs import BlobStore
from aces_desktop.store.db import (
    CHANGES_CHANNEL,
    WRITER_OPTION,
    FileReader,
    checkpoint,
    make_engine,
)
from aces_desktop.store.listing import Reader, fetch
from aces_desktop.store.secrets import (
    SECRET_BLOB_AGE,
    SECRET_BLOB_NAMES,
    SECRET_CA_KEY,
    SECRET_DEVICE_AGE,
    SECRET_DEVICE_SIGNING,
    SECRET_STORE_URL,
    get_meta,
    get_secret,
    set_meta,
    set_secret,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from aces_desktop.store import models as m
    from aces_desktop.store.records import RecordStore

# SQLAlchemy, its ORM, the models and the record store are imported when first used, not to
# open a workspace file: it opens, and the GUI shows its first list, through DB-API
# connections (``db.FileReader``, ``Workspace.reader``); the GUI loads the rest in the
# background meanwhile (``load_orm``).

DB_FILE = "workspace.db"
KEY_FILE = "workspace.key"
BLOBS_DIR = "blobs"
BACKUPS_DIR = "backups"


# What opening a workspace does without (see ``load_orm``), in the order it is loaded.
ORM_MODULES = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "aces_desktop.store.models",
    "aces_desktop.store.records",
    "aces_desktop.store.drafts",
    "aces_desktop.store.record_choices",
    "aces_desktop.store.outreach",
    "aces_desktop.sync.provenance",  # the detail pane's revoked authors (the first record shown)
)


def load_orm() -> None:
    """Import SQLAlchemy, its ORM and the models and configure the mappers: what the first
    session or record operation would otherwise do. The GUI calls it in a thread once its
    window is shown (``ui.controller``), so the first record opened does not wait for it."""
    import importlib

    for name in ORM_MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()


def local_models() -> tuple[type[Any], ...]:
    """Tables that stay in the workspace file when the records live in PostgreSQL: what
    belongs to one coordinator (its keys, its device id, its drafts), never to the store."""
    from aces_desktop.store import models as m
    from aces_desktop.store.drafts import DraftRow

    return (m.Meta, m.Secret, DraftRow)


# Facts about the store kept in the PostgreSQL ``meta`` table (not reachable through
# sessions, whose ``Meta`` is the workspace file's): which organisation's store it is.
STORE_ORGANISATION = "store_organisation"
# What opening a workspace reads (SQL text on the tables of ``models.Meta``/``Secret``).
META_SQL = "SELECT key, value FROM meta"
SECRET_SQL = "SELECT value FROM secrets WHERE name = :name"


@dataclass(frozen=True)
class WorkspaceMeta:
    workspace_id: str
    name: str
    role: str
    device_id: str
    created_at: str
    person_id: str | None


def is_workspace(path: Path) -> bool:
    return (path / KEY_FILE).is_file() and (path / DB_FILE).is_file()


def device_fingerprint(sign_public: bytes, age_recipient: str) -> str:
    return hashlib.sha256(sign_public + b"\n" + age_recipient.encode("ascii")).hexdigest()


class Workspace:
    """An open (unlocked) workspace. Use ``Workspace.create`` or ``Workspace.open``."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        upgraded_from_backup: str | None = None,
        *,
        reader: FileReader | None = None,
    ) -> None:
        self.path = path
        self._key: bytes | None = key
        # Names this open workspace in the store's change notifications (``store_changes``).
        self.instance = new_id()
        # The workspace file's connections without SQLAlchemy (``db.FileReader``); the
        # records' engine (the file's, made when first used, or the PostgreSQL store's);
        # the file's engine beside a store (``local_models``).
        self._reader: FileReader | None = None
        self._engine: Engine | None = None
        self._local: Engine | None = None
        self._store_url: str | None = None
        self._engine_lock = threading.Lock()
        self._connect(key, reader)
        self._factories: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None
        self._write_lock = threading.Lock()
        self.backup_taken = upgraded_from_backup
        self.meta = self._load_meta()
        self._records: RecordStore | None = None
        self._blobs: BlobStore | None = None

    # --- lifecycle -----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        role: str,
        name: str,
        person_name: str | None = None,
        kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
        database: str | None = None,
        join: StoreJoin | None = None,
        owner_url: str | None = None,
    ) -> Workspace:
        """Make a new workspace folder; it appears complete or not at all.

        ``database``: a PostgreSQL URL; the coordinator's records then live there (an empty
        database gets a new store; with ``join``, an existing store of the organisation).
        ``join``: what an invitation gives a second coordinator (``sync.invite``).
        ``owner_url``: the URL of the role owning the database: the store is made with it and
        ``database``'s role gets only the application's rights (``store.pg_roles``); only
        ``database`` is kept."""
        path = Path(path)
        if role not in ROLES:
            raise AcesError(msg.ROLE_MUST_FIELD_COORDINATOR_NOT(role))
        if not name.strip():
            raise AcesError(msg.GIVE_WORKSPACE_NAME())
        if (database or join) and role != "coordinator":
            raise AcesError(msg.DATABASE_ONLY_COORDINATOR())
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise WorkspaceExists(msg.WORKSPACE_EXISTS(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.parent / f".{path.name}.creating-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        try:
            data_key = os.urandom(32)
            keyfile.write_keyfile(staging / KEY_FILE, data_key, passphrase, kdf)
            engine = make_engine(staging / DB_FILE, data_key)
            try:
                from sqlalchemy.orm import Session

                migrations.upgrade_to_head(engine)
                with Session(engine) as s, s.begin():
                    _initialise(s, role=role, name=name.strip())
                    if join is not None:
                        join.apply(s)
                    if database:
                        set_secret(s, SECRET_STORE_URL, database.encode("utf-8"))
                    own = _own_device(s)
                    workspace_id = str(get_meta(s, "workspace_id"))
                    organisation = join.organisation if join else workspace_id
            finally:
                engine.dispose()
            if database:
                _prepare_store(database, own, workspace_id, organisation, join, owner_url)
            (staging / DB_FILE).chmod(0o600)
            (staging / BLOBS_DIR).mkdir(mode=0o700)
            if path.exists():
                path.rmdir()
            os.replace(staging, path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        ws = cls(path, data_key)
        if person_name:
            ws.set_person(person_name)
        return ws

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Workspace:
        path = Path(path)
        if not path.exists():
            raise WorkspaceNotFound(msg.NO_WORKSPACE(path))
        if not (path / DB_FILE).is_file():
            raise WorkspaceNotFound(msg.NOT_A_WORKSPACE(path, KEY_FILE, DB_FILE))
        key = _read_key(path, passphrase)
        reader = FileReader(path / DB_FILE, key)  # checks the key
        backup = None
        try:
            if not migrations.is_current(reader):  # Alembic and an engine only to upgrade
                reader.close()
                engine = make_engine(path / DB_FILE, key)
                try:
                    backup = migrations.check_and_upgrade(
                        engine, path / DB_FILE, path / BACKUPS_DIR
                    )
                finally:
                    engine.dispose()
                reader = FileReader(path / DB_FILE, key)
        except BaseException:
            reader.close()
            raise
        ws = cls(path, key, backup, reader=reader)
        if ws.on_postgres:
            try:
                migrations.upgrade_store(ws.engine)
            except BaseException:
                ws.close()
                raise
        return ws

    def close(self) -> None:
        local = self._local or self._engine
        with contextlib.suppress(Exception):
            checkpoint(local or self._reader)  # the file's: through either
        if local is not None:
            local.dispose()
        if self._engine is not None and self._engine is not local:
            self._engine.dispose()
        if self._reader is not None:
            self._reader.close()
        self._engine = None
        self._local = None
        self._reader = None
        self._store_url = None
        self._key = None
        self._blobs = None

    def lock(self) -> None:
        """Forget the key and close every connection; ``unlock`` reopens."""
        self.close()

    def unlock(self, passphrase: str) -> None:
        key = _read_key(self.path, passphrase)
        self._connect(key)
        self._key = key  # unlocked once the file (and the store) answered
        self._factories = None

    def _connect(self, key: bytes, reader: FileReader | None = None) -> None:
        """Open the workspace file (``FileReader``: no SQLAlchemy needed for a file, whose
        engine is made when first used), or the PostgreSQL store whose URL the file keeps
        (then the file's engine stays open beside it for ``local_models``)."""
        reader = reader or FileReader(self.path / DB_FILE, key)
        try:
            url_value = _secret_value(reader, SECRET_STORE_URL)
            ca = _secret_value(reader, SECRET_CA_KEY) if url_value is not None else None
        except BaseException:
            reader.close()
            raise
        self._reader = reader
        self._engine = self._local = self._store_url = None
        if url_value is None:
            return
        from aces_desktop.store import content_crypto
        from aces_desktop.store.db import check_pg_connection, make_pg_engine

        url = url_value.decode("utf-8")
        store = make_pg_engine(url, notify_as=self.instance)
        content_crypto.use_key(store, content_crypto.content_key(ca) if ca else None)
        try:
            check_pg_connection(store)
        except BaseException:
            store.dispose()
            reader.close()
            self._reader = None
            raise
        self._local = make_engine(self.path / DB_FILE, key)
        self._engine, self._store_url = store, url

    def _session_factories(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """The reading and the writing session factories, made at the first session (the
        ORM is not needed before: ``store.listing`` reads the lists through ``reader``)."""
        factories = self._factories
        if factories is None:
            from sqlalchemy.orm import sessionmaker

            engine = self.engine
            writer = engine.execution_options(**{WRITER_OPTION: True})
            binds: dict[Any, Engine] = {}
            writer_binds: dict[Any, Engine] = {}
            if self._local is not None:
                local_writer = self._local.execution_options(**{WRITER_OPTION: True})
                binds = dict.fromkeys(local_models(), self._local)
                writer_binds = dict.fromkeys(local_models(), local_writer)
            factories = (
                sessionmaker(bind=engine, binds=binds, expire_on_commit=False),
                sessionmaker(bind=writer, binds=writer_binds, expire_on_commit=False),
            )
            self._factories = factories
        return factories

    @property
    def records(self) -> RecordStore:
        """The record store writing revisions as this device and person."""
        if self._records is None:
            from aces_desktop.store.records import Author, RecordStore

            meta = self.meta
            self._records = RecordStore(Author(meta.device_id, meta.person_id, meta.role))
        return self._records

    @records.setter
    def records(self, store: RecordStore) -> None:
        self._records = store

    def load_content_key(self) -> None:
        """Encrypt free text for the PostgreSQL store with the organisation's content key
        (``store.content_crypto``), once the organisation's CA exists."""
        if not self.on_postgres:
            return
        from aces_desktop.store import content_crypto
        from aces_desktop.store import models as m

        with self.session() as s:
            ca = s.get(m.Secret, SECRET_CA_KEY)
        if ca is not None:
            content_crypto.use_key(self.engine, content_crypto.content_key(ca.value))

    @property
    def on_postgres(self) -> bool:
        """Whether the records live in a PostgreSQL store (docs/hub.md)."""
        return self._key is not None and self._store_url is not None

    def store_changes(self, stop: threading.Event, timeout: float = 1.0) -> Iterator[None]:
        """Yields whenever another process (another coordinator) commits a write to this
        workspace's PostgreSQL store, until ``stop`` is set; nothing for a workspace file.

        Uses its own connection listening on ``CHANGES_CHANNEL``; notifications are a
        wake-up only (several writes may arrive as one), the records stay the truth."""
        if not self.on_postgres:
            return
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            raw.rollback()
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
            while not stop.is_set():
                other = False
                for note in conn.notifies(timeout=timeout, stop_after=1):
                    other = other or note.payload != self.instance
                if other and not stop.is_set():
                    yield None
        finally:
            raw.invalidate()  # never back to the pool in autocommit and listening

    @property
    def local_engine(self) -> Engine:
        """The workspace file's engine (the records' engine unless they live in PostgreSQL)."""
        engine = self.engine
        return self._local or engine

    @property
    def locked(self) -> bool:
        return self._key is None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- access --------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The records' SQLAlchemy engine (a workspace file's is made at its first use)."""
        key = self._key
        if key is None:
            raise WorkspaceLocked(msg.WORKSPACE_LOCKED())
        engine = self._engine
        if engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = make_engine(self.path / DB_FILE, key)
                engine = self._engine
        return engine

    @property
    def reader(self) -> Reader:
        """What the record lists read through (``store.listing``): the workspace file's
        ``FileReader`` (no SQLAlchemy needed), or the PostgreSQL store's engine."""
        if self._key is None or self._reader is None:
            raise WorkspaceLocked(msg.WORKSPACE_LOCKED())
        return self.engine if self._store_url is not None else self._reader

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        self.engine  # noqa: B018 - raises WorkspaceLocked when locked
        with self._session_factories()[0]() as s, s.begin():
            yield s

    @contextlib.contextmanager
    def writing(self, wait: float | None = None) -> Iterator[Session]:
        """The one writer: one transaction that holds SQLite's write lock from its start.

        Writes of this process take turns on a lock first, so a short save never waits
        inside a transaction for a long merge (and never times out there); ``wait`` seconds
        (``None``: as long as it takes) is how long it may queue before ``WorkspaceBusy``.
        """
        self.engine  # noqa: B018 - raises WorkspaceLocked when locked
        if not self._write_lock.acquire(timeout=-1 if wait is None else wait):
            raise WorkspaceBusy(msg.ANOTHER_CHANGE_MERGE_IMPORT_BEING())
        try:
            with self._session_factories()[1]() as s, s.begin():
                s.connection()  # BEGIN IMMEDIATE now, not at the first statement
                yield s
        finally:
            self._write_lock.release()

    @property
    def role(self) -> WorkspaceRole:
        return WorkspaceRole(self.meta.role)

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def device_id(self) -> str:
        return self.meta.device_id

    @property
    def blobs(self) -> BlobStore:
        if self._blobs is None:
            with self.session() as s:
                identity = get_secret(s, SECRET_BLOB_AGE).decode("ascii")
                names = get_secret(s, SECRET_BLOB_NAMES)
            self._blobs = BlobStore(self.path / BLOBS_DIR, identity, names)
        return self._blobs

    def _load_meta(self) -> WorkspaceMeta:
        assert self._reader is not None
        values = {str(k): str(v) for k, v in fetch(self._reader, META_SQL, {})}
        try:
            return WorkspaceMeta(
                workspace_id=values["workspace_id"],
                name=values["name"],
                role=values["role"],
                device_id=values["device_id"],
                created_at=values["created_at"],
                person_id=values.get("person_id"),
            )
        except KeyError as exc:
            raise AcesError(msg.WORKSPACE_INCOMPLETE_MISSING(exc.args[0])) from exc

    def set_person(self, name: str) -> str:
        """Record who works on this device; later revisions name them."""
        with self.writing() as s:
            person_id = self.records.put(s, "person", {"name": name, "role": "auditor"})
            set_meta(s, "person_id", person_id)
        self.meta = self._load_meta()
        self._records = None
        return person_id

    # --- facts ---------------------------------------------------------------------------

    def state_hash(self) -> str:
        with self.session() as s:
            return self.records.state_hash(s)

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func, select

        from aces_desktop.store import models as m

        with self.session() as s:
            counts = {
                name: s.execute(select(func.count()).select_from(model)).scalar() or 0
                for name, model in m.MODEL_BY_TYPE.items()
            }
            counts["revisions"] = (
                s.execute(select(func.count()).select_from(m.RevisionRow)).scalar() or 0
            )
            counts["conflicts"] = (
                s.execute(
                    select(func.count()).select_from(m.RecordState).where(m.RecordState.conflict)
                ).scalar()
                or 0
            )
        return counts

    def schema_version(self) -> str | None:
        return migrations.current_revision(self.engine)

    def self_device(self) -> m.Device:
        from aces_desktop.store import models as m

        with self.session() as s:
            device = s.get(m.Device, self.device_id)
        if device is None:
            raise AcesError(msg.WORKSPACE_LOST_OWN_DEVICE_ENTRY())
        return device

    def info(self) -> dict[str, Any]:
        device = self.self_device()
        return {
            "workspace": str(self.path),
            "workspace_id": self.meta.workspace_id,
            "name": self.meta.name,
            "role": self.meta.role,
            "created_at": self.meta.created_at,
            "schema_version": self.schema_version(),
            "device_id": self.device_id,
            "key_fingerprint": device.fingerprint,
            "counts": self.counts(),
            "state_hash": self.state_hash(),
            "store": (
                self.engine.url.render_as_string(hide_password=True) if self.on_postgres else "file"
            ),
        }


@dataclass(frozen=True)
class StoreJoin:
    """What an invitation gives a second coordinator of an organisation (``sync.invite``):
    the organisation, and meta facts and secrets (its CA) copied into the new workspace."""

    organisation: str
    meta: dict[str, str]
    secrets: dict[str, bytes]
    invitation: str
    inviter: str

    def apply(self, s: Session) -> None:
        for key, value in self.meta.items():
            set_meta(s, key, value)
        for name, secret in self.secrets.items():
            set_secret(s, name, secret)


def _secret_value(reader: FileReader, name: str) -> bytes | None:
    """A secret read with SQL text from the workspace file (``secrets``)."""
    found = fetch(reader, SECRET_SQL, {"name": name})
    return bytes(found[0][0]) if found else None


def _own_device(s: Session) -> dict[str, Any]:
    from sqlalchemy import select

    from aces_desktop.store import models as m

    row = s.execute(select(m.Device).where(m.Device.is_self)).scalar_one()
    return {c.name: getattr(row, c.key) for c in m.Device.__table__.columns}


def _prepare_store(
    url: str,
    own: dict[str, Any],
    workspace_id: str,
    organisation: str,
    join: StoreJoin | None,
    owner_url: str | None = None,
) -> None:
    """Make the PostgreSQL store (or check the existing one is the organisation's) and add
    this coordinator's device to it, in one transaction under the writers' lock; with
    ``owner_url``, as the owner, granting ``url``'s role the application's rights."""
    from sqlalchemy import Table, inspect, select
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    from aces_desktop.store import models as m
    from aces_desktop.store import pg_roles
    from aces_desktop.store.db import check_pg_connection, check_pg_connection_url, make_pg_engine
    from aces_desktop.store.records import utc_now_iso
    from aces_desktop.store.sync_models import SyncPeer

    app_role = pg_roles.role_of(url) if owner_url else None
    if owner_url:
        check_pg_connection_url(url)  # the application's role can log in
    engine = make_pg_engine(owner_url or url)
    try:
        check_pg_connection(engine)
        with engine.execution_options(**{WRITER_OPTION: True}).begin() as conn:
            current = migrations.current_revision_of(conn)
            if current is None:
                tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
                if tables:
                    raise AcesError(msg.DATABASE_NOT_EMPTY(", ".join(sorted(tables)[:5])))
            else:
                if join is None:
                    raise AcesError(msg.DATABASE_ALREADY_HOLDS_STORE())
            migrations.upgrade_connection(conn)
            meta = cast(Table, m.Meta.__table__)
            found = conn.execute(
                select(meta.c.value).where(meta.c.key == STORE_ORGANISATION)
            ).scalar()
            if found is None:
                conn.execute(meta.insert().values(key=STORE_ORGANISATION, value=organisation))
            elif found != organisation:
                raise AcesError(msg.DATABASE_OTHER_ORGANISATION())
            if join is not None:  # an invitation makes one coordinator of a store
                key = f"invitation_used:{join.invitation}"
                used = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
                if used is not None:
                    when, _, name = used.partition(" ")
                    raise AcesError(msg.INVITATION_ALREADY_USED(when[:10], name))
                conn.execute(meta.insert().values(key=key, value=f"{utc_now_iso()} {own['name']}"))
            device = {**own, "is_self": False}
            devices = cast(Table, m.Device.__table__)
            conn.execute(pg_insert(devices).values(device).on_conflict_do_nothing())
            # A peer of the organisation: the store's coordinators vouch for each other in
            # their bundles (``sync.export``), so field devices accept each of them.
            peers = cast(Table, SyncPeer.__table__)
            peer = {
                "device_id": own["device_id"],
                "workspace_id": workspace_id,
                "organisation": organisation,
            }
            conn.execute(pg_insert(peers).values(peer).on_conflict_do_nothing())
            if app_role is not None and app_role != pg_roles.role_of(cast(str, owner_url)):
                pg_roles.grant_app_role(conn, app_role)
    finally:
        engine.dispose()


def _read_key(path: Path, passphrase: str) -> bytes:
    """The database key: finishes an interrupted passphrase change first, and slows down
    repeated wrong passphrases (``throttle``)."""
    rekey.recover(path)
    return throttle.attempt(path, lambda: keyfile.read_keyfile(path / KEY_FILE, passphrase))


def _initialise(s: Session, *, role: str, name: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from aces_desktop.store import models as m
    from aces_desktop.store.records import utc_now_iso

    now = utc_now_iso()
    device_id = new_id()
    for key, value in {
        "workspace_id": new_id(),
        "name": name,
        "role": role,
        "device_id": device_id,
        "created_at": now,
        "clock": "0",
    }.items():
        set_meta(s, key, value)
    signing = Ed25519PrivateKey.generate()
    sign_private = signing.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    sign_public = signing.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    import pyrage  # not at start-up (docs/gui-development.md)

    device_age = pyrage.x25519.Identity.generate()
    blob_age = pyrage.x25519.Identity.generate()
    set_secret(s, SECRET_DEVICE_SIGNING, sign_private)
    set_secret(s, SECRET_DEVICE_AGE, str(device_age).encode("ascii"))
    set_secret(s, SECRET_BLOB_AGE, str(blob_age).encode("ascii"))
    set_secret(s, SECRET_BLOB_NAMES, os.urandom(32))
    recipient = str(device_age.to_public())
    s.add(
        m.Device(
            device_id=device_id,
            name=name,
            role=role,
            sign_public=sign_public.hex(),
            age_recipient=recipient,
            fingerprint=device_fingerprint(sign_public, recipient),
            trusted=True,
            is_self=True,
            added_at=now,
        )
    )


def now_date() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
