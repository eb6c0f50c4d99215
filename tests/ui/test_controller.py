"""The controller: main window after unlocking, switching workspace, recent list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from aces_desktop.ui import settings as cfg
from aces_desktop.ui.controller import Controller
from aces_desktop.ui.start_dialog import StartDialog


def test_show_main_then_switch_to_another_workspace(
    qtbot: Any, workspace: Any, settings: cfg.Settings
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = Controller(app, settings)
    with qtbot.waitSignal(controller.window_shown):
        controller.show_main(workspace)
    window = controller.window
    assert window is not None and window.isVisible()
    assert settings.recent() == [workspace.path.resolve()]
    window.open_action.trigger()
    assert controller.window is None and workspace.locked
    dialog = controller.dialog
    assert isinstance(dialog, StartDialog) and dialog.isVisible()
    assert dialog.recent.item(0).text() == str(workspace.path.resolve())
    dialog.close()


def test_the_default_workspace_asks_for_its_passphrase(
    qtbot: Any, workspace: Any, settings: cfg.Settings, passphrase: str
) -> None:
    from aces_desktop.ui.start_dialog import UnlockDialog

    workspace.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = Controller(app, settings)
    controller.open_default()
    assert isinstance(controller.dialog, StartDialog)
    controller.dialog.close()
    settings.set(cfg.DEFAULT_WORKSPACE, str(workspace.path))
    controller.open_default()
    dialog = controller.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.path == workspace.path
    dialog.passphrase.setText(passphrase)
    with qtbot.waitSignal(controller.window_shown, timeout=20_000):
        dialog.submit()
    assert controller.window is not None
    assert controller.window.workspace.name == "Field test"
    controller.window.close()
    controller.window.workspace.close()
