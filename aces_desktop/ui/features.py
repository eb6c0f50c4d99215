"""Plugs the feature pages and dialogs (record forms, ratings, sync, reports, protection)
into a main window. The one place that knows which features exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from aces_desktop.core.schema import SUBJECT_TYPES
from aces_desktop.ui.editing import EditingHub
from aces_desktop.ui.main_window import MainWindow
from aces_desktop.ui.privacy import clear_image_cache

if TYPE_CHECKING:  # imported when first used (docs/gui-development.md, Start-up)
    from aces_desktop.ui.assess_view import AssessDialog
    from aces_desktop.ui.list_page import ListPage
    from aces_desktop.ui.ratings import RatingsPage
    from aces_desktop.ui.sync_page import SyncPage


class FeatureMenus(QObject):
    """The Protection and Publish menus, and exporting the current list."""

    def __init__(self, window: MainWindow, editing: EditingHub) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.workspace
        self.dialog: QDialog | None = None
        self.actions: dict[str, QAction] = {}

        self.export_list = self._action("export_list", "Ctrl+Shift+E", self.export_current_list)
        window.edit_menu.addAction(self.export_list)

        self.protection_menu = QMenu(window)
        window.file_menu.insertMenu(window.lock_action, self.protection_menu)
        for key, slot in (
            ("passphrase", self.change_passphrase),
            ("recovery", self.export_recovery),
            ("restore", self.restore_from_recovery),
            ("wipe", self.wipe),
        ):
            self.protection_menu.addAction(self._action(key, None, slot))

        self.editing = editing
        self.assess_action = self._action("assess", "Ctrl+Shift+R", self.assess_selected)
        window.edit_menu.addAction(self.assess_action)
        for page in window.lists:
            self._list_built(page)
        window.list_built.connect(self._list_built)  # the lists not shown yet
        # Built when first shown (or asked for): start-up imports neither charts nor sync.
        window.add_page("ratings", "", self._make_ratings, "Ctrl+7")
        window.add_page("sync", "", self._make_sync, "Ctrl+8")

        self.publish_menu = QMenu(window)
        window.menuBar().insertMenu(window.go_menu.menuAction(), self.publish_menu)
        if self.ws.role == "coordinator":
            publishing: list[tuple[str, Callable[[], object]]] = [
                ("scorecard", self.export_scorecard),
                ("scorecards", self.export_all_scorecards),
                ("register", self.export_register),
            ]
            for name, publish in publishing:
                self.publish_menu.addAction(self._action(name, None, publish))
            self.publish_menu.addSeparator()
        self.publish_menu.addAction(self._action("verify", None, self.verify_pdf))
        window.about_to_lock.connect(clear_image_cache)
        window.installEventFilter(self)
        self.retranslate()

    def _list_built(self, page: ListPage) -> None:
        if page.type_name in SUBJECT_TYPES:
            page.detail.assess_requested.connect(self.assess)

    def _make_ratings(self) -> RatingsPage:
        from aces_desktop.ui.ratings import RatingsPage

        ratings = RatingsPage(self.ws)
        ratings.open_record.connect(self.editing.edit_record)
        ratings.assess_requested.connect(self.assess)
        ratings.add_evidence_requested.connect(self.add_evidence)
        return ratings

    def _make_sync(self) -> SyncPage:
        from aces_desktop.ui.sync_page import SyncPage

        sync = SyncPage(self.ws)
        # An export changes what is unsent; a merge may change anything.
        sync.export_finished.connect(lambda _result: self.window.update_status())
        sync.merge_finished.connect(lambda _result: self.window.update_status())
        return sync

    @property
    def ratings(self) -> RatingsPage:
        """The Ratings page (built now if it has not been shown yet)."""
        return cast("RatingsPage", self.window.pages["ratings"].widget)

    @property
    def sync(self) -> SyncPage:
        """The Sync page (built now if it has not been shown yet)."""
        return cast("SyncPage", self.window.pages["sync"].widget)

    def _action(self, key: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        act = QAction(self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.window.content_actions.append(act)
        self.actions[key] = act
        return act

    def retranslate(self) -> None:
        self.window.set_page_title("ratings", self.tr("Ratings"))
        self.window.set_page_title("sync", self.tr("Sync"))
        self.export_list.setText(self.tr("E&xport this list to a spreadsheet…"))
        self.protection_menu.setTitle(self.tr("&Protection"))
        self.publish_menu.setTitle(self.tr("&Publish"))
        texts = {
            "passphrase": self.tr("Change &passphrase…"),
            "recovery": self.tr("Export a &recovery file…"),
            "wipe": self.tr("Emergency &wipe…"),
            "restore": self.tr("Restore another workspace from a recovery &file…"),
            "register": self.tr("Export the public &register…"),
            "scorecard": self.tr("Export &scorecard of the selected rating (signed)…"),
            "scorecards": self.tr("Export &all scorecards…"),
            "verify": self.tr("&Verify a signed PDF…"),
            "assess": self.tr("A&ssess the selected initiative or company…"),
        }
        for key, text in texts.items():
            if key in self.actions:
                self.actions[key].setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def add_publish_action(self, key: str, slot: Callable[[], object], text: str) -> QAction:
        act = self._action(key, None, slot)
        act.setText(text)
        self.publish_menu.addAction(act)
        return act

    # --- actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self.close_dialog()
        self.dialog = dialog
        dialog.open()
        return dialog

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None

    def export_current_list(self) -> None:
        page = self.window.current_list()
        if page is None:
            QMessageBox.information(
                self.window, self.tr("Export"), self.tr("Open a list (e.g. Sites) to export it.")
            )
            return
        title = self.window.pages[self.window.current_page()].title
        # A record list exports the full records behind the rows shown (search and filter
        # applied, list order), so redaction sees each record's consent and disclosure.
        from aces_desktop.ui.export_actions import export_table_model

        export_table_model(self.window, page.model, record_type=page.type_name, title=title)

    def change_passphrase(self) -> QDialog:
        from aces_desktop.ui.protect_dialogs import ChangePassphraseDialog

        return self._open(ChangePassphraseDialog(self.ws, self.window))

    def export_recovery(self) -> QDialog:
        from aces_desktop.ui.protect_dialogs import RecoveryExportDialog

        return self._open(RecoveryExportDialog(self.ws, self.window))

    def restore_from_recovery(self) -> QDialog | None:
        """For a workspace whose key file or passphrase is lost (not the open one)."""
        from PySide6.QtWidgets import QFileDialog

        from aces_desktop.ui.protect_dialogs import RecoveryRestoreDialog

        folder = QFileDialog.getExistingDirectory(
            self.window, self.tr("Folder of the workspace to restore")
        )
        if not folder:
            return None
        return self._open(RecoveryRestoreDialog(Path(folder), self.window))

    def wipe(self) -> QDialog:
        from aces_desktop.ui.protect_dialogs import WipeDialog

        dialog = WipeDialog(self.ws, self.window)
        dialog.accepted.connect(self._after_wipe)
        return self._open(dialog)

    def _after_wipe(self) -> None:
        """The workspace no longer exists: leave nothing of it on screen."""
        self.dialog = None
        from aces_desktop.ui import settings as cfg

        gone = str(self.ws.path.resolve())
        recent = [p for p in self.window.settings.get(cfg.RECENT_WORKSPACES) if p != gone]
        self.window.settings.set(cfg.RECENT_WORKSPACES, recent)
        if self.window.settings.get(cfg.DEFAULT_WORKSPACE) == gone:
            self.window.settings.set(cfg.DEFAULT_WORKSPACE, cfg.DEFAULT_WORKSPACE.default)
        self.window.open_workspace_requested.emit()

    def selected_rating(self) -> tuple[str, str] | None:
        """(kind, subject id) of the rating selected on the Ratings page: the one its
        explanation shows, also while the Charts tab is open."""
        result = self.ratings.selected_result() or self.ratings.shown_result()
        return (result.kind, result.subject_id) if result is not None else None

    def assess_selected(self) -> QDialog | None:
        """The Assess view of the initiative or company selected in its list or on the
        Ratings page."""
        chosen: tuple[str, str] | None = None
        page = self.window.current_list()
        if page is not None and page.type_name in SUBJECT_TYPES and page.selected_id():
            chosen = (page.type_name, str(page.selected_id()))
        elif self.window.current_page() == "ratings":
            rating = self.selected_rating()
            if rating is not None and rating[0] in SUBJECT_TYPES:
                chosen = rating
        if chosen is None:
            QMessageBox.information(
                self.window,
                self.tr("Assess"),
                self.tr(
                    "Select an initiative or a company first, in its list or on the Ratings page."
                ),
            )
            return None
        return self.assess(*chosen)

    def assess(self, kind: str, subject_id: str, criterion: str = "") -> AssessDialog:
        from aces_desktop.ui.assess_view import AssessDialog

        dialog = AssessDialog(self.ws, kind, subject_id, self.window)
        if criterion:
            dialog.view.select_criterion(criterion)
        self._open(dialog)
        return dialog

    def add_evidence(self, kind: str, subject_id: str, criterion: str) -> QDialog:
        """The evidence form for one criterion of a subject (from a rating's explanation)."""
        from aces_desktop.ui.evidence_form import EvidenceForm

        return self._open(EvidenceForm(self.ws, kind, subject_id, criterion, self.window))

    def export_scorecard(self) -> QDialog | None:
        from aces_desktop.ui.report_dialogs import ExportScorecardDialog

        chosen = self.selected_rating() if self.window.current_page() == "ratings" else None
        if chosen is None:
            self.window.show_page("ratings")
            QMessageBox.information(
                self.window,
                self.tr("Export scorecard"),
                self.tr("Select an initiative, company or site on the Ratings page first."),
            )
            return None
        return self._open(ExportScorecardDialog(self.ws, *chosen, parent=self.window))

    def export_all_scorecards(self) -> QDialog:
        from aces_desktop.ui.report_dialogs import BatchExportDialog

        return self._open(BatchExportDialog(self.ws, self.window))

    def verify_pdf(self) -> QDialog:
        from aces_desktop.ui.report_dialogs import VerifyPdfDialog

        return self._open(VerifyPdfDialog(self.ws, self.window))

    def export_register(self) -> QDialog:
        from aces_desktop.ui.register_dialog import RegisterExportDialog

        return self._open(RegisterExportDialog(self.ws, self.window))


@dataclass(frozen=True)
class Features:
    """What ``install_features`` plugged into one main window (both live as long as it)."""

    editing: EditingHub
    menus: FeatureMenus


def install_features(window: MainWindow) -> Features:
    editing = EditingHub(window)
    return Features(editing, FeatureMenus(window, editing))
