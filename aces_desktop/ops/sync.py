"""The coordinator's and field device's sync work, as operations that say what they changed.

The workflows themselves are in ``aces_desktop.sync`` (each write one transaction of the
workspace's writer); these wrappers add what the views need to know afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aces_desktop.core.progress import Progress
from aces_desktop.ops import NOTHING, Changes, Outcome
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import conflicts, duplicates, trust
from aces_desktop.sync.export import ExportSummary, export_bundle
from aces_desktop.sync.merge import MergeSummary, merge_bundles


def merge(
    ws: Workspace, paths: list[Path], progress: Progress | None = None
) -> Outcome[list[MergeSummary]]:
    """Merge bundles, each all or nothing; any record type may have changed."""
    results = merge_bundles(ws, paths, progress)
    merged = any(not r.refused for r in results)
    return Outcome(results, Changes.all() if merged else NOTHING)


def export(
    ws: Workspace, out: Path, *, full: bool = False, progress: Progress | None = None
) -> Outcome[ExportSummary]:
    """A bundle of this device's changes; the records stay as they are."""
    return Outcome(export_bundle(ws, out, full=full, progress=progress))


def resolve(
    ws: Workspace,
    record_type: str,
    record_id: str,
    *,
    choose: str | None = None,
    content: dict[str, Any] | None = None,
) -> Outcome[None]:
    conflicts.resolve_conflict(ws, record_id, choose=choose, content=content)
    return Outcome(None, Changes.of(record_type, record_id))


def merge_sites(ws: Workspace, keep: str, other: str) -> Outcome[duplicates.SiteMerge]:
    """One site instead of two; records of every type that named the other now name it."""
    return Outcome(duplicates.merge_sites(ws, keep, other), Changes.all())


def dismiss_duplicate(ws: Workspace, pair_id: int) -> Outcome[None]:
    duplicates.dismiss_duplicate(ws, pair_id)
    return Outcome(None)


def revoke(ws: Workspace, device_id: str, reason: str) -> Outcome[trust.RevocationNotice]:
    """Revoke a device; what it wrote is shown as from a revoked device from now on."""
    return Outcome(trust.revoke_device(ws, device_id, reason), Changes.all())


def add_trusted(ws: Workspace, ident: trust.Identity) -> Outcome[trust.TrustResult]:
    return Outcome(trust.trust_identity(ws, ident))


def devices(ws: Workspace) -> list[dict[str, Any]]:
    """Trusted devices, revoked ones included."""
    return trust.list_trusted(ws, revoked=True)


def open_conflicts(ws: Workspace) -> list[dict[str, Any]]:
    return conflicts.list_conflicts(ws)


def open_duplicates(ws: Workspace) -> list[dict[str, Any]]:
    return duplicates.list_duplicates(ws)


def identity(ws: Workspace) -> trust.Identity:
    """This device's identity (name, role, keys) as others see it."""
    return trust.own_identity(ws)


def export_identity(ws: Workspace, out: Path) -> trust.Identity:
    return trust.export_identity(ws, out)


def site_profile(ws: Workspace, site_id: str) -> dict[str, Any]:
    """What a coordinator compares before merging two sites: names in every script, address,
    Open Supply Hub id, coordinates, linked companies and the number of visits."""
    from sqlalchemy import func, select

    from aces_desktop.store import models as m

    with ws.session() as s:
        _kind, content = ws.records.get(s, site_id)
        companies = list(
            s.execute(
                select(m.Company.name)
                .join(m.CompanySite, m.CompanySite.company_id == m.Company.id)
                .where(m.CompanySite.site_id == site_id)
                .order_by(m.Company.name)
            ).scalars()
        )
        visits = s.execute(
            select(func.count()).select_from(m.Visit).where(m.Visit.site_id == site_id)
        ).scalar_one()
    return {
        "id": site_id,
        "name": content.get("name") or "",
        "aliases": list(content.get("aliases") or []),
        "other_names": list(content.get("other_names") or []),
        "address": content.get("address") or "",
        "country": content.get("country") or "",
        "os_hub_id": content.get("os_hub_id") or "",
        "latitude": content.get("latitude"),
        "longitude": content.get("longitude"),
        "companies": companies,
        "visits": int(visits),
    }
