"""The register publishes the scoring engine's figures: compared with `aces score --json`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.reports.register import export_register
from tests.conftest import PASSPHRASE
from tests.register.conftest import Demo

DATE = dt.date(2026, 11, 20)


def aces(demo: Demo, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
    env.pop("ACES_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "aces_desktop", "--workspace", str(demo.path), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def scores(demo: Demo) -> dict[str, dict[str, Any]]:
    done = aces(demo, "score", "--json", "--no-save", "--as-of", DATE.isoformat())
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["as_of"] == DATE.isoformat()
    return {r["subject_id"]: r for r in data["results"]}


@pytest.fixture(scope="module")
def doc(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("scored") / "register"
    export_register(demo.ws, out, export_date=DATE)
    data: dict[str, Any] = json.loads((out / "register.json").read_text("utf-8"))
    return data


def band(r: dict[str, Any]) -> list[float]:
    return [r["band"]["low"], r["band"]["high"]]


def test_initiative_ratings_are_the_engines(doc: dict[str, Any], scores: dict[str, Any]) -> None:
    assert (
        doc["initiatives"]
        and doc["rubric_version"] == next(iter(scores.values()))["rubric_version"]
    )
    for item in doc["initiatives"]:
        result = scores[item["id"]]
        assert result["kind"] == "initiative"
        dims = {d["id"]: d for d in result["dimensions"]}
        assert set(item["rating"]["dimensions"]) == set(dims) == {"T", "S", "A"}
        for key, published in item["rating"]["dimensions"].items():
            d = dims[key]
            assert published["score"] == d["score"] and published["grade"] == d["grade"]
            assert published["band"] == band(d) and published["coverage"] == d["coverage"]
            assert published["status"] == d["status"]
        labels = [x["en"] for x in result["labels"]]
        assert item["rating"]["label"] == (labels[0] if labels else None)


def test_company_ratings_and_response_record(doc: dict[str, Any], scores: dict[str, Any]) -> None:
    tiers = set()
    for item in doc["companies"]:
        result = scores[item["id"]]
        rating = item["rating"]
        assert rating["score"] == result["score"] and rating["tier"] == result["tier"]
        assert rating["band"] == band(result) and rating["coverage"] == result["coverage"]
        assert rating["tags"] == [t["en"] for t in result["tags"]]
        resp, log = item["responses"], result["responses"]
        assert resp["requests_sent"] == log["requests"] and resp["answered"] == log["answered"]
        assert resp["due"] == log["due"] and resp["answered_in_time"] == log["answered_in_time"]
        assert resp["commitments_made"] == log["with_commitments"]
        assert resp["commitments_met"] == log["commitments_met"]
        tiers.add(rating["tier"])
    assert len(tiers) >= 3, "the demo has companies in several tiers"


def test_site_risk_and_remediation(demo: Demo, doc: dict[str, Any], scores: dict[str, Any]) -> None:
    published = {s["id"] for s in doc["sites"]}
    rated_sites = {k for k, r in scores.items() if r["kind"] == "site"}
    assert published < rated_sites  # withheld sites are rated but not published
    levels = set()
    for item in doc["sites"]:
        result = scores[item["id"]]
        assert item["risk"]["level"] == result["risk_level"]
        assert item["risk"]["label"] == result["risk_label"]
        assert item["risk"]["confidence"] == result["confidence"]
        rem = result["site"]["remediation"]
        assert item["remediation"]["findings_above_zero"] == rem["above_zero"]
        assert item["remediation"]["verified_remediated"] == rem["verified"]
        expected = None if rem["progress"] is None else round(100 * rem["progress"], 1)
        assert item["remediation"]["progress"] == expected
        levels.add(result["risk_level"])
    assert len(levels) >= 2


def test_remediation_history_matches_scoring_as_of_each_date(
    demo: Demo, doc: dict[str, Any]
) -> None:
    from aces_desktop.store.gather import score_workspace

    site = max(doc["sites"], key=lambda s: len(s["remediation"]["history"]))
    history = site["remediation"]["history"]
    assert len(history) >= 3
    for point in history[:: max(1, len(history) // 3)]:
        day = dt.date.fromisoformat(point["date"])
        results = {r.subject_id: r for r in score_workspace(demo.ws, kind="site", as_of=day)}
        progress = results[site["id"]].site["remediation"]["progress"]  # type: ignore[index]
        assert point["progress"] == round(100 * progress, 1)


def test_export_scores_cli(demo: Demo, tmp_path: Path, scores: dict[str, Any]) -> None:
    import openpyxl

    out = tmp_path / "scores.xlsx"
    done = aces(demo, "export", "--scores", "--as-of", DATE.isoformat(), "--out", str(out))
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(name) for name in rows[0]]
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert "Score" in header and "Input hash" in header
    by_id = {str(r["ID"]): r for r in body}
    withheld = demo.ids["site_withhold"]
    assert withheld in scores and withheld not in by_id
    assert "Known withhold Spinning Mill" not in [r["Name"] for r in body]
    for sid, row in by_id.items():
        assert row["Score"] == scores[sid]["score"]
        assert row["Input hash"] == scores[sid]["input_hash"]
    csv_out = tmp_path / "companies.csv"
    done = aces(demo, "export", "--scores", "--kind", "company", "--out", str(csv_out))
    assert done.returncode == 0, done.stderr
    lines = csv_out.read_text("utf-8").splitlines()
    assert len(lines) - 1 == sum(1 for r in scores.values() if r["kind"] == "company")


def test_score_command_writes_spreadsheets(
    demo: Demo, tmp_path: Path, scores: dict[str, Any]
) -> None:
    import csv
    import io

    import openpyxl

    xlsx, csv_path = tmp_path / "s.xlsx", tmp_path / "s.csv"
    done = aces(
        demo,
        "score",
        "--no-save",
        "--as-of",
        DATE.isoformat(),
        "--kind",
        "site",
        "--xlsx",
        str(xlsx),
        "--csv",
        str(csv_path),
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8"))))
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert sheet.max_row - 1 == len(rows)
    site_ids = {k for k, r in scores.items() if r["kind"] == "site"}
    exported = {r["ID"] for r in rows}
    assert exported < site_ids and demo.ids["site_withhold"] not in exported
    for row in rows:
        level = scores[row["ID"]]["risk_level"]
        assert row["Risk level"] == ("" if level is None else str(level))
    bad = aces(demo, "score", "--xlsx", str(tmp_path / "s.csv"))
    assert bad.returncode == 2 and "ending in .xlsx" in bad.stderr
