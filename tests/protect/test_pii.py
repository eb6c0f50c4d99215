"""Detection of names, phone numbers and ID-document numbers in English and Chinese, and the
hold on notes that contain them."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core import pii, redaction, schema
from aces_desktop.core.ids import new_id
from aces_desktop.demo_data import FINDING_NOTES, WORKER_STORIES
from aces_desktop.store import pii_ack
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import SECRET_NOTE, add


def found(text: str) -> list[tuple[str, str]]:
    return [(s.text(text), s.kind) for s in pii.detect(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is Aynur Tohti.", [("Aynur Tohti", "name")]),
        ("Mr. Ahmed Khan took our papers", [("Ahmed Khan", "name")]),
        ("Ms Li said nothing", [("Li", "name")]),
        ("the supervisor Zhang Wei shouts", [("Zhang Wei", "name")]),
        ("a woman called Gulnar", [("Gulnar", "name")]),
        ("她叫王小明", [("王小明", "name")]),
        ("我名叫阿依古丽", [("阿依古丽", "name")]),
        ("名字是李娜。", [("李娜", "name")]),
        ("他姓张，", [("张", "name")]),
        ("王经理收走了护照", [("王经理", "name")]),
        ("call me on 138 1234 5678", [("138 1234 5678", "phone")]),
        ("手机13812345678", [("13812345678", "phone")]),
        ("+86 139-1234-5678 is his", [("+86 139-1234-5678", "phone")]),
        ("London office +44 20 7946 0958", [("+44 20 7946 0958", "phone")]),
        ("WhatsApp: 0300 555 0199", [("0300 555 0199", "phone")]),
        ("身份证号11010519491231002X", [("11010519491231002X", "id_number")]),
        ("ID 110105 1949 1231 002X held", [("110105 1949 1231 002X", "id_number")]),
        ("passport E12345678 kept", [("E12345678", "id_number")]),
        ("护照号码：EA1234567", [("EA1234567", "id_number")]),
        ("Passport no. K4471223", [("K4471223", "id_number")]),
        ("工号 A20931", [("A20931", "id_number")]),
        ("account 6222021234567890123", [("6222021234567890123", "id_number")]),
        ("座机0991-2345678", [("0991-2345678", "phone")]),
        ("his brother in Berlin, +49 30 901820, after dark", [("+49 30 901820", "phone")]),
        ("the agent in Tashkent +998 71 123 45 67", [("+998 71 123 45 67", "phone")]),
        ("the agent, 0086 138 1234 5678", [("0086 138 1234 5678", "phone")]),
        ("her name's Gulnar", [("Gulnar", "name")]),
        ("联系人：李四", [("李四", "name")]),
        ("老板叫马强", [("马强", "name")]),
    ],
)
def test_detects(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_spans_are_ordered_offsets_into_the_text() -> None:
    text = (
        "Her name is Mehray Ablet, phone +86 138 0013 8000, 身份证 11010519491231002X；她叫王芳。"
    )
    spans = pii.detect(text)
    assert [s.kind for s in spans] == ["name", "phone", "id_number", "name"]
    assert [s.text(text) for s in spans] == [
        "Mehray Ablet",
        "+86 138 0013 8000",
        "11010519491231002X",
        "王芳",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert pii.mask(text) == "Her name is [name], phone [phone], 身份证 [id number]；她叫[name]。"


@pytest.mark.parametrize(
    "text",
    [
        "I am Uyghur and came in March",
        "叫我们加班到晚上十点",  # 叫 as a verb
        "老百姓都知道",
        "Worker K-17 works 12-hour shifts for 4,000 a month",
        "ID cards of transferred workers held by the dormitory manager.",
        "Indicator ILO-07, site CN2021044AB12CD, 2026-09-01",
    ],
)
def test_no_false_alarm(text: str) -> None:
    assert pii.detect(text) == []


def test_demo_and_fixture_texts_are_clean() -> None:
    """Synthetic data must not be held back by false alarms."""
    texts = [*WORKER_STORIES, SECRET_NOTE, *(t for v in FINDING_NOTES.values() for t in v)]
    assert {t: found(t) for t in texts if found(t)} == {}


def test_chinese_id_checksum() -> None:
    assert pii.chinese_id_valid("11010519491231002X")
    assert pii.chinese_id_valid("110105194912310021") is False


def note(scope: str, narrative: str) -> dict[str, Any]:
    return schema.normalize(
        "worker_note",
        {"site_id": new_id(), "pseudonym": "W-1", "consent_scope": scope, "narrative": narrative},
    )


def test_policy_holds_notes_with_pii_until_acknowledged() -> None:
    content = note("public_anonymised", "The foreman Ma Jun keeps passport E12345678.")
    for path in redaction.EXIT_PATHS:
        assert not redaction.may_leave("worker_note", content, path)
        assert redaction.redact("worker_note", content, path) is None
    assert redaction.may_leave("worker_note", content, "bundle", pii_acknowledged=True)
    whole = redaction.redact("worker_note", content, "bundle", pii_acknowledged=True)
    assert whole is not None and "Ma Jun" in whole["narrative"]  # encrypted to the coordinator
    public = redaction.redact("worker_note", content, "register", pii_acknowledged=True)
    assert public is not None
    assert public["narrative"] == "The foreman [name] keeps passport [id number]."
    # Acknowledging never widens the consent scope, and logs stay closed.
    device = note("device", "The foreman Ma Jun")
    assert not redaction.may_leave("worker_note", device, "bundle", pii_acknowledged=True)
    assert not redaction.may_leave("worker_note", content, "log", pii_acknowledged=True)


def test_acknowledgement_is_bound_to_the_text(workspace: Workspace) -> None:
    site = add(workspace, "site", name="Mill", country="CN")
    note_id = add(
        workspace,
        "worker_note",
        site_id=site,
        pseudonym="W-2",
        consent_scope="coordinator",
        narrative="She is called Aynur, phone 13912345678.",
    )
    clean = add(
        workspace,
        "worker_note",
        site_id=site,
        pseudonym="W-3",
        consent_scope="coordinator",
        narrative="Overtime is compulsory.",
    )
    with workspace.session() as s:
        _, content = workspace.records.get(s, note_id)
        assert [h.record_id for h in pii_ack.held_notes(s)] == [note_id]
        assert not pii_ack.may_leave(s, "worker_note", note_id, content, "bundle")
        _, clean_content = workspace.records.get(s, clean)
        assert pii_ack.may_leave(s, "worker_note", clean, clean_content, "bundle")
        pii_ack.acknowledge(s, "worker_note", note_id, content)
    with workspace.session() as s:
        assert pii_ack.may_leave(s, "worker_note", note_id, content, "bundle")
        assert pii_ack.held_notes(s) == []
        workspace.records.put(
            s, "worker_note", {**content, "narrative": content["narrative"] + " 她叫王芳"}, note_id
        )
    with workspace.session() as s:
        _, edited = workspace.records.get(s, note_id)
        assert not pii_ack.may_leave(s, "worker_note", note_id, edited, "bundle")
        assert [h.record_id for h in pii_ack.held_notes(s)] == [note_id]


def test_acknowledgement_survives_reopening(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "w", PASSPHRASE, role="field", name="t")
    site = add(ws, "site", name="Mill", country="CN")
    nid = add(
        ws,
        "worker_note",
        site_id=site,
        pseudonym="W",
        consent_scope="coordinator",
        narrative="Mr. Chen",
    )
    with ws.session() as s:
        pii_ack.acknowledge(s, "worker_note", nid, ws.records.get(s, nid)[1])
    ws.close()
    with Workspace.open(tmp_path / "w", PASSPHRASE) as ws2, ws2.session() as s:
        assert pii_ack.is_acknowledged(s, "worker_note", nid, ws2.records.get(s, nid)[1])


def test_public_paths_mask_free_text_of_every_record_type() -> None:
    finding = schema.normalize(
        "finding",
        {
            "visit_id": new_id(),
            "site_id": new_id(),
            "indicator": "ILO-07",
            "grade": 3,
            "source_type": "testimony_single",
            "narrative": "Passports kept by Mr. Ahmed Khan, call +44 20 7946 0958",
        },
    )
    for path in ("pdf", "register", "export"):
        out = redaction.redact("finding", finding, path)
        assert out is not None
        assert out["narrative"] == "Passports kept by Mr. [name], call [phone]"
    whole = redaction.redact("finding", finding, "bundle")
    assert whole is not None and whole["narrative"] == finding["narrative"]
