"""Invitations: how a coordinator makes a second coordinator of its organisation.

``aces org invite --out FILE`` writes an invitation and prints a one-time code, read aloud
to the person who joins (never sent with the file). The invitation is encrypted with
AES-256-GCM under a key derived from the code with scrypt; its clear header (format,
invitation id, expiry, key derivation parameters) is authenticated with it, so a changed
byte anywhere makes the code "not open" the file. Inside: the organisation's id, its
certificate authority (certificate and private key, to sign scorecards), the PostgreSQL
URL of the organisation's store if the inviter has one, and the inviter's signed identity.

``aces init --role coordinator --join FILE`` opens it and makes a workspace of the same
organisation with its own device key, trusting the inviter. An invitation makes one
coordinator: a PostgreSQL store records the invitations used in it, and a coordinator that
enrols the newcomer's identity records which invitation it came with, refusing a second
device that comes with the same one (docs/hub.md, "Joining an organisation").
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from aces_desktop.core import messages as msg
from aces_desktop.core import strict_json
from aces_desktop.core.atomic import atomic_write_text
from aces_desktop.core.canonical import canonical_bytes
from aces_desktop.core.errors import AcesError
from aces_desktop.core.ids import is_uuid, new_id
from aces_desktop.reports.pki import (
    META_CA_CERT,
    SECRET_CA_KEY,
    cert_pem,
    ensure_ca,
    key_from_der,
)
from aces_desktop.store.secrets import SECRET_STORE_URL, get_meta, get_secret
from aces_desktop.store.workspace import StoreJoin, Workspace
from aces_desktop.sync.trust import (
    META_JOINED_WITH,
    ORGANISATION_META,
    Identity,
    identity_document,
    organisation,
    parse_identity,
)

INVITATION_FORMAT = "aces-invitation"
INVITATION_VERSION = 1
MAX_INVITATION_BYTES = 64 * 1024
DEFAULT_VALID_HOURS = 72
# 12 base32 characters: 60 bits, read aloud in three groups of four. Every guess costs
# scrypt with 128 MiB of memory, so guessing the code of a stolen file takes centuries.
CODE_LENGTH = 12
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_READ_AS = str.maketrans({"0": "O", "1": "I", "8": "B"})
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """The code as typed, without spaces or dashes, upper case, 0/1/8 read as O/I/B."""
    return "".join(code.split()).replace("-", "").upper().translate(_READ_AS)


def _derive(code: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(
        normalise_code(code).encode("ascii", "replace")
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    return base64.b64decode(value, validate=True)


@dataclass(frozen=True)
class Issued:
    invitation_id: str
    code: str
    expires: str
    path: Path


@dataclass(frozen=True)
class Invitation:
    """What an opened invitation gives: enough to make a coordinator of the organisation."""

    invitation_id: str
    organisation: str
    ca_certificate: str
    ca_key: bytes
    database: str | None
    inviter: Identity

    def store_join(self) -> StoreJoin:
        return StoreJoin(
            organisation=self.organisation,
            meta={
                ORGANISATION_META: self.organisation,
                META_CA_CERT: self.ca_certificate,
                META_JOINED_WITH: self.invitation_id,
            },
            secrets={SECRET_CA_KEY: self.ca_key},
            invitation=self.invitation_id,
            inviter=self.inviter.name,
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def write_invitation(ws: Workspace, out: Path, valid_hours: int = DEFAULT_VALID_HOURS) -> Issued:
    """Write an invitation to ``out`` (readable by its owner only) and return its code."""
    if ws.role != "coordinator":
        raise AcesError(msg.INVITATION_ONLY_COORDINATOR())
    ca = ensure_ca(ws)
    _inviter, identity_text = identity_document(ws)
    with ws.session() as s:
        org = organisation(s, ws)
        ca_key = get_secret(s, SECRET_CA_KEY)
        database = get_secret(s, SECRET_STORE_URL).decode("utf-8") if ws.on_postgres else None
    invitation_id = new_id()
    created = _now()
    expires = created + dt.timedelta(hours=valid_hours)
    salt = secrets.token_bytes(16)
    cost = SCRYPT_N
    header = {
        "format": INVITATION_FORMAT,
        "version": INVITATION_VERSION,
        "invitation": invitation_id,
        "created": created.isoformat(),
        "expires": expires.isoformat(),
        "kdf": {"name": "scrypt", "n": cost, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
    }
    payload = {
        "organisation": org,
        "ca_certificate": cert_pem(ca),
        "ca_key": _b64(ca_key),
        "database": database,
        "inviter": identity_text,
    }
    code = new_code()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_derive(code, salt, cost)).encrypt(
        nonce, canonical_bytes(payload), canonical_bytes(header)
    )
    document = {**header, "nonce": _b64(nonce), "ciphertext": _b64(sealed)}
    atomic_write_text(out, json.dumps(document, indent=2) + "\n", mode=0o600)
    return Issued(invitation_id, code, expires.isoformat(), out)


def read_invitation(path: Path, code: str | None) -> Invitation:
    """Open an invitation with its code; every refusal says what is wrong."""
    if not code or not normalise_code(code):
        raise AcesError(msg.INVITATION_NEEDS_CODE())
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AcesError(msg.CANNOT_READ(path, exc.strerror or exc)) from exc
    if len(raw) > MAX_INVITATION_BYTES:
        raise AcesError(msg.INVITATION_UNREADABLE(f"{path.name} is too large"))
    try:
        document = strict_json.loads(raw.decode("utf-8"), path.name)
    except (UnicodeDecodeError, AcesError) as exc:
        raise AcesError(msg.INVITATION_UNREADABLE(exc)) from None
    if not isinstance(document, dict) or document.get("format") != INVITATION_FORMAT:
        raise AcesError(msg.INVITATION_UNREADABLE(path.name))
    if document.get("version") != INVITATION_VERSION:
        raise AcesError(msg.INVITATION_UNREADABLE(f"version {document.get('version')!r}"))
    header = {k: document.get(k) for k in ("format", "version", "invitation", "created")}
    header.update(expires=document.get("expires"), kdf=document.get("kdf"))
    kdf = header["kdf"]
    try:
        if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
            raise ValueError("unknown key derivation")
        n = kdf.get("n")
        # Bounded, so a crafted file cannot make the reader spend gigabytes or hours.
        if not isinstance(n, int) or not 2**14 <= n <= 2**20 or n & (n - 1):
            raise ValueError("key derivation cost out of range")
        if kdf.get("r") != SCRYPT_R or kdf.get("p") != SCRYPT_P:
            raise ValueError("key derivation parameters out of range")
        salt = _unb64(kdf.get("salt"))
        nonce = _unb64(document.get("nonce"))
        sealed = _unb64(document.get("ciphertext"))
        if len(nonce) != 12 or len(salt) < 16:
            raise ValueError("nonce or salt of the wrong size")
    except ValueError as exc:
        raise AcesError(msg.INVITATION_UNREADABLE(exc)) from None
    try:
        plain = AESGCM(_derive(code, salt, n)).decrypt(nonce, sealed, canonical_bytes(header))
    except InvalidTag:
        raise AcesError(msg.INVITATION_WRONG_CODE()) from None
    # Authenticated from here on: the header and the payload are the inviter's.
    expires = dt.datetime.fromisoformat(str(header["expires"]))
    if expires < _now():
        raise AcesError(msg.INVITATION_EXPIRED(expires.date().isoformat()))
    return _payload(str(header["invitation"]), plain, path.name)


def _payload(invitation_id: str, plain: bytes, name: str) -> Invitation:
    data = json.loads(plain)
    org = data.get("organisation")
    if not is_uuid(invitation_id) or not is_uuid(org):
        raise AcesError(msg.INVITATION_UNREADABLE(name))
    inviter = parse_identity(str(data.get("inviter")).encode("utf-8"), name)
    if inviter.role != "coordinator" or inviter.organisation != org:
        raise AcesError(msg.INVITATION_UNREADABLE(name))
    try:
        cert = x509.load_pem_x509_certificate(str(data["ca_certificate"]).encode("ascii"))
        ca_key = _unb64(data["ca_key"])
        if key_from_der(ca_key).public_key() != cert.public_key():
            raise ValueError("the CA key does not match its certificate")
    except (KeyError, ValueError) as exc:
        raise AcesError(msg.INVITATION_UNREADABLE(exc)) from None
    database = data.get("database")
    return Invitation(
        invitation_id=invitation_id,
        organisation=org,
        ca_certificate=str(data["ca_certificate"]),
        ca_key=ca_key,
        database=database if isinstance(database, str) else None,
        inviter=inviter,
    )


def joined_with(ws: Workspace) -> str | None:
    """The invitation this workspace joined its organisation with, if any."""
    with ws.session() as s:
        return get_meta(s, META_JOINED_WITH)
