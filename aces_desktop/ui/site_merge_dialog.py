"""Two possibly duplicate sites side by side, before one is merged into the other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.messages import fill


class SiteMergeDialog(QDialog):
    """Shows both sites (names in every script, address, Open Supply Hub id, coordinates,
    linked companies, visits) and asks before ``other`` is merged into ``keep``."""

    def __init__(
        self, keep: dict[str, Any], other: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.keep, self.other = keep, other
        self.setWindowTitle(self.tr("Merge two sites?"))
        layout = QVBoxLayout(self)
        self.question = QLabel(
            fill(
                self.tr(
                    "Merge '%2' into '%1'? Every record that names '%2' will name '%1'; its "
                    "names become aliases of '%1' and '%2' is deleted (both histories stay)."
                ),
                keep["name"],
                other["name"],
            )
        )
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        rows = [
            (self.tr("Name"), lambda p: p["name"]),
            (self.tr("Other names"), self._names),
            (self.tr("Address"), lambda p: ", ".join(x for x in (p["address"], p["country"]) if x)),
            (self.tr("Open Supply Hub id"), lambda p: p["os_hub_id"]),
            (self.tr("Coordinates"), self._coordinates),
            (self.tr("Linked companies"), lambda p: "\n".join(p["companies"])),
            (self.tr("Visits"), lambda p: str(p["visits"])),
        ]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(
            [fill(self.tr("Kept: %1"), keep["name"]), fill(self.tr("Merged in: %1"), other["name"])]
        )
        self.table.setVerticalHeaderLabels([label for label, _ in rows])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for r, (_label, show) in enumerate(rows):
            for c, site in enumerate((keep, other)):
                item = QTableWidgetItem(show(site))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(
            self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _names(self, site: dict[str, Any]) -> str:
        lines = list(site["aliases"])
        lines += [
            f"{n.get('text', '')} ({n.get('lang')})" if n.get("lang") else str(n.get("text", ""))
            for n in site["other_names"]
        ]
        return "\n".join(lines)

    def _coordinates(self, site: dict[str, Any]) -> str:
        if site["latitude"] is None or site["longitude"] is None:
            return self.tr("not recorded")
        return f"{site['latitude']:.5f}, {site['longitude']:.5f}"
