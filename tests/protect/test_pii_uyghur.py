"""Uyghur notes: the personal-data warning knows Uyghur name and ID cues, and Uyghur text
(with the joiners some words need) is accepted in every text field."""

from __future__ import annotations

import pytest

from aces_desktop.core import schema
from aces_desktop.core.ids import new_id
from tests.protect.test_pii import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "her name is Aygül Tursun, 25 years old"
        ("ئۇنىڭ ئىسمى ئايگۈل تۇرسۇن، 25 ياشتا.", [("ئايگۈل تۇرسۇن", "name")]),
        ("ئىسىم-فامىلىسى: مەمەتجان ئابدۇللا", [("مەمەتجان ئابدۇللا", "name")]),
        # "a worker named Ehmet ran away"
        ("ئەخمەت ئاتلىق ئىشچى قېچىپ كەتتى", [("ئەخمەت", "name")]),
        ("پاتىگۈل دېگەن قىز", [("پاتىگۈل", "name")]),
        # "supervisor Memet (chief) beat us"
        ("نازارەتچى مەمەت باشلىق بىزنى ئۇردى", [("مەمەت", "name")]),
        ("ئابلىمىت ئەپەندى كەلدى", [("ئابلىمىت", "name")]),
        # identity card / passport / work numbers
        ("كىملىك نومۇرى: 653101199001011237", [("653101199001011237", "id_number")]),
        ("پاسپورت E12345678", [("E12345678", "id_number")]),
        ("خىزمەت نومۇرى 20231145", [("20231145", "id_number")]),
        ("تېلېفون نومۇرى 13912345678", [("13912345678", "phone")]),
        ("ئۈندىدار: 139 1234 5678", [("139 1234 5678", "phone")]),
    ],
)
def test_uyghur_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ئۇنىڭ ئىسمى يوق",  # "he has no name (given)"
        "ئىشچىلار ئۇيغۇر رايونىدىن يۆتكەلگەن",  # workers moved from the Uyghur Region
        "كىملىك كارتىسى ياتاق باشقۇرغۇچىسىدا ساقلىنىدۇ",  # ID cards kept by the dorm manager
        "2024-يىلى 350 ئىشچى",
    ],
)
def test_uyghur_text_without_personal_data(text: str) -> None:
    assert found(text) == []


UYGHUR = "ئاقسۇ يىپەك توقۇمىچىلىق زاۋۇتى"


def test_uyghur_is_accepted_in_every_text_field() -> None:
    site = schema.normalize(
        "site",
        {
            "name": UYGHUR,
            "other_names": [{"text": "ﺋﺎﻗﺴﯘ", "lang": "ug"}],  # presentation forms too
            "aliases": ["ئاقسۇ\u200cزاۋۇت"],  # a zero-width non-joiner inside a word
            "country": "CN",
            "region": "ئاقسۇ ۋىلايىتى",
            "address": "ئاقسۇ شەھىرى، يېڭى يول 12-نومۇر",
            "notes": "ئىككى قۇرلۇق\nئىزاھات",
        },
    )
    assert site["name"] == UYGHUR and "\u200c" in site["aliases"][0]
    note = schema.normalize(
        "worker_note",
        {"site_id": new_id(), "pseudonym": "ئىشچى K-17", "narrative": "ئۇلار بىزنى قورقۇتتى"},
    )
    assert note["pseudonym"] == "ئىشچى K-17"
    for type_name, f in (("site", "name"), ("company", "name"), ("worker_note", "narrative")):
        assert schema.validate_field(type_name, f, UYGHUR, {}) is None
    # Bidirectional overrides stay refused: they can make a name read as another.
    assert schema.validate_field("site", "name", "\u202eئاقسۇ", {}) is not None
