"""Ratings for the register, from the scoring engine, in the register's own shape.

The scoring engine (``store.gather.score_workspace``) rates every subject as of the export
date; ``ratings_from_json`` maps its ``Result.to_json()`` documents (the shape of
``aces score --json``, docs/scoring.md) to what the register publishes:

- initiative: ``{"dimensions": {"T"|"S"|"A": {"score", "grade", "band": [low, high],
  "coverage", "status"}}, "label"}``
- company: ``{"score", "tier", "band", "coverage", "status", "tags"}``
- site: ``{"level", "label", "confidence", "indicators_checked", "indicators_total"}``

Nothing else of a result is published: criteria, evidence references, reasons and input
hashes stay in the workspace (and in the signed PDF scorecards).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aces_desktop.core.rubric import Rubric
    from aces_desktop.store.workspace import Workspace


@dataclass
class Ratings:
    """Ratings from the scoring engine, in the register's shape, keyed by record id."""

    rubric_version: str | None = None
    methodology: dict[str, Any] = field(default_factory=dict)  # core.scoring.methodology
    initiatives: dict[str, dict[str, Any]] = field(default_factory=dict)
    companies: dict[str, dict[str, Any]] = field(default_factory=dict)
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)


def _band(value: Mapping[str, Any] | None) -> list[float]:
    if not value:
        return [0.0, 100.0]
    return [float(value["low"]), float(value["high"])]


def _status(value: Any) -> str:
    return "rated" if value == "rated" else "insufficient_evidence"


def ratings_from_json(
    results: Iterable[Mapping[str, Any]], methodology: Mapping[str, Any]
) -> Ratings:
    """``methodology``: ``core.scoring.methodology.methodology_numbers`` of the rubric the
    results were computed with."""
    out = Ratings(methodology=dict(methodology))
    for r in results:
        out.rubric_version = out.rubric_version or r.get("rubric_version")
        kind, sid = r["kind"], r["subject_id"]
        if kind == "initiative":
            dims = {
                d["id"]: {
                    "score": d["score"],
                    "grade": d["grade"],
                    "band": _band(d["band"]),
                    "coverage": d["coverage"],
                    "status": _status(d["status"]),
                }
                for d in r.get("dimensions") or []
            }
            labels = [x.get("en") or x.get("id") for x in r.get("labels") or []]
            out.initiatives[sid] = {"dimensions": dims, "label": labels[0] if labels else None}
        elif kind == "company":
            resp = r.get("responses") or {}
            out.responses[sid] = {
                "requests_sent": int(resp.get("requests", 0)),
                "due": int(resp.get("due", 0)),
                "answered": int(resp.get("answered", 0)),
                "answered_in_time": int(resp.get("answered_in_time", 0)),
                "commitments_made": int(resp.get("with_commitments", 0)),
                "commitments_checked": int(resp.get("commitments_checked", 0)),
                "commitments_met": int(resp.get("commitments_met", 0)),
                "window_days": int(resp["window_days"]),
            }
            out.companies[sid] = {
                "score": r["score"],
                "tier": r["tier"],
                "band": _band(r.get("band")),
                "coverage": r["coverage"],
                "status": _status(r["status"]),
                "tags": [x.get("en") or x.get("id") for x in r.get("tags") or []],
            }
        elif kind == "site":
            site = r.get("site") or {}
            out.sites[sid] = {
                "level": r["risk_level"],
                "label": r.get("risk_label") or "unknown",
                "confidence": r.get("confidence"),
                "indicators_checked": site.get("indicators_checked"),
                "indicators_total": site.get("indicators_total"),
            }
    return out


def ratings_for(ws: Workspace, as_of: dt.date, rubric: Rubric | None = None) -> Ratings:
    from aces_desktop.core.rubric import default_rubric
    from aces_desktop.core.scoring.methodology import methodology_numbers
    from aces_desktop.store.gather import score_workspace

    rubric = rubric or default_rubric()
    results = score_workspace(ws, as_of=as_of, rubric=rubric)
    return ratings_from_json((r.to_json() for r in results), methodology_numbers(rubric))
