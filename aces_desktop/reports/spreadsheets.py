"""Spreadsheet and data exports (XLSX and CSV) for coordinators.

An export is a table: ordered columns and rows (dicts keyed by column). Every row passes
through the redaction layer (``core.redaction.redact_row``, path ``"export"``) in
``write_table`` itself, whatever produced it: worker notes leave only with consent scope
``public_anonymised`` and then anonymised, person names never, sites follow their
disclosure setting (withheld sites are absent, ``no_address`` sites lose address and
coordinates). Files are written atomically: a temporary file beside the target, renamed
over it once complete.

Text cells are never formulas: XLSX cells are written as explicit strings, and every CSV the
application writes (exports, score tables, the public register) goes through
``formula_safe``: a text value that a spreadsheet would read as a formula is prefixed with an
apostrophe (the OWASP advice against CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from aces_desktop.core import messages as msg
from aces_desktop.core import schema
from aces_desktop.core.atomic import atomic_writer
from aces_desktop.core.errors import AcesError
from aces_desktop.core.redaction import PII_FIELDS, ExitPath, may_leave, redact_row
from aces_desktop.store import pii_ack
from aces_desktop.store.records import row_content, table_for
from aces_desktop.store.workspace import Workspace

ColumnKind = Literal["text", "int", "float", "bool", "date"]

WITHHELD = "(withheld)"

# CLI/GUI names of the exportable record lists, and the record type each one holds.
EXPORT_TYPES: dict[str, str] = {
    "sites": "site",
    "companies": "company",
    "company-sites": "company_site",
    "initiatives": "initiative",
    "memberships": "membership",
    "coverages": "coverage",
    "visits": "visit",
    "findings": "finding",
    "worker-notes": "worker_note",
    "company-responses": "company_response",
    "evidence": "evidence",
    "attachments": "attachment",
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# Row key (never written) marking a row whose personal-data warning the auditor acknowledged
# for its current text (``store.pii_ack``); the redaction layer then lets it leave, masked.
PII_ACK_KEY = "__pii_acknowledged__"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ColumnKind = "text"


@dataclass
class ExportTable:
    """Rows to export. ``record_type`` names the record type the rows show (``None`` for
    derived figures such as scores); the redaction layer decides with it."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    record_type: str | None = None


def redacted(table: ExportTable, path: ExitPath = "export") -> ExportTable:
    """The table as it may leave by ``path``: refused rows dropped, fields removed.

    Columns that redaction removes from every row are dropped too (for an empty table,
    the columns of sensitive fields are dropped).
    """
    rows: list[dict[str, Any]] = []
    for row in table.rows:
        acknowledged = bool(row.get(PII_ACK_KEY))
        plain = {k: v for k, v in row.items() if k != PII_ACK_KEY}
        out = redact_row(table.record_type, plain, path, pii_acknowledged=acknowledged)
        if out is not None:
            rows.append(out)
    if rows:
        present: set[str] = set()
        for row in rows:
            present.update(row)
        columns = [c for c in table.columns if c.key in present]
    else:
        probe = redact_row(table.record_type, {c.key: None for c in table.columns}, "bundle")
        sensitive = _sensitive_fields(table.record_type)
        columns = [
            c for c in table.columns if c.key not in sensitive and (probe is None or c.key in probe)
        ]
    return ExportTable(table.title, columns, rows, table.record_type)


def _sensitive_fields(type_name: str | None) -> set[str]:
    if type_name is None:
        return set()
    rt = schema.record_type(type_name)
    if rt.sensitive or type_name in ("person", "attachment"):
        return {f.name for f in rt.fields if f.sensitive} | {"pseudonym"}
    return {f.name for f in rt.fields if f.sensitive}


# --- writers ------------------------------------------------------------------------------


def write_table(
    table: ExportTable,
    path: Path,
    *,
    bom: bool = False,
    mode: int = 0o600,
) -> int:
    """Write ``table`` to ``path`` (``.xlsx`` or ``.csv``) after redaction; return rows."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx([table], path, mode=mode)
    if suffix == ".csv":
        return write_csv(table, path, bom=bom, mode=mode)
    raise AcesError(msg.CANNOT_EXPORT_FILE_NAME_MUST(Path(path).name))


def csv_bytes(table: ExportTable, *, bom: bool = False) -> bytes:
    """The CSV text of a table (after redaction), UTF-8, optionally with a byte order mark
    so that Excel recognises the encoding."""
    return _csv_data(redacted(table), bom=bom)


def _csv_data(safe: ExportTable, *, bom: bool) -> bytes:
    """The one CSV writer of the application: every cell through ``_csv_cell``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_safe(c.header) for c in safe.columns])
    for row in safe.rows:
        writer.writerow([_csv_cell(row.get(c.key)) for c in safe.columns])
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_csv(
    table: ExportTable,
    path: Path,
    *,
    bom: bool = False,
    mode: int = 0o600,
) -> int:
    """Write the table (after redaction) as CSV; return the rows written (a narrative's
    own line breaks stay inside its quoted cell and are not rows)."""
    safe = redacted(table)
    with atomic_writer(Path(path), mode) as handle:
        handle.write(_csv_data(safe, bom=bom))
    return len(safe.rows)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return formula_safe(str(value))


def formula_safe(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula: text that begins (after any
    spaces) with ``=``, ``+``, ``-``, ``@``, a tab or a line break gets an apostrophe in
    front, as OWASP advises against CSV injection. Numbers are written by ``_csv_cell``
    and never reach this."""
    if text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text
    return text


def write_xlsx(tables: Sequence[ExportTable], path: Path, *, mode: int = 0o600) -> int:
    """Write each table (after redaction) to a worksheet of one XLSX file; return rows."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    total = 0
    used_titles: set[str] = set()
    for table in tables:
        safe = redacted(table)
        sheet = workbook.create_sheet(_sheet_title(safe.title, used_titles))
        widths = [len(c.header) for c in safe.columns]
        for col, column in enumerate(safe.columns, start=1):
            cell = sheet.cell(row=1, column=col, value=column.header)
            cell.font = Font(bold=True)
        for r, row in enumerate(safe.rows, start=2):
            for col, column in enumerate(safe.columns, start=1):
                value = row.get(column.key)
                cell = sheet.cell(row=r, column=col)
                if value is None:
                    continue
                if column.kind == "date" and isinstance(value, str) and len(value) == 10:
                    try:
                        cell.value = dt.date.fromisoformat(value)
                        cell.number_format = "yyyy-mm-dd"
                        continue
                    except ValueError:
                        pass
                if isinstance(value, bool | int | float | dt.date):
                    cell.value = value
                    if isinstance(value, dt.date):
                        cell.number_format = "yyyy-mm-dd"
                else:
                    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
                    cell.value = text
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    widths[col - 1] = max(widths[col - 1], min(60, len(text)))
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = max(8, min(60, width + 2))
        sheet.freeze_panes = "A2"
        if safe.columns:
            last = get_column_letter(len(safe.columns))
            sheet.auto_filter.ref = f"A1:{last}{max(1, len(safe.rows) + 1)}"
        total += len(safe.rows)
    if not tables:
        workbook.create_sheet("Export")
    with atomic_writer(Path(path), mode) as handle:
        workbook.save(handle)
    return total


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


# --- record lists from a workspace -------------------------------------------------------


_LABEL_COLUMNS = {"site": "site_name", "company": "company_name", "initiative": "initiative_name"}


def _kind_of(f: schema.Field) -> ColumnKind:
    return {
        schema.INT: "int",
        schema.FLOAT: "float",
        schema.BOOL: "bool",
        schema.DATE: "date",
    }.get(f.kind, "text")  # type: ignore[return-value]


def _header(name: str) -> str:
    return name.replace("_", " ").capitalize().replace(" id", " ID").replace("Os hub", "OS Hub")


def _field_header(f: schema.Field) -> str:
    """A field's column header: its label, except that references keep their name
    ("Site ID"), since the record's title has a column of its own ("Site")."""
    if f.kind in (schema.REF, schema.REFS) or f.name not in schema.FIELD_LABELS:
        return _header(f.name)
    return schema.field_label(f.name)


class _Labels:
    """Names of referenced records, resolved only where the referenced record may leave."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._cache: dict[str, dict[str, str]] = {}

    def of(self, type_name: str) -> dict[str, str]:
        if type_name not in self._cache:
            labels: dict[str, str] = {}
            with self.ws.session() as s:
                for row in s.execute(select(table_for(type_name))).mappings():
                    content = row_content(type_name, row)
                    if type_name == "visit":
                        labels[row["id"]] = content["start_date"] or ""
                    elif may_leave(type_name, content, "export"):
                        labels[row["id"]] = schema.title_of(type_name, content)
                    else:
                        labels[row["id"]] = WITHHELD
            self._cache[type_name] = labels
        return self._cache[type_name]


def _cell(f: schema.Field, value: Any) -> Any:
    if value is None or value == [] or value == {}:
        return None
    if f.kind == schema.NAMES:
        return "; ".join(
            f"{n['text']} ({n['lang']})" if n.get("lang") else n["text"] for n in value
        )
    if f.kind in (schema.STRS, schema.REFS):
        return "; ".join(str(v) for v in value)
    if f.kind == schema.FACTS:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def record_table(
    ws: Workspace,
    type_name: str,
    *,
    labels: _Labels | None = None,
    title: str | None = None,
    ids: Collection[str] | None = None,
) -> ExportTable:
    """Every live record of ``type_name`` as an export table (redacted when written), or
    only the records ``ids`` (e.g. the rows of a filtered list in the GUI): in the order
    given when ``ids`` is a list or tuple, else sorted like the whole list.

    References to sites, companies and initiatives get a name column beside the id (a
    withheld site is named ``(withheld)``); a visit's team (person ids) is exported as its
    size only.
    """
    rt = schema.record_type(type_name)
    resolve = labels or _Labels(ws)
    columns = [Column("id", "ID")]
    # (column key, how to compute it: "id", "field", "team", "label", "subject")
    plan: list[tuple[str, str, schema.Field | None, str | None]] = [("id", "id", None, None)]
    for f in rt.fields:
        if f.kind == schema.REFS and f.ref == "person":
            columns.append(Column("team_size", "Team size", "int"))
            plan.append(("team_size", "team", f, None))
            continue
        columns.append(Column(f.name, _field_header(f), _kind_of(f)))
        plan.append((f.name, "field", f, None))
        target = f.ref if isinstance(f.ref, str) else None
        if f.kind == schema.REF and target in _LABEL_COLUMNS:
            key = _LABEL_COLUMNS[target]
            columns.append(Column(key, _header(key)))
            plan.append((key, "label", f, target))
        elif f.kind == schema.REF and target == "visit":
            columns.append(Column("visit_date", "Visit date", "date"))
            plan.append(("visit_date", "label", f, "visit"))
        elif f.kind == schema.REF and f.name == "subject_id":
            columns.append(Column("subject_name", "Subject name"))
            plan.append(("subject_name", "subject", f, None))

    def make_row(content: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, how, f, target in plan:
            if how == "id":
                out[key] = content["id"]
            elif how == "team" and f is not None:
                out[key] = len(content[f.name]) or None
            elif how == "field" and f is not None:
                out[key] = _cell(f, content[f.name])
            elif how == "label" and f is not None:
                out[key] = _label(resolve, target, content[f.name])
            elif how == "subject":
                out[key] = _label(resolve, content["subject_type"], content["subject_id"])
        return out

    table = table_for(type_name)
    if ids is None:
        queries = [select(table)]
    else:
        wanted = list(dict.fromkeys(ids))
        queries = [
            select(table).where(table.c.id.in_(wanted[i : i + 500]))
            for i in range(0, len(wanted), 500)
        ]
    rows: list[tuple[str, str, dict[str, Any]]] = []
    with ws.session() as s:
        for query in queries:
            for row in s.execute(query).mappings():
                content = row_content(type_name, row)
                out = make_row({**content, "id": row["id"]})
                if type_name in PII_FIELDS and pii_ack.is_acknowledged(
                    s, type_name, row["id"], content
                ):
                    out[PII_ACK_KEY] = True
                rows.append((schema.title_of(type_name, content).casefold(), row["id"], out))
    if isinstance(ids, list | tuple):
        order = {rid: n for n, rid in enumerate(wanted)}
        rows.sort(key=lambda item: order[item[1]])
    else:
        rows.sort(key=lambda item: (item[0], item[1]))
    return ExportTable(
        title or type_name.replace("_", " ").capitalize(),
        columns,
        [r for _, _, r in rows],
        type_name,
    )


def _label(labels: _Labels, type_name: str | None, record_id: str | None) -> str | None:
    if not record_id or not type_name:
        return None
    return labels.of(type_name).get(record_id)


def export_records(
    ws: Workspace, export_type: str, out: Path, *, bom: bool = False
) -> tuple[int, int]:
    """Export one record list (an ``EXPORT_TYPES`` name) to ``out``; return (rows written,
    rows held back by redaction)."""
    try:
        type_name = EXPORT_TYPES[export_type]
    except KeyError:
        raise AcesError(
            msg.UNKNOWN_EXPORT_TYPE_CHOOSE_ONE(export_type, ", ".join(EXPORT_TYPES))
        ) from None
    table = record_table(ws, type_name, title=export_type.replace("-", " ").capitalize())
    written = write_table(table, out, bom=bom)
    return written, len(table.rows) - written


def table_from_rows(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    keys: Sequence[str] | None = None,
    record_type: str | None = None,
) -> ExportTable:
    """A table from plain rows (e.g. the cells of a GUI list), keyed by ``keys``.

    ``keys`` name the columns for the redaction layer (field names of ``record_type``
    where a column shows a field); by default they are derived from the headers by
    matching field names and labels of ``record_type``.
    """
    if keys is None:
        keys = [column_key(h, record_type) for h in headers]
    used: set[str] = set()
    unique: list[str] = []
    for key in keys:
        name, n = key, 2
        while name in used:
            name, n = f"{key}_{n}", n + 1
        used.add(name)
        unique.append(name)
    columns = [Column(k, h) for k, h in zip(unique, headers, strict=True)]
    return ExportTable(
        title,
        columns,
        [dict(zip(unique, row, strict=False)) for row in rows],
        record_type,
    )


def column_key(header: str, record_type: str | None) -> str:
    """A column's key from its header: the matching field name or label of the record
    type, else the header in snake case."""
    plain = "_".join(header.strip().lower().replace("-", " ").split())
    if record_type:
        for f in schema.record_type(record_type).fields:
            if plain in (f.name, f.name.removesuffix("_id")) or (
                header.strip().lower() == _field_header(f).lower()
            ):
                return f.name
    return plain or "column"


__all__ = [
    "EXPORT_TYPES",
    "Column",
    "ExportTable",
    "csv_bytes",
    "export_records",
    "formula_safe",
    "record_table",
    "redacted",
    "table_from_rows",
    "write_csv",
    "write_table",
    "write_xlsx",
]


# --- ratings (aces score) ----------------------------------------------------------------

SCORE_COLUMNS = [
    Column("kind", "Kind"),
    Column("subject_id", "ID"),
    Column("subject_name", "Name"),
    Column("status", "Status"),
    Column("score", "Score", "float"),
    Column("band_low", "Band low", "float"),
    Column("band_high", "Band high", "float"),
    Column("coverage", "Coverage", "float"),
    Column("grade", "Grade"),
    Column("tier", "Tier"),
    Column("tags", "Tags"),
    Column("labels", "Labels"),
    *[
        Column(f"{dim}_{key}", f"{name} {key}", "float" if key == "score" else "text")
        for dim, name in (("T", "Transparent"), ("S", "Scaled"), ("A", "Accountable"))
        for key in ("score", "grade")
    ],
    Column("risk_level", "Risk level", "int"),
    Column("risk_label", "Risk"),
    Column("confidence", "Confidence"),
    Column("remediation_progress", "Remediation progress", "float"),
    Column("rubric_version", "Rubric version"),
    Column("as_of", "As of", "date"),
    Column("input_hash", "Input hash"),
]


def score_rows(ws: Workspace, results: Iterable[Mapping[str, Any]]) -> ExportTable:
    """Ratings (``Result.to_json()`` dicts of the scoring engine) as an export table.

    A site's rating leaves only where the site itself may leave: withheld sites are held
    back (their names would identify them).
    """
    labels = _Labels(ws)
    allowed_sites = {k for k, v in labels.of("site").items() if v != WITHHELD}
    rows: list[dict[str, Any]] = []
    for r in results:
        if r.get("kind") == "site" and r.get("subject_id") not in allowed_sites:
            continue
        band = r.get("band") or {}
        row: dict[str, Any] = {
            key: r.get(key)
            for key in (
                "kind",
                "subject_id",
                "subject_name",
                "status",
                "score",
                "coverage",
                "grade",
                "tier",
                "risk_level",
                "risk_label",
                "confidence",
                "rubric_version",
                "as_of",
                "input_hash",
            )
        }
        if r.get("kind") != "site":
            row["risk_label"] = None
        row["band_low"], row["band_high"] = band.get("low"), band.get("high")
        row["tags"] = "; ".join(t.get("en") or t.get("id", "") for t in r.get("tags") or [])
        row["labels"] = "; ".join(t.get("en") or t.get("id", "") for t in r.get("labels") or [])
        for d in r.get("dimensions") or []:
            row[f"{d['id']}_score"], row[f"{d['id']}_grade"] = d.get("score"), d.get("grade")
        remediation = (r.get("site") or {}).get("remediation") or {}
        progress = remediation.get("progress")
        row["remediation_progress"] = None if progress is None else round(100 * progress, 1)
        rows.append(row)
    return ExportTable("Scores", list(SCORE_COLUMNS), rows, None)
