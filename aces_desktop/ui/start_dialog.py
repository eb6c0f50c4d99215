"""First screens: create a workspace, open one (with its passphrase), or open the demo."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.messages import fill
from aces_desktop.core.passphrase import MIN_LENGTH, Strength, estimate
from aces_desktop.store import paths
from aces_desktop.store.paths import DEMO_PASSPHRASE
from aces_desktop.store.workspace import Workspace, is_workspace
from aces_desktop.ui.forms.notices import reserve_space
from aces_desktop.ui.tasks import TaskProgress, run_task

ERROR_STYLE = "color: #b3261e;"


def open_demo(progress: TaskProgress, path: Path | None = None) -> Workspace:
    """The demo workspace (in the data folder unless ``path`` names one, such as the one
    ``make demo`` writes), made on first use."""
    path = path or paths.demo_workspace()
    if is_workspace(path):
        return Workspace.open(path, DEMO_PASSPHRASE)
    from aces_desktop.demo_data import DemoOptions, fill_demo  # the first time only

    ws = Workspace.create(path, DEMO_PASSPHRASE, role="coordinator", name="ACES demo")
    try:
        fill_demo(ws, DemoOptions(), progress)
    except BaseException:
        ws.close()
        raise
    return ws


class UnlockDialog(QDialog):
    """Asks for a workspace's passphrase; a wrong one is said in the dialog, which stays."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.workspace: Workspace | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        reserve_space(self.error, lines=2)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.unlock_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Unlock workspace"))
        self.intro.setText(fill(self.tr("Enter the passphrase of the workspace in %1."), self.path))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.cancel_button.setText(self.tr("Cancel"))

    def submit(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            return
        self.unlock_button.setEnabled(False)
        self.error.hide()
        path = self.path
        run_task(
            lambda _progress: Workspace.open(path, passphrase),
            label=self.tr("Opening the workspace…"),
            parent=self,
            on_done=self._opened,
            on_error=self._failed,
        )

    def _opened(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.unlock_button.setEnabled(True)
        self.accept()

    def _failed(self, message: str) -> None:
        self.unlock_button.setEnabled(True)
        self.error.setText(message)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()


class StartDialog(QDialog):
    """Create, open or try the demo. When accepted, ``workspace`` is open."""

    def __init__(self, recent: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.unlock: UnlockDialog | None = None
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._choice_page(recent))
        self.pages.addWidget(self._create_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setMinimumSize(560, 440)
        self.retranslate()

    # --- pages -----------------------------------------------------------------------------

    def _choice_page(self, recent: list[Path]) -> QWidget:
        page = QWidget(self)
        self.welcome = QLabel(page)
        self.welcome.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.welcome_text = QLabel(page)
        self.welcome_text.setWordWrap(True)
        self.create_choice = QPushButton(page)
        self.open_choice = QPushButton(page)
        self.demo_choice = QPushButton(page)
        self.create_choice.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        self.open_choice.clicked.connect(self.choose_folder)
        self.demo_choice.clicked.connect(self.open_demo)
        self.recent_label = QLabel(page)
        self.recent = QListWidget(page)
        for path in recent:
            item = QListWidgetItem(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
        self.recent.itemActivated.connect(
            lambda item: self.open_existing(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.recent_label.setBuddy(self.recent)
        self.recent_label.setVisible(bool(recent))
        self.recent.setVisible(bool(recent))
        layout = QVBoxLayout(page)
        layout.addWidget(self.welcome)
        layout.addWidget(self.welcome_text)
        layout.addSpacing(8)
        for button in (self.create_choice, self.open_choice, self.demo_choice):
            button.setMinimumHeight(34)
            layout.addWidget(button)
        layout.addSpacing(8)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent, 1)
        layout.addStretch(0 if recent else 1)
        return page

    def _create_page(self) -> QWidget:
        page = QWidget(self)
        self.create_title = QLabel(page)
        self.create_title.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.role = QComboBox(page)
        self.role.addItem("", "field")
        self.role.addItem("", "coordinator")
        self.name = QLineEdit(page)
        self.folder = QLineEdit(page)
        self.folder.setText(str(paths.default_workspace()))
        self.browse = QPushButton(page)
        self.browse.clicked.connect(self._browse_new)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.passphrase = QLineEdit(page)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(page)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel(page)
        self.strength.setWordWrap(True)
        reserve_space(self.strength, lines=2)  # its advice is one line or two
        self.passphrase.textChanged.connect(self._update_strength)
        self.create_error = QLabel(page)
        self.create_error.setStyleSheet(ERROR_STYLE)
        self.create_error.setWordWrap(True)
        self.create_error.hide()
        self.form = QFormLayout()
        self.role_label = QLabel(page)
        self.name_label = QLabel(page)
        self.folder_label = QLabel(page)
        self.passphrase_label = QLabel(page)
        self.confirm_label = QLabel(page)
        for label, field in (
            (self.role_label, self.role),
            (self.name_label, self.name),
            (self.folder_label, self.folder),
            (self.passphrase_label, self.passphrase),
            (self.confirm_label, self.confirm),
        ):
            label.setBuddy(field)
        self.form.addRow(self.role_label, self.role)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.folder_label, folder_row)
        self.form.addRow(self.passphrase_label, self.passphrase)
        self.form.addRow("", self.strength)
        self.form.addRow(self.confirm_label, self.confirm)
        self.back_button = QPushButton(page)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.create_button = QPushButton(page)
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_workspace)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.create_title)
        layout.addLayout(self.form)
        layout.addWidget(self.create_error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        for first, second in (
            (self.role, self.name),
            (self.name, self.folder),
            (self.folder, self.browse),
            (self.browse, self.passphrase),
            (self.passphrase, self.confirm),
            (self.confirm, self.create_button),
            (self.create_button, self.back_button),
        ):
            QWidget.setTabOrder(first, second)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ACES Desktop"))
        self.welcome.setText(self.tr("Welcome to ACES Desktop"))
        self.welcome_text.setText(
            self.tr(
                "Your records stay in an encrypted workspace on this computer. "
                "Create one, open one you have, or look around in the demo workspace."
            )
        )
        self.create_choice.setText(self.tr("Create a new workspace…"))
        self.open_choice.setText(self.tr("Open an existing workspace…"))
        self.demo_choice.setText(self.tr("Open the demo workspace"))
        self.recent_label.setText(self.tr("Recent workspaces"))
        self.recent.setAccessibleName(self.tr("Recent workspaces"))
        self.create_title.setText(self.tr("Create a workspace"))
        self.role.setItemText(0, self.tr("Field (auditor or researcher)"))
        self.role.setItemText(1, self.tr("Coordinator (merges and publishes)"))
        self.role_label.setText(self.tr("&Role"))
        self.name_label.setText(self.tr("&Name"))
        self.folder_label.setText(self.tr("&Folder"))
        self.passphrase_label.setText(self.tr("&Passphrase"))
        self.confirm_label.setText(self.tr("&Confirm"))
        self.name.setPlaceholderText(self.tr("e.g. Dhaka field team"))
        self.browse.setText(self.tr("Browse…"))
        self.back_button.setText(self.tr("Back"))
        self.create_button.setText(self.tr("Create"))
        for widget, name in (
            (self.role, self.tr("Role")),
            (self.name, self.tr("Workspace name")),
            (self.folder, self.tr("Workspace folder")),
            (self.passphrase, self.tr("Passphrase")),
            (self.confirm, self.tr("Confirm passphrase")),
        ):
            widget.setAccessibleName(name)
        self._update_strength()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_strength(self) -> None:
        level = estimate(self.passphrase.text()).strength
        texts = [
            fill(
                self.tr("At least %1 characters. A few unrelated words are easy to remember."),
                MIN_LENGTH,
            ),
            self.tr("Weak: make it longer, or use four or more words."),
            self.tr("Fair: longer is safer."),
            self.tr("Strong."),
        ]
        colours = ["#6b6b6b", "#b3261e", "#8a6100", "#1b6e2a"]
        self.strength.setText(texts[level])
        self.strength.setStyleSheet(f"color: {colours[level]};")

    # --- actions ---------------------------------------------------------------------------

    def _browse_new(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the new workspace"))
        if folder:
            self.folder.setText(os.path.join(folder, "ACES workspace"))

    def _create_error(self, message: str) -> None:
        self.create_button.setEnabled(True)
        self.create_error.setText(message)
        self.create_error.show()

    def create_workspace(self) -> None:
        from aces_desktop.ops.workspaces import create_workspace  # only when creating one

        name = self.name.text().strip()
        passphrase = self.passphrase.text()
        folder = self.folder.text().strip()
        if not name:
            self._create_error(self.tr("Give the workspace a name."))
            return
        if not folder:
            self._create_error(self.tr("Choose a folder for the workspace."))
            return
        verdict = estimate(passphrase)
        if verdict.strength is Strength.TOO_SHORT:
            self._create_error(
                fill(self.tr("The passphrase needs at least %1 characters."), MIN_LENGTH)
            )
            return
        if not verdict.acceptable:
            self._create_error(self.tr("Weak: make it longer, or use four or more words."))
            return
        if passphrase != self.confirm.text():
            self._create_error(self.tr("The two passphrases differ; type them again."))
            return
        self.create_error.hide()
        self.create_button.setEnabled(False)
        role = str(self.role.currentData())
        path = Path(folder).expanduser()
        run_task(
            lambda _progress: create_workspace(path, passphrase, role=role, name=name),
            label=self.tr("Creating the workspace…"),
            parent=self,
            on_done=self._done,
            on_error=self._create_error,
        )

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a workspace folder"))
        if folder:
            self.open_existing(Path(folder))

    def open_existing(self, path: Path) -> None:
        self.unlock = UnlockDialog(path, self)
        self.unlock.accepted.connect(
            lambda: self._done(self.unlock.workspace if self.unlock else None)
        )
        self.unlock.open()

    def open_demo(self) -> None:
        self.demo_choice.setEnabled(False)
        run_task(
            open_demo,
            label=self.tr("Preparing the demo workspace…"),
            parent=self,
            on_done=self._done,
        ).finished.connect(lambda: self.demo_choice.setEnabled(True))

    def _done(self, workspace: Workspace | None) -> None:
        if workspace is None:
            return
        self.create_button.setEnabled(True)
        self.workspace = workspace
        self.accept()
