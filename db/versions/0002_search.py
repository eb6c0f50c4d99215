"""Full-text search: trigram FTS5 indexes over names and narratives.

The trigram tokenizer matches any substring of three or more characters in any script
(Chinese, Uyghur, Latin...), which word tokenizers cannot do for text without spaces.
Each index is an external-content FTS5 table kept in step by triggers, so the text is
stored once and bulk inserts index themselves.

Revision ID: 0002_search
Revises: 0001_initial
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_search"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> indexed columns
INDEXED: dict[str, tuple[str, ...]] = {
    "sites": ("search_text",),
    "companies": ("search_text",),
    "initiatives": ("search_text",),
    "findings": ("narrative",),
    "worker_notes": ("pseudonym", "narrative"),
    "visits": ("summary",),
    "company_responses": ("subject", "request", "answer", "commitments"),
    "evidence": ("description",),
    "amendments": ("reason", "text"),
}


def _values(prefix: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{prefix}.{c}" for c in columns)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    for table, columns in INDEXED.items():
        fts = f"fts_{table}"
        cols = ", ".join(columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
            "content_rowid='rowid', tokenize='trigram')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {_values('new', columns)}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) "
            f"VALUES ('delete', old.rowid, {_values('old', columns)}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) "
            f"VALUES ('delete', old.rowid, {_values('old', columns)}); "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {_values('new', columns)}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _upgrade_postgresql() -> None:
    """PostgreSQL has no FTS5: trigram GIN indexes (pg_trgm) serve the same substring
    search in any script; ``store.search`` queries them with ILIKE."""
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in INDEXED.items():
        for column in columns:
            op.execute(
                f"CREATE INDEX trgm_{table}_{column} ON {table} USING gin ({column} gin_trgm_ops)"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, columns in INDEXED.items():
            for column in columns:
                op.execute(f"DROP INDEX IF EXISTS trgm_{table}_{column}")
        return
    for table in INDEXED:
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS fts_{table}")
