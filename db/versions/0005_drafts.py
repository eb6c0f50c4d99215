"""Autosaved form drafts, kept inside the encrypted workspace database.

Revision ID: 0005_drafts
Revises: 0002_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_drafts"
down_revision: str | None = "0004_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("record_type", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("drafts")
