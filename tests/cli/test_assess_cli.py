"""`aces evidence add`, `link add`, `membership add`, `coverage add` as scripts use them:
real processes, ids on standard output, refusals that name the option and write nothing,
and scores that match the methodology worked by hand."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import add, run_aces

AS_OF = "2026-11-30"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def aces(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_aces(*args, "--workspace", str(ws), env={"ACES_PASSPHRASE": PASSPHRASE})


def ok(ws: Path, *args: str) -> str:
    done = aces(ws, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def added_id(ws: Path, *args: str) -> str:
    """Run an `add` command and return the id it printed (its only output)."""
    out = ok(ws, *args).strip()
    assert len(out) == 36 and out.count("-") == 4, out
    return out


def state_hash(ws: Path) -> str:
    return str(json.loads(ok(ws, "info", "--json"))["state_hash"])


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A coordinator workspace with an initiative, two companies and three sites."""
    from aces_desktop.store.workspace import Workspace

    path = tmp_path / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="Assess", kdf=CHEAP_KDF)
    try:
        ids = {
            "initiative": add(ws, "initiative", name="Garment Safety Accord", acronym="GSA"),
            "company_a": add(ws, "company", name="Northwind Apparel", kind="brand"),
            "company_b": add(ws, "company", name="Southwind Outfitters", kind="retailer"),
        }
        for n in (1, 2, 3):
            ids[f"site{n}"] = add(ws, "site", name=f"Mill {n}", country="BD")
    finally:
        ws.close()
    return path, ids


def evidence(
    ws: Path,
    subject: str,
    criterion: str,
    level: int,
    *extra: str,
    source: str = "document",
    date: str = "2026-06-01",
) -> str:
    return added_id(
        ws, "evidence", "add", "--subject", subject, "--criterion", criterion, "--level",
        str(level), "--source", source, "--date", date, *extra,
    )  # fmt: skip


def test_scores_of_a_small_example_match_the_methodology_by_hand(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    ws, ids = world
    ini = ids["initiative"]
    pdf = tmp_path / "inspection-report.pdf"
    pdf.write_bytes(PDF)
    # Transparent: 3 + 2 + 4 of 12.
    evidence(ws, ini, "T1", 3, "--url", "https://example.org/sites.csv")
    evidence(ws, ini, "T2", 2, source="direct_observation")
    evidence(ws, ini, "T3", 4, source="public_report")
    # Scaled: the facts set the levels of S1 (150,000 workers: 2) and S2 (12.5 %: 2).
    evidence(ws, ini, "S1", 3, "--fact", "workers_covered=150000")
    evidence(ws, ini, "S2", 1, "--fact", "workforce_share_percent=12.5")
    evidence(ws, ini, "S3", 1)
    # Accountable: an own claim of level 4 earns 3 - 1 = 2; evidence from 2023 is stale
    # (older than 24 months on the scoring date) and earns half of 3, rounded down: 1.
    evidence(ws, ini, "A1", 4)
    evidence(ws, ini, "A2", 3)
    evidence(ws, ini, "A3", 4, source="own_claim")
    a4 = json.loads(
        ok(
            ws,
            "evidence",
            "add",
            "--subject",
            ini,
            "--criterion",
            "a4",
            "--level",
            "3",
            "--source",
            "document",
            "--date",
            "2026-06-01",
            "--file",
            str(pdf),
            "--description",
            "Inspection report with off-site interviews",
            "--json",
        )
    )
    evidence(ws, ini, "A5", 3, date="2023-01-15")
    # Company B's statement meets the legal minimum; company A has none.
    statement = added_id(
        ws,
        "evidence",
        "add",
        "--subject",
        ids["company_b"],
        "--criterion",
        "LEGAL_STATEMENT",
        "--source",
        "document",
        "--date",
        "2026-03-01",
        "--fact",
        "published=true",
        "--fact",
        "board_approved=True",
        "--fact",
        "signed=true",
    )
    memberships = [
        added_id(
            ws,
            "membership",
            "add",
            "--initiative",
            ini,
            "--company",
            ids[c],
            "--since",
            "2026-01-01",
        )
        for c in ("company_a", "company_b")
    ]
    for n, workers in ((1, 1200), (2, 800), (3, 450)):
        added_id(
            ws, "coverage", "add", "--initiative", ini, "--site", ids[f"site{n}"], "--workers",
            str(workers),
        )  # fmt: skip

    assert a4["type"] == "evidence" and a4["record"]["criterion"] == "A4"
    assert a4["record"]["subject_type"] == "initiative" and a4["record"]["subject_id"] == ini
    (attachment,) = a4["attachments"]
    assert attachment["owner_id"] == a4["id"] and attachment["owner_type"] == "evidence"
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attachment["media_type"] == "application/pdf"
    assert attachment["original_name"] == "inspection-report.pdf"

    counts = json.loads(ok(ws, "info", "--json"))["counts"]
    assert counts["coverage"] == 3 and counts["membership"] == 2 and counts["evidence"] == 12
    assert counts["attachment"] == 1

    doc = json.loads(ok(ws, "score", "--json", "--no-save", "--as-of", AS_OF))
    results = {r["subject_id"]: r for r in doc["results"]}
    initiative = results[ini]
    dims = {d["id"]: d for d in initiative["dimensions"]}
    assert (dims["T"]["score"], dims["T"]["grade"]) == (75.0, "B")  # 100 * 9 / 12
    assert (dims["S"]["score"], dims["S"]["grade"]) == (41.7, "C")  # 100 * 5 / 12
    assert (dims["A"]["score"], dims["A"]["grade"]) == (65.0, "B")  # 100 * 13 / 20
    assert initiative["status"] == "rated" and initiative["coverage"] == 100.0
    assert initiative["labels"] == []  # the label needs every dimension at 75 or more
    levels = {c["id"]: c["level"] for c in initiative["criteria"]}
    assert levels == {
        "T1": 3, "T2": 2, "T3": 4, "S1": 2, "S2": 2, "S3": 1,
        "A1": 4, "A2": 3, "A3": 2, "A4": 3, "A5": 1,
    }  # fmt: skip
    a4_refs = next(c for c in initiative["criteria"] if c["id"] == "A4")["evidence"]
    assert a4_refs[0]["sha256"] == [attachment["sha256"]]

    # Members earn floor(2 x 65 / 100) = 1 in C6 (weight 15) and C7 (weight 25): coverage
    # 40 % (insufficient), band 100 x 40 / 400 = 10 up to 100 x (40 + 4 x 60) / 400 = 70,
    # capped at 15 without a statement meeting the legal minimum.
    for company, high, gate in (("company_a", 15.0, False), ("company_b", 70.0, True)):
        r = results[ids[company]]
        assert r["status"] == "insufficient_evidence" and r["score"] is None
        assert r["coverage"] == 40.0
        assert (r["band"]["low"], r["band"]["high"]) == (10.0, high)
        crit = {c["id"]: c["level"] for c in r["criteria"]}
        assert crit["C6"] == crit["C7"] == 1 and crit["C1"] is None
        gates = {g["id"]: g for g in r["gates"]}
        assert gates["legal_statement"]["passed"] is gate
        assert (statement in gates["legal_statement"]["evidence"]) is gate
        assert set(gates["membership_credit"]["evidence"]) & set(memberships)


def test_link_and_membership_print_the_record_as_stored(
    world: tuple[Path, dict[str, str]],
) -> None:
    ws, ids = world
    link = json.loads(
        ok(
            ws, "link", "add", "--company", ids["company_a"].upper(), "--site", ids["site1"],
            "--relation", "sources_from", "--tier", "2", "--json",
        )
    )  # fmt: skip
    assert link["type"] == "company_site" and len(link["id"]) == 36
    assert link["record"]["company_id"] == ids["company_a"]
    assert (link["record"]["relation"], link["record"]["tier"]) == ("sources_from", 2)
    member = json.loads(
        ok(ws, "membership", "add", "--initiative", ids["initiative"], "--company",
           ids["company_b"], "--status", "suspended", "--json")
    )  # fmt: skip
    assert member["record"]["status"] == "suspended" and member["record"]["since"] is None
    cover = json.loads(
        ok(ws, "coverage", "add", "--initiative", ids["initiative"], "--site", ids["site2"],
           "--json")
    )  # fmt: skip
    assert cover["type"] == "coverage" and cover["record"]["site_id"] == ids["site2"]


MISSING = "01900000-0000-7000-8000-000000000000"


def _refusals(ids: dict[str, str], tmp_path: Path) -> list[tuple[list[str], str, str]]:

    def ev(*args: str) -> list[str]:
        return ["evidence", "add", "--source", "document", "--date", "2026-06-01", *args]

    ini, co = ids["initiative"], ids["company_a"]
    return [
        (ev("--subject", MISSING, "--criterion", "T1", "--level", "1"), "'--subject'", MISSING),
        (ev("--subject", ids["site1"], "--criterion", "T1", "--level", "1"), "'--subject'",
         "is a site"),
        (ev("--subject", "not-an-id", "--criterion", "T1", "--level", "1"), "'--subject'",
         "not-an-id"),
        (ev("--subject", co, "--criterion", "T1", "--level", "1"), "'--criterion'",
         "rates initiatives"),
        (ev("--subject", ini, "--criterion", "T9", "--level", "1"), "'--criterion'",
         "unknown criterion 'T9'"),
        (ev("--subject", ini, "--criterion", "T1", "--level", "5"), "'--level'",
         "T1 has levels 0, 1, 2, 3, 4, not 5"),
        (ev("--subject", ini, "--criterion", "T1", "--level", "-1"), "'--level'", "not -1"),
        (ev("--subject", ini, "--criterion", "T1"), "'--level'", "level"),
        (ev("--subject", co, "--criterion", "LEGAL_STATEMENT", "--level", "2"), "'--level'",
         "LEGAL_STATEMENT has levels 0, 4"),
        (ev("--subject", ini, "--criterion", "S1", "--level", "2", "--fact",
               "workers_covered=1_000"), "'--fact'", "plain decimal"),
        (ev("--subject", ini, "--criterion", "S1", "--level", "2", "--fact",
               "workers_covered=1e5"), "'--fact'", "plain decimal"),
        (ev("--subject", co, "--criterion", "LEGAL_STATEMENT", "--fact", "signed=yes"),
         "'--fact'", "true or false"),
        (ev("--subject", ini, "--criterion", "S1", "--level", "2", "--fact", "workers=5"),
         "'--fact'", "unknown fact 'workers'"),
        (ev("--subject", ini, "--criterion", "T1", "--level", "2", "--url", "example.org"),
         "'--url'", "web address"),
        (ev("--subject", ini, "--criterion", "T1", "--level", "2", "--file",
               str(tmp_path / "absent.pdf")), "'--file'", "absent.pdf"),
        (ev("--subject", ini, "--criterion", "T1", "--level", "2", "--file",
               str(tmp_path / "broken.png")), "'--file'", "picture cannot be read"),
        (["evidence", "add", "--source", "document", "--date", "2300-01-01", "--subject", ini,
          "--criterion", "T1", "--level", "2"], "'--date'", "out of range"),
        (["link", "add", "--company", ids["site1"], "--site", ids["site2"], "--relation", "owns"],
         "'--company'", "expected company"),
        (["link", "add", "--company", co, "--site", ids["site2"], "--relation", "owns",
          "--tier", "12"], "'--tier'", "at most 9"),
        (["membership", "add", "--initiative", MISSING, "--company", co], "'--initiative'",
         MISSING),
        (["membership", "add", "--initiative", ini, "--company", co, "--since", "2026-05-01",
          "--until", "2026-01-01"], "'--until'", "ends before it starts"),
        (["coverage", "add", "--initiative", ini, "--site", ids["site1"], "--workers", "-5"],
         "'--workers'", "at least 0"),
    ]  # fmt: skip


def test_bad_input_is_refused_naming_the_option_and_writes_nothing(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    ws, ids = world
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(picture, "PNG")
    (tmp_path / "broken.png").write_bytes(picture.getvalue()[:100])  # cut short
    before = state_hash(ws)
    for args, option, problem in _refusals(ids, tmp_path):
        done = aces(ws, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout
        assert done.stdout == ""
        message = done.stderr
        assert option in message and problem in message, (args, message)
        assert "nothing was written" in message or "out of range" in message
    assert state_hash(ws) == before


def test_not_a_date_or_a_choice_is_wrong_usage(world: tuple[Path, dict[str, str]]) -> None:
    ws, ids = world
    before = state_hash(ws)
    common = ["--subject", ids["initiative"], "--criterion", "T1", "--level", "1"]
    for extra in (
        ["--source", "document", "--date", "2026-13-01"],
        ["--source", "rumour", "--date", "2026-06-01"],
    ):
        done = aces(ws, "evidence", "add", *common, *extra)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
    assert state_hash(ws) == before


def test_a_file_refused_after_validation_leaves_no_record(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A document given with evidence the rubric refuses is not stored either."""
    ws, ids = world
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(PDF)
    before: dict[str, Any] = json.loads(ok(ws, "info", "--json"))["counts"]
    done = aces(
        ws, "evidence", "add", "--subject", ids["company_a"], "--criterion", "C9", "--level",
        "2", "--source", "document", "--date", "2026-06-01", "--file", str(pdf),
    )  # fmt: skip
    assert done.returncode == 1 and "'--criterion'" in done.stderr
    assert "C1, C2, C3, C4, C5, C6, C7, LEGAL_STATEMENT" in done.stderr
    assert json.loads(ok(ws, "info", "--json"))["counts"] == before
