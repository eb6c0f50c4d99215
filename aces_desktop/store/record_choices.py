"""Short labels of records, for pickers that let a person choose a referenced record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from aces_desktop.core import schema
from aces_desktop.store import models as m
from aces_desktop.store.search import SEARCHED, like_pattern, rowid_filter

# Extra context shown after the title, as SQL over the record's table (aliased "r").
_CONTEXT: dict[str, str] = {
    "visit": "(SELECT name FROM sites WHERE sites.id = r.site_id)",
    "finding": "'grade ' || COALESCE(r.grade, '-')",
    "worker_note": "(SELECT name FROM sites WHERE sites.id = r.site_id)",
    "company_response": "(SELECT name FROM companies WHERE companies.id = r.company_id)",
    "company_site": "(SELECT name FROM companies WHERE companies.id = r.company_id)",
    "membership": "(SELECT name FROM companies WHERE companies.id = r.company_id)",
    "coverage": "(SELECT name FROM sites WHERE sites.id = r.site_id)",
    "person": "r.role",
    "site": "r.country",
}


@dataclass(frozen=True)
class Choice:
    record_id: str
    record_type: str
    label: str


def _label(type_name: str, title: Any, context: Any) -> str:
    words = [str(title) if title not in (None, "") else "(untitled)"]
    if context not in (None, ""):
        words.append(str(context))
    return " · ".join(words)


def choices(s: Session, types: tuple[str, ...], query: str = "", limit: int = 200) -> list[Choice]:
    """Records of ``types`` whose title (or indexed text) contains ``query``, most recently
    written first (rowid order: no sort over a large table)."""
    found: list[Choice] = []
    for type_name in types:
        rt = schema.record_type(type_name)
        table = m.MODEL_BY_TYPE[type_name].__tablename__  # type: ignore[attr-defined]
        title = rt.title_field
        context = _CONTEXT.get(type_name, "NULL")
        where, params = "1 = 1", dict[str, str]()
        query = " ".join(query.split())
        dialect = s.get_bind().dialect.name
        if query:
            if type_name in SEARCHED and schema.record_type(type_name).title_field == "name":
                where, params = rowid_filter(type_name, query, dialect)
                where = where.replace(f"{table}.", "r.")
            else:
                like = "ILIKE" if dialect == "postgresql" else "LIKE"
                where = f"CAST(r.{title} AS TEXT) {like} :q ESCAPE '\\'"
                params = {"q": like_pattern(query)}
        rows = s.execute(
            text(
                f"SELECT r.id, r.{title}, {context} FROM {table} AS r WHERE {where} "
                "ORDER BY r.rowid DESC LIMIT :limit"
            ),
            {**params, "limit": limit - len(found)},
        )
        found += [Choice(rid, type_name, _label(type_name, t, c)) for rid, t, c in rows]
        if len(found) >= limit:
            break
    return found


def choice_of(s: Session, record_id: str) -> Choice | None:
    """The label of one record (also of a deleted one: then its id is the label)."""
    state = s.get(m.RecordState, record_id)
    if state is None:
        return None
    if state.deleted:
        return Choice(record_id, state.record_type, f"(deleted) {record_id[:8]}")
    table = m.MODEL_BY_TYPE[state.record_type].__tablename__  # type: ignore[attr-defined]
    title = schema.record_type(state.record_type).title_field
    context = _CONTEXT.get(state.record_type, "NULL")
    row = s.execute(
        text(f"SELECT r.{title}, {context} FROM {table} AS r WHERE r.id = :id"),
        {"id": record_id},
    ).first()
    if row is None:
        return None
    return Choice(record_id, state.record_type, _label(state.record_type, row[0], row[1]))
