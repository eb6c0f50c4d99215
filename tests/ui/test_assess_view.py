"""The Assess view: a coordinator creates an initiative in the GUI and rates it criterion by
criterion by keyboard; the Ratings page shows the scores worked out by hand from the rubric;
a company's legal-minimum gate is set through the form; the CLI gives the same scores; the
explanation of a rating offers "Add evidence" first on an unknown criterion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QTreeWidgetItem

from aces_desktop.ui.assess_view import AssessDialog
from aces_desktop.ui.evidence_form import EvidenceForm
from aces_desktop.ui.features import install_features
from aces_desktop.ui.forms.record_editor import RecordEditorDialog
from aces_desktop.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.helpers import add, run_aces
from tests.scoring.test_ratings_page import _items
from tests.ui_forms.formhelpers import set_field

# The level recorded for each criterion (S1 through its figure: 600,000 workers covered).
LEVELS = {
    "T1": 3,
    "T2": 2,
    "T3": 4,
    "S1": 3,
    "S2": 1,
    "S3": 0,
    "A1": 4,
    "A2": 3,
    "A3": 2,
    "A4": 1,
    "A5": 0,
}
WORKERS = "600000"  # S1 thresholds 10,000 / 100,000 / 500,000 / 2,000,000: level 3


def _by_hand() -> dict[str, tuple[float, str]]:
    """Each dimension's score and grade from the rubric (docs/methodology.md): the mean of
    its criteria's levels (equal weights) over the top level 4, as a percentage, rounded to
    one decimal; grades A >= 80, B >= 60, C >= 40, D >= 20, E below."""
    dims = {"T": ("T1", "T2", "T3"), "S": ("S1", "S2", "S3"), "A": ("A1", "A2", "A3", "A4", "A5")}
    out = {}
    for dim, crits in dims.items():
        score = round(100 * sum(LEVELS[c] for c in crits) / (4 * len(crits)), 1)
        grade = next(
            g for g, low in (("A", 80), ("B", 60), ("C", 40), ("D", 20), ("E", 0)) if score >= low
        )
        out[dim] = (score, grade)
    return out


EXPECTED = _by_hand()


@pytest.fixture
def coord_window(qtbot: Any, coordinator: Any, settings: Any) -> Iterator[tuple[Any, Any]]:
    window = MainWindow(coordinator, settings)
    qtbot.addWidget(window)
    features = install_features(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, features
    window.close()


def _ratings_ready(qtbot: Any, window: Any, features: Any) -> Any:
    ratings = features.menus.ratings
    with qtbot.waitSignal(ratings.scored, timeout=30_000):
        window.show_page("ratings")
    return ratings


def _key(qtbot: Any, widget: Any, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(widget, key)


def _next_tab_stop(widget: Any) -> Any:
    """Where Tab goes from ``widget``."""
    nxt = widget.nextInFocusChain()
    while not (nxt.focusPolicy() & Qt.FocusPolicy.TabFocus) or not nxt.isEnabled():
        nxt = nxt.nextInFocusChain()
    return nxt


def _record_by_keyboard(qtbot: Any, view: Any, cid: str) -> None:
    """With ``cid`` current in the criteria tree: Enter opens the form, Home and Down choose
    the level, Tab and Down choose the source, Enter saves."""
    assert view.current_criterion() == cid
    _key(qtbot, view.criteria, Qt.Key.Key_Return)
    form = view.form
    assert isinstance(form, EvidenceForm) and form.current_criterion() == cid
    assert form.focusWidget() is form.levels  # the level is chosen first
    _key(qtbot, form.levels, Qt.Key.Key_Home)
    _key(qtbot, form.levels, Qt.Key.Key_Down, LEVELS[cid])
    assert form.levels.level() == LEVELS[cid]
    assert _next_tab_stop(form.levels) is form.source.combo  # Tab goes to the source
    _key(qtbot, form.source.combo, Qt.Key.Key_Down)  # the first source: direct observation
    assert form.source.state() == "direct_observation"
    if cid == "S1":
        figure = form.fact_widgets["workers_covered"]
        assert isinstance(figure, QLineEdit)
        _key(qtbot, form.levels, Qt.Key.Key_Home)  # the figure decides, not the list
        qtbot.keyClicks(figure, WORKERS)
        assert form.levels.level() == LEVELS["S1"]
    with qtbot.waitSignal(form.saved, timeout=10_000):
        _key(qtbot, form.levels, Qt.Key.Key_Return)  # Enter saves
    assert not form.isVisible()


def test_an_initiative_created_and_rated_by_keyboard(
    qtbot: Any, coord_window: tuple[Any, Any]
) -> None:
    window, features = coord_window
    ratings = _ratings_ready(qtbot, window, features)

    # A new initiative through the record form.
    window.show_page("initiatives")
    window.new_action.trigger()
    editor = features.editing.dialogs[-1]
    assert isinstance(editor, RecordEditorDialog)
    set_field(editor.editor, "name", "Harbour Workers Accord")
    qtbot.mouseClick(editor.editor.save_button, Qt.MouseButton.LeftButton)
    page = window.list_page("initiative")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_row(0)
    initiative = page.selected_id()

    # Ctrl+Shift+R: the Assess view of the selected initiative, every criterion unknown.
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = features.menus.dialog
    assert isinstance(dialog, AssessDialog)
    view = dialog.view
    assert [i.data(0, Qt.ItemDataRole.UserRole + 1) for i in view._criterion_items()] == list(
        LEVELS
    )
    assert "T1, T2, T3, S1, S2, S3, A1, A2, A3, A4, A5" in view.rating.text()
    assert view.current_criterion() == "T1"  # the first unknown one

    for n, cid in enumerate(LEVELS):
        if n:
            while view.current_criterion() != cid:  # past the dimension rows
                _key(qtbot, view.criteria, Qt.Key.Key_Down)
        _record_by_keyboard(qtbot, view, cid)
        qtbot.waitUntil(lambda cid=cid: view.current_criterion() == cid)
    assert "Every criterion has evidence." in view.rating.text()
    s1 = next(c for c in view.result.criteria if c.id == "S1")
    assert s1.level == 3 and s1.evidence[0].description is None

    # The Ratings page scored again when the evidence was saved, through the ops hooks.
    def shown() -> bool:
        result = ratings.results.get(initiative)
        return result is not None and all(d.score is not None for d in result.dimensions)

    qtbot.waitUntil(shown, timeout=30_000)
    qtbot.waitUntil(lambda: not ratings._running, timeout=30_000)
    result = ratings.results[initiative]
    for d in result.dimensions:
        score, grade = EXPECTED[d.id]
        assert (d.score, d.grade) == (score, grade)
        assert (d.band.low, d.band.high) == (score, score)  # nothing unknown: a point band
    table = ratings.initiative_model
    row = next(
        r for r in range(table.rowCount()) if table.index(r, 0).data() == "Harbour Workers Accord"
    )
    for column, dim in enumerate("TSA", 1):
        score, grade = EXPECTED[dim]
        assert table.index(row, column).data() == f"{grade}  {score:.1f} ({score:.0f}–{score:.0f})"
    assert [EXPECTED[d] for d in "TSA"] == [(75.0, "B"), (33.3, "D"), (50.0, "C")]

    # The same evidence through `aces evidence add` gives the same scores.
    ws = window.workspace
    twin = add(ws, "initiative", name="Harbour Workers Accord (CLI)")
    env = {"ACES_PASSPHRASE": PASSPHRASE}
    for cid, level in LEVELS.items():
        given = 0 if cid == "S1" else level  # S1: the figure decides the level
        args = ["evidence", "add", "--subject", twin, "--criterion", cid, "--level", str(given)]
        args += ["--source", "direct_observation", "--date", result.as_of]
        if cid == "S1":
            args += ["--fact", f"workers_covered={WORKERS}"]
        done = run_aces(*args, "--workspace", str(ws.path), env=env)
        assert done.returncode == 0, done.stderr
    from aces_desktop.ops.assessment import rating_of

    cli = rating_of(ws, "initiative", twin)
    assert cli is not None
    assert [(d.score, d.grade, d.band.low, d.band.high) for d in cli.dimensions] == [
        (d.score, d.grade, d.band.low, d.band.high) for d in result.dimensions
    ]


def test_a_company_legal_minimum_gate_set_in_the_form(
    qtbot: Any, coord_window: tuple[Any, Any]
) -> None:
    from aces_desktop.core.rubric import default_rubric
    from aces_desktop.ops.assessment import add_evidence

    window, features = coord_window
    ws = window.workspace
    company = add(ws, "company", name="Northwind Apparel", kind="brand")
    rubric = default_rubric()
    for cid in rubric.company_criteria:  # every criterion at the top level, by script
        values = {
            "subject_id": company,
            "criterion": cid,
            "level": 4,
            "source_type": "document",
            "evidence_date": "2026-11-01",
        }
        add_evidence(ws, values, rubric)
    ratings = _ratings_ready(qtbot, window, features)
    before = ratings.results[company]
    # Without a statement meeting the legal minimum the score is capped (rubric: cap 15).
    assert before.score == rubric.statement_cap and before.tier == "Starter"

    dialog = features.menus.assess("company", company, "LEGAL_STATEMENT")
    view = dialog.view
    assert view.current_criterion() == "LEGAL_STATEMENT"
    assert view._criterion_items()[-1].text(1) == "not met"
    _key(qtbot, view.criteria, Qt.Key.Key_Return)
    form = view.form
    assert isinstance(form, EvidenceForm)
    boxes = [form.fact_widgets[k] for k in ("published", "board_approved", "signed")]
    assert all(isinstance(b, QCheckBox) for b in boxes)
    assert [
        form.levels.item(i).data(Qt.ItemDataRole.UserRole + 2) for i in range(form.levels.count())
    ] == [0, 4]
    _key(qtbot, form.levels, Qt.Key.Key_End)  # 4: met
    _key(qtbot, form.source.combo, Qt.Key.Key_Down, 2)  # document seen
    assert form.source.state() == "document"
    for box in boxes:
        _key(qtbot, box, Qt.Key.Key_Space)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        _key(qtbot, form.levels, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view._criterion_items()[-1].text(1) == "met")

    # By hand: every weighted criterion at 4 of 4 is 100; the gate no longer caps it.
    def rated() -> bool:
        result = ratings.results.get(company)
        return result is not None and result.score == 100.0

    qtbot.waitUntil(rated, timeout=30_000)
    after = ratings.results[company]
    assert after.tier == "Leader"
    gate = next(g for g in after.gates if g.id == "legal_statement")
    assert gate.passed


def test_a_refused_level_keeps_the_form_open_with_the_reason(
    qtbot: Any, coord_window: tuple[Any, Any]
) -> None:
    window, features = coord_window
    initiative = add(window.workspace, "initiative", name="Accord")
    dialog = features.menus.assess("initiative", initiative)
    form = dialog.view.add_evidence("T2")
    assert form is not None
    qtbot.waitExposed(form)
    _key(qtbot, form.levels, Qt.Key.Key_Home)
    form.save()  # no source chosen
    assert form.isVisible() and form.banner.isVisible()
    assert "Source" in form.banner.text()
    _key(qtbot, form.levels, Qt.Key.Key_Escape)  # Esc cancels
    assert not form.isVisible()
    with window.workspace.session() as s:
        from sqlalchemy import func, select

        from aces_desktop.store import models as m

        assert s.execute(select(func.count()).select_from(m.Evidence)).scalar_one() == 0


def _tree_item(tree: Any, prefix: str) -> QTreeWidgetItem:
    return next(item for item in _items(tree) if item.text(0).startswith(prefix))


def test_add_evidence_from_the_explanation_of_a_rating(
    qtbot: Any, coord_window: tuple[Any, Any]
) -> None:
    window, features = coord_window
    ws = window.workspace
    initiative = add(ws, "initiative", name="Accord")
    from aces_desktop.core.rubric import default_rubric
    from aces_desktop.ops.assessment import add_evidence

    add_evidence(
        ws,
        {
            "subject_id": initiative,
            "criterion": "T1",
            "level": 2,
            "source_type": "document",
            "evidence_date": "2026-11-01",
        },
        default_rubric(),
    )
    ratings = _ratings_ready(qtbot, window, features)
    ratings.select_subject(initiative)
    known = _tree_item(ratings.explanation, "T1 —")
    unknown = _tree_item(ratings.explanation, "T2 —")
    assert unknown.text(1) == "unknown"
    first = ratings.explanation_actions(unknown)[0]
    assert first.text() == "Add &evidence for T2…"
    assert ratings.explanation_actions(known)[0].text() != "Add &evidence for T1…"
    assert any(a.text() == "Add &evidence for T1…" for a in ratings.explanation_actions(known))
    # The button under the tree, for the selected criterion.
    ratings.explanation.setCurrentItem(unknown)
    assert ratings.add_evidence_button.isEnabled()
    ratings.add_evidence_button.click()
    form = features.menus.dialog
    assert isinstance(form, EvidenceForm)
    assert (form.subject_id, form.current_criterion()) == (initiative, "T2")
    form.reject()
    # Enter on an unknown criterion offers the same form.
    ratings.explanation.setCurrentItem(unknown)
    ratings.explanation.itemActivated.emit(unknown, 0)
    form = features.menus.dialog
    assert isinstance(form, EvidenceForm) and form.current_criterion() == "T2"
    form.reject()
    # The Assess button of the Ratings page opens the view of the selected rating.
    assert ratings.assess_button.isEnabled()
    ratings.assess_button.click()
    assert isinstance(features.menus.dialog, AssessDialog)


def test_the_assess_view_from_the_detail_pane_and_ready_to_publish(
    qtbot: Any, coord_window: tuple[Any, Any]
) -> None:
    from aces_desktop.ops import publication

    window, features = coord_window
    ws = window.workspace
    company = add(ws, "company", name="Northwind Apparel", kind="brand")
    window.show_page("companies")
    page = window.list_page("company")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_row(0)
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in page.detail.findChildren(QPushButton) if "ssess" in b.text())
    button.click()
    dialog = features.menus.dialog
    assert isinstance(dialog, AssessDialog)
    view = dialog.view
    assert view.ready.isVisible() and not view.ready.isChecked()
    assert publication.decision_of(ws, company) is None
    view.ready.click()
    decision = publication.decision_of(ws, company)
    assert decision is not None and decision.ready
    assert "Marked ready to publish" in view.publication.text()
    view.ready.click()
    decision = publication.decision_of(ws, company)
    assert decision is not None and not decision.ready


def test_a_field_workspace_cannot_mark_ready(qtbot: Any, workspace: Any, settings: Any) -> None:
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    features = install_features(window)
    window.show()
    initiative = add(workspace, "initiative", name="Accord")
    view = features.menus.assess("initiative", initiative).view
    assert not view.ready.isVisible()
    assert "Only a coordinator" in view.publication.text()


def test_the_register_dialog_shows_what_is_ready_and_why_not(
    qtbot: Any, coordinator: Any, tmp_path: Any
) -> None:
    from aces_desktop.ops import publication
    from aces_desktop.ui.register_dialog import RegisterExportDialog

    ready = add(coordinator, "initiative", name="Accord")
    add(coordinator, "initiative", name="Better Cotton Pact")
    withdrawn = add(coordinator, "company", name="Northwind Apparel", kind="brand")
    publication.mark(coordinator, ready, True)
    publication.mark(coordinator, withdrawn, False, "C3 to be checked")
    dialog = RegisterExportDialog(coordinator)
    qtbot.addWidget(dialog)
    rows = {
        dialog.review.topLevelItem(i).text(0): (
            dialog.review.topLevelItem(i).text(1),
            dialog.review.topLevelItem(i).text(2),
        )
        for i in range(dialog.review.topLevelItemCount())
    }
    assert rows == {
        "Accord (Initiative)": ("ready", "insufficient evidence"),
        "Better Cotton Pact (Initiative)": ("left out", "not marked ready, insufficient evidence"),
        "Northwind Apparel (Company)": ("left out", "marked not ready, insufficient evidence"),
    }
    dialog.folder.setText(str(tmp_path / "register"))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    assert "Left out, not marked ready to publish: 1 initiative(s), 1 company(ies)." in (
        dialog.summary.text()
    )


def test_the_source_document_is_stored_encrypted_with_its_hash(
    qtbot: Any, coord_window: tuple[Any, Any], tmp_path: Any
) -> None:
    import hashlib

    from aces_desktop.ops import attachments

    window, features = coord_window
    ws = window.workspace
    company = add(ws, "company", name="Northwind Apparel", kind="brand")
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    document = tmp_path / "statement-2026.pdf"
    document.write_bytes(pdf)
    dialog = features.menus.assess("company", company, "C3")
    form = dialog.view.add_evidence()
    assert form is not None and form.current_criterion() == "C3"
    assert set(form.fact_widgets) == {"region"}  # the one fact C3's rules read
    _key(qtbot, form.levels, Qt.Key.Key_Home)
    _key(qtbot, form.levels, Qt.Key.Key_Down, 2)
    form.source.set_state("document")
    form.kind.set_state("audit")
    form.fact_widgets["region"].setText("Xinjiang")
    form.url.setText("https://example.org/audit.pdf")
    form.set_document(document)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    evidence_id = saved.args[0]
    stored = attachments.of_record(ws, "evidence", evidence_id)
    assert [(a.original_name, a.sha256) for a in stored] == [
        ("statement-2026.pdf", hashlib.sha256(pdf).hexdigest())
    ]
    assert pdf not in b"".join(p.read_bytes() for p in ws.path.rglob("*") if p.is_file())
    # An audit in a region without credible assurance earns nothing (rubric gate).
    qtbot.waitUntil(lambda: dialog.view._criterion_items()[2].text(2) == "1")
    c3 = next(c for c in dialog.view.result.criteria if c.id == "C3")
    assert c3.level is None and "no credit" in " ".join(c3.evidence[0].notes)


def test_batch_scorecards_from_the_dialog_say_how_many_were_skipped(
    qtbot: Any, coordinator: Any, tmp_path: Any
) -> None:
    from aces_desktop.ops import publication
    from aces_desktop.ui.report_dialogs import BatchExportDialog

    ready = add(coordinator, "initiative", name="Accord")
    add(coordinator, "initiative", name="Better Cotton Pact")
    publication.mark(coordinator, ready, True)
    dialog = BatchExportDialog(coordinator)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.jobs = 1
    dialog.folder.edit.setText(str(tmp_path / "cards"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("initiative"))
    dialog.sign.setChecked(False)
    with qtbot.waitSignal(dialog.finished_export, timeout=120_000) as signal:
        dialog.start_button.click()
    written = signal.args[0]
    assert [w.subject_name for w in written] == ["Accord"]
    assert "1 initiatives and companies not marked ready to publish were skipped." in (
        dialog.status.text()
    )
