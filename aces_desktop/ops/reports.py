"""What leaves the workspace: PDF scorecards and their verification, the public register,
spreadsheets. The GUI's dialogs and the CLI (``aces report``, ``aces pdf verify``,
``aces register export``, ``aces export``) call these same functions.

None of them changes a record. Signing may make the organisation CA or a signing
certificate the first time (through the workspace's writer, ``reports.pki``); no view shows
those, so these return plain values, not ``Outcome``s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aces_desktop.core import messages as msg
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.store.workspace import Workspace

if TYPE_CHECKING:  # ReportLab and pyHanko load when a function here first runs
    from cryptography import x509

    from aces_desktop.reports.issuer import Issuer
    from aces_desktop.reports.pki import SigningIdentity
    from aces_desktop.reports.register import RegisterResult
    from aces_desktop.reports.scorecard_export import ExportedScorecard
    from aces_desktop.reports.spreadsheets import ExportTable
    from aces_desktop.reports.verify import Verdict

# --- scorecards ------------------------------------------------------------------------------


def organisation_ca(ws: Workspace | None) -> x509.Certificate | None:
    """The CA that signs this workspace's scorecards: a coordinator's only."""
    from aces_desktop.reports import pki

    if ws is None or ws.role != "coordinator" or not pki.has_ca(ws):
        return None
    return pki.ca_certificate(ws)


def signer_names(ws: Workspace) -> list[str]:
    """People holding a signing certificate of this workspace, sorted, each once."""
    from aces_desktop.reports import pki

    return sorted({c.name for c in pki.list_certificates(ws)})


def scorecard_file_name(kind: str, subject_id: str, name: str, others: list[str]) -> str:
    """The suggested file name of one scorecard (the subject's names in it, made safe)."""
    from aces_desktop.reports import scorecard_export

    return scorecard_export.file_name(
        {"kind": kind, "subject_name": name, "subject_id": subject_id}, others
    )


def scorecard(
    ws: Workspace,
    kind: str,
    subject_id: str,
    out: Path,
    *,
    sign: bool,
    signer: str | None = None,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    identity: SigningIdentity | None = None,
    issuer: Issuer | None = None,
    language: str = "en",
) -> ExportedScorecard:
    """Score one initiative, company or site and write its scorecard PDF to ``out``
    (written in ``language``: en, zh_CN or ug); ``identity`` (see ``signing_identity``)
    signs instead of the organisation CA."""
    from aces_desktop.reports import scorecard_export
    from aces_desktop.reports.report_language import use_language

    progress = progress or NullProgress()
    progress.start(msg.PROGRESS_SCORING(), None)
    result = scorecard_export.score_one(ws, kind, subject_id, as_of)
    progress.start(msg.PROGRESS_SCORECARD(), None)
    with use_language(language):
        return scorecard_export.export_scorecard(
            ws, result, out, sign=sign, signer=signer, identity=identity, issuer=issuer
        )


def scorecards(
    ws: Workspace,
    folder: Path,
    *,
    sign: bool,
    signer: str | None = None,
    kind: str | None = None,
    as_of: dt.date | None = None,
    jobs: int | None = None,
    include_withheld: bool = False,
    progress: Progress | None = None,
    identity: SigningIdentity | None = None,
    issuer: Issuer | None = None,
    language: str = "en",
) -> list[ExportedScorecard]:
    """Every scorecard (of one kind, or all) into ``folder``, with an index."""
    from aces_desktop.reports import scorecard_export
    from aces_desktop.reports.report_language import use_language

    progress = progress or NullProgress()
    progress.start(msg.PROGRESS_SCORING(), None)
    with use_language(language):
        return scorecard_export.export_all(
            ws,
            folder,
            sign=sign,
            signer=signer,
            kind=kind,
            as_of=as_of,
            jobs=jobs,
            progress=progress,
            include_withheld=include_withheld,
            identity=identity,
            issuer=issuer,
        )


@contextmanager
def signing_identity(
    *,
    pkcs12: Path | None = None,
    pkcs11: tuple[str, str, str] | None = None,
    secret: str | None = None,
) -> Iterator[SigningIdentity | None]:
    """A certificate the organisation already holds, open for the length of the block:
    a PKCS#12 file (``secret`` is its passphrase) or a PKCS#11 token (module, token label,
    key label; ``secret`` is the PIN). Neither given: None (the organisation CA signs)."""
    from aces_desktop.reports import external_signers

    if pkcs12 is not None:
        yield external_signers.load_pkcs12(pkcs12, secret)
    elif pkcs11 is not None:
        module, token, key = pkcs11
        with external_signers.open_pkcs11(
            external_signers.Pkcs11Token(module, token, key), secret
        ) as identity:
            yield identity
    else:
        yield None


def default_signer(ws: Workspace) -> str:
    """Whose organisation-CA certificate signs when no signer is named."""
    from aces_desktop.reports import pki

    return pki.default_signer_name(ws)


def load_issuer(ws: Workspace) -> Issuer:
    """The organisation name and logo the scorecards show (workspace setting)."""
    from aces_desktop.reports import issuer

    return issuer.load(ws)


def issuer_for(saved: Issuer, organisation: str | None, logo: Path | None) -> Issuer:
    """The saved issuer with this export's organisation and logo (checked) put in."""
    from aces_desktop.reports import issuer

    return issuer.Issuer(
        " ".join(organisation.split()) if organisation else saved.organisation,
        issuer.read_logo(logo) if logo is not None else saved.logo,
        saved.signer,
    )


def save_issuer(
    ws: Workspace, organisation: str | None, logo: Path | bytes | None, signer: str | None = None
) -> Issuer:
    """Set the organisation name, logo and default signer scorecards show; a logo path is
    checked first."""
    from aces_desktop.reports import issuer

    data = issuer.read_logo(logo) if isinstance(logo, Path) else logo
    value = issuer.Issuer(organisation, data, signer)
    issuer.save(ws, value)
    return issuer.load(ws)


def not_ready_skipped(ws: Workspace, kind: str | None = None) -> int:
    """How many initiatives and companies (of ``kind``, or both) a batch meant for
    publication leaves out because no coordinator marked them ready (``aces publish``)."""
    from aces_desktop.reports.register import not_ready_counts

    counts = not_ready_counts(ws)
    return sum(
        n
        for k, n in (("initiative", counts["initiatives"]), ("company", counts["companies"]))
        if kind in (None, k)
    )


def read_trust(path: Path) -> list[x509.Certificate]:
    """The CA certificates of a PEM or DER file, to verify scorecards against."""
    from aces_desktop.reports.verify import read_trust_file

    return read_trust_file(path)


def verify_pdf(path: Path, trust: list[x509.Certificate], trust_label: str) -> Verdict:
    """Check a scorecard PDF: its signature, the certificate chain to ``trust``, its data."""
    from aces_desktop.reports.verify import verify_file

    return verify_file(path, trust, trust_label)


# --- the public register and spreadsheets ----------------------------------------------------


def register(
    ws: Workspace,
    out_dir: Path,
    *,
    export_date: dt.date,
    sign: bool = False,
    publisher: str | None = None,
    progress: Progress | None = None,
    language: str = "en",
) -> RegisterResult:
    """The public transparency register, redacted, written to ``out_dir`` as a whole
    (its pages and terms in ``language``)."""
    from aces_desktop.reports.register import export_register
    from aces_desktop.reports.report_language import use_language

    with use_language(language):
        return export_register(
            ws, out_dir, export_date=export_date, sign=sign, progress=progress, publisher=publisher
        )


def records_sheet(
    ws: Workspace, export_type: str, out: Path, *, bom: bool = False
) -> tuple[int, int]:
    """One record list to .xlsx or .csv through redaction: (rows written, rows held back)."""
    from aces_desktop.reports.spreadsheets import export_records

    return export_records(ws, export_type, out, bom=bom)


def records_table(ws: Workspace, type_name: str, ids: list[str], *, title: str) -> ExportTable:
    """Whole records of one type, in the order of ``ids``, for a spreadsheet (redacted when
    written)."""
    from aces_desktop.reports.spreadsheets import record_table

    return record_table(ws, type_name, title=title, ids=ids)


def scores_sheet(
    ws: Workspace,
    out: Path,
    *,
    kind: str | None = None,
    as_of: dt.date | None = None,
    bom: bool = False,
) -> tuple[int, int]:
    """The ratings as of a day (today, UTC, by default) to .xlsx or .csv, redacted like
    every export: (rows written, rows held back)."""
    from aces_desktop.reports import scorecard_export
    from aces_desktop.reports.spreadsheets import score_rows, write_table

    day = as_of or dt.datetime.now(dt.UTC).date()
    results: list[dict[str, Any]] = scorecard_export.score_results(ws, kind, day)
    written = write_table(score_rows(ws, results), out, bom=bom)
    return written, len(results) - written
