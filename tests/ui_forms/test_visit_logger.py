"""The New visit flow, driven by keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from sqlalchemy import select

from aces_desktop.store import drafts
from aces_desktop.store import models as m
from aces_desktop.ui.forms.checklist import GRADE, NOTE
from aces_desktop.ui.forms.visit_draft import DRAFT_TYPE
from aces_desktop.ui.forms.visit_logger import CHECKLIST, NOTES, VISIT, VisitLogger
from tests.ui_forms.formhelpers import shoot

ILO_GRADES = [0, 1, 2, 3, 0, 1, 3, 2, 0, 0, 1]


def _start(qtbot: Any, workspace: Any, world: dict[str, str]) -> VisitLogger:
    logger = VisitLogger(workspace)
    qtbot.addWidget(logger)
    logger.resize(820, 640)
    logger.show()
    qtbot.waitExposed(logger)
    picker = logger.site.picker
    qtbot.keyClicks(picker.edit, "Hengrun")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert logger.site.value() == world["site"]
    assert logger.method.state() == ""  # never preselected
    qtbot.keyClick(logger.method.combo, Qt.Key.Key_Down)
    qtbot.keyClick(logger.method.combo, Qt.Key.Key_Down)
    assert logger.method.state() == "unannounced"
    logger.start_date.set_state("2026-09-14")
    return logger


def test_next_refuses_without_a_site(qtbot: Any, workspace: Any) -> None:
    logger = VisitLogger(workspace)
    qtbot.addWidget(logger)
    logger.next_button.click()
    assert logger.pages.currentIndex() == VISIT
    assert "Choose the site" in logger.site_error.text()
    assert "Choose how" in logger.method_error.text()
    assert logger.finish() is None
    assert workspace.counts()["visit"] == 0


def test_log_eleven_ilo_indicators_by_keyboard(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    logger = _start(qtbot, workspace, world)
    shoot(logger, "visit-logger-page1")
    logger.next_button.click()
    assert logger.pages.currentIndex() == CHECKLIST
    table = logger.checklist
    assert table.currentRow() == 0
    assert table.currentColumn() == GRADE
    for grade in ILO_GRADES:
        qtbot.keyClick(table, str(grade))
        qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.currentRow() == 11
    # SIL-01: a grade then a note typed straight away; Enter ends the note and moves on.
    qtbot.keyClick(table, "3")
    qtbot.keyClick(table, "B")
    assert table.currentColumn() == NOTE
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    assert editor.text() == "B"
    qtbot.keyClicks(editor, "us from Xinjiang, 40 workers")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits the note through a queued call.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert table.currentRow() == 12
    assert table.currentColumn() == GRADE
    # N on an already graded row clears it.
    qtbot.keyClick(table, "2")
    qtbot.keyClick(table, "n")
    shoot(logger, "visit-logger-checklist")
    with qtbot.waitSignal(logger.visit_saved) as signal:
        qtbot.keyClick(table, "s", Qt.KeyboardModifier.ControlModifier)
    visit_id = signal.args[0]
    with workspace.session() as s:
        findings = s.execute(select(m.Finding).where(m.Finding.visit_id == visit_id)).scalars()
        by_code = {f.indicator: f for f in findings}
        visit = s.get(m.Visit, visit_id)
    assert visit is not None
    assert visit.site_id == world["site"]
    assert str(visit.start_date) == "2026-09-14"
    assert visit.method == "unannounced"
    assert set(by_code) == {f"ILO-{i:02d}" for i in range(1, 12)} | {"SIL-01"}
    assert [by_code[f"ILO-{i:02d}"].grade for i in range(1, 12)] == ILO_GRADES
    assert by_code["SIL-01"].grade == 3
    assert by_code["SIL-01"].narrative == "Bus from Xinjiang, 40 workers"
    assert all(f.source_type == "direct_observation" for f in by_code.values())
    assert all(f.site_id == world["site"] for f in by_code.values())


def test_worker_note_added_in_the_flow(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    logger = _start(qtbot, workspace, world)
    logger.go(NOTES)
    assert logger.pages.currentIndex() == NOTES
    qtbot.keyClicks(logger.pseudonym, "W-3")
    logger.narrative.setPlainText("工资被扣三个月")
    logger.add_note_button.click()
    assert logger.note_list.count() == 1
    assert logger.pseudonym.text() == ""
    logger.add_note_button.click()  # empty pseudonym: refused
    assert "required" in logger.note_error.text()
    assert logger.note_list.count() == 1
    shoot(logger, "visit-logger-notes")
    visit_id = logger.finish()
    assert visit_id
    with workspace.session() as s:
        notes = list(
            s.execute(select(m.WorkerNote).where(m.WorkerNote.visit_id == visit_id)).scalars()
        )
    assert len(notes) == 1
    assert notes[0].pseudonym == "W-3"
    assert notes[0].consent_scope == "device"
    assert notes[0].narrative == "工资被扣三个月"
    assert workspace.counts()["finding"] == 1  # only the one of small_world


def test_failed_finish_saves_nothing(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    logger = _start(qtbot, workspace, world)
    logger.go(CHECKLIST)
    qtbot.keyClick(logger.checklist, "2")
    logger.start_date.set_state("2026-02-30")
    before = workspace.counts()
    assert logger.finish() is None
    assert workspace.counts() == before


# Long enough that encrypted bytes cannot contain it by chance (a 3-byte marker can).
PENDING = "W-9 pending zq4817"


def test_unfinished_visit_is_kept_as_a_draft(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    logger = _start(qtbot, workspace, world)
    logger.next_button.click()
    table = logger.checklist
    for key in ("3", Qt.Key.Key_Tab, "1", Qt.Key.Key_Tab, "0"):
        qtbot.keyClick(table, key)
    logger.go(NOTES)
    qtbot.keyClicks(logger.pseudonym, "W-8")
    logger.add_note_button.click()
    qtbot.keyClicks(logger.pseudonym, PENDING)  # a second note still being typed

    def kept() -> bool:
        with workspace.session() as s:
            draft = drafts.load_draft(s, DRAFT_TYPE, None)
        return draft is not None and draft.content["typing"][0] == PENDING

    qtbot.waitUntil(kept)
    for path in workspace.path.rglob("*"):
        if path.is_file():
            assert PENDING.encode() not in path.read_bytes()
    logger.close()

    again = VisitLogger(workspace)
    qtbot.addWidget(again)
    assert again.draft_bar.isVisibleTo(again)
    again.resize(820, 640)
    shoot(again, "visit-logger-draft-offer")
    again.restore_button.click()
    assert again.site.value() == world["site"]
    assert again.start_date.value() == "2026-09-14"
    grades = {r.indicator: r.grade for r in again.checklist.rows()}
    assert (grades["ILO-01"], grades["ILO-02"], grades["ILO-03"], grades["ILO-04"]) == (
        3,
        1,
        0,
        None,
    )
    assert [n.pseudonym for n in again.notes] == ["W-8"]
    assert again.pseudonym.text() == PENDING
    visit_id = again.finish()
    assert visit_id
    with workspace.session() as s:
        assert drafts.load_draft(s, DRAFT_TYPE, None) is None
        notes = s.execute(select(m.WorkerNote.pseudonym).where(m.WorkerNote.visit_id == visit_id))
        assert sorted(notes.scalars()) == sorted(["W-8", PENDING])


def test_discarded_visit_draft_is_gone(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    logger = _start(qtbot, workspace, world)
    logger.drafts.save()
    again = VisitLogger(workspace)
    qtbot.addWidget(again)
    again.discard_button.click()
    assert not again.draft_bar.isVisibleTo(again)
    with workspace.session() as s:
        assert drafts.load_draft(s, DRAFT_TYPE, None) is None


def test_tab_on_the_last_row_leaves_the_checklist(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    logger = _start(qtbot, workspace, world)
    logger.activateWindow()
    qtbot.waitUntil(logger.isActiveWindow)
    logger.next_button.click()
    table = logger.checklist
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentCell(table.rowCount() - 1, GRADE)
    qtbot.keyClick(table, "2")
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert table.hasFocus()
    assert table.rows()[-1].grade == 2
