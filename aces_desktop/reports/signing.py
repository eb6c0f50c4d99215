"""Sign a PDF scorecard (PAdES baseline B-B) with the data it was built from inside.

The signed file is the ReportLab PDF plus one incremental update that holds, together:
the attached file ``aces-scorecard.json`` (the canonical JSON of the scorecard and the list
of evidence with the SHA-256 of every file it cites), a visible signature stamp naming the
signer and the date, and the signature itself. The attachment is written *before* the
signature is computed, so the signature covers it, and the signature covers the whole file.

The document also records, when its pages are built, the SHA-256 of that JSON in its
keywords (``aces-data-sha256=<hex>``) and in its visible text: a verifier checks that the
attached data is the data the pages were made from (see ``verify``).
"""

from __future__ import annotations

import binascii
import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import content as pdf_content
from pyhanko.pdf_utils import embed, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib import colors
from reportlab.pdfgen import canvas

from aces_desktop.core import messages as msg
from aces_desktop.core.canonical import canonical_bytes, jcs_bytes, sha256_hex
from aces_desktop.core.errors import AcesError
from aces_desktop.reports.fonts import locate_font
from aces_desktop.reports.pki import SigningIdentity

ATTACHMENT_NAME = "aces-scorecard.json"
DATA_FORMAT = "aces-scorecard"
# 2: the data is RFC 8785 (JCS) canonical JSON; 1 (still verified): Python's sorted-key JSON.
DATA_VERSION = 2
FIELD_NAME = "ACES-Scorecard-Signature"
KEYWORD_PREFIX = "aces-data-sha256="
KEYWORD_RE = re.compile(r"aces-data-sha256=([0-9a-f]{64})")

# Where the stamp goes by default: first page, bottom right, above the footer (A4 points).
DEFAULT_STAMP_BOX = (355, 62, 555, 122)


class SigningError(AcesError):
    pass


@dataclass(frozen=True)
class ScorecardData:
    """What a signed scorecard carries: the scorecard and the evidence it cites."""

    kind: str
    subject_id: str
    scorecard: dict[str, Any]
    evidence: list[dict[str, Any]]
    workspace: str
    generated_at: str

    def document(self) -> dict[str, Any]:
        return {
            "format": DATA_FORMAT,
            "format_version": DATA_VERSION,
            "kind": self.kind,
            "subject_id": self.subject_id,
            "workspace": self.workspace,
            "generated_at": self.generated_at,
            "scorecard": self.scorecard,
            "evidence": self.evidence,
            "evidence_sha256": evidence_hashes(self.evidence),
        }

    def to_bytes(self) -> bytes:
        return data_bytes(self.document())

    def sha256(self) -> str:
        return sha256_hex(self.to_bytes())


def data_bytes(doc: dict[str, Any]) -> bytes:
    """The canonical bytes of scorecard data in the form its ``format_version`` names."""
    version = doc.get("format_version")
    return canonical_bytes(doc) if isinstance(version, int) and version < 2 else jcs_bytes(doc)


def is_canonical(doc: dict[str, Any], raw: bytes) -> bool:
    """Whether ``raw`` is exactly the canonical form of ``doc`` (see ``data_bytes``)."""
    try:
        return data_bytes(doc) == raw
    except ValueError:  # e.g. an integer JCS cannot represent: not data this program wrote
        return False


def evidence_hashes(evidence: list[dict[str, Any]]) -> list[str]:
    """The sorted SHA-256 of every file the evidence list cites."""
    found: set[str] = set()
    for item in evidence:
        for f in item.get("files") or []:
            if isinstance(f, dict) and isinstance(f.get("sha256"), str):
                found.add(f["sha256"])
    return sorted(found)


def data_keyword(data_sha256: str) -> str:
    return f"{KEYWORD_PREFIX}{data_sha256}"


# --- the visible stamp --------------------------------------------------------------------


class _PdfPageContent(pdf_content.PdfContent):
    """The first page of a PDF held in memory, as stamp background (like ImportedPdfPage)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data

    def render(self) -> bytes:
        w = self._ensure_writer
        xobj = w.import_page_as_xobject(PdfFileReader(io.BytesIO(self._data)), page_ix=0)
        name = "/Stamp" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def stamp_pdf(width: float, height: float, lines: list[tuple[str, float, Any]]) -> bytes:
    """A one-page PDF of the stamp's look: a framed box with a few lines of text."""
    font = locate_font().name
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=True)
    c.setFillColor(colors.HexColor("#F3F7F4"))
    c.setStrokeColor(colors.HexColor("#1E6B52"))
    c.setLineWidth(1.2)
    c.roundRect(0.6, 0.6, width - 1.2, height - 1.2, 4, stroke=1, fill=1)
    c.setFillColor(colors.HexColor("#1E6B52"))
    c.rect(0.6, 0.6, 4, height - 1.2, stroke=0, fill=1)
    y = height - 14
    for text, size, colour in lines:
        c.setFont(font, size)
        c.setFillColor(colour)
        shown = text
        while shown and c.stringWidth(shown, font, size) > width - 16:
            shown = shown[:-2] + "…"
        c.drawString(11, y, shown)
        y -= size + 3.5
    c.showPage()
    c.save()
    return buf.getvalue()


def _stamp_lines(
    identity: SigningIdentity, when: dt.datetime, organisation: str | None = None
) -> list[tuple[str, float, Any]]:
    org = organisation or identity.organisation or ""
    dark = colors.HexColor("#1B2A24")
    grey = colors.HexColor("#4D5B55")
    return [
        ("Digitally signed (PAdES)", 7.5, colors.HexColor("#1E6B52")),
        (f"Signed by: {identity.name}", 9, dark),
        (f"For: {org}" if org else "", 7.5, grey),
        (f"Date: {when.strftime('%Y-%m-%d %H:%M')} UTC", 7.5, grey),
    ]


# --- signing ------------------------------------------------------------------------------


def _pyhanko_signer(identity: SigningIdentity) -> signers.Signer:
    if identity.external is not None:
        return identity.external
    assert identity.key is not None
    cert = asn1_x509.Certificate.load(identity.certificate.public_bytes(serialization.Encoding.DER))
    ca = asn1_x509.Certificate.load(
        identity.ca_certificate.public_bytes(serialization.Encoding.DER)
    )
    key = asn1_keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([ca]),
    )


def sign_pdf(
    pdf: bytes,
    identity: SigningIdentity,
    attachment: bytes,
    *,
    reason: str = "ACES scorecard",
    location: str | None = None,
    stamp_page: int = 0,
    stamp_box: tuple[int, int, int, int] = DEFAULT_STAMP_BOX,
    organisation: str | None = None,
) -> bytes:
    """The signed PDF: ``attachment`` embedded, then a PAdES B-B signature over everything."""
    when = dt.datetime.now(dt.UTC)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:
        raise SigningError(msg.PDF_SIGN_COULD_NOT_READ(type(exc).__name__)) from exc
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=ATTACHMENT_NAME,
            file_name=ATTACHMENT_NAME,
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer,
                data=attachment,
                mime_type="application/json",
                params=embed.EmbeddedFileParams(
                    embed_size=True, creation_date=when, modification_date=when
                ),
            ),
            description="Scorecard data (canonical JSON) and the SHA-256 of its evidence files",
        ),
    )
    x1, y1, x2, y2 = stamp_box
    stamp = StaticStampStyle(
        background=_PdfPageContent(
            stamp_pdf(x2 - x1, y2 - y1, _stamp_lines(identity, when, organisation))
        ),
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )
    meta = PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=identity.name,
    )
    signer = PdfSigner(
        meta,
        signer=_pyhanko_signer(identity),
        stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=stamp_page, box=stamp_box),
    )
    out = io.BytesIO()
    signer.sign_pdf(writer, output=out)
    return out.getvalue()
