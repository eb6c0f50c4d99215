"""Record validation and normalisation (the rules shared by forms, imports and bundles)."""

from __future__ import annotations

import pytest

from aces_desktop.core import schema
from aces_desktop.core.errors import ValidationError
from aces_desktop.core.ids import is_uuid, new_id, uuid7_from, uuid7_time_ms
from aces_desktop.core.reference import reference


def test_normalisation_is_canonical() -> None:
    a = schema.normalize(
        "site", {"name": " Ｍill ", "country": "bd", "aliases": ["x", "x", " y "], "kind": "MILL"}
    )
    b = schema.normalize(
        "site",
        {"name": "Ｍill", "country": "BD", "aliases": ["x", "y"], "kind": "mill", "notes": "   "},
    )
    assert a == b
    assert a["disclosure"] == "withhold"  # the cautious default
    assert set(a) == set(schema.SITE.field_names())


@pytest.mark.parametrize(
    ("type_name", "data", "message"),
    [
        ("site", {"name": "X", "country": "China"}, "two-letter ISO 3166"),
        ("site", {"name": "X", "country": "CN", "latitude": 91, "longitude": 0}, "at most 90"),
        ("site", {"name": "X", "country": "CN", "latitude": 10}, "both latitude and longitude"),
        ("site", {"name": "X", "country": "CN", "os_hub_id": "CN123"}, "not an Open Supply Hub id"),
        ("site", {"name": "X", "country": "BD", "os_hub_id": "CN2019303BQ3FZP"}, "country is 'BD'"),
        ("site", {"name": "bad\x00name", "country": "CN"}, "control characters"),
        (
            "site",
            {"name": "X", "country": "CN", "latitude": float("nan"), "longitude": 1.0},
            "finite",
        ),
        (
            "finding",
            {"visit_id": new_id(), "site_id": new_id(), "indicator": "ILO-12"},
            "'ILO-12' is not one of",
        ),
        (
            "finding",
            {"visit_id": new_id(), "site_id": new_id(), "indicator": "ILO-01", "grade": True},
            "whole number",
        ),
        (
            "evidence",
            {
                "subject_type": "company",
                "subject_id": new_id(),
                "criterion": "C9",
                "source_type": "document",
                "evidence_date": "2026-01-01",
            },
            "unknown criterion",
        ),
        (
            "evidence",
            {
                "subject_type": "company",
                "subject_id": new_id(),
                "criterion": "C1",
                "source_type": "document",
                "evidence_date": "2026-01-01",
            },
            "level from 0 to 4",
        ),
        (
            "evidence",
            {
                "subject_type": "company",
                "subject_id": new_id(),
                "criterion": "C1",
                "level": 1,
                "source_type": "document",
                "evidence_date": "2026-02-30",
            },
            "not a date",
        ),
        (
            "evidence",
            {
                "subject_type": "company",
                "subject_id": new_id(),
                "criterion": "C1",
                "level": 1,
                "source_type": "document",
                "evidence_date": "2026-01-01",
                "facts": {"Bad Key": 1},
            },
            "lowercase",
        ),
        (
            "company",
            {"name": "X", "kind": "brand", "website": "javascript:alert(1)"},
            "web address",
        ),
        (
            "membership",
            {
                "initiative_id": new_id(),
                "company_id": new_id(),
                "since": "2025-01-01",
                "until": "2024-01-01",
            },
            "ends before it starts",
        ),
        ("worker_note", {"site_id": "not-an-id", "pseudonym": "W"}, "not a record id"),
        ("visit", {"site_id": new_id(), "start_date": "2026-01-01"}, "'method': is required"),
    ],
)
def test_invalid_values_are_named(type_name: str, data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        schema.normalize(type_name, data)


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(ValidationError) as err:
        schema.normalize("site", {"country": 5, "tier": "high", "colour": "red"}, record="sites[4]")
    fields = {p.field for p in err.value.problems}
    assert fields == {"colour", "name", "country", "tier"}
    assert all(p.record == "sites[4]" for p in err.value.problems)


def test_field_validation_for_forms() -> None:
    assert schema.validate_field("site", "name", "", {}) == "This field is required."
    assert schema.validate_field("site", "country", "cn", {}) is None
    message = schema.validate_field("site", "os_hub_id", "CN2019303BQ3FZP", {"country": "VN"})
    assert message and message.startswith("Starts with 'CN'")


def test_worker_notes_default_to_the_device_only_scope() -> None:
    note = schema.normalize("worker_note", {"site_id": new_id(), "pseudonym": "W-1"})
    assert note["consent_scope"] == "device"
    assert not schema.is_shared("worker_note", note)
    assert schema.WORKER_NOTE.sensitive


def test_reference_data_has_every_indicator_in_three_languages() -> None:
    ref = reference()
    assert len(ref.indicators_in("ILO")) == 11
    assert {i.element for i in ref.indicators_in("ILO")} == {
        "involuntariness",
        "penalty",
        "context",
    }
    assert (
        len(ref.indicators_in("SIL")) == 2 and ref.indicators_in("DW") and ref.indicators_in("ENV")
    )
    for indicator in ref.indicators.values():
        assert indicator.en and indicator.zh and indicator.zh != indicator.en
        assert indicator.ug and indicator.name("ug") == indicator.ug != indicator.en
    for source in ref.source_types.values():
        assert source.name("ug") != source.en
    assert list(ref.source_types) == [
        "direct_observation",
        "document",
        "testimony_corroborated",
        "testimony_single",
        "public_report",
        "own_claim",
    ]


def test_uuid7_ids_are_time_ordered() -> None:
    ids = [new_id() for _ in range(2000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(is_uuid(i) for i in ids)
    fixed = uuid7_from(1_700_000_000_000, bytes(range(10)))
    assert fixed[14] == "7" and uuid7_time_ms(fixed) == 1_700_000_000_000
