"""Driving form fields in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
