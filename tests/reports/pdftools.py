"""Helpers for the reports tests: a simple PDF recording its data hash, signing it, and the
independent tools (pdfsig, certutil)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from aces_desktop.reports import pki
from aces_desktop.reports.fonts import locate_font
from aces_desktop.reports.signing import ScorecardData, data_keyword, sign_pdf

SITE_NAME = "喀什恒润纺织有限公司"
FILE_HASH = "ab" * 32


def sample_data(subject_id: str = "0190c0de-0000-7000-8000-000000000001") -> ScorecardData:
    return ScorecardData(
        kind="site",
        subject_id=subject_id,
        scorecard={"subject_name": SITE_NAME, "risk_level": 3, "coverage": 0.8},
        evidence=[
            {"id": "e1", "source_type": "direct_observation", "files": [{"sha256": FILE_HASH}]},
            {"id": "e2", "source_type": "public_report", "url": "https://example.org/r"},
        ],
        workspace="Test organisation",
        generated_at="2026-11-25T12:00:00+00:00",
    )


def simple_pdf(data_sha256: str, text: str = SITE_NAME) -> bytes:
    """A two-page PDF recording ``data_sha256`` the way scorecards do."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle("ACES test scorecard")
    c.setKeywords(data_keyword(data_sha256))
    font = locate_font().name
    for page in (1, 2):
        c.setFont(font, 16)
        c.drawString(72, 760, f"{text} — page {page}")
        c.setFont(font, 10)
        c.drawString(72, 740, f"Data SHA-256 {data_sha256}")
        c.showPage()
    c.save()
    return buf.getvalue()


def signed_sample(
    identity: pki.SigningIdentity, data: ScorecardData | None = None, attach: bytes | None = None
) -> bytes:
    data = data or sample_data()
    return sign_pdf(simple_pdf(data.sha256()), identity, attach or data.to_bytes())


def pdfsig(pdf: Path, nssdir: Path | None = None) -> str:
    """pdfsig's report (it exits 0 even when a signature fails, so callers read the text)."""
    args = ["pdfsig"]
    if nssdir is not None:
        args += ["-nssdir", f"sql:{nssdir}"]
    result = subprocess.run(
        [*args, str(pdf)], capture_output=True, text=True, timeout=60, check=False
    )
    return result.stdout + result.stderr


def nss_db_trusting(ca: Path, folder: Path) -> Path:
    """An NSS database in which ``ca`` is a trusted CA (as a verifier would set one up)."""
    folder.mkdir(parents=True, exist_ok=True)
    for args in (
        ["certutil", "-N", "--empty-password", "-d", f"sql:{folder}"],
        ["certutil", "-A", "-n", "aces", "-t", "CT,C,C", "-i", str(ca), "-d", f"sql:{folder}"],
    ):
        subprocess.run(args, check=True, capture_output=True, timeout=60)
    return folder
