"""The scorecard dialogs, driven with pytest-qt: verify, export one, export all (cancel)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.reports import pki
from aces_desktop.reports.scorecard_export import withheld_sites
from aces_desktop.ui import tasks
from aces_desktop.ui.report_dialogs import (
    BatchExportDialog,
    ExportScorecardDialog,
    VerifyPdfDialog,
)
from tests.helpers import small_world
from tests.reports.pdftools import pdfsig, signed_sample


def _verify(qtbot: Any, dialog: VerifyPdfDialog, pdf: Path) -> Any:
    dialog.file.edit.setText(str(pdf))
    with qtbot.waitSignal(dialog.verified, timeout=30_000) as signal:
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    return signal.args[0]


def test_verify_dialog_shows_the_verdict(
    qtbot: Any, signed_pdf: Path, ca_pem: Path, tmp_path: Path
) -> None:
    dialog = VerifyPdfDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.trust_source.currentData() == "file"  # no workspace: a file is needed
    dialog.trust.edit.setText(str(ca_pem))
    verdict = _verify(qtbot, dialog, signed_pdf)
    assert verdict.ok and "Valid: signed by Dana Coordinator" in dialog.status.text()
    assert dialog.checks.count() == 4
    assert all(dialog.checks.item(i).text().startswith("✓") for i in range(4))
    tmp_path.mkdir(exist_ok=True)
    dialog.grab().save(str(tmp_path / "verify-ok.png"))

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(signed_pdf.read_bytes())
    data[data.index(b"ACES test scorecard")] = ord("X")
    tampered.write_bytes(bytes(data))
    verdict = _verify(qtbot, dialog, tampered)
    assert not verdict.ok and "NOT VALID" in dialog.status.text()
    assert any(dialog.checks.item(i).text().startswith("✗") for i in range(4))

    text_file = tmp_path / "notes.pdf"
    text_file.write_text("hello", encoding="utf-8")
    message = _verify(qtbot, dialog, text_file)
    assert isinstance(message, str) and "is not a PDF file" in message
    assert "is not a PDF file" in dialog.details.text() and dialog.checks.count() == 0


def test_verify_dialog_trusts_the_workspace_ca(
    qtbot: Any, coordinator: Any, tmp_path: Path
) -> None:
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(signed_sample(pki.signing_identity(coordinator)))
    dialog = VerifyPdfDialog(coordinator)
    qtbot.addWidget(dialog)
    assert dialog.trust_source.currentData() == "workspace"
    assert _verify(qtbot, dialog, pdf).ok


def export_by_click(qtbot: Any, dialog: ExportScorecardDialog) -> Any:
    """Click Export and wait: the ExportedScorecard (an error message fails the test)."""
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = signal.args[0]
    assert not isinstance(result, str), result
    return result


def test_export_dialog_writes_a_signed_scorecard(
    qtbot: Any, coordinator: Any, tmp_path: Path
) -> None:
    ids = small_world(coordinator)
    dialog = ExportScorecardDialog(coordinator, "site", ids["site"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert "喀什恒润纺织有限公司" in dialog.subject.text()
    assert dialog.sign.isChecked()
    out = tmp_path / "site.pdf"
    dialog.out.edit.setText(str(out))
    result = export_by_click(qtbot, dialog)
    assert result.signed and out.is_file()
    report = pdfsig(out)
    assert "Signature is Valid." in report and "Total document signed" in report
    assert "Signed by" in dialog.status.text()
    dialog.grab().save(str(tmp_path / "export.png"))


def test_export_dialog_in_a_field_workspace_cannot_sign(qtbot: Any, workspace: Any) -> None:
    ids = small_world(workspace)
    dialog = ExportScorecardDialog(workspace, "company", ids["company"])
    qtbot.addWidget(dialog)
    assert not dialog.sign.isEnabled() and not dialog.sign.isChecked()


def test_export_dialog_reports_an_unknown_subject(
    qtbot: Any, coordinator: Any, tmp_path: Path
) -> None:
    dialog = ExportScorecardDialog(coordinator, "site", "0190c0de-0000-7000-8000-00000000dead")
    qtbot.addWidget(dialog)
    dialog.out.edit.setText(str(tmp_path / "x.pdf"))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as signal:
        dialog.start()
    assert isinstance(signal.args[0], str) and "There is no site" in signal.args[0]
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def demo_coordinator(coordinator: Any) -> Any:
    fill_demo(coordinator, DemoOptions(sites=3, observations=120, seed=2))
    return coordinator


def test_batch_export_writes_every_scorecard(
    qtbot: Any, demo_coordinator: Any, tmp_path: Path
) -> None:
    dialog = BatchExportDialog(demo_coordinator)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.jobs = 2  # a real process pool
    dialog.folder.edit.setText(str(tmp_path / "cards"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("site"))
    dialog.include_withheld.setChecked(True)
    with qtbot.waitSignal(dialog.finished_export, timeout=180_000) as signal:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    written = signal.args[0]
    assert not isinstance(written, str), written
    assert len(written) == 3 and all(w.kind == "site" and w.signed for w in written)
    assert len(list((tmp_path / "cards").glob("*.pdf"))) == 3
    assert "3 scorecards written (3 signed)" in dialog.status.text()
    public = 3 - len(withheld_sites(demo_coordinator))
    dialog.include_withheld.setChecked(False)
    dialog.folder.edit.setText(str(tmp_path / "public"))
    with qtbot.waitSignal(dialog.finished_export, timeout=180_000) as signal:
        dialog.start()
    assert len(signal.args[0]) == public
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_batch_export_can_be_cancelled(
    qtbot: Any, demo_coordinator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection instead of a race with the clock: the work stops after its first
    # scorecard (at the progress step that follows it) until the test has pressed Cancel.
    first_written, release = threading.Event(), threading.Event()
    advance = tasks.TaskProgress.advance

    def paused_advance(self: tasks.TaskProgress, amount: int = 1) -> None:
        if self.label == "Writing scorecards" and not first_written.is_set():
            first_written.set()
            release.wait(120)
        advance(self, amount)

    monkeypatch.setattr(tasks.TaskProgress, "advance", paused_advance)
    dialog = BatchExportDialog(demo_coordinator)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.jobs = 1
    folder = tmp_path / "cards"
    dialog.folder.edit.setText(str(folder))
    dialog.sign.setChecked(False)
    dialog.start()
    qtbot.waitUntil(
        lambda: first_written.is_set() and dialog.progress.maximum() > 1, timeout=120_000
    )
    total = dialog.progress.maximum()
    with qtbot.waitSignal(dialog.finished_export, timeout=120_000) as signal:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        release.set()
    assert signal.args[0] == "cancelled" and dialog.outcome == "cancelled"
    written = list(folder.glob("*.pdf"))
    assert len(written) == 1 and total > 1  # the one written before Cancel, and no other
    assert written[0].read_bytes().rstrip().endswith(b"%%EOF")  # a complete file
    assert "Cancelled" in dialog.status.text()
    dialog.grab().save(str(tmp_path / "batch.png"))
