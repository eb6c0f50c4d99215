"""Attachments: photo metadata removed before storing, kept only when asked."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from aces_desktop.store.attachments import GPS_IFD_TAG
from aces_desktop.ui.forms.attachments import AttachmentsWidget
from tests.ui_forms.formhelpers import shoot

MAKE, MODEL, SERIAL = 0x010F, 0x0110, 0xA431


def _photo_with_gps(path: Path) -> Path:
    image = Image.new("RGB", (320, 200), (30, 120, 200))
    for x in range(0, 320, 40):
        image.paste((230, 180, 40), (x, 0, x + 20, 200))
    exif = Image.Exif()
    exif[MAKE] = "PhoneCo"
    exif[MODEL] = "Spy 3000"
    exif[0x0112] = 1
    gps = exif.get_ifd(GPS_IFD_TAG)
    gps[1] = "N"
    gps[2] = (39.0, 28.0, 12.5)
    gps[3] = "E"
    gps[4] = (75.0, 59.0, 3.25)
    exif.get_ifd(0x8769)[SERIAL] = "SN-123456"
    image.save(path, "JPEG", exif=exif, quality=90)
    with Image.open(path) as check:  # the test photo really carries GPS
        assert check.getexif().get_ifd(GPS_IFD_TAG)
    return path


def _stored(workspace: Any, record_id: str) -> tuple[dict[str, Any], Image.Image]:
    with workspace.session() as s:
        _, content = workspace.records.get(s, record_id)
    data = workspace.blobs.read_bytes(content["sha256"])
    return content, Image.open(io.BytesIO(data))


def test_gps_and_camera_metadata_removed_by_default(
    qtbot: Any, workspace: Any, world: dict[str, str], tmp_path: Path
) -> None:
    photo = _photo_with_gps(tmp_path / "gate.jpg")
    widget = AttachmentsWidget(workspace, "site", world["site"])
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    assert not widget.keep_metadata.isChecked()
    with qtbot.waitSignal(widget.attached):
        [record_id] = widget.add_files([photo])
    content, image = _stored(workspace, record_id)
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD_TAG)
    assert MAKE not in exif and MODEL not in exif
    assert SERIAL not in exif.get_ifd(0x8769)
    assert image.size == (320, 200)
    assert content["metadata_removed"] is True
    assert content["media_type"] == "image/jpeg"
    assert content["original_name"] == "gate.jpg"
    assert content["consent_scope"] == "device"
    assert widget.sha256.text() == content["sha256"]
    assert widget.list.count() == 1
    assert not widget.list.item(0).icon().isNull()
    assert widget.preview.pixmap() is not None and not widget.preview.pixmap().isNull()
    # The encrypted store holds no plaintext copy of the photo.
    for blob in (workspace.path / "blobs").rglob("*"):
        if blob.is_file():
            assert b"JFIF" not in blob.read_bytes() and b"Exif" not in blob.read_bytes()
    shoot(widget, "attachments")


def test_metadata_kept_when_ticked(
    qtbot: Any, workspace: Any, world: dict[str, str], tmp_path: Path
) -> None:
    photo = _photo_with_gps(tmp_path / "kept.jpg")
    widget = AttachmentsWidget(workspace, "site", world["site"])
    qtbot.addWidget(widget)
    widget.keep_metadata.setChecked(True)
    widget.consent.setCurrentIndex(widget.consent.findData("device"))
    [record_id] = widget.add_files([photo])
    content, image = _stored(workspace, record_id)
    gps = image.getexif().get_ifd(GPS_IFD_TAG)
    assert gps[1] == "N"
    assert image.getexif()[MODEL] == "Spy 3000"
    assert content["metadata_removed"] is False
    assert content["consent_scope"] == "device"
    assert content["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_drop_a_file(qtbot: Any, workspace: Any, world: dict[str, str], tmp_path: Path) -> None:
    doc = tmp_path / "contract.txt"
    doc.write_text("Contract with 3-month deposit", encoding="utf-8")
    widget = AttachmentsWidget(workspace, "visit", world["visit"])
    qtbot.addWidget(widget)
    widget.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers a Drop only during a real drag, so the handler gets the event directly.
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(widget.attached) as signal:
        widget.dropEvent(event)
    with workspace.session() as s:
        _, content = workspace.records.get(s, signal.args[0])
    assert content["media_type"] == "text/plain"
    assert content["owner_id"] == world["visit"]
    assert workspace.blobs.read_bytes(content["sha256"]) == doc.read_bytes()
    assert "No preview" in widget.preview.text()


def test_unreadable_file_is_reported(
    qtbot: Any, workspace: Any, world: dict[str, str], tmp_path: Path
) -> None:
    widget = AttachmentsWidget(workspace, "site", world["site"])
    qtbot.addWidget(widget)
    assert widget.add_files([tmp_path / "missing.jpg"]) == []
    assert "missing.jpg" in widget.banner.text()
    assert workspace.counts()["attachment"] == 0


def test_remove_an_attachment(
    qtbot: Any, workspace: Any, world: dict[str, str], tmp_path: Path
) -> None:
    photo = _photo_with_gps(tmp_path / "wall.jpg")
    widget = AttachmentsWidget(workspace, "site", world["site"])
    qtbot.addWidget(widget)
    [record_id] = widget.add_files([photo])
    box = widget.request_remove()
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Remove").click()
    assert widget.list.count() == 0
    assert widget.sha256.text() == ""
    assert workspace.counts()["attachment"] == 0
    with workspace.session() as s:
        assert workspace.records.history(s, record_id)[-1].op == "delete"


def test_new_attachments_default_to_this_device_only(
    qtbot: Any, workspace: Any, world: dict[str, str], tmp_path: Path
) -> None:
    """A worker's photo stays on the device unless the auditor widens the scope (issue 16)."""
    from aces_desktop.core import schema

    assert schema.ATTACHMENT.by_name["consent_scope"].default == "device"
    assert schema.WORKER_NOTE.by_name["consent_scope"].default == "device"
    widget = AttachmentsWidget(workspace, "site", world["site"])
    qtbot.addWidget(widget)
    assert widget.consent.currentData() == "device"
    doc = tmp_path / "statement.txt"
    doc.write_text("signed statement", encoding="utf-8")
    with qtbot.waitSignal(widget.attached):
        [record_id] = widget.add_files([doc])
    content, _ = _stored_content(workspace, record_id)
    assert content["consent_scope"] == "device"


def _stored_content(workspace: Any, record_id: str) -> tuple[dict[str, Any], bytes]:
    with workspace.session() as s:
        _, content = workspace.records.get(s, record_id)
    return content, workspace.blobs.read_bytes(content["sha256"])
