"""Writing records as revisions and deriving their current state.

Every change goes through here: a local edit (``put``/``delete``/``seal_visit``), a
conflict resolution (``resolve``), and revisions arriving from other devices (``apply``).
Each call runs inside the caller's session, i.e. inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, delete, func, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from aces_desktop.core import messages as msg
from aces_desktop.core import schema, transliterate
from aces_desktop.core.canonical import canonical_json
from aces_desktop.core.errors import (
    AcesError,
    FieldProblem,
    RecordNotFound,
    SealedRecord,
    ValidationError,
)
from aces_desktop.core.ids import new_id
from aces_desktop.core.revision import (
    Op,
    Revision,
    combine_state,
    derive_state,
    make_revision,
)
from aces_desktop.store import models as m

_CHUNK = 500


def utc_now_iso() -> str:
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def table_for(type_name: str) -> Table:
    return m.MODEL_BY_TYPE[type_name].__table__  # type: ignore[attr-defined]


def search_text(type_name: str, content: Mapping[str, Any]) -> str:
    """The text the name search index sees for a record: names in every script, aliases,
    and for sites also region and address; then their search keys in Latin script
    (``core.transliterate``), so a name is found from any script."""
    parts: list[str] = [content.get("name") or ""]
    parts += [n["text"] for n in content.get("other_names") or []]
    parts += list(content.get("aliases") or [])
    if type_name == "initiative" and content.get("acronym"):
        parts.append(content["acronym"])
    if type_name == "site":
        parts += [content.get("region") or "", content.get("address") or ""]
        parts.append(content.get("os_hub_id") or "")
    return transliterate.with_search_keys("\n".join(p for p in parts if p))


_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in rt.fields if f.kind == schema.DATE)
    for name, rt in schema.RECORD_TYPES.items()
}
_SEARCHABLE = frozenset(
    name for name, model in m.MODEL_BY_TYPE.items() if issubclass(model, m.SearchableMixin)
)


def row_values(
    type_name: str, content: Mapping[str, Any], *, as_objects: bool = True
) -> dict[str, Any]:
    """Column values of a record table row from record content."""
    values = dict(content)
    if as_objects:
        for name in _DATE_FIELDS[type_name]:
            if values.get(name):
                values[name] = dt.date.fromisoformat(values[name])
    if type_name in _SEARCHABLE:
        values["search_text"] = search_text(type_name, content)
    return values


def row_content(type_name: str, row: Mapping[Any, Any]) -> dict[str, Any]:
    """Record content from a record table row (the inverse of ``row_values``)."""
    content: dict[str, Any] = {}
    for f in schema.record_type(type_name).fields:
        value = row.get(f.name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value is None:
            value = f.empty()
        if f.kind == schema.BOOL and value is not None:
            value = bool(value)
        content[f.name] = value
    return content


def on_postgres(s: Session) -> bool:
    """Whether this session's records live in a PostgreSQL store (docs/hub.md)."""
    return s.get_bind(m.RevisionRow).dialect.name == "postgresql"


def logical_clock(s: Session) -> int:
    """The highest logical clock of any revision this workspace knows (Lamport clock).

    A PostgreSQL store is written by several coordinators, whose ``meta`` stays in their own
    workspace files: there the highest revision clock is read (index ``ix_revisions_clock``;
    writers hold the writers' lock, so no other writer adds a revision meanwhile)."""
    if on_postgres(s):
        return int(s.scalar(select(func.max(m.RevisionRow.clock))) or 0)
    row = s.get(m.Meta, "clock")
    return int(row.value) if row else 0


def advance_clock(s: Session, seen: int) -> None:
    if on_postgres(s):
        return  # the highest revision clock is the clock (``logical_clock``)
    row = s.get(m.Meta, "clock")
    if row is None:
        s.add(m.Meta(key="clock", value=str(seen)))
    elif seen > int(row.value):
        row.value = str(seen)


def revision_from_row(row: Any) -> Revision:
    content = json.loads(row.content) if row.content is not None else None
    return Revision(
        record_type=row.record_type,
        record_id=row.record_id,
        op=Op(row.op),
        device_id=row.device_id,
        device_seq=row.device_seq,
        prev=row.prev,
        person_id=row.person_id,
        time=row.time,
        clock=row.clock,
        parents=tuple(json.loads(row.parents)),
        content_hash=row.content_hash,
        content=content,
        rev=row.rev,
    )


def revision_values(r: Revision, shared: bool, received_at: str) -> dict[str, Any]:
    return {
        "rev": r.rev,
        "record_type": r.record_type,
        "record_id": r.record_id,
        "op": r.op,
        "device_id": r.device_id,
        "device_seq": r.device_seq,
        "prev": r.prev,
        "person_id": r.person_id,
        "time": r.time,
        "clock": r.clock,
        "parents": json.dumps(list(r.parents)) if r.parents else "[]",
        "content_hash": r.content_hash,
        "content": _content_json(r),
        "shared": shared,
        "received_at": received_at,
    }


def _content_json(r: Revision) -> str | None:
    if r.content is None:
        return None
    return r.content_json if r.content_json is not None else canonical_json(r.content)


@dataclass
class ApplyResult:
    """What applying a batch of revisions did."""

    new: int = 0
    already_known: int = 0
    created: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    conflicts: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Author:
    device_id: str
    person_id: str | None
    role: str = "field"  # the workspace's role: some record types are a coordinator's only


class RecordStore:
    """Revisions in, current state out. One instance per open workspace."""

    def __init__(self, author: Author) -> None:
        self.author = author

    # --- reading -------------------------------------------------------------------------

    def get(self, s: Session, record_id: str) -> tuple[str, dict[str, Any]]:
        """(type, content) of a live record; ``RecordNotFound`` otherwise."""
        state = s.get(m.RecordState, record_id)
        if state is None or state.deleted:
            raise RecordNotFound(msg.NO_RECORD(record_id))
        row = (
            s.execute(
                select(table_for(state.record_type)).where(
                    table_for(state.record_type).c.id == record_id
                )
            )
            .mappings()
            .one()
        )
        return state.record_type, row_content(state.record_type, row)

    def history(self, s: Session, record_id: str) -> list[Revision]:
        rows = s.execute(
            select(m.RevisionRow)
            .where(m.RevisionRow.record_id == record_id)
            .order_by(m.RevisionRow.clock)
        ).scalars()
        return [revision_from_row(r) for r in rows]

    def heads(self, s: Session, record_id: str) -> list[Revision]:
        rows = s.execute(
            select(m.RevisionRow)
            .join(m.RecordHead, m.RecordHead.rev == m.RevisionRow.rev)
            .where(m.RecordHead.record_id == record_id)
        ).scalars()
        return sorted((revision_from_row(r) for r in rows), key=Revision.sort_key)

    def conflicts(self, s: Session) -> list[tuple[str, str]]:
        """(type, id) of every record with an open conflict."""
        rows = s.execute(
            select(m.RecordState.record_type, m.RecordState.record_id).where(m.RecordState.conflict)
        )
        return [(t, i) for t, i in rows]

    def state_hash(self, s: Session) -> str:
        """Hash of the current state of every shared record; equal states, equal hashes."""
        rows = s.execute(
            text("SELECT record_id, digest FROM record_state WHERE shared ORDER BY record_id")
        )
        return combine_state((r[0], r[1]) for r in rows)

    def dependents(self, s: Session, record_id: str) -> list[tuple[str, str]]:
        """Live records that refer to ``record_id``."""
        found: list[tuple[str, str]] = []
        for name, rt in schema.RECORD_TYPES.items():
            table = table_for(name)
            for f in rt.references():
                if f.kind == schema.REF:
                    query = select(table.c.id).where(table.c[f.name] == record_id)
                else:
                    each = (
                        f"json_array_elements_text({table.name}.{f.name}) AS e(value)"
                        if on_postgres(s)
                        else f"json_each({table.name}.{f.name})"
                    )
                    query = (
                        select(table.c.id)
                        .where(text(f"EXISTS (SELECT 1 FROM {each} WHERE value = :rid)"))
                        .params(rid=record_id)
                    )
                found += [(name, rid) for rid in s.execute(query.limit(100)).scalars()]
        return found

    # --- local changes -------------------------------------------------------------------

    def put(
        self,
        s: Session,
        type_name: str,
        data: Mapping[str, Any],
        record_id: str | None = None,
        *,
        record_label: str = "",
    ) -> str:
        """Create or update a record from user data; returns its id."""
        self._check_role(type_name)
        content = schema.normalize(type_name, data, record=record_label)
        if record_id is None:
            record_id = new_id()
        else:
            self._check_editable(s, type_name, record_id, content)
        self._check_references(s, type_name, content, record_label)
        self._write(s, type_name, record_id, "put", content)
        return record_id

    def _check_role(self, type_name: str) -> None:
        if type_name in schema.COORDINATOR_ONLY_TYPES and self.author.role != "coordinator":
            raise AcesError(msg.PUBLISH_COORDINATOR_ONLY())

    def delete(self, s: Session, type_name: str, record_id: str) -> None:
        self._check_role(type_name)
        state = s.get(m.RecordState, record_id)
        if state is None or state.deleted:
            raise RecordNotFound(msg.NO_RECORD_TO_DELETE(record_id))
        if state.record_type != type_name:
            raise AcesError(msg.RECORD_NOT(record_id, state.record_type, type_name))
        _, content = self.get(s, record_id)
        if content.get("sealed"):
            raise SealedRecord(msg.SEALED_NO_DELETE())
        users = self.dependents(s, record_id)
        if users:
            kinds = sorted({t.replace("_", " ") for t, _ in users})
            raise AcesError(
                msg.STILL_REFERRED_RECORD_DELETE_CHANGE(
                    type_name.replace("_", " "),
                    len(users),
                    "+" if len(users) >= 100 else "",
                    ", ".join(kinds),
                )
            )
        self._write(s, type_name, record_id, "delete", None)

    def resolve(self, s: Session, type_name: str, record_id: str, data: Mapping[str, Any]) -> None:
        """End a conflict with content chosen or combined by a person: one revision whose
        parents are all current heads."""
        content = schema.normalize(type_name, data)
        self._check_references(s, type_name, content, "")
        self._write(s, type_name, record_id, "put", content)

    def seal_visit(self, s: Session, visit_id: str) -> int:
        """Seal a visit with its findings and worker notes; returns how many were sealed."""
        kind, visit = self.get(s, visit_id)
        if kind != "visit":
            raise AcesError(msg.RECORD_NOT_VISIT(visit_id, kind))
        if visit["sealed"]:
            raise SealedRecord(msg.ALREADY_SEALED())
        sealed = 0
        for type_name in ("finding", "worker_note"):
            table = table_for(type_name)
            rows = s.execute(
                select(table).where(table.c.visit_id == visit_id, table.c.sealed.is_(False))
            ).mappings()
            for row in list(rows):
                content = row_content(type_name, row)
                content["sealed"] = True
                self._write(s, type_name, row["id"], "put", content)
                sealed += 1
        visit["sealed"] = True
        self._write(s, "visit", visit_id, "put", visit)
        return sealed + 1

    def _check_editable(
        self, s: Session, type_name: str, record_id: str, content: dict[str, Any]
    ) -> None:
        state = s.get(m.RecordState, record_id)
        if state is None:
            return  # a new record with an id chosen by the caller (import)
        if state.record_type != type_name:
            raise AcesError(msg.RECORD_NOT(record_id, state.record_type, type_name))
        if state.deleted:
            return
        _, current = self.get(s, record_id)
        if current.get("sealed"):
            raise SealedRecord(msg.SEALED_NO_CHANGE())

    def _check_references(
        self, s: Session, type_name: str, content: Mapping[str, Any], label: str
    ) -> None:
        refs = schema.referenced_ids(type_name, content)
        if not refs:
            return
        ids = sorted({rid for _, _, rid in refs})
        states = {
            row.record_id: row
            for row in s.execute(
                select(m.RecordState).where(m.RecordState.record_id.in_(ids))
            ).scalars()
        }
        problems = []
        for name, f, rid in refs:
            state = states.get(rid)
            targets = schema.ref_targets(f, content)
            if state is None or state.deleted:
                problems.append(FieldProblem(name, msg.REFERS_TO_MISSING(rid), label))
            elif state.record_type not in targets:
                problems.append(
                    FieldProblem(
                        name,
                        msg.REFERS_EXPECTED(state.record_type, "/".join(targets)),
                        label,
                    )
                )
        if problems:
            raise ValidationError(problems)
        self._check_sealed_parent(s, type_name, content, label)

    def _check_sealed_parent(
        self, s: Session, type_name: str, content: Mapping[str, Any], label: str
    ) -> None:
        if type_name == "finding" and content.get("visit_id"):
            visit = s.get(m.Visit, content["visit_id"])
            if visit is not None and visit.site_id != content.get("site_id"):
                raise ValidationError([FieldProblem("site_id", msg.SITE_OF_VISIT(), label)])
        if (
            type_name in ("finding", "worker_note")
            and content.get("visit_id")
            and not content.get("sealed")
        ):
            visit = s.get(m.Visit, content["visit_id"])
            is_amendment = type_name == "finding" and content.get("amends_id")
            if visit is not None and visit.sealed and not is_amendment:
                raise SealedRecord(msg.VISIT_SEALED())

    def _write(
        self, s: Session, type_name: str, record_id: str, op: str, content: dict[str, Any] | None
    ) -> Revision:
        tip = s.execute(
            select(m.RevisionRow.device_seq, m.RevisionRow.rev)
            .where(m.RevisionRow.device_id == self.author.device_id)
            .order_by(m.RevisionRow.device_seq.desc())
            .limit(1)
        ).first()
        clock = logical_clock(s) + 1
        parents = list(
            s.execute(select(m.RecordHead.rev).where(m.RecordHead.record_id == record_id)).scalars()
        )
        revision = make_revision(
            record_type=type_name,
            record_id=record_id,
            op=op,
            device_id=self.author.device_id,
            device_seq=(tip[0] + 1) if tip else 1,
            prev=tip[1] if tip else None,
            person_id=self.author.person_id,
            time=utc_now_iso(),
            clock=clock,
            parents=parents,
            content=content,
        )
        self.apply(s, [revision])
        return revision

    # --- applying revisions --------------------------------------------------------------

    def apply(self, s: Session, revisions: Iterable[Revision]) -> ApplyResult:
        """Add revisions (local or received) and bring record state up to date.

        Order independent: the resulting state depends only on the set of revisions known,
        not on the order they were applied in. Revisions already known are skipped, so
        applying the same revisions twice changes nothing.
        """
        result = ApplyResult()
        received_at = utc_now_iso()
        for chunk in _chunks(revisions, _CHUNK):
            self._apply_chunk(s, chunk, received_at, result)
        return result

    def _apply_chunk(
        self, s: Session, chunk: list[Revision], received_at: str, result: ApplyResult
    ) -> None:
        known = set(
            s.execute(
                select(m.RevisionRow.rev).where(m.RevisionRow.rev.in_([r.rev for r in chunk]))
            ).scalars()
        )
        fresh: dict[str, Revision] = {}
        for r in chunk:
            if r.rev in known or r.rev in fresh:
                result.already_known += 1
            else:
                fresh[r.rev] = r
        if not fresh:
            return
        result.new += len(fresh)
        advance_clock(s, max(r.clock for r in fresh.values()))
        shared = self._shared_flags(s, fresh.values())
        s.execute(
            insert(m.RevisionRow),
            [revision_values(r, shared[r.rev], received_at) for r in fresh.values()],
        )
        parent_rows = [{"child": r.rev, "parent": p} for r in fresh.values() for p in r.parents]
        if parent_rows:
            s.execute(insert(m.RevisionParent), parent_rows)
        roles = device_roles(s)
        links = s.execute(
            select(m.RevisionParent.parent, m.RevisionRow.device_id)
            .join(m.RevisionRow, m.RevisionRow.rev == m.RevisionParent.child)
            .where(m.RevisionParent.parent.in_(list(fresh)))
        ).all()
        superseded = {
            parent
            for parent, child_device in links
            if not needs_review(roles, child_device, fresh[parent].device_id)
        }
        new_heads = [
            {"record_id": r.record_id, "rev": r.rev}
            for r in fresh.values()
            if r.rev not in superseded
        ]
        if new_heads:
            s.execute(insert(m.RecordHead), new_heads)
        authors = _parent_authors(s, fresh, roles)
        replaced = [
            (r.record_id, p)
            for r in fresh.values()
            for p in r.parents
            if not needs_review(roles, r.device_id, authors.get(p))
        ]
        if replaced:
            heads = cast(Table, m.RecordHead.__table__)
            s.connection().execute(
                delete(heads).where(
                    heads.c.record_id == bindparam("rid"), heads.c.rev == bindparam("p")
                ),
                [{"rid": rid, "p": p} for rid, p in replaced],
            )
        self._refresh(s, {r.record_id: r.record_type for r in fresh.values()}, result)

    def _shared_flags(self, s: Session, revisions: Iterable[Revision]) -> dict[str, bool]:
        flags: dict[str, bool] = {}
        deletes: list[Revision] = []
        for r in revisions:
            if r.op == "delete":
                deletes.append(r)
            else:
                flags[r.rev] = r.content is not None and schema.is_shared(r.record_type, r.content)
        for r in deletes:
            # A tombstone travels as far as the record it ends ever did.
            prior = s.execute(
                select(_any_shared()).where(
                    m.RevisionRow.record_id == r.record_id, m.RevisionRow.op == "put"
                )
            ).scalar()
            flags[r.rev] = bool(prior) if prior is not None else True
        return flags

    def _refresh(self, s: Session, records: dict[str, str], result: ApplyResult) -> None:
        """Recompute the state of ``records`` (id -> type) from their heads.

        Batched: states and rows are written with one ``executemany`` per table (the merge
        of a large bundle spends its time here)."""
        heads: dict[str, list[Revision]] = defaultdict(list)
        ids = list(records)
        coordinators = {d for d, role in device_roles(s).items() if role == "coordinator"}
        states: list[dict[str, Any]] = []
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        gone: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for part in _chunks(ids, _CHUNK):
            found = s.execute(
                select(m.RevisionRow)
                .join(m.RecordHead, m.RecordHead.rev == m.RevisionRow.rev)
                .where(m.RecordHead.record_id.in_(part))
            ).scalars()
            for row in found:
                heads[row.record_id].append(revision_from_row(row))
                s.expunge(row)
            existing = {
                str(rid): bool(shared)
                for rid, shared in s.execute(
                    select(m.RecordState.record_id, m.RecordState.shared).where(
                        m.RecordState.record_id.in_(part)
                    )
                )
            }
            # A record created and deleted within one batch has only a tombstone head; it
            # was shared if any of its puts was (as when the two arrive one by one).
            fresh = [rid for rid in part if rid not in existing]
            prior = (
                {
                    str(rid): bool(flag)
                    for rid, flag in s.execute(
                        select(m.RevisionRow.record_id, _any_shared())
                        .where(m.RevisionRow.record_id.in_(fresh), m.RevisionRow.op == "put")
                        .group_by(m.RevisionRow.record_id)
                    )
                }
                if fresh
                else {}
            )
            for rid in part:
                type_name = records[rid]
                state = derive_state(type_name, rid, heads.get(rid, []), coordinators)
                if state.winner is None:
                    continue  # only withheld content is known: nothing to show
                shared = any(
                    schema.is_shared(type_name, h.content)
                    for h in heads.get(rid, [])
                    if not h.withheld and h.op == "put"
                ) or existing.get(rid, prior.get(rid, False))
                states.append(
                    {
                        "record_id": rid,
                        "record_type": type_name,
                        "winner": state.winner.rev,
                        "deleted": state.deleted,
                        "conflict": state.conflict,
                        "shared": shared,
                        "digest": state.digest,
                        "updated_at": state.winner.time,
                    }
                )
                (result.updated if rid in existing else result.created).add(rid)
                if state.conflict:
                    result.conflicts.add(rid)
                if state.deleted:
                    gone[type_name].append({"rid": rid})
                    result.deleted.add(rid)
                    continue
                assert state.content is not None
                values = row_values(type_name, state.content)
                values.update(
                    id=rid,
                    rev=state.winner.rev,
                    conflict=state.conflict,
                    updated_at=state.winner.time,
                )
                rows[type_name].append(values)
        s.flush()
        conn = s.connection()
        if states:
            conn.execute(
                _upsert(cast(Table, m.RecordState.__table__), "record_id", conn.dialect.name),
                states,
            )
        for type_name, params in gone.items():
            table = table_for(type_name)
            conn.execute(delete(table).where(table.c.id == bindparam("rid")), params)
        for type_name, params in rows.items():
            conn.execute(_upsert(table_for(type_name), "id", conn.dialect.name), params)
        # ORM objects of these states loaded earlier in this session are now out of date.
        for rid in ids:
            obj = s.identity_map.get(identity_key(m.RecordState, rid))
            if obj is not None:
                s.expire(obj)


_UPSERTS: dict[tuple[str, str], Any] = {}


def _any_shared() -> Any:
    """Whether any of the grouped revisions is shared (1/0: PostgreSQL has no max(boolean))."""
    return func.max(case((m.RevisionRow.shared, 1), else_=0))


def device_roles(s: Session) -> dict[str, str]:
    """Role of every device whose identity this workspace knows."""
    return {str(d): str(r) for d, r in s.execute(select(m.Device.device_id, m.Device.role))}


def needs_review(roles: Mapping[str, str], child_device: str, parent_device: str | None) -> bool:
    """Whether a revision by ``child_device`` leaves its parent by ``parent_device`` a head.

    A field device's edit or deletion of what a coordinator wrote does not replace it: both
    stay heads, a conflict the coordinator reviews (docs/sync.md, "Roles"). The rule reads
    only the two authors' roles, so every workspace derives the same state."""
    return (
        parent_device is not None
        and roles.get(child_device) == "field"
        and roles.get(parent_device) == "coordinator"
    )


def _parent_authors(
    s: Session, fresh: Mapping[str, Revision], roles: Mapping[str, str]
) -> dict[str, str]:
    """Device of each parent named by a field device's revision in ``fresh``."""
    wanted = {p for r in fresh.values() if roles.get(r.device_id) == "field" for p in r.parents}
    authors = {p: fresh[p].device_id for p in wanted if p in fresh}
    rest = [p for p in wanted if p not in authors]
    for part in _chunks(rest, _CHUNK):
        for rev, device in s.execute(
            select(m.RevisionRow.rev, m.RevisionRow.device_id).where(m.RevisionRow.rev.in_(part))
        ):
            authors[rev] = device
    return authors


def _upsert(table: Table, key: str, dialect: str) -> Any:
    """INSERT ... ON CONFLICT(key) DO UPDATE of every column (cached per table and engine;
    SQLite and PostgreSQL spell it alike, SQLAlchemy builds it per dialect)."""
    stmt = _UPSERTS.get((table.name, dialect))
    if stmt is None:
        if dialect == "postgresql":  # imported here: a workspace file never needs it
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            base: Any = pg_insert(table)
        else:
            base = sqlite_insert(table)
        stmt = base.on_conflict_do_update(
            index_elements=[key],
            set_={c.name: base.excluded[c.name] for c in table.columns if c.name != key},
        )
        _UPSERTS[(table.name, dialect)] = stmt
    return stmt


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
