"""Encryption of free text before it reaches a PostgreSQL store (docs/hub.md).

What a database administrator must not read — the narratives of findings and worker notes,
the personal fields the consent scopes protect (``sensitive`` in ``core.schema``: worker
notes' pseudonyms and demographics, people's names and contacts, attachments' original file
names; ``ENCRYPTED_COLUMNS``), and every revision's content (which holds all of them and
every name) — is written to PostgreSQL as AES-256-GCM ciphertext under the organisation's
content key and read back in clear by the application. The key is derived (HKDF-SHA256)
from the organisation's CA private key, which every coordinator of the organisation holds
(the first makes it, invitations carry it: ``sync.invite``), so no new key has to travel
and the key never reaches the server.

It happens at the store boundary, in the column type (``EncryptedText``): content hashes,
digests and the ``state_hash`` are computed over the clear content before it is written,
so they are the same as in a workspace file. In a workspace file (SQLite, itself encrypted
with SQLCipher) nothing changes. Values written before the key was known (or by an older
version) stay readable: only values carrying ``PREFIX`` are decrypted.
"""

from __future__ import annotations

import base64
import os
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Dialect
# The column types sealing these values are in ``sealed_columns`` (this module stays free of
# SQLAlchemy: the record lists reveal values without it, ``store.listing``).

PREFIX = "aces-enc1:"
# Record table columns kept encrypted in a PostgreSQL store (besides revisions' content and
# held revisions): the models declare them with ``EncryptedText``/``EncryptedString``;
# search does not look into them there (``store.search``).
ENCRYPTED_COLUMNS = frozenset(
    {
        ("findings", "narrative"),
        ("worker_notes", "narrative"),
        ("worker_notes", "pseudonym"),
        ("worker_notes", "gender"),
        ("worker_notes", "age_band"),
        ("worker_notes", "origin"),
        ("worker_notes", "job_role"),
        ("persons", "name"),
        ("persons", "contact"),
        ("attachments", "original_name"),
    }
)
_AAD = b"aces store content v1"
_KEY_ATTRIBUTE = "aces_content_key"


def content_key(ca_key_der: bytes) -> bytes:
    """The organisation's content key, derived from its CA private key (DER)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"aces store content key v1"
    ).derive(ca_key_der)


def use_key(engine: Engine, key: bytes | None) -> None:
    """Encrypt (and decrypt) through ``engine`` with ``key`` (its dialect is its own)."""
    setattr(engine.dialect, _KEY_ATTRIBUTE, AESGCM(key) if key is not None else None)


def seal(dialect: Dialect, value: str | None) -> str | None:
    if value is None or dialect.name != "postgresql":
        return value
    aead = getattr(dialect, _KEY_ATTRIBUTE, None)
    if aead is None:
        return value
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, value.encode("utf-8"), _AAD)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def reveal(dialect: Dialect, value: Any) -> Any:
    """``value`` in clear: decrypted when it is ciphertext of ``seal``, else as it is."""
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return value
    aead = getattr(dialect, _KEY_ATTRIBUTE, None)
    if aead is None:
        raise AcesError(msg.CONTENT_KEY_MISSING())
    try:
        raw = base64.b64decode(value[len(PREFIX) :], validate=True)
        return aead.decrypt(raw[:12], raw[12:], _AAD).decode("utf-8")
    except (ValueError, InvalidTag):
        raise AcesError(msg.CONTENT_KEY_MISSING()) from None
