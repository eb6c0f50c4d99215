"""Photo metadata removal: JPEG metadata segments are cut out losslessly (the compressed
picture is byte-identical); GPS, camera and comments go, the orientation stays."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from aces_desktop.core.errors import AcesError
from aces_desktop.store.attachments import GPS_IFD_TAG, ORIENTATION_TAG, strip_metadata

MAKE, MODEL, SERIAL, EXIF_IFD = 0x010F, 0x0110, 0xA431, 0x8769
XMP = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>GPSLatitude 39,28.2N</x:xmpmeta>"


def _photo(*, progressive: bool = False, orientation: int = 6) -> bytes:
    image = Image.new("RGB", (96, 64), (30, 120, 200))
    for x in range(0, 96, 16):
        image.paste((230, 180, 40), (x, 0, x + 7, 64))
    exif = Image.Exif()
    exif[MAKE] = "PhoneCo"
    exif[MODEL] = "Spy 3000"
    exif[ORIENTATION_TAG] = orientation
    gps = exif.get_ifd(GPS_IFD_TAG)
    gps[1], gps[2], gps[3], gps[4] = "N", (39.0, 28.0, 12.5), "E", (75.0, 59.0, 3.25)
    exif.get_ifd(EXIF_IFD)[SERIAL] = "SN-123456"
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        quality=85,
        progressive=progressive,
        comment=b"taken at the east gate",
        xmp=XMP,
        icc_profile=b"\x00" * 128,  # any bytes: kept as they are
    )
    data = out.getvalue()
    assert b"PhoneCo" in data and b"east gate" in data and b"GPSLatitude" in data
    return data


def _scans(data: bytes) -> bytes:
    """Everything from the first start-of-scan marker on: every compressed pixel."""
    return data[data.index(b"\xff\xda") :]


def _tables(data: bytes) -> list[bytes]:
    """The quantisation, Huffman and frame segments before the first scan."""
    found, pos = [], 2
    while data[pos + 1] != 0xDA:
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if data[pos + 1] in (0xDB, 0xC4, 0xC0, 0xC2, 0xDD):
            found.append(data[pos:end])
        pos = end
    return found


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_pixels_are_byte_identical_and_metadata_is_gone(progressive: bool) -> None:
    original = _photo(progressive=progressive)
    clean = strip_metadata(original)
    assert _scans(clean) == _scans(original)  # not re-encoded: the same compressed data
    assert _tables(clean) == _tables(original)
    assert len(clean) < len(original)
    for leak in (b"PhoneCo", b"Spy 3000", b"SN-123456", b"east gate", b"GPSLatitude"):
        assert leak not in clean
    with Image.open(io.BytesIO(clean)) as image, Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD_TAG)
        assert MAKE not in exif and MODEL not in exif
        assert not exif.get_ifd(EXIF_IFD)
        assert exif[ORIENTATION_TAG] == 6  # the photo still shows upright
        assert image.info.get("icc_profile") == b"\x00" * 128
        assert "comment" not in image.info and "xmp" not in image.info


def test_stripping_twice_changes_nothing_more() -> None:
    once = strip_metadata(_photo())
    assert strip_metadata(once) == once


def test_a_truncated_jpeg_is_refused_with_a_message() -> None:
    data = _photo()
    with pytest.raises(AcesError, match="cannot be read"):
        strip_metadata(data[: len(data) // 2])


@pytest.mark.parametrize("cut", [300, 450, 600])
def test_a_picture_too_damaged_to_open_is_not_stored_with_its_metadata(cut: int) -> None:
    """A JPEG cut so short that the image library cannot open it still carries its GPS and
    camera data in the first bytes: it is refused, not stored as an unknown file."""
    from aces_desktop.store.attachments import prepare

    data = _photo()[:cut]
    with pytest.raises(AcesError, match="looks like a JPEG picture but cannot be read"):
        prepare(data, "gate.jpg", keep_metadata=False)
    kept = prepare(data, "gate.jpg", keep_metadata=True)  # only when asked, on purpose
    assert kept.data == data and not kept.metadata_removed


def test_a_file_that_is_not_a_picture_is_stored_as_it_is() -> None:
    from aces_desktop.store.attachments import prepare

    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    prepared = prepare(pdf, "contract.pdf", keep_metadata=False)
    assert prepared.data == pdf and prepared.media_type == "application/pdf"
