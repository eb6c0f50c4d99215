"""Exit-path cases for the consent tests: one entry per way data leaves a workspace.

Each case runs the REAL exit path on a workspace and returns every byte it produced
(decrypted where the path encrypts, e.g. a bundle opened with the coordinator's key), so the
test can look for each note's marker text. To add an exit path (bundle file, PDF, register,
CSV/JSON/XLSX export), append an ``ExitPathCase`` to ``CASES`` naming the consent rule it
follows (``rule``: one of core.redaction.EXIT_PATHS) and a ``produce(ws, tmp_path)``; the
tests in ``test_consent_paths.py`` pick it up. Examples of ``produce`` bodies:

- bundle:   ``export_bundle(ws, tmp/"b.aces")`` then decrypt with the coordinator identity
            and concatenate every member's bytes;
- pdf:      ``build_report(ws, ..., out)`` then ``pdftotext`` output + the embedded JSON;
- register: concatenate every file under the output folder (HTML, CSV, JSON);
- export:   the CSV/JSON bytes, and for XLSX the unzipped sheet XML (openpyxl writes
            shared strings as plain XML inside the zip).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from aces_desktop.core.logging import RedactingFilter
from aces_desktop.core.redaction import ExitPath
from aces_desktop.store import models as m
from aces_desktop.store import pii_ack

# Marker text per consent scope: it may appear only where the scope allows.
NARRATIVE = {
    "device": "Wages withheld since March DEVICEMARK-4471",
    "coordinator": "Overtime forced before shipments COORDMARK-5582",
    "public_anonymised": "Dormitory locked at night PUBLICMARK-6693",
}
PSEUDONYM = {scope: f"Pseudonym-{scope}-PSEUDOMARK" for scope in NARRATIVE}
ALLOWED: dict[str, set[str]] = {
    "bundle": {"coordinator", "public_anonymised"},
    "pdf": {"public_anonymised"},
    "register": {"public_anonymised"},
    "export": {"public_anonymised"},
    "log": set(),
}


@dataclass(frozen=True)
class ExitPathCase:
    name: str
    rule: ExitPath
    produce: Callable[[Any, Path], bytes]


def _notes(ws: Any) -> list[tuple[str, dict[str, Any]]]:
    with ws.session() as s:
        ids = list(s.execute(select(m.WorkerNote.id)).scalars())
        return [(i, ws.records.get(s, i)[1]) for i in ids]


def policy_case(rule: ExitPath) -> ExitPathCase:
    """The core policy itself, as every exporter applies it (``store.pii_ack.redact``)."""

    def produce(ws: Any, _tmp: Path) -> bytes:
        out = []
        with ws.session() as s:
            for record_id, content in _notes(ws):
                out.append(pii_ack.redact(s, "worker_note", record_id, content, rule))
        return json.dumps(out, ensure_ascii=False, default=str).encode("utf-8")

    return ExitPathCase(f"policy-{rule}", rule, produce)


def _log_produce(ws: Any, _tmp: Path) -> bytes:
    """A careless caller logging record content every way it can; the filter must win."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("aces_desktop.test.consent")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        for record_id, content in _notes(ws):
            logger.info("sharing note %s", record_id)
            logger.info("note text %s", content["narrative"])
            logger.warning("pseudonym: %s", content["pseudonym"])
            logger.debug("content %(c)s", {"c": content})
            logger.info("inline " + str(content["narrative"]))
            try:
                raise ValueError(f"bad value {content['narrative']}")
            except ValueError:
                logger.exception("failed to export")
    finally:
        logger.removeHandler(handler)
    return stream.getvalue().encode("utf-8")


CASES: list[ExitPathCase] = [
    *(policy_case(rule) for rule in ("bundle", "pdf", "register", "export", "log")),
    ExitPathCase("log", "log", _log_produce),
]
