"""Reading the record lists: windows of row ids, pages of rows, the unsent-changes count.

Lists read through their own connections (no ORM session; on a workspace file, no
SQLAlchemy either: ``Workspace.reader``): a million-row list costs the windows looked at.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from aces_desktop.ops import query
from aces_desktop.store import search
from aces_desktop.store.listing import (
    EXPORTED_SEQ_KEY,
    IdWindows,
    ListQuery,
    ListSpec,
    rows,
    unsent_changes,
)
from aces_desktop.store.secrets import get_meta
from aces_desktop.store.workspace import Workspace


def id_windows(ws: Workspace, query: ListQuery, window: int = 10_000) -> IdWindows:
    return IdWindows(query, ws.reader, window)


def page(ws: Workspace, spec: ListSpec, rowids: Sequence[int]) -> list[tuple[Any, ...] | None]:
    return rows(ws.reader, spec, rowids)


def unsent(ws: Workspace) -> int:
    """Changes made on this device and not yet sent in a bundle."""
    if not ws.on_postgres:
        return unsent_changes(ws.reader, ws.device_id)
    with ws.session() as s:  # this coordinator's meta is in its workspace file
        exported = int(get_meta(s, EXPORTED_SEQ_KEY) or 0)
    return unsent_changes(ws.engine, ws.device_id, exported)


def store_changes(ws: Workspace, stop: threading.Event) -> Iterator[None]:
    """Wake-ups when another coordinator changes this workspace's PostgreSQL store (nothing
    for a workspace file); the views then re-read what they show."""
    return ws.store_changes(stop)


def find(
    ws: Workspace, text: str, types: list[str] | None = None, limit: int = 50
) -> list[search.Hit]:
    """Records whose names (in any script: see ``core.transliterate``) or narratives
    contain ``text``; ``aces search`` and the GUI's search call this."""
    return query(ws, lambda s: search.search(s, text, types, limit))
