"""The visit flow shows what the graded indicator means, takes a summary, confirms the save
and leads to the visit's photos and documents (issue 16, item 10)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from aces_desktop.ui.features import install_features
from aces_desktop.ui.forms.attachments import AttachmentsWidget
from aces_desktop.ui.forms.visit_logger import CHECKLIST, VisitLogger
from tests.ui_forms.test_visit_logger import _start


def test_checklist_shows_the_definition_of_the_current_indicator(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    logger = _start(qtbot, workspace, world)
    logger.next_button.click()
    assert logger.pages.currentIndex() == CHECKLIST
    assert "ILO-01" in logger.definition.text()
    assert "vulnerable" in logger.definition.text()
    table = logger.checklist
    row = table.row_of("ILO-07")
    table.setCurrentCell(row, 1)
    assert "Retention of identity documents" in logger.definition.text()
    assert "passports" in logger.definition.text()
    assert logger.definition.isVisible()


def test_summary_is_saved_and_the_save_is_confirmed_with_attachments_offered(
    qtbot: Any, window: Any, world: dict[str, str]
) -> None:
    hub = install_features(window).editing
    dialog = hub.log_visit()
    logger = dialog.findChild(VisitLogger)
    assert logger is not None
    logger.site.set_value(world["site"])
    logger.method.set_state("announced")
    logger.start_date.set_state("2026-10-01")
    logger.next_button.click()
    logger.summary.set_state("Dormitory gate locked at night; ID cards held by HR.")
    qtbot.keyClick(logger.checklist, "2")
    with qtbot.waitSignal(logger.visit_saved) as saved:
        logger.finish_button.click()
    visit_id = saved.args[0]
    with window.workspace.session() as s:
        _kind, content = window.workspace.records.get(s, visit_id)
    assert content["summary"] == "Dormitory gate locked at night; ID cards held by HR."
    # Confirmed where the auditor looks: the dialog's banner and the status bar.
    assert "Saved" in logger.banner.text() and logger.banner.isVisible()
    assert window.statusBar().currentMessage().startswith("Visit saved: 1 findings")
    assert dialog.isVisible()  # stays open, so the confirmation and next step are seen
    assert logger.attach_button.isVisible() and logger.close_button.isVisible()
    logger.attach_button.click()
    attachments = hub.dialogs[-1].findChild(AttachmentsWidget)
    assert attachments is not None and attachments.owner_id == visit_id
    assert attachments.owner_type == "visit"
    hub.dialogs[-1].reject()
    qtbot.mouseClick(logger.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
