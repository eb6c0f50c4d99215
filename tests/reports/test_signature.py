"""Signed PDFs checked by independent tools (poppler's pdfsig with NSS, qpdf) and by
``aces pdf verify``: validity, whole-file coverage, trust, tampering, swapped data."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from aces_desktop.reports import pki
from aces_desktop.reports.signing import sign_pdf
from aces_desktop.reports.verify import VerificationInputError, verify_pdf
from tests.reports.conftest import Org
from tests.reports.pdftools import (
    SITE_NAME,
    nss_db_trusting,
    pdfsig,
    sample_data,
    signed_sample,
    simple_pdf,
)
from tests.reports.test_cli_reports import aces, assert_clean_failure


def test_pdfsig_accepts_the_signature_and_whole_file_coverage(signed_pdf: Path) -> None:
    out = pdfsig(signed_pdf)
    assert "Signature is Valid." in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out  # PAdES
    assert "Dana Coordinator" in out


def test_pdfsig_trusts_the_certificate_once_the_org_ca_is_in_nss(
    signed_pdf: Path, ca_pem: Path, tmp_path: Path
) -> None:
    nss = nss_db_trusting(ca_pem, tmp_path / "nss")
    assert "Certificate is Trusted." in pdfsig(signed_pdf, nss)
    _, other = pki.make_ca("Other organisation")
    other_pem = tmp_path / "other.pem"
    other_pem.write_text(pki.cert_pem(other), encoding="ascii")
    untrusted = pdfsig(signed_pdf, nss_db_trusting(other_pem, tmp_path / "other-nss"))
    assert "Certificate is Trusted." not in untrusted
    assert "Signature is Valid." in untrusted


def test_qpdf_finds_no_errors(signed_pdf: Path) -> None:
    result = subprocess.run(
        ["qpdf", "--check", str(signed_pdf)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_signed_pdf_carries_the_data_and_verifies(signed_pdf: Path, ca_pem: Path) -> None:
    data = sample_data()
    subprocess.run(
        ["pdfdetach", "-saveall", "-o", str(signed_pdf.parent), str(signed_pdf)], check=True
    )
    attached = (signed_pdf.parent / "aces-scorecard.json").read_bytes()
    assert attached == data.to_bytes()
    doc = json.loads(attached)
    assert doc["evidence_sha256"] == ["ab" * 32]
    result = aces("pdf", "verify", str(signed_pdf), "--trust", str(ca_pem), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["valid"] is True
    assert [c["check"] for c in verdict["checks"]] == [
        "signature",
        "coverage",
        "certificate",
        "data",
    ]
    assert verdict["signer"] == "Dana Coordinator"
    assert verdict["subject_name"] == SITE_NAME
    assert verdict["data_sha256"] == data.sha256()
    text = aces("pdf", "verify", str(signed_pdf), "--trust", str(ca_pem))
    assert text.returncode == 0 and "VALID: signed by Dana Coordinator" in text.stdout


def _flip_byte_in_signed_range(data: bytes) -> bytes:
    """Change one letter of the document title, inside the first signed byte range."""
    at = data.index(b"ACES test scorecard")
    changed = bytearray(data)
    changed[at] = ord("X")
    assert at < data.index(b"/ByteRange")
    return bytes(changed)


def test_one_changed_byte_is_a_digest_mismatch_for_pdfsig_and_aces(
    signed_pdf: Path, ca_pem: Path, tmp_path: Path
) -> None:
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(_flip_byte_in_signed_range(signed_pdf.read_bytes()))
    out = pdfsig(tampered)
    assert "Digest Mismatch" in out and "Signature is Valid." not in out
    result = aces("pdf", "verify", str(tampered), "--trust", str(ca_pem), "--json")
    assert result.returncode == 1
    checks = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
    assert not checks["signature"]["ok"] and "digest mismatch" in checks["signature"]["detail"]
    assert "failed verification" in result.stderr and "Traceback" not in result.stderr


def test_content_appended_after_signing_is_not_covered(
    signed_pdf: Path, ca_pem: Path, tmp_path: Path
) -> None:
    """An incremental update that replaces the attached data leaves the signature intact
    but no longer covering the whole file: refused."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf.read_bytes()))
    forged = sample_data().scorecard | {"risk_level": 0}
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string="aces-scorecard.json",
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer, json.dumps(forged).encode()
            ),
        ),
    )
    out = io.BytesIO()
    writer.write(out)
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(out.getvalue())
    assert "Total document signed" not in pdfsig(appended)
    result = aces("pdf", "verify", str(appended), "--trust", str(ca_pem), "--json")
    assert result.returncode == 1
    checks = {c["check"]: c["ok"] for c in json.loads(result.stdout)["checks"]}
    assert checks["signature"] and not checks["coverage"]


def test_swapped_embedded_json_is_refused(
    identity: pki.SigningIdentity, ca_pem: Path, tmp_path: Path
) -> None:
    """Pages built from one scorecard, another scorecard's data attached, validly signed."""
    shown = sample_data()
    other = sample_data(subject_id="0190c0de-0000-7000-8000-000000000002")
    swapped = tmp_path / "swapped.pdf"
    swapped.write_bytes(sign_pdf(simple_pdf(shown.sha256()), identity, other.to_bytes()))
    assert "Signature is Valid." in pdfsig(swapped)  # a signature alone does not catch it
    result = aces("pdf", "verify", str(swapped), "--trust", str(ca_pem), "--json")
    assert result.returncode == 1, result.stdout
    checks = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["signature"]["ok"] and checks["certificate"]["ok"]
    assert (
        not checks["data"]["ok"]
        and "not the data the document was built from" in (checks["data"]["detail"])
    )


def test_evidence_hash_list_must_match_the_evidence(
    identity: pki.SigningIdentity, org: Org
) -> None:
    data = sample_data()
    doc = data.document()
    doc["evidence_sha256"] = ["cd" * 32]
    from aces_desktop.core.canonical import sha256_hex
    from aces_desktop.reports.signing import data_bytes

    raw = data_bytes(doc)
    pdf = sign_pdf(simple_pdf(sha256_hex(raw)), identity, raw)
    verdict = verify_pdf(pdf, [org[1]], label="x", trust_label="ca")
    assert not verdict.ok
    assert [c.detail for c in verdict.checks if not c.ok] == [
        "the list of evidence-file hashes does not match the evidence"
    ]


def test_another_organisation_is_refused_unless_trusted_explicitly(
    ca_pem: Path, tmp_path: Path
) -> None:
    other_key, other_ca = pki.make_ca("Other organisation")
    key, cert = pki.make_signing_certificate(other_key, other_ca, "Mallory")
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(signed_sample(pki.SigningIdentity("Mallory", key, cert, other_ca)))
    assert "Signature is Valid." in pdfsig(foreign)
    refused = aces("pdf", "verify", str(foreign), "--trust", str(ca_pem), "--json")
    assert refused.returncode == 1
    checks = {c["check"]: c for c in json.loads(refused.stdout)["checks"]}
    assert not checks["certificate"]["ok"] and checks["signature"]["ok"]
    other_pem = tmp_path / "other-ca.pem"
    other_pem.write_text(pki.cert_pem(other_ca), encoding="ascii")
    accepted = aces("pdf", "verify", str(foreign), "--trust", str(other_pem))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Mallory" in accepted.stdout


def test_self_signed_certificate_claiming_the_org_name_is_refused(
    org: Org, ca_pem: Path, tmp_path: Path
) -> None:
    """A forger's CA with the very same name as ours does not chain to our CA."""
    fake_key, fake_ca = pki.make_ca("Test organisation")
    key, cert = pki.make_signing_certificate(fake_key, fake_ca, "Dana Coordinator")
    pdf = signed_sample(pki.SigningIdentity("Dana Coordinator", key, cert, fake_ca))
    verdict = verify_pdf(pdf, [org[1]], label="forged", trust_label="ca")
    assert not verdict.ok
    assert [c.name for c in verdict.checks if not c.ok] == ["certificate"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"This is a plain text file.\n", "is not a PDF file"),
        (b"", "is not a PDF file"),
        (None, "is damaged or truncated"),
        ("unsigned", "is not signed"),
    ],
)
def test_bad_input_exits_1_without_traceback(
    content: bytes | str | None, message: str, signed_pdf: Path, ca_pem: Path, tmp_path: Path
) -> None:
    target = tmp_path / "input.pdf"
    if content is None:
        target.write_bytes(signed_pdf.read_bytes()[:4000])
    elif content == "unsigned":
        target.write_bytes(simple_pdf("00" * 32))
    else:
        assert isinstance(content, bytes)
        target.write_bytes(content)
    assert_clean_failure(aces("pdf", "verify", str(target), "--trust", str(ca_pem)), message)


def test_missing_file_and_bad_trust_file_exit_1(signed_pdf: Path, tmp_path: Path) -> None:
    assert_clean_failure(
        aces("pdf", "verify", str(tmp_path / "nope.pdf"), "--trust", str(signed_pdf)),
        "is not a certificate",
    )
    notes = tmp_path / "ca.pem"
    notes.write_text("not a certificate", encoding="utf-8")
    assert_clean_failure(
        aces("pdf", "verify", str(signed_pdf), "--trust", str(notes)), "is not a certificate"
    )
    ca = tmp_path / "real.pem"
    ca.write_text(pki.cert_pem(pki.make_ca("X")[1]), encoding="ascii")
    assert_clean_failure(
        aces("pdf", "verify", str(tmp_path / "nope.pdf"), "--trust", str(ca)), "There is no file"
    )


def test_in_process_errors_are_user_errors(org: Org) -> None:
    with pytest.raises(VerificationInputError, match="not a PDF"):
        verify_pdf(b"GIF89a", [org[1]], label="x.gif", trust_label="ca")


def test_signed_data_is_rfc8785_canonical_json_an_independent_tool_reproduces() -> None:
    import hashlib

    import rfc8785

    data = sample_data()
    card = {**data.scorecard, "score": 50.0, "band": {"low": 1e-7, "high": 100.0}}
    data = dataclasses.replace(data, scorecard=card)
    raw = data.to_bytes()
    parsed = json.loads(raw)
    assert parsed["format_version"] == 2
    assert raw == rfc8785.dumps(parsed)  # any JCS implementation gives the same bytes
    assert b'"score":50,' in raw and b'"low":1e-7' in raw  # ECMAScript number forms
    assert data.sha256() == hashlib.sha256(rfc8785.dumps(parsed)).hexdigest()


def test_data_of_format_version_1_still_verifies(identity: pki.SigningIdentity, org: Org) -> None:
    from aces_desktop.core.canonical import canonical_bytes, sha256_hex

    doc = {**sample_data().document(), "format_version": 1}
    doc["scorecard"] = {**doc["scorecard"], "score": 50.0}
    raw = canonical_bytes(doc)  # the sorted-key JSON that version 1 scorecards carry
    assert b'"score":50.0' in raw
    pdf = sign_pdf(simple_pdf(sha256_hex(raw)), identity, raw)
    assert verify_pdf(pdf, [org[1]], label="x", trust_label="ca").ok
    jcs = {**doc, "format_version": 2}
    relabelled = canonical_bytes(jcs)  # claims version 2 but is not JCS
    pdf = sign_pdf(simple_pdf(sha256_hex(relabelled)), identity, relabelled)
    verdict = verify_pdf(pdf, [org[1]], label="x", trust_label="ca")
    assert [c.detail for c in verdict.checks if not c.ok] == [
        "aces-scorecard.json is not in canonical form"
    ]
