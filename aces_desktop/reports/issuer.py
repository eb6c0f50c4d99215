"""Who issues the scorecards: the organisation's name, logo and default signer, kept in
the workspace.

Scorecards show the signer as a person *and* an organisation. The organisation defaults to
the workspace name; a coordinator can set the name readers know (``aces signing set
--organisation``) and a logo (PNG or JPEG, checked with Pillow, at most ``MAX_LOGO_BYTES``),
stored inside the encrypted workspace so every export of the workspace shows the same.
The default signer (``--signer``) is the person whose organisation-CA certificate signs when
no other is named; without it, the workspace's person, else the organisation itself.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from pathlib import Path

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.store.secrets import get_meta, set_meta
from aces_desktop.store.workspace import Workspace

META_ISSUER = "scorecard_issuer"
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4000 * 4000
LOGO_FORMATS = ("PNG", "JPEG")


class IssuerError(AcesError):
    pass


@dataclass(frozen=True)
class Issuer:
    organisation: str | None = None
    logo: bytes | None = None  # validated PNG or JPEG bytes
    signer: str | None = None  # who signs by default (else the workspace's person)


def check_logo(data: bytes, source: str) -> bytes:
    """``data`` if it is a PNG or JPEG picture of sensible size, else a clear error."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise IssuerError(msg.LOGO_TOO_BIG(source, len(data) // 1024, MAX_LOGO_BYTES // 1024))
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in LOGO_FORMATS:
                raise IssuerError(msg.LOGO_NOT_PNG_JPEG(source))
            if img.width * img.height > MAX_LOGO_PIXELS:
                raise IssuerError(msg.LOGO_TOO_MANY_PIXELS(source, img.width, img.height))
            img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise IssuerError(msg.LOGO_UNREADABLE(source)) from None
    return data


def read_logo(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            return check_logo(b"\0" * (MAX_LOGO_BYTES + 1), str(path))
        return check_logo(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise IssuerError(msg.LOGO_MISSING(path)) from None
    except IsADirectoryError:
        raise IssuerError(msg.LOGO_IS_FOLDER(path)) from None


def load(ws: Workspace) -> Issuer:
    with ws.session() as s:
        raw = get_meta(s, META_ISSUER)
    if not raw:
        return Issuer()
    data = json.loads(raw)
    logo = data.get("logo")
    return Issuer(
        organisation=data.get("organisation") or None,
        logo=base64.b64decode(logo) if logo else None,
        signer=data.get("signer") or None,
    )


def save(ws: Workspace, issuer: Issuer) -> None:
    """Store the organisation name and logo (one transaction through the writer)."""
    organisation = " ".join((issuer.organisation or "").split())[:120] or None
    signer = " ".join((issuer.signer or "").split())[:64] or None
    data = {
        "organisation": organisation,
        "signer": signer,
        "logo": base64.b64encode(issuer.logo).decode("ascii") if issuer.logo else None,
    }
    with ws.writing() as s:
        set_meta(s, META_ISSUER, json.dumps(data))


def organisation_name(ws: Workspace, issuer: Issuer | None = None) -> str:
    return (issuer or load(ws)).organisation or ws.name
