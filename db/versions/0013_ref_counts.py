"""How many rows of a listed table refer to each record, kept exact by triggers (SQLite).

A list sorted by the name of another record (findings by site, ``store.listing.NameGroups``)
needs how many of its rows refer to each named record. A ``GROUP BY`` over the reference
column reads its index of a million entries, which took 2.5-3 s when the workspace file was
not in the operating system's cache. ``ref_counts`` holds those numbers, per reference column
a list sorts by name (``REFERENCES``) and per referenced id (``''`` for rows that refer to
none), and triggers keep them exact whatever writes the rows:

- after an ``INSERT``, one more for the new row's reference;
- after a ``DELETE``, one fewer for the old row's;
- after an ``UPDATE`` that changes the reference (an upsert's update part included), one
  fewer for the old and one more for the new.

Nothing in the application replaces rows (``INSERT OR REPLACE`` deletes without a delete
trigger). Numbers that fell to 0 stay as rows of 0. A later migration that rebuilds one of
these tables (``batch_alter_table`` copies the rows into a new table) must create its
triggers again and recount.

PostgreSQL stores keep no such table: the server counts from its own cache.

Revision ID: 0013_ref_counts
Revises: 0012_row_counts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_ref_counts"
down_revision: str | None = "0012_row_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, reference column) of every list column showing another record's name
# (store.listing.LISTS: Column.names).
REFERENCES = (
    ("visits", "site_id"),
    ("findings", "site_id"),
    ("worker_notes", "site_id"),
    ("company_responses", "company_id"),
)


def _add(name: str, ref: str) -> str:
    return (
        f"INSERT INTO ref_counts (name, ref, n) VALUES ('{name}', coalesce({ref}, ''), 1) "
        "ON CONFLICT (name, ref) DO UPDATE SET n = n + 1;"
    )


def _take(name: str, ref: str) -> str:
    return f"UPDATE ref_counts SET n = n - 1 WHERE name = '{name}' AND ref = coalesce({ref}, '');"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        "ref_counts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("ref", sa.String(64), primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    for table, column in REFERENCES:
        name = f"{table}.{column}"
        op.execute(
            f"CREATE TRIGGER {table}_{column}_ref_insert AFTER INSERT ON {table} "
            f"BEGIN {_add(name, f'NEW.{column}')} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_{column}_ref_delete AFTER DELETE ON {table} "
            f"BEGIN {_take(name, f'OLD.{column}')} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_{column}_ref_update AFTER UPDATE OF {column} ON {table} "
            f"WHEN OLD.{column} IS NOT NEW.{column} "
            f"BEGIN {_take(name, f'OLD.{column}')} {_add(name, f'NEW.{column}')} END"
        )
        # Counted after the triggers exist, in the migration's transaction.
        op.execute(
            f"INSERT INTO ref_counts (name, ref, n) SELECT '{name}', coalesce({column}, ''), "
            f"count(*) FROM {table} GROUP BY coalesce({column}, '')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column in REFERENCES:
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_ref_{suffix}")
    op.drop_table("ref_counts")
