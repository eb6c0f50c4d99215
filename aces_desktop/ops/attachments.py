"""Photos and documents of a record: listing, adding (encrypted) and removing them."""

from __future__ import annotations

from sqlalchemy import select

from aces_desktop.ops import Changes, Outcome, query
from aces_desktop.store import models as m
from aces_desktop.store.attachments import add_attachment
from aces_desktop.store.workspace import Workspace


def of_record(ws: Workspace, owner_type: str, owner_id: str) -> list[m.Attachment]:
    """The attachments of one record, oldest first."""
    return query(
        ws,
        lambda s: list(
            s.execute(
                select(m.Attachment)
                .where(m.Attachment.owner_type == owner_type, m.Attachment.owner_id == owner_id)
                .order_by(m.Attachment.id)
            ).scalars()
        ),
    )


def add(
    ws: Workspace,
    owner_type: str,
    owner_id: str,
    data: bytes,
    name: str,
    *,
    keep_metadata: bool = False,
    consent_scope: str | None = None,
) -> Outcome[str]:
    """Encrypt ``data`` into the blob store and add its attachment record (one write)."""
    record_id, _prepared, _sha = add_attachment(
        ws,
        owner_type,
        owner_id,
        data,
        name,
        keep_metadata=keep_metadata,
        consent_scope=consent_scope,
    )
    return Outcome(record_id, Changes.of("attachment", record_id))
