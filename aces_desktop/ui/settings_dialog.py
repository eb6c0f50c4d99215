"""The settings dialog: edits the typed registry of ``ui.settings``."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.ui import settings as cfg


class SettingsDialog(QDialog):
    def __init__(self, settings: cfg.Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = QComboBox(self)
        for code, name in cfg.LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(settings.get(cfg.LANGUAGE)))
        self.direction = QComboBox(self)
        for code in cfg.DIRECTIONS:
            self.direction.addItem("", code)
        self.direction.setCurrentIndex(self.direction.findData(settings.get(cfg.LAYOUT_DIRECTION)))
        self.auto_lock = QSpinBox(self)
        self.auto_lock.setRange(0, 24 * 60)
        self.auto_lock.setValue(settings.get(cfg.AUTO_LOCK_MINUTES))
        self.default_workspace = QLineEdit(settings.get(cfg.DEFAULT_WORKSPACE), self)
        self.labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        for label, field in zip(
            self.labels,
            (self.language, self.direction, self.auto_lock, self.default_workspace),
            strict=True,
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        texts = (
            self.tr("&Language"),
            self.tr("Layout &direction"),
            self.tr("&Lock after idle (minutes)"),
            self.tr("Default &workspace"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.language.setAccessibleName(self.tr("Language"))
        self.direction.setAccessibleName(self.tr("Layout direction"))
        self.auto_lock.setAccessibleName(self.tr("Lock after idle minutes"))
        self.default_workspace.setAccessibleName(self.tr("Default workspace folder"))
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        for index, text in enumerate(
            (self.tr("Automatic"), self.tr("Left to right"), self.tr("Right to left"))
        ):
            self.direction.setItemText(index, text)
        self.note.setText(
            self.tr("Settings never hold a passphrase or a key; only preferences and folder paths.")
        )

    def save(self) -> None:
        self.settings.set(cfg.LANGUAGE, str(self.language.currentData()))
        self.settings.set(cfg.LAYOUT_DIRECTION, str(self.direction.currentData()))
        self.settings.set(cfg.AUTO_LOCK_MINUTES, self.auto_lock.value())
        self.settings.set(cfg.DEFAULT_WORKSPACE, self.default_workspace.text().strip())
        self.accept()
