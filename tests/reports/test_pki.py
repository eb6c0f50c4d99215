"""The organisation CA of a coordinator workspace and the certificates it issues."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from aces_desktop.reports import pki
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE


def test_ca_is_made_lazily_kept_encrypted_and_survives_reopening(coordinator: Workspace) -> None:
    assert not pki.has_ca(coordinator)
    cert = pki.ensure_ca(coordinator)
    assert pki.has_ca(coordinator)
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca and constraints.path_length == 0
    assert "Coordinator test" in cert.subject.rfc4514_string()
    path = coordinator.path
    coordinator.close()
    again = Workspace.open(path, PASSPHRASE)
    try:
        assert pki.fingerprint(pki.ensure_ca(again)) == pki.fingerprint(cert)
    finally:
        again.close()
    # the key is inside the encrypted database, never in a file of its own
    for f in path.rglob("*"):
        if f.is_file():
            assert b"PRIVATE KEY" not in f.read_bytes()


def test_issued_certificate_chains_to_the_ca_and_is_used_for_signing(
    coordinator: Workspace,
) -> None:
    issued = pki.issue_certificate(coordinator, "  Li   Ming ")
    assert issued.name == "Li Ming"
    ca = pki.ca_certificate(coordinator)
    cert = x509.load_pem_x509_certificate(issued.pem.encode("ascii"))
    cert.verify_directly_issued_by(ca)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    identity = pki.signing_identity(coordinator, "Li Ming")
    assert pki.fingerprint(identity.certificate) == issued.fingerprint
    assert [c.name for c in pki.list_certificates(coordinator)] == ["Li Ming"]


def test_workspace_person_gets_a_certificate_automatically(tmp_path: Path) -> None:
    ws = Workspace.create(
        tmp_path / "ws", PASSPHRASE, role="coordinator", name="Org", person_name="Amina Yusuf"
    )
    try:
        identity = pki.signing_identity(ws)
        assert identity.name == "Amina Yusuf"
        assert [c.name for c in pki.list_certificates(ws)] == ["Amina Yusuf"]
        # asked again, the same certificate is used
        assert pki.signing_identity(ws).certificate == identity.certificate
    finally:
        ws.close()


def test_without_a_person_the_organisation_signs(coordinator: Workspace) -> None:
    assert pki.signing_identity(coordinator).name == "Coordinator test"


def test_unknown_signer_is_refused_with_the_way_out(coordinator: Workspace) -> None:
    pki.issue_certificate(coordinator, "Li Ming")
    with pytest.raises(pki.PkiError, match=r"No signing certificate for 'Nobody'.*Li Ming"):
        pki.signing_identity(coordinator, "Nobody")


def test_field_workspace_holds_no_ca(workspace: Workspace) -> None:
    with pytest.raises(pki.PkiError, match="Only a coordinator workspace"):
        pki.ensure_ca(workspace)
    with pytest.raises(pki.PkiError):
        pki.signing_identity(workspace)


def test_names_too_long_for_a_certificate_are_refused(coordinator: Workspace) -> None:
    with pytest.raises(pki.PkiError, match="certificates allow 64"):
        pki.issue_certificate(coordinator, "x" * 65)


def test_bad_trust_file_is_a_clear_error() -> None:
    with pytest.raises(pki.PkiError, match="is not a certificate"):
        pki.load_certificates(b"hello", "The file x")
