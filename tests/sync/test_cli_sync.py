"""The sync commands as coordinators script them: real processes, exit codes, JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.helpers import run_aces


def aces(*args: str) -> subprocess.CompletedProcess[str]:
    return run_aces(*args, env={"ACES_PASSPHRASE": PASSPHRASE})


def ok(*args: str) -> str:
    result = aces(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_enrol_export_verify_merge_from_the_command_line(tmp_path: Path) -> None:
    coord, field = str(tmp_path / "coord"), str(tmp_path / "field")
    ok("--workspace", coord, "init", "--role", "coordinator", "--name", "HQ")
    ok("--workspace", field, "init", "--role", "field", "--name", "Hotan team")
    ok("demo", "--workspace", field, "--sites", "3", "--observations", "40", "--role", "field")
    cid, fid = tmp_path / "coord.id", tmp_path / "field.id"
    exported = json.loads(ok("keys", "export", "--workspace", coord, "--out", str(cid), "--json"))
    readable = exported["fingerprint_readable"]
    assert len(readable.split()) == 8 and all(len(g) == 4 for g in readable.split())
    ok("keys", "export", "--workspace", field, "--out", str(fid))
    # An untrusted field device cannot export (no coordinator yet).
    refused = aces("bundle", "export", "--workspace", field, "--out", str(tmp_path / "x.aces"))
    assert refused.returncode == 1 and "trusts no coordinator" in refused.stderr
    assert "Traceback" not in refused.stderr
    added = ok("trust", "add", "--workspace", field, str(cid))
    assert readable in added
    ok("trust", "add", "--workspace", coord, str(fid))
    listed = json.loads(ok("trust", "list", "--workspace", coord, "--json"))
    assert [d["name"] for d in listed["trusted"]] == ["Hotan team"]
    bundle = tmp_path / "field.aces"
    summary = json.loads(
        ok("bundle", "export", "--workspace", field, "--out", str(bundle), "--json")
    )
    assert summary["revisions"] > 40
    verified = json.loads(ok("bundle", "verify", "--workspace", coord, str(bundle), "--json"))
    assert verified["valid"] and verified["revisions"] == summary["revisions"]
    merged = json.loads(ok("bundle", "merge", "--workspace", coord, str(bundle), "--json"))
    assert merged["refused"] == 0 and merged["bundles"][0]["new_revisions"] == summary["revisions"]
    coord_info = json.loads(ok("info", "--workspace", coord, "--json"))
    field_info = json.loads(ok("info", "--workspace", field, "--json"))
    assert coord_info["state_hash"] == field_info["state_hash"]
    assert json.loads(ok("conflicts", "list", "--workspace", coord, "--json")) == []
    assert isinstance(json.loads(ok("duplicates", "list", "--workspace", coord, "--json")), list)
    # A bundle not meant for this workspace: exit 1, a message, no traceback.
    wrong = aces("bundle", "merge", "--workspace", field, str(bundle))
    assert wrong.returncode == 1
    assert "not encrypted to this workspace's key" in wrong.stderr
    assert "Traceback" not in wrong.stderr + wrong.stdout
