"""No plaintext on disk after a full GUI session.

A whole session through the real application: the start dialog creates a workspace, the
controller shows the main window with its features, a site (Chinese marker name) and a
worker note (marker pseudonym and narrative, English and Chinese) are entered in the record
forms, a photo with a marker file name and marker EXIF text is attached, the lists are
searched, a form is edited and its draft autosaved, the window is locked with Ctrl+L and
unlocked, the draft restored and saved, and the application closed.

Meanwhile TMPDIR (and ``tempfile.tempdir``), ACES_HOME and the XDG folders point at test
folders. During the session and after it, every file of the workspace, the temporary folder,
the settings folder, the XDG folders and any QSettings file is scanned for every marker as
UTF-8, UTF-16-LE/BE and JSON ``\\u`` escapes (Chinese markers also by their UTF-8 bytes):
none may appear. The settings file must not hold the passphrase either.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, cast

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from aces_desktop.store import drafts
from aces_desktop.ui import settings as cfg
from aces_desktop.ui.controller import Controller
from aces_desktop.ui.forms.attachments import AttachmentsWidget
from aces_desktop.ui.start_dialog import StartDialog

PASSPHRASE = "purple river seven lanterns 91"
SITE_NAME = "琥珀织造厂甲七号"  # Chinese marker
SITE_SEARCH = "织造厂甲七"
PSEUDONYM = "GUIPSEUDO-k2v8"
NARRATIVE_EN = "Passports kept in the office GUINARR-q9z4"
NARRATIVE_ZH = "宿舍门夜里反锁翡翠八号"
DRAFT_TEXT = "Draft addition GUIDRAFT-m3n6 shifts of sixteen hours"
DRAFT_ZH = "草稿珊瑚九号"
PHOTO_NAME = "gate-GUIPHOTO-x5t1.jpg"
EXIF_TEXT = "GUIEXIF-w7r2 taken at the back gate"
MARKERS = [
    SITE_NAME,
    SITE_SEARCH,
    PSEUDONYM,
    NARRATIVE_EN,
    "GUINARR-q9z4",
    NARRATIVE_ZH,
    "GUIDRAFT-m3n6",
    DRAFT_ZH,
    "GUIPHOTO-x5t1",
    "GUIEXIF-w7r2",
]
CTRL = Qt.KeyboardModifier.ControlModifier


def encodings(marker: str) -> list[bytes]:
    forms = [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]
    if any(ord(c) > 127 for c in marker):
        forms.append(json.dumps(marker)[1:-1].encode("ascii"))
        forms.append(json.dumps(marker)[1:-1].lower().encode("ascii"))
    return forms


def scan(folders: list[Path], markers: list[str]) -> list[str]:
    """Every (file, marker) where a marker is found in plaintext."""
    hits: list[str] = []
    for folder in folders:
        files = [folder] if folder.is_file() else [p for p in folder.rglob("*") if p.is_file()]
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            for marker in markers:
                if any(form in data for form in encodings(marker)):
                    hits.append(f"{path}: {marker!r}")
    return hits


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (160, 100), (200, 60, 40))
    exif = Image.Exif()
    exif[0x010E] = EXIF_TEXT  # ImageDescription
    exif[0x010F] = "PhoneCo"
    image.save(path, "JPEG", exif=exif, quality=90)
    assert EXIF_TEXT.encode() in path.read_bytes()  # the marker really is in the photo
    return path


def _draft(ws: Any, type_name: str, record_id: str | None) -> drafts.Draft | None:
    with ws.session() as s:
        return drafts.load_draft(s, type_name, record_id)


def _set(editor: Any, name: str, value: Any) -> None:
    """A value arriving in a form field as a person's edit does (the edited signal)."""
    widget = editor.editors[name]
    widget.set_value(value)
    widget.edited.emit()


def test_full_gui_session_leaves_no_plaintext(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "aces-home"
    tmpdir = tmp_path / "tmp"
    xdg = {name: tmp_path / "xdg" / name for name in ("config", "cache", "data", "state")}
    for folder in (home, tmpdir, *xdg.values()):
        folder.mkdir(parents=True)
    monkeypatch.setenv("ACES_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    for name, folder in xdg.items():
        monkeypatch.setenv(f"XDG_{name.upper()}_HOME", str(folder))
    (tmp_path / "camera").mkdir()
    camera = _photo(tmp_path / "camera" / PHOTO_NAME)
    ws_path = tmp_path / "workspaces" / "field-ws"
    ws_path.parent.mkdir()

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = cfg.Settings()  # the real settings file, in ACES_HOME
    assert home in settings.path.parents
    controller = Controller(app, settings)

    # --- a workspace made through the start dialog ----------------------------------------
    controller.start()
    dialog = controller.dialog
    assert isinstance(dialog, StartDialog)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    dialog.role.setCurrentIndex(0)
    qtbot.keyClicks(dialog.name, "Field team")
    dialog.folder.setText(str(ws_path))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.confirm, PASSPHRASE)
    with qtbot.waitSignal(controller.window_shown, timeout=30_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    ws = window.workspace
    assert ws.role == "field"
    assert controller.features is not None
    hub = controller.features.editing

    # --- a site and a worker note through the forms ---------------------------------------
    window.show_page("sites")
    window.new_action.trigger()
    site_dialog: Any = hub.dialogs[-1]
    _set(site_dialog.editor, "name", SITE_NAME)
    _set(site_dialog.editor, "country", "CN")
    with qtbot.waitSignal(site_dialog.editor.saved) as saved:
        site_dialog.editor.save_button.click()
    site_id = saved.args[1]

    window.show_page("worker_notes")
    window.new_action.trigger()
    note_dialog: Any = hub.dialogs[-1]
    note = note_dialog.editor
    assert note.type_name == "worker_note"
    _set(note, "site_id", site_id)
    _set(note, "pseudonym", PSEUDONYM)
    _set(note, "consent_scope", "coordinator")
    _set(note, "narrative", f"{NARRATIVE_EN} {NARRATIVE_ZH}")
    with qtbot.waitSignal(note.saved) as saved:
        note.save_button.click()
    note_id = saved.args[1]
    with ws.session() as s:
        stored = ws.records.get(s, note_id)[1]
    assert stored["pseudonym"] == PSEUDONYM and NARRATIVE_ZH in stored["narrative"]

    # --- a photo attached to the note -----------------------------------------------------
    page = window.list_page("worker_note")
    window.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    attachments = AttachmentsWidget(ws, "worker_note", note_id)
    qtbot.addWidget(attachments)
    attachments.show()
    with qtbot.waitSignal(attachments.attached):
        [attachment_id] = attachments.add_files([camera])
    attachments.list.setCurrentRow(0)  # shows the preview (thumbnail made in memory)
    qtbot.waitUntil(lambda: attachments.preview.pixmap() is not None)
    with ws.session() as s:
        assert ws.records.get(s, attachment_id)[1]["original_name"] == PHOTO_NAME
    previewing = scan([ws_path, tmpdir, home, *xdg.values()], MARKERS)
    assert not previewing, previewing  # the thumbnail and preview live in memory
    attachments.close()

    # --- search ---------------------------------------------------------------------------
    window.show_page("sites")
    sites = window.list_page("site")
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    for ch in SITE_SEARCH:
        sites.search.insert(ch)
    qtbot.waitUntil(lambda: sites.model.rowCount() == 1)
    assert sites.model.index(0, 0).data() == SITE_NAME
    sites.search.clear()

    # --- the lists exported from the GUI (a deliberate exit path: redacted) ---------------
    from aces_desktop.ui.export_actions import export_table_model

    out = tmp_path / "exports"
    out.mkdir()
    for type_name in ("site", "worker_note"):
        for suffix in ("csv", "xlsx"):
            target = out / f"{type_name}.{suffix}"
            model = window.list_page(type_name).model
            assert model.rowCount() == 1
            assert export_table_model(window, model, path=target) == 0
    # The site is withheld by default; the note is for the coordinator only.
    assert not scan([out], MARKERS)

    # --- an edit autosaved as a draft, then lock (Ctrl+L) and unlock -----------------------
    window.show_page("worker_notes")
    page.select_row(0)
    window.edit_requested.emit("worker_note", note_id)
    edit = cast(Any, hub.dialogs[-1]).editor
    _set(edit, "narrative", f"{NARRATIVE_EN} {DRAFT_TEXT} {DRAFT_ZH}")
    qtbot.waitUntil(lambda: _draft(ws, "worker_note", note_id) is not None)
    midway = scan([ws_path, tmpdir, home, *xdg.values()], MARKERS)
    assert not midway, midway

    # Ctrl+L pressed where the auditor is typing: in the open form.
    form = hub.dialogs[-1]
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(edit.editors["narrative"].focus_widget(), Qt.Key.Key_L, CTRL)
    assert window.locked and ws.locked
    assert not hub.dialogs  # open forms closed behind the lock
    locked_scan = scan([ws_path, tmpdir, home, *xdg.values()], MARKERS)
    assert not locked_scan, locked_scan
    screen = window.lock_screen
    assert screen is not None
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not window.locked and not ws.locked

    # The draft survived the lock: restore it and save.
    window.edit_requested.emit("worker_note", note_id)
    edit = cast(Any, hub.dialogs[-1]).editor
    assert edit.draft_bar.isVisibleTo(edit)
    edit.restore_draft()
    with qtbot.waitSignal(edit.saved):
        edit.save_button.click()
    assert not hub.dialogs  # a saved form closes
    with ws.session() as s:
        assert DRAFT_ZH in ws.records.get(s, note_id)[1]["narrative"]
        assert drafts.load_draft(s, "worker_note", note_id) is None

    # --- close ----------------------------------------------------------------------------
    window.close()
    ws.close()
    qsettings = [Path(QSettings().fileName()), settings.path]

    folders = [ws_path, tmpdir, home, *xdg.values(), *(p for p in qsettings if p.exists())]
    assert any(p.is_file() for p in ws_path.rglob("*"))  # the scan looks at real files
    hits = scan(folders, MARKERS)
    assert not hits, hits
    # The settings file knows the workspace, never its passphrase.
    assert settings.path.is_file()
    text = settings.path.read_bytes()
    assert str(ws_path.resolve()).encode() in text or ws_path.name.encode() in text
    for path in (p for p in qsettings if p.exists()):
        assert not scan([path], [PASSPHRASE, "purple river"]), path
    assert not scan([ws_path, tmpdir, home, *xdg.values()], [PASSPHRASE])


def test_the_scan_finds_markers_in_each_encoding(tmp_path: Path) -> None:
    for i, encoding in enumerate(("utf-8", "utf-16-le", "utf-16-be")):
        (tmp_path / f"f{i}").write_bytes(b"x" + f"a {SITE_NAME} b".encode(encoding))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "j.json").write_text(json.dumps({"n": NARRATIVE_ZH}))  # \u escapes
    hits = scan([tmp_path], [SITE_NAME, NARRATIVE_ZH, PSEUDONYM])
    assert len(hits) == 4 and not any(PSEUDONYM in h for h in hits)
