"""Import sites, companies, initiatives and their evidence (docs/import-format.md).

The whole file is read and checked first; only when every record is valid and every
reference resolves is anything written, in one transaction. A JSON file is read a record at a
time (``store.json_stream``) and new records are written in batches (``store.bulk``), so a
file of 500,000 records needs neither its size in memory nor one statement per row. Problems name the record (section,
position, its ``ref``) and the field.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core import schema, strict_json
from aces_desktop.core.errors import FieldProblem, ImportFileError, ValidationError
from aces_desktop.core.ids import is_uuid, new_id
from aces_desktop.store import json_stream
from aces_desktop.store import models as m
from aces_desktop.store.bulk import open_bulk_writer
from aces_desktop.store.records import row_content, table_for
from aces_desktop.store.workspace import Workspace

IMPORT_FORMAT = "aces-import"
IMPORT_VERSION = 1
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_RECORDS = 500_000
MAX_PROBLEMS = 200

# Section name in the file -> record type. Order matters: referenced types first.
SECTIONS: dict[str, str] = {
    "persons": "person",
    "sites": "site",
    "companies": "company",
    "initiatives": "initiative",
    "company_sites": "company_site",
    "memberships": "membership",
    "coverages": "coverage",
    "evidence": "evidence",
    "visits": "visit",
    "findings": "finding",
}
CSV_LIST_FIELDS = ("products", "aliases")


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(slots=True)
class _Pending:
    section: str
    index: int
    type_name: str
    record_id: str
    ref: str | None
    order: int = 0  # position in the order records are written
    visit: tuple[object, bool] | None = None  # a visit's (site id, sealed), once checked

    @property
    def label(self) -> str:
        ref = f" (ref '{self.ref}')" if self.ref else ""
        return f"{self.section}[{self.index}]{ref}"


def _check_size(path: Path) -> None:
    """The file exists, can be looked at and is within ``MAX_FILE_BYTES``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(msg.NO_FILE(path)) from None
    except OSError as exc:
        raise ImportFileError(msg.CANNOT_READ(path, exc.strerror)) from exc
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            msg.IMPORT_TOO_LARGE(path, size // 1024**2, MAX_FILE_BYTES // 1024**2)
        )


def read_text(path: Path) -> str:
    _check_size(path)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(msg.NOT_UTF8(path, exc.start, line)) from None


def parse_json(text: str, source: str) -> dict[str, list[dict[str, Any]]]:
    try:
        doc = strict_json.loads(text, source)
    except strict_json.JsonInputError as exc:
        raise ImportFileError(exc.message) from None
    if not isinstance(doc, dict):
        raise ImportFileError(msg.IMPORT_NOT_OBJECT(source))
    if doc.get("format") != IMPORT_FORMAT:
        raise ImportFileError(msg.IMPORT_WRONG_FORMAT(source, IMPORT_FORMAT))
    if doc.get("version") != IMPORT_VERSION:
        raise ImportFileError(
            msg.IMPORT_WRONG_VERSION(source, repr(doc.get("version")), IMPORT_VERSION)
        )
    unknown = sorted(set(doc) - {"format", "version", "comment", *SECTIONS})
    if unknown:
        raise ImportFileError(
            msg.IMPORT_UNKNOWN_SECTIONS(source, ", ".join(unknown), ", ".join(SECTIONS))
        )
    sections: dict[str, list[dict[str, Any]]] = {}
    for name in SECTIONS:
        items = doc.get(name, [])
        if not isinstance(items, list):
            raise ImportFileError(msg.IMPORT_SECTION_NOT_LIST(source, name))
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ImportFileError(msg.IMPORT_ITEM_NOT_OBJECT(source, name, i))
        sections[name] = items
    return sections


def parse_sites_csv(text: str, source: str) -> dict[str, list[dict[str, Any]]]:
    """A CSV list of sites: one header row with site field names (docs/import-format.md)."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _read_sites_csv(reader, source)
    except csv.Error as exc:
        raise ImportFileError(msg.CSV_PROBLEM(source, reader.reader.line_num, exc)) from None


def _read_sites_csv(reader: csv.DictReader[str], source: str) -> dict[str, list[dict[str, Any]]]:
    if not reader.fieldnames:
        raise ImportFileError(msg.CSV_NO_HEADER(source))
    allowed = {"id", "ref", *schema.SITE.field_names()}
    unknown = [h for h in reader.fieldnames if h not in allowed]
    if unknown:
        raise ImportFileError(msg.CSV_UNKNOWN_COLUMNS(source, ", ".join(unknown)))
    twice = sorted({h for h in reader.fieldnames if reader.fieldnames.count(h) > 1})
    if twice:
        raise ImportFileError(msg.CSV_COLUMN_TWICE(source, ", ".join(twice)))
    sites: list[dict[str, Any]] = []
    problems: list[FieldProblem] = []
    for row in reader:
        line_no = reader.line_num
        if None in row:
            raise ImportFileError(msg.CSV_TOO_MANY_VALUES(source, line_no))
        record: dict[str, Any] = {}
        for key, value in row.items():
            value = (value or "").strip()
            if not value:
                continue
            f = schema.SITE.by_name.get(key)
            try:
                if key in CSV_LIST_FIELDS:
                    record[key] = [v.strip() for v in value.split(";") if v.strip()]
                elif key == "other_names":
                    record[key] = [_csv_name(part) for part in value.split(";") if part.strip()]
                elif f is not None and f.kind == schema.INT:
                    record[key] = _csv_number(value, _CSV_INT, int)
                elif f is not None and f.kind == schema.FLOAT:
                    record[key] = _csv_number(value, _CSV_FLOAT, float)
                else:
                    record[key] = value
            except ValueError:
                problems.append(
                    FieldProblem(key, msg.NOT_NUMBER(value[:40]), f"{source} line {line_no}")
                )
        sites.append(record)
    if problems:
        raise ValidationError(problems, heading=msg.IMPORT_INVALID_VALUES(source))
    return {"sites": sites}


# Plain decimal numbers only: int() and float() would also take "1_000", "１２", "nan" and "inf".
_CSV_INT = re.compile(r"-?[0-9]{1,18}")
_CSV_FLOAT = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?")


def _csv_number(value: str, pattern: re.Pattern[str], kind: type[int] | type[float]) -> Any:
    if not pattern.fullmatch(value):
        raise ValueError(value)
    return kind(value)


def _csv_name(part: str) -> dict[str, str]:
    lang, sep, text = part.partition(":")
    if sep and lang.strip() and " " not in lang.strip():
        return {"lang": lang.strip(), "text": text.strip()}
    return {"lang": "", "text": part.strip()}


class ImportSource:
    """The records of an import, read in ``SECTIONS`` order as often as the import needs:
    ``(section, index in the section, item)``. ``total``: how many there are."""

    total: int = 0

    def items(self) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
        raise NotImplementedError


class SectionsSource(ImportSource):
    """Records already in memory (a CSV list of sites, or sections a caller built)."""

    def __init__(self, sections: Mapping[str, list[dict[str, Any]]]) -> None:
        self.sections = sections
        self.total = sum(len(sections.get(name, [])) for name in SECTIONS)

    def items(self) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
        for section in SECTIONS:
            for index, item in enumerate(self.sections.get(section, [])):
                yield section, index, item


class JsonFileSource(ImportSource):
    """A JSON import file read one record at a time (``store.json_stream``): memory holds
    a chunk of the file and one record, not the file. Made by ``load_file``, which has read
    the file through once and checked its form."""

    def __init__(self, path: Path, order: list[str], total: int, sha256: str) -> None:
        self.path = path
        self.order = order  # the sections in the order the file gives them
        self.total = total
        self.sha256 = sha256  # of the bytes read through strictly

    def items(self) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
        wanted = [name for name in SECTIONS if name in self.order]
        # the usual case, sections in this order: one pass; else one pass per section
        passes = [set(wanted)] if wanted == self.order else [{name} for name in wanted]
        for names in passes:
            digest = hashlib.sha256()
            try:
                for key, index, item in json_stream.members(self.path, strict=False, digest=digest):
                    if key in names and index >= 0:
                        yield key, index, item
            except (json_stream.Irregular, OSError):
                raise ImportFileError(msg.IMPORT_FILE_CHANGED(self.path.name)) from None
            # Records were checked as read; the bytes must be those read strictly at first
            # (the import raises inside its transaction: nothing is written).
            if digest.hexdigest() != self.sha256:
                raise ImportFileError(msg.IMPORT_FILE_CHANGED(self.path.name))


def _json_source(path: Path) -> ImportSource:
    """Read the file through once, checking its form as ``parse_json`` does; a file this
    reader cannot follow is read whole by ``parse_json``, which names the problem."""
    _check_size(path)
    head: dict[str, Any] = {}
    order: list[str] = []
    total = 0
    digest = hashlib.sha256()
    try:
        for key, index, value in json_stream.members(path, digest=digest):
            if key not in SECTIONS:
                head[key] = value
            elif index < 0:
                if not isinstance(value, list):
                    raise json_stream.Irregular
                order.append(key)
            elif not isinstance(value, dict):
                raise json_stream.Irregular
            else:
                total += 1
        if head.get("format") != IMPORT_FORMAT or head.get("version") != IMPORT_VERSION:
            raise json_stream.Irregular
        if set(head) - {"format", "version", "comment"}:
            raise json_stream.Irregular
    except json_stream.Irregular:
        # read whole, the strict way: names the problem (or, should this reader have missed
        # something, imports the file as it always has)
        return SectionsSource(parse_json(read_text(path), path.name))
    except OSError as exc:
        raise ImportFileError(msg.CANNOT_READ(path, exc.strerror)) from exc
    return JsonFileSource(path, order, total, digest.hexdigest())


def load_file(path: Path) -> ImportSource:
    if path.suffix.lower() == ".csv":
        return SectionsSource(parse_sites_csv(read_text(path), path.name))
    return _json_source(path)


def import_records(
    ws: Workspace, source: ImportSource | Mapping[str, list[dict[str, Any]]]
) -> ImportSummary:
    """Validate everything, then write everything in one transaction.

    Two passes over the records. The first checks ``ref`` and ``id`` and keeps, of each
    record other records may name (by ``ref`` or ``id``), what checking them needs; the
    second checks every record as a single edit would and hands it to the bulk writer at
    once, so memory grows with the records that are named, not with the file. When a
    problem is found, the rest is only checked, and the transaction is rolled back."""
    if not isinstance(source, ImportSource):
        source = SectionsSource(source)
    if source.total > MAX_RECORDS:
        raise ImportFileError(msg.FILE_HOLDS_RECORDS_ONE_IMPORT(source.total, MAX_RECORDS))
    problems: list[FieldProblem] = []
    named: dict[int, _Pending] = {}  # by position: the records with a ref or an id
    by_ref: dict[str, _Pending] = {}
    by_id: dict[str, _Pending] = {}
    for order, (section, index, item) in enumerate(source.items()):
        ref = item.get("ref")
        rid = item.get("id")
        if ref is None and rid is None:
            continue
        type_name = SECTIONS[section]
        entry = _Pending(section, index, type_name, "", ref if isinstance(ref, str) else None)
        entry.order = order
        if ref is not None and (not isinstance(ref, str) or not ref.strip() or len(ref) > 200):
            problems.append(FieldProblem("ref", msg.MUST_SHORT_NON_EMPTY_TEXT(), entry.label))
        elif ref in by_ref:
            problems.append(FieldProblem("ref", msg.USED_TOO(ref, by_ref[ref].label), entry.label))
        if rid is not None and not is_uuid(rid):
            problems.append(FieldProblem("id", msg.MUST_RECORD_ID_UUID_WHEN(), entry.label))
            rid = None
        elif rid is not None and rid in by_id:
            problems.append(FieldProblem("id", msg.USED_TOO(rid, by_id[rid].label), entry.label))
        if rid is not None:
            by_id.setdefault(rid, entry)
        entry.record_id = rid or new_id()
        if entry.ref:
            by_ref[entry.ref] = entry
        named[order] = entry
    file_ids = {p.record_id: p for p in named.values()}
    summary = ImportSummary()
    with ws.writing() as s:
        existing = _existing_states(s, list(by_id))
        updates: list[tuple[_Pending, dict[str, Any]]] = []
        states = _StateCache(s)
        with open_bulk_writer(s, ws.records.author) as writer:
            for order, (section, index, item) in enumerate(source.items()):
                if len(problems) >= MAX_PROBLEMS:
                    break
                entry = named.get(order) or _Pending(
                    section, index, SECTIONS[section], new_id(), None, order=order
                )
                content = _checked(s, entry, item, by_ref, file_ids, states, problems)
                if content is None or problems:
                    continue  # once a problem is found, the rest is only checked
                if entry.record_id in existing:
                    updates.append((entry, content))  # through the checks of a single edit
                else:
                    writer.add(entry.type_name, entry.record_id, content)
                    summary.created[entry.type_name] = summary.created.get(entry.type_name, 0) + 1
            if problems:
                raise ValidationError(problems, heading=msg.NOTHING_IMPORTED())
        return _write(ws, s, updates, summary)


def _existing_states(s: Session, ids: list[str]) -> set[str]:
    """Of the ids a file fixes, those of records the workspace holds (live or deleted)."""
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            s.execute(
                select(m.RecordState.record_id).where(m.RecordState.record_id.in_(chunk))
            ).scalars()
        )
    return found


class _StateCache:
    """(record type, deleted) of workspace records the file refers to, each read once."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.known: dict[str, tuple[str, bool] | None] = {}

    def get(self, record_id: str) -> tuple[str, bool] | None:
        if record_id not in self.known:
            state = self.s.get(m.RecordState, record_id)
            self.known[record_id] = (
                None if state is None else (state.record_type, bool(state.deleted))
            )
        return self.known[record_id]


def _checked(
    s: Session,
    entry: _Pending,
    item: Mapping[str, Any],
    by_ref: dict[str, _Pending],
    file_ids: dict[str, _Pending],
    states: _StateCache,
    problems: list[FieldProblem],
) -> dict[str, Any] | None:
    """The normalised content of one record, or None when it has problems (added to
    ``problems``): every check ``RecordStore.put`` makes of a new record, with references
    to the file's own records checked against the file."""
    resolved = _resolve_refs(entry, item, by_ref, problems)
    if entry.type_name == "finding" and not resolved.get("site_id"):
        resolved["site_id"] = _visit_site(s, resolved.get("visit_id"), file_ids)
    try:
        content = schema.normalize(entry.type_name, resolved, record=entry.label)
    except ValidationError as exc:
        problems.extend(exc.problems)
        return None
    before = len(problems)
    _check_refs(entry, item, content, file_ids, states, problems)
    if entry.type_name == "finding":
        _check_visit(s, entry, content, file_ids, problems)
    if entry.type_name == "visit":
        entry.visit = (content["site_id"], bool(content["sealed"]))
    return content if len(problems) == before else None


def _resolve_refs(
    entry: _Pending,
    item: Mapping[str, Any],
    by_ref: dict[str, _Pending],
    problems: list[FieldProblem],
) -> dict[str, Any]:
    data = {k: v for k, v in item.items() if k not in ("ref", "id")}
    for f in schema.record_type(entry.type_name).references():
        value = data.get(f.name)
        if f.kind == schema.REF and isinstance(value, str) and not is_uuid(value.strip().lower()):
            target = by_ref.get(value)
            if target is None:
                problems.append(
                    FieldProblem(
                        f.name,
                        msg.REFERS_WHICH_NEITHER_ID_NOR(value[:60]),
                        entry.label,
                    )
                )
            else:
                data[f.name] = target.record_id
        elif f.kind == schema.REFS and isinstance(value, list):
            out = []
            for v in value:
                if isinstance(v, str) and not is_uuid(v.strip().lower()):
                    target = by_ref.get(v)
                    if target is None:
                        problems.append(
                            FieldProblem(
                                f.name,
                                msg.REFERS_WHICH_NEITHER_ID_NOR(v[:60]),
                                entry.label,
                            )
                        )
                        continue
                    out.append(target.record_id)
                else:
                    out.append(v)
            data[f.name] = out
    return data


def _visit_site(s: Session, visit_id: object, file_ids: dict[str, _Pending]) -> object:
    """A finding's site is its visit's site; the file may leave it out."""
    if not isinstance(visit_id, str):
        return None
    in_file = file_ids.get(visit_id)
    if in_file is not None:
        return in_file.visit[0] if in_file.visit is not None else None
    visit = s.get(m.Visit, visit_id)
    return visit.site_id if visit is not None else None


def _check_visit(
    s: Session,
    entry: _Pending,
    content: dict[str, Any],
    file_ids: dict[str, _Pending],
    problems: list[FieldProblem],
) -> None:
    """A finding is at its visit's site, and a sealed visit takes no new finding (only
    amendments): the checks ``RecordStore.put`` makes (``_check_sealed_parent``)."""
    in_file = file_ids.get(content["visit_id"])
    if in_file is not None:
        if in_file.visit is None:
            return  # not a visit, or a visit with problems: reported already
        site_id, sealed = in_file.visit
    else:
        visit = s.get(m.Visit, content["visit_id"])
        if visit is None:
            return
        site_id, sealed = visit.site_id, bool(visit.sealed)
    if site_id != content.get("site_id"):
        problems.append(FieldProblem("site_id", msg.SITE_OF_VISIT(), entry.label))
    elif sealed and not content.get("sealed") and not content.get("amends_id"):
        problems.append(FieldProblem("visit_id", msg.VISIT_SEALED(), entry.label))


def _check_refs(
    entry: _Pending,
    item: Mapping[str, Any],
    content: dict[str, Any],
    file_ids: dict[str, _Pending],
    states: _StateCache,
    problems: list[FieldProblem],
) -> None:
    for name, f, rid in schema.referenced_ids(entry.type_name, content):
        targets = schema.ref_targets(f, content)
        in_file = file_ids.get(rid)
        if in_file is not None:
            if in_file.type_name not in targets:
                problems.append(
                    FieldProblem(
                        name,
                        msg.REFERS_EXPECTED_2(in_file.label, in_file.type_name, "/".join(targets)),
                        entry.label,
                    )
                )
            elif in_file.order >= entry.order:
                # written after this record (or it is this record): as a single edit would
                # find it, not there yet
                problems.append(FieldProblem(name, msg.REFERS_TO_MISSING(rid), entry.label))
            continue
        state = states.get(rid)
        if state is None or state[1]:
            problems.append(
                FieldProblem(
                    name,
                    msg.REFERS_WHICH_NOT_WORKSPACE_FILE(rid),
                    entry.label,
                )
            )
        elif state[0] not in targets:
            problems.append(
                FieldProblem(
                    name,
                    msg.REFERS_EXPECTED_3(state[0], "/".join(targets)),
                    entry.label,
                )
            )
    state = states.get(entry.record_id) if item.get("id") is not None else None
    if state is not None and state[0] != entry.type_name:
        problems.append(FieldProblem("id", msg.ALREADY_ID(state[0]), entry.label))


def _write(
    ws: Workspace,
    s: Session,
    updates: list[tuple[_Pending, dict[str, Any]]],
    summary: ImportSummary,
) -> ImportSummary:
    """Records the workspace holds already: unchanged ones are left alone, the others get a
    new revision through ``RecordStore.put`` (a deleted one comes back)."""
    for entry, content in updates:
        state = s.get(m.RecordState, entry.record_id)
        if state is not None and not state.deleted:
            table = table_for(entry.type_name)
            row = s.execute(select(table).where(table.c.id == entry.record_id)).mappings().one()
            if row_content(entry.type_name, row) == content:
                summary.unchanged += 1
                continue
            summary.updated[entry.type_name] = summary.updated.get(entry.type_name, 0) + 1
        else:
            summary.created[entry.type_name] = summary.created.get(entry.type_name, 0) + 1
        ws.records.put(s, entry.type_name, content, entry.record_id, record_label=entry.label)
    return summary


def import_file(ws: Workspace, path: Path) -> ImportSummary:
    """Read ``path`` (``load_file``) and import it (``import_records``)."""
    return import_records(ws, load_file(path))
