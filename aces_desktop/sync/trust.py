"""Enrolment: public identity files, readable fingerprints and the list of trusted devices.

An identity file is small JSON a device hands to another (USB stick, e-mail); the
receiver compares its fingerprint with the one the sender reads aloud before trusting it.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core import strict_json
from aces_desktop.core.atomic import atomic_write_text
from aces_desktop.core.canonical import canonical_bytes
from aces_desktop.core.errors import AcesError
from aces_desktop.core.ids import is_uuid
from aces_desktop.store import models as m
from aces_desktop.store.records import utc_now_iso
from aces_desktop.store.secrets import (
    SECRET_DEVICE_AGE,
    SECRET_DEVICE_SIGNING,
    get_meta,
    get_secret,
    own_device_id,
    set_meta,
)
from aces_desktop.store.sync_models import Revocation, SyncPeer
from aces_desktop.store.workspace import Workspace, device_fingerprint
from aces_desktop.sync.authorship import RevocationNotice, sign_revocation
from aces_desktop.sync.provenance import device_row, store_revocation

IDENTITY_FORMAT = "aces-identity"
IDENTITY_VERSION = 1
MAX_IDENTITY_BYTES = 16 * 1024
_IDENTITY_DOMAIN = b"aces-identity-v1\n"
_AGE_RECIPIENT_RE = re.compile(r"^age1[0-9a-z]{58}$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
ORGANISATION_META = "sync_organisation"
# Meta keys: the invitation this coordinator joined its organisation with (``sync.invite``;
# its identity names it), and which device came with each invitation it has seen.
META_JOINED_WITH = "org_joined_with_invitation"
META_INVITATIONS_USED = "org_invitations_used"


def readable_fingerprint(fingerprint_hex: str) -> str:
    """The first 160 bits of a fingerprint as 8 groups of 4 base32 characters.

    Base32 uses A-Z and 2-7 only, so there is no 0/O or 1/I/l to confuse when read aloud.
    """
    raw = bytes.fromhex(fingerprint_hex)[:20]
    text = base64.b32encode(raw).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@dataclass(frozen=True)
class Identity:
    device_id: str
    workspace_id: str
    organisation: str | None
    name: str
    role: str
    sign_public: str
    age_recipient: str
    fingerprint: str
    invitation: str | None = None

    def readable(self) -> str:
        return readable_fingerprint(self.fingerprint)

    def as_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "workspace_id": self.workspace_id,
            "organisation": self.organisation,
            "name": self.name,
            "role": self.role,
            "sign_public": self.sign_public,
            "age_recipient": self.age_recipient,
            "fingerprint": self.fingerprint,
            "fingerprint_readable": self.readable(),
            **({"invitation": self.invitation} if self.invitation else {}),
        }


def signing_key(s: Session) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(get_secret(s, SECRET_DEVICE_SIGNING))


def age_identity(s: Session) -> str:
    return get_secret(s, SECRET_DEVICE_AGE).decode("ascii")


def organisation(s: Session, ws: Workspace) -> str | None:
    """The organisation this workspace syncs within: a coordinator's own workspace id, or
    for a field device the organisation of the first coordinator it trusted."""
    value = get_meta(s, ORGANISATION_META)
    if value:
        return value
    return ws.meta.workspace_id if ws.role == "coordinator" else None


def own_identity(ws: Workspace) -> Identity:
    device = ws.self_device()
    with ws.session() as s:
        org = organisation(s, ws)
        invitation = get_meta(s, META_JOINED_WITH)
    return Identity(
        device_id=device.device_id,
        workspace_id=ws.meta.workspace_id,
        organisation=org,
        name=device.name,
        role=device.role,
        sign_public=device.sign_public,
        age_recipient=device.age_recipient or "",
        fingerprint=device.fingerprint,
        invitation=invitation,
    )


def export_identity(ws: Workspace, out: Path) -> Identity:
    """Write this workspace's public identity file (no secret in it), signed by its key."""
    ident, text = identity_document(ws)
    atomic_write_text(out, text, mode=0o644)
    return ident


def identity_document(ws: Workspace) -> tuple[Identity, str]:
    """This workspace's identity and the signed text of its identity file."""
    ident = own_identity(ws)
    body = {
        "format": IDENTITY_FORMAT,
        "version": IDENTITY_VERSION,
        **{k: v for k, v in ident.as_json().items() if k != "fingerprint_readable"},
    }
    with ws.session() as s:
        sig = signing_key(s).sign(_IDENTITY_DOMAIN + canonical_bytes(body))
    body["signature"] = sig.hex()
    return ident, json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _field(data: dict[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > 300:
        raise AcesError(msg.IDENTITY_FILE_NO_VALID(key))
    if pattern is not None and not pattern.match(value):
        raise AcesError(msg.IDENTITY_FILE_MALFORMED(key))
    return value


def read_identity(path: Path) -> Identity:
    """Read and check an identity file: format, keys, fingerprint and self-signature."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AcesError(msg.CANNOT_READ(path, exc.strerror or exc)) from exc
    return parse_identity(raw, path.name)


def parse_identity(raw: bytes, name: str) -> Identity:
    """Check an identity file's content (``name`` says where it came from in messages)."""
    if len(raw) > MAX_IDENTITY_BYTES:
        raise AcesError(msg.TOO_LARGE_IDENTITY_FILE(name))
    try:
        data = strict_json.loads(raw.decode("utf-8"), name)
    except UnicodeDecodeError:
        raise AcesError(msg.NOT_ACES_IDENTITY_FILE_NOT(name)) from None
    if not isinstance(data, dict) or data.get("format") != IDENTITY_FORMAT:
        raise AcesError(msg.NOT_ACES_IDENTITY_FILE(name))
    if data.get("version") != IDENTITY_VERSION:
        raise AcesError(
            msg.USES_IDENTITY_FORMAT_VERSION_VERSION(
                name, repr(data.get("version")), IDENTITY_VERSION
            )
        )
    device_id = _field(data, "device_id")
    workspace_id = _field(data, "workspace_id")
    if not is_uuid(device_id) or not is_uuid(workspace_id):
        raise AcesError(msg.IDENTITY_FILE_DEVICE_WORKSPACE_ID())
    org = data.get("organisation")
    if org is not None and not is_uuid(org):
        raise AcesError(msg.IDENTITY_FILE_ORGANISATION_ID_MALFORMED())
    role = _field(data, "role")
    if role not in ("field", "coordinator"):
        raise AcesError(msg.IDENTITY_FILE_NAMES_UNKNOWN_ROLE(role[:20]))
    sign_public = _field(data, "sign_public", _HEX64_RE)
    recipient = _field(data, "age_recipient", _AGE_RECIPIENT_RE)
    fingerprint = _field(data, "fingerprint", _HEX64_RE)
    if device_fingerprint(bytes.fromhex(sign_public), recipient) != fingerprint:
        raise AcesError(msg.IDENTITY_FILE_FINGERPRINT_DOES_NOT())
    invitation = data.get("invitation")
    if invitation is not None and not is_uuid(invitation):
        raise AcesError(msg.IDENTITY_FILE_DEVICE_WORKSPACE_ID())
    signature = _field(data, "signature")
    body = {k: v for k, v in data.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public)).verify(
            bytes.fromhex(signature), _IDENTITY_DOMAIN + canonical_bytes(body)
        )
    except (InvalidSignature, ValueError):
        raise AcesError(msg.IDENTITY_FILE_SIGNATURE_NOT_VALID()) from None
    return Identity(
        device_id=device_id,
        workspace_id=workspace_id,
        organisation=org,
        name=_field(data, "name"),
        role=role,
        sign_public=sign_public,
        age_recipient=recipient,
        fingerprint=fingerprint,
        invitation=invitation,
    )


def _record_invitation(s: Session, ws: Workspace, ident: Identity) -> None:
    """A coordinator that joined with an invitation: refuse it if another device already
    came with the same invitation (an invitation makes one coordinator), else remember it."""
    if ident.invitation is None or ident.role != "coordinator":
        return
    used = json.loads(get_meta(s, META_INVITATIONS_USED) or "{}")
    first = used.get(ident.invitation)
    if first is not None and first["device_id"] != ident.device_id:
        raise AcesError(msg.INVITATION_ALREADY_USED(first["time"][:10], first["name"]))
    if first is None:
        used[ident.invitation] = {
            "device_id": ident.device_id,
            "name": ident.name,
            "time": utc_now_iso(),
        }
        set_meta(s, META_INVITATIONS_USED, json.dumps(used, sort_keys=True))


@dataclass(frozen=True)
class TrustResult:
    identity: Identity
    added: bool


def trust_identity(ws: Workspace, ident: Identity) -> TrustResult:
    """Add a device to the trusted list (one transaction)."""
    if ident.device_id == ws.device_id:
        raise AcesError(msg.IDENTITY_FILE_WORKSPACE_OWN_TRUSTED())
    with ws.writing() as s:
        device = s.get(m.Device, ident.device_id)
        if device is not None and device.device_id == own_device_id(s):
            raise AcesError(msg.IDENTITY_FILE_WORKSPACE_OWN())
        revoked = s.get(Revocation, ident.device_id)
        if revoked is not None:
            raise AcesError(
                msg.DEVICE_REVOKED_REVOKED_DEVICE_CANNOT(
                    ident.name, ident.device_id, revoked.time[:10], revoked.reason
                )
            )
        if device is not None and device.fingerprint != ident.fingerprint:
            raise AcesError(msg.DEVICE_ALREADY_KNOWN_DIFFERENT_KEY(device.name, ident.device_id))
        _record_invitation(s, ws, ident)
        own_org = organisation(s, ws)
        if ident.role == "coordinator" and ws.role == "field" and ident.organisation:
            if own_org is None:
                set_meta(s, ORGANISATION_META, ident.organisation)
            elif own_org != ident.organisation:
                raise AcesError(msg.COORDINATOR_BELONGS_ANOTHER_ORGANISATION_COORDIN())
        added = device is None or not device.trusted
        if device is None:
            s.add(device_row(ident, trusted=True))
        else:
            device.trusted = True
            device.name = ident.name[:300]
        peer = s.get(SyncPeer, ident.device_id)
        if peer is None:
            s.add(
                SyncPeer(
                    device_id=ident.device_id,
                    workspace_id=ident.workspace_id,
                    organisation=ident.organisation,
                )
            )
        else:
            peer.workspace_id, peer.organisation = ident.workspace_id, ident.organisation
    return TrustResult(ident, added)


def trusted_devices(s: Session) -> list[m.Device]:
    return list(
        s.execute(
            select(m.Device)
            .where(m.Device.trusted, m.Device.device_id != own_device_id(s))
            .order_by(m.Device.name)
        ).scalars()
    )


def list_trusted(ws: Workspace, *, revoked: bool = False) -> list[dict[str, Any]]:
    """Trusted devices; with ``revoked``, also the devices that were revoked."""
    with ws.session() as s:
        peers = {p.device_id: p for p in s.execute(select(SyncPeer)).scalars()}
        gone = {r.device_id: r for r in s.execute(select(Revocation)).scalars()}
        devices = trusted_devices(s)
        if revoked:
            query = select(m.Device).where(m.Device.device_id.in_(list(gone)))
            devices += list(s.execute(query).scalars())
        return [
            {
                "device_id": d.device_id,
                "name": d.name,
                "role": d.role,
                "fingerprint": d.fingerprint,
                "fingerprint_readable": readable_fingerprint(d.fingerprint),
                "workspace_id": peers[d.device_id].workspace_id if d.device_id in peers else None,
                "added_at": d.added_at,
                "revoked": (
                    {
                        "time": gone[d.device_id].time,
                        "reason": gone[d.device_id].reason,
                        "after_seq": gone[d.device_id].after_seq,
                    }
                    if d.device_id in gone
                    else None
                ),
            }
            for d in devices
        ]


MAX_REASON_CHARS = 500


def find_device(s: Session, ref: str) -> m.Device:
    """A known device (not this workspace) by its id or its exact name."""
    ref = ref.strip()
    device = s.get(m.Device, ref) if is_uuid(ref) else None
    if device is None:
        named = list(s.execute(select(m.Device).where(m.Device.name == ref)).scalars())
        if len(named) > 1:
            raise AcesError(msg.DEVICES_NAMED_GIVE_DEVICE_ID(len(named), ref))
        device = named[0] if named else None
    if device is None:
        raise AcesError(msg.NO_DEVICE_KNOWN_WORKSPACE_ACES(ref))
    if device.device_id == own_device_id(s):
        raise AcesError(msg.WORKSPACE_CANNOT_REVOKE_ITSELF())
    return device


def revoke_device(ws: Workspace, ref: str, reason: str) -> RevocationNotice:
    """Revoke a device (coordinator only): a signed revocation that travels in this
    coordinator's bundles. Revisions the device wrote after the highest number this
    workspace holds now are refused everywhere; earlier ones stay, marked as from a
    revoked device."""
    if ws.role != "coordinator":
        raise AcesError(msg.ONLY_COORDINATOR_CAN_REVOKE_DEVICE())
    reason = " ".join(reason.split())
    if not reason:
        raise AcesError(msg.GIVE_REASON_REVOCATION_EXAMPLE_LAPTOP())
    if len(reason) > MAX_REASON_CHARS:
        raise AcesError(msg.REASON_LONGER_CHARACTERS(MAX_REASON_CHARS))
    with ws.writing() as s:
        device = find_device(s, ref)
        existing = s.get(Revocation, device.device_id)
        if existing is not None:
            raise AcesError(msg.ALREADY_REVOKED(device.name, existing.time[:10], existing.reason))
        tip = s.execute(
            select(func.max(m.RevisionRow.device_seq)).where(
                m.RevisionRow.device_id == device.device_id
            )
        ).scalar()
        notice = sign_revocation(
            signing_key(s),
            device_id=device.device_id,
            fingerprint=device.fingerprint,
            after_seq=int(tip or 0),
            reason=reason,
            time=utc_now_iso(),
            issued_by=ws.device_id,
        )
        store_revocation(s, notice)
    return notice
