"""`aces pki ...` and `aces pdf verify` with a workspace, as coordinators script them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cryptography import x509

from aces_desktop.reports import pki
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import run_aces
from tests.reports.pdftools import signed_sample

PASS_ENV = {"ACES_PASSPHRASE": PASSPHRASE}


def aces(
    *args: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    return run_aces(*args, env=env, timeout=timeout)


def assert_clean_failure(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_init_coordinator_makes_the_ca_and_pki_commands_work(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    made = aces("--workspace", ws, "init", "--role", "coordinator", "--name", "Org A", env=PASS_ENV)
    assert made.returncode == 0, made.stderr
    listed = json.loads(aces("--workspace", ws, "pki", "list", "--json", env=PASS_ENV).stdout)
    assert listed["ca"] is not None and listed["certificates"] == []
    assert "Org A scorecard CA" in listed["ca"]["subject"]

    issued = aces("--workspace", ws, "pki", "issue", "--person", "Li Ming", "--json", env=PASS_ENV)
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["name"] == "Li Ming"

    out = tmp_path / "ca.pem"
    exported = aces("--workspace", ws, "pki", "export-ca", "--out", str(out), env=PASS_ENV)
    assert exported.returncode == 0, exported.stderr
    ca = x509.load_pem_x509_certificate(out.read_bytes())
    assert pki.fingerprint(ca) == listed["ca"]["fingerprint_sha256"]
    init_again = json.loads(aces("--workspace", ws, "pki", "init", "--json", env=PASS_ENV).stdout)
    assert init_again["created"] is False


def test_field_workspace_pki_is_refused(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    assert aces("--workspace", ws, "init", "--role", "field", env=PASS_ENV).returncode == 0
    assert_clean_failure(
        aces("--workspace", ws, "pki", "issue", "--person", "X", env=PASS_ENV),
        "Only a coordinator workspace",
    )


def test_verify_trusts_the_workspace_ca_without_trust_option(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="Org B")
    try:
        pdf = tmp_path / "card.pdf"
        pdf.write_bytes(signed_sample(pki.signing_identity(ws)))
    finally:
        ws.close()
    ok = aces("--workspace", str(path), "pdf", "verify", str(pdf), env=PASS_ENV)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "organisation CA of workspace 'Org B'" in ok.stdout

    other = tmp_path / "other"
    with Workspace.create(other, PASSPHRASE, role="coordinator", name="Org C") as ws_c:
        pki.ensure_ca(ws_c)
    refused = aces("--workspace", str(other), "pdf", "verify", str(pdf), env=PASS_ENV)
    assert refused.returncode == 1
    assert "[FAIL] Certificate chain" in refused.stdout


def test_verify_without_workspace_or_trust_says_what_to_do(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert_clean_failure(
        aces("--workspace", str(tmp_path / "none"), "pdf", "verify", str(pdf)), "--trust CA.pem"
    )
    assert_clean_failure(
        aces("--workspace", str(tmp_path / "none"), "pdf", "verify", str(tmp_path / "a.txt")),
        "There is no file",
    )
