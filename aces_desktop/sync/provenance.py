"""Checks of who wrote what a bundle carries (pass 1), and recording it (pass 2).

The receiver knows public keys from its own enrolments and, on a bundle from a trusted
coordinator, from the identities that bundle carries (its manifest is signed by that
coordinator). Every device chain in a bundle must be covered by its author's signed head
(``sync.authorship``), the author must be known and, if revoked, the chain must end at or
before the revocation point. See docs/bundle-format.md, "Authorship".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.roles import ROLES
from aces_desktop.store import models as m
from aces_desktop.store.records import utc_now_iso
from aces_desktop.store.sync_models import ChainHead, Revocation, SyncHeld
from aces_desktop.store.workspace import device_fingerprint
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.authorship import (
    MAX_REASON,
    Head,
    RevocationNotice,
    head_is_valid,
    parse_utc,
    revocation_is_valid,
)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX128 = re.compile(r"^[0-9a-f]{128}$")
_AGE = re.compile(r"^age1[0-9a-z]{58}$")


@dataclass(frozen=True)
class Key:
    device_id: str
    name: str
    role: str
    sign_public: str
    age_recipient: str | None
    fingerprint: str


@dataclass
class Authority:
    """What the receiver may rely on to check authorship of one bundle."""

    keys: dict[str, Key] = field(default_factory=dict)
    new_keys: list[Key] = field(default_factory=list)
    revoked: dict[str, RevocationNotice] = field(default_factory=dict)
    new_revocations: list[RevocationNotice] = field(default_factory=list)
    heads: dict[str, Head] = field(default_factory=dict)
    vouched: list[str] = field(default_factory=list)


def _text(entry: dict[str, Any], key: str, what: str, limit: int = 300) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise BundleError(msg.MANIFEST_NO_VALID(what, key))
    return value


def _int(entry: dict[str, Any], key: str, what: str, low: int = 0) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= 2**53:
        raise BundleError(msg.MANIFEST_NO_VALID(what, key))
    return value


def _list(man: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = man.get(key)
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise BundleError(msg.MANIFEST_NOT_LIST_OBJECTS(key))
    return value


def _exact_keys(entry: dict[str, Any], keys: set[str], what: str) -> None:
    if set(entry) != keys:
        raise BundleError(msg.MANIFEST_WRONG_FIELDS(what))


def known_keys(s: Session) -> dict[str, Key]:
    return {
        d.device_id: Key(d.device_id, d.name, d.role, d.sign_public, d.age_recipient, d.fingerprint)
        for d in s.execute(select(m.Device)).scalars()
    }


def read_authority(s: Session, man: dict[str, Any], sender: m.Device) -> Authority:
    """Keys, revocations and chain heads a (signature-checked) manifest provides."""
    auth = Authority(keys=known_keys(s))
    identities = _list(man, "identities")
    if identities and sender.role != "coordinator":
        raise BundleError(msg.FIELD_DEVICE_BUNDLE_CARRIES_DEVICE())
    for entry in identities:
        what = "device identity"
        _exact_keys(
            entry,
            {"device_id", "name", "role", "sign_public", "age_recipient", "fingerprint"},
            what,
        )
        device_id = _text(entry, "device_id", what)
        sign_public = _text(entry, "sign_public", what)
        recipient = entry.get("age_recipient")
        fingerprint = _text(entry, "fingerprint", what)
        role = entry.get("role")
        if (
            not is_uuid(device_id)
            or not _HEX64.match(sign_public)
            or not (recipient is None or (isinstance(recipient, str) and _AGE.match(recipient)))
            or role not in ROLES
            or device_fingerprint(bytes.fromhex(sign_public), recipient or "") != fingerprint
        ):
            raise BundleError(msg.MANIFEST_IDENTITY_DEVICE_MALFORMED(device_id[:36]))
        key = Key(device_id, _text(entry, "name", what), role, sign_public, recipient, fingerprint)
        known = auth.keys.get(device_id)
        if known is None:
            auth.keys[device_id] = key
            auth.new_keys.append(key)
        elif known.fingerprint != fingerprint:
            raise BundleError(msg.NAMES_DEVICE_KEY_OTHER_ONE(device_id, known.name))
    vouched = man.get("vouched", [])
    if not isinstance(vouched, list) or len(vouched) > 100_000:
        raise BundleError(msg.MANIFEST_IDENTITY_DEVICE_MALFORMED("vouched"))
    if vouched and sender.role != "coordinator":
        raise BundleError(msg.FIELD_DEVICE_BUNDLE_CARRIES_DEVICE())
    for device_id in vouched:
        if not isinstance(device_id, str) or device_id not in auth.keys:
            raise BundleError(msg.MANIFEST_IDENTITY_DEVICE_MALFORMED(str(device_id)[:36]))
    auth.vouched = list(vouched)
    for row in s.execute(select(Revocation)).scalars():
        auth.revoked[row.device_id] = notice_of(row)
    for entry in _list(man, "revocations"):
        what = "revocation"
        _exact_keys(
            entry,
            {"device_id", "fingerprint", "after_seq", "reason", "time", "issued_by", "signature"},
            what,
        )
        notice = RevocationNotice(
            _text(entry, "device_id", what),
            _text(entry, "fingerprint", what),
            _int(entry, "after_seq", what),
            _text(entry, "reason", what, MAX_REASON),
            _text(entry, "time", what),
            _text(entry, "issued_by", what),
            _text(entry, "signature", what),
        )
        issuer = auth.keys.get(notice.issued_by)
        if (
            issuer is None
            or issuer.role != "coordinator"
            or parse_utc(notice.time) is None
            or not _HEX128.match(notice.signature)
            or not revocation_is_valid(notice, issuer.sign_public)
        ):
            raise BundleError(msg.REVOCATION_DEVICE_NOT_SIGNED_COORDINATOR(notice.device_id[:36]))
        target = auth.keys.get(notice.device_id)
        if target is not None and target.fingerprint != notice.fingerprint:
            raise BundleError(msg.REVOCATION_DEVICE_NAMES_ANOTHER_KEY(notice.device_id))
        current = auth.revoked.get(notice.device_id)
        if current is None or notice.after_seq < current.after_seq:
            auth.revoked[notice.device_id] = notice
            auth.new_revocations.append(notice)
    for entry in _list(man, "heads"):
        what = "chain head"
        _exact_keys(entry, {"device_id", "seq", "rev", "signer", "legacy", "signature"}, what)
        legacy = entry.get("legacy")
        if not isinstance(legacy, bool):
            raise BundleError(msg.MANIFEST_CHAIN_HEAD_NO_VALID())
        head = Head(
            _text(entry, "device_id", what),
            _int(entry, "seq", what, 1),
            _text(entry, "rev", what),
            _text(entry, "signer", what),
            legacy,
            _text(entry, "signature", what),
        )
        if head.device_id in auth.heads:
            raise BundleError(msg.MANIFEST_LISTS_TWO_CHAIN_HEADS(head.device_id))
        auth.heads[head.device_id] = head
    return auth


def check_chains(
    auth: Authority,
    sender: m.Device,
    ranges: dict[str, tuple[int, int, str]],
) -> None:
    """Every device chain in the bundle (device -> first, last seq, last rev) is covered by
    its author's valid signed head, from a known and (at that point) unrevoked author."""
    for device_id, (first, last, last_rev) in ranges.items():
        where = f"device {device_id} revision {first}"
        if sender.role == "field" and device_id != sender.device_id:
            raise BundleError(msg.NOT_THE_SENDERS_OWN(where, sender.name))
        author = auth.keys.get(device_id)
        if author is None:
            raise BundleError(msg.WRITTEN_DEVICE_NO_COORDINATOR_ORGANISATION(where))
        notice = auth.revoked.get(device_id)
        if notice is not None and last > notice.after_seq:
            raise BundleError(
                msg.DEVICE_REVISION_WRITTEN_AFTER_REVOKED(
                    device_id, max(first, notice.after_seq + 1), author.name, notice.reason[:120]
                )
            )
        head = auth.heads.get(device_id)
        if head is None or head.seq != last or head.rev != last_rev:
            raise BundleError(msg.DEVICE_REVISION_REVISIONS_NOT_COVERED(device_id, last))
        signer = auth.keys.get(head.signer)
        if head.legacy:
            ok = signer is not None and signer.role == "coordinator"
        else:
            ok = head.signer == device_id
        if not ok or signer is None or not head_is_valid(head, signer.sign_public):
            raise BundleError(
                msg.DEVICE_REVISION_SIGNATURE_AUTHOR_OVER(device_id, last, author.name)
            )


class PublicIdentity(Protocol):
    @property
    def device_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def sign_public(self) -> str: ...
    @property
    def age_recipient(self) -> str | None: ...
    @property
    def fingerprint(self) -> str: ...


def device_row(ident: PublicIdentity, *, trusted: bool) -> m.Device:
    """A ``devices`` row for a public identity: ``trusted`` to send bundles to this
    workspace (an enrolment), or only known, to check what it wrote (from a coordinator)."""
    return m.Device(
        device_id=ident.device_id,
        name=ident.name[:300],
        role=ident.role,
        sign_public=ident.sign_public,
        age_recipient=ident.age_recipient,
        fingerprint=ident.fingerprint,
        trusted=trusted,
        is_self=False,
        added_at=utc_now_iso(),
    )


def record_authority(s: Session, auth: Authority, ranges: dict[str, tuple[int, int, str]]) -> None:
    """Store what a merged bundle taught: new identities, revocations and signed heads."""
    for key in auth.new_keys:
        s.add(device_row(key, trusted=False))
    s.flush()
    for notice in auth.new_revocations:
        store_revocation(s, notice)
    for device_id in ranges:
        head = auth.heads[device_id]
        if s.get(ChainHead, (device_id, head.seq)) is None:
            s.add(
                ChainHead(
                    device_id=device_id,
                    seq=head.seq,
                    rev=head.rev,
                    signer=head.signer,
                    signature=head.signature,
                    legacy=head.legacy,
                )
            )


def adopt_vouched(s: Session, auth: Authority, role: str, own_id: str, org: str) -> int:
    """Trust the devices a trusted coordinator of the organisation vouched for in the bundle
    just merged (call after ``record_authority``): a field device its fellow coordinators,
    a coordinator the organisation's devices. Revoked devices are never adopted; returns how
    many devices are newly trusted."""
    from aces_desktop.store.sync_models import SyncPeer

    adopted = 0
    for device_id in auth.vouched:
        key = auth.keys[device_id]
        if device_id == own_id or device_id in auth.revoked:
            continue
        if role == "field" and key.role != "coordinator":
            continue
        device = s.get(m.Device, device_id)
        if device is None or device.trusted or device.fingerprint != key.fingerprint:
            continue
        device.trusted = True
        adopted += 1
        if s.get(SyncPeer, device_id) is None:
            s.add(
                SyncPeer(
                    device_id=device_id,
                    workspace_id="",
                    organisation=org if key.role == "coordinator" else None,
                )
            )
    return adopted


def store_revocation(s: Session, notice: RevocationNotice) -> None:
    """Record a revocation: the device is no longer trusted, its held revisions after the
    revocation point are dropped (they would be refused)."""
    row = s.get(Revocation, notice.device_id)
    if row is None:
        s.add(Revocation(**notice.as_json()))
    elif notice.after_seq < row.after_seq:
        for key, value in notice.as_json().items():
            setattr(row, key, value)
    device = s.get(m.Device, notice.device_id)
    if device is not None:
        device.trusted = False
    s.execute(
        delete(SyncHeld).where(
            SyncHeld.device_id == notice.device_id, SyncHeld.device_seq > notice.after_seq
        )
    )
    s.execute(
        delete(ChainHead).where(
            ChainHead.device_id == notice.device_id, ChainHead.seq > notice.after_seq
        )
    )


def notice_of(row: Revocation) -> RevocationNotice:
    return RevocationNotice(
        row.device_id,
        row.fingerprint,
        row.after_seq,
        row.reason,
        row.time,
        row.issued_by,
        row.signature,
    )


def revoked_devices(s: Session) -> dict[str, Revocation]:
    query = select(Revocation).order_by(Revocation.device_id)
    return {r.device_id: r for r in s.execute(query).scalars()}


def revoked_authors(s: Session, record_ids: list[str]) -> dict[str, str]:
    """For records whose current version was written by a revoked device: record id ->
    "name (revoked on DATE)". Empty when no device was ever revoked (the usual case)."""
    gone = revoked_devices(s)
    if not gone:
        return {}
    names = {
        str(d): str(n)
        for d, n in s.execute(
            select(m.Device.device_id, m.Device.name).where(m.Device.device_id.in_(list(gone)))
        )
    }
    out: dict[str, str] = {}
    for i in range(0, len(record_ids), 500):
        rows = s.execute(
            select(m.RecordState.record_id, m.RevisionRow.device_id)
            .join(m.RevisionRow, m.RevisionRow.rev == m.RecordState.winner)
            .where(
                m.RecordState.record_id.in_(record_ids[i : i + 500]),
                m.RevisionRow.device_id.in_(list(gone)),
            )
        )
        for record_id, device in rows:
            out[str(record_id)] = f"{names.get(device, device[:8])} ({gone[device].time[:10]})"
    return out
