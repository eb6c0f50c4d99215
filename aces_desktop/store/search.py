"""Full-text search over names and narratives in any script (trigram FTS5, migration 0002).

The trigram index matches any run of three or more characters, so part of a Chinese or
Uyghur name matches without word boundaries. Shorter queries (two Chinese characters are a
common search) fall back to a substring scan of the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aces_desktop.core import schema, transliterate
from aces_desktop.store.content_crypto import ENCRYPTED_COLUMNS, reveal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# record type -> (table, FTS columns); mirrors db/versions/0002_search.py
SEARCHED: dict[str, tuple[str, tuple[str, ...]]] = {
    "site": ("sites", ("search_text",)),
    "company": ("companies", ("search_text",)),
    "initiative": ("initiatives", ("search_text",)),
    "finding": ("findings", ("narrative",)),
    "worker_note": ("worker_notes", ("pseudonym", "narrative")),
    "visit": ("visits", ("summary",)),
    "company_response": ("company_responses", ("subject", "request", "answer", "commitments")),
    "evidence": ("evidence", ("description",)),
    "amendment": ("amendments", ("reason", "text")),
}
MIN_TRIGRAM = 3
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    record_type: str
    record_id: str
    title: str


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY]


def fts_phrase(query: str) -> str:
    """The user's text as one FTS5 phrase (quotes doubled), so no query syntax leaks in."""
    return '"' + query.replace('"', '""') + '"'


def query_forms(query: str) -> list[str]:
    """The query and its keys in Latin script: ``Aksu``, ``阿克苏`` and ``ئاقسۇ`` meet."""
    return [query, *(k for k in transliterate.search_keys(query) if k != query.casefold())]


def _forms(columns: tuple[str, ...], query: str) -> list[str]:
    return query_forms(query) if len(columns) == 1 and columns[0] == "search_text" else [query]


def fts_match(type_name: str, query: str) -> tuple[str, dict[str, str]] | None:
    """The FTS5 table of a workspace file answering ``query`` and its ``MATCH :q``
    parameter; None when the query is too short for trigrams (LIKE answers it then). The
    table's rowids are those of the matching records: its triggers keep it in step."""
    table, columns = SEARCHED[type_name]
    query = normalise_query(query)
    if len(query) < MIN_TRIGRAM:
        return None
    return f"fts_{table}", {"q": " OR ".join(fts_phrase(f) for f in _forms(columns, query))}


def rowid_filter(type_name: str, query: str, dialect: str = "sqlite") -> tuple[str, dict[str, str]]:
    """A SQL condition on ``<table>.rowid`` matching ``query``, and its parameters.

    Lists use it to filter in SQL: ``SELECT ... FROM sites WHERE <condition>``. In a
    PostgreSQL store the same columns are searched with ILIKE, which the trigram (pg_trgm)
    indexes of migration 0002 serve.
    """
    table, columns = SEARCHED[type_name]
    if dialect == "postgresql":  # encrypted columns: neither content nor query go to the server
        columns = tuple(c for c in columns if (table, c) not in ENCRYPTED_COLUMNS)
        if not columns:
            return "FALSE", {}
    query = normalise_query(query)
    forms = _forms(columns, query)
    fts = fts_match(type_name, query) if dialect != "postgresql" else None
    if fts is not None:
        return f"{table}.rowid IN (SELECT rowid FROM {fts[0]} WHERE {fts[0]} MATCH :q)", fts[1]
    like = "ILIKE" if dialect == "postgresql" else "LIKE"
    params: dict[str, str] = {}
    ors = []
    for i, form in enumerate(forms):
        params[f"q{i}"] = like_pattern(form)
        ors += [f"{table}.{c} {like} :q{i} ESCAPE '\\'" for c in columns]
    return f"({' OR '.join(ors)})", params


def like_pattern(query: str) -> str:
    """``%query%`` with LIKE's wildcards in ``query`` escaped (escape character ``\\``)."""
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(s: Session, query: str, types: list[str] | None = None, limit: int = 50) -> list[Hit]:
    """Records whose names or narratives contain ``query``; best matches first per type."""
    from sqlalchemy import text

    query = normalise_query(query)
    if not query:
        return []
    hits: list[Hit] = []
    for type_name in types or list(SEARCHED):
        table, _ = SEARCHED[type_name]
        condition, params = rowid_filter(type_name, query, s.get_bind().dialect.name)
        title = schema.record_type(type_name).title_field
        rows = s.execute(
            text(f"SELECT id, {title} FROM {table} WHERE {condition} LIMIT :limit"),
            {**params, "limit": limit},
        )
        dialect = s.get_bind().dialect
        hits += [Hit(type_name, rid, str(reveal(dialect, name) or "")) for rid, name in rows]
        if len(hits) >= limit:
            break
    return hits[:limit]
