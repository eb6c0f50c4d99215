"""Sync: peers, acknowledgements, held revisions, duplicate-site review queue.

Revision ID: 0004_sync
Revises: 0002_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_sync"
down_revision: str | None = "0003_scores"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_peers",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("organisation", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("device_id"),
    )
    op.create_table(
        "sync_acks",
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("peer_id", "device_id"),
    )
    op.create_table(
        "sync_held",
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("rev"),
    )
    with op.batch_alter_table("sync_held", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_held_device_id"), ["device_id"], unique=False)
    op.create_table(
        "sync_duplicates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_a", sa.String(length=36), nullable=False),
        sa.Column("site_b", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("found_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_duplicates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_duplicates_site_a"), ["site_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_duplicates_site_b"), ["site_b"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_duplicates_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("sync_duplicates")
    op.drop_table("sync_held")
    op.drop_table("sync_acks")
    op.drop_table("sync_peers")
