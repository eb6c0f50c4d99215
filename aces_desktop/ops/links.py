"""The links of a company, an initiative or a site: company–site links, memberships and
coverage, read for a record's page and removed with a delete revision.

Links are plain records (``company_site``, ``membership``, ``coverage``): they are added and
edited with ``ops.records.save`` (the schema's checks, the same as ``aces link add``,
``aces membership add`` and ``aces coverage add``) and removed with ``remove``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aces_desktop.core import schema
from aces_desktop.ops import Outcome, query
from aces_desktop.ops import records as record_ops

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from aces_desktop.store.workspace import Workspace


@dataclass(frozen=True)
class LinkKind:
    """One list of links on a record's page: records of ``link_type`` whose ``own_field``
    names the record, each showing the record its ``other_field`` names."""

    key: str
    link_type: str
    own_field: str
    other_field: str

    @property
    def other_type(self) -> str:
        return _ref_type(self.link_type, self.other_field)


def _ref_type(type_name: str, field_name: str) -> str:
    """The one record type a reference field of ``type_name`` names."""
    ref = schema.record_type(type_name).by_name[field_name].ref
    return ref if isinstance(ref, str) else ""


LINK_KINDS: dict[str, tuple[LinkKind, ...]] = {
    "company": (
        LinkKind("company_sites", "company_site", "company_id", "site_id"),
        LinkKind("company_memberships", "membership", "company_id", "initiative_id"),
    ),
    "initiative": (
        LinkKind("initiative_members", "membership", "initiative_id", "company_id"),
        LinkKind("initiative_coverage", "coverage", "initiative_id", "site_id"),
    ),
    "site": (
        LinkKind("site_companies", "company_site", "site_id", "company_id"),
        LinkKind("site_coverage", "coverage", "site_id", "initiative_id"),
    ),
}
LINK_TYPES = frozenset(k.link_type for kinds in LINK_KINDS.values() for k in kinds)
# What a change to a link can alter on a record's page: the link, and the names it shows.
LINK_PAGE_TYPES = LINK_TYPES | {"company", "initiative", "site"}


@dataclass(frozen=True)
class Link:
    """A link as shown on one side: the link record and the record at its other end."""

    id: str
    type_name: str
    other_id: str
    other_name: str
    content: dict[str, Any]


def _name(s: Session, type_name: str, record_id: str) -> str:
    from sqlalchemy import select

    from aces_desktop.store.records import table_for

    table = table_for(type_name)
    name = s.execute(select(table.c.name).where(table.c.id == record_id)).scalar()
    return str(name) if name else ""


def read_links(s: Session, kind: LinkKind, record_id: str) -> list[Link]:
    """The links of ``kind`` of the record ``record_id``, by the other record's name."""
    from sqlalchemy import select

    from aces_desktop.store.records import row_content, table_for

    table = table_for(kind.link_type)
    rows = s.execute(select(table).where(table.c[kind.own_field] == record_id)).mappings()
    found = []
    for row in rows:
        content = row_content(kind.link_type, row)
        other = str(content.get(kind.other_field) or "")
        found.append(
            Link(str(row["id"]), kind.link_type, other, _name(s, kind.other_type, other), content)
        )
    return sorted(found, key=lambda link: (link.other_name.casefold(), link.id))


def links_of(ws: Workspace, type_name: str, record_id: str) -> dict[str, list[Link]]:
    """Every list of links on the page of a company, an initiative or a site (by key)."""
    kinds = LINK_KINDS.get(type_name, ())
    return query(ws, lambda s: {k.key: read_links(s, k, record_id) for k in kinds})


def describe(ws: Workspace, link_id: str) -> tuple[str, str, str]:
    """(type, name at one end, name at the other end) of a link, for confirmations."""

    def read(s: Session) -> tuple[str, str, str]:
        type_name, content = ws.records.get(s, link_id)
        refs = [
            (_ref_type(type_name, f.name), str(content.get(f.name) or ""))
            for f in schema.record_type(type_name).references()
        ]
        (a_type, a_id), (b_type, b_id) = refs[:2]
        return type_name, _name(s, a_type, a_id), _name(s, b_type, b_id)

    return query(ws, read)


def remove(
    ws: Workspace, type_name: str, link_id: str, *, wait: float | None = None
) -> Outcome[None]:
    """A delete revision of the link (its history stays; it syncs like any change)."""
    if type_name not in LINK_TYPES:
        raise ValueError(f"not a link type: {type_name}")
    return record_ops.delete(ws, type_name, link_id, wait=wait)
