"""Exit-path cases for the consent tests: one entry per way data leaves a workspace.

Each case runs the REAL exit path on a workspace and returns every byte it produced
(decrypted where the path encrypts: the bundle is opened with the coordinator's key), so the
test can look for each note's marker text. Covered now: the core policy for every path, the
log filter, a real bundle file, the CSV and XLSX exports, the register folder. To add a path
(e.g. PDF scorecards once they show worker notes), append an ``ExitPathCase`` to ``CASES``
naming the consent rule it follows (``rule``: one of core.redaction.EXIT_PATHS) and a
``produce(ws, tmp_path)``; for a PDF, return ``pdftotext`` output plus the embedded JSON.
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
    # Whether an acknowledgement of personal data lets a held note out by this path (the
    # table exports look it up and then export the note with the found spans masked).
    acknowledgement_opens: bool = True
    # Scopes whose notes this path actually carries, when it carries fewer than its rule
    # allows (the register publishes no worker notes at all).
    carries: frozenset[str] | None = None

    @property
    def expected(self) -> set[str]:
        allowed = ALLOWED[self.rule]
        return set(allowed if self.carries is None else allowed & self.carries)


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


def _bundle_produce(ws: Any, tmp: Path) -> bytes:
    """A real bundle to a real coordinator, decrypted with its key; every member's bytes."""
    import gzip

    from aces_desktop.store.workspace import Workspace
    from aces_desktop.sync.export import export_bundle
    from tests.conftest import PASSPHRASE
    from tests.sync.conftest import enrol
    from tests.sync.forge import read_members

    coord_path = tmp / "consent-coordinator"
    if coord_path.exists():
        coord = Workspace.open(coord_path, PASSPHRASE)
    else:
        coord = Workspace.create(coord_path, PASSPHRASE, role="coordinator", name="Coord")
        enrol(coord, ws, tmp / "consent-ids")
    try:
        out = tmp / f"consent-{len(list(tmp.glob('consent-*.aces')))}.aces"
        export_bundle(ws, out, full=True)
        members = read_members(out, coord)
    finally:
        coord.close()
    return b"\n".join(gzip.decompress(d) if n.endswith(".gz") else d for n, d in members)


def _table_produce(suffix: str) -> Callable[[Any, Path], bytes]:
    def produce(ws: Any, tmp: Path) -> bytes:
        import zipfile

        from aces_desktop.reports.spreadsheets import export_records

        out = tmp / f"notes-{len(list(tmp.glob('notes-*')))}{suffix}"
        export_records(ws, "worker-notes", out)
        if suffix != ".xlsx":
            return out.read_bytes()
        with zipfile.ZipFile(out) as z:  # the sheets and shared strings, as XML
            return b"\n".join(z.read(n) for n in z.namelist())

    return produce


def _register_produce(ws: Any, tmp: Path) -> bytes:
    import datetime as dt

    from aces_desktop.reports.register import export_register

    out = tmp / f"register-{len(list(tmp.glob('register-*')))}"
    export_register(ws, out, export_date=dt.date(2026, 11, 1))
    return b"\n".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


CASES: list[ExitPathCase] = [
    *(policy_case(rule) for rule in ("bundle", "pdf", "register", "export", "log")),
    ExitPathCase("log", "log", _log_produce),
    ExitPathCase("bundle-file", "bundle", _bundle_produce),
    ExitPathCase("export-csv", "export", _table_produce(".csv")),
    ExitPathCase("export-xlsx", "export", _table_produce(".xlsx")),
    ExitPathCase(
        "register-folder",
        "register",
        _register_produce,
        acknowledgement_opens=False,
        carries=frozenset(),
    ),
]
