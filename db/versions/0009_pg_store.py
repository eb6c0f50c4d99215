"""PostgreSQL stores: a ``rowid`` on every record table and an index on revision clocks.

Lists and record pickers address rows by SQLite's implicit ``rowid`` (creation order, one
integer per row: ``store.listing``). PostgreSQL has none, so there every record table gets a
``rowid`` identity column, filled in insertion order as SQLite's is. Writers there read the
logical clock as the highest revision clock (several coordinators write one store, so no
one workspace's ``meta`` row can hold it): the index keeps that one index lookup.

Nothing changes in SQLite workspaces.

Revision ID: 0009_pg_store
Revises: 0008_search_keys
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_pg_store"
down_revision: str | None = "0008_search_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORD_TABLES = (
    "sites",
    "companies",
    "company_sites",
    "initiatives",
    "memberships",
    "coverages",
    "persons",
    "visits",
    "findings",
    "worker_notes",
    "company_responses",
    "evidence",
    "attachments",
    "amendments",
    "publications",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in RECORD_TABLES:
        op.execute(f"ALTER TABLE {table} ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY")
        op.execute(f"CREATE UNIQUE INDEX ix_{table}_rowid ON {table} (rowid)")
    op.execute("CREATE INDEX ix_revisions_clock ON revisions (clock)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_revisions_clock")
    for table in RECORD_TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN rowid")
