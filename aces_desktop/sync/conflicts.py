"""Open conflicts: list them with both versions, resolve by choosing or combining."""

from __future__ import annotations

from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.core.schema import title_of
from aces_desktop.store.workspace import Workspace


def list_conflicts(ws: Workspace) -> list[dict[str, Any]]:
    """Every open conflict with its competing versions (newest first)."""
    out = []
    with ws.session() as s:
        for type_name, record_id in ws.records.conflicts(s):
            heads = ws.records.heads(s, record_id)
            versions = [
                {
                    "rev": h.rev,
                    "device_id": h.device_id,
                    "person_id": h.person_id,
                    "time": h.time,
                    "deleted": h.op == "delete",
                    "content": h.content,
                }
                for h in reversed(heads)
                if not h.withheld
            ]
            shown: dict[str, Any] = next(
                (h.content for h in reversed(heads) if h.content is not None), {}
            )
            out.append(
                {
                    "record_type": type_name,
                    "record_id": record_id,
                    "title": title_of(type_name, shown) if shown else "",
                    "versions": versions,
                }
            )
    return out


def resolve_conflict(
    ws: Workspace,
    record_id: str,
    *,
    choose: str | None = None,
    content: dict[str, Any] | None = None,
) -> None:
    """End a conflict with one version (by revision hash or its prefix) or combined content."""
    with ws.writing() as s:
        heads = ws.records.heads(s, record_id)
        if len(heads) < 2:
            raise AcesError(msg.RECORD_NO_OPEN_CONFLICT(record_id))
        type_name = heads[0].record_type
        if content is None:
            if not choose:
                raise AcesError(msg.CHOOSE_VERSION_CHOOSE_REV_GIVE())
            matches = [h for h in heads if h.rev.startswith(choose)]
            if len(matches) != 1:
                raise AcesError(msg.DOES_NOT_NAME_EXACTLY_ONE(choose, record_id))
            chosen = matches[0]
            if chosen.withheld:
                raise AcesError(msg.VERSION_CONTENT_NOT_DEVICE())
            if chosen.op == "delete":
                ws.records._write(s, type_name, record_id, "delete", None)
                return
            content = dict(chosen.content or {})
        ws.records.resolve(s, type_name, record_id, content)
