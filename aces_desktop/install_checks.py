"""`aces-desktop --self-test`: after installing, prove that the parts which depend on bundled
native code work on this machine: the encrypted database, attachment encryption, PDF signing
and a sync-bundle round trip. Everything runs in a temporary folder that is removed after."""

from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aces_desktop.core.errors import AcesError, WrongPassphrase
from aces_desktop.store.workspace import DB_FILE, Workspace

CHINESE_NAME = "新疆棉纺织厂"
PASSPHRASE = "self-test " + os.urandom(8).hex()


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


Check = Callable[[Path], str]


def check_database(folder: Path) -> str:
    path = folder / "db-check"
    with Workspace.create(path, PASSPHRASE, role="field", name="Self-test") as ws:
        with ws.session() as s:
            site_id = ws.records.put(s, "site", {"name": CHINESE_NAME, "country": "CN"})
        state = ws.state_hash()
    with Workspace.open(path, PASSPHRASE) as ws:
        with ws.session() as s:
            _type, content = ws.records.get(s, site_id)
            (integrity,) = s.connection().exec_driver_sql("PRAGMA integrity_check").one()
        if content.get("name") != CHINESE_NAME:
            raise AcesError("a site written to the database did not read back")
        if integrity != "ok":
            raise AcesError(f"SQLite integrity check: {integrity}")
        if ws.state_hash() != state:
            raise AcesError("the state hash changed on reopening")
    return "create, write, reopen and integrity check"


def check_encryption(folder: Path) -> str:
    path = folder / "crypto-check"
    with Workspace.create(path, PASSPHRASE, role="field", name="Self-test") as ws:
        digest, _size = ws.blobs.put_bytes(CHINESE_NAME.encode() * 100)
        if ws.blobs.read_bytes(digest) != CHINESE_NAME.encode() * 100:
            raise AcesError("an encrypted attachment did not decrypt to its content")
        blob_files = ws.blobs.files()
    if (path / DB_FILE).read_bytes()[:16] == b"SQLite format 3\x00":
        raise AcesError("the database file is not encrypted")
    marker = CHINESE_NAME.encode()
    if any(marker in f.read_bytes() for f in blob_files):
        raise AcesError("an attachment is stored in plaintext")
    try:
        Workspace.open(path, PASSPHRASE + "x").close()
    except WrongPassphrase:
        pass
    else:
        raise AcesError("a wrong passphrase opened the workspace")
    return "SQLCipher database, age attachments, wrong passphrase refused"


def check_pdf_signing(folder: Path) -> str:
    """A signed scorecard of a coordinator workspace verifies against its own CA."""
    from aces_desktop.reports import pki
    from aces_desktop.reports.scorecard_export import render
    from aces_desktop.reports.verify import verify_pdf

    path = folder / "pdf-check"
    with Workspace.create(path, PASSPHRASE, role="coordinator", name="Self-test") as ws:
        with ws.session() as s:
            site_id = ws.records.put(
                s, "site", {"name": CHINESE_NAME, "country": "CN", "disclosure": "full"}
            )
        from aces_desktop.reports.scorecard_export import score_one

        result = score_one(ws, "site", site_id)
        pdf, _digest = render(ws, result, pki.signing_identity(ws))
        verdict = verify_pdf(
            pdf, [pki.ca_certificate(ws)], label="self-test.pdf", trust_label="workspace CA"
        )
    if not verdict.ok:
        failed = ", ".join(c.name for c in verdict.checks if not c.ok)
        raise AcesError(f"the signed scorecard did not verify ({failed})")
    return f"scorecard built, signed (PAdES) and verified ({len(pdf) // 1024} KB)"


def check_bundle_round_trip(folder: Path) -> str:
    """A field device's bundle, encrypted and signed, merges into a coordinator workspace."""
    from aces_desktop.sync.export import export_bundle
    from aces_desktop.sync.merge import merge_bundles
    from aces_desktop.sync.trust import export_identity, read_identity, trust_identity

    with (
        Workspace.create(folder / "coord", PASSPHRASE, role="coordinator", name="HQ") as coord,
        Workspace.create(folder / "field", PASSPHRASE, role="field", name="Field") as field,
    ):
        ids = folder / "identities"
        ids.mkdir()
        export_identity(coord, ids / "coord.json")
        export_identity(field, ids / "field.json")
        trust_identity(field, read_identity(ids / "coord.json"))
        trust_identity(coord, read_identity(ids / "field.json"))
        with field.session() as s:
            site_id = field.records.put(s, "site", {"name": CHINESE_NAME, "country": "CN"})
        bundle = folder / "field.aces-bundle"
        export_bundle(field, bundle)
        (summary,) = merge_bundles(coord, [bundle])
        if summary.refused:
            raise AcesError(f"the bundle was refused: {summary.refused}")
        with coord.session() as s:
            _type, content = coord.records.get(s, site_id)
        if content.get("name") != CHINESE_NAME:
            raise AcesError("the merged site differs from the one sent")
        (again,) = merge_bundles(coord, [bundle])
        if again.new_revisions:
            raise AcesError("merging the same bundle twice changed the workspace")
    return f"export, verify and merge of {summary.new_revisions} revision(s); idempotent"


CHECKS: list[tuple[str, Check]] = [
    ("Encrypted database", check_database),
    ("Encryption at rest", check_encryption),
    ("PDF signing", check_pdf_signing),
    ("Sync bundle round trip", check_bundle_round_trip),
]


def run_checks(report: Callable[[CheckResult], None] | None = None) -> list[CheckResult]:
    results: list[CheckResult] = []
    with tempfile.TemporaryDirectory(prefix="aces-self-test-") as tmp:
        for name, check in CHECKS:
            try:
                result = CheckResult(name, True, check(Path(tmp)))
            except AcesError as exc:
                result = CheckResult(name, False, exc.message)
            except Exception as exc:  # a broken installation shows up here: report it all
                detail = "".join(traceback.format_exception_only(exc)).strip()
                result = CheckResult(name, False, detail)
            results.append(result)
            if report is not None:
                report(result)
    return results


def format_result(result: CheckResult) -> str:
    return f"[{'ok' if result.ok else 'FAILED'}] {result.name}: {result.detail}"


def verdict(results: list[CheckResult]) -> str:
    failed = [r.name for r in results if not r.ok]
    if failed:
        return "Self-test FAILED: " + ", ".join(failed)
    return f"Self-test: all checks passed ({len(results)})."
