"""PostgreSQL stores count a list's rows when it is opened, instead of keeping the counts.

The statement triggers of ``0012_row_counts`` added each statement's rows to one row of
``row_counts`` per table. A merge or an import writes through psycopg's ``executemany``, one
statement per row, in one transaction: every statement updated the same row again, and
PostgreSQL keeps each update's version of that row until the transaction ends, so each update
walked the versions before it. 20,000 rows inserted one statement at a time in one
transaction took 6.8 s with the trigger against 0.03 s without, and a million-finding store
could not be filled in half an hour. The triggers, their functions and ``row_counts`` are
dropped from PostgreSQL stores; their lists count with ``count(*)``, which the server runs
from its own cache (``store.listing.ListQuery.count``). Workspace files keep theirs (SQLite's
row triggers update a row in place).

Downgrading creates them again (as ``0012_row_counts`` did) and counts.

Revision ID: 0014_pg_counted_live
Revises: 0013_ref_counts
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0014_pg_counted_live"
down_revision: str | None = "0013_ref_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _row_counts() -> ModuleType:
    """Migration 0012, whose tables, functions and triggers these are."""
    path = Path(__file__).with_name("0012_row_counts.py")
    spec = importlib.util.spec_from_file_location("aces_migration_0012", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in _row_counts().COUNTED:
        for suffix in ("insert", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_{suffix} ON {table}")
    for function in ("aces_rows_added", "aces_rows_removed", "aces_rows_cleared"):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.execute("DROP TABLE IF EXISTS row_counts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    _row_counts().upgrade()
