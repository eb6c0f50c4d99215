"""Scorecards built from real scoring results of a workspace, checked with independent
tools: pdfsig (validity, whole-file coverage, trust via NSS), qpdf, pdftotext, pdfdetach."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.reports import pki
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import SECRET_NOTE, add, small_world
from tests.reports.pdftools import nss_db_trusting, pdfsig
from tests.reports.test_cli_reports import PASS_ENV, aces, assert_clean_failure

PUBLIC_FILE = b"Board-approved forced labour policy, 2026 (public)"
PRIVATE_FILE = b"Interview recording transcript (coordinator only)"
# Things that identify workers or staff: they must never appear in any scorecard.
NEVER_SHOWN = (SECRET_NOTE, "Worker K-17", "zqx-7731", "Test Auditor", "secret-file-name")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A coordinator workspace: a small demo, the test world and evidence with files."""
    path = tmp_path_factory.mktemp("reports") / "ws"
    ws = Workspace.create(
        path, PASSPHRASE, role="coordinator", name="Scorecard test org", person_name="Dana Li"
    )
    try:
        fill_demo(ws, DemoOptions(sites=4, observations=200, seed=5))
        ids = small_world(ws)
        ids["evidence"] = add(
            ws,
            "evidence",
            subject_type="company",
            subject_id=ids["company"],
            criterion="C1",
            level=2,
            source_type="document",
            kind="policy",
            url="https://example.org/northwind/policy.pdf",
            evidence_date="2026-05-01",
            description="Board-approved forced-labour policy",
        )
        public_sha, public_size = ws.blobs.put_bytes(PUBLIC_FILE)
        private_sha, private_size = ws.blobs.put_bytes(PRIVATE_FILE)
        for sha, size, scope in (
            (public_sha, public_size, "public_anonymised"),
            (private_sha, private_size, "coordinator"),
        ):
            add(
                ws,
                "attachment",
                owner_type="evidence",
                owner_id=ids["evidence"],
                sha256=sha,
                media_type="application/pdf",
                size=size,
                original_name="secret-file-name.pdf",
                consent_scope=scope,
            )
        ids["public_sha"], ids["private_sha"] = public_sha, private_sha
        ids["path"] = str(path)
    finally:
        ws.close()
    return ids


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _attachment(pdf: Path, folder: Path) -> dict:
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(folder), str(pdf)], check=True)
    return json.loads((folder / "aces-scorecard.json").read_text(encoding="utf-8"))


def _assert_private(text: str) -> None:
    for secret in NEVER_SHOWN:
        assert secret not in text, secret


def test_signed_site_scorecard_passes_every_independent_check(
    world: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "site.pdf"
    made = aces(
        "--workspace", world["path"], "report", "--kind", "site", "--id", world["site"],
        "--out", str(out), "--sign", "--json", env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["scorecards"][0]["signer"] == "Dana Li"
    sig = pdfsig(out)
    assert "Signature is Valid." in sig and "Total document signed" in sig
    ca = tmp_path / "ca.pem"
    assert (
        aces(
            "--workspace", world["path"], "pki", "export-ca", "--out", str(ca), env=PASS_ENV
        ).returncode
        == 0
    )
    assert "Certificate is Trusted." in pdfsig(out, nss_db_trusting(ca, tmp_path / "nss"))
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout

    text = _text(out)
    assert "喀什恒润纺织有限公司" in text  # the Chinese name extracts
    assert "Kashgar Hengrun Textile Co., Ltd." in text
    assert "Site scorecard" in text and "Page 1 of" in text
    assert "ILO-07" in text and "Retention of identity documents" in text
    assert "身份证由宿舍管理员保管" in text  # the finding's narrative is evidence
    assert "Confidential: this site is withheld from publication" in text
    assert "CN2021044AB12CD" not in text  # location fields of a withheld site stay out
    assert "Appendix: methodology" in text and "Remediation" in text
    _assert_private(text)
    data = _attachment(out, tmp_path / "att")
    assert data["kind"] == "site" and data["subject_id"] == world["site"]
    _assert_private(json.dumps(data, ensure_ascii=False))
    assert data["scorecard"]["result"]["input_hash"] in text.replace("\n", "")
    verify = aces("pdf", "verify", str(out), "--trust", str(ca))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_company_scorecard_lists_public_file_hashes_only(
    world: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "company.pdf"
    made = aces(
        "--workspace", world["path"], "report", "--kind", "company", "--id", world["company"],
        "--out", str(out), "--sign", env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = _text(out)
    flat = "".join(text.split())
    assert world["public_sha"] in flat
    assert world["private_sha"] not in flat
    assert "https://example.org/northwind/policy.pdf" in flat
    assert "Company scorecard" in text and "Northwind Apparel" in text
    _assert_private(text)
    data = _attachment(out, tmp_path / "att")
    assert data["evidence_sha256"] == [world["public_sha"]]
    assert world["private_sha"] not in json.dumps(data)


def test_unsigned_initiative_scorecard(world: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "initiative.pdf"
    made = aces(
        "--workspace", world["path"], "report", "--kind", "initiative",
        "--id", world["initiative"], "--out", str(out), env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = _text(out)
    assert "Initiative scorecard" in text and "Garment Safety Accord" in text
    assert "Not signed" in text and "Transparent" in text and "Accountable" in text
    assert "There are no signatures" in pdfsig(out) or "does not contain any signatures" in (
        pdfsig(out)
    )
    refused = aces("pdf", "verify", str(out), "--trust", str(out))
    assert refused.returncode == 1


def test_batch_export_signs_and_verifies_every_scorecard(
    world: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    made = aces(
        "--workspace", world["path"], "report", "--all", "--out", str(folder), "--sign",
        "--jobs", "2", "--json", env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    listed = json.loads(made.stdout)["scorecards"]
    kinds = {c["kind"] for c in listed}
    assert kinds == {"initiative", "company", "site"}
    assert world["site"] not in {c["subject_id"] for c in listed}  # withheld: left out
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == len(listed) >= 10
    index = json.loads((folder / "scorecards.json").read_text(encoding="utf-8"))
    assert len(index["scorecards"]) == len(files)
    ca = tmp_path / "ca.pem"
    with Workspace.open(Path(world["path"]), PASSPHRASE) as ws:
        ca.write_text(pki.cert_pem(pki.ca_certificate(ws)), encoding="ascii")
    nss = nss_db_trusting(ca, tmp_path / "nss")
    for pdf in files:
        report = pdfsig(pdf, nss)
        assert "Signature is Valid." in report, pdf.name
        assert "Total document signed" in report, pdf.name
        assert "Certificate is Trusted." in report, pdf.name
        _assert_private(_text(pdf))
    sample = files[0]
    assert aces("pdf", "verify", str(sample), "--trust", str(ca)).returncode == 0


def test_bad_requests_exit_1_without_traceback(world: dict[str, str], tmp_path: Path) -> None:
    ws = world["path"]
    out = str(tmp_path / "x.pdf")
    unknown = "0190c0de-0000-7000-8000-00000000dead"
    assert_clean_failure(
        aces("--workspace", ws, "report", "--kind", "site", "--id", unknown, "--out", out,
             env=PASS_ENV),
        "There is no site with id",
    )  # fmt: skip
    assert_clean_failure(
        aces("--workspace", ws, "report", "--kind", "site", "--id", world["site"], "--out", out,
             "--sign", "--signer", "Nobody Known", env=PASS_ENV),
        "No signing certificate for 'Nobody Known'",
    )  # fmt: skip
    assert not Path(out).exists()
    usage = aces("--workspace", ws, "report", "--kind", "site", "--out", out, env=PASS_ENV)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_field_workspace_cannot_sign(tmp_path: Path) -> None:
    path = tmp_path / "field"
    with Workspace.create(path, PASSPHRASE, role="field", name="Field") as ws:
        site = add(ws, "site", name="Test site", country="BD")
    assert_clean_failure(
        aces("--workspace", str(path), "report", "--kind", "site", "--id", site,
             "--out", str(tmp_path / "s.pdf"), "--sign", env=PASS_ENV),
        "Only a coordinator workspace",
    )  # fmt: skip


def test_two_workers_write_the_scorecards_one_writes(world: dict[str, str], tmp_path: Path) -> None:
    """The batch is shared by this process and a spawned worker: every scorecard is written
    once, under the same name, signer and rating, as when one process writes them all (the
    data hash differs: it covers the time each scorecard was made)."""
    from aces_desktop.reports import scorecard_export

    with Workspace.open(Path(world["path"]), PASSPHRASE) as ws:
        results = scorecard_export.score_results(ws)
        written = {
            jobs: scorecard_export.export_all(
                ws, tmp_path / f"jobs-{jobs}", sign=True, jobs=jobs, results=results
            )
            for jobs in (1, 2)
        }
    one = [(Path(e.file).name, e.signer, e.rating) for e in written[1]]
    two = [(Path(e.file).name, e.signer, e.rating) for e in written[2]]
    assert one == two and len(one) >= 10
    assert len({e.data_sha256 for e in written[2]}) == len(two)
    assert sorted(p.name for p in (tmp_path / "jobs-2").glob("*.pdf")) == sorted(n for n, *_ in one)
    assert not list((tmp_path / "jobs-2").glob("*.tmp*"))  # atomic writes leave no temp file
