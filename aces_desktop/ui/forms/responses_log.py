"""The outreach log of a company (or of all companies): what was asked, when, what came
back, and which requests are overdue."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.store.outreach import OutreachRow, outreach_log
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.forms.labels import choice_label
from aces_desktop.ui.forms.record_editor import RecordEditorDialog
from aces_desktop.ui.forms.style import OVERDUE_BACKGROUND, OVERDUE_FOREGROUND
from aces_desktop.ui.i18n import error_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Status first: its icon and words stay in view however narrow the window is.
STATUS, COMPANY, SENT, CHANNEL, SUBJECT, DUE, ANSWERED, COMMITMENTS, MET = range(9)


class ResponsesLog(QWidget):
    changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        company_id: str | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.company_id = company_id
        self.today = today
        self.rows: list[OutreachRow] = []
        self.dialog: RecordEditorDialog | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Summary"))
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 9, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Status"),
                self.tr("Company"),
                self.tr("Sent"),
                self.tr("Channel"),
                self.tr("Subject"),
                self.tr("Follow-up due"),
                self.tr("Answered"),
                self.tr("Commitments"),
                self.tr("Met"),
            ]
        )
        self.table.setAccessibleName(self.tr("Requests to companies"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(9):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COMMITMENTS, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COMPANY, company_id is not None)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New request…"), self)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.new_button.clicked.connect(self.new_request)
        self.edit_button.clicked.connect(self.edit_selected)
        self.refresh_button.clicked.connect(self.reload)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        try:
            with self.ws.session() as s:
                self.rows = outreach_log(s, self.company_id, self.today)
        except AcesError as exc:
            self.summary.setText(error_text(exc))
            return
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            c = row.content
            met = c.get("commitment_met")
            status = (
                fill(self.tr("Overdue: %1"), row.overdue_reason)
                if row.overdue
                else self.tr("Answered")
                if c.get("answered_on")
                else self.tr("Waiting")
            )
            cells = [
                status,
                row.company_name,
                c["request_sent_on"] or "",
                choice_label("channel", c["channel"]),
                c["subject"] or "",
                c.get("follow_up_due") or "",
                c.get("answered_on") or self.tr("not answered"),
                _first_line(c.get("commitments")),
                "" if met is None else self.tr("yes") if met else self.tr("no"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.record_id)
                if row.overdue:
                    item.setBackground(QBrush(QColor(OVERDUE_BACKGROUND)))
                    item.setForeground(QBrush(QColor(OVERDUE_FOREGROUND)))
                if column == STATUS and row.overdue:
                    item.setIcon(warning)
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(self.tr("Overdue: no answer yet."))
                self.table.setItem(index, column, item)
        overdue = sum(r.overdue for r in self.rows)
        self.summary.setText(fill(self.tr("%1 request(s), %2 overdue."), len(self.rows), overdue))

    def overdue_ids(self) -> list[str]:
        return [r.record_id for r in self.rows if r.overdue]

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].record_id if 0 <= row < len(self.rows) else None

    def new_request(self) -> RecordEditorDialog:
        initial = {"request_sent_on": dt.date.today().isoformat()}
        if self.company_id:
            initial["company_id"] = self.company_id
        fixed = ("company_id",) if self.company_id else ()
        return self._open(None, initial=initial, fixed=fixed)

    def edit_selected(self) -> RecordEditorDialog | None:
        record_id = self.selected_id()
        return self._open(record_id) if record_id else None

    def _open(self, record_id: str | None, **options: object) -> RecordEditorDialog:
        dialog = RecordEditorDialog(self.ws, "company_response", record_id, self, **options)
        dialog.editor.saved.connect(self._record_changed)
        dialog.editor.deleted.connect(self._record_changed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _record_changed(self, _type_name: str, _record_id: str) -> None:
        self.reload()
        self.changed.emit()


def _first_line(text: str | None) -> str:
    if not text:
        return ""
    line = text.strip().splitlines()[0]
    return line if len(line) <= 60 else line[:59] + "…"
