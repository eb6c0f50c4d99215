"""Sign with a certificate the organisation already holds: a PKCS#12 file or a PKCS#11 token.

An organisation whose certificate chains to a CA its readers already trust (a qualified or
commercial document-signing certificate) signs with that instead of the workspace's own CA,
so Adobe Reader and pdfsig accept the signature without importing anything.

Nothing secret is stored: the PKCS#12 passphrase and the token PIN come from an environment
variable (``ACES_PKCS12_PASSPHRASE``, ``ACES_PKCS11_PIN``) or a prompt, for one export.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import NameOID

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.reports.pki import SigningIdentity

PKCS12_PASSPHRASE_ENV = "ACES_PKCS12_PASSPHRASE"
PKCS11_PIN_ENV = "ACES_PKCS11_PIN"
MAX_PKCS12_BYTES = 1 << 20


class ExternalSignerError(AcesError):
    pass


@dataclass(frozen=True)
class Pkcs11Token:
    """Where the key is: the PKCS#11 module (a .so/.dll), the token label, the key label."""

    module: str
    token: str
    key: str
    certificate: str | None = None  # label of the certificate (default: same as the key)


def _to_crypto(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _identity(signer: Any, source: str) -> SigningIdentity:
    """A SigningIdentity around a pyHanko signer: its certificate and the chain it carries,
    ordered from the issuer of the signing certificate up to the root."""
    cert = _to_crypto(signer.signing_cert)
    others = [_to_crypto(c) for c in signer.cert_registry]
    chain: list[x509.Certificate] = []
    current = cert
    while current.issuer != current.subject:
        issuer = next((c for c in others if c.subject == current.issuer and c not in chain), None)
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    top = chain[-1] if chain else cert
    return SigningIdentity(
        name=_common_name(cert),
        key=None,
        certificate=cert,
        ca_certificate=top,
        external=signer,
        source=source,
        chain=tuple(chain),
    )


def load_pkcs12(path: Path, passphrase: str | None) -> SigningIdentity:
    """The signing identity in a PKCS#12 (.p12/.pfx) file: key, certificate and chain."""
    from pyhanko.sign import signers

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExternalSignerError(msg.PKCS12_MISSING(path)) from None
    except OSError as exc:
        raise ExternalSignerError(msg.CANNOT_READ(path, exc.strerror or exc)) from None
    if size > MAX_PKCS12_BYTES:
        raise ExternalSignerError(msg.PKCS12_TOO_LARGE(path))
    secret = passphrase.encode("utf-8") if passphrase else None
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=secret)
    except Exception:  # pyHanko logs and returns None, or raises, on a wrong passphrase
        signer = None
    if signer is None:
        raise ExternalSignerError(msg.PKCS12_NOT_OPENED(path))
    return _identity(signer, f"PKCS#12 file {path.name}")


@contextmanager
def open_pkcs11(token: Pkcs11Token, pin: str | None) -> Iterator[SigningIdentity]:
    """The signing identity on a PKCS#11 token; the session stays open inside the block."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    if not Path(token.module).is_file():
        raise ExternalSignerError(msg.PKCS11_NO_MODULE(token.module))
    try:
        session = pkcs11.open_pkcs11_session(
            token.module, token_criteria=TokenCriteria(label=token.token), user_pin=pin
        )
    except Exception as exc:
        raise ExternalSignerError(
            msg.PKCS11_TOKEN_NOT_OPENED(token.token, token.module, f"{type(exc).__name__}: {exc}")
        ) from None
    try:
        try:
            signer = pkcs11.PKCS11Signer(
                session,
                cert_label=token.certificate or token.key,
                key_label=token.key,
                # hash here, sign the digest on the token (CKM_ECDSA / CKM_RSA_PKCS): the
                # mechanisms nearly every token has (SoftHSM 2.6 lacks CKM_ECDSA_SHA256)
                use_raw_mechanism=True,
                other_certs_to_pull=None,  # every certificate on the token: the chain
            )
            signer.signing_cert  # noqa: B018  (loads the certificate now: a clear error)
        except Exception as exc:
            raise ExternalSignerError(
                msg.PKCS11_NO_KEY(token.token, token.key, f"{type(exc).__name__}: {exc}")
            ) from None
        yield _identity(signer, f"PKCS#11 token {token.token}")
    finally:
        session.close()
