"""Which window is up: the start dialog, the unlock dialog or the main window."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from aces_desktop.store.workspace import Workspace, is_workspace, load_orm
from aces_desktop.ui import i18n, window_geometry
from aces_desktop.ui import settings as cfg
from aces_desktop.ui.features import Features, install_features
from aces_desktop.ui.main_window import MainWindow
from aces_desktop.ui.settings_dialog import SettingsDialog
from aces_desktop.ui.start_dialog import StartDialog, UnlockDialog, open_demo
from aces_desktop.ui.tasks import run_task


class Controller(QObject):
    window_shown = Signal()

    def __init__(
        self,
        app: QApplication,
        settings: cfg.Settings | None = None,
        *,
        rtl: bool = False,
        language: str | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.settings = settings or cfg.Settings()
        self.rtl = rtl
        self.language = language or self.settings.get(cfg.LANGUAGE)
        self.window: MainWindow | None = None
        self.features: Features | None = None
        self.dialog: StartDialog | UnlockDialog | None = None
        self.loader: threading.Thread | None = None
        self.apply_appearance()

    def apply_appearance(self) -> None:
        i18n.set_language(self.app, self.language)
        direction = "rtl" if self.rtl else self.settings.get(cfg.LAYOUT_DIRECTION)
        i18n.set_direction(self.app, direction, self.language)

    # --- start -----------------------------------------------------------------------------

    def start(self) -> None:
        dialog = StartDialog(self.settings.recent())
        dialog.accepted.connect(lambda: self.show_main(dialog.workspace))
        self.dialog = dialog
        dialog.show()

    def open_default(self) -> None:
        """The default workspace from the settings if there is one, else the start dialog."""
        default = self.settings.get(cfg.DEFAULT_WORKSPACE)
        if default and is_workspace(Path(default)):
            self.open_path(Path(default))
        else:
            self.start()

    def open_path(self, path: Path) -> None:
        dialog = UnlockDialog(path)
        dialog.accepted.connect(lambda: self.show_main(dialog.workspace))
        dialog.rejected.connect(self.start)
        self.dialog = dialog
        dialog.show()

    def open_demo(self, path: Path | None = None) -> None:
        run_task(
            lambda progress: open_demo(progress, path),
            label=QApplication.translate("Controller", "Preparing the demo workspace…"),
            on_done=self.show_main,
        ).failed.connect(lambda _message: self.start())

    def show_main(self, workspace: Workspace | None) -> None:
        if workspace is None:
            return
        self.settings.add_recent(workspace.path)
        window = MainWindow(workspace, self.settings)
        window.open_workspace_requested.connect(self.switch_workspace)
        window.settings_requested.connect(self.edit_settings)
        self.features = install_features(window)
        self.window = window
        self.dialog = None
        window_geometry.place(window, self.settings)
        window.show()
        QTimer.singleShot(0, self.window_shown.emit)
        QTimer.singleShot(0, self._load_orm)

    def _load_orm(self) -> None:
        """The window shows its first list without SQLAlchemy (the workspace file is read
        through ``db.FileReader``); SQLAlchemy, its ORM and the models load in a thread now,
        while the user looks at it, so the first record opened does not wait for them."""
        if self.loader is None:
            self.loader = threading.Thread(target=load_orm, name="load-orm", daemon=True)
            self.loader.start()

    def switch_workspace(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.workspace.close()
            self.window.deleteLater()
            self.window = None
            self.features = None
        self.start()

    def edit_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.window)
        dialog.accepted.connect(self.apply_settings)
        dialog.open()
        return dialog

    def apply_settings(self) -> None:
        """Language, direction and auto-lock take effect at once, without a restart."""
        self.language = self.settings.get(cfg.LANGUAGE)
        self.rtl = False
        self.apply_appearance()
        if self.window is not None:
            self.window.set_auto_lock_minutes(self.settings.get(cfg.AUTO_LOCK_MINUTES))
