"""A fast path for the common case of a merge: records that are new to this workspace and
arrive as a single revision (a creation with no parents).

Their state is fully determined by that one revision (one head, no conflict), so the rows
``RecordStore.apply`` would write are inserted with one ``executemany`` per table (one
``COPY`` per table into a PostgreSQL store). Every
other revision goes through ``RecordStore.apply`` unchanged; tests compare both paths
through ``state_hash``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Boolean, Connection, Date, Table, bindparam, select
from sqlalchemy.orm import Session

from aces_desktop.core import schema
from aces_desktop.core.revision import Revision, state_digest
from aces_desktop.store import models as m
from aces_desktop.store.records import (
    ApplyResult,
    advance_clock,
    revision_values,
    row_values,
    table_for,
)
from aces_desktop.store.sealed_columns import Sealed

_CHUNK = 500
# Which of some record ids this workspace has revisions of (one statement, compiled once).
_KNOWN = (
    select(m.RevisionRow.record_id)
    .where(m.RevisionRow.record_id.in_(bindparam("ids", expanding=True)))
    .distinct()
)


def split_simple(s: Session, revisions: list[Revision]) -> tuple[list[Revision], list[Revision]]:
    """(new single-revision records, everything else)."""
    per_record = Counter(r.record_id for r in revisions)
    candidates = [
        r
        for r in revisions
        if r.op == "put"
        and not r.parents
        and r.content is not None
        and per_record[r.record_id] == 1
    ]
    ids = [r.record_id for r in candidates]
    known: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        known.update(s.execute(_KNOWN, {"ids": ids[i : i + _CHUNK]}).scalars())
    simple = [r for r in candidates if r.record_id not in known]
    chosen = {r.rev for r in simple}
    return simple, [r for r in revisions if r.rev not in chosen]


def insert_simple(
    s: Session, revisions: list[Revision], received_at: str, result: ApplyResult
) -> None:
    if not revisions:
        return
    advance_clock(s, max(r.clock for r in revisions))
    s.flush()
    rev_rows: list[dict[str, Any]] = []
    heads: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    conn = s.connection()
    # Into SQLite, dates stay the ISO text of the content: what the Date type would store.
    as_objects = conn.dialect.name != "sqlite"
    for r in revisions:
        content = cast(dict[str, Any], r.content)
        shared = schema.is_shared(r.record_type, content)
        rev_rows.append(revision_values(r, shared, received_at))
        heads.append({"record_id": r.record_id, "rev": r.rev})
        states.append(
            {
                "record_id": r.record_id,
                "record_type": r.record_type,
                "winner": r.rev,
                "deleted": False,
                "conflict": False,
                "shared": shared,
                "digest": state_digest(r.record_type, r.record_id, [cast(str, r.content_hash)]),
                "updated_at": r.time,
            }
        )
        values = row_values(r.record_type, content, as_objects=as_objects)
        values.update(id=r.record_id, rev=r.rev, conflict=False, updated_at=r.time)
        rows[r.record_type].append(values)
        result.created.add(r.record_id)
    _insert(conn, cast(Table, m.RevisionRow.__table__), rev_rows)
    _insert(conn, cast(Table, m.RecordState.__table__), states)
    _insert(conn, cast(Table, m.RecordHead.__table__), heads)
    for type_name, params in rows.items():
        _insert(conn, table_for(type_name), params)
    result.new += len(revisions)


# (dialect, table) -> the statement, how a row's values are read and which are converted.
_PLANS: dict[tuple[str, str], tuple[str, Any, list[tuple[int, Any]]]] = {}


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``executemany`` through the driver, with SQLAlchemy's own value conversions (dates,
    JSON, booleans) so the stored values are exactly those of an ORM/Core insert.

    On PostgreSQL the rows go through ``COPY`` (``_copy``)."""
    if conn.dialect.name == "postgresql":
        _copy(conn, table, rows)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), rows)
        return
    sql, values = _plan(conn, table)
    conn.exec_driver_sql(sql, values(rows))


def _copy(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into a PostgreSQL ``table`` with one ``COPY ... FROM STDIN``: the
    values an ORM/Core insert would bind (each column's bind processor: sealing, JSON,
    booleans), sent as COPY's text rows. The server parses them as it parses an INSERT's
    values and fires the same row triggers, without a statement per row (psycopg's
    ``executemany`` sends one per row, even pipelined)."""
    sql, values = _plan(conn, table)
    cursor = cast(Any, conn.connection.driver_connection).cursor()
    with cursor.copy(sql) as copy:
        for row in values(rows):
            copy.write_row(row)


def _plan(conn: Connection, table: Table) -> tuple[str, Any]:
    """The statement that inserts rows of every column of ``table`` (an ``INSERT`` for
    ``executemany`` on SQLite, a ``COPY`` on PostgreSQL), and a function giving the values
    it takes from a list of rows (dicts holding every column), bind processors applied."""
    dialect = conn.dialect
    plan = _PLANS.get((dialect.name, table.name))
    if plan is None:
        names = [c.name for c in table.columns]
        if dialect.name == "sqlite":
            sql = (
                f"INSERT INTO {table.name} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})"
            )
            # Booleans need no conversion: the driver stores a bool as the integer 1 or 0,
            # as SQLAlchemy's processor would. Dates arrive as the ISO text the Date type
            # would store (``insert_simple``), and sealed columns are sealed only in a
            # PostgreSQL store.
            unconverted: tuple[type, ...] = (Boolean, Date, Sealed)
        else:
            quoted = ", ".join(f'"{n}"' for n in names)
            sql = f'COPY "{table.name}" ({quoted}) FROM STDIN'
            unconverted = ()
        typed = [
            (i, c.type) for i, c in enumerate(table.columns) if not isinstance(c.type, unconverted)
        ]
        get = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        plan = _PLANS[(dialect.name, table.name)] = (sql, get, typed)
    sql, get, typed = plan
    # Asked of this dialect each time: a sealed column's processor encrypts with the key of
    # the store this connection belongs to (SQLAlchemy keeps it per dialect).
    convert = [
        (i, proc) for i, t in typed if (proc := t._cached_bind_processor(dialect)) is not None
    ]

    def values(rows: list[dict[str, Any]]) -> list[Any]:
        if not convert:
            return [get(row) for row in rows]
        data: list[Any] = []
        for row in rows:
            out = list(get(row))
            for i, proc in convert:
                out[i] = proc(out[i])
            data.append(tuple(out))
        return data

    return sql, values
