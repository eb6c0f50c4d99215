"""Log lines keep ids and counts and lose content; temporary data is encrypted or in memory."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

import pytest

from aces_desktop.core.logging import REDACTED, WITHHELD, setup_logging
from aces_desktop.store import tempfiles

MARK = "Secret worker story ZQ-TEMPMARK 阿依古丽"


def test_useful_log_lines_survive_and_content_does_not() -> None:
    stream = io.StringIO()
    handler = setup_logging(logging.INFO, stream)
    log = logging.getLogger("aces_desktop.sync")
    try:
        log.info("merged bundle %s: %d revisions", "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", 120)
        log.info("state %s after %s", "committed", 3.5)
        log.info("note from %s", "Mehray Ablet")
        log.info(f"note text {MARK}")
    finally:
        logging.getLogger().removeHandler(handler)
    out = stream.getvalue()
    assert "merged bundle 0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b" in out
    assert "state committed after 3.5" in out
    assert f"note from {REDACTED}" in out and "Mehray" not in out
    assert WITHHELD in out and "TEMPMARK" not in out


def test_encrypted_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfiles.tempfile, "tempdir", None)
    data = (MARK * 2000).encode("utf-8")
    with tempfiles.EncryptedTempFile() as tmp:
        tmp.write(data)
        assert tmp.path.parent.parent == tmp_path
        assert oct(tmp.path.parent.stat().st_mode & 0o777) == "0o700"
        on_disk = tmp.path.read_bytes()
        assert b"TEMPMARK" not in on_disk and len(on_disk) >= len(data)
        assert tmp.read_bytes() == data
    assert list(tmp_path.iterdir()) == []


def test_private_temp_dir_is_scrubbed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfiles.tempfile, "tempdir", None)
    with tempfiles.private_temp_dir() as folder:
        (folder / "preview.pdf").write_text(MARK)
        assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert not folder.exists() and os.listdir(tmp_path) == []
    assert tempfiles.memory_buffer(b"x").getvalue() == b"x"
