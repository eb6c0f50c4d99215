"""The rubric's numbers reach the register and the scorecards from the scoring results: a
rubric whose thresholds and response window differ from the shipped one changes every
number the register page and the PDFs state (nothing is copied into the reports)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.resources import resource_path
from aces_desktop.core.rubric import DEFAULT_RUBRIC, Rubric, parse_rubric
from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.reports.register import export_register
from aces_desktop.reports.scorecard_export import render
from aces_desktop.store.gather import score_workspace

DAY = dt.date(2026, 11, 20)


def _variant() -> Rubric:
    text = resource_path("methodology", DEFAULT_RUBRIC).read_text(encoding="utf-8")
    changes = [
        ("coverage_threshold = 60", "coverage_threshold = 55"),
        ("window_days = 60", "window_days = 45"),
        ('{ grade = "A", min = 80 }', '{ grade = "A", min = 85 }'),
        ('{ tier = "Leader", min = 70 }', '{ tier = "Leader", min = 75 }'),
    ]
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_rubric(text.replace('version = "1"', 'version = "1-test"', 1))


@pytest.fixture
def demo(coordinator: Any) -> Any:
    fill_demo(coordinator, DemoOptions(sites=4, observations=160, seed=3))
    return coordinator


def test_the_register_states_the_numbers_of_the_rubric_it_was_scored_with(
    demo: Any, tmp_path: Path
) -> None:
    export_register(demo, tmp_path / "shipped", export_date=DAY)
    export_register(demo, tmp_path / "variant", export_date=DAY, rubric=_variant())
    shipped = (tmp_path / "shipped" / "index.html").read_text(encoding="utf-8")
    page = (tmp_path / "variant" / "index.html").read_text(encoding="utf-8")
    doc = json.loads((tmp_path / "variant" / "register.json").read_text(encoding="utf-8"))

    assert "A ≥ 80" in shipped and "Leader ≥ 70, Improver 40–69" in shipped
    assert "within\n60 days" in shipped and "below 60 % evidence" in shipped
    assert "A ≥ 85, B ≥ 60" in page and "A ≥ 80" not in page
    assert "Leader ≥ 75, Improver 40–74, Starter 15–39, Laggard below 15" in page
    assert "within\n45 days" in page and "below 55 % evidence" in page
    assert doc["rubric_version"] == "1-test"
    assert doc["methodology"]["response_window_days"] == 45
    assert doc["methodology"]["grades"][0] == {"grade": "A", "min": 85}
    assert doc["companies"] and all(c["responses"]["window_days"] == 45 for c in doc["companies"])


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def test_company_scorecards_state_the_numbers_of_their_rubric(demo: Any, tmp_path: Path) -> None:
    variant = _variant()
    results = [r.to_json() for r in score_workspace(demo, as_of=DAY, rubric=variant)]
    company = next(r for r in results if r["kind"] == "company" and r["responses"]["requests"])
    assert company["methodology"]["tiers"][0] == {"tier": "Leader", "min": 75}
    pdf, _digest = render(demo, company, None)
    text = _pdf_text(pdf, tmp_path)
    assert "Leader ≥ 75, Improver 40–74" in text and "Leader ≥ 70" not in text
    assert "answered within 45 days" in text
    assert "within 45 days is tagged" in text
    assert "at least 55 %" in text
    initiative = next(r for r in results if r["kind"] == "initiative")
    text = _pdf_text(render(demo, initiative, None)[0], tmp_path)
    assert "A ≥ 85, B ≥ 60, C ≥ 40, D ≥ 20, E below 20" in text
