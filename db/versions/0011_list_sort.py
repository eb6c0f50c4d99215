"""Record lists sort by any column at a million findings: one index per sortable column.

The findings list (``store.listing``) sorts by each of its columns with the row's creation
order (rowid) breaking ties. An index on the column holds exactly that order (SQLite keeps
the rowid as the last key of every index), so a sorted window of a million findings is read
from the index instead of sorting the whole table; ``count(*)`` of the list also reads the
smallest of them. The Site column sorts through ``ix_findings_site_indicator`` (one site's
findings at a time, see ``listing.ListQuery``). Downgrading drops the indexes again.

Revision ID: 0011_list_sort
Revises: 0010_hub_protect
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_list_sort"
down_revision: str | None = "0010_hub_protect"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column): the columns of record lists that can hold a million rows.
SORTED = (
    ("findings", "indicator"),
    ("findings", "grade"),
    ("findings", "observed_on"),
    ("findings", "source_type"),
    ("findings", "remediation_status"),
    ("findings", "narrative"),
)


def index_name(table: str, column: str) -> str:
    return f"ix_{table}_sort_{column}"


def upgrade() -> None:
    for table, column in SORTED:
        op.create_index(index_name(table, column), table, [column])


def downgrade() -> None:
    for table, column in SORTED:
        op.drop_index(index_name(table, column), table_name=table)
