"""The in-memory list models (Ratings tables, Sync page lists, outreach log), tested
without any window."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from aces_desktop.ops.ratings import score
from aces_desktop.store.outreach import OutreachRow
from aces_desktop.sync.merge import MergeSummary
from aces_desktop.ui.forms.responses_log import COMPANY, MET, STATUS, SUBJECT, OutreachModel
from aces_desktop.ui.ratings_models import (
    RISK_COLOURS,
    CompanyRatingsModel,
    InitiativeRatingsModel,
    SiteRatingsModel,
)
from aces_desktop.ui.row_models import ROW_ROLE, SORT_ROLE, sortable
from aces_desktop.ui.sync_models import (
    ConflictModel,
    DeviceModel,
    DuplicateModel,
    MergeSummaryModel,
)
from tests.scoring.world import scoring_world

AS_OF = dt.date(2026, 11, 25)


def _request(subject: str, *, overdue: bool, met: bool | None = None) -> OutreachRow:
    content = {
        "request_sent_on": "2026-01-01",
        "channel": "email",
        "subject": subject,
        "answered_on": None if overdue else "2026-02-01",
        "commitment_met": met,
        "commitments": "First line\nsecond line",
    }
    reason = "unanswered for 90 days" if overdue else ""
    return OutreachRow(f"id-{subject}", "c1", "Northwind", content, overdue, reason)


def test_outreach_model_texts_roles_and_overdue_style(qtbot: Any) -> None:
    model = OutreachModel()
    assert model.rowCount() == 0 and model.columnCount() == 9
    rows = [_request("Supplier list", overdue=True), _request("Audit", overdue=False, met=True)]
    model.set_rows(rows)
    assert model.rowCount() == 2
    assert model.headerData(STATUS, Qt.Orientation.Horizontal) == "Status"
    late, answered = model.index(0, STATUS), model.index(1, STATUS)
    assert late.data() == "Overdue: unanswered for 90 days"
    assert answered.data() == "Answered"
    assert model.index(0, SUBJECT).data(ROW_ROLE) is rows[0]
    assert model.index(1, COMPANY).data() == "Northwind"
    assert model.index(1, MET).data() == "yes" and model.index(0, MET).data() == ""
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert isinstance(model.index(0, SUBJECT).data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert answered.data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(5, 0).data() is None  # past the end
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_ratings_models_show_and_sort_the_results(qtbot: Any, workspace: Any) -> None:
    scoring_world(workspace)
    run = score(workspace, AS_OF)
    initiatives, companies, sites = (
        InitiativeRatingsModel(),
        CompanyRatingsModel(),
        SiteRatingsModel(),
    )
    initiatives.set_rows([r for r in run.results if r.kind == "initiative"])
    companies.set_rows([r for r in run.results if r.kind == "company"])
    sites.set_rows([r for r in run.results if r.kind == "site"])
    assert (initiatives.rowCount(), companies.rowCount(), sites.rowCount()) == (1, 2, 3)
    assert initiatives.index(0, 0).data() == "Garment Safety Accord"
    assert initiatives.index(0, 4).data().endswith("%")
    named = {companies.index(r, 0).data(): r for r in range(2)}
    assert companies.index(named["Silent Brand"], 6).data() == "Non-responsive"

    # Risk: coloured by level, sorted by the level (not by its text) through the proxy.
    proxy = sortable(sites)
    proxy.sort(SiteRatingsModel.RISK, Qt.SortOrder.DescendingOrder)
    levels = [proxy.index(r, SiteRatingsModel.RISK).data(SORT_ROLE) for r in range(3)]
    assert levels == sorted(levels, reverse=True) and levels[0] == 4
    top = proxy.index(0, SiteRatingsModel.RISK)
    assert top.data().startswith("4")
    brush = top.data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == RISK_COLOURS[4]
    assert proxy.index(0, 0).data(ROW_ROLE).risk_level == 4


def test_sync_models_show_devices_merges_conflicts_and_duplicates(qtbot: Any) -> None:
    devices = DeviceModel()
    devices.set_rows(
        [
            {
                "name": "Hotan team",
                "role": "field",
                "fingerprint_readable": "ab cd",
                "device_id": "d1",
                "revoked": {"time": "2026-05-01T10:00:00Z", "reason": "laptop seized"},
            },
            {
                "name": "HQ",
                "role": "coordinator",
                "fingerprint_readable": "ef",
                "device_id": "d2",
                "revoked": None,
            },
        ]
    )
    assert devices.index(0, DeviceModel.STATUS).data() == "Revoked on 2026-05-01: laptop seized"
    assert devices.index(1, DeviceModel.STATUS).data() == "Trusted"
    assert devices.index(1, 0).data(ROW_ROLE)["device_id"] == "d2"

    merges = MergeSummaryModel()
    merges.set_rows(
        [
            MergeSummary("/x/a.aces", created=3, waiting=[{"held": 2}]),
            MergeSummary("/x/b.aces", refused="not a sync bundle"),
        ]
    )
    assert [merges.index(0, c).data() for c in range(7)] == ["a.aces", "3", "0", "0", "0", "2", ""]
    assert [merges.index(1, c).data() for c in (0, 1, 6)] == ["b.aces", "", "not a sync bundle"]

    conflicts = ConflictModel()
    conflicts.set_rows([{"record_type": "site", "title": "Mill 1"}])
    assert conflicts.index(0, 0).data() == "Site: Mill 1"

    pairs = DuplicateModel()
    pair = {
        "site_a": {"name": "Mill 1", "country": "CN"},
        "site_b": {"name": "Mill One", "country": "CN"},
        "reason": "similar name",
        "score": 91.4,
    }
    pairs.set_rows([pair, {**pair, "score": 70.0}])
    assert [pairs.index(0, c).data() for c in range(5)] == [
        "Mill 1",
        "Mill One",
        "similar name",
        "91",
        "CN",
    ]
    proxy = sortable(pairs)
    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 3).data() == "70"
