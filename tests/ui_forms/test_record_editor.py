"""RecordEditor: every record type created, edited and deleted through the form."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from aces_desktop.core import schema
from aces_desktop.core.errors import RecordNotFound
from aces_desktop.ui.forms.pickers import RefEditor
from aces_desktop.ui.forms.record_editor import RecordEditor
from tests.ui_forms.formhelpers import set_field, shoot

# type -> (values to enter; world keys are replaced by ids), (field, new value) to edit
CASES: dict[str, tuple[dict[str, Any], tuple[str, Any]]] = {
    "site": (
        {"name": "Test Mill", "country": "CN", "os_hub_id": "CN2019303BQ3FZP"},
        ("region", "Hebei"),
    ),
    "company": ({"name": "Acme Brands", "kind": "retailer"}, ("website", "https://acme.example")),
    "company_site": (
        {"company_id": "@company", "site_id": "@site", "relation": "sources_from"},
        ("tier", 2),
    ),
    "initiative": ({"name": "Fair Thread", "acronym": "FT"}, ("sector", "Garments")),
    "membership": (
        {"initiative_id": "@initiative", "company_id": "@company"},
        ("since", "2024-01-01"),
    ),
    "coverage": ({"initiative_id": "@initiative", "site_id": "@site"}, ("workers_covered", 120)),
    "person": ({"name": "Li Wei", "role": "researcher"}, ("organisation", "Field Lab")),
    "visit": (
        {
            "site_id": "@site",
            "start_date": "2026-10-02",
            "method": "announced",
            "team": ["@person"],
        },
        ("summary", "Second visit"),
    ),
    "finding": (
        {"visit_id": "@visit", "site_id": "@site", "indicator": "ILO-03", "grade": 2},
        ("narrative", "Gate locked at night"),
    ),
    "worker_note": (
        {"site_id": "@site", "visit_id": "@visit", "pseudonym": "W-9"},
        ("narrative", "Works 12 hours"),
    ),
    "company_response": (
        {"company_id": "@company", "request_sent_on": "2026-08-01", "subject": "Audit data"},
        ("commitment_met", False),
    ),
    "evidence": (
        {
            "subject_type": "company",
            "subject_id": "@company",
            "criterion": "T1",
            "level": 2,
            "source_type": "document",
            "evidence_date": "2026-05-05",
        },
        ("facts", {"pages": 12, "public": True}),
    ),
    "attachment": (
        {
            "owner_type": "site",
            "owner_id": "@site",
            "sha256": "ab" * 32,
            "media_type": "image/jpeg",
            "size": 1234,
        },
        ("caption", "Gate"),
    ),
    "amendment": (
        {"target_type": "visit", "target_id": "@visit", "reason": "Wrong date"},
        ("text", "The visit began on 2 September."),
    ),
}


def _resolve(value: Any, world: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return world[value[1:]]
    if isinstance(value, list):
        return [_resolve(v, world) for v in value]
    return value


def test_every_record_type_has_a_case() -> None:
    # Publication decisions are a coordinator's only (this is a field workspace): the store
    # refuses them here (tests/ui/test_assess_view.py, tests/cli/test_publish_cli.py).
    assert set(CASES) | schema.COORDINATOR_ONLY_TYPES == set(schema.RECORD_TYPES)


@pytest.mark.parametrize("type_name", sorted(CASES))
def test_create_edit_delete_every_type(
    qtbot: Any, workspace: Any, world: dict[str, str], type_name: str
) -> None:
    values, (edit_field, edit_value) = CASES[type_name]
    editor = RecordEditor(workspace, type_name)
    qtbot.addWidget(editor)
    for name, value in values.items():
        set_field(editor, name, _resolve(value, world))
    with qtbot.waitSignal(editor.saved) as signal:
        editor.save_button.click()
    saved_type, record_id = signal.args
    assert saved_type == type_name
    with workspace.session() as s:
        kind, content = workspace.records.get(s, record_id)
    assert kind == type_name
    for name, value in values.items():
        expected = _resolve(value, world)
        assert content[name] == (sorted(expected) if isinstance(expected, list) else expected)
    shoot(editor, f"editor-{type_name}")

    editor = RecordEditor(workspace, type_name, record_id)
    qtbot.addWidget(editor)
    set_field(editor, edit_field, edit_value)
    editor.save()
    with workspace.session() as s:
        assert workspace.records.get(s, record_id)[1][edit_field] == edit_value
        assert len(workspace.records.history(s, record_id)) == 2

    box = editor.request_delete()
    with qtbot.waitSignal(editor.deleted):
        next(b for b in box.buttons() if b.text() == "Delete").click()
    with workspace.session() as s, pytest.raises(RecordNotFound):
        workspace.records.get(s, record_id)


def test_cancelled_delete_keeps_the_record(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "company", world["company"])
    qtbot.addWidget(editor)
    box = editor.request_delete()
    box.button(QMessageBox.StandardButton.Cancel).click()
    with workspace.session() as s:
        assert workspace.records.get(s, world["company"])[1]["name"] == "Northwind Apparel"


def test_bad_open_supply_hub_id_is_shown_next_to_the_field_and_nothing_saved(
    qtbot: Any, workspace: Any
) -> None:
    editor = RecordEditor(workspace, "site")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.editors["name"].focus_widget(), "Bad Id Mill")
    qtbot.keyClicks(editor.editors["country"].focus_widget(), "CN")
    qtbot.keyClicks(editor.editors["os_hub_id"].focus_widget(), "CN12")
    error = editor.errors["os_hub_id"]
    assert error.isVisible()
    assert "Open Supply Hub id" in error.text()
    before = workspace.counts()["site"]
    editor.save_button.click()
    assert workspace.counts()["site"] == before
    assert editor.banner.isVisible()
    assert editor.focusWidget() is editor.editors["os_hub_id"].focus_widget()
    shoot(editor, "editor-site-invalid")
    # Fixing the field clears the message and saves.
    os_hub_id = editor.editors["os_hub_id"].focus_widget()
    assert isinstance(os_hub_id, QLineEdit)
    os_hub_id.clear()
    qtbot.keyClicks(editor.editors["os_hub_id"].focus_widget(), "CN2019303BQ3FZP")
    assert not error.isVisible()
    assert editor.save() is not None
    assert workspace.counts()["site"] == before + 1


def test_problems_from_the_store_land_next_to_their_field(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "visit")
    qtbot.addWidget(editor)
    set_field(editor, "site_id", world["site"])
    set_field(editor, "start_date", "2026-09-10")
    set_field(editor, "method", "remote")
    set_field(editor, "end_date", "2026-09-01")
    assert editor.save() is None
    assert "ends before it starts" in editor.errors["end_date"].text()
    set_field(editor, "start_date", "")
    assert editor.save() is None
    assert "required" in editor.errors["start_date"].text()


def test_number_field_rejects_letters(qtbot: Any, workspace: Any) -> None:
    editor = RecordEditor(workspace, "site")
    qtbot.addWidget(editor)
    editor.show()
    set_field(editor, "name", "Mill")
    set_field(editor, "country", "VN")
    qtbot.keyClicks(editor.editors["workforce_size"].focus_widget(), "many")
    assert "whole number" in editor.errors["workforce_size"].text()
    assert editor.save() is None


def test_chinese_name_and_other_scripts_round_trip(qtbot: Any, workspace: Any) -> None:
    editor = RecordEditor(workspace, "site")
    qtbot.addWidget(editor)
    set_field(editor, "name", "喀什恒润纺织")
    set_field(editor, "country", "CN")
    set_field(editor, "other_names", [{"text": "قەشقەر", "lang": "ug"}])
    record_id = editor.save()
    assert record_id
    reopened = RecordEditor(workspace, "site", record_id)
    qtbot.addWidget(reopened)
    assert reopened.editors["name"].state() == "喀什恒润纺织"
    assert reopened.editors["other_names"].value() == [{"text": "قەشقەر", "lang": "ug"}]


def test_reference_picker_finds_records_by_typing(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "visit")
    qtbot.addWidget(editor)
    editor.show()
    site_editor = editor.editors["site_id"]
    assert isinstance(site_editor, RefEditor)
    picker = site_editor.picker
    qtbot.keyClicks(picker.edit, "Kashgar")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.editors["site_id"].value() == world["site"]


def test_required_choice_without_default_is_not_preselected(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "company")
    qtbot.addWidget(editor)
    assert editor.editors["kind"].state() == ""
    set_field(editor, "name", "No Kind Ltd")
    assert editor.save() is None
    assert "required" in editor.errors["kind"].text()
    site = RecordEditor(workspace, "site")
    qtbot.addWidget(site)
    assert site.editors["kind"].state() == "factory"  # the schema's default
