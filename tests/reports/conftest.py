"""Fixtures for the reports tests: an organisation CA, a signer and a simple signed PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography import x509

from aces_desktop.reports import pki
from tests.reports.pdftools import signed_sample

Org = tuple[pki.PrivateKey, x509.Certificate]


@pytest.fixture(scope="session")
def org() -> Org:
    return pki.make_ca("Test organisation")


@pytest.fixture(scope="session")
def identity(org: Org) -> pki.SigningIdentity:
    ca_key, ca_cert = org
    key, cert = pki.make_signing_certificate(ca_key, ca_cert, "Dana Coordinator")
    return pki.SigningIdentity("Dana Coordinator", key, cert, ca_cert)


@pytest.fixture(scope="session")
def ca_pem(org: Org, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    path.write_text(pki.cert_pem(org[1]), encoding="ascii")
    return path


@pytest.fixture(scope="session")
def signed_pdf(identity: pki.SigningIdentity, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signed") / "signed.pdf"
    path.write_bytes(signed_sample(identity))
    return path


@pytest.fixture(scope="session", autouse=True)
def _tools_present() -> None:
    missing = [t for t in ("pdfsig", "certutil", "qpdf", "pdftotext") if not shutil.which(t)]
    assert not missing, f"install poppler-utils, libnss3-tools and qpdf: missing {missing}"
