"""Score snapshots (local derived data) and a partial index on findings.amends_id.

The partial index lets scoring leave out amended findings without scanning every finding.

Revision ID: 0003_scores
Revises: 0002_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_scores"
down_revision: str | None = "0002_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "score_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("as_of", sa.String(length=10), nullable=False),
        sa.Column("rubric_version", sa.String(length=20), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("band_low", sa.Float(), nullable=True),
        sa.Column("band_high", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("tier", sa.String(length=20), nullable=True),
        sa.Column("risk_level", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.String(length=10), nullable=False),
        sa.Column("remediation_progress", sa.Float(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "subject_type", "subject_id", "as_of", "input_hash", name="uq_score_snapshots_inputs"
        ),
    )
    op.create_index(
        "ix_score_snapshots_subject", "score_snapshots", ["subject_id", "as_of"], unique=False
    )
    op.create_index("ix_score_snapshots_as_of", "score_snapshots", ["as_of"], unique=False)
    op.execute(
        "CREATE INDEX ix_findings_amends ON findings (amends_id) WHERE amends_id IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_findings_amends")
    op.drop_index("ix_score_snapshots_as_of", table_name="score_snapshots")
    op.drop_index("ix_score_snapshots_subject", table_name="score_snapshots")
    op.drop_table("score_snapshots")
