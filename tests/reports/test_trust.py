"""Trust for readers (issue 16, item 13): scorecards signed with a certificate the
organisation already holds (PKCS#12 file, PKCS#11 token through SoftHSM2), checked by pdfsig
against an NSS database that trusts the test's own CA; the organisation CA published with the
register; the signer shown as person and organisation, with a logo."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from aces_desktop.ops import reports
from aces_desktop.reports import pki
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.report_dialogs import ExportScorecardDialog
from tests.conftest import PASSPHRASE
from tests.helpers import small_world
from tests.reports import external_ids
from tests.reports.pdftools import nss_db_trusting, pdfsig
from tests.reports.test_cli_reports import PASS_ENV, aces, assert_clean_failure
from tests.reports.test_report_dialogs import export_by_click


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    path = tmp_path_factory.mktemp("trust") / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="Trust test org")
    try:
        ids = small_world(ws)
    finally:
        ws.close()
    return {**ids, "path": str(path)}


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _report(world: dict[str, str], kind: str, out: str, *args: str, env: dict[str, str]) -> Any:
    """``aces report`` of the world's subject of ``kind`` into ``out``."""
    return aces(
        "--workspace", world["path"], "report", "--kind", kind, "--id", world[kind],
        "--out", out, *args, env=env,
    )  # fmt: skip


def _issuer(world: dict[str, str], *args: str) -> Any:
    return aces("--workspace", world["path"], "pki", "issuer", *args, env=PASS_ENV)


def _assert_trusted(pdf: Path, ca_pem: Path, nss: Path) -> None:
    report = pdfsig(pdf, nss_db_trusting(ca_pem, nss))
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert "Total document signed" in report, report
    verified = aces("pdf", "verify", str(pdf), "--trust", str(ca_pem))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_pkcs12_signs_a_scorecard_readers_can_trust(world: dict[str, str], tmp_path: Path) -> None:
    p12 = external_ids.make_pkcs12(tmp_path / "p12")
    out = tmp_path / "site.pdf"
    env = {**PASS_ENV, "ACES_PKCS12_PASSPHRASE": p12.passphrase}
    made = _report(world, "site", str(out), "--pkcs12", str(p12.path), "--json", env=env)
    assert made.returncode == 0, made.stderr
    written = json.loads(made.stdout)["scorecards"][0]
    assert written["signed"] and written["signer"] == "Amina Yusuf"
    _assert_trusted(out, p12.ca_pem, tmp_path / "nss")
    text = _text(out)
    assert "Amina Yusuf, for Fair Labour Monitor" in text  # person and organisation
    fingerprint = pki.fingerprint(p12.ca).upper()
    assert ":".join(fingerprint[i : i + 2] for i in range(0, 8, 2)) in text.replace("\n", "")
    # the passphrase is nowhere in the workspace folder or the PDF
    secret = p12.passphrase.encode()
    assert all(secret not in f.read_bytes() for f in Path(world["path"]).rglob("*") if f.is_file())
    assert secret not in out.read_bytes()

    wrong = _report(
        world,
        "site",
        str(tmp_path / "x.pdf"),
        "--pkcs12",
        str(p12.path),
        env={**PASS_ENV, "ACES_PKCS12_PASSPHRASE": "not it"},
    )
    assert_clean_failure(wrong, "wrong passphrase")
    assert not (tmp_path / "x.pdf").exists()


def test_pkcs11_token_signs_through_softhsm(
    world: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOFTHSM2_CONF", "")  # restored after the test
    token = external_ids.make_token(tmp_path / "hsm")
    hsm = ["--pkcs11-module", token.module, "--pkcs11-token", external_ids.TOKEN]
    hsm += ["--pkcs11-key", external_ids.KEY]
    out = tmp_path / "company.pdf"
    env = {**PASS_ENV, "ACES_PKCS11_PIN": external_ids.PIN, "SOFTHSM2_CONF": str(token.conf)}
    made = _report(
        world,
        "company",
        str(out),
        *hsm,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    assert "signed by Amina Yusuf" in made.stdout
    _assert_trusted(out, token.ca_pem, tmp_path / "nss")

    wrong_pin = _report(
        world,
        "company",
        str(tmp_path / "x.pdf"),
        *hsm,
        env={**env, "ACES_PKCS11_PIN": "000000"},
    )
    assert_clean_failure(wrong_pin, "could not be opened")
    half = _report(
        world, "company", str(tmp_path / "x.pdf"), "--pkcs11-module", token.module, env=env
    )
    assert half.returncode == 2 and "needs all three" in half.stderr


def test_organisation_ca_signature_is_trusted_once_imported(
    world: dict[str, str], tmp_path: Path
) -> None:
    ca_pem = tmp_path / "ca.pem"
    assert aces(
        "--workspace", world["path"], "pki", "export-ca", "--out", str(ca_pem), env=PASS_ENV
    ).returncode == 0  # fmt: skip
    out = tmp_path / "initiative.pdf"
    made = aces(
        "--workspace", world["path"], "report", "--kind", "initiative", "--id",
        world["initiative"], "--out", str(out), "--sign", env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    before = pdfsig(out)
    assert "Signature is Valid." in before and "Certificate is Trusted" not in before
    _assert_trusted(out, ca_pem, tmp_path / "nss")
    text = _text(out)
    assert "Checking the signature" in text and "Adobe Acrobat Reader" in text
    assert "pdfsig -nssdir" in text.replace("\n", " ")


def _png(size: tuple[int, int] = (300, 90)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "#1E6B52").save(buf, "PNG")
    return buf.getvalue()


def test_issuer_organisation_and_logo(world: dict[str, str], tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert_clean_failure(
        _issuer(world, "--logo", str(bad)),
        "not a readable PNG or JPEG",
    )
    big = tmp_path / "big.png"
    big.write_bytes(b"\0" * (600 * 1024))
    assert_clean_failure(
        _issuer(world, "--logo", str(big)),
        "at most 512 KB",
    )
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (20, 20)).save(gif, "GIF")
    assert_clean_failure(
        _issuer(world, "--logo", str(gif)),
        "must be a PNG or JPEG",
    )
    set_ = _issuer(world, "--organisation", "Fair Labour Monitor", "--logo", str(logo), "--json")
    assert set_.returncode == 0, set_.stderr
    assert json.loads(set_.stdout)["organisation"] == "Fair Labour Monitor"
    out = tmp_path / "card.pdf"
    made = _report(world, "site", str(out), "--sign", env=PASS_ENV)
    assert made.returncode == 0, made.stderr
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(out)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert any(line.split()[3:5] == ["300", "90"] for line in images.splitlines()[2:]), images
    first = _text(out, 1)
    assert "Issued by Fair Labour Monitor" in first
    assert "For: Fair Labour Monitor" in first  # the signature stamp
    once = tmp_path / "once.pdf"
    made = _report(
        world, "site", str(once), "--sign", "--organisation", "Monitor Asia", env=PASS_ENV
    )
    assert made.returncode == 0, made.stderr
    assert "Issued by Monitor Asia" in _text(once, 1)  # this time only:
    cleared = _issuer(world, "--no-logo", "--signer", "Li Ming", "--json")
    shown = json.loads(cleared.stdout)
    assert shown["logo_bytes"] == 0 and shown["organisation"] == "Fair Labour Monitor"
    assert shown["signer"] == "Li Ming"
    made = _report(world, "site", str(once), "--sign", "--json", env=PASS_ENV)
    assert json.loads(made.stdout)["scorecards"][0]["signer"] == "Li Ming"
    assert "Li Ming, for Fair Labour Monitor" in _text(once)
    _issuer(world, "--signer", "")


def test_register_publishes_the_organisation_ca(world: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "register"
    made = aces(
        "--workspace", world["path"], "register", "export", "--out", str(out),
        "--date", "2026-11-30", env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    pem = (out / "organisation-ca.pem").read_bytes()
    ws = Workspace.open(Path(world["path"]), PASSPHRASE)
    try:
        ca = pki.ca_certificate(ws)
    finally:
        ws.close()
    assert pem.decode("ascii") == pki.cert_pem(ca)
    sums = (out / "SHA256SUMS").read_text(encoding="ascii")
    assert f"{hashlib.sha256(pem).hexdigest()}  organisation-ca.pem" in sums
    page = (out / "index.html").read_text(encoding="utf-8")
    fp = pki.fingerprint(ca).upper()
    assert ":".join(fp[i : i + 2] for i in range(0, len(fp), 2)) in page
    assert "Certificate is Trusted" in page and "Trusted Certificates" in page
    assert aces("register", "verify", str(out)).returncode == 0


def test_export_dialog_signs_with_a_pkcs12_file(
    qtbot: Any, coordinator: Any, tmp_path: Path
) -> None:
    ids = small_world(coordinator)
    p12 = external_ids.make_pkcs12(tmp_path / "p12")
    dialog = ExportScorecardDialog(coordinator, "site", ids["site"])
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.identity
    assert fields.kind.currentData() == "organisation"
    assert not fields.pkcs12.isVisible() and not fields.secret.isVisible()
    fields.kind.setCurrentIndex(fields.kind.findData("pkcs12"))
    assert fields.pkcs12.isVisible() and fields.secret.isVisible()
    assert not dialog.signer.isEnabled()  # the file's certificate names the signer
    fields.pkcs12.edit.setText(str(p12.path))
    fields.secret.setText(p12.passphrase)
    out = tmp_path / "site.pdf"
    dialog.out.edit.setText(str(out))
    result = export_by_click(qtbot, dialog)
    assert result.signer == "Amina Yusuf" and "Amina Yusuf" in dialog.status.text()
    assert fields.secret.text() == ""  # not kept after the export
    _assert_trusted(out, p12.ca_pem, tmp_path / "nss")
    dialog.grab().save(str(tmp_path / "export-pkcs12.png"))

    fields.kind.setCurrentIndex(fields.kind.findData("pkcs11"))
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as signal:
        dialog.start()
    assert "PKCS#12 file, or the token" in signal.args[0]

    fields.kind.setCurrentIndex(fields.kind.findData("organisation"))
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not a picture")
    dialog.logo.edit.setText(str(bad))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as signal:
        dialog.start()
    assert "not a readable PNG or JPEG" in signal.args[0]
    logo = tmp_path / "good.png"
    logo.write_bytes(_png())
    dialog.logo.edit.setText(str(logo))
    dialog.organisation.setText("Fair Labour Monitor")
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as signal:
        dialog.start()
    assert not isinstance(signal.args[0], str), signal.args[0]
    assert "Issued by Fair Labour Monitor" in _text(out, 1)
    saved = reports.load_issuer(coordinator)
    assert saved.organisation == "Fair Labour Monitor" and saved.logo == logo.read_bytes()
