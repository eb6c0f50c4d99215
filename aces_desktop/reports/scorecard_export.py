"""Export scorecards: one (``export_scorecard``) or all of them (``export_all``).

A batch runs in a pool of processes (spawned, so it is safe from the GUI too). The parent
scores every subject once and makes sure the signing certificate exists; each spawned worker
opens the workspace itself (with the data key, no key derivation), builds, signs and writes
the scorecards it takes from a shared queue, and the parent works through the same queue. Every file is
written atomically, so a cancelled or failed batch leaves only complete scorecards.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import atomic_write_bytes, atomic_write_text
from aces_desktop.core.canonical import canonical_json
from aces_desktop.core.errors import AcesError
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.redaction import site_disclosure
from aces_desktop.core.schema import SUBJECT_TYPES
from aces_desktop.reports import issuer as issuers
from aces_desktop.reports import pki, report_language
from aces_desktop.reports.scorecard import SignedBy, build_scorecard_pdf
from aces_desktop.reports.scorecard_data import KINDS, ScorecardError, collect
from aces_desktop.reports.signing import sign_pdf
from aces_desktop.store.publication import ready_subjects
from aces_desktop.store.workspace import Workspace

INDEX_FILE = "scorecards.json"
CA_FILE = "organisation-ca.pem"


@dataclass(frozen=True)
class ExportedScorecard:
    kind: str
    subject_id: str
    subject_name: str
    file: str
    signed: bool
    signer: str | None
    data_sha256: str
    rating: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _rating(result: dict[str, Any]) -> str:
    if result.get("kind") == "site":
        level = result.get("risk_level")
        return f"risk {level} ({result.get('risk_label')})" if level is not None else "risk unknown"
    if result.get("kind") == "company":
        return str(result.get("tier") or result.get("status"))
    return " ".join(
        f"{d.get('id')}:{d.get('grade') or '?'}" for d in result.get("dimensions") or []
    )


def score_results(
    ws: Workspace, kind: str | None = None, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """Scoring results (``Result.to_json()``) of every subject, or of one kind."""
    from aces_desktop.store.gather import score_workspace

    return [r.to_json() for r in score_workspace(ws, kind=kind, as_of=as_of)]


def score_one(
    ws: Workspace, kind: str, subject_id: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    if kind not in KINDS:
        raise ScorecardError(msg.KIND_MUST_ONE_NOT(", ".join(KINDS), kind))
    wanted = subject_id.strip().lower()
    for result in score_results(ws, kind, as_of):
        if result["subject_id"] == wanted:
            return result
    raise ScorecardError(msg.THERE_NO_ID_WORKSPACE_LIST(kind, subject_id))


def signed_by(
    ws: Workspace, identity: pki.SigningIdentity | None, issuer: issuers.Issuer | None = None
) -> SignedBy:
    """Who the scorecard names as its issuer: the signer (person), the organisation (the
    workspace's issuer setting, else the certificate's organisation, else the workspace
    name), the certificate readers must trust, and the logo."""
    issuer = issuer or issuers.load(ws)
    if identity is None:
        return SignedBy(None, issuer.organisation or ws.name, logo=issuer.logo)
    organisation = issuer.organisation or identity.organisation or ws.name
    root = identity.root
    return SignedBy(
        person=identity.name,
        organisation=organisation,
        trust_name=root.subject.rfc4514_string(),
        trust_sha256=pki.fingerprint(root),
        source=identity.source,
        logo=issuer.logo,
    )


def render(
    ws: Workspace,
    result: dict[str, Any],
    identity: pki.SigningIdentity | None,
    issuer: issuers.Issuer | None = None,
) -> tuple[bytes, str]:
    """(PDF bytes, data SHA-256) of one scorecard, signed when an identity is given."""
    card = collect(ws, result)
    data = card.data()
    digest = data.sha256()
    by = signed_by(ws, identity, issuer)
    pdf = build_scorecard_pdf(card, digest, signed_by=by)
    if identity is not None:
        pdf = sign_pdf(
            pdf,
            identity,
            data.to_bytes(),
            reason=f"ACES {card.kind} scorecard issued by {by.organisation}",
            organisation=by.organisation,
        )
    return pdf, digest


def export_scorecard(
    ws: Workspace,
    result: dict[str, Any],
    out: Path,
    *,
    sign: bool,
    signer: str | None = None,
    identity: pki.SigningIdentity | None = None,
    issuer: issuers.Issuer | None = None,
) -> ExportedScorecard:
    """One scorecard; signed with ``identity`` (a PKCS#12 file or token) when given, else,
    with ``sign``, with the certificate the organisation CA issued to ``signer``."""
    if identity is None and sign:
        identity = pki.signing_identity(ws, signer)
    pdf, digest = render(ws, result, identity, issuer)
    atomic_write_bytes(out, pdf, mode=0o644)
    return ExportedScorecard(
        kind=str(result["kind"]),
        subject_id=str(result["subject_id"]),
        subject_name=str(result.get("subject_name") or ""),
        file=str(out),
        signed=identity is not None,
        signer=identity.name if identity else None,
        data_sha256=digest,
        rating=_rating(result),
    )


def withheld_sites(ws: Workspace) -> set[str]:
    """Ids of sites whose disclosure setting keeps them out of publication."""
    from sqlalchemy import select

    from aces_desktop.store import models as m

    with ws.session() as s:
        return {
            str(r.id)
            for r in s.execute(select(m.Site.id, m.Site.disclosure))
            if site_disclosure({"disclosure": r.disclosure}) == "withhold"
        }


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def file_name(result: dict[str, Any], other_names: list[str] | None = None) -> str:
    """``site-kashgar-hengrun-textile-co-ltd-5599f78a82e.pdf``: kind, an ASCII slug of the
    name (or of its first Latin-script other name), and the end of the id."""
    slug = _slug(str(result.get("subject_name") or ""))
    for other in other_names or []:
        if len(slug) >= 3:
            break
        slug = _slug(other)
    parts = [str(result["kind"]), slug, str(result["subject_id"])[-12:]]
    return "-".join(p for p in parts if p) + ".pdf"


def other_names(ws: Workspace) -> dict[str, list[str]]:
    """Names in other scripts of every site, company and initiative (for file names)."""
    from sqlalchemy import select

    from aces_desktop.store import models as m

    out: dict[str, list[str]] = {}
    with ws.session() as s:
        for model in (m.Site, m.Company, m.Initiative):
            for row in s.execute(select(model.id, model.other_names)):
                names = [n.get("text", "") for n in row.other_names or [] if isinstance(n, dict)]
                if names:
                    out[str(row.id)] = names
    return out


# --- the process pool ---------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _init_worker(
    path: str,
    key: bytes,
    sign: bool,
    signer: str | None,
    issuer: issuers.Issuer | None,
    language: str = "en",
) -> None:
    ws = Workspace(Path(path), key)
    _worker["ws"] = ws
    _worker["issuer"] = issuer or issuers.load(ws)
    _worker["language"] = language
    _worker["identity"] = pki.signing_identity(ws, signer) if sign else None


def _work(result: dict[str, Any], out: str) -> dict[str, Any]:
    ws: Workspace = _worker["ws"]
    identity = _worker["identity"]
    with report_language.use_language(_worker.get("language", "en")):
        pdf, digest = render(ws, result, identity, _worker["issuer"])
    atomic_write_bytes(Path(out), pdf, mode=0o644)
    return {"file": out, "data_sha256": digest}


def _exported(
    result: dict[str, Any], done: dict[str, Any], signer: str | None
) -> ExportedScorecard:
    return ExportedScorecard(
        kind=str(result["kind"]),
        subject_id=str(result["subject_id"]),
        subject_name=str(result.get("subject_name") or ""),
        file=done["file"],
        signed=signer is not None,
        signer=signer,
        data_sha256=done["data_sha256"],
        rating=_rating(result),
    )


def export_all(
    ws: Workspace,
    out_dir: Path,
    *,
    sign: bool,
    signer: str | None = None,
    kind: str | None = None,
    as_of: dt.date | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    results: Iterable[dict[str, Any]] | None = None,
    include_withheld: bool = False,
    identity: pki.SigningIdentity | None = None,
    issuer: issuers.Issuer | None = None,
) -> list[ExportedScorecard]:
    """Write every scorecard (of one ``kind``, or all) into ``out_dir``.

    Sites whose disclosure is ``withhold``, and initiatives and companies no coordinator has
    marked ready to publish (``ops.publication``), are left out unless ``include_withheld``:
    a batch is usually meant for publication, and naming such a site can endanger its workers.
    ``jobs`` processes build them (default: one per core); ``jobs=1`` works in this process.
    """
    progress = progress or NullProgress()
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise AcesError(msg.EXISTS_NOT_FOLDER(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    external = identity is not None  # a PKCS#12 file or a token: signs in this process
    if identity is None and sign:
        identity = pki.signing_identity(ws, signer)  # issues it once, here
    signer_name = identity.name if identity else None
    todo = list(results) if results is not None else score_results(ws, kind, as_of)
    not_ready = 0
    if not include_withheld:
        withheld = withheld_sites(ws)
        todo = [r for r in todo if not (r["kind"] == "site" and r["subject_id"] in withheld)]
        with ws.session() as s:
            ready = ready_subjects(s)
        published = [r for r in todo if r["kind"] not in SUBJECT_TYPES or r["subject_id"] in ready]
        not_ready = len(todo) - len(published)
        todo = published
    names: set[str] = set()
    targets: list[tuple[dict[str, Any], str]] = []
    others = other_names(ws)
    for r in todo:
        name = file_name(r, others.get(str(r["subject_id"])))
        if name in names:
            name = name[:-4] + f"-{r['subject_id']}.pdf"
        names.add(name)
        targets.append((r, str(out_dir / name)))
    progress.start(msg.PROGRESS_SCORECARDS(), len(targets))
    jobs = max(1, jobs or os.cpu_count() or 1)
    exported: list[ExportedScorecard] = []
    issuer = issuer or issuers.load(ws)
    if jobs == 1 or len(targets) < 2 or external:
        for r, out in targets:
            pdf, digest = render(ws, r, identity, issuer)
            atomic_write_bytes(Path(out), pdf, mode=0o644)
            exported.append(_exported(r, {"file": out, "data_sha256": digest}, signer_name))
            progress.advance()
    else:
        exported = _run_pool(ws, targets, identity, sign, signer_name, jobs, progress, issuer)
    order = {t[1]: i for i, t in enumerate(targets)}
    exported.sort(key=lambda e: order[e.file])
    index = {
        "format": "aces-scorecard-index",
        "workspace": ws.name,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scorecards": [{**e.to_json(), "file": Path(e.file).name} for e in exported],
        "not_ready_skipped": not_ready,
    }
    atomic_write_text(out_dir / INDEX_FILE, canonical_json(index) + "\n", mode=0o644)
    return exported


def _run_pool(
    ws: Workspace,
    targets: list[tuple[dict[str, Any], str]],
    identity: pki.SigningIdentity | None,
    sign: bool,
    signer: str | None,
    jobs: int,
    progress: Progress,
    issuer: issuers.Issuer,
) -> list[ExportedScorecard]:
    """``jobs`` workers: this process (already warm: modules, fonts, the signing key) and
    ``jobs - 1`` spawned processes, all taking the next scorecard from one queue.

    A spawned worker costs about a second of CPU before its first scorecard (imports, fonts,
    opening the workspace), so this process works instead of waiting: with two cores one
    worker is spawned, not two, and the batch starts at once."""
    exported: list[ExportedScorecard] = []
    # Workers open the (already upgraded) workspace with its data key: no second passphrase
    # prompt, no key derivation per worker. The key travels over the pool's private pipe.
    key = ws._key
    if key is None:
        raise AcesError(msg.WORKSPACE_LOCKED())
    workers = min(jobs, len(targets)) - 1
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(str(ws.path), key, sign, signer, issuer, report_language.current()),
    )
    pending: dict[Future[dict[str, Any]], dict[str, Any]] = {}
    queue = list(reversed(targets))
    # Two tasks in flight per spawned worker: one working, one waiting, so a worker never
    # idles between tasks, a cancel stops soon, and the batch ends with at most one
    # scorecard per worker still to finish after this process runs out of work.
    window = workers * 2

    def submit() -> None:
        while queue and len(pending) < window:
            r, out = queue.pop()
            pending[pool.submit(_work, r, out)] = r

    def collect(timeout: float | None) -> None:
        if not pending:
            return
        done, _ = wait(list(pending), timeout=timeout, return_when=FIRST_COMPLETED)
        for fut in done:
            r = pending.pop(fut)
            exported.append(_exported(r, fut.result(), signer))
            progress.advance()

    try:
        submit()
        while queue:
            r, out = queue.pop()
            pdf, digest = render(ws, r, identity, issuer)
            atomic_write_bytes(Path(out), pdf, mode=0o644)
            exported.append(_exported(r, {"file": out, "data_sha256": digest}, signer))
            progress.advance()
            collect(0)
            submit()
        while pending:
            collect(None)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return exported


@dataclass(frozen=True)
class DemoScorecards:
    folder: Path
    ca_file: Path
    written: int
    verified: int


def write_and_verify(ws: Workspace, out_dir: Path, jobs: int | None = None) -> DemoScorecards:
    """Signed scorecards of every subject, the CA certificate beside them, each verified
    against that CA (``make demo``). A scorecard that fails verification is an error."""
    from aces_desktop.reports.verify import verify_file

    written = export_all(ws, out_dir, sign=True, jobs=jobs, include_withheld=True)
    ca = pki.ensure_ca(ws)
    ca_file = Path(out_dir) / CA_FILE
    atomic_write_bytes(ca_file, pki.cert_pem(ca).encode("ascii"), mode=0o644)
    failed = []
    for item in written:
        verdict = verify_file(Path(item.file), [ca], str(ca_file))
        if not verdict.ok:
            failed.append(f"{Path(item.file).name}: {verdict.summary()}")
    if failed:
        raise AcesError(msg.SCORECARDS_FAILED_VERIFICATION("; ".join(failed[:5])))
    return DemoScorecards(Path(out_dir), ca_file, len(written), len(written))
