"""The SQL behind the record lists of the GUI: which columns, in which order, which rows.

A list never loads a whole table. ``ListQuery.ids`` returns only the rowids of the matching
records in display order (sorting and filtering run in SQL, text search through the trigram
index of ``store.search``); ``ListQuery.rows`` then fetches the few rows on screen by rowid.
``IdWindows`` reads those rowids a window at a time, so a list of a million findings costs a
window of its sort column's index (migration ``0011_list_sort``), and a column naming another
record (a finding's site) is sorted one named record at a time (``NameGroups``).
Kept free of Qt so it is tested and reused on its own.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from aces_desktop.store import search
from aces_desktop.store.content_crypto import reveal


class Reader(Protocol):
    """What a list reads through: an SQLAlchemy ``Engine``, or a workspace file's
    ``db.FileReader`` (no SQLAlchemy needed: the first list at start-up). On a file both
    lend DB-API connections (``raw_connection``); a PostgreSQL store is an ``Engine``."""

    @property
    def dialect(self) -> Any: ...

    def raw_connection(self) -> Any: ...


def fetch(reader: Reader, sql: str, params: Mapping[str, Any]) -> list[Any]:
    """The rows of one statement (named ``:parameters``): through a lent DB-API connection
    on a file, through SQLAlchemy (which spells parameters for psycopg) on PostgreSQL."""
    if reader.dialect.name != "sqlite":
        from sqlalchemy import text

        with reader.connect() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(text(sql), params))
    raw = reader.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(sql, params)
        found: list[Any] = cursor.fetchall()
        return found
    finally:
        raw.close()


def _scalar(reader: Reader, sql: str, params: Mapping[str, Any]) -> Any:
    found = fetch(reader, sql, params)
    return found[0][0] if found else None


SEALED = "sealed"


@dataclass(frozen=True)
class Column:
    """One column of a list: ``key`` names it (the GUI maps keys to translated headers),
    ``sql`` computes it from the list's table (may be a subquery on another table).

    ``names`` is set for the name of another record: (its table, the reference column);
    ``order`` is the expression sorted on when it is not ``sql`` itself (the same order,
    spelled as its index is: migration ``0011_list_sort``).
    """

    key: str
    sql: str
    names: tuple[str, str] | None = None
    order: str = ""


@dataclass(frozen=True)
class ListSpec:
    type_name: str
    table: str
    columns: tuple[Column, ...]
    default_sort: str
    newest_first: bool = False
    # The narrowest index, which counts the whole list quickest (SQLite does not know which
    # of several expression indexes is narrowest).
    count_index: str = ""

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def searchable(self) -> bool:
        return self.type_name in search.SEARCHED


def _indexed(key: str, order: str) -> Column:
    """A findings column sorted on its index of migration ``0011_list_sort``: ``order``
    spells the column as that index does (``|| ''`` of text, ``+ 0`` of a number: the same
    values in the same order, NULL stays NULL), which no other query names, so the index
    serves the list without changing how scoring or the register read the table."""
    return Column(key, f"findings.{key}", order=order)


def _name_of(key: str, table: str, ref: str) -> Column:
    return Column(key, f"(SELECT name FROM {table} AS r WHERE r.id = {ref})", (table, ref))


LISTS: dict[str, ListSpec] = {
    spec.type_name: spec
    for spec in (
        ListSpec(
            "site",
            "sites",
            (
                Column("name", "sites.name"),
                Column("country", "sites.country"),
                Column("region", "sites.region"),
                Column("kind", "sites.kind"),
                Column("os_hub_id", "sites.os_hub_id"),
                Column("workforce_size", "sites.workforce_size"),
            ),
            "name",
        ),
        ListSpec(
            "company",
            "companies",
            (
                Column("name", "companies.name"),
                Column("kind", "companies.kind"),
                Column("country", "companies.country"),
                Column("website", "companies.website"),
            ),
            "name",
        ),
        ListSpec(
            "initiative",
            "initiatives",
            (
                Column("name", "initiatives.name"),
                Column("acronym", "initiatives.acronym"),
                Column("sector", "initiatives.sector"),
                Column("website", "initiatives.website"),
            ),
            "name",
        ),
        ListSpec(
            "person",
            "persons",
            (
                Column("name", "persons.name"),
                Column("role", "persons.role"),
                Column("organisation", "persons.organisation"),
            ),
            "name",
        ),
        ListSpec(
            "visit",
            "visits",
            (
                Column("start_date", "visits.start_date"),
                _name_of("site", "sites", "visits.site_id"),
                Column("method", "visits.method"),
                Column("summary", "visits.summary"),
                Column(SEALED, "visits.sealed"),
            ),
            "start_date",
            newest_first=True,
        ),
        ListSpec(
            "finding",
            "findings",
            (
                _indexed("indicator", "findings.indicator || ''"),
                _indexed("grade", "findings.grade + 0"),
                _name_of("site", "sites", "findings.site_id"),
                _indexed("observed_on", "findings.observed_on || ''"),
                _indexed("source_type", "findings.source_type || ''"),
                _indexed("remediation_status", "findings.remediation_status || ''"),
                _indexed("narrative", "findings.narrative || ''"),
            ),
            "",
            count_index="ix_findings_sort_grade",
        ),
        ListSpec(
            "worker_note",
            "worker_notes",
            (
                Column("pseudonym", "worker_notes.pseudonym"),
                _name_of("site", "sites", "worker_notes.site_id"),
                Column("interviewed_on", "worker_notes.interviewed_on"),
                Column("consent_scope", "worker_notes.consent_scope"),
                Column("narrative", "worker_notes.narrative"),
            ),
            "",
        ),
        ListSpec(
            "company_response",
            "company_responses",
            (
                Column("subject", "company_responses.subject"),
                _name_of("company", "companies", "company_responses.company_id"),
                Column("request_sent_on", "company_responses.request_sent_on"),
                Column("follow_up_due", "company_responses.follow_up_due"),
                Column("answered_on", "company_responses.answered_on"),
                Column("channel", "company_responses.channel"),
            ),
            "request_sent_on",
            newest_first=True,
        ),
    )
}


# The number of rows of a record table, kept exact by the triggers of migration
# ``0012_row_counts`` in a workspace file: counting a million findings is then one look-up
# instead of a walk over an index of a million entries. PostgreSQL stores count (migration
# ``0014_pg_counted_live``).
ROW_COUNT_SQL = "SELECT n FROM row_counts WHERE name = :name"
# How many rows refer to each record, per reference column a list sorts by name (``ref`` ''
# for rows that refer to none), kept by the triggers of migration ``0013_ref_counts`` on a
# workspace file: a list sorted by site then reads no index of a million entries.
REF_COUNTS_SQL = "SELECT ref, n FROM ref_counts WHERE name = :name AND n > 0"


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: its records filtered by text and by column values, in one order.

    ``sort`` is a column key ("" for creation order); ``equals`` maps column keys to the value
    they must have (e.g. ``{"grade": 3}``) or record-table columns such as ``visit_id``.
    """

    spec: ListSpec
    text: str = ""
    sort: str = ""
    descending: bool = False
    equals: Mapping[str, Any] | None = None

    def _where(self, dialect: str = "sqlite") -> tuple[str, dict[str, Any]]:
        conditions: list[str] = []
        params: dict[str, Any] = {}
        query = search.normalise_query(self.text)
        if query and self.spec.searchable:
            condition, search_params = search.rowid_filter(self.spec.type_name, query, dialect)
            conditions.append(condition)
            params.update(search_params)
        for i, (key, value) in enumerate(sorted((self.equals or {}).items())):
            expr = self._expr(key)
            if value is None:
                conditions.append(f"{expr} IS NULL")
            else:
                conditions.append(f"{expr} = :eq{i}")
                params[f"eq{i}"] = value
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), params

    def _expr(self, key: str) -> str:
        try:
            return self.spec.column(key).sql
        except KeyError:
            if not key.isidentifier():
                raise ValueError(f"not a column: {key!r}") from None
            return f"{self.spec.table}.{key}"

    def _order(self, dialect: str = "sqlite") -> str:
        direction = " DESC" if self.descending else ""
        rowid = f"{self.spec.table}.rowid{direction}"
        if not self.sort:
            return f" ORDER BY {rowid}"
        column = self.spec.column(self.sort)
        expression = column.order if column.order and dialect == "sqlite" else column.sql
        return f" ORDER BY {expression}{direction}, {rowid}"

    def sql_ids(self, dialect: str = "sqlite") -> tuple[str, dict[str, Any]]:
        where, params = self._where(dialect)
        return (
            f"SELECT {self.spec.table}.rowid FROM {self.spec.table}{where}{self._order(dialect)}",
            params,
        )

    def ids(
        self,
        engine: Reader,
        offset: int = 0,
        limit: int | None = None,
        *,
        after: int | None = None,
    ) -> array[int]:
        """Rowids of the matching records in display order, from ``offset`` (all of them
        when ``limit`` is None). Lists load them in windows: see ``IdWindows``.

        ``after`` (creation order only) continues after that rowid instead of skipping
        ``offset`` rows, which costs nothing however far down the list is read.
        """
        dialect = engine.dialect.name
        fts = self._search_only(dialect)
        if fts is not None:  # the trigram index alone: no look-up of each matching row
            name, params = fts
            where = f"{name} MATCH :q"
            if after is not None:
                where += f" AND rowid {'<' if self.descending else '>'} :after"
                params["after"] = after
                offset = 0
            direction = " DESC" if self.descending else ""
            sql = f"SELECT rowid FROM {name} WHERE {where} ORDER BY rowid{direction}"
        elif after is not None and not self.sort:
            where, params = self._where(dialect)
            table = self.spec.table
            bound = f"{table}.rowid {'<' if self.descending else '>'} :after"
            where = f"{where} AND {bound}" if where else f" WHERE {bound}"
            sql = f"SELECT {table}.rowid FROM {table}{where}{self._order(dialect)}"
            params["after"] = after
            offset = 0
        else:
            sql, params = self.sql_ids(dialect)
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return _rowids(engine, sql, params)

    def _search_only(self, dialect: str) -> tuple[str, dict[str, Any]] | None:
        """(FTS table, parameters) when the list is only a text search in creation order,
        so its rowids come from the search index alone (in the same order)."""
        query = search.normalise_query(self.text)
        if self.sort or self.equals or dialect != "sqlite" or not query:
            return None
        return search.fts_match(self.spec.type_name, query) if self.spec.searchable else None

    def count(self, engine: Reader) -> int:
        fts = self._search_only(engine.dialect.name)
        if fts is not None:
            sql = f"SELECT count(*) FROM {fts[0]} WHERE {fts[0]} MATCH :q"
            return int(_scalar(engine, sql, fts[1]) or 0)
        where, params = self._where(engine.dialect.name)
        table = self.spec.table
        if not where and engine.dialect.name == "sqlite":  # kept by triggers (ROW_COUNT_SQL)
            kept = _scalar(engine, ROW_COUNT_SQL, {"name": table})
            if kept is not None:
                return int(kept)
            if self.spec.count_index:
                table = f"{table} INDEXED BY {self.spec.count_index}"
        return int(_scalar(engine, f"SELECT count(*) FROM {table}{where}", params) or 0)

    @property
    def named_sort(self) -> tuple[str, str] | None:
        """(table, reference column) when the list is sorted by another record's name."""
        return self.spec.column(self.sort).names if self.sort else None


def _rowids(engine: Reader, sql: str, params: Mapping[str, Any]) -> array[int]:
    return array("q", [r[0] for r in fetch(engine, sql, params)])


class NameGroups:
    """A list sorted by the name of another record (a finding's site), read a named record
    at a time instead of sorting every row by a subquery.

    ``ORDER BY (SELECT name ...), rowid`` puts the rows of each name together in rowid order:
    the groups here are the referenced records of one name in name order (rows referring to
    no record first, as SQL puts NULL), each group's rows counted with one ``GROUP BY`` on the
    reference column's index (for the whole list of a workspace file, read from the numbers
    its triggers keep, ``REF_COUNTS_SQL``); a window then reads only the groups it overlaps,
    each in rowid order from that index.
    """

    def __init__(self, query: ListQuery, engine: Reader) -> None:
        names = query.named_sort
        assert names is not None
        self.query = query
        self.engine = engine
        self.ref_table, self.ref = names
        table = query.spec.table
        where, params = query._where(engine.dialect.name)
        if where or engine.dialect.name != "sqlite":
            counted = fetch(
                engine,
                f"SELECT {self.ref}, count(*) FROM {table}{where} GROUP BY {self.ref}",
                params,
            )
        else:  # the whole list of a workspace file: the numbers kept by triggers
            counted = [(r or None, n) for r, n in fetch(engine, REF_COUNTS_SQL, {"name": self.ref})]
        counts = {ref: int(n) for ref, n in counted}
        named = fetch(engine, f"SELECT id, name FROM {self.ref_table} ORDER BY name", {})
        groups: list[list[Any]] = []
        last: Any = object()
        for ref, name in named:
            if name is None:
                continue  # sorts with the rows referring to nothing
            if ref in counts:
                if not groups or name != last:
                    groups.append([])
                groups[-1].append(ref)
                last = name
        grouped = {ref for group in groups for ref in group}
        nameless = [ref for ref in counts if ref not in grouped]
        if nameless:
            groups.insert(0, nameless)
        if query.descending:
            groups.reverse()
        self.groups = [tuple(g) for g in groups]
        self.sizes = [sum(counts[ref] for ref in g) for g in self.groups]
        self.total = sum(self.sizes)

    def ids(self, offset: int, limit: int) -> array[int]:
        """Rowids ``offset`` to ``offset + limit`` of the list."""
        found: array[int] = array("q")
        start = 0
        for group, size in zip(self.groups, self.sizes, strict=True):
            if start + size > offset and len(found) < limit:
                skip = max(offset - start, 0)
                found.extend(self._group_ids(group, skip, min(size - skip, limit - len(found))))
            start += size
            if start >= offset + limit:
                break
        return found

    def _group_ids(self, group: tuple[Any, ...], skip: int, limit: int) -> array[int]:
        table = self.query.spec.table
        where, params = self.query._where(self.engine.dialect.name)
        marks = ", ".join(f":g{i}" for i in range(len(group)))
        params.update({f"g{i}": ref for i, ref in enumerate(group)})
        where = f"{where} AND " if where else " WHERE "
        nulls = f" OR {self.ref} IS NULL" if None in group else ""
        direction = " DESC" if self.query.descending else ""
        sql = (
            f"SELECT {table}.rowid FROM {table}{where}({self.ref} IN ({marks}){nulls})"
            f" ORDER BY {table}.rowid{direction} LIMIT {int(limit)} OFFSET {int(skip)}"
        )
        return _rowids(self.engine, sql, params)


class IdWindows:
    """The rowids of a list, loaded a window at a time as rows are looked at.

    Opening a list of a million records costs its first window and one ``count(*)`` (none
    when the first window holds the whole list, as after most searches); jumping to the end
    loads only the last window, read backwards from the index of the sort column.
    """

    def __init__(self, query: ListQuery, engine: Reader, window: int = 10_000) -> None:
        self.query = query
        self.engine = engine
        self.window = window
        self._loaded: dict[int, array[int]] = {}
        self._groups = NameGroups(query, engine) if query.named_sort else None
        if self._groups is not None:
            self.total = self._groups.total
        else:
            first = query.ids(engine, 0, window)
            self.total = len(first) if len(first) < window else query.count(engine)
            self._loaded[0] = first

    def __len__(self) -> int:
        return self.total

    def rowid(self, row: int) -> int | None:
        if not 0 <= row < self.total:
            return None
        chunk = self._chunk(row // self.window)
        index = row % self.window
        return chunk[index] if index < len(chunk) else None

    def slice(self, first: int, last: int) -> list[int | None]:
        return [self.rowid(r) for r in range(max(first, 0), min(last, self.total))]

    def _chunk(self, number: int) -> array[int]:
        chunk = self._loaded.get(number)
        if chunk is None:
            start = number * self.window
            end = min(start + self.window, self.total)
            before = self._loaded.get(number - 1)
            following = self._loaded.get(number + 1)
            if self._groups is not None:
                chunk = self._groups.ids(start, end - start)
            elif not self.query.sort and before:
                chunk = self.query.ids(self.engine, limit=self.window, after=before[-1])
            elif not self.query.sort and following:
                reverse = replace(self.query, descending=not self.query.descending)
                chunk = reverse.ids(self.engine, limit=end - start, after=following[0])
                chunk.reverse()
            elif start > self.total // 2:
                # Read the second half backwards: OFFSET costs as many rows as it skips.
                reverse = replace(self.query, descending=not self.query.descending)
                chunk = reverse.ids(self.engine, self.total - end, end - start)
                chunk.reverse()
            else:
                chunk = self.query.ids(self.engine, start, self.window)
            if len(self._loaded) >= 50:
                self._loaded.pop(next(iter(self._loaded)))
            self._loaded[number] = chunk
        return chunk


def shown_types(spec: ListSpec) -> frozenset[str]:
    """The record types whose changes can alter this list: its own, and those it names."""
    tables = {t for c in spec.columns for t in re.findall(r"SELECT name FROM (\w+) AS r", c.sql)}
    return frozenset({spec.type_name} | {o.type_name for o in LISTS.values() if o.table in tables})


def rows(engine: Reader, spec: ListSpec, rowids: Sequence[int]) -> list[tuple[Any, ...] | None]:
    """``(id, column values...)`` for ``rowids``, in the order given; deleted rows are
    returned as ``None`` entries so a stale list never shifts."""
    if not rowids:
        return []
    exprs = ", ".join(c.sql for c in spec.columns)
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(rowids), 500):
        # The rowids are integers of our own, written into the statement: binding 500
        # named parameters cost more than the query (a page of a search is shown at once).
        marks = ", ".join(str(int(r)) for r in rowids[start : start + 500])
        sql = (
            f"SELECT {spec.table}.rowid, {spec.table}.id, {exprs} FROM {spec.table} "
            f"WHERE {spec.table}.rowid IN ({marks})"
        )
        for row in fetch(engine, sql, {}):  # encrypted text in clear
            found[int(row[0])] = tuple(reveal(engine.dialect, v) for v in row[1:])
    return [found.get(r) for r in rowids]


# Meta key: this device's last revision sequence number written to a bundle (set by
# sync.export); later revisions are the "unsent changes".
EXPORTED_SEQ_KEY = "sync_exported_seq"


def unsent_changes(engine: Reader, device_id: str, exported: int | None = None) -> int:
    """Changes made on this device not yet sent to anyone.

    The revisions this device wrote after the device sequence number stored under the meta
    key ``sync_exported_seq`` (all of them until an export sets it). Revisions kept on the
    device by consent are counted too: they are changes, the redaction layer keeps them out
    of bundles. Counted on the ``(device_id, device_seq)`` index alone, so it stays quick
    on millions of revisions.
    """
    if exported is None:
        key = {"key": EXPORTED_SEQ_KEY}
        exported = int(_scalar(engine, "SELECT value FROM meta WHERE key = :key", key) or 0)
    return int(
        _scalar(
            engine,
            "SELECT count(*) FROM revisions WHERE device_id = :d AND device_seq > :s",
            {"d": device_id, "s": exported},
        )
        or 0
    )
