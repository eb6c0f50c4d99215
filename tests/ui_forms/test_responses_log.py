"""The outreach log marks overdue requests with colour, an icon and words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from aces_desktop.store.outreach import overdue_reason
from aces_desktop.ui.forms.responses_log import COMPANY, STATUS, SUBJECT, ResponsesLog
from aces_desktop.ui.forms.style import OVERDUE_BACKGROUND
from tests.helpers import add
from tests.ui_forms.formhelpers import set_field, shoot

TODAY = dt.date(2026, 11, 25)


def _requests(workspace: Any, company: str) -> dict[str, str]:
    day = lambda n: (TODAY - dt.timedelta(days=n)).isoformat()  # noqa: E731
    return {
        "follow_up_passed": add(
            workspace,
            "company_response",
            company_id=company,
            request_sent_on=day(20),
            follow_up_due=day(1),
            subject="Supplier list",
        ),
        "long_unanswered": add(
            workspace,
            "company_response",
            company_id=company,
            request_sent_on=day(75),
            subject="Audit reports",
            channel="letter",
        ),
        "answered": add(
            workspace,
            "company_response",
            company_id=company,
            request_sent_on=day(90),
            follow_up_due=day(30),
            answered_on=day(40),
            subject="Remediation plan",
            answer="Plan attached",
            commitments="Repay recruitment fees by March",
            commitment_met=False,
        ),
        "waiting": add(
            workspace,
            "company_response",
            company_id=company,
            request_sent_on=day(10),
            follow_up_due=day(-5),
            subject="Wage records",
        ),
    }


def test_overdue_rule() -> None:
    sent = {"request_sent_on": "2026-01-01", "answered_on": None, "follow_up_due": None}
    assert overdue_reason(sent, dt.date(2026, 3, 1)) == ""  # 59 days
    assert "unanswered for 61 days" in overdue_reason(sent, dt.date(2026, 3, 3))
    assert overdue_reason({**sent, "answered_on": "2026-02-01"}, dt.date(2026, 6, 1)) == ""
    due = {**sent, "follow_up_due": "2026-01-10"}
    assert "was due on 2026-01-10" in overdue_reason(due, dt.date(2026, 1, 11))


def test_overdue_requests_stand_out(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    ids = _requests(workspace, world["company"])
    log = ResponsesLog(workspace, world["company"], today=TODAY)
    qtbot.addWidget(log)
    log.resize(980, 300)
    assert set(log.overdue_ids()) == {ids["follow_up_passed"], ids["long_unanswered"]}
    assert log.model.rowCount() == 4
    assert "4 request(s), 2 overdue" in log.summary.text()
    for row in range(log.model.rowCount()):
        status = log.model.index(row, STATUS)
        subject = log.model.index(row, SUBJECT).data()
        icon = status.data(Qt.ItemDataRole.DecorationRole)
        font = status.data(Qt.ItemDataRole.FontRole)
        background = status.data(Qt.ItemDataRole.BackgroundRole)
        if subject in ("Supplier list", "Audit reports"):
            assert status.data().startswith("Overdue")
            assert icon is not None and not icon.isNull()
            assert font.bold()
            assert background.color() == QColor(OVERDUE_BACKGROUND)
        else:
            assert not status.data().startswith("Overdue")
            assert icon is None or icon.isNull()
            assert background is None or background.color() != QColor(OVERDUE_BACKGROUND)
    shoot(log, "responses-log")


def test_add_and_edit_through_the_editor(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    log = ResponsesLog(workspace, world["company"], today=TODAY)
    qtbot.addWidget(log)
    assert log.model.rowCount() == 0
    dialog = log.new_request()
    editor = dialog.editor
    assert editor.editors["company_id"].value() == world["company"]
    set_field(editor, "subject", "请提供供应商名单")
    set_field(editor, "follow_up_due", "2026-12-01")
    with qtbot.waitSignal(log.changed):
        editor.save_button.click()
    assert log.model.rowCount() == 1
    assert log.model.index(0, SUBJECT).data() == "请提供供应商名单"
    log.table.selectRow(0)
    edit = log.edit_selected()
    assert edit is not None
    set_field(edit.editor, "answered_on", dt.date.today().isoformat())
    with qtbot.waitSignal(log.changed):
        edit.editor.save()
    assert log.model.index(0, STATUS).data() == "Answered"


def test_all_companies_shows_the_company_column(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    _requests(workspace, world["company"])
    log = ResponsesLog(workspace, today=TODAY)
    qtbot.addWidget(log)
    assert not log.table.isColumnHidden(COMPANY)
    assert log.model.index(0, COMPANY).data() == "Northwind Apparel"
