"""Dialogs for signed scorecards: verify a PDF, export one scorecard, export them all.

Self-contained widgets taking the open ``Workspace``; the work runs off the UI thread via
``ui.tasks.run_task`` and calls the same functions as ``aces pdf verify`` and ``aces report``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.ops import records, reports
from aces_desktop.ui import tasks
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.interface_language import current_language

if TYPE_CHECKING:
    from aces_desktop.store.workspace import Workspace

NEVER = 24 * 3600 * 1000  # these dialogs show their own progress, never the task's popup
OK_COLOUR = "#1E6B52"
FAIL_COLOUR = "#B3261E"


def _documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class _PathField(QWidget):
    """A line edit with a Browse button."""

    def __init__(self, parent: QWidget, choose: Any) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(lambda: choose(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None


class VerifyPdfDialog(QDialog):
    """Verify a signed scorecard: the same four checks and verdict as ``aces pdf verify``."""

    verified = Signal(object)  # the Verdict, or an error message (str)

    def __init__(self, workspace: Workspace | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.verdict: Any = None
        self.error: str | None = None
        self.task: tasks.Task | None = None
        self.file = _PathField(self, self._choose_pdf)
        self.trust_source = QComboBox(self)
        self.trust = _PathField(self, self._choose_cert)
        self.verify_button = QPushButton(self)
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(self.verify)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.status, self.details):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.checks = QListWidget(self)
        self.checks.setWordWrap(True)
        self.checks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checks.setMinimumHeight(110)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.file_label, self.trust_label = QLabel(self), QLabel(self)
        form = QFormLayout()
        form.addRow(self.file_label, self.file)
        form.addRow(self.trust_label, self.trust_source)
        form.addRow("", self.trust)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.details)
        layout.addWidget(self.checks, 1)
        layout.addLayout(buttons)
        self.setMinimumSize(680, 520)
        self.ca = reports.organisation_ca(workspace)
        if self.ca is not None:
            self.trust_source.addItem("", "workspace")
        self.trust_source.addItem("", "file")
        self.trust_source.currentIndexChanged.connect(self._trust_changed)
        self.retranslate()
        self._trust_changed()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Verify a signed scorecard"))
        self.file_label.setText(self.tr("PDF file:"))
        self.trust_label.setText(self.tr("Trust:"))
        self.file.browse.setText(self.tr("Browse…"))
        self.trust.browse.setText(self.tr("Browse…"))
        self.trust.edit.setPlaceholderText(self.tr("CA certificate of the issuing organisation"))
        for i in range(self.trust_source.count()):
            if self.trust_source.itemData(i) == "workspace":
                self.trust_source.setItemText(i, self.tr("The organisation CA of this workspace"))
            else:
                self.trust_source.setItemText(i, self.tr("A CA certificate file (PEM or DER)"))
        self.verify_button.setText(self.tr("Verify"))
        self.close_button.setText(self.tr("Close"))

    def _trust_changed(self) -> None:
        self.trust.setVisible(self.trust_source.currentData() == "file")

    def _choose_pdf(self, field: _PathField) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a PDF"), str(_documents()), self.tr("PDF files (*.pdf)")
        )
        if name:
            field.edit.setText(name)

    def _choose_cert(self, field: _PathField) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a CA certificate"),
            str(_documents()),
            self.tr("Certificates (*.pem *.crt *.cer *.der)"),
        )
        if name:
            field.edit.setText(name)

    def verify(self) -> None:
        """Check the chosen file off the UI thread; ``verified`` fires with the outcome."""
        path = self.file.path()
        if path is None:
            self._show_error(self.tr("Choose the PDF file to verify."))
            return
        try:
            if self.trust_source.currentData() == "workspace" and self.ca is not None:
                trust, label = [self.ca], self.tr("organisation CA of this workspace")
            else:
                cert = self.trust.path()
                if cert is None:
                    raise AcesError(self.tr("Choose the CA certificate to trust."))
                trust, label = reports.read_trust(cert), str(cert)
        except AcesError as exc:
            self._show_error(error_text(exc))
            return
        self.verify_button.setEnabled(False)
        self.checks.clear()
        self.status.setText(self.tr("Verifying…"))
        self.details.clear()
        self.task = tasks.run_task(
            lambda _p: reports.verify_pdf(path, trust, label),
            label=self.tr("Verifying"),
            parent=self,
            on_done=self._show_verdict,
            on_error=self._show_error,
        )

    def _show_error(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.verdict, self.error = None, message
        self.checks.clear()
        self.details.clear()
        self.status.setText(f'<b style="color:{FAIL_COLOUR}">{self.tr("Cannot verify")}</b>')
        self.details.setText(message)
        self.verified.emit(message)

    def _show_verdict(self, verdict: reports.Verdict) -> None:
        self.verify_button.setEnabled(True)
        self.verdict, self.error = verdict, None
        if verdict.ok:
            text = self.tr("Valid: signed by %1")
            colour = OK_COLOUR
        else:
            text = self.tr("NOT VALID: do not rely on this file")
            colour = FAIL_COLOUR
        self.status.setText(
            f'<span style="color:{colour}; font-size:12pt"><b>'
            + fill(text, verdict.signer or "?")
            + "</b></span>"
        )
        rows = [
            (self.tr("Scorecard"), f"{verdict.kind or '?'}: {verdict.subject_name or '?'}"),
            (self.tr("Signer"), f"{verdict.signer or '?'} ({verdict.signer_organisation or '–'})"),
            (self.tr("Issued by"), verdict.issuer or "–"),
            (self.tr("Signed at"), verdict.signed_at or "–"),
            (self.tr("Trusting"), verdict.trust_anchor),
        ]
        self.details.setText("<br/>".join(f"<b>{k}:</b> {_html(v)}" for k, v in rows))
        self.checks.clear()
        for check in verdict.checks:
            mark = "✓" if check.ok else "✗"
            item = QListWidgetItem(f"{mark}  {check.title}: {check.detail}")
            item.setForeground(Qt.GlobalColor.darkGreen if check.ok else Qt.GlobalColor.red)
            self.checks.addItem(item)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.verified.emit(verdict)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SigningIdentityFields:
    """Which certificate signs: the organisation CA's (default), a PKCS#12 file the
    organisation holds, or a key on a PKCS#11 token. The passphrase or PIN is used for one
    export and cleared after it; it is never stored."""

    KINDS = ("organisation", "pkcs12", "pkcs11")

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("SigningIdentityFields", text)

    def __init__(self, dialog: QDialog, enabled: bool) -> None:
        self.dialog = dialog
        self.kind = QComboBox(dialog)
        for key in self.KINDS:
            self.kind.addItem("", key)
        self.kind.setEnabled(enabled)
        self.pkcs12 = _PathField(dialog, self._choose_pkcs12)
        self.module = _PathField(dialog, self._choose_module)
        self.token = QLineEdit(dialog)
        self.key = QLineEdit(dialog)
        self.secret = QLineEdit(dialog)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel(dialog) for _ in range(6)]
        self.kind.currentIndexChanged.connect(lambda _i: self.update_rows(self.kind.isEnabled()))

    def add_rows(self, form: QFormLayout, signer: tuple[QLabel, QWidget]) -> None:
        """The choice, then the signer row of the organisation CA, then the details."""
        self.form = form
        self.signer_row = signer[1]
        form.addRow(self.labels[0], self.kind)
        form.addRow(*signer)
        for label, widget in zip(
            self.labels[1:],
            (self.pkcs12, self.module, self.token, self.key, self.secret),
            strict=True,
        ):
            form.addRow(label, widget)
        self.update_rows(self.kind.isEnabled())

    def update_rows(self, enabled: bool) -> None:
        which = self.kind.currentData()
        shown = {
            self.pkcs12: which == "pkcs12",
            self.module: which == "pkcs11",
            self.token: which == "pkcs11",
            self.key: which == "pkcs11",
            self.secret: which in ("pkcs12", "pkcs11"),
        }
        if hasattr(self, "form"):
            self.form.setRowVisible(self.signer_row, which == "organisation")
            for widget, visible in shown.items():
                self.form.setRowVisible(widget, visible)
                widget.setEnabled(enabled)
        self.labels[5].setText(self.tr("PIN:") if which == "pkcs11" else self.tr("Passphrase:"))

    def retranslate(self) -> None:
        self.labels[0].setText(self.tr("Signing certificate:"))
        self.kind.setItemText(0, self.tr("Issued by the organisation CA of this workspace"))
        self.kind.setItemText(1, self.tr("A PKCS#12 file (.p12, .pfx) the organisation holds"))
        self.kind.setItemText(2, self.tr("A key on a PKCS#11 token or smart card"))
        self.labels[1].setText(self.tr("PKCS#12 file:"))
        self.labels[2].setText(self.tr("PKCS#11 module:"))
        self.labels[3].setText(self.tr("Token label:"))
        self.labels[4].setText(self.tr("Key label:"))
        self.pkcs12.browse.setText(self.tr("Browse…"))
        self.module.browse.setText(self.tr("Browse…"))
        self.update_rows(self.kind.isEnabled())

    def _choose_pkcs12(self, field: _PathField) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.dialog,
            self.tr("PKCS#12 file"),
            field.edit.text(),
            self.tr("PKCS#12 files (*.p12 *.pfx)"),
        )
        if name:
            field.edit.setText(name)

    def _choose_module(self, field: _PathField) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.dialog, self.tr("PKCS#11 module"), field.edit.text()
        )
        if name:
            field.edit.setText(name)

    def choice(self) -> dict[str, Any] | None:
        """Arguments for ``ops.reports.signing_identity``; None when a field is missing."""
        which = self.kind.currentData()
        secret = self.secret.text() or None
        if which == "pkcs12":
            path = self.pkcs12.path()
            return None if path is None else {"pkcs12": path, "secret": secret}
        if which == "pkcs11":
            parts = (str(self.module.path() or ""), self.token.text().strip(), self.key.text())
            if not all(parts):
                return None
            return {"pkcs11": parts, "secret": secret}
        return {}

    def forget_secret(self) -> None:
        self.secret.clear()


class ExportScorecardDialog(QDialog):
    """Export one rating as a (signed) PDF scorecard: "Export scorecard (signed)"."""

    exported = Signal(object)  # ExportedScorecard, or an error message (str)

    def __init__(
        self, workspace: Workspace, kind: str, subject_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.kind = kind
        self.subject_id = subject_id
        self.result: Any = None
        self.error: str | None = None
        self.task: tasks.Task | None = None
        others: list[str] = []
        try:
            _type, content = records.load(workspace, subject_id)
            name = str(content.get("name") or subject_id)
            others = [str(n.get("text")) for n in content.get("other_names") or []]
        except AcesError:
            name = subject_id
        self.subject_name = name
        self.subject = QLabel(self)
        self.out = _PathField(self, self._choose_out)
        default = reports.scorecard_file_name(kind, subject_id, name, others)
        self.out.edit.setText(str(_documents() / default))
        self.sign = QCheckBox(self)
        self.signer = QComboBox(self)
        coordinator = workspace.role == "coordinator"
        self.sign.setChecked(coordinator)
        self.sign.setEnabled(coordinator)
        self.signer.addItem("", None)
        if coordinator:
            for name_ in reports.signer_names(workspace):
                self.signer.addItem(name_, name_)
        self.signer.setEnabled(coordinator)
        self.identity = SigningIdentityFields(self, coordinator)
        self.saved_issuer = reports.load_issuer(workspace)
        self.organisation = QLineEdit(self)
        self.organisation.setText(self.saved_issuer.organisation or workspace.name)
        self.logo = _PathField(self, self._choose_logo)
        self.remember = QCheckBox(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.labels = [QLabel(self) for _ in range(3)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.subject)
        form.addRow(self.labels[1], self.out)
        form.addRow("", self.sign)
        self.identity.add_rows(form, (self.labels[2], self.signer))
        self.issuer_labels = [QLabel(self) for _ in range(2)]
        form.addRow(self.issuer_labels[0], self.organisation)
        form.addRow(self.issuer_labels[1], self.logo)
        form.addRow("", self.remember)
        self.sign.toggled.connect(self._sign_toggled)
        self.identity.kind.currentIndexChanged.connect(self._sign_toggled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        kinds = {
            "initiative": self.tr("Initiative"),
            "company": self.tr("Company"),
            "site": self.tr("Site"),
        }
        self.setWindowTitle(self.tr("Export scorecard (signed)"))
        self.labels[0].setText(self.tr("Scorecard:"))
        self.labels[1].setText(self.tr("Save as:"))
        self.labels[2].setText(self.tr("Signer:"))
        self.subject.setText(f"{kinds.get(self.kind, self.kind)}: {self.subject_name}")
        self.out.browse.setText(self.tr("Browse…"))
        self.sign.setText(self.tr("Sign the scorecard (PAdES)"))
        if not self.sign.isEnabled():
            self.sign.setToolTip(self.tr("Only a coordinator workspace can sign scorecards."))
        self.signer.setItemText(0, self.tr("This workspace's person (default)"))
        self.identity.retranslate()
        self.issuer_labels[0].setText(self.tr("Issued by (organisation):"))
        self.issuer_labels[1].setText(self.tr("Logo (PNG or JPEG):"))
        self.logo.browse.setText(self.tr("Browse…"))
        self.logo.edit.setPlaceholderText(
            self.tr("The saved logo") if self.saved_issuer.logo else self.tr("No logo")
        )
        self.remember.setText(self.tr("Use this organisation and logo for later scorecards too"))
        self.export_button.setText(self.tr("Export"))
        self.close_button.setText(self.tr("Close"))

    def _choose_out(self, field: _PathField) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save scorecard as"), field.edit.text(), self.tr("PDF files (*.pdf)")
        )
        if name:
            field.edit.setText(name)

    def _choose_logo(self, field: _PathField) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Organisation logo"),
            field.edit.text(),
            self.tr("Pictures (*.png *.jpg *.jpeg)"),
        )
        if name:
            field.edit.setText(name)

    def start(self) -> None:
        out = self.out.path()
        if out is None or out.suffix.lower() != ".pdf":
            self._failed(self.tr("Choose where to save the scorecard (a .pdf file)."))
            return
        ws, kind, sid = self.workspace, self.kind, self.subject_id
        sign, signer = self.sign.isChecked(), self.signer.currentData()
        choice = self.identity.choice() if sign else {}
        if choice is None:
            self._failed(self.tr("Choose the PKCS#12 file, or the token's module, token and key."))
            return

        language = current_language()  # scorecards follow the interface language
        organisation = " ".join(self.organisation.text().split()) or None
        logo, remember = self.logo.path(), self.remember.isChecked()
        saved = self.saved_issuer

        def work(progress: tasks.TaskProgress) -> reports.ExportedScorecard:
            issuer = reports.issuer_for(saved, organisation, logo)  # checks the logo
            if remember:
                reports.save_issuer(ws, issuer.organisation, issuer.logo, saved.signer)
            with reports.signing_identity(**choice) as identity:
                return reports.scorecard(
                    ws,
                    kind,
                    sid,
                    out,
                    sign=sign,
                    signer=None if identity else signer,
                    progress=progress,
                    identity=identity,
                    issuer=issuer,
                    language=language,
                )

        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Writing the scorecard…"))
        self.task = tasks.run_task(
            work,
            label=self.tr("Writing the scorecard"),
            parent=self,
            on_done=self._done,
            on_error=self._failed,
        )

    def _sign_toggled(self) -> None:
        signing = self.sign.isChecked() and self.sign.isEnabled()
        self.identity.kind.setEnabled(signing)
        self.signer.setEnabled(signing and self.identity.kind.currentData() == "organisation")
        self.identity.update_rows(signing)

    def _done(self, result: Any) -> None:
        self.export_button.setEnabled(True)
        self.identity.forget_secret()
        self.result, self.error = result, None
        if result.signed:
            text = fill(
                self.tr("Signed by %1. Saved as %2 in %3"),
                result.signer,
                Path(result.file).name,
                Path(result.file).parent,
            )
        else:
            text = fill(
                self.tr("Saved (not signed) as %1 in %2"),
                Path(result.file).name,
                Path(result.file).parent,
            )
        self.status.setText(f'<span style="color:{OK_COLOUR}">{_html(text)}</span>')
        self.exported.emit(result)

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.identity.forget_secret()
        self.result, self.error = None, message
        self.status.setText(f'<span style="color:{FAIL_COLOUR}">{_html(message)}</span>')
        self.exported.emit(message)


class BatchExportDialog(QDialog):
    """Export every scorecard into a folder, with progress and cancel."""

    finished_export = Signal(object)  # list of ExportedScorecard, "cancelled" or an error

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.jobs: int | None = None  # processes; None: one per core
        self.task: tasks.Task | None = None
        self.written: list[Any] = []
        self.outcome: str | None = None
        self.not_ready = 0  # initiatives and companies left out of the last batch
        self.folder = _PathField(self, self._choose_folder)
        self.folder.edit.setText(str(_documents() / "ACES scorecards"))
        self.kind = QComboBox(self)
        for data in (None, "initiative", "company", "site"):
            self.kind.addItem("", data)
        self.sign = QCheckBox(self)
        coordinator = workspace.role == "coordinator"
        self.sign.setChecked(coordinator)
        self.sign.setEnabled(coordinator)
        self.include_withheld = QCheckBox(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.labels = [QLabel(self) for _ in range(2)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.folder)
        form.addRow(self.labels[1], self.kind)
        form.addRow("", self.sign)
        form.addRow("", self.include_withheld)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export all scorecards"))
        self.labels[0].setText(self.tr("Folder:"))
        self.labels[1].setText(self.tr("Scorecards:"))
        names = [self.tr("All"), self.tr("Initiatives"), self.tr("Companies"), self.tr("Sites")]
        for i, text in enumerate(names):
            self.kind.setItemText(i, text)
        self.folder.browse.setText(self.tr("Browse…"))
        self.sign.setText(self.tr("Sign every scorecard with the organisation certificate"))
        self.include_withheld.setText(
            self.tr(
                "Include sites withheld from publication and assessments not marked ready "
                "to publish (confidential)"
            )
        )
        self.start_button.setText(self.tr("Export"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("Close"))

    def _choose_folder(self, field: _PathField) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), field.edit.text())
        if name:
            field.edit.setText(name)

    def start(self) -> None:
        folder = self.folder.path()
        if folder is None:
            self._failed(self.tr("Choose a folder for the scorecards."))
            return
        ws, kind, jobs = self.workspace, self.kind.currentData(), self.jobs
        sign, withheld = self.sign.isChecked(), self.include_withheld.isChecked()
        language = current_language()

        def work(progress: tasks.TaskProgress) -> list[reports.ExportedScorecard]:
            written = reports.scorecards(
                ws,
                folder,
                sign=sign,
                kind=kind,
                jobs=jobs,
                progress=progress,
                include_withheld=withheld,
                language=language,
            )
            self.not_ready = 0 if withheld else reports.not_ready_skipped(ws, kind)
            return written

        self.written, self.outcome, self.not_ready = [], None, 0
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Scoring…"))
        self.task = tasks.run_task(
            work,
            label=self.tr("Writing scorecards"),
            parent=self,
            on_done=self._done,
            on_error=self._failed,
            delay_ms=NEVER,
        )
        self.task.progress.changed.connect(self._progress)
        self.task.finished.connect(self._ended)

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling… (scorecards already written are kept)"))

    def _progress(self, _label: str, value: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(value, total))
            self.status.setText(fill(self.tr("Writing scorecard %1 of %2…"), value, total))

    def _done(self, written: Any) -> None:
        self.written, self.outcome = list(written), "done"
        signed = sum(1 for w in self.written if w.signed)
        self.progress.setRange(0, max(1, len(self.written)))
        self.progress.setValue(max(1, len(self.written)))
        self.status.setText(
            fill(
                self.tr("%1 scorecards written (%2 signed) to %3"),
                len(self.written),
                signed,
                self.folder.edit.text(),
            )
            + (
                " "
                + fill(
                    self.tr(
                        "%1 initiatives and companies not marked ready to publish were skipped."
                    ),
                    self.not_ready,
                )
                if self.not_ready
                else ""
            )
        )
        self.finished_export.emit(self.written)

    def _failed(self, message: str) -> None:
        self.outcome = "failed"
        self.status.setText(f'<span style="color:{FAIL_COLOUR}">{_html(message)}</span>')
        self.finished_export.emit(message)

    def _ended(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.outcome is None:  # neither done nor failed: cancelled
            self.outcome = "cancelled"
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.status.setText(
                self.tr("Cancelled. Scorecards already written in the folder are complete.")
            )
            self.finished_export.emit("cancelled")
