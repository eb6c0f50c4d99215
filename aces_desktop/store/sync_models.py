"""Tables of the sync layer (migration ``0004_sync``).

- ``sync_peers``: what this workspace knows about a trusted device beyond ``devices``
  (its workspace and organisation ids).
- ``sync_acks``: per peer and per device, the highest revision number the peer said it
  holds (read from the acknowledgements in the bundles it sent). Incremental export sends
  what a receiver has not acknowledged.
- ``sync_held``: revisions received after a gap in their device's hash chain, held back
  until the earlier bundle arrives (docs/bundle-format.md, "gaps").
- ``sync_duplicates``: likely duplicate sites found on merge, queued for a person to review.
- ``chain_heads`` (migration ``0006_authorship``): signed heads of device hash chains, which
  prove who wrote the revisions a bundle forwards.
- ``revocations``: devices a coordinator revoked, with the revision number after which
  nothing of theirs is accepted.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from aces_desktop.store.models import Base
from aces_desktop.store.sealed_columns import EncryptedText

_ID = String(36)
_HASH = String(64)


class SyncPeer(Base):
    __tablename__ = "sync_peers"

    device_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(_ID)
    organisation: Mapped[str | None] = mapped_column(_ID)


class SyncAck(Base):
    __tablename__ = "sync_acks"

    peer_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)


class SyncHeld(Base):
    __tablename__ = "sync_held"

    rev: Mapped[str] = mapped_column(_HASH, primary_key=True)
    device_id: Mapped[str] = mapped_column(_ID, index=True)
    device_seq: Mapped[int] = mapped_column(Integer)
    bundle_id: Mapped[str] = mapped_column(_ID)
    line: Mapped[str] = mapped_column(EncryptedText)
    received_at: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(_ID, nullable=True)


class SyncDuplicate(Base):
    __tablename__ = "sync_duplicates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_a: Mapped[str] = mapped_column(_ID, index=True)
    site_b: Mapped[str] = mapped_column(_ID, index=True)
    reason: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    found_at: Mapped[str] = mapped_column(String(32))


class ChainHead(Base):
    """A signed head of a device's hash chain: ``signer`` signed that ``rev`` is revision
    ``seq`` of ``device_id``. ``legacy`` heads were received before signatures existed
    (no signature; a coordinator vouches for them when it forwards the chain)."""

    __tablename__ = "chain_heads"

    device_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    rev: Mapped[str] = mapped_column(_HASH)
    signer: Mapped[str | None] = mapped_column(_ID, nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)


class Revocation(Base):
    """A device revoked by a coordinator: nothing it wrote after ``after_seq`` is accepted."""

    __tablename__ = "revocations"

    device_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(_HASH)
    after_seq: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    time: Mapped[str] = mapped_column(String(32))
    issued_by: Mapped[str] = mapped_column(_ID)
    signature: Mapped[str] = mapped_column(String(128))
