"""Autosave of a visit being logged: if the device dies mid-visit nothing typed is lost.

The draft is kept in the encrypted workspace database (``store.drafts``), never in a file.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from aces_desktop.core.errors import AcesError
from aces_desktop.ops import records
from aces_desktop.store import drafts
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.visit_pending import PendingNote

if TYPE_CHECKING:
    from aces_desktop.ui.forms.visit_logger import VisitLogger

DRAFT_TYPE = "visit_log"


class VisitDraftKeeper(QObject):
    DELAY_MS = 600

    def __init__(self, logger: VisitLogger) -> None:
        super().__init__(logger)
        self.logger = logger
        self.restoring = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.save)
        for editor in (
            logger.site,
            logger.method,
            logger.start_date,
            logger.team,
            logger.summary,
        ):
            editor.edited.connect(self.changed)
        logger.checklist.itemChanged.connect(lambda _item: self.changed())
        logger.default_source.currentIndexChanged.connect(lambda _i: self.changed())
        logger.pseudonym.textEdited.connect(lambda _t: self.changed())
        logger.narrative.textChanged.connect(self.changed)
        logger.notes_changed.connect(self.changed)

    def changed(self) -> None:
        if not self.restoring and self.logger.visit_id is None:
            self.timer.start()

    def state(self) -> dict[str, Any]:
        lg = self.logger
        return {
            "site_id": lg.site.state(),
            "method": lg.method.state(),
            "start_date": lg.start_date.state(),
            "team": lg.team.state(),
            "summary": lg.summary.state(),
            "default_source": lg.default_source.currentData(),
            "rows": lg.checklist.draft_state(),
            "notes": [[n.pseudonym, n.consent_scope, n.narrative] for n in lg.notes],
            "typing": [lg.pseudonym.text(), lg.consent.state(), lg.narrative.toPlainText()],
        }

    def save(self, wait: float = 0.0) -> None:
        """The timer's saves never wait for the writer; closing waits a moment."""
        self.timer.stop()
        # Locked (or busy) meanwhile: the widgets still hold everything.
        with contextlib.suppress(AcesError):
            records.keep_draft(self.logger.ws, DRAFT_TYPE, None, self.state(), wait=wait)

    def flush(self) -> None:
        if self.timer.isActive():
            self.save(wait=ui_ops.UI_WRITE_WAIT_S)

    def load(self) -> drafts.Draft | None:
        return records.load_draft(self.logger.ws, DRAFT_TYPE, None)

    def discard(self) -> None:
        self.timer.stop()
        records.keep_draft(self.logger.ws, DRAFT_TYPE, None, None, wait=ui_ops.UI_WRITE_WAIT_S)

    def restore(self, content: dict[str, Any]) -> None:
        lg = self.logger
        self.restoring = True
        try:
            lg.site.set_state(content.get("site_id") or "")
            lg.method.set_state(content.get("method") or "")
            lg.start_date.set_state(content.get("start_date") or "")
            lg.team.set_state(content.get("team") or [])
            lg.summary.set_state(content.get("summary") or "")
            index = lg.default_source.findData(content.get("default_source"))
            if index >= 0:
                lg.default_source.setCurrentIndex(index)
            lg.checklist.set_draft_state(content.get("rows") or [])
            lg.set_notes([PendingNote(*map(str, n)) for n in content.get("notes") or []])
            pseudonym, consent, narrative = (content.get("typing") or ["", "device", ""])[:3]
            lg.pseudonym.setText(str(pseudonym))
            lg.consent.set_state(consent or "device")
            lg.narrative.setPlainText(str(narrative))
        finally:
            self.restoring = False
