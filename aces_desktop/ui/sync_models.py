"""The lists of the Sync page, one model each (tested without a window): trusted devices,
the results of a merge, open conflicts and possible duplicate sites.

Texts are translated in the ``SyncPage`` context, where the page has always kept them.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from aces_desktop.core.messages import fill
from aces_desktop.sync.merge import MergeSummary
from aces_desktop.ui.forms.labels import type_label
from aces_desktop.ui.i18n import translate_text
from aces_desktop.ui.row_models import RowTableModel


class DeviceModel(RowTableModel[dict[str, Any]]):
    """Trusted devices, revoked ones with when and why."""

    STATUS = 4

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("SyncPage", "Name"),
            QCoreApplication.translate("SyncPage", "Role"),
            QCoreApplication.translate("SyncPage", "Fingerprint"),
            QCoreApplication.translate("SyncPage", "Device id"),
            QCoreApplication.translate("SyncPage", "Status"),
        ]

    def text(self, row: dict[str, Any], column: int) -> str:
        if column == self.STATUS:
            gone = row["revoked"]
            if gone:
                return fill(
                    QCoreApplication.translate("SyncPage", "Revoked on %1: %2"),
                    gone["time"][:10],
                    gone["reason"],
                )
            return QCoreApplication.translate("SyncPage", "Trusted")
        if column == 1:  # the role in words, as in the status bar
            return (
                QCoreApplication.translate("SyncPage", "coordinator")
                if row["role"] == "coordinator"
                else QCoreApplication.translate("SyncPage", "field")
            )
        key = ("name", "role", "fingerprint_readable", "device_id")[column]
        return str(row[key] or "")

    def style(self, row: dict[str, Any], column: int, role: int) -> Any:
        """A revoked device stands out, and its whole status is in the cell's tooltip."""
        if role == Qt.ItemDataRole.ForegroundRole and row["revoked"]:
            return QBrush(QColor("darkred"))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return self.text(row, column)
        return None


class MergeSummaryModel(RowTableModel[MergeSummary]):
    """One row per bundle of a merge: what it brought, or why it was refused."""

    REFUSED = 6

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("SyncPage", "Bundle"),
            QCoreApplication.translate("SyncPage", "New"),
            QCoreApplication.translate("SyncPage", "Updated"),
            QCoreApplication.translate("SyncPage", "Conflicts"),
            QCoreApplication.translate("SyncPage", "Duplicates"),
            QCoreApplication.translate("SyncPage", "Waiting"),
            QCoreApplication.translate("SyncPage", "Refused (reason)"),
        ]

    def text(self, row: MergeSummary, column: int) -> str:
        if column == 0:
            return Path(row.file).name
        if column == self.REFUSED:
            return translate_text(row.refused) if row.refused else ""
        if row.refused:
            return ""
        if column == 5:
            waiting = sum(w["held"] for w in row.waiting)
            return str(waiting) if waiting else ""
        value = (row.created, row.updated, row.conflicts, row.duplicates)[column - 1]
        return str(value)

    def sort_key(self, row: MergeSummary, column: int) -> Any:
        text = self.text(row, column)
        return int(text) if text.isdigit() else text.casefold()

    def style(self, row: MergeSummary, column: int, role: int) -> Any:
        """The whole reason in the tooltip: the cell may be too narrow for it."""
        if role == Qt.ItemDataRole.ToolTipRole and column == self.REFUSED and row.refused:
            return f"<p>{html.escape(self.text(row, column))}</p>"
        if role == Qt.ItemDataRole.ForegroundRole and row.refused:
            return QBrush(QColor("darkred"))
        return None


class ConflictModel(RowTableModel[dict[str, Any]]):
    """Records changed on two devices without either seeing the other's change."""

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("SyncPage", "Conflicts")]

    def text(self, row: dict[str, Any], column: int) -> str:
        return f"{type_label(row['record_type'])}: {row['title']}"


class DuplicateModel(RowTableModel[dict[str, Any]]):
    """Pairs of sites that may be one site recorded twice."""

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("SyncPage", "Site A"),
            QCoreApplication.translate("SyncPage", "Site B"),
            QCoreApplication.translate("SyncPage", "Why"),
            QCoreApplication.translate("SyncPage", "Score"),
            QCoreApplication.translate("SyncPage", "Country"),
        ]

    def text(self, row: dict[str, Any], column: int) -> str:
        a, b = row["site_a"], row["site_b"]
        values = [a["name"], b["name"], row["reason"], f"{row['score']:.0f}", a["country"]]
        return str(values[column] or "")

    def sort_key(self, row: dict[str, Any], column: int) -> Any:
        return float(row["score"]) if column == 3 else super().sort_key(row, column)
