"""SQLAlchemy 2 typed mappings of a workspace database.

Two kinds of table:
- *Record tables* (``sites``, ``findings``...) hold the current state of each live record,
  derived from its revisions. Their columns mirror ``core.schema`` field for field.
- *History and bookkeeping tables* (``revisions``, ``record_state``, ``record_heads``,
  ``revision_parents``, ``meta``, ``secrets``, ``devices``) hold what the state is derived
  from. ``revisions`` is append-only.

References between record tables are checked by the application, not by SQL foreign keys:
revisions may arrive from other devices in any order, and a record may point at one that a
colleague deleted meanwhile. Such dangling references are shown to the user, never lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from aces_desktop.store.sealed_columns import EncryptedString, EncryptedText

ID = String(36)
HASH = String(64)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


# --- history and bookkeeping -------------------------------------------------------------


class Meta(Base):
    """Workspace facts: id, name, role, device id, schema generation. Not secret by itself,
    but kept inside the encrypted database anyway."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Secret(Base):
    """Key material (device keys, blob key, organisation CA). Only ever inside the
    SQLCipher-encrypted database."""

    __tablename__ = "secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class Device(Base):
    """A device known to this workspace: itself, and the devices and coordinators it trusts."""

    __tablename__ = "devices"
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    sign_public: Mapped[str] = mapped_column(String(200))
    age_recipient: Mapped[str | None] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(HASH)
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[str] = mapped_column(String(32))


class RevisionRow(Base):
    __tablename__ = "revisions"
    rev: Mapped[str] = mapped_column(HASH, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(ID, index=True)
    op: Mapped[str] = mapped_column(String(8))
    device_id: Mapped[str] = mapped_column(ID)
    device_seq: Mapped[int] = mapped_column(Integer)
    prev: Mapped[str | None] = mapped_column(HASH)
    person_id: Mapped[str | None] = mapped_column(ID)
    time: Mapped[str] = mapped_column(String(32))
    clock: Mapped[int] = mapped_column(Integer)
    parents: Mapped[str] = mapped_column(Text, default="[]")
    content_hash: Mapped[str | None] = mapped_column(HASH)
    content: Mapped[str | None] = mapped_column(EncryptedText)
    shared: Mapped[bool] = mapped_column(Boolean, default=True)
    received_at: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("device_id", "device_seq", name="uq_revisions_device_seq"),)


class RevisionParent(Base):
    __tablename__ = "revision_parents"
    __table_args__ = ({"sqlite_with_rowid": False},)
    child: Mapped[str] = mapped_column(
        HASH, ForeignKey("revisions.rev", ondelete="CASCADE"), primary_key=True
    )
    parent: Mapped[str] = mapped_column(HASH, primary_key=True, index=True)


class RecordHead(Base):
    __tablename__ = "record_heads"
    __table_args__ = ({"sqlite_with_rowid": False},)
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    rev: Mapped[str] = mapped_column(
        HASH, ForeignKey("revisions.rev", ondelete="CASCADE"), primary_key=True
    )


class RecordState(Base):
    """Derived state of every record with visible content (live or deleted)."""

    __tablename__ = "record_state"
    __table_args__ = ({"sqlite_with_rowid": False},)
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    winner: Mapped[str] = mapped_column(HASH)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=True)
    digest: Mapped[str] = mapped_column(HASH)
    updated_at: Mapped[str] = mapped_column(String(32))


# --- record tables -----------------------------------------------------------------------


class RecordMixin:
    id: Mapped[str] = mapped_column(
        ID, ForeignKey("record_state.record_id", ondelete="CASCADE"), primary_key=True
    )
    rev: Mapped[str] = mapped_column(HASH)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[str] = mapped_column(String(32))


class SearchableMixin:
    """Records found by name: ``search_text`` joins every name, alias and address, and a
    trigram FTS5 index over it matches any script (see migration 0002)."""

    search_text: Mapped[str] = mapped_column(Text, default="")


class Site(RecordMixin, SearchableMixin, Base):
    __tablename__ = "sites"
    name: Mapped[str] = mapped_column(String(300), index=True)
    other_names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    os_hub_id: Mapped[str | None] = mapped_column(String(15), index=True)
    products: Mapped[list[Any]] = mapped_column(JSON, default=list)
    workforce_size: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[int | None] = mapped_column(Integer)
    disclosure: Mapped[str] = mapped_column(String(20), default="withhold")
    notes: Mapped[str | None] = mapped_column(Text)


class Company(RecordMixin, SearchableMixin, Base):
    __tablename__ = "companies"
    name: Mapped[str] = mapped_column(String(300), index=True)
    other_names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    website: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)


class CompanySite(RecordMixin, Base):
    __tablename__ = "company_sites"
    company_id: Mapped[str] = mapped_column(ID, index=True)
    site_id: Mapped[str] = mapped_column(ID, index=True)
    relation: Mapped[str] = mapped_column(String(20))
    tier: Mapped[int | None] = mapped_column(Integer)
    products: Mapped[list[Any]] = mapped_column(JSON, default=list)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    source_type: Mapped[str | None] = mapped_column(String(30))
    evidence: Mapped[str | None] = mapped_column(Text)


class Initiative(RecordMixin, SearchableMixin, Base):
    __tablename__ = "initiatives"
    name: Mapped[str] = mapped_column(String(300), index=True)
    other_names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    acronym: Mapped[str | None] = mapped_column(String(30))
    sector: Mapped[str | None] = mapped_column(String(300))
    countries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class Membership(RecordMixin, Base):
    __tablename__ = "memberships"
    initiative_id: Mapped[str] = mapped_column(ID, index=True)
    company_id: Mapped[str] = mapped_column(ID, index=True)
    status: Mapped[str] = mapped_column(String(20))
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)


class Coverage(RecordMixin, Base):
    __tablename__ = "coverages"
    initiative_id: Mapped[str] = mapped_column(ID, index=True)
    site_id: Mapped[str] = mapped_column(ID, index=True)
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    workers_covered: Mapped[int | None] = mapped_column(Integer)


class Person(RecordMixin, Base):
    __tablename__ = "persons"
    name: Mapped[str] = mapped_column(EncryptedString(300))
    role: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(EncryptedString(300))


class Visit(RecordMixin, Base):
    __tablename__ = "visits"
    site_id: Mapped[str] = mapped_column(ID, index=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(30))
    team: Mapped[list[Any]] = mapped_column(JSON, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)


class Finding(RecordMixin, Base):
    __tablename__ = "findings"
    visit_id: Mapped[str] = mapped_column(ID, index=True)
    site_id: Mapped[str] = mapped_column(ID)
    indicator: Mapped[str] = mapped_column(String(10))
    grade: Mapped[int | None] = mapped_column(Integer)
    source_type: Mapped[str | None] = mapped_column(String(30))
    confidence: Mapped[str | None] = mapped_column(String(10))
    narrative: Mapped[str | None] = mapped_column(EncryptedText)
    observed_on: Mapped[dt.date | None] = mapped_column(Date)
    remediation_status: Mapped[str] = mapped_column(String(30), default="open")
    remediation_due: Mapped[dt.date | None] = mapped_column(Date)
    remediation_started_on: Mapped[dt.date | None] = mapped_column(Date)
    remediated_on: Mapped[dt.date | None] = mapped_column(Date)
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    amends_id: Mapped[str | None] = mapped_column(ID)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)

    # The findings list sorts on indexes of migration 0011_list_sort (see there).
    __table_args__ = (Index("ix_findings_site_indicator", "site_id", "indicator"),)


class WorkerNote(RecordMixin, Base):
    __tablename__ = "worker_notes"
    site_id: Mapped[str] = mapped_column(ID, index=True)
    visit_id: Mapped[str | None] = mapped_column(ID, index=True)
    pseudonym: Mapped[str] = mapped_column(EncryptedString(100))
    consent_scope: Mapped[str] = mapped_column(String(20), default="device")
    gender: Mapped[str | None] = mapped_column(EncryptedString(40))
    age_band: Mapped[str | None] = mapped_column(EncryptedString(10))
    origin: Mapped[str | None] = mapped_column(EncryptedString(300))
    job_role: Mapped[str | None] = mapped_column(EncryptedString(300))
    narrative: Mapped[str | None] = mapped_column(EncryptedText)
    interviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)


class CompanyResponse(RecordMixin, Base):
    __tablename__ = "company_responses"
    company_id: Mapped[str] = mapped_column(ID, index=True)
    request_sent_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300))
    request: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    commitments: Mapped[str | None] = mapped_column(Text)
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date)
    commitment_met: Mapped[bool | None] = mapped_column(Boolean)


class Evidence(RecordMixin, Base):
    __tablename__ = "evidence"
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(ID, index=True)
    criterion: Mapped[str] = mapped_column(String(20))
    level: Mapped[int | None] = mapped_column(Integer)
    source_type: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str | None] = mapped_column(String(2000))
    evidence_date: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Attachment(RecordMixin, Base):
    __tablename__ = "attachments"
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[str] = mapped_column(ID, index=True)
    sha256: Mapped[str] = mapped_column(HASH, index=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str | None] = mapped_column(EncryptedString(300))
    caption: Mapped[str | None] = mapped_column(Text)
    consent_scope: Mapped[str] = mapped_column(String(20), default="coordinator")
    metadata_removed: Mapped[bool] = mapped_column(Boolean, default=True)


class Amendment(RecordMixin, Base):
    __tablename__ = "amendments"
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(ID, index=True)
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)


class Publication(RecordMixin, Base):
    __tablename__ = "publications"
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(ID, index=True)
    ready: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[str] = mapped_column(String(32))


MODEL_BY_TYPE: dict[str, type[RecordMixin]] = {
    "site": Site,
    "company": Company,
    "company_site": CompanySite,
    "initiative": Initiative,
    "membership": Membership,
    "coverage": Coverage,
    "person": Person,
    "visit": Visit,
    "finding": Finding,
    "worker_note": WorkerNote,
    "company_response": CompanyResponse,
    "evidence": Evidence,
    "attachment": Attachment,
    "amendment": Amendment,
    "publication": Publication,
}

BOOKKEEPING_COLUMNS = ("id", "rev", "conflict", "updated_at", "search_text")
