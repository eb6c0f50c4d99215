"""The Links section inside the main window: its forms close when the window locks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_link_form_closes_when_the_window_locks(
    qtbot: Any, window: Any, world: dict[str, str], passphrase: str
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "companies"
    page = window.list_page("company")
    page.select_row(0)
    links = page.detail.links.lists["company_memberships"]
    qtbot.waitUntil(links.isVisible)
    qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    dialog = links.dialog
    assert dialog is not None and dialog.isVisible()
    assert window.lock_action in dialog.actions()  # Ctrl+L works while the form is open
    window.lock()
    assert not dialog.isVisible()
    assert page.detail.links.record is None  # nothing of the record is kept on screen
    assert all(lst.model.rowCount() == 0 for lst in page.detail.links.lists.values())
    assert window.try_unlock(passphrase)


def test_links_are_built_with_the_first_record_and_shown_only_for_records_with_links(
    qtbot: Any, window: Any, world: dict[str, str]
) -> None:
    """The detail pane builds its Links section (six tables) when it first shows a record,
    not with the window; it is shown for a company and hidden for a finding."""
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.list_page("company")
    assert page.detail._links is None  # nothing shown yet: not built at start-up
    page.select_row(0)
    qtbot.waitUntil(lambda: page.detail._links is not None and page.detail.links.isVisible())
    assert page.detail.links.lists["company_memberships"].isVisible()
    page.detail.show_record("finding", world["finding"])  # a record type without links
    assert page.detail.heading.text().startswith("Finding")
    assert not page.detail.links.isVisible()
    page.detail.show_record("company", world["company"])
    qtbot.waitUntil(page.detail.links.isVisible)
