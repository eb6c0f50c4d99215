"""The public register of the demo workspace: content, redaction, schema, reproducibility."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy import select

from aces_desktop.core.errors import AcesError
from aces_desktop.demo_data import PERSONS, WORKER_STORIES
from aces_desktop.reports.register import (
    DATA_FILES,
    export_register,
    load_schema,
    verify_register,
)
from aces_desktop.store import models as m
from tests.register.conftest import INTERNAL_TEXT, NOTE_TEXT, PERSON_NAME, PSEUDONYM, Demo

DATE = dt.date(2026, 11, 20)
REPO = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def register_dir(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reg") / "register"
    export_register(demo.ws, out, export_date=DATE, sign=True)
    return out


@pytest.fixture(scope="module")
def doc(register_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((register_dir / "register.json").read_text("utf-8"))
    return data


class Rows(HTMLParser):
    """Table rows of index.html: {table id: {row id: [cell texts]}}, plus all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict[str, list[str]]] = {}
        self.table: str | None = None
        self.row: str | None = None
        self.cell: list[str] | None = None
        self.text: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.table = a.get("id")
            self.tables[str(self.table)] = {}
        elif tag == "tr" and self.table and a.get("id"):
            self.row = a["id"]
            self.tables[self.table][str(self.row)] = []
        elif tag == "td" and self.row:
            self.cell = []
        elif tag == "script":
            self.in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None and self.table and self.row:
            self.tables[self.table][self.row].append(" ".join(" ".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None
        elif tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if not self.in_script:
            self.text.append(data)


def parse_html(path: Path) -> Rows:
    parser = Rows()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


def all_text(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.iterdir()))


def test_files_and_schema(register_dir: Path, doc: dict[str, Any]) -> None:
    names = {p.name for p in register_dir.iterdir()}
    assert set(DATA_FILES) | {"manifest.json", "SHA256SUMS"} <= names
    jsonschema.Draft202012Validator(load_schema()).validate(doc)
    published = (REPO / "docs" / "register-schema.json").read_bytes()
    assert published == (register_dir / "register-schema.json").read_bytes()
    assert doc["export_date"] == DATE.isoformat()
    assert doc["counts"]["sites"] == len(doc["sites"]) and doc["counts"]["sites_withheld"] >= 1


def test_schema_rejects_a_partly_disclosed_site_with_address(doc: dict[str, Any]) -> None:
    site = next(s for s in doc["sites"] if s["disclosure"] == "no_address")
    broken = {**doc, "sites": [{**site, "address": "Plot 9"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, load_schema())


def test_html_shows_every_subject_with_its_figures(register_dir: Path, doc: dict[str, Any]) -> None:
    rows = parse_html(register_dir / "index.html").tables
    assert set(rows["t-initiatives"]) == {f"i-{i['id']}" for i in doc["initiatives"]}
    assert set(rows["t-companies"]) == {f"c-{c['id']}" for c in doc["companies"]}
    assert set(rows["t-sites"]) == {f"s-{s['id']}" for s in doc["sites"]}
    for i in doc["initiatives"]:
        cells = rows["t-initiatives"][f"i-{i['id']}"]
        assert cells[0].startswith(i["name"])
        assert cells[-3:] == [
            f"{i['member_companies']:,}",
            f"{i['sites_covered']:,}",
            f"{i['workers_covered']:,}",
        ]
    for c in doc["companies"]:
        cells = rows["t-companies"][f"c-{c['id']}"]
        resp = c["responses"]
        assert cells[0].startswith(c["name"])
        assert cells[4] == str(resp["requests_sent"])
        assert cells[5].split()[0] == str(resp["answered"])
        if resp["due"]:
            assert f"{resp['answered_in_time']} of {resp['due']} due" in cells[5]
        if resp["commitments_made"]:
            assert cells[6] == (
                f"{resp['commitments_met']} of {resp['commitments_checked']} "
                f"{resp['commitments_made']} made"
            )
        else:
            assert cells[6] == "–"
    for s in doc["sites"]:
        cells = rows["t-sites"][f"s-{s['id']}"]
        assert cells[0].startswith(s["name"]) and cells[1] == s["country"]
        rem = s["remediation"]
        assert cells[6] == str(rem["findings_above_zero"])
        if rem["progress"] is not None:
            shown = f"{rem['progress']:.1f}".removesuffix(".0")
            assert cells[7].startswith(f"{shown} %")


def test_site_figures_match_the_records(demo: Demo, doc: dict[str, Any]) -> None:
    with demo.ws.session() as s:
        for site in doc["sites"][:8]:
            grades = s.execute(
                select(m.Finding.grade, m.Finding.remediation_status).where(
                    m.Finding.site_id == site["id"], m.Finding.grade > 0
                )
            ).all()
            rem = site["remediation"]
            assert rem["findings_above_zero"] == len(grades)
            verified = sum(1 for _, st in grades if st == "verified_remediated")
            assert rem["verified_remediated"] == verified
            if grades:
                assert rem["progress"] == round(100 * verified / len(grades), 1)
                assert rem["history"][-1] == {"date": DATE.isoformat(), "progress": rem["progress"]}
                assert [h["date"] for h in rem["history"]] == sorted(
                    h["date"] for h in rem["history"]
                )


def test_response_record_matches_the_log(demo: Demo, doc: dict[str, Any]) -> None:
    with demo.ws.session() as s:
        for company in doc["companies"]:
            log = (
                s.execute(
                    select(m.CompanyResponse).where(m.CompanyResponse.company_id == company["id"])
                )
                .scalars()
                .all()
            )
            resp = company["responses"]
            assert resp["requests_sent"] == len(log)
            assert resp["answered"] == sum(1 for r in log if r.answered_on)
            assert resp["commitments_made"] == sum(1 for r in log if r.commitments)
            due = [r for r in log if r.request_sent_on <= DATE - dt.timedelta(days=60)]
            assert resp["due"] == len(due)
            assert resp["commitments_met"] == sum(
                1 for r in due if r.commitments and r.commitment_met is True
            )


def test_disclosure_levels(demo: Demo, register_dir: Path, doc: dict[str, Any]) -> None:
    text = all_text(register_dir)
    ids = {s["id"] for s in doc["sites"]}
    with demo.ws.session() as s:
        sites = s.execute(select(m.Site)).scalars().all()
    withheld = [x for x in sites if x.disclosure == "withhold"]
    partial = [x for x in sites if x.disclosure == "no_address"]
    assert withheld and partial
    for site in withheld:
        assert site.id not in text and site.name not in text and site.id not in ids
    for site in partial:
        assert site.id in ids and site.name in text
        assert site.address and site.address not in text
        assert f"{site.latitude}" not in text
    by_id = {s["id"]: s for s in doc["sites"]}
    assert by_id[demo.ids["site_full"]]["address"] == "Plot 9, full Road, Faisalabad"
    assert by_id[demo.ids["site_no_address"]]["os_hub_id"] is None
    assert "PK2022101ABCDEF" not in text


def test_no_worker_statement_or_person_name_anywhere(register_dir: Path) -> None:
    text = all_text(register_dir)
    for secret in [*NOTE_TEXT.values(), PSEUDONYM, PERSON_NAME, *WORKER_STORIES, INTERNAL_TEXT]:
        assert secret not in text
    assert "kqz-5512" not in text and "Return the passports" not in text
    for name, _role in PERSONS:
        assert name not in text
    assert "Hotan prefecture" not in text


def test_csv_files_carry_the_json_data(register_dir: Path, doc: dict[str, Any]) -> None:
    def read(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((register_dir / name).read_text("utf-8"))))

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return "; ".join(value)
        if isinstance(value, float):
            return repr(value) if not value.is_integer() else str(int(value))
        return str(value)

    sites = {r["id"]: r for r in read("sites.csv")}
    assert list(sites) == [s["id"] for s in doc["sites"]]
    for s in doc["sites"]:
        row = sites[s["id"]]
        for key in (
            "name",
            "country",
            "region",
            "disclosure",
            "address",
            "latitude",
            "os_hub_id",
            "products",
            "initiatives",
            "companies",
            "workforce_size",
        ):
            assert row[key] == text(s[key]), key
        for key in ("findings_above_zero", "verified_remediated", "progress"):
            assert row[key] == text(s["remediation"][key]), key
    companies = {r["id"]: r for r in read("companies.csv")}
    assert list(companies) == [c["id"] for c in doc["companies"]]
    for c in doc["companies"]:
        for key, value in c["responses"].items():
            assert companies[c["id"]][key] == text(value)
    initiatives = read("initiatives.csv")
    assert [r["name"] for r in initiatives] == [i["name"] for i in doc["initiatives"]]
    history = read("site-remediation.csv")
    assert len(history) == sum(len(s["remediation"]["history"]) for s in doc["sites"])
    # Typed CSV cells validate against the schema's definitions too.
    schema = load_schema()
    site_schema = {**schema["$defs"]["site"], "$defs": schema["$defs"]}
    for row in sites.values():
        item = next(s for s in doc["sites"] if s["id"] == row["id"])
        jsonschema.validate(item, site_schema)


def test_two_exports_are_byte_identical(demo: Demo, tmp_path: Path, register_dir: Path) -> None:
    again = tmp_path / "again"
    export_register(demo.ws, again, export_date=DATE, sign=True)
    first = {p.name: p.read_bytes() for p in register_dir.iterdir()}
    second = {p.name: p.read_bytes() for p in again.iterdir()}
    assert first == second
    # Another date changes the recorded date, and nothing else of the static data.
    later = tmp_path / "later"
    export_register(demo.ws, later, export_date=DATE + dt.timedelta(days=1))
    assert (later / "register-schema.json").read_bytes() == first["register-schema.json"]
    assert (later / "register.json").read_bytes() != first["register.json"]


def test_export_replaces_a_register_but_not_other_folders(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "site"
    export_register(demo.ws, target, export_date=DATE)
    (target / "stale.txt").write_text("left from an old export")
    export_register(demo.ws, target, export_date=DATE)
    assert not (target / "stale.txt").exists() and (target / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folders left
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.docx").write_text("precious")
    with pytest.raises(AcesError, match="not empty"):
        export_register(demo.ws, other, export_date=DATE)
    assert (other / "thesis.docx").read_text() == "precious"


def test_manifest_and_signature_verify_with_independent_tools(register_dir: Path) -> None:
    assert verify_register(register_dir) == []
    sums = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=register_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert sums.returncode == 0, sums.stdout + sums.stderr
    manifest = json.loads((register_dir / "manifest.json").read_text("utf-8"))
    assert {f["path"] for f in manifest["files"]} == set(DATA_FILES)
    raw_sig = register_dir / "SHA256SUMS.sig"
    signed = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "signer.pem",
            "-rawin",
            "-in",
            "SHA256SUMS",
            "-sigfile",
            raw_sig.name,
        ],
        cwd=register_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert signed.returncode == 0 and "Signature Verified Successfully" in signed.stdout


def test_tampering_is_detected(register_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(register_dir, copy)
    page = copy / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Companies", b"Companeis", 1))
    assert verify_register(copy) == ["index.html: contents changed"]
    (copy / "SHA256SUMS").write_bytes((copy / "SHA256SUMS").read_bytes() + b"\n")
    assert any("signature" in p for p in verify_register(copy))


def test_cli_export_and_verify(demo: Demo, tmp_path: Path) -> None:
    import os
    import sys

    from tests.conftest import PASSPHRASE

    env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
    env.pop("ACES_DEBUG", None)

    def aces(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aces_desktop", "--workspace", str(demo.path), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    out = tmp_path / "reg"
    done = aces("register", "export", "--out", str(out), "--date", "2026-11-20", "--sign", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["signed"] and result["counts"]["sites_withheld"] >= 1
    assert set(result["files"]) >= set(DATA_FILES) | {"SHA256SUMS.sig", "signer.pem"}
    ok = aces("register", "verify", str(out))
    assert ok.returncode == 0 and "every file matches" in ok.stdout
    (out / "sites.csv").write_text("tampered")
    bad = aces("register", "verify", str(out))
    assert bad.returncode == 1 and "sites.csv: contents changed" in bad.stderr
    assert "Traceback" not in bad.stderr
    usage = aces("register", "export", "--out", str(out), "--date", "20 Nov")
    assert usage.returncode == 2


def test_empty_workspace_gives_an_empty_valid_register(coordinator: Any, tmp_path: Path) -> None:
    export_register(coordinator, tmp_path / "r", export_date=DATE)
    doc = json.loads((tmp_path / "r" / "register.json").read_text("utf-8"))
    jsonschema.validate(doc, load_schema())
    assert doc["initiatives"] == doc["companies"] == doc["sites"] == []
    assert parse_html(tmp_path / "r" / "index.html").tables == {
        "t-initiatives": {},
        "t-companies": {},
        "t-sites": {},
    }
    assert verify_register(tmp_path / "r") == []
