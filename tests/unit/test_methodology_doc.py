"""docs/methodology.md is generated from the shipped rubric and cannot drift from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "methodology_doc.py"
RUBRIC = ROOT / "resources" / "methodology" / "rubric-v1.toml"
DOC = ROOT / "docs" / "methodology.md"


def methodology_doc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_the_page_is_what_the_rubric_generates() -> None:
    done = methodology_doc("--check")
    assert done.returncode == 0, done.stderr


def test_the_page_states_every_criterion_level_weight_and_threshold() -> None:
    from aces_desktop.core.rubric import default_rubric

    text = DOC.read_text(encoding="utf-8")
    rubric = default_rubric()
    for crit in rubric.criteria.values():
        assert crit.en in text
        for level in filter(None, crit.levels):
            assert level.replace(">=", "≥") in text, (crit.id, level)
    for cid in rubric.company_criteria:
        assert f"| {rubric.criteria[cid].en} | {rubric.criteria[cid].weight:g} |" in text
    assert "A ≥ 80, B ≥ 60, C ≥ 40, D ≥ 20, E below 20" in text
    assert "Leader ≥ 70, Improver 40–69, Starter 15–39, Laggard below 15" in text
    assert "10,000, 100,000, 500,000, 2,000,000" in text
    assert "at least 60 %" in text and "older than 24 months" in text
    assert "../shared" not in text


def test_a_changed_rubric_makes_the_check_fail(tmp_path: Path) -> None:
    changed = tmp_path / "rubric.toml"
    changed.write_text(
        RUBRIC.read_text(encoding="utf-8").replace(
            "coverage_threshold = 60", "coverage_threshold = 65"
        ),
        encoding="utf-8",
    )
    page = tmp_path / "methodology.md"
    page.write_bytes(DOC.read_bytes())
    done = methodology_doc("--check", "--rubric", str(changed), "--out", str(page))
    assert done.returncode == 1
    assert str(page) in done.stderr and "differs from the rubric" in done.stderr
    assert methodology_doc("--rubric", str(changed), "--out", str(page)).returncode == 0
    assert "at least 65 %" in page.read_text(encoding="utf-8")
    assert methodology_doc("--check", "--rubric", str(changed), "--out", str(page)).returncode == 0


def test_no_document_links_to_the_design_folder() -> None:
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert "shared/" not in path.read_text(encoding="utf-8"), path
