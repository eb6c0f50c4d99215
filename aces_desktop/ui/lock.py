"""Locking the window: the lock screen that replaces all content, and the idle timer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.messages import fill

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QWidget):
    """Shown instead of the workspace while it is locked; only the passphrase brings it back."""

    unlock_requested = Signal(str)

    def __init__(self, workspace_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace_name = workspace_name
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(320)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        self.error.hide()
        self.button = QPushButton(self)
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)

        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.hint)
        box.addSpacing(12)
        box.addWidget(self.passphrase)
        box.addWidget(self.error)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        frame = QWidget(self)
        frame.setLayout(box)
        frame.setFixedWidth(460)
        # Centred by stretches, not by an alignment flag: an aligned widget gets its one-line
        # height, and a subtitle that wraps would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(frame)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Workspace locked"))
        self.hint.setText(
            fill(self.tr("“%1” is locked. Enter its passphrase to continue."), self.workspace_name)
        )
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.button.setText(self.tr("Unlock"))
        self.setAccessibleName(self.tr("Lock screen"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _submit(self) -> None:
        text = self.passphrase.text()
        if text:
            self.unlock_requested.emit(text)


class IdleWatcher(QObject):
    """Emits ``idle`` when no keyboard or mouse input reached the application for
    ``minutes`` (0 turns it off)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            self.timer.start()

    def restart(self) -> None:
        if self.minutes > 0:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
