"""The Links section of a record's page: company–site links, memberships and coverage added,
edited and removed on the page of a company, an initiative or a site, with type-ahead
pickers, named confirmations, and the ratings they change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from aces_desktop.store import models as m
from aces_desktop.ui.forms.record_editor import RecordEditor
from aces_desktop.ui.links import LinkList
from aces_desktop.ui.list_page import ListPage
from tests.helpers import add
from tests.ui_forms.formhelpers import pick, set_field

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture
def records(workspace: Any) -> dict[str, str]:
    ids = {
        "company": add(workspace, "company", name="Northwind Apparel", kind="brand"),
        "company_b": add(workspace, "company", name="Southwind Outfitters", kind="retailer"),
        "initiative": add(workspace, "initiative", name="Garment Safety Accord", acronym="GSA"),
    }
    for n in (1, 2, 3):
        ids[f"site{n}"] = add(workspace, "site", name=f"Mill {n}", country="BD")
    return ids


def open_page(qtbot: Any, workspace: Any, type_name: str, name: str) -> ListPage:
    """The list of ``type_name`` shown, with the record named ``name`` selected."""
    page = ListPage(workspace, type_name)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    page.select_row(row)
    qtbot.waitUntil(lambda: page.detail.links.isVisible())
    return page


def add_link(qtbot: Any, links: LinkList, other: str, **fields: Any) -> None:
    """Add… on a list of links: pick the other end by typing, fill the fields, save."""
    before = links.model.rowCount()
    qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    dialog = links.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    editor: RecordEditor = dialog.editor
    assert not editor.editors[links.kind.own_field].isEnabled()  # this record, fixed
    assert editor.editors[links.kind.own_field].state() == links.record_id
    pick(qtbot, editor.editors[links.kind.other_field].picker, other)  # type: ignore[attr-defined]
    for name, value in fields.items():
        set_field(editor, name, value)
    editor.save_button.click()
    qtbot.waitUntil(lambda: links.model.rowCount() == before + 1)


def row_texts(links: LinkList) -> list[list[str]]:
    model = links.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def select(links: LinkList, name: str) -> None:
    texts = row_texts(links)
    links.table.setFocus()
    links.table.selectRow(next(r for r, t in enumerate(texts) if t[0] == name))


def test_company_site_link_added_edited_and_removed(
    qtbot: Any, workspace: Any, records: dict[str, str]
) -> None:
    page = open_page(qtbot, workspace, "company", "Northwind Apparel")
    section = page.detail.links
    sites = section.lists["company_sites"]
    assert sites.isVisible() and not section.lists["initiative_members"].isVisible()
    assert sites.model.rowCount() == 0 and not sites.remove_button.isEnabled()

    qtbot.mouseClick(sites.add_button, Qt.MouseButton.LeftButton)
    dialog = sites.dialog
    assert dialog is not None
    editor = dialog.editor
    pick(qtbot, editor.editors["site_id"].picker, "Mill 2")  # type: ignore[attr-defined]
    relation = editor.editors["relation"].combo  # type: ignore[attr-defined]
    relation.setFocus()
    qtbot.keyClick(relation, Qt.Key.Key_Down)  # required, so nothing is preselected
    assert editor.editors["relation"].state() == "sources_from"
    qtbot.keyClicks(editor.editors["tier"].edit, "1")  # type: ignore[attr-defined]
    set_field(editor, "period_start", "2025-01-01")
    editor.save_button.click()
    qtbot.waitUntil(lambda: sites.model.rowCount() == 1)
    assert row_texts(sites) == [["Mill 2", "Sources from", "1", "since 2025-01-01"]]

    with workspace.session() as s:
        (link,) = s.query(m.CompanySite).all()
        assert (link.company_id, link.site_id, link.tier) == (
            records["company"],
            records["site2"],
            1,
        )
        link_id = link.id

    # Edit the tier: Enter on the selected row opens the form.
    select(sites, "Mill 2")
    qtbot.keyClick(sites.table, Qt.Key.Key_Return)
    dialog = sites.dialog
    assert dialog is not None and dialog.editor.record_id == link_id
    tier = dialog.editor.editors["tier"].edit  # type: ignore[attr-defined]
    tier.selectAll()
    qtbot.keyClicks(tier, "3")
    dialog.editor.save_button.click()
    qtbot.waitUntil(lambda: row_texts(sites) and row_texts(sites)[0][2] == "3")
    assert workspace.counts()["company_site"] == 1  # a new revision, not a new link

    # Remove: Delete asks, naming both ends and the relation; Cancel keeps it.
    select(sites, "Mill 2")
    qtbot.keyClick(sites.table, Qt.Key.Key_Delete)
    box = sites.confirm_box
    assert box is not None
    assert "Northwind Apparel" in box.text() and "Mill 2" in box.text()
    assert "Sources from" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert sites.model.rowCount() == 1
    select(sites, "Mill 2")
    box = sites.remove_selected()
    assert box is not None
    remove = next(b for b in box.buttons() if b.text() == "Remove")
    remove.click()
    qtbot.waitUntil(lambda: sites.model.rowCount() == 0)
    with workspace.session() as s:
        state = s.get(m.RecordState, link_id)
        assert state is not None and state.deleted  # a delete revision; the history stays
        assert len(workspace.records.history(s, link_id)) == 3


def test_membership_with_status_and_dates(
    qtbot: Any, workspace: Any, records: dict[str, str]
) -> None:
    page = open_page(qtbot, workspace, "company", "Northwind Apparel")
    memberships = page.detail.links.lists["company_memberships"]
    add_link(
        qtbot, memberships, "Garment", status="suspended", since="2025-02-01", until="2026-12-31"
    )
    assert row_texts(memberships) == [
        ["Garment Safety Accord", "Suspended", "2025-02-01 – 2026-12-31"]
    ]
    with workspace.session() as s:
        (row,) = s.query(m.Membership).all()
        assert (row.initiative_id, row.company_id, row.status) == (
            records["initiative"],
            records["company"],
            "suspended",
        )
    # Dates out of order are refused by the form, nothing written.
    qtbot.mouseClick(memberships.add_button, Qt.MouseButton.LeftButton)
    dialog = memberships.dialog
    assert dialog is not None
    pick(qtbot, dialog.editor.editors["initiative_id"].picker, "Garment")  # type: ignore[attr-defined]
    set_field(dialog.editor, "since", "2026-05-01")
    set_field(dialog.editor, "until", "2026-01-01")
    assert dialog.editor.save() is None
    assert workspace.counts()["membership"] == 1


def test_initiative_members_and_covered_sites_show_on_the_site_page(
    qtbot: Any, workspace: Any, records: dict[str, str]
) -> None:
    page = open_page(qtbot, workspace, "initiative", "Garment Safety Accord")
    section = page.detail.links
    members = section.lists["initiative_members"]
    covered = section.lists["initiative_coverage"]
    assert not section.lists["company_sites"].isVisible()
    add_link(qtbot, members, "Northwind", since="2026-01-01")
    add_link(qtbot, members, "Southwind", since="2026-01-01")
    for n, workers in ((1, 1200), (2, 800), (3, 450)):
        add_link(qtbot, covered, f"Mill {n}", workers_covered=workers)
    assert [t[0] for t in row_texts(members)] == ["Northwind Apparel", "Southwind Outfitters"]
    assert row_texts(covered) == [
        ["Mill 1", "1,200", ""],
        ["Mill 2", "800", ""],
        ["Mill 3", "450", ""],
    ]
    counts = workspace.counts()
    assert (counts["membership"], counts["coverage"]) == (2, 3)

    # The site's page: the initiative covering it, and the company linked from there.
    site_page = open_page(qtbot, workspace, "site", "Mill 1")
    site_links = site_page.detail.links
    assert row_texts(site_links.lists["site_coverage"]) == [["Garment Safety Accord", "1,200", ""]]
    companies = site_links.lists["site_companies"]
    add_link(qtbot, companies, "Northwind", relation="owns")
    assert row_texts(companies) == [["Northwind Apparel", "Owns", "", ""]]
    # The company's page shows the same link from its side, without a refresh of its own.
    company_page = open_page(qtbot, workspace, "company", "Northwind Apparel")
    company_links = company_page.detail.links
    assert [t[:2] for t in row_texts(company_links.lists["company_sites"])] == [["Mill 1", "Owns"]]
    assert [t[0] for t in row_texts(company_links.lists["company_memberships"])] == [
        "Garment Safety Accord"
    ]
    # A change to an unrelated record type reloads no links section.
    before = site_links.reloads
    from aces_desktop.ops import records as record_ops
    from aces_desktop.ui import ops as ui_ops

    ui_ops.applied(workspace, record_ops.save(workspace, "person", {"name": "A. Auditor"}))
    assert site_links.reloads == before


def _accountable_evidence(ws: Any, initiative: str) -> None:
    """A1–A5 at level 3 from fresh documents: Accountable = 100 x 15 / 20 = 75."""
    for crit in ("A1", "A2", "A3", "A4", "A5"):
        add(
            ws,
            "evidence",
            subject_type="initiative",
            subject_id=initiative,
            criterion=crit,
            level=3,
            source_type="document",
            evidence_date="2026-06-01",
        )


def test_ratings_follow_memberships_and_coverage_added_on_the_pages(
    qtbot: Any, coordinator: Any
) -> None:
    from aces_desktop.ui.ratings import RatingsPage

    ws = coordinator
    initiative = add(ws, "initiative", name="Garment Safety Accord")
    company = add(ws, "company", name="Northwind Apparel", kind="brand")
    add(ws, "site", name="Mill 1", country="BD")
    _accountable_evidence(ws, initiative)
    ratings = RatingsPage(ws)
    ratings.as_of = AS_OF
    qtbot.addWidget(ratings)

    def rescore() -> None:
        with qtbot.waitSignal(ratings.scored, timeout=30_000):
            ratings.refresh()

    rescore()
    before = ratings.results[company]
    assert {c.id: c.level for c in before.criteria}["C6"] is None
    assert before.coverage == 0.0
    s_before = ratings.results[initiative].dimension("S")
    assert ratings.results[initiative].dimension("A").score == 75.0

    page = open_page(qtbot, ws, "company", "Northwind Apparel")
    add_link(qtbot, page.detail.links.lists["company_memberships"], "Garment", since="2026-01-01")
    ini_page = open_page(qtbot, ws, "initiative", "Garment Safety Accord")
    add_link(
        qtbot, ini_page.detail.links.lists["initiative_coverage"], "Mill 1", workers_covered=5000
    )
    rescore()
    after = ratings.results[company]
    # Membership credit: floor(2 x 75 / 100) = 1 in C6 (weight 15) and C7 (weight 25);
    # coverage 40 %; band 100 x 40 / 400 = 10 up to 100 x (40 + 4 x 60) / 400 = 70, capped
    # at 15 without a statement that meets the legal minimum.
    levels = {c.id: c.level for c in after.criteria}
    assert (levels["C6"], levels["C7"]) == (1, 1)
    assert after.coverage == 40.0
    model = ratings.company_table.model()
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data() == "Northwind Apparel"
    )
    assert model.index(row, 3).data() == "10.0–15.0"
    assert model.index(row, 4).data() == "40 %"
    # Coverage records list the sites; S1 reads the workers covered stated in S1 evidence
    # (docs/methodology.md), so the initiative's Scaled rating does not move.
    s_after = ratings.results[initiative].dimension("S")
    assert (s_after.score, s_after.band) == (s_before.score, s_before.band)
