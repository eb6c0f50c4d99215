"""Record lists sort by any column at a million findings: one index per sortable column.

The findings list (``store.listing``) sorts by each of its columns with the row's creation
order (rowid) breaking ties. An index on the column holds exactly that order (SQLite keeps
the rowid as the last key of every index), so a sorted window of a million findings is read
from the index instead of sorting the whole table; ``count(*)`` of the list also reads the
smallest of them. The Site column sorts through ``ix_findings_site_indicator`` (one site's
findings at a time, see ``listing.NameGroups``).

Each column is indexed as an expression of the same values in the same order (``|| ''`` of
text, ``+ 0`` of the grade; NULL stays NULL) which only the list's ``ORDER BY`` names: a
plain index on, say, ``observed_on`` would draw the scoring aggregate's and the register's
``observed_on <= :day`` (true of nearly every row) away from one scan of the table into a
million index look-ups. A PostgreSQL store indexes the columns themselves: its planner keeps
statistics (and a date's text form is not fixed enough for an index there).

Downgrading drops the indexes again.

Revision ID: 0011_list_sort
Revises: 0010_hub_protect
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_list_sort"
down_revision: str | None = "0010_hub_protect"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, the expression sorted on: store.listing spells it alike).
SORTED = (
    ("findings", "indicator", "(indicator || '')"),
    ("findings", "grade", "(grade + 0)"),
    ("findings", "observed_on", "(observed_on || '')"),
    ("findings", "source_type", "(source_type || '')"),
    ("findings", "remediation_status", "(remediation_status || '')"),
    ("findings", "narrative", "(narrative || '')"),
)


def index_name(table: str, column: str) -> str:
    return f"ix_{table}_sort_{column}"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, expression in SORTED:
        op.create_index(
            index_name(table, column), table, [sa.text(expression) if sqlite else column]
        )


def downgrade() -> None:
    for table, column, _ in SORTED:
        op.drop_index(index_name(table, column), table_name=table)
