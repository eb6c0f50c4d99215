"""``schema.is_canonical`` (the merge's quick test of content) never vouches for content
that ``schema.normalize`` would change or refuse; it recognises canonical content."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aces_desktop.core import schema
from aces_desktop.core.errors import ValidationError
from aces_desktop.core.reference import indicator_codes

U1 = "01900000-0000-7000-8000-000000000001"
U2 = "01900000-0000-7000-8000-000000000002"
SHA = "ab" * 32

# One record of each type, as a form or an import would give it (normalised below).
SAMPLES: dict[str, dict[str, Any]] = {
    "site": {
        "name": "Aksu Cotton Mill",
        "other_names": [{"text": "阿克苏棉纺厂", "lang": "zh"}],
        "aliases": ["ACM"],
        "kind": "mill",
        "country": "CN",
        "region": "Xinjiang",
        "address": "1 Road\nAksu",
        "latitude": 41.2,
        "longitude": 80.3,
        "products": ["yarn", "cotton"],
        "workforce_size": 900,
        "tier": 2,
        "disclosure": "full",
        "notes": "Visited twice.",
    },
    "company": {
        "name": "Brand Co",
        "kind": "brand",
        "country": "GB",
        "website": "https://b.example",
    },
    "company_site": {
        "company_id": U1,
        "site_id": U2,
        "relation": "sources_from",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
    },
    "initiative": {"name": "Better Cotton", "acronym": "BC", "countries": ["CN", "IN"]},
    "membership": {"initiative_id": U1, "company_id": U2, "since": "2020-05-01"},
    "coverage": {"initiative_id": U1, "site_id": U2, "workers_covered": 12},
    "person": {"name": "A. Auditor", "role": "auditor"},
    "visit": {
        "site_id": U1,
        "start_date": "2025-03-01",
        "method": "unannounced",
        "team": [U2, U1],
        "summary": "Gate log.",
    },
    "finding": {
        "visit_id": U1,
        "site_id": U2,
        "indicator": indicator_codes()[0],
        "grade": 2,
        "confidence": "high",
        "narrative": "Passports kept by the employer.",
        "observed_on": "2025-03-01",
    },
    "worker_note": {
        "site_id": U1,
        "pseudonym": "W-7",
        "consent_scope": "coordinator",
        "age_band": "18_25",
        "narrative": "Works 12 hours.\tNo days off.",
    },
    "company_response": {
        "company_id": U1,
        "request_sent_on": "2025-01-01",
        "subject": "Transfers",
        "commitment_met": True,
    },
    "evidence": {
        "subject_type": "company",
        "subject_id": U1,
        "criterion": "T1",
        "level": 2,
        "source_type": "document",
        "evidence_date": "2025-01-01",
        "facts": {"share": 0.4, "named": "yes", "count": 3, "ok": True, "none": None},
    },
    "attachment": {
        "owner_type": "visit",
        "owner_id": U1,
        "sha256": SHA,
        "media_type": "image/png",
        "size": 10,
        "consent_scope": "coordinator",
    },
    "amendment": {"target_type": "finding", "target_id": U1, "reason": "Typo in the grade."},
    "publication": {
        "subject_type": "company",
        "subject_id": U1,
        "ready": True,
        "decided_at": "2026-01-01T00:00:00Z",
    },
}

# Values a forger might put in any field: wrong types, text to normalise, hidden
# characters, limits, near-canonical variants of every kind.
HOSTILE: list[Any] = [
    None, "", " ", "x", " x", "x\n", "X", "cn", "CN", "Cn", "e\u0301", "é", "a\nb", "a\tb",
    "a\rb", "a\x7fb", "a\x00b", "a\u202eb", "a\u200bb", "a\u200cb", "a\u2028b", "a\u00adb",
    "x" * 15, "x" * 16, "x" * 30, "x" * 31, "x" * 100, "x" * 101, "x" * 300, "x" * 301,
    "x" * 2000, "x" * 2001, "x" * 20000, "x" * 20001,
    0, 1, -1, 2, 3, 4, 9, 10, 90, 91, -91, 180, 181, 10_000_000, 10_000_001, 2**40, 2**40 + 1,
    0.0, -0.0, 1.0, 1.5, 41.2, 90.0, 90.5, float("nan"), float("inf"), float("-inf"), 10**30,
    True, False,
    [], [None], [""], [" "], ["a"], ["a", "a"], ["b", "a"], [" a"], ["A"], ["x" * 301], [1],
    [U1], [U2, U1], [U1, U2], [U1, U1], [U1.upper()], [U1 + "\n"], [" " + U1],
    U1, U1.upper(), U1 + "\n", " " + U1, U1[:-1], U1.replace("-", ""),
    {}, {"a": 1}, {"A": 1}, {"a": "x "}, {"a": [1]}, {"a": float("nan")}, {"a": "\u202e"},
    [{"text": "x", "lang": ""}], [{"text": "x", "lang": "en"}], [{"text": "x"}],
    [{"text": "x", "lang": None}], [{"text": "x", "lang": "en\n"}], [{"text": " x", "lang": ""}],
    [{"text": "", "lang": ""}], [{"text": "x", "lang": "", "extra": 1}], [{"lang": "en"}], ["x"],
    "2024-01-01", "2024-1-1", "2024-01-01 ", " 2024-01-01", "2024-01-01T00:00", "1899-12-31",
    "1900-01-01", "2199-12-31", "2200-01-01", "2024-W01-1", "20240101", "2024-02-30",
    "0999-01-01", "2024-12-31",
    SHA, SHA.upper(), SHA[:-1], SHA + "\n",
    "https://x.example", "http://x .example", "ftp://x", "javascript:alert(1)",
    "T1", "t1", "LEGAL_STATEMENT", "X9", "AB1234567ABCDEF", "CN1234567ABCDEF",
    "2026-01-01T00:00:00Z",
]  # fmt: skip


def _choices() -> list[str]:
    out: list[str] = []
    for rt in schema.RECORD_TYPES.values():
        for f in rt.fields:
            for choice in f.allowed():
                out += [choice, choice.upper(), choice.lower(), f" {choice}", choice.title()]
    return out


def _agrees(type_name: str, content: Any) -> bool:
    """The property: when ``is_canonical`` says yes, ``normalize`` returns the content as
    it is. Returns the quick answer."""
    quick = schema.is_canonical(type_name, content)
    if quick:
        assert schema.normalize(type_name, content) == content, (type_name, content)
    return quick


@pytest.fixture(scope="module")
def canonical() -> dict[str, dict[str, Any]]:
    return {t: schema.normalize(t, data) for t, data in SAMPLES.items()}


def test_every_record_type_has_a_sample() -> None:
    assert set(SAMPLES) == set(schema.RECORD_TYPES)


def test_canonical_content_is_recognised(canonical: dict[str, dict[str, Any]]) -> None:
    for type_name, content in canonical.items():
        assert schema.is_canonical(type_name, content), type_name
        assert _agrees(type_name, dict(content))


def test_no_hostile_value_in_any_field_is_vouched_for_wrongly(
    canonical: dict[str, dict[str, Any]],
) -> None:
    values = HOSTILE + _choices()
    vouched = refused = 0
    for type_name, content in canonical.items():
        for f in schema.RECORD_TYPES[type_name].fields:
            for value in values:
                changed = {**content, f.name: value}
                try:
                    expected_ok = schema.normalize(type_name, changed) == changed
                except ValidationError:
                    expected_ok = False
                quick = _agrees(type_name, changed)
                vouched += quick
                refused += not expected_ok
                # the quick test may only pass on what normalize keeps as it is
                assert not quick or expected_ok, (type_name, f.name, value)
    assert vouched > 100 and refused > 1000  # both sides were exercised


def test_missing_extra_and_reordered_fields(canonical: dict[str, dict[str, Any]]) -> None:
    for type_name, content in canonical.items():
        for name in content:
            assert not schema.is_canonical(
                type_name, {k: v for k, v in content.items() if k != name}
            )
        assert not schema.is_canonical(type_name, {**content, "admin": True})
        assert schema.is_canonical(type_name, dict(reversed(list(content.items()))))
        assert not schema.is_canonical(type_name, list(content.items()))
        assert not schema.is_canonical("no_such_type", content)


def test_record_level_checks_still_apply(canonical: dict[str, dict[str, Any]]) -> None:
    link = {**canonical["company_site"], "period_start": "2025-01-01", "period_end": "2024-01-01"}
    assert not schema.is_canonical("company_site", link)
    site = {**canonical["site"], "longitude": None}
    assert not schema.is_canonical("site", site)
    hub = {**canonical["site"], "os_hub_id": "BD1234567ABCDEF"}  # another country's id
    assert not _agrees("site", hub)
    assert _agrees("site", {**canonical["site"], "os_hub_id": "CN1234567ABCDEF"})


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**41), max_value=2**41),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(HOSTILE[:40] + _choices()),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["text", "lang", "a"]), inner)
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    type_name=st.sampled_from(sorted(SAMPLES)),
    changes=st.lists(st.tuples(st.integers(min_value=0, max_value=30), _values), max_size=3),
)
def test_random_changes_never_vouched_for_wrongly(
    type_name: str, changes: list[tuple[int, Any]]
) -> None:
    content = schema.normalize(type_name, SAMPLES[type_name])
    names = list(content)
    for index, value in changes:
        content[names[index % len(names)]] = value
    _agrees(type_name, content)


def test_samples_cover_every_field_kind() -> None:
    kinds = {f.kind for t in SAMPLES for f in schema.RECORD_TYPES[t].fields}
    assert kinds == set(schema.FieldKind)
