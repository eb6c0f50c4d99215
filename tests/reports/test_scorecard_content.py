"""What a brand or investor reads on a scorecard (issue 16, item 12): no raw codes, history
columns that apply, one "stale" per cell, document apart from description, every indicator
family on the site chart, a summary on page 1 and no mostly empty page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics.shapes import String

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.reports import charts, summary
from aces_desktop.reports.scorecard import ScorecardBuilder
from aces_desktop.reports.scorecard_data import CriterionBlock, EvidenceLine, Scorecard, collect
from aces_desktop.reports.scorecard_export import export_scorecard, score_results
from aces_desktop.store import snapshots
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE

CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Signed scorecards of an initiative, a company (with a tier) and a site (risk 3 or 4)
    of the demo data, with rating history from four quarter-end snapshots."""
    folder = tmp_path_factory.mktemp("content")
    ws = Workspace.create(
        folder / "ws", PASSPHRASE, role="coordinator", name="Content org", person_name="Dana Li"
    )
    out: dict[str, Any] = {"ws": folder / "ws"}
    try:
        fill_demo(ws, DemoOptions(sites=6, observations=300, seed=7))
        snapshots.backfill(ws, dt.date.today(), 4)
        picks = {
            "initiative": score_results(ws, "initiative")[0],
            "company": next(r for r in score_results(ws, "company") if r.get("tier")),
            "site": max(score_results(ws, "site"), key=lambda r: r.get("risk_level") or -1),
        }
        for kind, result in picks.items():
            pdf = folder / f"{kind}.pdf"
            export_scorecard(ws, result, pdf, sign=True)
            out[kind] = pdf
            out[f"{kind}-card"] = collect(ws, result)
    finally:
        ws.close()
    return out


def _text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-layout"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("kind", ["initiative", "company", "site"])
def test_no_raw_codes_in_the_pdf(cards: dict[str, Any], kind: str) -> None:
    text = _text(cards[kind])
    text = re.sub(r"aces[-_][\w.-]+|aces-scorecard\.json", "", text)  # file names in the steps
    found = sorted(set(CODE.findall(text)))
    assert found == [], f"raw codes on the {kind} scorecard: {found}"
    assert "Rating history" in text  # the history is there, so its statuses were checked


@pytest.mark.parametrize("kind", ["initiative", "company", "site"])
def test_page_one_has_the_summary(cards: dict[str, Any], kind: str) -> None:
    first = _text(cards[kind], 1)
    for heading in ("Summary", "Since the last scorecard", "Recommended actions", "Rating"):
        assert heading in first, (kind, heading)
    assert "Rating changed from" in first or "Rating unchanged since" in first


def test_history_shows_only_the_columns_of_the_subject(cards: dict[str, Any]) -> None:
    def head(kind: str) -> str:
        text = _text(cards[kind])
        start = text.index("Rating history")
        lines = [x for x in text[start:].split("\n")[1:] if x.strip()]
        return lines[0]

    assert head("initiative").split() == ["As", "of", "Status", "Grades"]
    assert head("company").split() == ["As", "of", "Status", "Score", "Tier"]
    assert head("site").split() == ["As", "of", "Status", "Risk", "level"]


def test_no_mostly_empty_page(cards: dict[str, Any]) -> None:
    """Every page but the last is at least half full (lines of text on the page)."""
    for kind in ("initiative", "company", "site"):
        pages = _text(cards[kind]).split("\f")[:-1]
        for number, page in enumerate(pages[:-1], start=1):
            lines = [x for x in page.splitlines() if x.strip()]
            assert len(lines) >= 25, f"{kind} page {number} has only {len(lines)} lines"


def _card(evidence: list[EvidenceLine], level: int | None = 1) -> Scorecard:
    block = CriterionBlock(
        id="C1",
        name="Commitment and governance",
        dimension=None,
        weight=10,
        level=level,
        max_level=4,
        level_text="policy approved by the board",
        stale=False,
        notes=[],
        evidence=evidence,
    )
    return Scorecard(
        kind="company",
        subject_id="0190c0de-0000-7000-8000-000000000001",
        subject_name="Northwind",
        other_names=[],
        facts=[],
        result={"kind": "company", "criteria": [], "status": "rated", "tier": "Starter",
                "score": 30, "confidence": "low", "as_of": "2026-11-30"},
        criteria=[block],
        remediation=None,
        history=[],
        workspace="Test org",
        generated_at="2026-11-30T00:00:00+00:00",
    )  # fmt: skip


def _cells(table: Any) -> list[str]:
    return [getattr(cell, "text", "") for row in table._cellvalues for cell in row]


def test_evidence_rows_separate_document_and_description_and_say_stale_once() -> None:
    line = EvidenceLine(
        record_type="evidence",
        id="e1",
        source_type="own_claim",
        date="2023-01-05",
        link="https://example.org/policy.pdf",
        document="Policy",
        description="The board approved a forced-labour policy in 2022.",
        stale=True,
        notes=["stale (older than 24 months): level 2 halved to 1"],
    )
    builder = ScorecardBuilder(_card([line]), "ab" * 32)
    table = builder._evidence_table(builder.card.criteria[0])
    cells = _cells(table)
    assert len(table._cellvalues[0]) == 4  # no file column: no evidence here has files
    row = cells[4:]
    assert row[0] == "The subject's own claim"
    assert "Policy" in row[2] and "example.org/policy.pdf" in row[2]
    assert "board approved" not in row[2] and "board approved" in row[3]
    assert row[3].count("stale") == 1

    line.files = ["cd" * 32]
    table = builder._evidence_table(builder.card.criteria[0])
    assert len(table._cellvalues[0]) == 5 and "cd" * 32 in _cells(table)[-1]


def test_site_chart_shows_every_family_graded() -> None:
    criteria: list[dict[str, Any]] = [
        {"id": "ILO-01", "dimension": "ILO", "level": 0},
        {"id": "SIL-01", "dimension": "SIL", "level": None},
        {"id": "DW-01", "dimension": "DW", "level": 3},
        {"id": "ENV-02", "dimension": "ENV", "level": 3},
    ]
    drawing = charts.site_chart(criteria, 0.5, "Helvetica", 500)
    texts = [s.text for s in drawing.contents if isinstance(s, String)]
    for family in ("ILO", "State", "Decent work", "Environment"):
        assert family in texts
    bars = [
        s for s in drawing.contents if type(s).__name__ == "Rect" and getattr(s, "height", 0) > 80
    ]
    assert len(bars) >= 2  # the two grade-3 bars of decent work and environment


def test_actions_come_from_the_rubric() -> None:
    unknown = _card([], level=None)
    assert any(a.startswith("Gather evidence for C1") for a in summary.summarise(unknown).actions)
    low = _card([], level=1)
    low.previous = {"kind": "company", "tier": "Laggard", "score": 10, "as_of": "2026-09-30",
                    "criteria": [{"id": "C1", "name": "Commitment", "level": None}]}  # fmt: skip
    low.result["criteria"] = [{"id": "C1", "name": "Commitment and governance", "level": 1}]
    parts = summary.summarise(low)
    assert any("C1 · Commitment and governance: level 2 requires" in a for a in parts.actions)
    assert (
        parts.changes[0] == "Rating changed from Laggard (10) (as of 2026-09-30) to Starter (30)."
    )
    assert "level unknown → 1" in parts.changes[1]
