"""Score snapshots: dated, local, derived data (never revisions, never synced).

A snapshot row holds one subject's rating on one day, with the rubric version and input
hash it was computed from and the full result JSON, so trends (a company's tier over time, a
site's remediation progress over time) can be drawn and any old score re-checked.
"""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aces_desktop.store.models import HASH, ID, Base


class ScoreSnapshot(Base):
    __tablename__ = "score_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(ID)
    subject_name: Mapped[str] = mapped_column(String(300))
    as_of: Mapped[str] = mapped_column(String(10))
    rubric_version: Mapped[str] = mapped_column(String(20))
    input_hash: Mapped[str] = mapped_column(HASH)
    status: Mapped[str] = mapped_column(String(30))
    score: Mapped[float | None] = mapped_column(Float)
    band_low: Mapped[float | None] = mapped_column(Float)
    band_high: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(20))
    tier: Mapped[str | None] = mapped_column(String(20))
    risk_level: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[str] = mapped_column(String(10))
    remediation_progress: Mapped[float | None] = mapped_column(Float)
    tags: Mapped[str] = mapped_column(Text, default="[]")
    result_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        UniqueConstraint(
            "subject_type", "subject_id", "as_of", "input_hash", name="uq_score_snapshots_inputs"
        ),
        Index("ix_score_snapshots_subject", "subject_id", "as_of"),
        Index("ix_score_snapshots_as_of", "as_of"),
    )
