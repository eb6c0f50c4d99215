"""The PII warning and the protection dialogs (pytest-qt, offscreen)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from aces_desktop.core import pii
from aces_desktop.store import pii_ack, recovery, throttle
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import pii_warning
from aces_desktop.ui.pii_warning import PiiWarningDialog
from aces_desktop.ui.protect_dialogs import (
    ChangePassphraseDialog,
    RecoveryExportDialog,
    RecoveryRestoreDialog,
    WipeDialog,
    throttle_hint,
)
from tests.conftest import PASSPHRASE
from tests.helpers import add
from tests.protect.support import NEW_PASSPHRASE, assert_opens_with

SHOTS = Path(os.environ.get("ACES_SCREENSHOTS", "")) if os.environ.get("ACES_SCREENSHOTS") else None
NOTE = "Her name is Mehray Ablet 🙂, phone +86 138 0013 8000; 身份证 11010519491231002X。她叫王芳。"


def shot(widget: Any, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_highlighted_spans_are_the_detected_ones(qtbot: Any) -> None:
    dialog = PiiWarningDialog(NOTE)
    qtbot.addWidget(dialog)
    dialog.show()
    expected = [(s.start, s.end, s.text(NOTE)) for s in pii.detect(NOTE)]
    assert len(expected) == 4
    assert dialog.highlighted() == expected  # exact offsets, after an emoji (UTF-16 pairs)
    assert dialog.found.count() == 4
    assert "Mehray Ablet" in dialog.found.item(0).text()
    shot(dialog, "pii-warning")


def test_edit_is_the_default_and_share_records_acknowledgement(
    qtbot: Any, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = add(workspace, "site", name="Mill", country="CN")
    nid = add(
        workspace,
        "worker_note",
        site_id=site,
        pseudonym="W",
        consent_scope="coordinator",
        narrative=NOTE,
    )
    choices = iter(["edit", "share"])

    def fake_exec(self: PiiWarningDialog) -> int:
        qtbot.addWidget(self)
        assert self.edit_button.isDefault()
        button = self.share_button if next(choices) == "share" else self.edit_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(PiiWarningDialog, "exec", fake_exec)
    assert pii_warning.confirm_share(workspace, nid) is False
    with workspace.session() as s:
        assert [h.record_id for h in pii_ack.held_notes(s)] == [nid]
    assert pii_warning.confirm_share(workspace, nid) is True
    with workspace.session() as s:
        assert pii_ack.held_notes(s) == []
    assert pii_warning.confirm_share(workspace, nid) is True  # no second question


def test_change_passphrase_dialog(qtbot: Any, world: tuple[Path, dict[str, Any]]) -> None:
    path, facts = world
    ws = Workspace.open(path, PASSPHRASE)
    dialog = ChangePassphraseDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    shot(dialog, "change-passphrase")
    dialog.old.setText(PASSPHRASE)
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.again.setText(NEW_PASSPHRASE + "x")
    dialog.ok_button.click()
    assert "differ" in dialog.error.text() and dialog.isVisible()
    dialog.old.setText("wrong")
    dialog.again.setText(NEW_PASSPHRASE)
    dialog.ok_button.click()
    assert "Wrong passphrase" in dialog.error.text()
    dialog.old.setText(PASSPHRASE)
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.again.setText(NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert dialog.result_info.new_db_key
    assert ws.state_hash() == facts["state_hash"]
    ws.close()
    assert_opens_with(path, NEW_PASSPHRASE, facts)


def test_recovery_dialogs_with_shares(
    qtbot: Any, world: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery, "SCRYPT_N", 2**12)
    path, facts = world
    ws = Workspace.open(path, PASSPHRASE)
    out = tmp_path / "gui.recovery"
    dialog = RecoveryExportDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.out.setText(str(out))
    dialog.secret.setText("paper in a safe place")
    dialog.again.setText("paper in a safe place")
    dialog.split.setChecked(True)
    dialog.count.setValue(3)
    dialog.threshold.setValue(2)
    dialog.ok_button.click()
    assert out.exists() and len(dialog.shares_text) == 3
    assert dialog.shares_view.isVisible()
    assert dialog.shares_text[2] in dialog.shares_view.toPlainText()
    shot(dialog, "recovery-export")
    ws.close()
    (path / "workspace.key").unlink()
    restore = RecoveryRestoreDialog(path)
    qtbot.addWidget(restore)
    restore.show()
    restore.file.setText(str(out))
    restore.shares.setPlainText(dialog.shares_text[0])
    restore.new.setText(NEW_PASSPHRASE)
    restore.again.setText(NEW_PASSPHRASE)
    restore.ok_button.click()
    assert "2 of 3 are needed" in restore.error.text()
    restore.shares.setPlainText("\n".join(dialog.shares_text[1:]))
    with qtbot.waitSignal(restore.accepted):
        restore.ok_button.click()
    assert_opens_with(path, NEW_PASSPHRASE, facts)


def test_wipe_dialog_needs_name_and_checkbox(
    qtbot: Any, world: tuple[Path, dict[str, Any]]
) -> None:
    path, _ = world
    ws = Workspace.open(path, PASSPHRASE)
    dialog = WipeDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.wipe_button.isEnabled()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and cancel.isDefault() and not dialog.wipe_button.isDefault()
    qtbot.keyClicks(dialog.name, "Protect test")
    assert not dialog.wipe_button.isEnabled()  # the second confirmation is still missing
    dialog.understood.setChecked(True)
    assert dialog.wipe_button.isEnabled()
    shot(dialog, "wipe")
    dialog.name.setText("Protect tes")
    assert not dialog.wipe_button.isEnabled()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter never wipes
    assert path.exists()
    dialog.name.setText("Protect test")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.wipe_button, Qt.MouseButton.LeftButton)
    assert not path.exists()


def test_throttle_hint(world: tuple[Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = world
    monkeypatch.setattr(throttle, "clock", lambda: 1000.0)
    assert throttle_hint(path) == ""
    for _ in range(4):
        throttle.record_failure(path)
    assert throttle_hint(path) == "Too many wrong passphrases. Wait 4 seconds before trying again."


def test_harden_qt_keeps_qt_settings_in_the_app_folder(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QPixmapCache

    from aces_desktop.store.paths import config_dir
    from aces_desktop.ui.privacy import PIXMAP_CACHE_KIB, harden_qt

    harden_qt()
    assert QPixmapCache.cacheLimit() == PIXMAP_CACHE_KIB
    qt_own = QSettings(QSettings.Scope.UserScope, "QtProject")  # what QFileDialog uses
    qt_own.setValue("probe", "x")
    qt_own.sync()
    assert Path(qt_own.fileName()).is_relative_to(config_dir())
