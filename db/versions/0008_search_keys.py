"""Search across scripts: names indexed with their Latin forms and skeletons.

``search_text`` of sites, companies and initiatives gains the search keys of
``core.transliterate`` (pinyin of Chinese, Uyghur Latin of Uyghur Arabic script, a vowel-less
skeleton), so ``Aksu``, ``akesu``, ``阿克苏`` and ``ئاقسۇ`` find one another. Existing rows are
back-filled here; the FTS5 update triggers of migration 0002 re-index each changed row.
Downgrading drops the keys again.

Revision ID: 0008_search_keys
Revises: 0007_publications
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from aces_desktop.core.transliterate import with_search_keys

revision: str = "0008_search_keys"
down_revision: str | None = "0007_publications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("sites", "companies", "initiatives")


def _rewrite(table: str, add_keys: bool) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, search_text FROM {table}")).all()
    for record_id, current in rows:
        base = _base(current or "")
        new = with_search_keys(base) if add_keys else base
        if new != current:
            bind.execute(
                sa.text(f"UPDATE {table} SET search_text = :t WHERE id = :r"),
                {"t": new, "r": record_id},
            )


def _base(search_text: str) -> str:
    """The names part of a search_text that may already carry keys (they follow the names)."""
    lines = search_text.split("\n")
    for keep in range(1, len(lines)):
        names = "\n".join(lines[:keep])
        if with_search_keys(names) == search_text:
            return names
    return search_text


def upgrade() -> None:
    for table in TABLES:
        _rewrite(table, add_keys=True)


def downgrade() -> None:
    for table in TABLES:
        _rewrite(table, add_keys=False)
