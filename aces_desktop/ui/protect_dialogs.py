"""Dialogs for protecting the workspace: passphrase change, recovery file, emergency wipe.

Each takes the open ``Workspace`` (restore takes the folder: its key is lost) and calls the
same ``store`` functions as the CLI. Errors (``AcesError``) are shown inside the dialog.
The work runs on the GUI thread behind a wait cursor: a passphrase change re-encrypts every
attachment, which takes a few seconds per gigabyte.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.core.passphrase import MIN_LENGTH, Strength, estimate
from aces_desktop.ops import workspaces
from aces_desktop.ui.forms.notices import reserve_space
from aces_desktop.ui.i18n import error_text, translate_text

if TYPE_CHECKING:
    from aces_desktop.store.workspace import Workspace


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(300)
    return field


class _Base(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        reserve_space(self.error, lines=2)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._run)
        self.buttons.rejected.connect(self.reject)

    def add_rows(self, form: QFormLayout, *fields: Any) -> list[QLabel]:
        labels = []
        for field in fields:
            label = QLabel(self)
            form.addRow(label, field)
            labels.append(label)
        return labels

    @staticmethod
    def set_labels(labels: list[QLabel], texts: list[str]) -> None:
        for label, text in zip(labels, texts, strict=True):
            label.setText(text)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass

    def _run(self) -> None:
        self.error.hide()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.perform()
        except AcesError as exc:
            self.show_error(error_text(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.done_ok()

    def perform(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def done_ok(self) -> None:
        self.accept()

    def _new_passphrase(self, new: QLineEdit, again: QLineEdit) -> str:
        value = new.text()
        verdict = estimate(value)
        if verdict.strength is Strength.TOO_SHORT:
            raise AcesError(
                fill(self.tr("The new passphrase needs at least %1 characters."), MIN_LENGTH)
            )
        if not verdict.acceptable:
            raise AcesError(
                self.tr(
                    "The new passphrase is too easy to guess: make it longer, or use four or "
                    "more unrelated words."
                )
            )
        if value != again.text():
            raise AcesError(self.tr("The two new passphrases differ."))
        return value


class ChangePassphraseDialog(_Base):
    """Old passphrase, new one twice, and whether the database gets a new key."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.result_info: Any = None
        self.old = _password_field(self)
        self.new = _password_field(self)
        self.again = _password_field(self)
        self.new_key = QCheckBox(self)
        self.new_key.setChecked(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.labels = self.add_rows(self.form, self.old, self.new, self.again)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.new_key)
        box.addWidget(self.note)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Change passphrase"))
        self.set_labels(
            self.labels,
            [self.tr("Current passphrase"), self.tr("New passphrase"), self.tr("New, again")],
        )
        self.new_key.setText(self.tr("Give the database a new key (recommended)"))
        self.note.setText(
            self.tr(
                "With a new key, a copy of the old key file no longer opens the workspace, and "
                "recovery files made before become useless: export a new one afterwards. If "
                "the change is interrupted, the old passphrase still works."
            )
        )

    def perform(self) -> None:
        new = self._new_passphrase(self.new, self.again)
        self.result_info = workspaces.change_passphrase(
            self.workspace, self.old.text(), new, new_db_key=self.new_key.isChecked()
        )
        for field in (self.old, self.new, self.again):
            field.clear()


class RecoveryExportDialog(_Base):
    """Recovery file location, recovery passphrase, optional n-of-m shares (shown after)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.shares_text: list[str] = []
        self.out = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(self.browse)
        self.secret = _password_field(self)
        self.again = _password_field(self)
        self.split = QCheckBox(self)
        self.count = QSpinBox(self)
        self.count.setRange(2, 16)
        self.count.setValue(5)
        self.threshold = QSpinBox(self)
        self.threshold.setRange(2, 16)
        self.threshold.setValue(3)
        self.shares_view = QPlainTextEdit(self)
        self.shares_view.setReadOnly(True)
        self.shares_view.hide()
        self.form = QFormLayout()
        self.labels = self.add_rows(
            self.form, where, self.secret, self.again, self.split, self.count, self.threshold
        )
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.error)
        box.addWidget(self.shares_view, 1)
        box.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export recovery file"))
        labels = [
            self.tr("Recovery file"),
            self.tr("Recovery passphrase"),
            self.tr("Again"),
            "",
            self.tr("Number of shares"),
            self.tr("Shares needed"),
        ]
        self.set_labels(self.labels, labels)
        self.browse.setText(self.tr("Choose…"))
        self.split.setText(self.tr("Also split the recovery key into shares for colleagues"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Recovery file"), "", self.tr("Recovery files (*.recovery)")
        )
        if name:
            self.out.setText(name)

    def perform(self) -> None:
        if not self.out.text().strip():
            raise AcesError(self.tr("Choose where to save the recovery file."))
        secret = self._new_passphrase(self.secret, self.again)
        shares = self.count.value() if self.split.isChecked() else None
        threshold = self.threshold.value() if self.split.isChecked() else None
        result = workspaces.export_recovery(
            self.workspace, Path(self.out.text()), secret, shares=shares, threshold=threshold
        )
        self.shares_text = result.shares

    def done_ok(self) -> None:
        if not self.shares_text:
            self.accept()
            return
        lines = [
            fill(
                self.tr(
                    "Give each share to a different person; any %1 of them open the recovery "
                    "file. Write them on paper; they are not saved anywhere."
                ),
                self.threshold.value(),
            )
        ]
        for i, words in enumerate(self.shares_text, 1):
            lines += ["", fill(self.tr("Share %1 of %2:"), i, len(self.shares_text)), words]
        self.shares_view.setPlainText("\n".join(lines))
        self.shares_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.shares_view.setMinimumHeight(260)
        self.shares_view.show()
        self.resize(max(self.width(), 620), self.sizeHint().height())
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)


class RecoveryRestoreDialog(_Base):
    """For a workspace whose key file or passphrase is lost: recovery file, its passphrase or
    shares (one per line), and a new passphrase."""

    def __init__(self, workspace_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace_path = Path(workspace_path)
        self.file = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(self.browse)
        self.secret = _password_field(self)
        self.shares = QPlainTextEdit(self)
        self.shares.setMaximumHeight(120)
        self.new = _password_field(self)
        self.again = _password_field(self)
        self.form = QFormLayout()
        self.labels = self.add_rows(
            self.form, where, self.secret, self.shares, self.new, self.again
        )
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Restore from recovery file"))
        labels = [
            self.tr("Recovery file"),
            self.tr("Recovery passphrase"),
            self.tr("Or shares (one per line)"),
            self.tr("New passphrase"),
            self.tr("New, again"),
        ]
        self.set_labels(self.labels, labels)
        self.browse.setText(self.tr("Choose…"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Recovery file"), "", self.tr("Recovery files (*.recovery)")
        )
        if name:
            self.file.setText(name)

    def perform(self) -> None:
        new = self._new_passphrase(self.new, self.again)
        shares = [ln for ln in self.shares.toPlainText().splitlines() if ln.strip()]
        workspaces.restore_from_recovery(
            self.workspace_path,
            Path(self.file.text()),
            new,
            recovery_passphrase=self.secret.text() or None,
            shares=shares or None,
        )


class WipeDialog(_Base):
    """Type the workspace's exact name AND tick the second confirmation; only then the
    (red) Wipe button is enabled. Nothing is preselected, Enter does not wipe."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.report: Any = None
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.textChanged.connect(self._update)
        self.understood = QCheckBox(self)
        self.understood.toggled.connect(self._update)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.wipe_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.DestructiveRole)
        assert self.wipe_button is not None
        self.wipe_button.setAutoDefault(False)
        self.wipe_button.setDefault(False)
        self.wipe_button.setStyleSheet("QPushButton:enabled { background: #b3261e; color: white; }")
        self.wipe_button.clicked.connect(self._run)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setDefault(True)
        box = QVBoxLayout(self)
        box.addWidget(self.explain)
        box.addWidget(self.name)
        box.addWidget(self.understood)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Wipe workspace"))
        self.explain.setText(
            fill(
                self.tr(
                    "This destroys the workspace “%1” at once: its keys first, so nothing in it "
                    "can be read again, then all its files. It cannot be undone. Copies elsewhere "
                    "(backups, recovery files, bundles already sent) are not affected. Type the "
                    "workspace's name to confirm."
                ),
                self.workspace.name,
            )
        )
        self.name.setPlaceholderText(self.workspace.name)
        self.understood.setText(self.tr("I understand that everything in it is lost for good"))
        self.wipe_button.setText(self.tr("Wipe now"))

    def may_wipe(self) -> bool:
        return self.name.text().strip() == self.workspace.name and self.understood.isChecked()

    def _update(self) -> None:
        self.wipe_button.setEnabled(self.may_wipe())

    def perform(self) -> None:
        from aces_desktop.store.wipe import wipe_workspace

        if not self.may_wipe():
            raise AcesError(self.tr("Type the workspace name and tick the confirmation."))
        self.report = wipe_workspace(self.workspace, self.name.text())


def throttle_hint(workspace_path: Path) -> str:
    """For the unlock dialog: how long to wait before the next attempt ("" when none)."""
    from aces_desktop.store import throttle

    wait = throttle.remaining_delay(workspace_path)
    if wait <= 0:
        return ""
    return translate_text(msg.TOO_MANY_ATTEMPTS(throttle.format_wait(wait)))
