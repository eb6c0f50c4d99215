"""``aces report``, ``aces pdf verify`` and ``aces pki ...`` (signed PDF scorecards)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from aces_desktop.commands.common import (
    DAY,
    LANGUAGE_OPTION,
    TerminalProgress,
    common_options,
    emit_json,
    open_workspace,
)
from aces_desktop.core.errors import AcesError

# --- aces report --------------------------------------------------------------------------


@click.command()
@common_options
@click.option(
    "--kind",
    type=click.Choice(["initiative", "company", "site"]),
    help="Kind of subject (with --id; with --all, only this kind).",
)
@click.option("--id", "subject_id", help="Record id of the initiative, company or site.")
@click.option("--all", "all_", is_flag=True, help="Every scorecard, into the folder --out.")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The PDF file to write (with --id), or the folder (with --all).",
)
@click.option("--sign", is_flag=True, help="Sign with the organisation certificate (PAdES).")
@click.option(
    "--signer",
    default=None,
    help="Whose certificate signs (default: this workspace's person, issued automatically).",
)
@click.option(
    "--as-of",
    type=DAY,
    default=None,
    help="Score as the workspace stood on this day (default: today).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for --all (default: one per core).",
)
@click.option(
    "--include-withheld-sites",
    is_flag=True,
    help="With --all, also sites whose disclosure is 'withhold' and initiatives and companies "
    "not marked ready to publish (left out by default).",
)
@click.option(
    "--pkcs12",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Sign with the key and certificate of this PKCS#12 file (.p12/.pfx) instead of the "
    "organisation CA; passphrase from $ACES_PKCS12_PASSPHRASE or a prompt.",
)
@click.option("--pkcs11-module", default=None, help="PKCS#11 module (.so/.dll) of a token.")
@click.option("--pkcs11-token", default=None, help="Label of the PKCS#11 token.")
@click.option(
    "--pkcs11-key",
    default=None,
    help="Label of the key (and its certificate) on the token; PIN from $ACES_PKCS11_PIN "
    "or a prompt.",
)
@click.option(
    "--organisation",
    default=None,
    help="Organisation shown as issuer, this time only (default: the workspace setting, "
    "'aces pki issuer').",
)
@click.option(
    "--logo",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Organisation logo (PNG or JPEG), this time only.",
)
@LANGUAGE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def report(
    kind: str | None,
    subject_id: str | None,
    all_: bool,
    out: Path,
    sign: bool,
    signer: str | None,
    as_of: Any,
    jobs: int | None,
    include_withheld_sites: bool,
    pkcs12: Path | None,
    pkcs11_module: str | None,
    pkcs11_token: str | None,
    pkcs11_key: str | None,
    organisation: str | None,
    logo: Path | None,
    language: str,
    as_json: bool,
) -> None:
    """PDF scorecards: one (--kind K --id ID --out FILE.pdf) or all (--all --out DIR)."""
    pkcs11 = _pkcs11_choice(pkcs11_module, pkcs11_token, pkcs11_key)
    if pkcs12 is not None and pkcs11 is not None:
        raise click.UsageError("Give either --pkcs12 or the --pkcs11-... options, not both.")
    if (pkcs12 is not None or pkcs11 is not None) and signer:
        raise click.UsageError(
            "--signer names an organisation-CA certificate; not with a "
            "PKCS#12 file or token, whose certificate names the signer."
        )
    if pkcs12 is not None or pkcs11 is not None:
        sign = True
    if all_ == bool(subject_id):
        raise click.UsageError("Give either --kind K --id ID, or --all.")
    if subject_id and not kind:
        raise click.UsageError("--id needs --kind (initiative, company or site).")
    if subject_id and out.suffix.lower() != ".pdf":
        raise click.UsageError("--out must name a .pdf file when one scorecard is written.")
    from aces_desktop.ops import reports
    from aces_desktop.reports import scorecard_export
    from aces_desktop.reports.fonts import locate_font

    font = locate_font()
    if font.warning:
        click.echo(f"aces: warning: {font.warning}", err=True)
    day = as_of
    skipped = 0
    secret = None
    if pkcs12 is not None:
        secret = _secret("ACES_PKCS12_PASSPHRASE", f"Passphrase of {pkcs12}")
    elif pkcs11 is not None:
        secret = _secret("ACES_PKCS11_PIN", f"PIN of the token '{pkcs11[1]}'")
    with (
        open_workspace() as ws,
        reports.signing_identity(pkcs12=pkcs12, pkcs11=pkcs11, secret=secret) as identity,
    ):
        issuer = None
        if organisation is not None or logo is not None:
            issuer = reports.issuer_for(reports.load_issuer(ws), organisation, logo)
        if subject_id and kind:
            written = [
                reports.scorecard(
                    ws,
                    kind,
                    subject_id,
                    out,
                    sign=sign,
                    signer=signer,
                    as_of=day,
                    identity=identity,
                    issuer=issuer,
                    language=language,
                )
            ]
        else:
            with TerminalProgress() as progress:
                written = reports.scorecards(
                    ws,
                    out,
                    sign=sign,
                    signer=signer,
                    kind=kind,
                    as_of=day,
                    jobs=jobs,
                    progress=progress,
                    include_withheld=include_withheld_sites,
                    identity=identity,
                    issuer=issuer,
                    language=language,
                )
            skipped = 0 if include_withheld_sites else reports.not_ready_skipped(ws, kind)
    if as_json:
        doc: dict[str, Any] = {"count": len(written), "scorecards": [w.to_json() for w in written]}
        if all_:
            doc["not_ready_skipped"] = skipped
        emit_json(doc)
        return
    for w in written:
        mark = f"signed by {w.signer}" if w.signed else "not signed"
        click.echo(f"{w.file}  [{w.kind}: {w.subject_name} — {w.rating}; {mark}]")
    if all_:
        click.echo(
            f"{len(written)} scorecard(s) written to {out} (index: {scorecard_export.INDEX_FILE})."
        )
        if skipped:
            click.echo(
                f"{skipped} initiative(s) and company(ies) not marked ready to publish were "
                "skipped (see: aces publish list)."
            )


def _pkcs11_choice(
    module: str | None, token: str | None, key: str | None
) -> tuple[str, str, str] | None:
    given = [v for v in (module, token, key) if v]
    if not given:
        return None
    if len(given) < 3:
        raise click.UsageError(
            "A PKCS#11 token needs all three: --pkcs11-module, --pkcs11-token and --pkcs11-key."
        )
    assert module and token and key
    return module, token, key


def _secret(env: str, prompt: str) -> str | None:
    """A passphrase or PIN for one export: from ``env``, else asked (never stored)."""
    import os
    import sys

    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        from aces_desktop.core import messages as msg

        raise AcesError(msg.SECRET_NEEDED(prompt, env))
    return str(click.prompt(prompt, hide_input=True, default="", show_default=False)) or None


# --- aces pdf verify ----------------------------------------------------------------------


@click.group()
def pdf() -> None:
    """Check signed PDF scorecards."""


@pdf.command(name="verify")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--trust",
    "trust_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="CA certificate (PEM or DER) to trust instead of this workspace's organisation CA. "
    "No workspace is needed then. May be given more than once.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def pdf_verify(file: Path, trust_files: tuple[Path, ...], as_json: bool) -> None:
    """Verify a scorecard's signature, certificate chain and embedded data.

    Exit status 0 only when the signature is intact, covers the whole file, chains to the
    trusted organisation CA and the embedded data matches the document.
    """
    from aces_desktop.ops import reports

    if trust_files:
        trust = [c for path in trust_files for c in reports.read_trust(path)]
        label = ", ".join(str(p) for p in trust_files)
    else:
        _precheck(file)
        trust, label = _workspace_trust()
    verdict = reports.verify_pdf(file, trust, label)
    if as_json:
        emit_json(verdict.to_json())
    else:
        for line in verdict.lines():
            click.echo(line)
    if not verdict.ok:
        raise AcesError(f"{file} failed verification: {verdict.summary()}")


def _precheck(file: Path) -> None:
    """Refuse a file that is not a PDF before asking for a passphrase."""
    from aces_desktop.reports.verify import VerificationInputError

    try:
        with file.open("rb") as handle:
            head = handle.read(5)
    except FileNotFoundError:
        raise VerificationInputError(f"There is no file {file}.") from None
    except OSError as exc:
        raise VerificationInputError(f"Cannot read {file}: {exc.strerror}.") from exc
    if head != b"%PDF-":
        raise VerificationInputError(f"{file} is not a PDF file.")


def _workspace_trust() -> tuple[list[Any], str]:
    from aces_desktop.commands.common import workspace_path
    from aces_desktop.ops import reports
    from aces_desktop.store.workspace import is_workspace

    path = workspace_path()
    if not is_workspace(path):
        raise AcesError(
            f"There is no workspace at {path} to take the organisation CA from. Give the "
            "issuer's CA certificate with --trust CA.pem (no workspace is needed then)."
        )
    with open_workspace() as ws:
        cert = reports.organisation_ca(ws)
        if cert is None:
            raise AcesError(
                "This workspace has no organisation certificate authority to trust. Give the "
                "issuer's CA certificate with --trust CA.pem."
            )
        return [cert], f"organisation CA of workspace '{ws.name}'"


# --- aces pki -----------------------------------------------------------------------------


@click.group()
def pki() -> None:
    """The organisation certificate authority of a coordinator workspace."""


@pki.command(name="init")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pki_init(as_json: bool) -> None:
    """Make the organisation CA now (coordinator workspaces made before it existed)."""
    from aces_desktop.reports import pki as org

    with open_workspace() as ws:
        existed = org.has_ca(ws) if ws.role == "coordinator" else False
        cert = org.ensure_ca(ws)
    result = _ca_json(cert, created=not existed)
    if as_json:
        emit_json(result)
    else:
        verb = "Created" if not existed else "Already present:"
        click.echo(f"{verb} organisation CA '{result['subject']}'")
        click.echo(f"SHA-256 fingerprint: {result['fingerprint_sha256']}")


def _ca_json(cert: Any, *, created: bool) -> dict[str, Any]:
    from aces_desktop.reports.pki import fingerprint

    return {
        "subject": cert.subject.rfc4514_string(),
        "fingerprint_sha256": fingerprint(cert),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "created": created,
    }


@pki.command(name="export-ca")
@common_options
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the CA certificate (PEM).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pki_export_ca(out: Path, as_json: bool) -> None:
    """Write the organisation CA certificate for verifiers (aces pdf verify --trust, pdfsig)."""
    from aces_desktop.core.atomic import atomic_write_bytes
    from aces_desktop.reports import pki as org

    with open_workspace() as ws:
        existed = org.has_ca(ws) if ws.role == "coordinator" else False
        cert = org.ensure_ca(ws)
        atomic_write_bytes(out, org.cert_pem(cert).encode("ascii"), mode=0o644)
    result = {**_ca_json(cert, created=not existed), "file": str(out)}
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Wrote the organisation CA certificate to {out}")
        click.echo(f"SHA-256 fingerprint: {result['fingerprint_sha256']}")


@pki.command(name="issue")
@common_options
@click.option("--person", required=True, help="Name of the signer, as it appears on scorecards.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pki_issue(person: str, as_json: bool) -> None:
    """Issue a signing certificate to a person of the organisation (kept in the workspace)."""
    from aces_desktop.reports import pki as org

    with open_workspace() as ws:
        issued = org.issue_certificate(ws, person)
    if as_json:
        emit_json(issued.to_json())
    else:
        click.echo(f"Issued a signing certificate to {issued.name}")
        click.echo(f"Serial:      {issued.serial}")
        click.echo(f"Valid until: {issued.not_after}")
        click.echo(f"SHA-256:     {issued.fingerprint}")


@pki.command(name="issuer")
@common_options
@click.option("--organisation", default=None, help="Organisation named on every scorecard.")
@click.option(
    "--logo",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Organisation logo for scorecards: a PNG or JPEG file of at most 512 KB.",
)
@click.option("--no-logo", is_flag=True, help="Remove the logo.")
@click.option(
    "--signer",
    default=None,
    help="Person who signs by default (default: this workspace's person); '' to unset.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pki_issuer(
    organisation: str | None, logo: Path | None, no_logo: bool, signer: str | None, as_json: bool
) -> None:
    """Show or set the organisation name, logo and default signer of scorecards."""
    from aces_desktop.ops import reports

    if logo is not None and no_logo:
        raise click.UsageError("Give --logo or --no-logo, not both.")
    with open_workspace() as ws:
        current = reports.load_issuer(ws)
        if organisation is not None or logo is not None or no_logo or signer is not None:
            current = reports.save_issuer(
                ws,
                organisation if organisation is not None else current.organisation,
                None if no_logo else (logo if logo is not None else current.logo),
                signer if signer is not None else current.signer,
            )
        name = current.organisation or ws.name
        default_signer = reports.default_signer(ws) if ws.role == "coordinator" else None
    result = {
        "organisation": name,
        "organisation_set": current.organisation is not None,
        "logo_bytes": len(current.logo) if current.logo else 0,
        "signer": default_signer,
    }
    if as_json:
        emit_json(result)
        return
    click.echo(f"Organisation: {name}" + ("" if current.organisation else " (workspace name)"))
    click.echo(f"Logo: {len(current.logo) // 1024 + 1} KB" if current.logo else "Logo: none")
    if default_signer:
        click.echo(f"Signs by default: {default_signer}")


@pki.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pki_list(as_json: bool) -> None:
    """The organisation CA and the signing certificates it issued."""
    from aces_desktop.reports import pki as org

    with open_workspace() as ws:
        has = ws.role == "coordinator" and org.has_ca(ws)
        cert = org.ca_certificate(ws) if has else None
        issued = org.list_certificates(ws) if has else []
    ca_json = _ca_json(cert, created=False) if cert is not None else None
    result: dict[str, Any] = {
        "ca": ca_json,
        "certificates": [c.to_json() for c in issued],
    }
    if as_json:
        emit_json(result)
        return
    if ca_json is None:
        click.echo("No organisation CA yet (it is made when first needed, or by: aces pki init).")
        return
    click.echo(f"Organisation CA: {ca_json['subject']}")
    click.echo(f"  SHA-256 {ca_json['fingerprint_sha256']}")
    for c in issued:
        click.echo(f"- {c.name}  serial {c.serial}  valid until {c.not_after[:10]}")


COMMANDS: list[click.Command] = [report, pdf, pki]
