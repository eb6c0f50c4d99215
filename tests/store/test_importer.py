"""`aces import` formats: valid files land completely, invalid ones change nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from aces_desktop.core.errors import ImportFileError, ValidationError
from aces_desktop.store.importer import import_file
from aces_desktop.store.workspace import Workspace

GOOD: dict[str, Any] = {
    "format": "aces-import",
    "version": 1,
    "sites": [
        {
            "ref": "s1",
            "name": "阿克苏天盛棉业有限公司",
            "country": "CN",
            "region": "Xinjiang",
            "other_names": [{"text": "Aksu Tiansheng Cotton", "lang": "en"}],
            "os_hub_id": "CN2022111QWE456",
        },
        {
            "ref": "s2",
            "name": "Savar Knit Ltd",
            "country": "BD",
            "latitude": 23.85,
            "longitude": 90.26,
        },
    ],
    "companies": [{"ref": "c1", "name": "Lumen Outdoor", "kind": "brand", "country": "US"}],
    "initiatives": [{"ref": "i1", "name": "Responsible Cotton Standard", "acronym": "RCS"}],
    "company_sites": [{"company_id": "c1", "site_id": "s1", "relation": "sources_from", "tier": 3}],
    "memberships": [{"initiative_id": "i1", "company_id": "c1", "since": "2021-01-01"}],
    "coverages": [{"initiative_id": "i1", "site_id": "s2", "workers_covered": 800}],
    "evidence": [
        {
            "subject_type": "company",
            "subject_id": "c1",
            "criterion": "C2",
            "level": 2,
            "source_type": "document",
            "evidence_date": "2026-05-01",
            "url": "https://lumen.example/suppliers",
        },
        {
            "subject_type": "initiative",
            "subject_id": "i1",
            "criterion": "T1",
            "level": 3,
            "source_type": "public_report",
            "evidence_date": "2025-09-10",
        },
    ],
    "visits": [
        {"ref": "v1", "site_id": "s1", "start_date": "2026-06-01", "method": "desk_research"}
    ],
    "findings": [
        {"visit_id": "v1", "indicator": "SIL-01", "grade": 3, "source_type": "public_report"}
    ],
}


def _write(tmp_path: Path, doc: Any, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_good_file_imports_everything(workspace: Workspace, tmp_path: Path) -> None:
    summary = import_file(workspace, _write(tmp_path, GOOD))
    assert summary.created == {
        "site": 2,
        "company": 1,
        "initiative": 1,
        "company_site": 1,
        "membership": 1,
        "coverage": 1,
        "evidence": 2,
        "visit": 1,
        "finding": 1,
    }
    counts = workspace.counts()
    assert counts["site"] == 2 and counts["finding"] == 1


def test_reimport_with_ids_is_idempotent(workspace: Workspace, tmp_path: Path) -> None:
    doc: dict[str, Any] = {
        "format": "aces-import",
        "version": 1,
        "sites": [{"id": "01a20f67-44ef-73e5-9736-a962aa3ab5ba", "name": "Mill", "country": "IN"}],
    }
    path = _write(tmp_path, doc)
    import_file(workspace, path)
    before = workspace.state_hash()
    again = import_file(workspace, path)
    assert again.unchanged == 1 and not again.created and not again.updated
    assert workspace.state_hash() == before
    doc["sites"][0]["region"] = "Tamil Nadu"
    assert import_file(workspace, _write(tmp_path, doc)).updated == {"site": 1}


def test_csv_site_list(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_text(
        "name,country,region,products,other_names,workforce_size,latitude,longitude\n"
        '和田开元服饰有限公司,CN,Xinjiang,knitwear;denim,"en:Hotan Kaiyuan Garments",1200,37.1,79.9\n'
        "Tiruppur Knits,IN,Tamil Nadu,,,,,\n",
        encoding="utf-8",
    )
    summary = import_file(workspace, path)
    assert summary.created == {"site": 2}


BAD_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "wrong type": (
        {"sites": [{"name": "X", "country": "CN", "workforce_size": "many"}]},
        r"sites\[0\], field 'workforce_size': must be a whole number",
    ),
    "unknown indicator": (
        {
            "sites": [{"ref": "s", "name": "X", "country": "CN"}],
            "visits": [
                {"ref": "v", "site_id": "s", "start_date": "2026-01-01", "method": "remote"}
            ],
            "findings": [{"visit_id": "v", "indicator": "ILO-42", "grade": 1}],
        },
        r"findings\[0\], field 'indicator': 'ILO-42' is not one of",
    ),
    "dangling reference": (
        {"company_sites": [{"company_id": "nobody", "site_id": "nowhere", "relation": "owns"}]},
        r"company_sites\[0\], field 'company_id': refers to 'nobody'",
    ),
    "dangling id": (
        {
            "memberships": [
                {
                    "initiative_id": "01a20f67-44ef-73e5-9736-a962aa3ab5bb",
                    "company_id": "01a20f67-44ef-73e5-9736-a962aa3ab5bc",
                }
            ]
        },
        r"memberships\[0\], field 'initiative_id': refers to .* not in this workspace",
    ),
    "huge field": (
        {"sites": [{"name": "X" * 100_000, "country": "CN"}]},
        r"sites\[0\], field 'name': is 100000 characters long; the limit is 300",
    ),
    "unknown field": (
        {"sites": [{"name": "X", "country": "CN", "owner": "me"}]},
        r"sites\[0\], field 'owner': is not a field",
    ),
    "wrong ref type": (
        {
            "sites": [{"ref": "s", "name": "X", "country": "CN"}],
            "memberships": [{"initiative_id": "s", "company_id": "s"}],
        },
        r"memberships\[0\], field 'initiative_id': refers to sites\[0\]",
    ),
    "duplicate ref": (
        {
            "sites": [
                {"ref": "s", "name": "X", "country": "CN"},
                {"ref": "s", "name": "Y", "country": "CN"},
            ]
        },
        r"sites\[1\] \(ref 's'\), field 'ref': 's' is used by sites\[0\]",
    ),
    "not a list": ({"sites": {"name": "X"}}, r'"sites" must be a list'),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_files_name_the_problem_and_write_nothing(
    workspace: Workspace, tmp_path: Path, case: str
) -> None:
    sections, message = BAD_CASES[case]
    # one valid record rides along: it must not be written either
    doc = {"format": "aces-import", "version": 1, **sections}
    doc.setdefault("companies", []).append({"name": "Valid Co", "kind": "brand"})
    before = workspace.state_hash()
    with pytest.raises((ValidationError, ImportFileError), match=message):
        import_file(workspace, _write(tmp_path, doc))
    assert workspace.state_hash() == before
    assert workspace.counts()["company"] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"format": "aces-import", "version": 1, "sites": [{"name": "\xff\xfe", "country": "CN"}]}',
            r"not valid UTF-8 text: byte 60 \(line 1\)",
        ),
        (b'{"format": "aces-import",\n "version": 1,\n "sites": [}', r"not valid JSON: .* line 3"),
        (b'{"format": "something-else", "version": 1}', r'"format" must be "aces-import"'),
        (b'{"format": "aces-import", "version": 7}', r"version 7 is not supported"),
        (b"[1, 2, 3]", r"must hold one JSON object"),
        (b'{"format": "aces-import", "version": 1, "people": []}', r"unknown section\(s\) people"),
    ],
)
def test_malformed_files(
    workspace: Workspace, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = workspace.state_hash()
    with pytest.raises(ImportFileError, match=message):
        import_file(workspace, path)
    assert workspace.state_hash() == before


def test_bad_csv_values_name_the_line(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_text("name,country,workforce_size\nMill,IN,12\nOther,IN,lots\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=r"line 3, field 'workforce_size': 'lots' is not a number"
    ):
        import_file(workspace, path)
    path.write_text("name,colour\nMill,red\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="unknown column"):
        import_file(workspace, path)
    assert workspace.counts()["site"] == 0


def test_missing_file(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="There is no file"):
        import_file(workspace, tmp_path / "absent.json")


def _with_ids(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with a fixed id on every record (so that two workspaces hold the same ids)."""
    out = json.loads(json.dumps(doc))
    n = 0
    for items in out.values():
        if isinstance(items, list):
            for item in items:
                n += 1
                item["id"] = f"01a20f67-44ef-73e5-9736-{n:012x}"
    return out


def _ids(doc: dict[str, Any]) -> list[str]:
    return [i["id"] for items in doc.values() if isinstance(items, list) for i in items]


def test_bulk_import_writes_what_single_edits_write(
    workspace: Workspace, coordinator: Workspace, tmp_path: Path
) -> None:
    """New records go through the bulk writer: the same contents, state digests and one
    revision each, as putting the same records one by one (the path imports took before)."""
    doc = _with_ids(GOOD)
    summary = import_file(workspace, _write(tmp_path, doc))
    ids = _ids(doc)
    assert sum(summary.created.values()) == len(ids) == 11
    with workspace.session() as s:
        contents = [workspace.records.get(s, rid) for rid in ids]
        revisions = s.execute(text("SELECT COUNT(*) FROM revisions")).scalar()
        heads = s.execute(text("SELECT COUNT(*) FROM record_heads")).scalar()
    assert revisions == heads == 11
    with coordinator.writing() as s:
        for rid, (type_name, content) in zip(ids, contents, strict=True):
            coordinator.records.put(s, type_name, content, rid)
    with coordinator.session() as s:
        assert [coordinator.records.get(s, rid) for rid in ids] == contents
    assert workspace.state_hash() == coordinator.state_hash()
    # importing the same file again finds every record unchanged
    again = import_file(workspace, _write(tmp_path, doc))
    assert again.unchanged == 11 and not again.created and not again.updated


def test_bad_record_in_the_middle_of_a_large_file_writes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    findings = [
        {"visit_id": "v1", "indicator": "SIL-01", "grade": i % 4, "narrative": f"Finding {i}"}
        for i in range(12_000)
    ]
    findings[7_000]["grade"] = 9
    doc = {**GOOD, "findings": findings}
    before = workspace.state_hash()
    with pytest.raises(
        ValidationError, match=r"Nothing was imported.*findings\[7000\], field 'grade'"
    ) as caught:
        import_file(workspace, _write(tmp_path, doc))
    assert len(caught.value.problems) == 1
    assert workspace.state_hash() == before  # the 7,000 findings before it were not kept
    assert workspace.counts()["finding"] == 0 and workspace.counts()["site"] == 0
    with workspace.session() as s:
        assert s.execute(text("SELECT COUNT(*) FROM revisions")).scalar() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (  # a visit of the file sealed already: no new finding, only amendments
            lambda doc: doc["visits"][0].update(sealed=True),
            r"findings\[0\], field 'visit_id': .*sealed",
        ),
        (  # a finding at another site than its visit's
            lambda doc: doc["findings"][0].update(site_id="s2"),
            r"findings\[0\], field 'site_id'",
        ),
        (  # an amendment of a finding that comes later in the file
            lambda doc: (
                doc["findings"].insert(
                    0, {**doc["findings"][0], "amends_id": "f-later", "grade": 1}
                )
                or doc["findings"][1].update(ref="f-later")
            ),
            r"findings\[0\], field 'amends_id': refers to",
        ),
    ],
)
def test_checks_of_a_single_edit_hold_for_imported_records(
    workspace: Workspace, tmp_path: Path, change: Any, message: str
) -> None:
    doc = json.loads(json.dumps(GOOD))
    change(doc)
    with pytest.raises(ValidationError, match=message):
        import_file(workspace, _write(tmp_path, doc))
    assert workspace.counts()["site"] == 0


def _state_after_import(tmp_path: Path, name: str, source: Any) -> tuple[str, dict[str, int]]:
    from aces_desktop.store.importer import import_records
    from tests.conftest import CHEAP_KDF, PASSPHRASE

    ws = Workspace.create(tmp_path / name, PASSPHRASE, role="field", name=name, kdf=CHEAP_KDF)
    try:
        summary = import_records(ws, source)
        return ws.state_hash(), summary.created
    finally:
        ws.close()


def test_streamed_file_imports_what_the_whole_file_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in chunks of 7 bytes (every record, number and multi-byte character cut
    somewhere), with a byte order mark and the sections in another order than they are
    imported in, the file lands exactly as the same sections handed over in memory."""
    from aces_desktop.store import json_stream
    from aces_desktop.store.importer import JsonFileSource, load_file

    doc = _with_ids(GOOD)
    doc["findings"] += [
        {**doc["findings"][0], "id": f"01a20f67-44ef-73e5-9736-{900 + i:012x}", "grade": i % 4,
         "narrative": f"第{i}号 — ئىشچى {i * 1234567}"}
        for i in range(30)
    ]  # fmt: skip
    shuffled = {k: doc[k] for k in ("findings", "format", "sites", "version", "visits")}
    shuffled.update({k: v for k, v in doc.items() if k not in shuffled})
    path = tmp_path / "in.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(shuffled, ensure_ascii=False).encode())
    monkeypatch.setattr(json_stream, "CHUNK", 7)
    source = load_file(path)
    assert isinstance(source, JsonFileSource) and source.total == 41
    streamed = _state_after_import(tmp_path, "streamed", source)
    sections = {k: v for k, v in doc.items() if isinstance(v, list)}
    assert streamed == _state_after_import(tmp_path, "in-memory", sections)
    assert streamed[1]["finding"] == 31


def test_streamed_file_with_a_key_twice_in_the_middle_names_its_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    lines = ['{"format": "aces-import", "version": 1, "sites": [']
    lines += [f'{{"name": "Mill {i}", "country": "CN"}},' for i in range(5000)]
    lines += ['{"name": "Mill", "country": "CN", "name": "Other"},']
    lines += [f'{{"name": "Mill {i}", "country": "CN"}},' for i in range(5000)]
    lines += ['{"name": "Last", "country": "CN"}]}']
    path = tmp_path / "twice.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"\"name\" appears twice .*line 5002"):
        import_file(workspace, path)
    assert workspace.counts()["site"] == 0


def test_file_changed_between_reading_and_importing_writes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The file is read again to import it: other bytes than those checked are refused."""
    from aces_desktop.store.importer import import_records, load_file

    path = _write(tmp_path, GOOD)
    source = load_file(path)
    changed = json.loads(json.dumps(GOOD))
    changed["sites"][1]["name"] = "Savar Knit Limited"
    _write(tmp_path, changed)
    with pytest.raises(ImportFileError, match=r"in\.json changed while it was being imported"):
        import_records(workspace, source)
    path.write_text('{"format": "aces-import", "version": 1, "sites": [', encoding="utf-8")
    with pytest.raises(ImportFileError, match="changed while"):
        import_records(workspace, source)
    assert workspace.counts()["site"] == 0 and workspace.counts()["finding"] == 0


def test_too_many_records_are_refused_before_anything_is_checked(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aces_desktop.store import importer

    monkeypatch.setattr(importer, "MAX_RECORDS", 10)
    with pytest.raises(ImportFileError, match="11 records"):
        import_file(workspace, _write(tmp_path, GOOD))  # counted while streaming
    assert workspace.counts()["site"] == 0
