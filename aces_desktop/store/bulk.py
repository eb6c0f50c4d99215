"""The bulk path: many new records, one revision each, written with ``executemany``.

Used for demo data and large imports. It produces exactly what ``RecordStore.put`` would
(same revisions, same record state, same rows), minus the per-record checks: callers pass
content that is already normalised (``core.schema.normalize``) and references that exist.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from aces_desktop.core import schema
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.revision import REVISION_FORMAT, state_digest
from aces_desktop.store import content_crypto
from aces_desktop.store import models as m
from aces_desktop.store.db import BULK_CACHE_KIB, DEFAULT_CACHE_KIB
from aces_desktop.store.records import Author, logical_clock, on_postgres, search_text, utc_now_iso
from aces_desktop.store.sealed_columns import Sealed

_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_plain_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _json_str(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def _columns(type_name: str) -> list[str]:
    table = m.MODEL_BY_TYPE[type_name].__table__  # type: ignore[attr-defined]
    return [c.name for c in table.columns]


def _sealed_columns(type_name: str) -> frozenset[str]:
    """Columns the models encrypt in a PostgreSQL store (``content_crypto``)."""
    table = m.MODEL_BY_TYPE[type_name].__table__  # type: ignore[attr-defined]
    return frozenset(c.name for c in table.columns if isinstance(c.type, Sealed))


_JSON_FIELDS = {
    name: frozenset(
        f.name
        for f in rt.fields
        if f.kind in (schema.STRS, schema.REFS, schema.NAMES, schema.FACTS)
    )
    for name, rt in schema.RECORD_TYPES.items()
}


class BulkWriter:
    """Write new records through a raw DB-API connection that is inside a transaction.

    Call ``close()`` before committing: it writes what is still buffered. (A writer thread
    does not help: the driver releases the GIL for every row, and a busy Python thread next
    to it turns that into a lock convoy that is slower than working in turn.)
    """

    def __init__(
        self,
        conn: Any,
        author: Author,
        batch: int = 5000,
        clock: int | None = None,
        seal: Callable[[str | None], str | None] | None = None,
    ) -> None:
        """``clock``: the logical clock to continue from, for a store that does not keep it
        in ``meta`` (PostgreSQL, ``records.logical_clock``); then ``meta`` is left alone.
        ``seal``: what the column types ``EncryptedText``/``EncryptedString`` do to a value
        on its way into the store (a PostgreSQL store's content key), for the raw rows."""
        self.conn = conn
        self.seal = seal
        self._clock_in_meta = clock is None
        self.author = author
        self.batch = batch
        tip = conn.execute(
            "SELECT device_seq, rev FROM revisions WHERE device_id = ? "
            "ORDER BY device_seq DESC LIMIT 1",
            (author.device_id,),
        ).fetchone()
        self.seq: int = tip[0] if tip else 0
        self.prev: str | None = tip[1] if tip else None
        if clock is None:
            row = conn.execute("SELECT value FROM meta WHERE key = 'clock'").fetchone()
            clock = int(row[0]) if row else 0
        self.clock = clock
        self.time = utc_now_iso()
        self._person = _json_str(author.person_id)
        for value in (author.device_id, author.person_id or ""):
            if not is_uuid(value) and value:
                raise ValueError("bulk writes need UUID device and person ids")
        self.written = 0
        self._revisions: list[tuple[Any, ...]] = []
        self._states: list[tuple[Any, ...]] = []
        self._heads: list[tuple[str, str]] = []
        self._rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self._sql = {
            name: (
                cols := _columns(name),
                f"INSERT INTO {m.MODEL_BY_TYPE[name].__tablename__} ({', '.join(cols)}) "  # type: ignore[attr-defined]
                f"VALUES ({', '.join('?' for _ in cols)})",
            )
            for name in m.MODEL_BY_TYPE
        }
        self._sealed = {name: _sealed_columns(name) for name in m.MODEL_BY_TYPE}

    def add(self, type_name: str, record_id: str, content: dict[str, Any]) -> None:
        body = _dumps(content)
        chash = hashlib.sha256(body.encode("utf-8")).hexdigest()
        self.seq += 1
        self.clock += 1
        # The canonical JSON of the revision header (core.revision), spelled out: every value
        # is ASCII that needs no escaping, and this is the hot loop of a million-row write.
        header = (
            f'{{"clock":{self.clock},"content_hash":"{chash}","device_id":"{self.author.device_id}",'
            f'"device_seq":{self.seq},"op":"put","parents":[],"person_id":{self._person},'
            f'"prev":{_json_str(self.prev)},"record_id":"{record_id}","record_type":"{type_name}",'
            f'"time":"{self.time}","v":{REVISION_FORMAT}}}'
        )
        rev = hashlib.sha256(header.encode("ascii")).hexdigest()
        shared = schema.is_shared(type_name, content)
        self._revisions.append(
            (
                rev,
                type_name,
                record_id,
                "put",
                self.author.device_id,
                self.seq,
                self.prev,
                self.author.person_id,
                self.time,
                self.clock,
                "[]",
                chash,
                body if self.seal is None else self.seal(body),
                shared,
                self.time,
            )
        )
        self.prev = rev
        self._states.append(
            (
                record_id,
                type_name,
                rev,
                False,
                False,
                shared,
                state_digest(type_name, record_id, [chash]),
                self.time,
            )
        )
        self._heads.append((record_id, rev))
        cols, _ = self._sql[type_name]
        json_fields = _JSON_FIELDS[type_name]
        extra = {"id": record_id, "rev": rev, "conflict": False, "updated_at": self.time}
        if "search_text" in cols:
            extra["search_text"] = search_text(type_name, content)
        values: list[Any] = []
        for col in cols:
            if col in extra:
                values.append(extra[col])
            elif col in json_fields:
                values.append(_plain_dumps(content[col]))
            else:
                values.append(content[col])
        if self.seal is not None:
            sealed = self._sealed[type_name]
            values = [self.seal(v) if c in sealed else v for c, v in zip(cols, values, strict=True)]
        self._rows[type_name].append(tuple(values))
        self.written += 1
        if len(self._revisions) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self._revisions:
            return
        c = self.conn
        c.executemany(
            "INSERT INTO revisions (rev, record_type, record_id, op, device_id, device_seq, prev, "
            "person_id, time, clock, parents, content_hash, content, shared, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._revisions,
        )
        c.executemany(
            "INSERT INTO record_state (record_id, record_type, winner, deleted, conflict, shared, "
            "digest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self._states,
        )
        c.executemany("INSERT INTO record_heads (record_id, rev) VALUES (?, ?)", self._heads)
        for type_name, rows in self._rows.items():
            if rows:
                c.executemany(self._sql[type_name][1], rows)
        if self._clock_in_meta:
            c.execute(
                "INSERT INTO meta (key, value) VALUES ('clock', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(self.clock),),
            )
        self._revisions, self._states, self._heads = [], [], []
        self._rows = defaultdict(list)

    def close(self) -> None:
        """Write what is still buffered."""
        self.flush()


class FormatCursor:
    """The DB-API calls ``BulkWriter`` makes, with its ``?`` placeholders, on a driver that
    uses ``%s`` (psycopg: a coordinator's PostgreSQL store); SQL it writes has no ``%``."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        self.cursor.execute(sql.replace("?", "%s"), params)
        return self.cursor

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.cursor.executemany(sql.replace("?", "%s"), rows)


@contextmanager
def open_bulk_writer(s: Session, author: Author) -> Iterator[BulkWriter]:
    """A ``BulkWriter`` on the connection of ``s`` (a writing session, inside its
    transaction), closed (its buffer written) when the block ends without an error.

    On SQLite the page cache is enlarged meanwhile; a coordinator's PostgreSQL store gets
    ``%s`` placeholders, the clock from its revisions (no PRAGMAs there) and its content
    encrypted as the ORM's column types encrypt it."""
    cursor = s.connection().connection.cursor()
    if on_postgres(s):
        dialect = s.get_bind(m.RevisionRow).dialect
        writer = BulkWriter(
            FormatCursor(cursor),
            author,
            clock=logical_clock(s),
            seal=partial(content_crypto.seal, dialect),
        )
        yield writer
        writer.close()
        return
    with enlarged_cache(s):
        writer = BulkWriter(cursor, author)
        yield writer
        writer.close()


@contextmanager
def enlarged_cache(s: Session) -> Iterator[None]:
    """SQLite's page cache of the writing connection enlarged for a large write (bulk
    writes, merges): the indexes of a million rows outgrow the default cache. Nothing on
    PostgreSQL."""
    if on_postgres(s):
        yield
        return
    conn = s.connection()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(Exception):  # a broken connection is discarded anyway
            conn.exec_driver_sql(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")
