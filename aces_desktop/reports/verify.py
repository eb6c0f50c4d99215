"""Verify a signed scorecard: signature, coverage, certificate chain and embedded data.

A scorecard passes only when all four checks hold:

1. **signature**: the CMS signature is cryptographically valid, the signed bytes are
   unchanged (the document digest matches), and the space reserved for the signature in
   ``/Contents`` holds nothing but the DER signature and zero padding (that space is the one
   part of the file the signature cannot cover);
2. **coverage**: the signature covers the whole file (nothing was appended after signing);
3. **certificate**: the signer's certificate chains to a trust anchor: the organisation CA
   of the open workspace, or the certificate(s) given with ``--trust``;
4. **data**: the attached ``aces-scorecard.json`` is there, its SHA-256 is the one the
   document recorded when its pages were built (keywords ``aces-data-sha256=``), it is
   canonical JSON in a known format, and its list of evidence-file hashes matches the
   evidence it carries.

Input that is not a signed PDF at all raises ``VerificationInputError`` (exit 1 in the CLI).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import parser as asn1_parser
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from aces_desktop.core import messages as msg
from aces_desktop.core.canonical import sha256_hex
from aces_desktop.core.errors import AcesError
from aces_desktop.reports.pki import fingerprint, load_certificates
from aces_desktop.reports.signing import (
    ATTACHMENT_NAME,
    DATA_FORMAT,
    DATA_VERSION,
    KEYWORD_RE,
    evidence_hashes,
    is_canonical,
)

MAX_PDF_BYTES = 512 * 1024 * 1024
CHECK_NAMES = ("signature", "coverage", "certificate", "data")
CHECK_TITLES = {
    "signature": "Signature intact",
    "coverage": "Covers the whole file",
    "certificate": "Certificate chain",
    "data": "Embedded data",
}


class VerificationInputError(AcesError):
    """The file is not something that can be verified (not a PDF, truncated, unsigned)."""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    @property
    def title(self) -> str:
        return CHECK_TITLES[self.name]

    def to_json(self) -> dict[str, Any]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail}


@dataclass
class Verdict:
    file: str
    trust_anchor: str
    checks: list[Check] = field(default_factory=list)
    signer: str | None = None
    signer_organisation: str | None = None
    issuer: str | None = None
    signer_fingerprint: str | None = None
    signed_at: str | None = None
    kind: str | None = None
    subject_id: str | None = None
    subject_name: str | None = None
    data_sha256: str | None = None
    evidence_files: int | None = None

    @property
    def ok(self) -> bool:
        names = {c.name for c in self.checks}
        return names == set(CHECK_NAMES) and all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "valid": self.ok,
            "checks": [c.to_json() for c in self.checks],
            "signer": self.signer,
            "signer_organisation": self.signer_organisation,
            "issuer": self.issuer,
            "signer_certificate_sha256": self.signer_fingerprint,
            "signed_at": self.signed_at,
            "trust_anchor": self.trust_anchor,
            "kind": self.kind,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "data_sha256": self.data_sha256,
            "evidence_files": self.evidence_files,
        }

    def summary(self) -> str:
        if self.ok:
            return (
                f"VALID: signed by {self.signer} ({self.signer_organisation or 'no organisation'}) "
                f"on {self.signed_at}; unchanged since signing; data verified."
            )
        failed = ", ".join(CHECK_TITLES[c.name].lower() for c in self.checks if not c.ok)
        return f"NOT VALID: {failed or 'incomplete verification'}."

    def lines(self) -> list[str]:
        out = [f"File:        {self.file}"]
        if self.kind:
            subject = self.subject_name or self.subject_id
            out.append(f"Scorecard:   {self.kind} {subject} ({self.subject_id})")
        if self.signer:
            out.append(f"Signer:      {self.signer}, {self.signer_organisation or '-'}")
            out.append(f"Issued by:   {self.issuer or '-'}")
            out.append(f"Signed at:   {self.signed_at or 'unknown'}")
        out.append(f"Trusting:    {self.trust_anchor}")
        for c in self.checks:
            mark = "ok  " if c.ok else "FAIL"
            out.append(f"  [{mark}] {CHECK_TITLES[c.name]}: {c.detail}")
        out.append(self.summary())
        return out


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs its parsing complaints; the verdict reports what matters instead."""
    log = logging.getLogger("pyhanko")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def read_trust_file(path: Path) -> list[x509.Certificate]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VerificationInputError(msg.CANNOT_READ_TRUST_CERTIFICATE(path, exc.strerror)) from exc
    return load_certificates(data, f"The trust file {path}")


def _name_attr(cert: asn1_x509.Certificate, which: str, attr: str) -> str | None:
    name = getattr(cert, which).native
    value = name.get(attr)
    return str(value) if value else None


def _attachment(reader: PdfFileReader) -> bytes | None:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return None
    for i in range(0, len(names) - 1, 2):
        label = names[i]
        text = label if isinstance(label, str) else str(label)
        if text == ATTACHMENT_NAME:
            spec = names[i + 1].get_object()
            stream = spec["/EF"]["/F"].get_object()
            if isinstance(stream, generic.StreamObject):
                return bytes(stream.data)
    return None


def _recorded_hash(reader: PdfFileReader) -> str | None:
    try:
        info = reader.trailer_view["/Info"]
        keywords = str(info.get_object()["/Keywords"])
    except (KeyError, TypeError, AttributeError):
        return None
    match = KEYWORD_RE.search(keywords)
    return match.group(1) if match else None


def _padding_problem(sig: EmbeddedPdfSignature) -> str | None:
    """What, if anything, ``/Contents`` holds beyond the DER signature and its zero padding.

    The signed byte range leaves out ``/Contents``; bytes written into its padding change
    the file without breaking the digest, so they are refused here."""
    contents = bytes(sig.sig_object["/Contents"])
    try:
        _class, _method, _tag, header, body, trailer = asn1_parser.parse(contents)
    except ValueError:
        return "the signature value in /Contents is not a DER structure"
    padding = contents[len(header) + len(body) + len(trailer) :]
    stray = len(padding) - padding.count(0)
    if stray:
        return (
            f"/Contents holds {stray} non-zero byte(s) after the DER signature, in the padding "
            "that must be zero: the file was changed after signing"
        )
    return None


def _check_data(reader: PdfFileReader, verdict: Verdict) -> Check:
    raw = _attachment(reader)
    if raw is None:
        return Check("data", False, f"the attached file {ATTACHMENT_NAME} is missing")
    digest = sha256_hex(raw)
    verdict.data_sha256 = digest
    recorded = _recorded_hash(reader)
    if recorded is None:
        return Check("data", False, "the document does not record the hash of its data")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Check("data", False, f"{ATTACHMENT_NAME} is not valid JSON")
    if not isinstance(doc, dict) or doc.get("format") != DATA_FORMAT:
        return Check("data", False, f"{ATTACHMENT_NAME} is not ACES scorecard data")
    verdict.kind = str(doc.get("kind") or "") or None
    verdict.subject_id = str(doc.get("subject_id") or "") or None
    card = doc.get("scorecard")
    if isinstance(card, dict):
        name = card.get("subject_name") or card.get("name")
        verdict.subject_name = str(name) if name else None
    if digest != recorded:
        return Check(
            "data",
            False,
            f"the attached data (SHA-256 {digest[:16]}…) is not the data the document was "
            f"built from (SHA-256 {recorded[:16]}…)",
        )
    version = doc.get("format_version")
    if not isinstance(version, int) or version > DATA_VERSION:
        return Check("data", False, f"unsupported data format version {version!r}")
    if not is_canonical(doc, raw):
        return Check("data", False, f"{ATTACHMENT_NAME} is not in canonical form")
    evidence = doc.get("evidence")
    if not isinstance(evidence, list) or not all(isinstance(e, dict) for e in evidence):
        return Check("data", False, "the evidence list is malformed")
    listed = doc.get("evidence_sha256")
    if listed != evidence_hashes(evidence):
        return Check("data", False, "the list of evidence-file hashes does not match the evidence")
    verdict.evidence_files = len(listed)
    return Check(
        "data",
        True,
        f"{ATTACHMENT_NAME} (SHA-256 {digest[:16]}…) matches the document; "
        f"{len(evidence)} evidence item(s), {len(listed)} file hash(es)",
    )


def verify_pdf(
    data: bytes, trust: list[x509.Certificate], *, label: str, trust_label: str
) -> Verdict:
    """Check a signed scorecard against the given trust anchors."""
    if not data.startswith(b"%PDF-"):
        raise VerificationInputError(msg.NOT_PDF_FILE(label))
    if not trust:
        raise VerificationInputError(msg.NO_TRUST_ANCHOR_GIVE_CA())
    verdict = Verdict(file=label, trust_anchor=trust_label)
    with _quiet_pyhanko():
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            signatures = reader.embedded_signatures
        except Exception as exc:
            raise VerificationInputError(
                msg.DAMAGED_TRUNCATED_CANNOT_READ_PDF(label, type(exc).__name__)
            ) from exc
        if not signatures:
            raise VerificationInputError(msg.NOT_SIGNED_NO_DIGITAL_SIGNATURE(label))
        sig = signatures[-1]
        roots = [
            asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust
        ]
        context = ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:
            verdict.checks.append(
                Check(
                    "signature",
                    False,
                    f"the signature could not be checked ({type(exc).__name__}); the file is "
                    "damaged or was changed",
                )
            )
            return verdict
        padding = _padding_problem(sig)
    cert = status.signing_cert
    verdict.signer = _name_attr(cert, "subject", "common_name")
    verdict.signer_organisation = _name_attr(cert, "subject", "organization_name")
    verdict.issuer = _name_attr(cert, "issuer", "common_name")
    verdict.signer_fingerprint = fingerprint(x509.load_der_x509_certificate(cert.dump()))
    if status.signer_reported_dt is not None:
        verdict.signed_at = status.signer_reported_dt.isoformat(timespec="seconds")

    sound = status.intact and status.valid and padding is None
    if sound:
        verdict.checks.append(Check("signature", True, "valid; the signed bytes are unchanged"))
    elif padding is not None:
        verdict.checks.append(Check("signature", False, padding))
    elif not status.intact:
        verdict.checks.append(
            Check("signature", False, "digest mismatch: the document was changed after signing")
        )
    else:
        verdict.checks.append(Check("signature", False, "the signature value is invalid"))

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(signatures) == 1
    if whole:
        verdict.checks.append(Check("coverage", True, "the signature covers the whole file"))
    else:
        verdict.checks.append(
            Check(
                "coverage",
                False,
                "part of the file is not covered by the signature (content was added or "
                "changed after signing)",
            )
        )

    if not sound:
        verdict.checks.append(
            Check("certificate", False, "not accepted, because the signature itself is broken")
        )
    elif status.trusted:
        verdict.checks.append(
            Check("certificate", True, f"issued by '{verdict.issuer}', a trusted anchor")
        )
    else:
        problem = status.trust_problem_indic
        reason = (
            "it was not issued by the trusted organisation CA"
            if problem is None or "NO_CERTIFICATE_CHAIN" in str(problem)
            else f"validation problem {getattr(problem, 'name', problem)}"
        )
        verdict.checks.append(
            Check("certificate", False, f"the signer's certificate is not trusted: {reason}")
        )

    with _quiet_pyhanko():
        try:
            verdict.checks.append(_check_data(reader, verdict))
        except Exception as exc:
            verdict.checks.append(
                Check("data", False, f"the attached data cannot be read ({type(exc).__name__})")
            )
    return verdict


def verify_file(path: Path, trust: list[x509.Certificate], trust_label: str) -> Verdict:
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise VerificationInputError(msg.LARGER_MB(path, MAX_PDF_BYTES >> 20))
        data = path.read_bytes()
    except FileNotFoundError:
        raise VerificationInputError(msg.NO_FILE(path)) from None
    except IsADirectoryError:
        raise VerificationInputError(msg.FOLDER_NOT_PDF_FILE(path)) from None
    except OSError as exc:
        raise VerificationInputError(msg.CANNOT_READ(path, exc.strerror)) from exc
    return verify_pdf(data, trust, label=str(path), trust_label=trust_label)
