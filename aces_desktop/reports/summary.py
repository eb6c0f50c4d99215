"""The first-page summary of a scorecard: the rating in one sentence, what changed since the
last stored rating, the most important findings and the recommended actions.

Everything is derived from the scoring result and the rubric, never written by hand:
an unknown criterion calls for evidence; a criterion below its highest level names what the
next level requires (the rubric's level description); a site's indicators graded 2 or 3
call for remediation and its unchecked indicators for a visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aces_desktop.reports.methodology import criterion_title
from aces_desktop.reports.scorecard_data import CriterionBlock, Scorecard

MAX_ITEMS = 4


@dataclass
class Summary:
    rating: str
    changes: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def _name(c: CriterionBlock | dict[str, Any]) -> str:
    if isinstance(c, dict):
        return criterion_title(str(c.get("id")), str(c.get("name") or c.get("id")))
    return criterion_title(c.id, c.name)


def _rating(card: Scorecard) -> str:
    r = card.result
    if card.kind == "site":
        level = r.get("risk_level")
        if level is None:
            return "Risk level unknown: too few indicators have been checked."
        return f"Risk level {level} of 4: {r.get('risk_label')} (confidence {r.get('confidence')})."
    if card.kind == "company":
        tier = r.get("tier")
        score = r.get("score")
        if not tier:
            return "No tier yet: too little evidence to rate this company."
        return f"{tier} tier, {score:g} of 100 (confidence {r.get('confidence')})."
    dims = r.get("dimensions") or []
    grades = ", ".join(f"{d.get('name')} {d.get('grade') or 'unknown'}" for d in dims)
    labels = [str(x.get("en")) for x in r.get("labels") or []]
    return f"Grades: {grades}." + (f" Earns the label '{labels[0]}'." if labels else "")


def _headline_value(kind: str, r: dict[str, Any]) -> str:
    if kind == "site":
        level = r.get("risk_level")
        return "unknown" if level is None else f"risk level {level}"
    if kind == "company":
        score = r.get("score")
        return f"{r.get('tier') or 'no tier'}" + (f" ({score:g})" if score is not None else "")
    return ", ".join(f"{d.get('id')} {d.get('grade') or '?'}" for d in r.get("dimensions") or [])


def _changes(card: Scorecard) -> list[str]:
    prev = card.previous
    if prev is None:
        return ["No earlier rating is stored: this is the first scorecard of this subject."]
    kind, now = card.kind, card.result
    before, after = _headline_value(kind, prev), _headline_value(kind, now)
    since = str(prev.get("as_of"))
    out = []
    if before != after:
        out.append(f"Rating changed from {before} (as of {since}) to {after}.")
    else:
        out.append(f"Rating unchanged since {since} ({after}).")
    old_levels = {str(c.get("id")): c.get("level") for c in prev.get("criteria") or []}
    moved = []
    for c in now.get("criteria") or []:
        cid = str(c.get("id"))
        if cid in old_levels and old_levels[cid] != c.get("level"):
            old = old_levels[cid]
            new = c.get("level")
            moved.append(
                f"{_name(c)}: level {'unknown' if old is None else old} → "
                f"{'unknown' if new is None else new}"
            )
    out += moved[: MAX_ITEMS - 1]
    if len(moved) > MAX_ITEMS - 1:
        out.append(f"{len(moved) - (MAX_ITEMS - 1)} more criteria changed level.")
    return out


def _findings(card: Scorecard) -> list[str]:
    r, out = card.result, []
    if card.kind == "site":
        worst = sorted(
            (c for c in card.criteria if (c.level or 0) >= 2),
            key=lambda c: (-(c.level or 0), c.id),
        )
        for c in worst[:MAX_ITEMS]:
            out.append(f"{_name(c)}: grade {c.level} ({c.level_text}).")
        if not worst:
            out.append("No indicator graded 2 or 3 (medium or strong).")
        return out
    for gate in r.get("gates") or []:
        if not gate.get("passed"):
            out.append(f"{str(gate.get('effect') or '').capitalize()}.")
    for tag in r.get("tags") or []:
        out.append(f"Tagged {tag.get('en')}.")
    known = [c for c in card.criteria if c.level is not None]
    strongest = [c for c in known if c.level == c.max_level]
    weakest = sorted((c for c in known if c.level is not None and c.level <= 1), key=_weight)
    for c in strongest[:2]:
        out.append(f"Strength: {_name(c)}, level {c.level} of {c.max_level} ({c.level_text}).")
    for c in weakest[:2]:
        out.append(f"Weakness: {_name(c)}, level {c.level} of {c.max_level} ({c.level_text}).")
    return out[:MAX_ITEMS]


def _weight(c: CriterionBlock) -> tuple[float, str]:
    return (-c.weight, c.id)


def _next_level(card: Scorecard, c: CriterionBlock) -> str:
    from aces_desktop.core.rubric import default_rubric

    if card.kind == "site":
        return ""
    try:
        crit = default_rubric().criteria.get(c.id)
    except Exception:  # a damaged rubric file must not stop a scorecard
        return ""
    if crit is None or c.level is None:
        return ""
    return crit.level_text(c.level + 1)


def _actions(card: Scorecard) -> list[str]:
    out: list[str] = []
    unknown = [c for c in card.criteria if c.level is None]
    if card.kind == "site":
        for c in sorted(
            (c for c in card.criteria if (c.level or 0) >= 2), key=lambda c: -(c.level or 0)
        )[:2]:
            out.append(f"Remediate {_name(c)} and verify the remediation on a visit.")
        if unknown:
            names = ", ".join(c.id for c in unknown[:6])
            more = f" and {len(unknown) - 6} more" if len(unknown) > 6 else ""
            out.append(f"Check the indicators not yet graded at the next visit: {names}{more}.")
        if not (card.result.get("site") or {}).get("offsite_interviews"):
            out.append("Interview workers off-site: it is needed for high confidence.")
        return out[:MAX_ITEMS]
    for c in sorted(unknown, key=_weight)[:2]:
        out.append(f"Gather evidence for {_name(c)}: no evidence counted yet.")
    below = sorted(
        (c for c in card.criteria if c.level is not None and c.level < c.max_level),
        key=lambda c: (-(c.max_level - (c.level or 0)) * c.weight, c.id),
    )
    for c in below:
        if len(out) >= MAX_ITEMS:
            break
        needed = _next_level(card, c)
        if needed:
            out.append(f"{_name(c)}: level {(c.level or 0) + 1} requires {needed}.")
    return out[:MAX_ITEMS]


def summarise(card: Scorecard) -> Summary:
    return Summary(
        rating=_rating(card),
        changes=_changes(card),
        findings=_findings(card),
        actions=_actions(card),
    )
