"""Authorship of revisions: signed chain heads, revocations, and held revisions' records.

- ``chain_heads``: per device and revision number, the device's Ed25519 signature over the
  head of its hash chain (docs/bundle-format.md, "Authorship"). A bundle carries, for each
  device chain it includes, the head that covers it, so a coordinator can forward revisions
  that receivers check against their author's own key.
- ``revocations``: signed revocations of devices (``aces trust revoke``).
- ``sync_held.record_id``: the record a held revision belongs to (parent checks).

Revisions received before this version carried no chain signatures: each foreign device's
current tip is recorded as a *legacy* head, which a coordinator vouches for with its own key
when it forwards that chain (it accepted those revisions before signatures existed).

Revision ID: 0006_authorship
Revises: 0005_drafts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_authorship"
down_revision: str | None = "0005_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chain_heads",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("rev", sa.String(64), nullable=False),
        sa.Column("signer", sa.String(36), nullable=True),
        sa.Column("signature", sa.String(128), nullable=True),
        sa.Column("legacy", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "revocations",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("after_seq", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("issued_by", sa.String(36), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
    )
    with op.batch_alter_table("sync_held") as batch:
        batch.add_column(sa.Column("record_id", sa.String(36), nullable=True))
    # Chains received before signatures existed: their tips become legacy heads.
    op.execute(
        """
        INSERT INTO chain_heads (device_id, seq, rev, signer, signature, legacy)
        SELECT r.device_id, r.device_seq, r.rev, NULL, NULL, TRUE
        FROM revisions r
        JOIN (SELECT device_id, MAX(device_seq) AS seq FROM revisions GROUP BY device_id) t
          ON t.device_id = r.device_id AND t.seq = r.device_seq
        WHERE r.device_id NOT IN (SELECT device_id FROM devices WHERE is_self)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("sync_held") as batch:
        batch.drop_column("record_id")
    op.drop_table("revocations")
    op.drop_table("chain_heads")
