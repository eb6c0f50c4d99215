"""Keys and facts kept inside the encrypted database: the ``secrets`` and ``meta`` tables.

Apart from ``workspace`` so that what works on the files of a workspace (``rekey``,
``recovery``) can read a key without importing the module that opens workspaces.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.store import models as m

SECRET_DEVICE_SIGNING = "device_signing_key"
SECRET_DEVICE_AGE = "device_age_identity"
SECRET_BLOB_AGE = "blob_age_identity"
SECRET_BLOB_NAMES = "blob_name_key"


def get_meta(s: Session, key: str) -> str | None:
    row = s.get(m.Meta, key)
    return row.value if row else None


def set_meta(s: Session, key: str, value: str) -> None:
    row = s.get(m.Meta, key)
    if row is None:
        s.add(m.Meta(key=key, value=value))
    else:
        row.value = value


def get_secret(s: Session, name: str) -> bytes:
    row = s.get(m.Secret, name)
    if row is None:
        raise AcesError(msg.WORKSPACE_KEY_MISSING(name))
    return row.value


def set_secret(s: Session, name: str, value: bytes) -> None:
    row = s.get(m.Secret, name)
    if row is None:
        s.add(m.Secret(name=name, value=value))
    else:
        row.value = value
