"""The outreach log of a company (or of all companies): what was asked, when, what came
back, and which requests are overdue."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.store.outreach import OutreachRow, outreach_log
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.labels import choice_label
from aces_desktop.ui.forms.record_editor import RecordEditorDialog
from aces_desktop.ui.forms.style import OVERDUE_BACKGROUND, OVERDUE_FOREGROUND
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.row_models import RowTableModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Status first: its icon and words stay in view however narrow the window is.
STATUS, COMPANY, SENT, CHANNEL, SUBJECT, DUE, ANSWERED, COMMITMENTS, MET = range(9)


class OutreachModel(RowTableModel[OutreachRow]):
    """The requests to companies; overdue ones stand out (colours, icon, bold status)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.warning = QIcon()

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("ResponsesLog", "Status"),
            QCoreApplication.translate("ResponsesLog", "Company"),
            QCoreApplication.translate("ResponsesLog", "Sent"),
            QCoreApplication.translate("ResponsesLog", "Channel"),
            QCoreApplication.translate("ResponsesLog", "Subject"),
            QCoreApplication.translate("ResponsesLog", "Follow-up due"),
            QCoreApplication.translate("ResponsesLog", "Answered"),
            QCoreApplication.translate("ResponsesLog", "Commitments"),
            QCoreApplication.translate("ResponsesLog", "Met"),
        ]

    def text(self, row: OutreachRow, column: int) -> str:
        c = row.content
        if column == STATUS:
            if row.overdue:
                return fill(
                    QCoreApplication.translate("ResponsesLog", "Overdue: %1"), row.overdue_reason
                )
            return (
                QCoreApplication.translate("ResponsesLog", "Answered")
                if c.get("answered_on")
                else QCoreApplication.translate("ResponsesLog", "Waiting")
            )
        if column == MET:
            met = c.get("commitment_met")
            return (
                ""
                if met is None
                else QCoreApplication.translate("ResponsesLog", "yes")
                if met
                else QCoreApplication.translate("ResponsesLog", "no")
            )
        cells = {
            COMPANY: row.company_name,
            SENT: c["request_sent_on"] or "",
            CHANNEL: choice_label("channel", c["channel"]),
            SUBJECT: c["subject"] or "",
            DUE: c.get("follow_up_due") or "",
            ANSWERED: c.get("answered_on")
            or QCoreApplication.translate("ResponsesLog", "not answered"),
            COMMITMENTS: _first_line(c.get("commitments")),
        }
        return str(cells.get(column, ""))

    def style(self, row: OutreachRow, column: int, role: int) -> object:
        if role == ID_ROLE:
            return row.record_id
        if not row.overdue:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(OVERDUE_FOREGROUND))
        if column != STATUS:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self.warning
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("ResponsesLog", "Overdue: no answer yet.")
        return None


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
        self.model = OutreachModel(self)
        self.model.warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.table = QTableView(self)
        self.table.setModel(self.model)
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
            self.rows = ui_ops.query(
                self.ws, lambda s: outreach_log(s, self.company_id, self.today)
            )
        except AcesError as exc:
            self.summary.setText(error_text(exc))
            return
        self.model.set_rows(self.rows)
        overdue = sum(r.overdue for r in self.rows)
        self.summary.setText(fill(self.tr("%1 request(s), %2 overdue."), len(self.rows), overdue))

    def overdue_ids(self) -> list[str]:
        return [r.record_id for r in self.rows if r.overdue]

    def selected_id(self) -> str | None:
        row = self.table.currentIndex().row()
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
