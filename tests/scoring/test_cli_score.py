"""`aces score` as coordinators script it: a real process on a demo workspace."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.helpers import run_aces


def aces(*args: str) -> subprocess.CompletedProcess[str]:
    return run_aces(*args, env={"ACES_PASSPHRASE": PASSPHRASE})


def test_score_json_on_a_demo_workspace(tmp_path: Path) -> None:
    ws = str(tmp_path / "demo")
    made = aces("demo", "--workspace", ws, "--sites", "8", "--observations", "400", "--json")
    assert made.returncode == 0, made.stderr
    counts = json.loads(made.stdout)["created"]

    first = aces("score", "--workspace", ws, "--json", "--as-of", "2026-11-25")
    assert first.returncode == 0, first.stderr
    doc = json.loads(first.stdout)
    assert doc["as_of"] == "2026-11-25" and doc["rubric_version"] == "1"
    kinds = [r["kind"] for r in doc["results"]]
    assert kinds.count("initiative") == counts["initiative"] == 5
    assert kinds.count("company") == counts["company"]
    assert kinds.count("site") == counts["site"] == 8
    assert doc["snapshots_saved"] == len(doc["results"])
    for r in doc["results"]:
        assert len(r["input_hash"]) == 64 and r["rubric_version"] == "1"
        assert r["status"] in ("rated", "insufficient_evidence", "unknown")
        if r["kind"] == "initiative":
            assert [d["id"] for d in r["dimensions"]] == ["T", "S", "A"]
            assert len(r["criteria"]) == 11
        if r["kind"] == "company":
            assert (
                r["band"]["low"]
                <= (r["score"] if r["score"] is not None else r["band"]["low"])
                <= r["band"]["high"]
            )
            assert r["tier"] in (None, "Leader", "Improver", "Starter", "Laggard")
            assert {g["id"] for g in r["gates"]} >= {"legal_statement", "response_log"}
        if r["kind"] == "site":
            assert r["risk_level"] in (None, 0, 1, 2, 3, 4)
            assert "remediation" in r["site"]
        for c in r["criteria"]:
            for e in c["evidence"]:
                assert e["record_type"] in ("evidence", "membership", "company_response", "finding")
    # a leader-profile demo company is rated, and every known criterion names its evidence
    rated = [r for r in doc["results"] if r["kind"] == "company" and r["status"] == "rated"]
    assert rated
    for r in rated:
        for c in r["criteria"]:
            assert (c["level"] is None) == (c["earned_by"] == [])

    again = aces("score", "--workspace", ws, "--json", "--as-of", "2026-11-25")
    doc2 = json.loads(again.stdout)
    assert doc2["results"] == doc["results"]  # reproducible
    assert doc2["snapshots_saved"] == 0  # same inputs, same day: no duplicate snapshot

    sites = aces(
        "score", "--workspace", ws, "--kind", "site", "--json", "--no-save", "--as-of", "2026-11-25"
    )
    site_doc = json.loads(sites.stdout)
    assert {r["kind"] for r in site_doc["results"]} == {"site"} and site_doc[
        "snapshots_saved"
    ] is None

    subject = doc["results"][0]["subject_id"]
    hist = aces("score", "history", "--workspace", ws, "--id", subject, "--json")
    assert hist.returncode == 0, hist.stderr
    snaps = json.loads(hist.stdout)["snapshots"]
    assert [s["as_of"] for s in snaps] == ["2026-11-25"]
    assert snaps[0]["input_hash"] == doc["results"][0]["input_hash"]

    filled = aces("score", "--workspace", ws, "--json", "--as-of", "2026-11-25", "--backfill", "2")
    assert filled.returncode == 0, filled.stderr
    # today's snapshot exists already; the two past quarter ends are new
    assert json.loads(filled.stdout)["snapshots_saved"] == 2 * len(doc["results"])
    hist = aces("score", "history", "--workspace", ws, "--id", subject, "--json")
    assert [s["as_of"] for s in json.loads(hist.stdout)["snapshots"]] == [
        "2026-06-30",
        "2026-09-30",
        "2026-11-25",
    ]

    table = aces("score", "--workspace", ws, "--no-save", "--as-of", "2026-11-25")
    assert table.returncode == 0, table.stderr
    assert "Initiatives" in table.stdout and "Companies" in table.stdout and "Sites" in table.stdout
    assert "Garment Safety Accord" in table.stdout

    # a draft rubric with other weights scores differently and says so
    from aces_desktop.core.resources import resource_path

    shipped = resource_path("methodology", "rubric-v1.toml").read_text(encoding="utf-8")
    draft = tmp_path / "rubric-v2.toml"
    draft.write_text(
        shipped.replace('version = "1"', 'version = "2-draft"').replace(
            "coverage_threshold = 60", "coverage_threshold = 10"
        ),
        encoding="utf-8",
    )
    other = aces(
        "score",
        "--workspace",
        ws,
        "--json",
        "--no-save",
        "--rubric",
        str(draft),
        "--as-of",
        "2026-11-25",
    )
    assert other.returncode == 0, other.stderr
    other_doc = json.loads(other.stdout)
    assert other_doc["rubric_version"] == "2-draft"
    assert {r["rubric_version"] for r in other_doc["results"]} == {"2-draft"}
    assert other_doc["results"][0]["input_hash"] != doc["results"][0]["input_hash"]
    broken = tmp_path / "broken.toml"
    broken.write_text(shipped.replace("weight = 25", "weight = 30"), encoding="utf-8")
    refused = aces("score", "--workspace", ws, "--rubric", str(broken))
    assert refused.returncode == 1
    assert "company.criteria" in refused.stderr and "sum to 100" in refused.stderr
    assert "Traceback" not in refused.stderr

    bad = aces("score", "--workspace", ws, "--as-of", "25/11/2026")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    missing = aces(
        "score", "history", "--workspace", ws, "--id", "00000000-0000-7000-8000-000000000000"
    )
    assert missing.returncode == 1 and "No score snapshots" in missing.stderr
    assert "Traceback" not in missing.stderr
