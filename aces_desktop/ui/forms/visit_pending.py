"""A worker note written during a visit, kept until the visit is saved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PendingNote:
    pseudonym: str
    consent_scope: str
    narrative: str

    def describe(self) -> str:
        first = self.narrative.splitlines()[0][:60] if self.narrative else ""
        return f"{self.pseudonym} ({self.consent_scope.replace('_', ' ')}) {first}".strip()
