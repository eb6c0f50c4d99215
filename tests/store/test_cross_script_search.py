"""Search across scripts: a site named in Latin, Chinese or Uyghur script is found from any
of them (transliteration keys in the FTS index), also in a workspace upgraded from the
revision before the keys existed (migration 0007 back-fills them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from aces_desktop.core.transliterate import latin_forms, same_name_key, search_keys
from aces_desktop.store import migrations
from aces_desktop.store.search import search
from aces_desktop.store.workspace import Workspace
from tests.helpers import add

NAMES = {
    "latin": "Aksu Huafu Textiles",
    "chinese": "新疆阿克苏华孚纺织有限公司",
    "uyghur": "ئاقسۇ خۇافۇ توقۇمىچىلىق زاۋۇتى",
}
QUERIES = ("Aksu", "akesu", "阿克苏", "ئاقسۇ", "ﺋﺎﻗﺴﯘ")  # the last in presentation forms


@pytest.mark.parametrize(
    ("text", "latin", "skeleton"),
    [
        ("Aksu", "aksu", "aks"),
        ("akesu", "akesu", "aks"),
        ("阿克苏", "akesu", "aks"),
        ("ئاقسۇ", "aqsu", "aks"),
        ("ﺋﺎﻗﺴﯘ", "aqsu", "aks"),
        ("ئۈرۈمچى", "urumchi", "urmch"),
        ("Ürümchi", "urumchi", "urmch"),
        ("قەشقەر", "qeshqer", "kshkr"),
    ],
)
def test_latin_forms(text: str, latin: str, skeleton: str) -> None:
    assert latin_forms(text) == (latin, skeleton)


def test_a_place_inside_a_longer_chinese_name_keeps_its_skeleton() -> None:
    assert "aks" in latin_forms("新疆阿克苏纺织")[1]
    assert search_keys("Plain") == ["pln"]
    assert same_name_key("阿克苏") == same_name_key("ئاقسۇ") == same_name_key("Aksu")


def _sites(ws: Workspace) -> dict[str, str]:
    return {script: add(ws, "site", name=name, country="CN") for script, name in NAMES.items()}


@pytest.mark.parametrize("query", QUERIES)
def test_every_spelling_finds_the_site_in_every_script(workspace: Workspace, query: str) -> None:
    ids = _sites(workspace)
    add(workspace, "site", name="Baiyun Garments", country="CN")
    with workspace.session() as s:
        found = {h.record_id for h in search(s, query, ["site"])}
    assert found == set(ids.values())


def test_unrelated_names_are_not_found(workspace: Workspace) -> None:
    _sites(workspace)
    with workspace.session() as s:
        assert search(s, "Kashgar", ["site"]) == []
        assert search(s, "乌鲁木齐", ["site"]) == []


def test_upgrade_from_0006_back_fills_the_keys(workspace: Workspace, passphrase: str) -> None:
    ids = _sites(workspace)
    with workspace.engine.begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "0007_publications")
    with workspace.session() as s:  # the previous revision: no keys, no cross-script hits
        assert {h.record_id for h in search(s, "Aksu", ["site"])} == {ids["latin"]}
    path = workspace.path
    workspace.close()
    with Workspace.open(path, passphrase) as ws:
        assert ws.backup_taken is not None
        assert ws.schema_version() == migrations.head_revision()
        with ws.session() as s:
            for query in QUERIES:
                assert {h.record_id for h in search(s, query, ["site"])} == set(ids.values())


def test_migration_round_trip_is_stable(workspace: Workspace) -> None:
    _sites(workspace)
    with workspace.engine.begin() as conn:
        before = conn.exec_driver_sql("SELECT search_text FROM sites ORDER BY id").all()
        command.downgrade(migrations.alembic_config(conn), "0007_publications")
        command.upgrade(migrations.alembic_config(conn), "head")
        after = conn.exec_driver_sql("SELECT search_text FROM sites ORDER BY id").all()
    assert before == after


def test_cli_search(workspace: Workspace, passphrase: str, tmp_path: Path) -> None:
    import json

    from tests.helpers import run_aces

    ids = _sites(workspace)
    path = str(workspace.path)
    workspace.close()
    env = {"ACES_PASSPHRASE": passphrase}
    out = run_aces("--workspace", path, "search", "阿克苏", "--type", "site", "--json", env=env)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)["hits"]
    assert {h["id"] for h in hits} == set(ids.values())
    assert {h["type"] for h in hits} == {"site"}
    text = run_aces("--workspace", path, "search", "Aksu", env=env)
    assert text.returncode == 0 and NAMES["uyghur"] in text.stdout
    none = run_aces("--workspace", path, "search", "zzzz-nothing", env=env)
    assert none.returncode == 0 and "No records" in none.stdout
