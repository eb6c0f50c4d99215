"""A new user's walk through the main window (issue 16): empty lists, selection after a
save, overdue requests, Export scorecard from the Charts tab."""

from __future__ import annotations

from typing import Any


def test_export_scorecard_on_the_charts_tab_uses_the_subject_shown(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    from aces_desktop.ui.features import install_features

    features = install_features(window)
    ratings = features.menus.ratings
    window.show_page("ratings")
    qtbot.waitUntil(lambda: bool(ratings.results), timeout=30_000)
    ratings.tabs.setCurrentWidget(ratings.company_table)
    ratings.company_table.selectRow(0)
    chosen = ratings.selected_result()
    assert chosen is not None
    ratings.tabs.setCurrentWidget(ratings.charts)
    assert features.menus.selected_rating() == (chosen.kind, chosen.subject_id)
