"""Every exit path honours consent: one world, every way out, every byte scanned.

A field workspace holds worker notes of each consent scope (``device``, ``coordinator``,
``public_anonymised``), in English and in Chinese, each with its own marker narrative and
marker pseudonym; attachments of each scope with marker bytes, file names and captions; and
two notes whose narratives carry a phone number and an ID number (one acknowledged by the
auditor, one not). Then the REAL exit paths run, with the application's logging at DEBUG
captured the whole time:

- sync bundle field -> coordinator: decrypted with the independent ``age`` tool and the
  coordinator's identity, every tar member (gzip chunks unpacked) scanned; merged, and every
  table of the coordinator's database read back; and the coordinator's bundle back to the
  field device (worker notes never travel onwards);
- signed PDF site scorecard (text via ``pdftotext``, raw bytes, and streams uncompressed by
  ``qpdf``), from both workspaces;
- the public register (``aces register export``, every file), from both workspaces;
- ``aces export`` of every record list to CSV and XLSX (XLSX read back with openpyxl, and
  its zipped XML), the ratings export, and ``aces score --json``;
- the log lines of all of the above (in-process DEBUG logging and the CLI's stderr).

Markers are looked for as UTF-8, UTF-16-LE, JSON ``\\u`` escapes and HTML character
references, so an encoded copy is found too.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from aces_desktop.core import pii, redaction
from aces_desktop.core.logging import setup_logging
from aces_desktop.store import pii_ack
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import add, small_world

SCOPES = ("device", "coordinator", "public_anonymised")
TAG = {"device": "DEV", "coordinator": "COORD", "public_anonymised": "PUB"}
# Unique Chinese marker per scope (no surname + title, no 叫/姓: not a detected name).
ZH_MARK = {
    "device": "设备专属琥珀记号",
    "coordinator": "协调员可见翡翠记号",
    "public_anonymised": "公开匿名珊瑚记号",
}

PHONE = "13812345678"
ID_NUMBER = "110101199003074258"


def en_narrative(scope: str) -> str:
    return f"Overtime unpaid for weeks NARR-{TAG[scope]}-EN-91c2"


def en_pseudonym(scope: str) -> str:
    return f"PSEUDO-{TAG[scope]}-EN-7f3a"


def zh_narrative(scope: str) -> str:
    return f"宿舍晚上锁门，{ZH_MARK[scope]}"


def zh_pseudonym(scope: str) -> str:
    return f"化名{ZH_MARK[scope][:2]}-{TAG[scope]}-ZH"


def blob_bytes(scope: str) -> bytes:
    return f"ATTACHMENT BYTES BLOB-{TAG[scope]}-3e8d ".encode() * 20


def file_name(scope: str) -> str:
    return f"FILE-{TAG[scope]}-c0de.bin"


def caption(scope: str) -> str:
    return f"CAPTION-{TAG[scope]}-77aa gate padlock"


PII_ACKED = f"PIIACKED-5d1e the dormitory warden phone {PHONE} ID {ID_NUMBER}"
PII_HELD = f"PIIHELD-8b2f call {PHONE} about card {ID_NUMBER}"


# --- looking for markers ------------------------------------------------------------------


def encodings(marker: str) -> list[bytes]:
    forms = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    if any(ord(c) > 127 for c in marker):
        forms.append(json.dumps(marker)[1:-1].encode("ascii"))
        forms.append("".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in marker).encode())
        forms.append("".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in marker).encode())
    return forms


def found(marker: str, haystack: bytes) -> bool:
    return any(form in haystack for form in encodings(marker))


@dataclass
class Marks:
    """The marker texts of one consent scope."""

    scope: str
    narratives: list[str]
    pseudonyms: list[str]
    attachment_text: list[str]  # file name, caption
    blob: str

    def all(self) -> list[str]:
        return [*self.narratives, *self.pseudonyms, *self.attachment_text, self.blob]


MARKS = {
    scope: Marks(
        scope,
        narratives=[en_narrative(scope), ZH_MARK[scope]],
        pseudonyms=[en_pseudonym(scope), zh_pseudonym(scope)],
        attachment_text=[file_name(scope), caption(scope)],
        blob=f"BLOB-{TAG[scope]}-3e8d",
    )
    for scope in SCOPES
}


# --- the world and every exit path --------------------------------------------------------


@dataclass
class Outputs:
    bundle: bytes = b""  # every member of the decrypted bundle, gzip chunks unpacked
    back_bundle: bytes = b""  # the coordinator's bundle back to the field device
    coordinator_db: bytes = b""  # every row of every table of the coordinator's database
    coordinator_blobs: set[str] = field(default_factory=set)
    pdf: dict[str, bytes] = field(default_factory=dict)  # per workspace
    pdf_text: dict[str, str] = field(default_factory=dict)
    register: dict[str, bytes] = field(default_factory=dict)
    exports: dict[str, bytes] = field(default_factory=dict)
    worker_notes_csv: dict[str, bytes] = field(default_factory=dict)
    log: str = ""
    ids: dict[str, Any] = field(default_factory=dict)

    def public(self, ws: str) -> bytes:
        return self.pdf[ws] + self.pdf_text[ws].encode() + self.register[ws] + self.exports[ws]


def _enrol(coord: Workspace, field_ws: Workspace, folder: Path) -> None:
    from aces_desktop.sync.trust import export_identity, read_identity, trust_identity

    folder.mkdir(parents=True, exist_ok=True)
    fc, ff = folder / "coord.json", folder / "field.json"
    export_identity(coord, fc)
    export_identity(field_ws, ff)
    trust_identity(field_ws, read_identity(fc))
    trust_identity(coord, read_identity(ff))


def _fill(ws: Workspace) -> dict[str, Any]:
    ids: dict[str, Any] = small_world(ws)
    with ws.session() as s:
        site = ws.records.get(s, ids["site"])[1]
        ws.records.put(s, "site", {**site, "disclosure": "full"}, ids["site"])
    ids["notes"] = {}
    ids["attachments"] = {}
    for scope in SCOPES:
        for lang, narrative, pseudonym in (
            ("en", en_narrative(scope), en_pseudonym(scope)),
            ("zh", zh_narrative(scope), zh_pseudonym(scope)),
        ):
            assert not redaction.needs_pii_ack("worker_note", {"narrative": narrative})
            ids["notes"][(scope, lang)] = add(
                ws,
                "worker_note",
                site_id=ids["site"],
                visit_id=ids["visit"],
                pseudonym=pseudonym,
                consent_scope=scope,
                gender="female",
                job_role=f"JOBROLE-{TAG[scope]}",
                narrative=narrative,
                interviewed_on="2026-09-01",
            )
        data = blob_bytes(scope)
        sha, size = ws.blobs.put_bytes(data)
        ids["attachments"][scope] = sha
        add(
            ws,
            "attachment",
            owner_type="visit",
            owner_id=ids["visit"],
            sha256=sha,
            media_type="application/octet-stream",
            size=size,
            original_name=file_name(scope),
            caption=caption(scope),
            consent_scope=scope,
        )
    for key, narrative in (("pii_acked", PII_ACKED), ("pii_held", PII_HELD)):
        kinds = {sp.kind for sp in pii.detect(narrative)}
        assert {"phone", "id_number"} <= kinds, kinds
        ids[key] = add(
            ws,
            "worker_note",
            site_id=ids["site"],
            pseudonym=f"PSEUDO-{key}",
            consent_scope="public_anonymised",
            narrative=narrative,
        )
    with ws.session() as s:
        content = ws.records.get(s, ids["pii_acked"])[1]
        pii_ack.acknowledge(s, "worker_note", ids["pii_acked"], content)
    return ids


def _decrypt_bundle(recipient: Workspace, bundle: Path, tmp: Path) -> bytes:
    from aces_desktop.sync.trust import age_identity

    age = shutil.which("age")
    assert age, "the age command-line tool is required"
    identity = tmp / "recipient.key"
    with recipient.session() as s:
        identity.write_text(age_identity(s) + "\n")
    identity.chmod(0o600)
    plain = tmp / "bundle.tar"
    done = subprocess.run(
        [age, "-d", "-i", str(identity), "-o", str(plain), str(bundle)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = bytearray()
    with tarfile.open(plain) as tar:
        for member in tar.getmembers():
            handle = tar.extractfile(member)
            assert handle is not None
            data = handle.read()
            out += data
            if member.name.endswith(".gz"):
                out += gzip.decompress(data)
    identity.unlink()
    plain.unlink()
    return bytes(out)


def _dump_db(ws: Workspace) -> bytes:
    out = io.StringIO()
    with ws.engine.connect() as conn:
        tables = [
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        ]
        for table in tables:
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, bytes):
                        out.write(value.decode("utf-8", "replace"))
                    else:
                        out.write(str(value))
                    out.write("\x1f")
    return out.getvalue().encode("utf-8")


def _aces(ws: Workspace, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ACES_WORKSPACE": str(ws.path), "ACES_PASSPHRASE": PASSPHRASE}
    env.pop("ACES_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "aces_desktop", *args],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done


def _pdf_bytes(pdf: Path, tmp: Path) -> tuple[bytes, str]:
    raw = pdf.read_bytes()
    qdf = tmp / f"{pdf.stem}.qdf.pdf"
    done = subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)],
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 3), done.stderr  # 3: warnings only
    txt = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return raw + qdf.read_bytes(), txt


def _xlsx_bytes(path: Path) -> bytes:
    import openpyxl

    out = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            out += z.read(name)
    book = openpyxl.load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            out += "\x1f".join("" if v is None else str(v) for v in row).encode("utf-8")
    book.close()
    return bytes(out)


def _public_paths(
    ws: Workspace, key: str, tmp: Path, outputs: Outputs, stderr: list[bytes]
) -> None:
    """PDF scorecard, register, exports of one workspace."""
    from aces_desktop.reports import scorecard_export as scorecards
    from aces_desktop.reports.register import export_register
    from aces_desktop.reports.spreadsheets import EXPORT_TYPES, score_rows, write_table

    folder = tmp / f"out-{key}"
    folder.mkdir()
    site_id = outputs.ids["site"]
    # PDF: signed site scorecard (in process, so its logging is captured).
    result = scorecards.score_one(ws, "site", site_id)
    pdf = folder / "site.pdf"
    scorecards.export_scorecard(ws, result, pdf, sign=ws.role == "coordinator")
    outputs.pdf[key], outputs.pdf_text[key] = _pdf_bytes(pdf, folder)
    # Register: through the CLI, and in process; every file.
    reg = bytearray()
    done = _aces(
        ws, "register", "export", "--out", str(folder / "register"), "--date", "2026-10-01"
    )
    stderr.append(done.stdout + done.stderr)
    export_register(ws, folder / "register-2", export_date=dt.date(2026, 10, 1))
    for base in (folder / "register", folder / "register-2"):
        files = sorted(p for p in base.rglob("*") if p.is_file())
        assert any(p.name == "register.json" for p in files)
        for p in files:
            reg += p.read_bytes()
    outputs.register[key] = bytes(reg)
    # Exports: worker notes and attachments through the CLI (CSV and XLSX), every list in
    # process, ratings, and ``aces score --json``.
    exp = bytearray()
    for kind in ("worker-notes", "attachments"):
        for suffix in ("csv", "xlsx"):
            out = folder / f"cli-{kind}.{suffix}"
            done = _aces(ws, "export", "--type", kind, "--out", str(out))
            stderr.append(done.stdout + done.stderr)
            data = _xlsx_bytes(out) if suffix == "xlsx" else out.read_bytes()
            if kind == "worker-notes" and suffix == "csv":
                outputs.worker_notes_csv[key] = data
            exp += data
    from aces_desktop.reports.spreadsheets import export_records

    for kind in EXPORT_TYPES:
        for suffix in ("csv", "xlsx"):
            out = folder / f"{kind}.{suffix}"
            export_records(ws, kind, out)
            exp += _xlsx_bytes(out) if suffix == "xlsx" else out.read_bytes()
    results = scorecards.score_results(ws)
    for suffix in ("csv", "xlsx"):
        out = folder / f"scores.{suffix}"
        write_table(score_rows(ws, results), out)
        exp += _xlsx_bytes(out) if suffix == "xlsx" else out.read_bytes()
    done = _aces(ws, "score", "--json", "--no-save")
    exp += done.stdout
    stderr.append(done.stderr)
    outputs.exports[key] = bytes(exp)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    from aces_desktop.sync.export import export_bundle
    from aces_desktop.sync.merge import merge_bundle

    tmp = tmp_path_factory.mktemp("exit-paths")
    log = io.StringIO()
    stderr: list[bytes] = []
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACES_HOME", str(tmp / "home"))
        mp.delenv("ACES_DEBUG", raising=False)
        handler = setup_logging(logging.DEBUG, stream=log)
        try:
            field_ws = Workspace.create(tmp / "field", PASSPHRASE, role="field", name="Field")
            coord = Workspace.create(
                tmp / "coord", PASSPHRASE, role="coordinator", name="Coordinator"
            )
            try:
                _enrol(coord, field_ws, tmp / "ids")
                res = Outputs()
                res.ids = _fill(field_ws)
                logging.getLogger("aces_desktop.test").debug(
                    "probe %s", en_narrative("device")
                )  # the filter must keep even a careless debug line clean
                bundle = tmp / "field.aces"
                export_bundle(field_ws, bundle)
                res.bundle = _decrypt_bundle(coord, bundle, tmp)
                merge_bundle(coord, bundle)
                back = tmp / "back.aces"
                export_bundle(coord, back, to=[field_ws.device_id], full=True)
                res.back_bundle = _decrypt_bundle(field_ws, back, tmp)
                res.coordinator_db = _dump_db(coord)
                res.coordinator_blobs = {
                    sha for sha in res.ids["attachments"].values() if coord.blobs.exists(sha)
                }
                _public_paths(field_ws, "field", tmp, res, stderr)
                _public_paths(coord, "coord", tmp, res, stderr)
            finally:
                field_ws.close()
                coord.close()
        finally:
            root.removeHandler(handler)
            root.setLevel(saved[0])
    res.log = log.getvalue() + b"".join(stderr).decode("utf-8", "replace")
    return res


# --- the assertions -----------------------------------------------------------------------


def test_device_scope_leaves_by_no_path(outputs: Outputs) -> None:
    marks = MARKS["device"].all()
    places = {
        "bundle": outputs.bundle,
        "coordinator database": outputs.coordinator_db,
        **{f"public ({k})": outputs.public(k) for k in ("field", "coord")},
        "log": outputs.log.encode(),
    }
    for where, haystack in places.items():
        for mark in marks:
            assert not found(mark, haystack), f"device-only {mark!r} found in {where}"
    assert outputs.ids["attachments"]["device"] not in outputs.coordinator_blobs


def test_coordinator_scope_only_in_the_bundle(outputs: Outputs) -> None:
    marks = MARKS["coordinator"]
    for mark in marks.all():
        assert found(mark, outputs.bundle), f"{mark!r} missing from the bundle"
        for key in ("field", "coord"):
            assert not found(mark, outputs.public(key)), f"{mark!r} published from {key}"
        assert not found(mark, outputs.log.encode()), f"{mark!r} in the log"
    for mark in [*marks.narratives, *marks.pseudonyms, *marks.attachment_text]:
        assert found(mark, outputs.coordinator_db), f"{mark!r} did not reach the coordinator"
    assert outputs.ids["attachments"]["coordinator"] in outputs.coordinator_blobs


def test_public_anonymised_is_published_only_anonymised(outputs: Outputs) -> None:
    marks = MARKS["public_anonymised"]
    for mark in marks.all():
        assert found(mark, outputs.bundle), f"{mark!r} missing from the bundle"
        assert not found(mark, outputs.log.encode()), f"{mark!r} in the log"
    for mark in [*marks.narratives, *marks.pseudonyms, *marks.attachment_text]:
        assert found(mark, outputs.coordinator_db)
    assert outputs.ids["attachments"]["public_anonymised"] in outputs.coordinator_blobs
    for key in ("field", "coord"):
        public = outputs.public(key)
        # Anonymised: no pseudonym, no demographics, no file name or caption, no file bytes.
        for mark in [*marks.pseudonyms, *marks.attachment_text, marks.blob]:
            assert not found(mark, public), f"{mark!r} published from {key}"
        assert not found("JOBROLE-PUB", public)
        # The narrative itself is allowed in anonymised form: the worker-notes export
        # carries it (which shows the scan would see a leak of the others).
        for mark in marks.narratives:
            assert found(mark, outputs.worker_notes_csv[key]), f"{mark!r} not exported"
        # Never in a PDF scorecard or the register (they carry no worker statements).
        for mark in marks.narratives:
            assert not found(mark, outputs.pdf[key] + outputs.pdf_text[key].encode())
            assert not found(mark, outputs.register[key])


def test_personal_data_is_held_until_acknowledged_and_masked_in_public(outputs: Outputs) -> None:
    assert not found("PIIHELD-8b2f", outputs.bundle)
    assert not found("PIIHELD-8b2f", outputs.coordinator_db)
    assert found("PIIACKED-5d1e", outputs.bundle), "an acknowledged note must travel"
    assert found(PHONE, outputs.bundle)  # whole, encrypted to the coordinator
    for key in ("field", "coord"):
        public = outputs.public(key)
        assert not found("PIIHELD-8b2f", public)
        assert not found(PHONE, public), f"phone number published from {key}"
        assert not found(ID_NUMBER, public), f"ID number published from {key}"
        assert not found("PSEUDO-pii", public)
    # Acknowledged on the field device: exported there with the detected spans masked.
    notes = outputs.worker_notes_csv["field"].decode("utf-8-sig")
    assert "PIIACKED-5d1e" in notes and "[phone]" in notes and "[id number]" in notes
    # The acknowledgement is the field device's decision: the coordinator decides again.
    assert "PIIACKED-5d1e" not in outputs.worker_notes_csv["coord"].decode("utf-8-sig")
    for text_ in (PII_ACKED, PII_HELD, PHONE, ID_NUMBER):
        assert not found(text_, outputs.log.encode())


def test_the_log_was_really_captured(outputs: Outputs) -> None:
    # DEBUG logging was on and captured (else the log checks prove nothing): the careless
    # probe line is there, its quoted narrative is not.
    assert "DEBUG aces_desktop.test probe" in outputs.log
    assert not found(en_narrative("device"), outputs.log.encode())


def test_no_worker_note_travels_back_from_the_coordinator(outputs: Outputs) -> None:
    assert outputs.back_bundle.startswith(b"aces-bundle")  # really the decrypted bundle
    assert found("喀什恒润纺织有限公司", outputs.back_bundle)  # sites do travel back
    for scope in SCOPES:
        for mark in MARKS[scope].all():
            assert not found(mark, outputs.back_bundle), f"{mark!r} sent back to the field"
    for text_ in ("PIIACKED-5d1e", PHONE):
        assert not found(text_, outputs.back_bundle)
