"""Log lines keep ids and counts and lose content; temporary data is encrypted or in memory."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from aces_desktop.core.logging import REDACTED, WITHHELD, error_fields, log_event, setup_logging
from aces_desktop.store import tempfiles

MARK = "Secret worker story ZQ-TEMPMARK 阿依古丽"


BUNDLE = "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"


def _captured(write: Callable[[logging.Logger], None]) -> str:
    stream = io.StringIO()
    handler = setup_logging(logging.INFO, stream)
    try:
        write(logging.getLogger("aces_desktop.sync"))
    finally:
        logging.getLogger().removeHandler(handler)
    return stream.getvalue()


def test_events_keep_their_context_and_lose_content() -> None:
    def write(log: logging.Logger) -> None:
        log_event(log, "bundle_merged", bundle_id=BUNDLE, revisions=120, conflicts=0, full=True)
        log_event(log, "bundle_merged", bundle_id=MARK, revisions="120 " + MARK, sha256=MARK)

    out = _captured(write).splitlines()
    assert out[0].endswith(
        f"INFO aces_desktop.sync bundle_merged bundle_id={BUNDLE} revisions=120 conflicts=0 "
        "full=true"
    )
    # values of the wrong kind are withheld field by field; the event and field names stay
    assert out[1].endswith(
        f"bundle_merged bundle_id={REDACTED} revisions={REDACTED} sha256={REDACTED}"
    )
    assert "TEMPMARK" not in "\n".join(out)


def test_unknown_event_fields_are_refused() -> None:
    with pytest.raises(TypeError, match="narrative"):
        log_event(logging.getLogger("aces_desktop.sync"), "note_saved", narrative=MARK)


def test_errors_are_logged_with_type_and_place_not_text() -> None:
    def fail() -> None:
        raise KeyError(MARK)

    def write(log: logging.Logger) -> None:
        try:
            fail()
        except KeyError as exc:
            log_event(log, "background_task_failed", level=logging.ERROR, **error_fields(exc))

    out = _captured(write)
    assert "ERROR aces_desktop.sync background_task_failed error=KeyError" in out
    assert "raised_at=protect/test_logs_and_temp.py:" in out
    assert "TEMPMARK" not in out and REDACTED not in out


def test_careless_log_lines_keep_ids_and_lose_content() -> None:
    def write(log: logging.Logger) -> None:
        log.info("merged bundle %s: %d revisions", BUNDLE, 120)
        log.info("state %s after %s", "committed", 3.5)
        log.info("note from %s", "Mehray Ablet")
        log.info(f"note text {MARK}")

    out = _captured(write)
    assert f"merged bundle {BUNDLE}: 120 revisions" in out  # nothing cut at the colon
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
