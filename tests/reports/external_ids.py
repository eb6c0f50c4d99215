"""Certificates an organisation already holds, made in the test (never committed): a CA of
"another" authority, a PKCS#12 file signed by it, and a SoftHSM2 token holding a key whose
certificate that CA issued."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from aces_desktop.reports import pki

SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
TOKEN = "aces-test-token"
KEY = "scorecard-signer"
PIN = "246810"


def issue(
    ca_key: pki.PrivateKey, ca_cert: x509.Certificate, public_key: object
) -> x509.Certificate:
    """A document-signing certificate for "Amina Yusuf, Fair Labour Monitor"."""
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "Amina Yusuf"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fair Labour Monitor"),
                ]
            )
        )
        .issuer_name(ca_cert.subject)
        .public_key(public_key)  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )


@dataclass(frozen=True)
class Pkcs12File:
    path: Path
    passphrase: str
    ca_pem: Path
    ca: x509.Certificate


def make_pkcs12(folder: Path, passphrase: str = "p12 secret") -> Pkcs12File:
    ca_key, ca_cert = pki.make_ca("Trusted Certificates Inc")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue(ca_key, ca_cert, key.public_key())
    data = pkcs12.serialize_key_and_certificates(
        b"amina",
        key,
        cert,
        [ca_cert],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "amina.p12"
    path.write_bytes(data)
    ca_pem = folder / "trusted-ca.pem"
    ca_pem.write_text(pki.cert_pem(ca_cert), encoding="ascii")
    return Pkcs12File(path, passphrase, ca_pem, ca_cert)


def softhsm_module() -> str | None:
    return next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)


@dataclass(frozen=True)
class Token:
    module: str
    conf: Path
    ca_pem: Path
    ca: x509.Certificate


def make_token(folder: Path) -> Token:
    """A fresh SoftHSM2 token (its own config and token folder, through $SOFTHSM2_CONF):
    an EC key generated on the token, its certificate and the CA certificate stored beside."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

    module = softhsm_module()
    assert module and shutil.which("softhsm2-util"), "install softhsm2 (scripts/sysdeps.sh test)"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="ascii",
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)  # the caller restores it (monkeypatch)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN,
         "--so-pin", "13579"],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    ca_key, ca_cert = pki.make_ca("Token Certificates Inc")
    token = pkcs11.lib(module).get_token(token_label=TOKEN)
    with token.open(user_pin=PIN, rw=True) as session:
        params = session.create_domain_parameters(
            KeyType.EC,
            {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
            local=True,
        )
        public, _private = params.generate_keypair(store=True, label=KEY, id=b"\x01")
        cert = issue(
            ca_key, ca_cert, serialization.load_der_public_key(encode_ec_public_key(public))
        )
        for item, label, ident in ((cert, KEY, b"\x01"), (ca_cert, "ca", b"\x02")):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.VALUE: item.public_bytes(serialization.Encoding.DER),
                    Attribute.SUBJECT: item.subject.public_bytes(),
                    Attribute.LABEL: label,
                    Attribute.ID: ident,
                    Attribute.TOKEN: True,
                }
            )
    ca_pem = folder / "token-ca.pem"
    ca_pem.write_text(pki.cert_pem(ca_cert), encoding="ascii")
    return Token(module, conf, ca_pem, ca_cert)
