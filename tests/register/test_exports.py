"""XLSX and CSV exports: every row through the redaction layer, read back independently."""

from __future__ import annotations

import csv
import html
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.core.redaction import redact_row
from aces_desktop.reports.spreadsheets import (
    Column,
    ExportTable,
    export_records,
    record_table,
    table_from_rows,
    write_table,
)
from tests.register.conftest import NOTE_TEXT, PERSON_NAME, PSEUDONYM, Demo


def xlsx_rows(path: Path) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = [str(name) for name in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def raw_xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return html.unescape(xml)  # openpyxl writes non-ASCII as character references


def csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_worker_notes_leave_only_with_public_consent_and_anonymised(
    demo: Demo, out_dir: Path, suffix: str
) -> None:
    out = out_dir / f"notes{suffix}"
    written, held_back = export_records(demo.ws, "worker-notes", out)
    rows = xlsx_rows(out) if suffix == ".xlsx" else csv_rows(out)
    assert len(rows) == written and held_back > 0
    text = raw_xlsx_text(out) if suffix == ".xlsx" else out.read_text("utf-8")
    assert NOTE_TEXT["public_anonymised"] in text
    assert NOTE_TEXT["device"] not in text
    assert NOTE_TEXT["coordinator"] not in text
    assert PSEUDONYM not in text and "Hotan prefecture" not in text
    headers = set(rows[0])
    assert "Pseudonym" not in headers and "Gender" not in headers
    assert "Region of origin" not in headers
    assert {r["Consent scope"] for r in rows} == {"public_anonymised"}
    public = [r for r in rows if r["ID"] == demo.ids["note_public_anonymised"]]
    assert public and public[0]["Narrative"] == NOTE_TEXT["public_anonymised"]
    assert public[0]["Site name"] == "Known full Spinning Mill"


def test_sites_follow_their_disclosure(demo: Demo, out_dir: Path) -> None:
    out = out_dir / "sites.xlsx"
    export_records(demo.ws, "sites", out)
    rows = {r["ID"]: r for r in xlsx_rows(out)}
    assert demo.ids["site_withhold"] not in rows
    assert "Known withhold Spinning Mill" not in raw_xlsx_text(out)
    partial = rows[demo.ids["site_no_address"]]
    assert partial["Name"] == "Known no_address Spinning Mill"
    assert partial["Address"] is None and partial["Latitude"] is None
    assert partial["Longitude"] is None and partial["Open Supply Hub id"] is None
    assert "no_address Road" not in raw_xlsx_text(out)
    full = rows[demo.ids["site_full"]]
    assert full["Address"] == "Plot 9, full Road, Faisalabad"
    assert full["Latitude"] == pytest.approx(31.41)
    assert full["Disclosure"] == "full"
    assert all(r["Disclosure"] in ("full", "no_address") for r in rows.values())


def test_references_to_withheld_sites_are_not_named(demo: Demo, out_dir: Path) -> None:
    out = out_dir / "links.csv"
    export_records(demo.ws, "company-sites", out)
    text = out.read_text("utf-8")
    rows = csv_rows(out)
    assert rows, "the demo links companies to sites"
    assert any(r["Site name"] == "(withheld)" for r in rows)
    with demo.ws.session() as s:
        from sqlalchemy import select

        from aces_desktop.store import models as m

        withheld = s.execute(select(m.Site.name).where(m.Site.disclosure == "withhold")).all()
    assert withheld
    for (name,) in withheld:
        assert name not in text


def test_visits_export_team_size_never_person_names(demo: Demo, out_dir: Path) -> None:
    out = out_dir / "visits.xlsx"
    export_records(demo.ws, "visits", out)
    rows = {r["ID"]: r for r in xlsx_rows(out)}
    assert rows[demo.ids["visit"]]["Team size"] == 1
    assert PERSON_NAME not in raw_xlsx_text(out)
    assert "Amina Rahman" not in raw_xlsx_text(out)
    assert demo.ids["person"] not in raw_xlsx_text(out)


def test_text_cells_are_never_formulas(demo: Demo, out_dir: Path) -> None:
    xlsx, csv_path = out_dir / "c.xlsx", out_dir / "c.csv"
    export_records(demo.ws, "companies", xlsx)
    export_records(demo.ws, "companies", csv_path, bom=True)
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and str(c.value)[0] == "="]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    names = [r["Name"] for r in csv_rows(csv_path)]
    assert '\'=HYPERLINK("http://evil.example","x")' in names


def test_every_listed_type_exports(demo: Demo, out_dir: Path) -> None:
    from aces_desktop.reports.spreadsheets import EXPORT_TYPES

    for name in EXPORT_TYPES:
        out = out_dir / f"{name}.csv"
        written, _ = export_records(demo.ws, name, out)
        assert len(csv_rows(out)) == written
    assert written >= 0
    findings = csv_rows(out_dir / "findings.csv")
    assert len(findings) > 100 and "Indicator" in findings[0]


def test_unknown_suffix_and_type_are_refused(demo: Demo, out_dir: Path) -> None:
    with pytest.raises(AcesError, match=r"\.xlsx or \.csv"):
        export_records(demo.ws, "sites", out_dir / "sites.ods")
    with pytest.raises(AcesError, match="Unknown export type"):
        export_records(demo.ws, "persons", out_dir / "p.csv")
    assert not list(out_dir.iterdir())


def test_write_is_atomic_and_replaces(out_dir: Path) -> None:
    table = ExportTable("T", [Column("a", "A", "int")], [{"a": 1}, {"a": 2}])
    target = out_dir / "t.csv"
    target.write_text("old")
    assert write_table(table, target) == 2
    assert target.read_bytes() == b"A\r\n1\r\n2\r\n"
    assert [p.name for p in out_dir.iterdir()] == ["t.csv"]


def test_gui_style_rows_are_redacted_by_record_type(out_dir: Path) -> None:
    # A list page showing worker notes: headers are labels, the consent column decides.
    table = table_from_rows(
        "Notes",
        ["Pseudonym", "Consent scope", "Narrative", "Region of origin"],
        [
            ["W-1", "device", "device text", "Hotan"],
            ["W-2", "public_anonymised", "public text", "Kashgar"],
            ["W-3", "coordinator", "coordinator text", "Aksu"],
        ],
        record_type="worker_note",
    )
    assert [c.key for c in table.columns] == ["pseudonym", "consent_scope", "narrative", "origin"]
    out = out_dir / "n.csv"
    write_table(table, out)
    assert csv_rows(out) == [{"Consent scope": "public_anonymised", "Narrative": "public text"}]
    # A site list without a disclosure column counts as withheld (the cautious default).
    sites = table_from_rows("Sites", ["Name", "Country"], [["Mill", "IN"]], record_type="site")
    write_table(sites, out)
    assert csv_rows(out) == []


def test_redact_row_for_derived_rows() -> None:
    row = {"name": "Northwind", "score": 71.5, "pseudonym": "W-1", "origin": "Hotan"}
    assert redact_row(None, row, "export") == {"name": "Northwind", "score": 71.5}
    assert redact_row(None, {"consent_scope": "coordinator", "x": 1}, "export") is None
    assert redact_row(None, row, "log") is None
    person = {"name": "A. Rahman", "role": "auditor"}
    assert redact_row("person", person, "export") is None
    assert redact_row("person", person, "bundle") == person


def test_record_table_sorted_by_title(demo: Demo) -> None:
    table = record_table(demo.ws, "initiative")
    names = [r["name"] for r in table.rows]
    assert names == sorted(names, key=str.casefold) and len(names) == 5


def test_cli_export(demo: Demo, out_dir: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import PASSPHRASE

    env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
    env.pop("ACES_DEBUG", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aces_desktop", "--workspace", str(demo.path), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    out = out_dir / "sites.csv"
    done = run("export", "--type", "sites", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["rows"] == len(csv_rows(out)) and result["held_back"] >= 1
    bad = run("export", "--type", "sites", "--out", str(out_dir / "x.txt"))
    assert bad.returncode == 1 and ".xlsx or .csv" in bad.stderr and "Traceback" not in bad.stderr
    usage = run("export", "--type", "persons", "--out", str(out))
    assert usage.returncode == 2


def test_personal_data_in_a_public_note_needs_acknowledgement_and_is_masked(
    demo: Demo, out_dir: Path
) -> None:
    from aces_desktop.store import pii_ack
    from tests.helpers import add

    text = "Overtime every night; call me on 138 1234 5678 — wkp-3301"
    note = add(
        demo.ws,
        "worker_note",
        site_id=demo.ids["site_full"],
        pseudonym="Worker P-5",
        consent_scope="public_anonymised",
        narrative=text,
    )
    try:
        out = out_dir / "held.csv"
        export_records(demo.ws, "worker-notes", out)
        assert note not in out.read_text("utf-8") and "wkp-3301" not in out.read_text("utf-8")
        with demo.ws.session() as s:
            _, content = demo.ws.records.get(s, note)
            pii_ack.acknowledge(s, "worker_note", note, content)
        out = out_dir / "acknowledged.xlsx"
        export_records(demo.ws, "worker-notes", out)
        rows = {r["ID"]: r for r in xlsx_rows(out)}
        assert "138 1234 5678" not in raw_xlsx_text(out)
        assert "wkp-3301" in rows[note]["Narrative"] and "[phone]" in rows[note]["Narrative"]
    finally:
        with demo.ws.session() as s:
            demo.ws.records.delete(s, "worker_note", note)


def test_record_table_of_chosen_ids(demo: Demo) -> None:
    everything = record_table(demo.ws, "initiative")
    ids = [r["id"] for r in everything.rows]
    chosen = [ids[3], ids[0], ids[2]]
    assert [r["id"] for r in record_table(demo.ws, "initiative", ids=chosen).rows] == chosen
    as_set = record_table(demo.ws, "initiative", ids=set(chosen)).rows
    assert [r["id"] for r in as_set] == [i for i in ids if i in chosen]  # sorted by name


def test_csv_counts_rows_not_line_breaks(tmp_path: Path) -> None:
    """A cell's own line breaks stay in its quoted cell; the count is of rows written."""
    import csv

    from aces_desktop.reports.spreadsheets import table_from_rows, write_csv

    table = table_from_rows(
        "Notes", ["Name", "Text"], [["Mill", "first line\r\nsecond line\nthird"], ["Other", "x"]]
    )
    out = tmp_path / "notes.csv"
    assert write_csv(table, out) == 2
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 3 and rows[1][1] == "first line\r\nsecond line\nthird"
