"""The SQLCipher engine: one encrypted SQLite file, WAL mode, foreign keys on."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError, WorkspaceLocked, WrongPassphrase

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
# SQLAlchemy is imported when the first engine is made: a workspace file opens and shows its
# first list through ``FileReader`` alone (``store.workspace``, ``store.listing``).

CIPHER_SETTINGS = ("PRAGMA cipher_memory_security = OFF",)
DEFAULT_CACHE_KIB = 32 * 1024
BULK_CACHE_KIB = 256 * 1024
# An execution option: connections of ``engine.execution_options(**{WRITER_OPTION: True})``
# begin with ``BEGIN IMMEDIATE`` and so take SQLite's write lock before they read anything.
WRITER_OPTION = "aces_writer"


def raw_connect(path: Path, key: bytes) -> sqlcipher.Connection:
    """A DB-API connection to the encrypted database, checked to be readable."""
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for pragma in CIPHER_SETTINGS:
            conn.execute(pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongPassphrase(msg.KEY_DOES_NOT_FIT()) from None
        raise AcesError(msg.WORKSPACE_DATABASE_CANNOT_OPENED(exc)) from exc
    return conn


def make_engine(path: Path, key: bytes, pool_size: int = 4) -> Engine:
    """An engine whose connections each unlock the database with ``key``.

    The driver is put in autocommit mode and SQLAlchemy emits ``BEGIN`` itself, so every
    session is one real SQLite transaction (the pysqlite recipe in SQLAlchemy's docs).
    """

    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    def creator() -> Any:
        return raw_connect(path, key)

    engine = create_engine(
        "sqlite://",
        creator=creator,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITER_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class FileDialect:
    """What ``store.listing`` asks of an engine's dialect: its name."""

    name = "sqlite"


class FileReader:
    """Reading connections to a workspace file, without SQLAlchemy: a workspace opens, checks
    its schema and shows its first list with them before SQLAlchemy is imported (about a
    tenth of a second at start-up; ``ui.app``). ``raw_connection`` lends a DB-API connection
    as ``Engine.raw_connection`` does (``close`` gives it back), so ``store.listing`` reads
    through either. The connections are in autocommit mode: each statement reads one
    consistent snapshot of the file (WAL), as a read transaction of one statement would."""

    dialect = FileDialect()

    def __init__(self, path: Path, key: bytes, keep: int = 2) -> None:
        self.path = path
        self._key: bytes | None = key
        self._keep = keep
        self._idle: list[sqlcipher.Connection] = []
        self._lock = threading.Lock()
        self._idle.append(raw_connect(path, key))  # checks the key now

    def raw_connection(self) -> LentConnection:
        with self._lock:
            if self._key is None:
                raise WorkspaceLocked(msg.WORKSPACE_LOCKED())
            conn = self._idle.pop() if self._idle else None
            key = self._key
        return LentConnection(self, conn if conn is not None else raw_connect(self.path, key))

    def _give_back(self, conn: sqlcipher.Connection) -> None:
        with self._lock:
            if self._key is not None and len(self._idle) < self._keep:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close the idle connections and lend no more (those lent close when given back)."""
        with self._lock:
            self._key = None
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class LentConnection:
    """A connection of a ``FileReader``, given back by ``close``."""

    def __init__(self, reader: FileReader, conn: sqlcipher.Connection) -> None:
        self._reader = reader
        self._conn: sqlcipher.Connection | None = conn

    def cursor(self) -> sqlcipher.Cursor:
        assert self._conn is not None, "given back"
        return self._conn.cursor()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._reader._give_back(conn)


def checkpoint(engine: Engine | FileReader | None) -> None:
    """Fold the write-ahead log into the database file (outside any transaction)."""
    if engine is None:
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


# --- PostgreSQL (coordinator stores shared by several coordinators, docs/hub.md) ---

# The key of the advisory lock every writer transaction takes first: writers of every
# coordinator take turns on the store as SQLite's write lock makes them take turns on a file.
WRITER_LOCK_KEY = 0x41434553  # "ACES"
PG_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_postgres_url(url: str) -> bool:
    return url.startswith(PG_SCHEMES)


# Hosts reached without leaving the machine: a Unix socket folder, or the loopback interface.
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})
TLS_MODES = frozenset({"require", "verify-ca", "verify-full"})


def check_transport(url: str) -> None:
    """Refuse a connection to another machine that would not be encrypted: a non-local
    PostgreSQL URL must say ``sslmode=require``, ``verify-ca`` or ``verify-full``
    (``verify-full`` checks the server's name too: docs/hub.md). A Unix socket and
    ``localhost`` need no TLS."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(url.replace("postgresql+psycopg://", "postgresql://", 1))
    except Exception:  # psycopg's ProgrammingError: a malformed URL
        raise AcesError(msg.DATABASE_URL_NOT_POSTGRESQL()) from None
    hosts = [
        h.strip()
        for value in (params.get("host"), params.get("hostaddr"))
        for h in str(value or "").split(",")
    ]
    remote = [h for h in hosts if h not in LOCAL_HOSTS and not h.startswith("/")]
    if remote and str(params.get("sslmode", "")) not in TLS_MODES:
        raise AcesError(msg.DATABASE_NEEDS_TLS(remote[0]))


def sqlalchemy_url(url: str) -> str:
    """``url`` with the psycopg 3 driver named, as SQLAlchemy wants it."""
    for scheme in PG_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    raise AcesError(msg.DATABASE_URL_NOT_POSTGRESQL())


# Every writer transaction notifies this channel (delivered when it commits): open windows
# of other coordinators re-read their lists. A wake-up only: the revisions stay the truth.
CHANGES_CHANNEL = "aces_store_changed"


def make_pg_engine(url: str, pool_size: int = 4, notify_as: str = "") -> Engine:
    """An engine on a PostgreSQL store; writer connections take the writers' lock first,
    and announce on ``CHANGES_CHANNEL`` (payload ``notify_as``) when they commit.
    A URL to another machine without TLS is refused (``check_transport``)."""
    from sqlalchemy import create_engine, event

    check_transport(url)
    engine = create_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=4,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "aces"},
    )

    def take_turn(cursor: Any) -> None:
        # Released when the transaction ends; the notification is delivered if it commits.
        cursor.execute(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
        cursor.execute("SELECT pg_notify(%s, %s)", (CHANGES_CHANNEL, notify_as))

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.info[_TURN_TAKEN] = False
        if conn.get_execution_options().get(WRITER_OPTION):
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                take_turn(cursor)
            finally:
                cursor.close()
            conn.info[_TURN_TAKEN] = True

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(conn: Connection, cursor: Any, statement: str, *_args: Any) -> None:
        # A write outside the writer (a plain session) takes its turn before writing too,
        # so no write of any coordinator ever runs beside another's.
        if not conn.info.get(_TURN_TAKEN) and _WRITE.match(statement):
            take_turn(cursor)
            conn.info[_TURN_TAKEN] = True

    return engine


_TURN_TAKEN = "aces_turn_taken"
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def check_pg_connection(engine: Engine) -> None:
    """Connect once, turning the driver's error into a message that names the problem."""
    from sqlalchemy.exc import OperationalError

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise AcesError(msg.DATABASE_CANNOT_CONNECT(reason)) from None


def check_pg_connection_url(url: str) -> None:
    """``check_pg_connection`` on a URL, with an engine of its own."""
    engine = make_pg_engine(url, pool_size=1)
    try:
        check_pg_connection(engine)
    finally:
        engine.dispose()


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"
