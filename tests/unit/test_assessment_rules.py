"""Evidence facts read by their kind, and evidence checked against the rubric (pure)."""

from __future__ import annotations

import pytest

from aces_desktop.core.assessment import FactKind, evidence_problems, fact_kinds, parse_fact
from aces_desktop.core.rubric import default_rubric

RUBRIC = default_rubric()


def test_the_facts_are_those_the_scoring_rules_read() -> None:
    assert fact_kinds(RUBRIC) == {
        "board_approved": FactKind.YES_NO,
        "initiative_id": FactKind.RECORD_ID,
        "published": FactKind.YES_NO,
        "region": FactKind.TEXT,
        "signed": FactKind.YES_NO,
        "workers_covered": FactKind.NUMBER,
        "workforce_share_percent": FactKind.NUMBER,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("workers_covered=150000", ("workers_covered", 150000)),
        ("workers_covered = 0", ("workers_covered", 0)),
        ("workforce_share_percent=12.5", ("workforce_share_percent", 12.5)),
        ("signed=TRUE", ("signed", True)),
        ("published=false", ("published", False)),
        ("region=Xinjiang = East", ("region", "Xinjiang = East")),
        (
            "initiative_id=01900000-0000-7000-8000-00000000000A",
            ("initiative_id", "01900000-0000-7000-8000-00000000000a"),
        ),
    ],
)
def test_facts_are_read_by_their_kind(text: str, expected: tuple[str, object]) -> None:
    key, value = parse_fact(text, RUBRIC)
    assert (key, value) == expected
    assert type(value) is type(expected[1])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("workers_covered=1_000", "plain decimal"),
        ("workers_covered=1,000", "plain decimal"),
        ("workers_covered=1e5", "plain decimal"),
        ("workers_covered=inf", "plain decimal"),
        ("workers_covered=", "plain decimal"),
        ("signed=yes", "true or false"),
        ("initiative_id=GSA", "record id"),
        ("region=", "must not be empty"),
        ("workers", "KEY=VALUE"),
        ("=5", "KEY=VALUE"),
        ("employees=5", "unknown fact 'employees'"),
    ],
)
def test_facts_that_cannot_be_read_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_fact(text, RUBRIC)


def test_evidence_the_rubric_cannot_use_is_named() -> None:
    assert evidence_problems(RUBRIC, "initiative", "A5", 4) == []
    assert evidence_problems(RUBRIC, "company", "LEGAL_STATEMENT", None) == []
    assert evidence_problems(RUBRIC, "company", "LEGAL_STATEMENT", 4) == []
    (wrong_subject,) = evidence_problems(RUBRIC, "company", "A5", 4)
    assert wrong_subject.field == "criterion" and "rates initiatives" in wrong_subject.message
    (unknown,) = evidence_problems(RUBRIC, "company", "X1", 1)
    assert unknown.field == "criterion" and unknown.message.endswith("C7, LEGAL_STATEMENT")
    (level,) = evidence_problems(RUBRIC, "company", "LEGAL_STATEMENT", 3)
    assert level.field == "level" and "levels 0, 4" in level.message
