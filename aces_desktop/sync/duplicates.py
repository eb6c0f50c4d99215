"""Likely duplicate sites: found on merge, queued for review, merged only by a person.

Two field teams often record the same factory independently (different scripts,
transliterations, spellings). On merge, each new or changed site is compared with the
others: same Open Supply Hub id, similar names in any script (rapidfuzz), similar
addresses, or coordinates within a few hundred metres. Pairs go to ``sync_duplicates``;
nothing is merged automatically. ``merge_sites`` is ordinary revisions, so it syncs.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.transliterate import MIN_KEY, same_name_key
from aces_desktop.store import models as m
from aces_desktop.store.records import row_content, table_for, utc_now_iso
from aces_desktop.store.sync_models import SyncDuplicate
from aces_desktop.store.workspace import Workspace

NAME_THRESHOLD = 88.0
ADDRESS_THRESHOLD = 92.0
NEAR_KM = 0.3
_SUFFIXES = re.compile(
    r"\b(co|ltd|limited|inc|llc|company|corp|corporation|factory|plc|pvt|jsc|sa|gmbh)\b|"
    r"有限公司|有限责任公司|股份有限公司|公司|工厂|厂"
)
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SUFFIXES.sub(" ", text)
    return " ".join(_PUNCT.sub(" ", text).split())


def _names(site: m.Site) -> list[str]:
    """Normalised names, and for each its cross-script key (``~`` + the skeleton of
    ``core.transliterate``, the one the search uses), so 阿克苏华孚, ئاقسۇ خۇافۇ and
    Aksu Huafu compare equal; keys are compared only with keys."""
    names = [site.name] + [n.get("text", "") for n in site.other_names or []]
    names += list(site.aliases or [])
    normalised = [n for n in (_norm(x) for x in names if x) if n]
    keys = {"~" + k for k in map(same_name_key, normalised) if len(k) >= MIN_KEY}
    return normalised + sorted(keys - {"~" + n for n in normalised})


def _km(a: m.Site, b: m.Site) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp = p2 - p1
    dl = math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class _Country:
    """Sites of one country, indexed for fast fuzzy matching (rapidfuzz works in C)."""

    def __init__(self, sites: list[Any]) -> None:
        self.sites = {site.id: site for site in sites}
        self.names: list[str] = []
        self.name_owner: list[str] = []
        self.addresses: list[str] = []
        self.address_owner: list[str] = []
        self.grid: dict[tuple[int, int], list[str]] = {}
        for site in sites:
            self.add(site)

    def add(self, site: m.Site) -> None:
        self.sites[site.id] = site
        for name in _names(site):
            self.names.append(name)
            self.name_owner.append(site.id)
        if site.address:
            self.addresses.append(_norm(site.address))
            self.address_owner.append(site.id)
        if site.latitude is not None and site.longitude is not None:
            self.grid.setdefault(_cell(site.latitude, site.longitude), []).append(site.id)

    def candidates(self, site: m.Site) -> dict[str, tuple[str, float]]:
        found: dict[str, tuple[str, float]] = {}

        def note(other: str, reason: str, score: float) -> None:
            if other != site.id and (other not in found or found[other][1] < score):
                found[other] = (reason, score)

        for name in _names(site):
            for _match, score, index in process.extract(
                name,
                self.names,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=NAME_THRESHOLD,
                limit=None,
            ):
                note(self.name_owner[index], "similar names", float(score))
        if site.address:
            for _match, score, index in process.extract(
                _norm(site.address),
                self.addresses,
                scorer=fuzz.token_set_ratio,
                score_cutoff=ADDRESS_THRESHOLD,
                limit=None,
            ):
                other = self.address_owner[index]
                if other not in found:
                    note(other, "similar addresses", float(score))
        if site.latitude is not None and site.longitude is not None:
            lat, lon = _cell(site.latitude, site.longitude)
            for dlat in (-1, 0, 1):
                for dlon in (-1, 0, 1):
                    for other in self.grid.get((lat + dlat, lon + dlon), []):
                        km = _km(site, self.sites[other])
                        if km is not None and km <= NEAR_KM and other not in found:
                            note(other, f"{km * 1000:.0f} m apart", 100.0 - km * 100)
        return found


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return (math.floor(latitude * 100), math.floor(longitude * 100))


def queue_duplicates(s: Session, site_ids: list[str]) -> int:
    """Compare the given sites with every other site; queue new likely pairs."""
    if not site_ids:
        return 0
    countries: dict[str, _Country] = {}
    added = 0
    now = utc_now_iso()
    known: set[tuple[str, str]] = set()
    for i in range(0, len(site_ids), 500):
        part = site_ids[i : i + 500]
        known |= {
            (d.site_a, d.site_b)
            for d in s.execute(
                select(SyncDuplicate).where(
                    or_(SyncDuplicate.site_a.in_(part), SyncDuplicate.site_b.in_(part))
                )
            ).scalars()
        }

    def queue(a: str, b: str, reason: str, score: float) -> None:
        nonlocal added
        pair = (min(a, b), max(a, b))
        if pair in known:
            return
        s.add(
            SyncDuplicate(
                site_a=pair[0],
                site_b=pair[1],
                reason=reason,
                score=round(score, 1),
                status="open",
                found_at=now,
            )
        )
        known.add(pair)
        added += 1

    for i in range(0, len(site_ids), 500):
        part = site_ids[i : i + 500]
        for site in s.execute(select(m.Site).where(m.Site.id.in_(part))).scalars():
            if site.country not in countries:
                countries[site.country] = _Country(
                    list(s.execute(select(m.Site).where(m.Site.country == site.country)).scalars())
                )
            if site.os_hub_id:
                for other in s.execute(
                    select(m.Site.id).where(
                        m.Site.os_hub_id == site.os_hub_id, m.Site.id != site.id
                    )
                ).scalars():
                    queue(site.id, other, "same Open Supply Hub id", 100.0)
            for other, (reason, score) in countries[site.country].candidates(site).items():
                queue(site.id, other, reason, score)
    return added


def list_duplicates(ws: Workspace, status: str = "open") -> list[dict[str, Any]]:
    with ws.session() as s:
        rows = list(
            s.execute(
                select(SyncDuplicate)
                .where(SyncDuplicate.status == status)
                .order_by(SyncDuplicate.score.desc(), SyncDuplicate.id)
            ).scalars()
        )
        names = {
            site.id: site
            for site in s.execute(
                select(m.Site).where(
                    m.Site.id.in_([r.site_a for r in rows] + [r.site_b for r in rows])
                )
            ).scalars()
        }
        out = []
        for r in rows:
            a, b = names.get(r.site_a), names.get(r.site_b)
            if a is None or b is None:
                continue  # one of them was deleted or merged meanwhile
            out.append(
                {
                    "id": r.id,
                    "reason": r.reason,
                    "score": r.score,
                    "site_a": {
                        "id": a.id,
                        "name": a.name,
                        "country": a.country,
                        "address": a.address,
                        "os_hub_id": a.os_hub_id,
                    },
                    "site_b": {
                        "id": b.id,
                        "name": b.name,
                        "country": b.country,
                        "address": b.address,
                        "os_hub_id": b.os_hub_id,
                    },
                }
            )
        return out


def dismiss_duplicate(ws: Workspace, pair_id: int) -> None:
    with ws.writing() as s:
        row = s.get(SyncDuplicate, pair_id)
        if row is None:
            raise AcesError(msg.THERE_NO_DUPLICATE_PAIR_REVIEW(pair_id))
        row.status = "dismissed"


# Reference fields that can point at a site, visits first (findings must follow their visit).
def _site_refs() -> list[tuple[str, str]]:
    order = ["visit"] + [n for n in schema.RECORD_TYPES if n != "visit"]
    out = []
    for name in order:
        for f in schema.record_type(name).references():
            targets = (f.ref,) if isinstance(f.ref, str) else tuple(f.ref or ())
            if f.kind == schema.REF and "site" in targets:
                out.append((name, f.name))
    return out


@dataclass
class SiteMerge:
    keep: str
    other: str
    repointed: int
    sealed_left: int
    other_deleted: bool

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def merge_sites(ws: Workspace, keep: str, other: str) -> SiteMerge:
    """Merge site ``other`` into ``keep`` in one transaction, as ordinary revisions.

    Records that point at ``other`` are re-pointed (sealed ones cannot change and keep
    pointing at it); ``keep`` gains the other's names as aliases and a note; ``other`` is
    deleted (a tombstone) unless sealed records still need it. Both histories stay.
    """
    if keep == other:
        raise AcesError(msg.CHOOSE_TWO_DIFFERENT_SITES_MERGE())
    records = ws.records
    with ws.writing() as s:
        kt, keep_c = records.get(s, keep)
        ot, other_c = records.get(s, other)
        if kt != "site" or ot != "site":
            raise AcesError(msg.BOTH_RECORDS_MUST_SITES())
        repointed = sealed = 0
        for type_name, fname in _site_refs():
            table = table_for(type_name)
            query = select(table).where(table.c[fname] == other)
            if type_name == "attachment":
                query = query.where(table.c.owner_type == "site")
            for row in list(s.execute(query).mappings()):
                content = row_content(type_name, row)
                if content.get("sealed"):
                    sealed += 1
                    continue
                content[fname] = keep
                records.put(s, type_name, content, row["id"])
                repointed += 1
        aliases = list(keep_c["aliases"])
        for name in [other_c["name"], *other_c["aliases"]]:
            if name not in aliases and name != keep_c["name"]:
                aliases.append(name)
        others = list(keep_c["other_names"])
        for entry in other_c["other_names"]:
            if entry not in others:
                others.append(entry)
        keep_c["aliases"] = aliases[: schema.MAX_LIST]
        keep_c["other_names"] = others[: schema.MAX_LIST]
        if not keep_c["os_hub_id"] and other_c["os_hub_id"]:
            keep_c["os_hub_id"] = other_c["os_hub_id"]
        stamp = utc_now_iso()[:10]
        note = f"Merged with site {other} ({other_c['name']}) on {stamp}."
        keep_c["notes"] = "\n".join(x for x in (keep_c["notes"], note) if x)[: schema.MAX_TEXT]
        records.put(s, "site", keep_c, keep)
        deleted = sealed == 0
        if deleted:
            records.delete(s, "site", other)
        else:
            other_c["notes"] = "\n".join(
                x for x in (other_c["notes"], f"Merged into site {keep} on {stamp}.") if x
            )[: schema.MAX_TEXT]
            records.put(s, "site", other_c, other)
        for pair in s.execute(
            select(SyncDuplicate).where(
                SyncDuplicate.site_a.in_([keep, other]), SyncDuplicate.site_b.in_([keep, other])
            )
        ).scalars():
            pair.status = "merged"
    return SiteMerge(keep, other, repointed, sealed, deleted)
