"""The number of rows of each listed record table, kept exact by triggers.

A record list opened without a filter shows how many records it holds (``store.listing``):
``count(*)`` over a million findings reads an index of a million entries (through SQLCipher,
which decrypts every page it reads), the slowest part of opening the list the first time.
``row_counts`` holds that number for each table a list shows, and triggers of the database
itself keep it exact, whatever writes the rows (a save, a delete, an undelete, a merge, an
import, the bulk writer, a script):

- SQLite: a row trigger adds one after each ``INSERT`` and takes one away after each
  ``DELETE``. An upsert that updates an existing row (``ON CONFLICT DO UPDATE``) fires no
  insert trigger. Nothing in the application replaces rows (``INSERT OR REPLACE`` would
  delete without a delete trigger): records are written by upsert.
- PostgreSQL stores: statement triggers add or take away the number of rows in the
  statement's transition table (one ``UPDATE`` per statement, not per row), and a
  ``TRUNCATE`` sets it to 0. Writers take turns (the writers' lock), and an ``UPDATE`` of the
  count waits for a concurrent one anyway, so the count stays exact across coordinators.

A later migration that rebuilds one of these tables (``batch_alter_table`` on SQLite copies
the rows into a new table) must create its two triggers again and recount.

Downgrading drops the triggers and the table.

Revision ID: 0012_row_counts
Revises: 0011_list_sort
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_row_counts"
down_revision: str | None = "0011_list_sort"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables of the record lists (store.listing.LISTS).
COUNTED = (
    "sites",
    "companies",
    "initiatives",
    "persons",
    "visits",
    "findings",
    "worker_notes",
    "company_responses",
)

PG_FUNCTIONS = """
CREATE FUNCTION aces_rows_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE row_counts SET n = n + (SELECT count(*) FROM added) WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END
$$;
CREATE FUNCTION aces_rows_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE row_counts SET n = n - (SELECT count(*) FROM removed) WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END
$$;
CREATE FUNCTION aces_rows_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE row_counts SET n = 0 WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END
$$;
"""


def upgrade() -> None:
    op.create_table(
        "row_counts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute(PG_FUNCTIONS)
    for table in COUNTED:
        if sqlite:
            op.execute(
                f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN "
                f"UPDATE row_counts SET n = n + 1 WHERE name = '{table}'; END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN "
                f"UPDATE row_counts SET n = n - 1 WHERE name = '{table}'; END"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} "
                "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
                "EXECUTE FUNCTION aces_rows_added()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} "
                "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
                "EXECUTE FUNCTION aces_rows_removed()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_count_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION aces_rows_cleared()"
            )
        # Counted after the triggers exist, in the migration's transaction.
        op.execute(f"INSERT INTO row_counts (name, n) SELECT '{table}', count(*) FROM {table}")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in COUNTED:
        suffixes = ("insert", "delete") if sqlite else ("insert", "delete", "truncate")
        for suffix in suffixes:
            on = "" if sqlite else f" ON {table}"
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_{suffix}{on}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS aces_rows_added()")
        op.execute("DROP FUNCTION IF EXISTS aces_rows_removed()")
        op.execute("DROP FUNCTION IF EXISTS aces_rows_cleared()")
    op.drop_table("row_counts")
