"""The Help menu: keyboard shortcuts (read from the menus, so always current) and About."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from aces_desktop import __version__
from aces_desktop.core.messages import fill


def shortcut_table(menus: Iterable[QMenu]) -> list[tuple[str, str]]:
    """(action, keys) of every menu action with a shortcut, as the menus show them."""
    rows: list[tuple[str, str]] = []
    for menu in menus:
        for act in menu.actions():
            if act.menu() is not None:
                rows += shortcut_table([act.menu()])  # type: ignore[list-item]
                continue
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                rows.append((act.text().replace("&", ""), keys))
    return rows


def show_shortcuts(parent: QWidget, menus: Iterable[QMenu]) -> QMessageBox:
    lines = "".join(
        f"<tr><td>{name}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>"
        for name, keys in shortcut_table(menus)
    )
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Help", "Keyboard shortcuts"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table>{lines}</table>")
    box.open()
    return box


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("Help", "About ACES Desktop"),
        fill(
            QCoreApplication.translate(
                "Help",
                "ACES Desktop %1\n\nAn offline, encrypted evidence workspace for "
                "documenting forced labour and rating companies and initiatives.",
            ),
            __version__,
        ),
    )
