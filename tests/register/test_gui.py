"""GUI pieces: the register export dialog and the spreadsheet export of any list model."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from aces_desktop.ui.export_actions import (
    EXPORT_KEY_ROLE,
    EXPORT_VALUE_ROLE,
    export_table_model,
    make_export_action,
)
from aces_desktop.ui.register_dialog import RegisterExportDialog
from tests.register.conftest import NOTE_TEXT, Demo


def test_register_dialog_exports_and_opens_the_folder(
    qtbot: Any, demo: Demo, tmp_path: Path, monkeypatch: Any
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "aces_desktop.ui.register_dialog.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    dialog = RegisterExportDialog(demo.ws)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled() and not dialog.open_button.isEnabled()
    target = tmp_path / "public-register"
    dialog.folder.setText(str(target))
    dialog.date.setDate(QDate(2026, 11, 20))
    dialog.sign.setChecked(True)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = signal.args[0]
    assert result.signed and (target / "index.html").is_file()
    assert (target / "SHA256SUMS.sig").is_file()
    assert '"export_date": "2026-11-20"' in (target / "register.json").read_text("utf-8")
    text = dialog.summary.text()
    assert f"{result.counts['sites']} sites" in text and "withheld" in text
    assert dialog.progress.value() == dialog.progress.maximum()
    dialog.grab().save(str(tmp_path / "dialog.png"))
    assert dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target)]


def test_register_dialog_reports_a_refused_folder(qtbot: Any, demo: Demo, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    dialog = RegisterExportDialog(demo.ws)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(folder))
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as signal:
        dialog.export_button.click()
    assert "not empty" in signal.args[0] and "not empty" in dialog.summary.text()
    assert not dialog.open_button.isEnabled()
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


def notes_model() -> QStandardItemModel:
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Worker", "Consent", "What was said"])
    for col, key in enumerate(["pseudonym", "consent_scope", "narrative"]):
        model.setHeaderData(col, Qt.Orientation.Horizontal, key, EXPORT_KEY_ROLE)
    labels = {
        "device": "This device only",
        "coordinator": "Coordinator",
        "public_anonymised": "Public",
    }
    for scope, text in NOTE_TEXT.items():
        consent = QStandardItem(labels[scope])
        consent.setData(scope, EXPORT_VALUE_ROLE)
        model.appendRow([QStandardItem("Worker Q-1"), consent, QStandardItem(text)])
    model.record_type = "worker_note"  # type: ignore[attr-defined]
    return model


def test_list_model_export_goes_through_redaction(qtbot: Any, tmp_path: Path) -> None:
    model = notes_model()
    out = tmp_path / "notes.csv"
    assert export_table_model(None, model, path=out, title="Worker notes") == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows == [
        {"Consent": "public_anonymised", "What was said": NOTE_TEXT["public_anonymised"]}
    ]
    xlsx = tmp_path / "notes.xlsx"
    assert export_table_model(None, model, path=xlsx) == 1
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    values = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert NOTE_TEXT["public_anonymised"] in values
    assert NOTE_TEXT["coordinator"] not in values and "Worker Q-1" not in values


def test_list_without_record_type_keeps_only_derived_columns(qtbot: Any, tmp_path: Path) -> None:
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Name", "Score", "Pseudonym"])
    model.appendRow([QStandardItem("Northwind"), QStandardItem("71.5"), QStandardItem("W-9")])
    out = tmp_path / "scores.csv"
    assert export_table_model(None, model, path=out) == 1
    assert out.read_text("utf-8-sig").splitlines() == ["Name,Score", "Northwind,71.5"]


def test_export_action_asks_for_a_file(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QWidget

    target = tmp_path / "chosen"
    monkeypatch.setattr(
        "aces_desktop.ui.export_actions.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), "CSV, UTF-8 (*.csv)"),
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    action = make_export_action(parent, notes_model(), title="Notes")
    action.trigger()
    assert (tmp_path / "chosen.csv").is_file()
    assert NOTE_TEXT["device"] not in (tmp_path / "chosen.csv").read_text("utf-8-sig")


def test_register_dialog_cancel_leaves_nothing(
    qtbot: Any, demo: Demo, tmp_path: Path, monkeypatch: Any
) -> None:
    import threading

    import aces_desktop.reports.register as register

    gate = threading.Event()
    original = register.load_ratings

    def slow_ratings(*args: Any) -> Any:  # load_ratings(ws, as_of, rubric)
        assert gate.wait(30)
        return original(*args)

    monkeypatch.setattr(register, "load_ratings", slow_ratings)
    dialog = RegisterExportDialog(demo.ws)
    qtbot.addWidget(dialog)
    target = tmp_path / "never"
    dialog.folder.setText(str(target))
    dialog.export_button.click()
    assert dialog.running() and dialog.close_button.text() == "Cancel"
    assert not dialog.folder.isEnabled()
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as signal:
        dialog.close_button.click()
        gate.set()
    assert signal.args[0] == "Cancelled."
    assert not dialog.running() and dialog.folder.isEnabled()
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_main_window_record_list_exports_whole_records(
    qtbot: Any, demo: Demo, tmp_path: Path
) -> None:
    from aces_desktop.ui.table_model import SiteTableModel, WorkerNoteTableModel

    sites = SiteTableModel(demo.ws)
    sites.set_search("Known")
    assert sites.rowCount() == 3  # withhold, no_address, full
    out = tmp_path / "sites.csv"
    assert export_table_model(None, sites, path=out) == 2
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r["ID"] for r in rows] == [
        sites.record_id(r)
        for r in range(sites.rowCount())
        if sites.record_id(r) != demo.ids["site_withhold"]
    ]
    by_id = {r["ID"]: r for r in rows}
    assert by_id[demo.ids["site_no_address"]]["Address"] == ""
    assert by_id[demo.ids["site_full"]]["Address"] == "Plot 9, full Road, Faisalabad"
    notes = WorkerNoteTableModel(demo.ws)
    out = tmp_path / "notes.xlsx"
    written = export_table_model(None, notes, path=out)
    import openpyxl

    values = [
        v
        for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)
        for v in row
    ]
    assert written and NOTE_TEXT["public_anonymised"] in values
    assert NOTE_TEXT["coordinator"] not in values and NOTE_TEXT["device"] not in values
