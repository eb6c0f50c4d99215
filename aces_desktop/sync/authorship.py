"""Who wrote a revision: signed chain heads, identities that travel, and revocations.

A bundle's signature proves who *sent* it, not who *wrote* each revision in it: a
coordinator forwards revisions of every device of the organisation. Authorship is proved
per device chain instead (docs/bundle-format.md, "Authorship"):

- Each device's revisions form a hash chain (``prev``), so a signature by the device over
  the head of its chain (device, revision number, revision hash) covers every revision of
  that chain up to the head. A bundle carries, for each device chain it includes, the
  author's signed head at the end of that chain's range: one signature per device and
  bundle, not per revision.
- The coordinator's bundles carry the public identities of the organisation's devices (the
  manifest is signed by the coordinator), so field devices can check forwarded chains.
- A coordinator revokes a device with a signed revocation naming the last revision number it
  accepts from it; revocations travel in the coordinator's bundles.

Everything here is pure: statements are built and checked from plain values and keys.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from aces_desktop.core import messages as msg
from aces_desktop.core.canonical import canonical_bytes

HEAD_DOMAIN = b"aces-chain-head-v1\n"
REVOCATION_DOMAIN = b"aces-revocation-v1\n"

# A revision's logical clock may exceed the receiver's highest known clock by at most the
# number of revisions in the bundle plus this bound (docs/bundle-format.md, "Clocks").
CLOCK_AHEAD_LIMIT = 2**30
# A revision's time (and a manifest's creation time) may be at most this far ahead of the
# receiver's clock, and not before this year.
TIME_SKEW = dt.timedelta(hours=48)
EARLIEST_YEAR = 2000
MAX_REASON = 500

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


def parse_utc(value: Any) -> dt.datetime | None:
    """The instant of a ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` text, or None if it is not a real
    UTC instant (``2026-02-30T25:61:61Z`` is not)."""
    if not isinstance(value, str) or not _TIME.match(value):
        return None
    try:
        when = dt.datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        return None
    return when if when.year >= EARLIEST_YEAR else None


def time_problem(value: Any, now: dt.datetime) -> str | None:
    """Why ``value`` is not an acceptable revision or bundle time, or None."""
    when = parse_utc(value)
    if when is None:
        return msg.NOT_A_REAL_TIME(str(value)[:40], EARLIEST_YEAR)
    if when > now + TIME_SKEW:
        hours = int(TIME_SKEW.total_seconds() // 3600)
        return msg.TIME_AHEAD(value, hours)
    return None


@dataclass(frozen=True)
class Head:
    """``signer`` signed that ``rev`` is revision ``seq`` of device ``device_id``.

    ``legacy``: a coordinator vouches for a chain it accepted before chain signatures
    existed (format 1); only a coordinator's signature is accepted for such a head."""

    device_id: str
    seq: int
    rev: str
    signer: str
    legacy: bool
    signature: str

    def body(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "seq": self.seq,
            "rev": self.rev,
            "signer": self.signer,
            "legacy": self.legacy,
        }

    def as_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature}


def sign_head(
    key: Ed25519PrivateKey, *, device_id: str, seq: int, rev: str, signer: str, legacy: bool
) -> Head:
    draft = Head(device_id, seq, rev, signer, legacy, "")
    sig = key.sign(HEAD_DOMAIN + canonical_bytes(draft.body()))
    return Head(device_id, seq, rev, signer, legacy, sig.hex())


def head_is_valid(head: Head, sign_public_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public_hex)).verify(
            bytes.fromhex(head.signature), HEAD_DOMAIN + canonical_bytes(head.body())
        )
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class RevocationNotice:
    """Coordinator ``issued_by`` revoked device ``device_id`` (key ``fingerprint``): its
    revisions numbered above ``after_seq`` are refused everywhere."""

    device_id: str
    fingerprint: str
    after_seq: int
    reason: str
    time: str
    issued_by: str
    signature: str

    def body(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "fingerprint": self.fingerprint,
            "after_seq": self.after_seq,
            "reason": self.reason,
            "time": self.time,
            "issued_by": self.issued_by,
        }

    def as_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature}


def sign_revocation(
    key: Ed25519PrivateKey,
    *,
    device_id: str,
    fingerprint: str,
    after_seq: int,
    reason: str,
    time: str,
    issued_by: str,
) -> RevocationNotice:
    draft = RevocationNotice(device_id, fingerprint, after_seq, reason, time, issued_by, "")
    sig = key.sign(REVOCATION_DOMAIN + canonical_bytes(draft.body()))
    return RevocationNotice(device_id, fingerprint, after_seq, reason, time, issued_by, sig.hex())


def revocation_is_valid(notice: RevocationNotice, issuer_public_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(issuer_public_hex)).verify(
            bytes.fromhex(notice.signature), REVOCATION_DOMAIN + canonical_bytes(notice.body())
        )
    except (InvalidSignature, ValueError):
        return False
    return True
