"""What the scoring engine returns. ``Result.to_json()`` is the stable JSON shape that
``aces score --json``, scorecards and the register read (documented in docs/scoring.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RESULT_FORMAT = 1


@dataclass
class EvidenceRef:
    """One piece of evidence considered for a criterion, and what it earned."""

    record_type: str  # evidence | membership | company_response | finding
    id: str
    source_type: str | None = None
    date: str | None = None
    kind: str | None = None
    url: str | None = None
    sha256: list[str] = field(default_factory=list)
    description: str | None = None
    claimed_level: int | None = None
    earned_level: int | None = None  # None: earns nothing (excluded)
    counted: bool = False  # this evidence earned the criterion's level
    stale: bool = False
    count: int = 1  # findings: how many findings this entry stands for
    related_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "id": self.id,
            "source_type": self.source_type,
            "date": self.date,
            "kind": self.kind,
            "url": self.url,
            "sha256": list(self.sha256),
            "description": self.description,
            "claimed_level": self.claimed_level,
            "earned_level": self.earned_level,
            "counted": self.counted,
            "stale": self.stale,
            "count": self.count,
            "related_ids": list(self.related_ids),
            "notes": list(self.notes),
        }


@dataclass
class CriterionResult:
    id: str
    name: str
    level: int | None  # None: unknown (no evidence)
    max_level: int
    weight: float = 1.0
    dimension: str | None = None
    level_text: str = ""
    stale: bool = False  # the level rests only on stale evidence
    best_rank: int = 0  # rank of the best source behind the level
    evidence: list[EvidenceRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def earned_by(self) -> list[str]:
        return [e.id for e in self.evidence if e.counted]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "dimension": self.dimension,
            "weight": self.weight,
            "status": "unknown" if self.level is None else "known",
            "level": self.level,
            "max_level": self.max_level,
            "level_text": self.level_text,
            "stale": self.stale,
            "earned_by": self.earned_by,
            "evidence": [e.to_json() for e in self.evidence],
            "notes": list(self.notes),
        }


@dataclass
class Band:
    low: float
    high: float

    def to_json(self) -> dict[str, float]:
        return {"low": self.low, "high": self.high}


@dataclass
class DimensionResult:
    id: str
    name: str
    status: str  # rated | insufficient_evidence
    score: float | None
    band: Band
    coverage: float
    grade: str | None
    confidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "score": self.score,
            "band": self.band.to_json(),
            "coverage": self.coverage,
            "grade": self.grade,
            "confidence": self.confidence,
        }


@dataclass
class GateResult:
    id: str
    passed: bool
    effect: str
    evidence: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "passed": self.passed,
            "effect": self.effect,
            "evidence": list(self.evidence),
        }


@dataclass
class Label:
    id: str
    en: str
    zh: str = ""

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en, "zh": self.zh}


@dataclass
class Result:
    kind: str  # initiative | company | site
    subject_id: str
    subject_name: str
    rubric_version: str
    as_of: str
    input_hash: str
    status: str  # rated | insufficient_evidence | unknown (sites)
    score: float | None = None
    band: Band | None = None
    coverage: float = 0.0
    grade: str | None = None
    tier: str | None = None
    risk_level: int | None = None
    risk_label: str | None = None
    confidence: str = "low"
    dimensions: list[DimensionResult] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    tags: list[Label] = field(default_factory=list)
    gates: list[GateResult] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    site: dict[str, Any] | None = None  # country, region, elements, other findings, remediation
    responses: dict[str, Any] | None = None  # companies: the response-log summary
    # the rubric's numbers that reports state (core.scoring.methodology.methodology_numbers)
    methodology: dict[str, Any] | None = None

    def criterion(self, criterion_id: str) -> CriterionResult:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def gate(self, gate_id: str) -> GateResult:
        for g in self.gates:
            if g.id == gate_id:
                return g
        raise KeyError(gate_id)

    @property
    def tag_ids(self) -> list[str]:
        return [t.id for t in self.tags]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "kind": self.kind,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "rubric_version": self.rubric_version,
            "as_of": self.as_of,
            "input_hash": self.input_hash,
            "status": self.status,
            "score": self.score,
            "band": self.band.to_json() if self.band else None,
            "coverage": self.coverage,
            "grade": self.grade,
            "tier": self.tier,
            "risk_level": self.risk_level,
            "risk_label": self.risk_label,
            "confidence": self.confidence,
            "dimensions": [d.to_json() for d in self.dimensions],
            "labels": [label.to_json() for label in self.labels],
            "tags": [t.to_json() for t in self.tags],
            "gates": [g.to_json() for g in self.gates],
            "criteria": [c.to_json() for c in self.criteria],
            "reasons": list(self.reasons),
            "site": self.site,
            "responses": self.responses,
            "methodology": self.methodology,
        }
