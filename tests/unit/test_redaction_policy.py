"""The consent policy every exit path must follow (core.redaction)."""

from __future__ import annotations

import pytest

from aces_desktop.core import schema
from aces_desktop.core.ids import new_id
from aces_desktop.core.redaction import EXIT_PATHS, may_leave, redact


def note(scope: str) -> dict[str, object]:
    return schema.normalize(
        "worker_note",
        {
            "site_id": new_id(),
            "pseudonym": "Worker K-17",
            "consent_scope": scope,
            "gender": "female",
            "origin": "Hotan",
            "narrative": "Wages withheld for three months",
        },
    )


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("device", set()),
        ("coordinator", {"bundle"}),
        ("public_anonymised", {"bundle", "pdf", "register", "export"}),
    ],
)
def test_worker_notes_leave_only_within_their_scope(scope: str, allowed: set[str]) -> None:
    content = note(scope)
    assert {p for p in EXIT_PATHS if may_leave("worker_note", content, p)} == allowed
    for path in EXIT_PATHS:
        out = redact("worker_note", content, path)
        assert (out is not None) == (path in allowed)


def test_public_form_is_anonymised() -> None:
    out = redact("worker_note", note("public_anonymised"), "register")
    assert out is not None
    assert out["narrative"] == "Wages withheld for three months"
    assert "pseudonym" not in out and "gender" not in out and "origin" not in out
    whole = redact("worker_note", note("public_anonymised"), "bundle")
    assert whole is not None and whole["pseudonym"] == "Worker K-17"


def test_person_names_never_published_and_logs_carry_nothing() -> None:
    person = schema.normalize("person", {"name": "A. Rahman"})
    assert may_leave("person", person, "bundle")
    assert not any(may_leave("person", person, p) for p in ("pdf", "register", "export", "log"))
    site = schema.normalize("site", {"name": "Mill", "country": "IN", "disclosure": "full"})
    assert not may_leave("site", site, "log")
    assert redact("site", site, "register") == site
