"""The main window: navigation between record lists, menus, status bar and locking.

Later features plug their pages in with ``add_page``. Editing is requested through the
``new_requested``/``edit_requested`` signals, which the record editor answers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import help_menu, window_geometry
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui import settings as cfg
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.list_page import ListPage
from aces_desktop.ui.lock import IdleWatcher, LockScreen
from aces_desktop.ui.status_bar import WorkspaceStatus
from aces_desktop.ui.store_watch import StoreWatcher
from aces_desktop.ui.tasks import Task
from aces_desktop.ui.visits_page import VisitsAndFindings

if TYPE_CHECKING:
    from aces_desktop.store.importer import ImportSummary

STYLE = """
QListWidget#sidebar { border: none; background: palette(window); padding-top: 8px; outline: 0; }
QListWidget#sidebar::item { padding: 7px 12px; margin: 1px 6px; border-radius: 5px; }
QListWidget#sidebar::item:selected { background: #d6e4f7; color: #0b3d91; font-weight: 600; }
QHeaderView::section { padding: 5px 6px; font-weight: 600; border: none;
  border-bottom: 1px solid #c9ced6; border-right: 1px solid #e3e6ea; background: #f6f7f9; }
QTableView { border: 1px solid #c9ced6; selection-background-color: #cfe0f7;
  selection-color: #111; alternate-background-color: #f7f9fc; }
QStatusBar QLabel { color: palette(window-text); }
"""


# The navigation's record lists in order (Ctrl+1...), each with the record type it lists.
LIST_PAGES = {
    "sites": "site",
    "companies": "company",
    "initiatives": "initiative",
    "visits": "visit",
    "worker_notes": "worker_note",
    "company_responses": "company_response",
}
# The page showing each record type (findings beside their visits).
LIST_PAGE_OF = {t: k for k, t in LIST_PAGES.items()} | {"finding": "visits"}


class Page:
    """A page of the navigation. A page added with a builder is made when first shown or
    first asked for (``widget``), so start-up builds only what the first screen shows; it
    then takes its place in the stack and gets the language of that moment."""

    def __init__(
        self,
        key: str,
        title: str,
        widget: QWidget | Callable[[], QWidget],
        item: QListWidgetItem,
        action: QAction,
        stack: QStackedWidget,
    ) -> None:
        self.key = key
        self.title = title
        self.item = item
        self.action = action
        self._stack = stack
        self._build: Callable[[], QWidget] | None = None
        if isinstance(widget, QWidget):
            self._widget = widget
        else:
            self._build, self._widget = widget, QWidget(stack)  # a placeholder until shown
        stack.addWidget(self._widget)

    @property
    def built(self) -> bool:
        return self._build is None

    @property
    def widget(self) -> QWidget:
        if self._build is not None:
            build, self._build = self._build, None
            placeholder, self._widget = self._widget, build()
            self._stack.insertWidget(self._stack.indexOf(placeholder), self._widget)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return self._widget


class MainWindow(QMainWindow):
    new_requested = Signal(str)
    edit_requested = Signal(str, str)
    attachments_requested = Signal(str, str)  # record type, record id
    open_workspace_requested = Signal()
    settings_requested = Signal()
    locked_changed = Signal(bool)
    list_built = Signal(object)  # a ListPage, made when its page is first shown
    about_to_lock = Signal()

    def __init__(
        self, workspace: Workspace, settings: cfg.Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.pages: dict[str, Page] = {}
        self.lists: list[ListPage] = []
        self.lock_screen: LockScreen | None = None
        self._hidden_docks: list[QDockWidget] = []
        self.resize(1280, 800)

        self.nav = QListWidget(self)
        self.nav.setObjectName("sidebar")
        self.setStyleSheet(STYLE)
        self.nav.setMaximumWidth(230)
        self.nav.setMinimumWidth(170)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget(self)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.addWidget(self.nav)
        self.body.addWidget(self.stack)
        self.body.setStretchFactor(1, 1)
        self.body.setChildrenCollapsible(False)
        self.setCentralWidget(self.body)

        self._make_menus()
        self.status = WorkspaceStatus(workspace, self.statusBar())
        self._add_record_pages()
        self.nav.setCurrentRow(0)

        self.idle = IdleWatcher(settings.get(cfg.AUTO_LOCK_MINUTES), self)
        self.idle.idle.connect(self.lock)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(30_000)
        self._status_timer.timeout.connect(self.update_status)
        self._status_timer.start()
        ui_ops.hooks.changed.connect(self._workspace_changed)
        # Other coordinators' changes to a shared PostgreSQL store refresh the views too.
        self.store_watch = StoreWatcher(workspace, self)
        self.store_watch.start()
        self.retranslate()

    # --- pages -----------------------------------------------------------------------------

    def add_page(
        self,
        key: str,
        title: str,
        widget: QWidget | Callable[[], QWidget],
        shortcut: str | None = None,
    ) -> None:
        """Add a page to the navigation (e.g. Ratings, Reports, Sync): a widget, or a
        function building it when the page is first shown (``Page.widget``)."""
        if key in self.pages:
            raise ValueError(f"a page '{key}' exists already")
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        action = QAction(title, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self.show_page(key))
        self.go_menu.addAction(action)
        self.pages[key] = Page(key, title, widget, item, action, self.stack)

    def set_page_title(self, key: str, title: str) -> None:
        page = self.pages[key]
        page.title = title
        page.item.setText(title)
        page.action.setText(title)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentItem(self.pages[key].item)

    def current_page(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def current_list(self) -> ListPage | None:
        widget = self.stack.currentWidget()
        if isinstance(widget, VisitsAndFindings):
            return widget.current_list()
        return widget if isinstance(widget, ListPage) else None

    def list_page(self, type_name: str) -> ListPage:
        """The list of a record type (its page is built now if it was not shown yet)."""
        _ = self.pages[LIST_PAGE_OF[type_name]].widget
        return next(p for p in self.lists if p.type_name == type_name)

    def _add_record_pages(self) -> None:
        """One page per record list, each built when first shown (``Page``)."""
        for number, key in enumerate(LIST_PAGES, 1):
            self.add_page(key, key, partial(self._make_list_page, key), f"Ctrl+{number}")

    def _make_list_page(self, key: str) -> QWidget:
        if key == "visits":
            visits = VisitsAndFindings(self.workspace)
            self._track(visits.visits)
            self._track(visits.findings)
            return visits
        return self._track(ListPage(self.workspace, LIST_PAGES[key]))

    def _track(self, page: ListPage) -> ListPage:
        page.new_requested.connect(self.new_requested)
        page.edit_requested.connect(self.edit_requested)
        page.import_requested.connect(lambda: self.import_records())
        page.detail.attachments_requested.connect(self.attachments_requested)
        page.changed.connect(self.update_status)
        self.lists.append(page)
        self.list_built.emit(page)
        return page

    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row) if row >= 0 else None
        if item is not None:
            self.stack.setCurrentWidget(self.pages[item.data(Qt.ItemDataRole.UserRole)].widget)

    def refresh(self) -> None:
        """Reload every list (after an edit, an import or a merge)."""
        for page in self.lists:
            page.reload()
        self.update_status()

    # --- menus and status ------------------------------------------------------------------

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.edit_menu = QMenu(self)
        self.go_menu = QMenu(self)
        self.help_menu = QMenu(self)
        for menu in (self.file_menu, self.edit_menu, self.go_menu, self.help_menu):
            bar.addMenu(menu)

        def action(
            menu: QMenu,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
            slot: object,
        ) -> QAction:
            act = QAction(self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        self.open_action = action(
            self.file_menu, QKeySequence.StandardKey.Open, self.open_workspace_requested
        )
        self.import_action = action(self.file_menu, "Ctrl+I", lambda: self.import_records())
        self.settings_action = action(self.file_menu, "Ctrl+,", self.settings_requested)
        self.file_menu.addSeparator()
        self.lock_action = action(self.file_menu, "Ctrl+L", self.lock)
        self.file_menu.addSeparator()
        self.quit_action = action(self.file_menu, QKeySequence.StandardKey.Quit, self.close)
        self.new_action = action(self.edit_menu, QKeySequence.StandardKey.New, self._new)
        self.edit_action = action(self.edit_menu, "Ctrl+E", self._edit)
        self.delete_action = action(self.edit_menu, QKeySequence.StandardKey.Delete, self._delete)
        self.edit_menu.addSeparator()
        self.find_action = action(self.edit_menu, QKeySequence.StandardKey.Find, self._find)
        self.refresh_action = action(self.edit_menu, QKeySequence.StandardKey.Refresh, self.refresh)
        self.shortcuts_action = action(
            self.help_menu, QKeySequence.StandardKey.HelpContents, self.show_shortcuts
        )
        self.about_action = action(self.help_menu, None, self.show_about)
        self.content_actions = [
            self.open_action,
            self.import_action,
            self.settings_action,
            self.new_action,
            self.edit_action,
            self.delete_action,
            self.find_action,
            self.refresh_action,
        ]

    def _new(self) -> None:
        page = self.current_list()
        if page:
            page.new_requested.emit(page.type_name)

    def _edit(self) -> None:
        page = self.current_list()
        if page:
            page.edit_selected()

    def _delete(self) -> None:
        page = self.current_list()
        if page and not page.search.hasFocus():
            page.delete_selected()

    def _find(self) -> None:
        page = self.current_list()
        if page:
            page.search.setFocus()
            page.search.selectAll()

    def import_records(self, path: Path | None = None) -> Task | None:
        """Import a JSON or CSV file (docs/import-format.md) in the background."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import records"),
                "",
                self.tr("Import files (*.json *.csv);;All files (*)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
        from aces_desktop.ops import imports  # the importer: when first used

        workspace, source = self.workspace, path
        return ui_ops.change_in_background(
            workspace,
            lambda _progress: imports.import_file(workspace, source),
            label=self.tr("Importing records…"),
            parent=self,
            on_done=self._imported,
        )

    def _imported(self, summary: ImportSummary) -> None:
        self.statusBar().showMessage(
            fill(
                self.tr("Imported: %1 new, %2 updated, %3 unchanged."),
                sum(summary.created.values()),
                sum(summary.updated.values()),
                summary.unchanged,
            ),
            15_000,
        )

    def menus(self) -> list[QMenu]:
        """Every menu of the menu bar, including those other features add."""
        return [a.menu() for a in self.menuBar().actions() if a.menu() is not None]  # type: ignore[misc]

    def shortcut_table(self) -> list[tuple[str, str]]:
        return help_menu.shortcut_table(self.menus())

    def show_shortcuts(self) -> None:
        help_menu.show_shortcuts(self, self.menus())

    def show_about(self) -> None:
        help_menu.show_about(self)

    def update_status(self) -> None:
        self.status.update()

    def _workspace_changed(self, workspace: Workspace, _changes: object) -> None:
        """After any operation (the lists that show its records reload themselves)."""
        if workspace is self.workspace and not self.locked:
            self.update_status()

    def retranslate(self) -> None:
        self.setWindowTitle(fill(self.tr("ACES Desktop — %1"), self.workspace.name))
        titles = {
            "sites": self.tr("Sites"),
            "companies": self.tr("Companies"),
            "initiatives": self.tr("Initiatives"),
            "visits": self.tr("Visits and findings"),
            "worker_notes": self.tr("Worker notes"),
            "company_responses": self.tr("Company responses"),
        }
        for key, title in titles.items():
            self.set_page_title(key, title)
        self.nav.setAccessibleName(self.tr("Sections"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.open_action.setText(self.tr("&Open another workspace…"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.import_action.setText(self.tr("&Import records…"))
        self.lock_action.setText(self.tr("&Lock now"))
        self.quit_action.setText(self.tr("&Quit"))
        self.new_action.setText(self.tr("&New record"))
        self.edit_action.setText(self.tr("&Edit record"))
        self.delete_action.setText(self.tr("&Delete record"))
        self.find_action.setText(self.tr("&Find"))
        self.refresh_action.setText(self.tr("&Refresh lists"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        self.about_action.setText(self.tr("&About ACES Desktop"))
        self.update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- locking ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide every record and forget the key until the passphrase is given again."""
        if self.lock_screen is not None:
            return
        self.about_to_lock.emit()  # e.g. image caches are emptied while still unlocked
        self.idle.stop()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        for page in self.lists:
            page.clear()
        self.body = self.takeCentralWidget()  # type: ignore[assignment]
        self.body.hide()
        self._hidden_docks = [d for d in self.findChildren(QDockWidget) if d.isVisible()]
        for dock in self._hidden_docks:
            dock.hide()
        for act in self.content_actions:
            act.setEnabled(False)
        self.go_menu.setEnabled(False)
        self.edit_menu.setEnabled(False)
        self.lock_screen = LockScreen(self.workspace.name)
        self.lock_screen.unlock_requested.connect(self.try_unlock)
        self.setCentralWidget(self.lock_screen)
        self.lock_screen.show()
        self.store_watch.stop()
        self.workspace.lock()
        self.lock_screen.passphrase.setFocus()
        self.update_status()
        self.locked_changed.emit(True)

    def try_unlock(self, passphrase: str) -> bool:
        if self.lock_screen is None:
            return True
        try:
            self.workspace.unlock(passphrase)
        except AcesError as exc:
            self.lock_screen.show_error(error_text(exc))
            return False
        self.takeCentralWidget()
        self.lock_screen.deleteLater()
        self.lock_screen = None
        self.setCentralWidget(self.body)
        self.body.show()
        for dock in self._hidden_docks:
            dock.show()
        for act in self.content_actions:
            act.setEnabled(True)
        self.go_menu.setEnabled(True)
        self.edit_menu.setEnabled(True)
        self.refresh()
        self.store_watch.start()
        self.idle.restart()
        self.locked_changed.emit(False)
        return True

    @property
    def locked(self) -> bool:
        return self.lock_screen is not None

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self.idle.set_minutes(minutes)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.store_watch.stop()
        window_geometry.remember(self, self.settings)
        self.idle.stop()
        self.idle.detach()
        self._status_timer.stop()
        super().closeEvent(event)
