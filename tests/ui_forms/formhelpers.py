"""Driving form fields in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

SHOTS = Path("/tmp/aces-forms-shots")


def set_field(editor: Any, name: str, value: Any) -> None:
    """Put a value in a form field the way a person's edit arrives (the edited signal)."""
    widget = editor.editors[name]
    widget.set_value(value)
    widget.edited.emit()


def shoot(widget: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if not widget.isVisible():
        widget.resize(widget.sizeHint().expandedTo(widget.size()))
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def pick(qtbot: Any, picker: Any, text: str) -> None:
    """Type part of a name into a record picker and take the first match by keyboard."""
    qtbot.keyClicks(picker.edit, text)
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
