"""The start flow: creating a workspace and unlocking one, driving the real dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from aces_desktop.reports import pki
from aces_desktop.store.workspace import Workspace, is_workspace
from aces_desktop.ui.start_dialog import StartDialog, UnlockDialog


def test_create_a_workspace_through_the_start_dialog(qtbot: Any, tmp_path: Path) -> None:
    dialog = StartDialog([])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    dialog.role.setCurrentIndex(1)
    qtbot.keyClicks(dialog.name, "Dhaka team")
    dialog.folder.setText(str(tmp_path / "new-ws"))
    qtbot.keyClicks(dialog.passphrase, "short")
    assert "At least" in dialog.strength.text()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "at least" in dialog.create_error.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "abcdefghijkl")
    assert dialog.strength.text().startswith("Weak")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "Weak" in dialog.create_error.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "purple river seven lanterns")
    assert dialog.strength.text() == "Strong."
    qtbot.keyClicks(dialog.confirm, "purple river seven lantern")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.create_error.text()
    qtbot.keyClicks(dialog.confirm, "s")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    ws = dialog.workspace
    assert ws is not None
    assert (ws.name, ws.role) == ("Dhaka team", "coordinator")
    # As ``aces init`` does, the GUI gives a coordinator workspace its organisation CA.
    with ws.session() as s:
        assert pki.get_secret(s, pki.SECRET_CA_KEY)
    ws.close()
    assert is_workspace(tmp_path / "new-ws")
    Workspace.open(tmp_path / "new-ws", "purple river seven lanterns").close()


def test_unlock_with_a_wrong_then_the_right_passphrase(
    qtbot: Any, workspace: Any, passphrase: str
) -> None:
    workspace.close()
    dialog = UnlockDialog(workspace.path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
    assert "passphrase" in dialog.error.text().lower()
    assert dialog.workspace is None and dialog.isVisible()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.workspace is not None
    assert dialog.workspace.name == "Field test"
    dialog.workspace.close()
