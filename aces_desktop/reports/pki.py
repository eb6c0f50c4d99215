"""The organisation certificate authority of a coordinator workspace.

A coordinator workspace holds one CA (ECDSA P-256, valid 20 years) whose private key lives
encrypted inside the workspace database (``set_secret``). The CA issues X.509 signing
certificates to the organisation's people; their keys are kept in the workspace too, so
whoever opens the workspace with its passphrase can sign scorecards as them. Verifiers
trust the CA certificate, exported with ``aces pki export-ca``.

The CA is made when a coordinator workspace is created with ``aces init``, and lazily the
first time anything needs it in a coordinator workspace that has none (older workspaces,
workspaces made by ``aces demo`` or the GUI). Field workspaces never hold one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.store import models as m
from aces_desktop.store.secrets import SECRET_CA_KEY, get_meta, get_secret, set_meta, set_secret
from aces_desktop.store.workspace import Workspace

META_CA_CERT = "org_ca_certificate"
META_SIGNERS = "org_signing_certificates"
SECRET_SIGNER_KEY = "org_signer_key:"  # + serial in hex

CA_YEARS = 20
SIGNER_YEARS = 5
MAX_NAME = 64  # X.509 upper bound for a common name

PrivateKey = ec.EllipticCurvePrivateKey


class PkiError(AcesError):
    pass


@dataclass(frozen=True)
class IssuedCertificate:
    """A signing certificate issued by this workspace's CA (its key stays in the workspace)."""

    name: str
    serial: str
    fingerprint: str
    not_before: str
    not_after: str
    pem: str

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "serial": self.serial,
            "fingerprint_sha256": self.fingerprint,
            "not_before": self.not_before,
            "not_after": self.not_after,
        }


@dataclass(frozen=True)
class SigningIdentity:
    """What signing needs: the signer's key and certificate, and the CA that issued it.

    ``key`` is None for a certificate the organisation already holds elsewhere (a PKCS#12
    file or a PKCS#11 token, ``reports.external_signers``): ``external`` is then the
    pyHanko signer that holds the key, and ``source`` says where it came from.
    """

    name: str
    key: PrivateKey | None
    certificate: x509.Certificate
    ca_certificate: x509.Certificate
    external: Any = None
    source: str = "organisation CA"
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def organisation(self) -> str | None:
        orgs = self.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        return str(orgs[0].value) if orgs else None

    @property
    def root(self) -> x509.Certificate:
        """The top of the chain: what a reader must trust."""
        return self.chain[-1] if self.chain else self.ca_certificate


# --- pure certificate making (also used by tests to play another organisation) ------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _clean_name(name: str, what: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise PkiError(msg.GIVE_NAME(what))
    if len(text) > MAX_NAME:
        raise PkiError(msg.NAME_CHARACTERS_LONG_CERTIFICATES_ALLOW(what, len(text), MAX_NAME))
    return text


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def make_ca(organisation: str) -> tuple[PrivateKey, x509.Certificate]:
    """A new self-signed organisation CA that may only issue end-entity certificates."""
    org = _clean_name(organisation, msg.NAME_OF_ORGANISATION())
    key = ec.generate_private_key(ec.SECP256R1())
    cn = _clean_name(f"{org[: MAX_NAME - 15]} scorecard CA", msg.NAME_OF_CA())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_signing_certificate(
    ca_key: PrivateKey, ca_cert: x509.Certificate, person: str
) -> tuple[PrivateKey, x509.Certificate]:
    """A signing certificate for ``person``, issued by the given CA."""
    cn = _clean_name(person, msg.NAME_OF_SIGNER())
    orgs = ca_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if orgs:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, str(orgs[0].value)))
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    not_after = min(now + dt.timedelta(days=365 * SIGNER_YEARS), ca_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attrs))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def key_to_der(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def key_from_der(data: bytes) -> PrivateKey:
    key = serialization.load_der_private_key(data, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise PkiError(msg.SIGNING_KEY_WORKSPACE_UNEXPECTED_TYPE())
    return key


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_certificates(data: bytes, source: str) -> list[x509.Certificate]:
    """Certificates from PEM (one or more) or DER bytes; a clear error otherwise."""
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return list(x509.load_pem_x509_certificates(data))
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise PkiError(msg.NOT_CERTIFICATE_EXPECTED_PEM_DER(source)) from None


# --- the workspace's CA -------------------------------------------------------------------


def _require_coordinator(ws: Workspace) -> None:
    if ws.role != "coordinator":
        raise PkiError(msg.ONLY_COORDINATOR_WORKSPACE_HOLDS_ORGANISATION())


def has_ca(ws: Workspace) -> bool:
    with ws.session() as s:
        return get_meta(s, META_CA_CERT) is not None


def _load_ca(s: Session) -> tuple[PrivateKey, x509.Certificate] | None:
    pem = get_meta(s, META_CA_CERT)
    if pem is None:
        return None
    return key_from_der(get_secret(s, SECRET_CA_KEY)), x509.load_pem_x509_certificate(
        pem.encode("ascii")
    )


def ensure_ca(ws: Workspace) -> x509.Certificate:
    """The workspace's CA certificate, made now (one transaction) if it has none yet."""
    _require_coordinator(ws)
    with ws.session() as s:
        loaded = _load_ca(s)
    if loaded is not None:
        return loaded[1]
    with ws.writing() as s:  # the writer, so a merge under way makes this wait, not fail
        loaded = _load_ca(s)
        if loaded is not None:  # made meanwhile by another writer
            return loaded[1]
        key, cert = make_ca(ws.name)
        set_secret(s, SECRET_CA_KEY, key_to_der(key))
        set_meta(s, META_CA_CERT, cert_pem(cert))
        return cert


def ca_certificate(ws: Workspace) -> x509.Certificate:
    return ensure_ca(ws)


def export_ca_pem(ws: Workspace) -> bytes:
    return cert_pem(ensure_ca(ws)).encode("ascii")


def _signers(s: Session) -> list[dict[str, Any]]:
    raw = get_meta(s, META_SIGNERS)
    return list(json.loads(raw)) if raw else []


def _issued(entry: dict[str, Any]) -> IssuedCertificate:
    cert = x509.load_pem_x509_certificate(entry["pem"].encode("ascii"))
    return IssuedCertificate(
        name=entry["name"],
        serial=entry["serial"],
        fingerprint=fingerprint(cert),
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
        pem=entry["pem"],
    )


def list_certificates(ws: Workspace) -> list[IssuedCertificate]:
    _require_coordinator(ws)
    with ws.session() as s:
        return [_issued(e) for e in _signers(s)]


def issue_certificate(ws: Workspace, person: str) -> IssuedCertificate:
    """Issue a new signing certificate for ``person`` (the newest one is used for signing)."""
    ensure_ca(ws)
    name = _clean_name(person, msg.NAME_OF_SIGNER())
    with ws.writing() as s:
        loaded = _load_ca(s)
        assert loaded is not None
        ca_key, ca_cert = loaded
        key, cert = make_signing_certificate(ca_key, ca_cert, name)
        serial = format(cert.serial_number, "x")
        set_secret(s, SECRET_SIGNER_KEY + serial, key_to_der(key))
        entries = _signers(s)
        entries.append({"name": name, "serial": serial, "pem": cert_pem(cert)})
        set_meta(s, META_SIGNERS, json.dumps(entries, ensure_ascii=False))
        return _issued(entries[-1])


def _workspace_person(s: Session, ws: Workspace) -> str | None:
    person_id = ws.meta.person_id
    if not person_id:
        return None
    person = s.get(m.Person, person_id)
    return person.name if person is not None else None


def default_signer_name(ws: Workspace) -> str:
    """The default signer of the issuer setting, the workspace's person, or else the
    organisation (issuer setting, else the workspace name)."""
    from aces_desktop.reports import issuer

    chosen = issuer.load(ws)
    with ws.session() as s:
        person = _workspace_person(s, ws)
    return _clean_name(
        chosen.signer or person or chosen.organisation or ws.name, msg.NAME_OF_SIGNER()
    )


def signing_identity(ws: Workspace, person: str | None = None) -> SigningIdentity:
    """The newest valid certificate of ``person`` (default: this workspace's person).

    For the workspace's own person a certificate is issued automatically when none exists;
    for a named person it must have been issued with ``aces pki issue`` first.
    """
    _require_coordinator(ws)
    wanted = _clean_name(person, msg.NAME_OF_SIGNER()) if person else default_signer_name(ws)
    now = _now()
    with ws.session() as s:
        loaded = _load_ca(s)
        candidates = [e for e in _signers(s) if e["name"] == wanted]
        for entry in reversed(candidates):
            cert = x509.load_pem_x509_certificate(entry["pem"].encode("ascii"))
            if loaded is not None and cert.not_valid_after_utc > now:
                key = key_from_der(get_secret(s, SECRET_SIGNER_KEY + entry["serial"]))
                return SigningIdentity(wanted, key, cert, loaded[1])
    if person:
        known = sorted({e.name for e in list_certificates(ws)})
        shown = ", ".join(known) if known else "none yet"
        raise PkiError(msg.NO_SIGNING_CERTIFICATE_WORKSPACE_ISSUED(wanted, shown))
    issue_certificate(ws, wanted)
    return signing_identity(ws, wanted)
