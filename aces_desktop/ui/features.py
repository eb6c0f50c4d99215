"""Plugs the feature pages and dialogs (record forms, ratings, sync, reports, protection)
into a main window. The one place that knows which features exist."""

from __future__ import annotations

from aces_desktop.ui.editing import EditingHub
from aces_desktop.ui.main_window import MainWindow


def install_features(window: MainWindow) -> None:
    window.editing = EditingHub(window)  # type: ignore[attr-defined]
