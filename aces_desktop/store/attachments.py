"""Adding files to records: metadata removal for photos, encrypted storage, the record.

Photos carry the place they were taken (GPS) and the camera that took them (make, model,
serial numbers). Either can expose an auditor or a worker, so both are removed by default
before the file is stored; the person adding it must ask explicitly to keep them.
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, UnidentifiedImageError

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from aces_desktop.store.workspace import Workspace

ORIENTATION_TAG = 0x0112
GPS_IFD_TAG = 0x8825
# Formats whose metadata we know how to remove without losing the picture.
STRIPPABLE = frozenset({"JPEG", "MPO", "PNG", "WEBP", "TIFF", "BMP"})
_MEDIA_TYPES = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
    "BMP": "image/bmp",
    "GIF": "image/gif",
}
MAX_IMAGE_PIXELS = 120_000_000


@dataclass(frozen=True)
class PreparedFile:
    """File content ready to store, and what was done to it."""

    data: bytes
    media_type: str
    metadata_removed: bool
    is_image: bool


def _image_format(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.format
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


# JPEG application segments kept (by marker and the identifier their data starts with):
# JFIF (pixel density), the ICC colour profile, and Adobe's colour-transform flag, which
# CMYK and YCCK pictures need to be decoded. Every other APPn segment (EXIF and XMP in APP1,
# FlashPix and MPF in APP2, IPTC captions in APP13, makers' data) and every comment goes.
_KEPT_APP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
_SOI, _EOI, _SOS, _COM = 0xD8, 0xD9, 0xDA, 0xFE


def _jpeg_marker(data: bytes, pos: int) -> tuple[int, int]:
    """(marker, position of its 0xFF) at ``pos``, skipping fill bytes."""
    if pos + 1 >= len(data) or data[pos] != 0xFF:
        raise ValueError("no JPEG marker where one is expected")
    while data[pos + 1] == 0xFF:
        pos += 1
        if pos + 1 >= len(data):
            raise ValueError("truncated JPEG")
    return data[pos + 1], pos


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data starting at ``pos`` ends (at the next real marker)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise ValueError("truncated JPEG scan")
        nxt = data[pos + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:  # a stuffed 0xFF byte or a restart marker
            pos += 2
        elif nxt == 0xFF:  # a fill byte before a marker
            pos += 1
        else:
            return pos


def _kept(marker: int, payload: bytes) -> bool:
    if marker == _COM:
        return False
    if 0xE0 <= marker <= 0xEF:
        ident = _KEPT_APP.get(marker)
        return ident is not None and payload.startswith(ident)
    return True


def strip_jpeg_segments(data: bytes, exif: bytes | None = None) -> bytes:
    """The JPEG without its metadata segments, losslessly: the frame, tables and scans
    (every compressed pixel) are copied byte for byte; only APPn segments other than
    ``_KEPT_APP`` and comments are left out, and what follows the end of the first picture
    (the further pictures of an MPO file, trailing data) is dropped. ``exif`` (a complete
    ``Exif\0\0`` payload) is written as the only APP1 segment, after the JFIF one."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG file")
    out = bytearray(b"\xff\xd8")
    pos, pending_exif = 2, exif
    while True:
        marker, pos = _jpeg_marker(data, pos)
        if marker == _EOI:
            return bytes(out + b"\xff\xd9")
        if 0xD0 <= marker <= 0xD7 or marker in (0x01, _SOI) or pos + 4 > len(data):
            raise ValueError("unexpected JPEG marker")
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        payload = data[pos + 4 : end]
        if end > len(data):
            raise ValueError("truncated JPEG segment")
        if pending_exif is not None and not (marker == 0xE0 and payload.startswith(b"JFIF")):
            out += b"\xff\xe1" + (len(pending_exif) + 2).to_bytes(2, "big") + pending_exif
            pending_exif = None
        if _kept(marker, payload):
            out += data[pos:end]
        pos = end
        if marker == _SOS:
            scan_end = _scan_end(data, pos)
            out += data[pos:scan_end]
            pos = scan_end


def strip_metadata(data: bytes) -> bytes:
    """The same picture without EXIF (GPS, camera make/model/serial, times), XMP or
    comments; only the orientation flag is kept so the photo still shows upright.

    JPEG files are not decoded and re-encoded: their metadata segments are cut out and the
    compressed picture is copied byte for byte (``strip_jpeg_segments``). Other formats are
    rebuilt from their decoded pixels, losslessly."""
    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise AcesError(msg.PICTURE_CANNOT_READ_REMOVE_METADATA(exc)) from exc
    fmt = im.format or ""
    if fmt not in STRIPPABLE:
        raise AcesError(msg.METADATA_CANNOT_REMOVED_IMAGES(fmt or "this kind of"))
    if im.width * im.height > MAX_IMAGE_PIXELS:
        raise AcesError(msg.PICTURE_TOO_LARGE_PROCESS())
    clean_exif = Image.Exif()
    orientation = im.getexif().get(ORIENTATION_TAG)
    if orientation:
        clean_exif[ORIENTATION_TAG] = orientation
    out = io.BytesIO()
    icc = im.info.get("icc_profile")
    extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if fmt in ("JPEG", "MPO"):
        try:
            return strip_jpeg_segments(data, clean_exif.tobytes() if len(clean_exif) else None)
        except ValueError as exc:
            raise AcesError(msg.PICTURE_CANNOT_READ_REMOVE_METADATA(exc)) from exc
    else:
        # A fresh image with the same pixels carries none of the source's tags or chunks.
        copy = Image.frombytes(im.mode, im.size, im.tobytes())
        palette = im.getpalette()
        if im.mode in ("P", "PA") and palette is not None:
            copy.putpalette(palette)
        if fmt == "PNG" and "transparency" in im.info:
            extra["transparency"] = im.info["transparency"]
        if fmt in ("WEBP", "TIFF") and len(clean_exif):
            extra["exif"] = clean_exif.tobytes()
        if fmt == "WEBP":
            extra["lossless"] = True
        copy.save(out, fmt, **extra)
    return out.getvalue()


# File signatures of picture formats that can carry location and camera data.
_PICTURE_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _looks_like_picture(data: bytes) -> str | None:
    for magic, fmt in _PICTURE_MAGIC:
        if data.startswith(magic):
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def prepare(data: bytes, name: str, *, keep_metadata: bool) -> PreparedFile:
    """Decide the media type and remove photo metadata unless asked to keep it.

    A file that starts like a picture but cannot be read as one (e.g. a truncated JPEG) is
    refused rather than stored as it is: its location and camera data could not be removed.
    """
    fmt = _image_format(data)
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if fmt is None:
        damaged = _looks_like_picture(data)
        if damaged is not None and not keep_metadata:
            raise AcesError(msg.LOOKS_LIKE_PICTURE_BUT_CANNOT(Path(name).name, damaged))
        return PreparedFile(data, guessed, metadata_removed=False, is_image=False)
    media_type = _MEDIA_TYPES.get(fmt, guessed)
    if keep_metadata or fmt not in STRIPPABLE:
        return PreparedFile(data, media_type, metadata_removed=False, is_image=True)
    return PreparedFile(strip_metadata(data), media_type, metadata_removed=True, is_image=True)


def add_attachment(
    ws: Workspace,
    owner_type: str,
    owner_id: str,
    data: bytes,
    name: str,
    *,
    keep_metadata: bool = False,
    consent_scope: str | None = None,
    caption: str | None = None,
) -> tuple[str, PreparedFile, str]:
    """Store ``data`` encrypted and add its attachment record in one transaction.

    Returns (attachment record id, what was stored, sha256 of the stored bytes)."""
    with ws.writing() as s:
        return store_attachment(
            ws,
            s,
            owner_type,
            owner_id,
            data,
            name,
            keep_metadata=keep_metadata,
            consent_scope=consent_scope,
            caption=caption,
        )


def store_attachment(
    ws: Workspace,
    s: Session,
    owner_type: str,
    owner_id: str,
    data: bytes,
    name: str,
    *,
    keep_metadata: bool = False,
    consent_scope: str | None = None,
    caption: str | None = None,
) -> tuple[str, PreparedFile, str]:
    """``add_attachment`` inside the caller's write transaction ``s`` (so a record and its
    files are saved together). The blob is content-addressed: if the transaction is rolled
    back it is an unreferenced copy, never a half-written record."""
    prepared = prepare(data, name, keep_metadata=keep_metadata)
    sha256, size = ws.blobs.put_bytes(prepared.data)
    record: dict[str, Any] = {
        "owner_type": owner_type,
        "owner_id": owner_id,
        "sha256": sha256,
        "media_type": prepared.media_type,
        "size": size,
        "original_name": Path(name).name,
        "caption": caption,
        "metadata_removed": prepared.metadata_removed,
    }
    if consent_scope:
        record["consent_scope"] = consent_scope
    record_id = ws.records.put(s, "attachment", record)
    return record_id, prepared, sha256


def read_file(path: Path, limit: int = 512 * 1024**2) -> bytes:
    """Read a file to attach, with a message for the user when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise AcesError(msg.LARGER_MB_ATTACH_SMALLER_FILE(path.name, limit // 1024**2))
        return path.read_bytes()
    except OSError as exc:
        raise AcesError(msg.CANNOT_READ(path, exc.strerror or exc)) from exc
