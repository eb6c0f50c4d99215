"""After a full session of CLI use, no sensitive text of the session is left in plaintext in
the workspace folder, the temporary folder or the settings folder (ACES_HOME)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.protect.support import NEW_PASSPHRASE

MARKERS = [
    "LEAKMARK-note-7f3a9",  # worker note narrative
    "LEAKMARK-pseudo-22c1",  # pseudonym
    "LEAKMARK-finding-91d",  # finding narrative
    "Leakmark Site 5e0b",  # imported site name
    "LEAKMARK-attach-0cc4",  # attachment content
    "LEAKMARK-person-aa8",  # person name
    "秘密标记阿依古丽木",  # Chinese worker note text
    "LEAKMARK-temp-3b7",  # data put through an encrypted temporary file
]


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def scan(roots: list[Path]) -> list[tuple[str, str]]:
    """(file, marker) for every marker found in any encoding in any file under ``roots``."""
    files = {p for root in roots for p in root.rglob("*") if p.is_file()}
    hits = []
    for path in sorted(files):
        data = path.read_bytes()
        for marker in MARKERS:
            if any(enc in data for enc in encodings(marker)):
                hits.append((path.name, marker))
    return hits


def test_scanner_finds_planted_text(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.bin").write_bytes(b"\x00" + MARKERS[6].encode("utf-16-le"))
    (tmp_path / "y.txt").write_text(MARKERS[0])
    assert scan([tmp_path]) == [("x.bin", MARKERS[6]), ("y.txt", MARKERS[0])]


ADD_SCRIPT = textwrap.dedent(
    """
    import logging, sys
    from aces_desktop.core.logging import install_excepthook, setup_logging
    from aces_desktop.store.tempfiles import EncryptedTempFile
    from aces_desktop.store.workspace import Workspace
    install_excepthook()
    setup_logging(logging.DEBUG)
    ws = Workspace.open(sys.argv[1], sys.argv[2])
    with ws.session() as s:
        site = ws.records.put(s, "site", {"name": "Mill for leak test", "country": "CN"})
        visit = ws.records.put(s, "visit", {"site_id": site, "start_date": "2026-09-01",
                                            "method": "unannounced"})
        ws.records.put(s, "worker_note", {
            "site_id": site, "visit_id": visit, "pseudonym": "LEAKMARK-pseudo-22c1",
            "consent_scope": "coordinator",
            "narrative": "LEAKMARK-note-7f3a9 秘密标记阿依古丽木 passports kept by the manager"})
        ws.records.put(s, "finding", {"visit_id": visit, "site_id": site, "indicator": "ILO-07",
            "grade": 3, "source_type": "direct_observation",
            "narrative": "LEAKMARK-finding-91d gates locked"})
        ws.records.put(s, "person", {"name": "LEAKMARK-person-aa8", "role": "auditor"})
    sha, size = ws.blobs.put_bytes(b"LEAKMARK-attach-0cc4 " * 1000)
    with EncryptedTempFile() as tmp:
        tmp.write(b"LEAKMARK-temp-3b7 preview" * 100)
        assert b"LEAKMARK-temp-3b7" in tmp.read_bytes()
        logging.getLogger("aces_desktop.test").info("preview %s", "LEAKMARK-temp-3b7 text")
    logging.getLogger("aces_desktop.test").warning("note %s", "LEAKMARK-note-7f3a9")
    ws.close()
    print("added", sha[:8])
    """
)


def test_full_session_leaves_no_plaintext(tmp_path: Path) -> None:
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    inputs = tmp_path / "inputs"  # files the user brought: outside the scanned folders
    for d in (home, temp, inputs):
        d.mkdir()
    ws = home / "workspaces" / "field"
    env = {
        **os.environ,
        "ACES_HOME": str(home),
        "TMPDIR": str(temp),
        "ACES_PASSPHRASE": PASSPHRASE,
        "ACES_WORKSPACE": str(ws),
        "ACES_RECOVERY_PASSPHRASE": "recovery passphrase for the leak test",
    }
    env.pop("ACES_DEBUG", None)
    outputs: list[str] = []

    def run(*args: str, extra: dict[str, str] | None = None) -> None:
        result = subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            env={**env, **(extra or {})},
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, (args, result.stderr)
        outputs.append(result.stdout + result.stderr)

    def aces(*args: str, extra: dict[str, str] | None = None) -> None:
        run("-m", "aces_desktop", *args, extra=extra)

    import_file = inputs / "sites.json"
    import_file.write_text(
        json.dumps(
            {
                "format": "aces-import",
                "version": 1,
                "sites": [{"ref": "s1", "name": "Leakmark Site 5e0b", "country": "CN"}],
            }
        ),
        encoding="utf-8",
    )
    aces("init", "--role", "field", "--name", "Leak test")
    aces("demo", "--sites", "3", "--observations", "40")
    aces("import", str(import_file))
    run("-c", ADD_SCRIPT, str(ws), PASSPHRASE)
    aces("pii", "list")
    aces("info")
    aces("passphrase", "change", extra={"ACES_NEW_PASSPHRASE": NEW_PASSPHRASE})
    aces(
        "recovery",
        "export",
        "--out",
        str(home / "field.recovery"),
        extra={"ACES_PASSPHRASE": NEW_PASSPHRASE},
    )
    aces("info", "--json", extra={"ACES_PASSPHRASE": NEW_PASSPHRASE})

    assert (ws / "workspace.db").exists() and len(list((ws / "blobs").rglob("*.age"))) >= 1
    assert (home / "field.recovery").exists()
    assert scan([ws, temp, home]) == []
    # What the commands printed and logged to stderr carries none of it either.
    printed = "\n".join(outputs)
    assert not [m for m in MARKERS if m in printed]
