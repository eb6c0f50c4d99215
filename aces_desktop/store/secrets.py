"""Keys and facts kept inside the encrypted database: the ``secrets`` and ``meta`` tables.

Apart from ``workspace`` so that what works on the files of a workspace (``rekey``,
``recovery``) can read a key without importing the module that opens workspaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
# The models (and SQLAlchemy's ORM) are imported by the functions below, when first used:
# opening a workspace needs the names only (``workspace``).

SECRET_DEVICE_SIGNING = "device_signing_key"
SECRET_DEVICE_AGE = "device_age_identity"
SECRET_BLOB_AGE = "blob_age_identity"
SECRET_BLOB_NAMES = "blob_name_key"
# A coordinator workspace whose records live in PostgreSQL: the store's URL, password included.
SECRET_STORE_URL = "store_database_url"
# The organisation's CA private key (DER): signs scorecards (``reports.pki``); the content key
# of PostgreSQL stores is derived from it (``store.content_crypto``).
SECRET_CA_KEY = "org_ca_key"


def get_meta(s: Session, key: str) -> str | None:
    from aces_desktop.store import models as m

    row = s.get(m.Meta, key)
    return row.value if row else None


def own_device_id(s: Session) -> str:
    """This workspace's device. (``devices.is_self`` says it in a workspace file; a
    PostgreSQL store holds the devices of several coordinators, so it is read here.)"""
    value = get_meta(s, "device_id")
    if value is None:
        raise AcesError(msg.WORKSPACE_INCOMPLETE_MISSING("device_id"))
    return value


def set_meta(s: Session, key: str, value: str) -> None:
    from aces_desktop.store import models as m

    row = s.get(m.Meta, key)
    if row is None:
        s.add(m.Meta(key=key, value=value))
    else:
        row.value = value


def get_secret(s: Session, name: str) -> bytes:
    from aces_desktop.store import models as m

    row = s.get(m.Secret, name)
    if row is None:
        raise AcesError(msg.WORKSPACE_KEY_MISSING(name))
    return row.value


def set_secret(s: Session, name: str, value: bytes) -> None:
    from aces_desktop.store import models as m

    row = s.get(m.Secret, name)
    if row is None:
        s.add(m.Secret(name=name, value=value))
    else:
        row.value = value
