"""Hostile import files and CLI options: each is refused by name (file, place, problem) with
exit 1 (2 for wrong usage), no traceback, and the workspace unchanged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from aces_desktop.core import schema
from aces_desktop.core.errors import ValidationError
from aces_desktop.store.importer import MAX_FILE_BYTES
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import run_aces, small_world

SITE_ID = "0190c0de-0000-7000-8000-0000000000a1"
ENV = {"ACES_PASSPHRASE": PASSPHRASE}


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="Hostile")
    small_world(ws)
    ws.close()
    return path


def aces(ws_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_aces("--workspace", str(ws_path), *args, env=ENV)


def state(ws_path: Path) -> tuple[str, dict[str, int]]:
    info = aces(ws_path, "info", "--json")
    assert info.returncode == 0, info.stderr
    doc = json.loads(info.stdout)
    return doc["state_hash"], doc["counts"]


def assert_refused(run: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert "internal error" not in run.stderr
    for fragment in fragments:
        assert fragment in run.stderr, run.stderr


def doc(*sites: dict[str, object]) -> str:
    return json.dumps({"format": "aces-import", "version": 1, "sites": list(sites)})


def site(**fields: object) -> dict[str, object]:
    return {"name": "Hostile Textile Co.", "country": "CN", **fields}


DEEP = '{"format": "aces-import", "version": 1, "sites": ' + "[" * 100_000 + "]" * 100_000 + "}"
HUGE_NUMBER = doc(site()).replace('"country"', '"workforce_size": ' + "9" * 5000 + ', "country"')

CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "50 MB string": (
        "big.json",
        doc(site(name="x" * 50_000_000)),
        ("sites[0]", "field 'name'", "50000000 characters long; the limit is 300"),
    ),
    "nested 100,000 deep": (
        "deep.json",
        DEEP,
        ("deep.json", "nested more than 32 levels deep", "line 1, column"),
    ),
    "5,000-digit number": (
        "number.json",
        HUGE_NUMBER,
        ("number.json", "a number of 5000 characters", "line 1, column"),
    ),
    "NaN": (
        "nan.json",
        doc(site()).replace('"country"', '"latitude": NaN, "country"'),
        ("nan.json is not valid JSON", "NaN"),
    ),
    "duplicate key": (
        "dupkey.json",
        '{"format": "aces-import", "version": 1,\n"sites": [{"name": "A", "name": "B"}]}',
        ("dupkey.json", 'the key "name" appears twice', "line 2"),
    ),
    "duplicate key in escapes": (
        "escaped.json",
        '{"format": "aces-import", "version": 1, "sites": [{"name": "A", "\\u006eame": "B"}]}',
        ("escaped.json", 'the key "name" appears twice'),
    ),
    "same id twice": (
        "dupid.json",
        doc(site(id=SITE_ID), site(id=SITE_ID, name="Other")),
        ("sites[1]", "field 'id'", f"'{SITE_ID}' is used by sites[0] too"),
    ),
    "column twice": (
        "dup.csv",
        "name,name,country\nA,B,CN\n",
        ("dup.csv", "line 1", "name more than once"),
    ),
    "number with underscores": (
        "under.csv",
        "name,country,workforce_size\nA,CN,1_000_000\n",
        ("under.csv line 2", "field 'workforce_size'", "'1_000_000' is not a number"),
    ),
    "number in other digits": (
        "digits.csv",
        "name,country,workforce_size\nA,CN,١٢٠\n",
        ("digits.csv line 2", "is not a number"),
    ),
    "nan in a CSV": (
        "nan.csv",
        "name,country,latitude\nA,CN,nan\n",
        ("nan.csv line 2", "field 'latitude'", "'nan' is not a number"),
    ),
    "oversized CSV cell": (
        "cell.csv",
        "name,country\n" + "x" * 300_000 + ",CN\n",
        ("cell.csv: line 2", "field larger than field limit"),
    ),
    "right-to-left override in a name": (
        "rlo.json",
        doc(site(name="Safe Co\u202eoc efaS")),
        ("sites[0]", "field 'name'", "U+202E", "RIGHT-TO-LEFT OVERRIDE"),
    ),
    "zero-width space in a name": (
        "zwsp.json",
        doc(site(name="Hengrun\u200bTextile")),
        ("field 'name'", "U+200B", "ZERO WIDTH SPACE"),
    ),
    "byte order mark inside a region": (
        "bom.json",
        doc(site(region="Xin\ufeffjiang")),
        ("field 'region'", "U+FEFF"),
    ),
    "isolate in an alternative name": (
        "isolate.json",
        doc(site(other_names=[{"text": "\u2067Kashgar\u2069", "lang": "en"}])),
        ("field 'other_names'", "U+2067"),
    ),
    "override in a narrative": (
        "narrative.json",
        doc(site(notes="line one\n\u202dline two")),
        ("field 'notes'", "U+202D"),
    ),
    "year 1": (
        "year.json",
        json.dumps(
            {
                "format": "aces-import",
                "version": 1,
                "sites": [site(ref="s")],
                "visits": [{"site_id": "s", "start_date": "0001-01-01", "method": "announced"}],
            }
        ),
        ("visits[0]", "field 'start_date'", "0001-01-01 is out of range"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_import_is_refused_and_changes_nothing(
    case: str, ws_path: Path, tmp_path: Path
) -> None:
    name, text, fragments = CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = state(ws_path)
    assert_refused(aces(ws_path, "import", str(path)), 1, *fragments)
    assert state(ws_path) == before


def test_oversized_file_is_refused_before_reading(ws_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: nothing is really written
        handle.truncate(MAX_FILE_BYTES + 1)
    before = state(ws_path)
    assert_refused(aces(ws_path, "import", str(path)), 1, "huge.json", "limited to 200 MB")
    assert state(ws_path) == before


OPTION_CASES = {
    "score before 1970": (("score", "--as-of", "0001-01-01"), "'--as-of'", "out of range"),
    # Not a date at all: wrong usage (exit 2), as for any malformed option value.
    "score not a day": (("score", "--as-of", "2026-02-30"), "'--as-of'", "not a date"),
    "score compact form": (("score", "--as-of", "20261129"), "'--as-of'", "not a date"),
    "register in 9999": (
        ("register", "export", "--date", "9999-12-31", "--out", "{tmp}/reg"),
        "'--date'",
        "out of range",
    ),
    "export scores in 9999": (
        ("export", "--scores", "--as-of", "9999-12-31", "--out", "{tmp}/s.csv"),
        "'--as-of'",
        "out of range",
    ),
    "report as of year 1": (
        ("report", "--all", "--as-of", "0001-01-01", "--out", "{tmp}/cards"),
        "'--as-of'",
        "out of range",
    ),
}


@pytest.mark.parametrize("case", sorted(OPTION_CASES))
def test_bad_dates_are_refused_naming_the_option(case: str, ws_path: Path, tmp_path: Path) -> None:
    args, option, problem = OPTION_CASES[case]
    before = state(ws_path)
    run = aces(ws_path, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert_refused(run, 2 if problem == "not a date" else 1, option, problem)
    assert state(ws_path) == before
    assert list(tmp_path.iterdir()) == []


def test_joiners_needed_by_real_scripts_are_kept() -> None:
    """ZWNJ (Persian, Uyghur, Indic) and ZWJ (emoji, Indic) are part of how words are spelt."""
    persian = "می\u200cخواهم"
    content = schema.normalize("site", {"name": persian, "country": "IR"})
    assert content["name"] == persian
    family = "Workers \U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert schema.normalize("company", {"name": family, "kind": "brand"})["name"] == family


def test_the_same_rule_applies_to_forms_and_facts() -> None:
    """schema is the one gate of GUI forms (validate_field), import and sync (normalize)."""
    with pytest.raises(ValidationError, match="U\\+202E"):
        schema.normalize("site", {"name": "A\u202eB", "country": "CN"})
    form_message = schema.validate_field("site", "name", "A\u2060B", {})
    assert form_message is not None and "U+2060" in form_message
    fact_message = schema.validate_field("evidence", "facts", {"owner": "A\u202eB"}, {})
    assert fact_message is not None and "'owner'" in fact_message and "U+202E" in fact_message
