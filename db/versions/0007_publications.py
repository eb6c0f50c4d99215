"""Publication decisions: a coordinator marks an initiative's or company's assessment ready
to publish (``publication`` records, docs/assessment.md "Review before publication").

Revision ID: 0007_publications
Revises: 0006_authorship
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_publications"
down_revision: str | None = "0006_authorship"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "publications",
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("ready", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.String(length=64), nullable=False),
        sa.Column("conflict", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["record_state.record_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_publications_subject_id", "publications", ["subject_id"])


def downgrade() -> None:
    op.drop_index("ix_publications_subject_id", table_name="publications")
    op.drop_table("publications")
